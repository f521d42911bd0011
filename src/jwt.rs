//! Reading a session token's claims. The browser never verifies the signature (ClerkJS does not
//! either; servers do, with the JWKS); it only needs `iat` and `exp` to cache and refresh tokens.

use crate::js;
#[allow(unused_imports)]
use crate::prelude::*;

/// The timing claims of a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Claims {
    pub iat: i64,
    pub exp: i64,
}

/// The claims of a compact JWT, or `None` if it is not one (or lacks `iat`/`exp`). The payload
/// is parsed by the browser's `JSON.parse`.
pub fn claims(jwt: &str) -> Option<Claims> {
    let mut parts = jwt.split('.');
    let (_, payload, _, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next());
    if rest.is_some() {
        return None;
    }
    let bytes = crate::base64::decode(payload, true)?;
    let payload = js::parse(core::str::from_utf8(&bytes).ok()?)?;
    Some(Claims { iat: js::number(&payload, "iat")? as i64, exp: js::number(&payload, "exp")? as i64 })
}

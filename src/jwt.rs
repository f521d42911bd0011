//! Reading a session token's claims. The browser never verifies the signature (ClerkJS does not
//! either; servers do, with the JWKS); it only needs `iat` and `exp` to cache and refresh tokens.

use serde::Deserialize;

/// The claims of a session token the SDK reads.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Claims {
    /// Issued at (Unix seconds).
    pub iat: i64,
    /// Expires at (Unix seconds).
    pub exp: i64,
    /// The session the token is for.
    #[serde(default)]
    pub sid: Option<String>,
}

/// The claims of a compact JWT, or `None` if it is not one (or lacks `iat`/`exp`). The payload
/// is parsed by the browser's `JSON.parse` and read with serde-wasm-bindgen.
pub fn claims(jwt: &str) -> Option<Claims> {
    let mut parts = jwt.split('.');
    let (_, payload, _, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next());
    if rest.is_some() {
        return None;
    }
    let bytes = crate::base64::decode(payload, true)?;
    let payload = crate::js::parse(std::str::from_utf8(&bytes).ok()?)?;
    serde_wasm_bindgen::from_value(payload).ok()
}

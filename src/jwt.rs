//! Reading a session token's claims. The browser never verifies the signature (ClerkJS does not
//! either; servers do, with the JWKS); it only needs `iat`/`exp` to cache and refresh tokens, and
//! `sid`/`sub` to know whose token it is.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Claims {
    pub iat: i64,
    pub exp: i64,
    #[serde(default)]
    pub sid: Option<String>,
    #[serde(default)]
    pub sub: Option<String>,
}

/// The claims of a compact JWT, or `None` if it is not one (or lacks `iat`/`exp`).
pub fn claims(jwt: &str) -> Option<Claims> {
    let mut parts = jwt.split('.');
    let (_, payload, _, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next());
    if rest.is_some() {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_fixture_token() {
        // The `last_active_token` of ../shared/fixtures/clerkjs-test-client.json.
        let jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6Imluc18yR0lvUWhiVXB5MGhYN0IyY1ZrdVRNaW5Yb0QiLCJ0eXAiOiJKV1QifQ.eyJhenAiOiJodHRwczovL2FjY291bnRzLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsImV4cCI6MTY2NjY0ODMxMCwiaWF0IjoxNjY2NjQ4MjUwLCJpc3MiOiJodHRwczovL2NsZXJrLmluc3BpcmVkLnB1bWEtNzQubGNsLmRldiIsIm5iZiI6MTY2NjY0ODI0MCwic2lkIjoic2Vzc18yR2JEQjRlbk5kQ2E1dlMxenBDM1h6Zzl0SzkiLCJzdWIiOiJ1c2VyXzJHSXBYT0VwVnlKdzUxcmtabjlLbW5jNlN4ciJ9.sig";
        let c = super::claims(jwt).unwrap();
        assert_eq!(c.exp - c.iat, 60);
        assert_eq!(c.sid.as_deref(), Some("sess_2GbDB4enNdCa5vS1zpC3Xzg9tK9"));
        assert!(super::claims("a.b").is_none());
        assert!(super::claims("a.e30.c").is_none(), "no iat/exp");
    }
}

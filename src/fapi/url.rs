//! Request URLs: `<base>/v1<path>?<params>`, with the query parameters in ClerkJS's order
//! (`core/fapiClient.ts`, PROTOCOL.md §3): the caller's own, `__clerk_api_version`,
//! `_clerk_js_version`, `_method` (for anything but GET and POST), `_clerk_session_id` (only
//! outside `/client` and `/waitlist`), then `__clerk_db_jwt` for dev browsers.

use super::form::encode_pairs;
use super::Method;

/// The Frontend API version these requests are written against (Clerk's OpenAPI spec 2026-05-12).
pub const API_VERSION: &str = "2026-05-12";

/// The ClerkJS release whose wire behaviour this SDK reproduces, sent as `_clerk_js_version`
/// because Frontend API servers adapt their answers to the ClerkJS version that calls them.
pub const CLERK_JS_COMPAT_VERSION: &str = "6.40.0";

/// Everything that goes into one URL.
pub struct UrlParts<'a> {
    pub base: &'a str,
    pub path: &'a str,
    pub method: Method,
    pub query: &'a [(String, String)],
    pub session_id: Option<&'a str>,
    pub dev_browser: Option<&'a str>,
}

pub fn build(p: &UrlParts) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for (k, v) in p.query {
        // ClerkJS's quirk: a value with commas becomes repeated keys.
        for part in v.split(',') {
            pairs.push((k, part));
        }
    }
    pairs.push(("__clerk_api_version", API_VERSION));
    pairs.push(("_clerk_js_version", CLERK_JS_COMPAT_VERSION));
    if let Some(m) = p.method.tunnelled() {
        pairs.push(("_method", m));
    }
    if let Some(sid) = p.session_id {
        if !(p.path.starts_with("/client") || p.path.starts_with("/waitlist")) {
            pairs.push(("_clerk_session_id", sid));
        }
    }
    if let Some(db) = p.dev_browser {
        if !p.query.iter().any(|(k, _)| k == "__clerk_db_jwt") {
            pairs.push(("__clerk_db_jwt", db));
        }
    }
    [p.base, "/v1", p.path, "?", &encode_pairs(pairs.into_iter())].concat()
}

/// `root/<id>` or `root/<id>/<action>`, with the id URL-encoded (ClerkJS's `Base.path`).
pub fn resource_path(root: &str, id: &str, action: Option<&str>) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = root.trim_end_matches('/').to_string();
    out.push('/');
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.!~*'()".contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
    if let Some(a) = action {
        out.push('/');
        out.push_str(a);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_session_rules() {
        let q = vec![("redirect_url".to_string(), "/a".to_string())];
        let url = build(&UrlParts {
            base: "http://127.0.0.1:4000",
            path: "/me",
            method: Method::Patch,
            query: &q,
            session_id: Some("sess_1"),
            dev_browser: Some("dvb_1"),
        });
        assert_eq!(
            url,
            "http://127.0.0.1:4000/v1/me?redirect_url=%2Fa&__clerk_api_version=2026-05-12&_clerk_js_version=6.40.0&_method=PATCH&_clerk_session_id=sess_1&__clerk_db_jwt=dvb_1"
        );
        let url = build(&UrlParts {
            base: "https://x.example/__clerk",
            path: "/client/sessions/sess_1/tokens",
            method: Method::Post,
            query: &[],
            session_id: Some("sess_1"),
            dev_browser: None,
        });
        assert_eq!(url, "https://x.example/__clerk/v1/client/sessions/sess_1/tokens?__clerk_api_version=2026-05-12&_clerk_js_version=6.40.0");
    }

    #[test]
    fn commas_split_and_paths() {
        let q = vec![("scope".to_string(), "a,b".to_string())];
        let url = build(&UrlParts { base: "b", path: "/x", method: Method::Get, query: &q, session_id: None, dev_browser: None });
        assert!(url.starts_with("b/v1/x?scope=a&scope=b&"));
        assert_eq!(resource_path("/me/email_addresses/", "idn_1", None), "/me/email_addresses/idn_1");
        assert_eq!(resource_path("/me/email_addresses", "a b/c", Some("prepare_verification")), "/me/email_addresses/a%20b%2Fc/prepare_verification");
    }
}

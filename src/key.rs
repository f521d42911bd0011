//! Publishable keys, and the Frontend API base URL they lead to.
//!
//! The rules are ClerkJS's (`packages/shared/src/keys.ts`, PROTOCOL.md §1): `pk_test_` or
//! `pk_live_`, exactly three `_`-separated parts, and a base64 body that decodes to a host ending
//! in one `$` and containing a dot. The base URL is `https://<host>` — except for loopback hosts,
//! where a local dev server speaks plain HTTP — or the `proxyUrl` when one is given.

/// `production` for `pk_live_` keys, `development` for `pk_test_` keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstanceType {
    Production,
    Development,
}

impl InstanceType {
    pub fn as_str(self) -> &'static str {
        match self {
            InstanceType::Production => "production",
            InstanceType::Development => "development",
        }
    }
}

/// A validated publishable key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishableKey {
    pub key: String,
    pub instance_type: InstanceType,
    /// The Frontend API host (with port, if any) the key encodes.
    pub frontend_api: String,
}

/// Why a key was refused (the text goes into the thrown error).
pub fn parse(key: &str) -> Result<PublishableKey, &'static str> {
    let instance_type = if key.starts_with("pk_live_") {
        InstanceType::Production
    } else if key.starts_with("pk_test_") {
        InstanceType::Development
    } else {
        return Err("it must start with pk_test_ or pk_live_");
    };
    let parts: Vec<&str> = key.split('_').collect();
    let [_, _, body] = parts.as_slice() else {
        return Err("it must have exactly three parts separated by _");
    };
    // Standard alphabet, padding optional, as `atob` accepts it.
    let decoded = crate::base64::decode(body, false).ok_or("its last part is not base64")?;
    let decoded = String::from_utf8(decoded).map_err(|_| "its last part does not decode to text")?;
    let Some(host) = decoded.strip_suffix('$') else {
        return Err("its last part does not decode to a host ending in $");
    };
    if host.contains('$') || !host.contains('.') || host.is_empty() {
        return Err("its last part does not decode to a Frontend API host");
    }
    Ok(PublishableKey { key: key.to_string(), instance_type, frontend_api: host.to_string() })
}

/// Whether a host (optionally with `:port`) is 127.0.0.0/8, `[::1]` or `localhost`.
pub fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next() == Some("::1");
    } else {
        host.rsplit_once(':').map(|(h, port)| if port.bytes().all(|b| b.is_ascii_digit()) { h } else { host }).unwrap_or(host)
    };
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let octets: Vec<&str> = name.split('.').collect();
    octets.len() == 4 && octets[0] == "127" && octets.iter().all(|o| !o.is_empty() && o.len() <= 3 && o.parse::<u8>().is_ok())
}

/// Hosts on which ClerkJS runs its dev-browser machinery (`__clerk_db_jwt`), from
/// `packages/shared/src/constants.ts`. The decision depends on the key's host, never on a proxy.
const DEV_BROWSER_SUFFIXES: &[&str] = &[
    ".lcl.dev",
    ".stg.dev",
    ".lclstage.dev",
    ".stgstage.dev",
    ".dev.lclclerk.com",
    ".stg.lclclerk.com",
    ".accounts.lclclerk.com",
    "accountsstage.dev",
    "accounts.dev",
];

pub fn uses_dev_browser(key: &PublishableKey) -> bool {
    key.instance_type == InstanceType::Development && DEV_BROWSER_SUFFIXES.iter().any(|s| key.frontend_api.ends_with(s))
}

/// The Frontend API base URL, without `/v1` and without a trailing slash.
///
/// `proxy_url` may be absolute (`http(s)://…`) or a path starting with `/`, which is resolved
/// against `page_origin` (the page's `location.origin`).
pub fn fapi_base(key: &PublishableKey, proxy_url: Option<&str>, page_origin: Option<&str>) -> Result<String, &'static str> {
    match proxy_url.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) if p.starts_with("http://") || p.starts_with("https://") => {
            let rest = p.strip_prefix("https://").or_else(|| p.strip_prefix("http://")).unwrap_or("");
            if rest.is_empty() || rest.starts_with('/') {
                return Err("proxyUrl has no host");
            }
            Ok(p.split(['?', '#']).next().unwrap_or(p).trim_end_matches('/').to_string())
        }
        Some(p) if p.starts_with('/') && !p.starts_with("//") => {
            let origin = page_origin.ok_or("a relative proxyUrl needs a page origin")?;
            Ok([origin, p.split(['?', '#']).next().unwrap_or(p).trim_end_matches('/')].concat())
        }
        Some(_) => Err("proxyUrl must be an absolute http(s) URL or a path starting with /"),
        None => {
            let scheme = if is_loopback_host(&key.frontend_api) { "http" } else { "https" };
            Ok([scheme, "://", &key.frontend_api].concat())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clerks_examples() {
        // PROTOCOL.md §1, checked against ClerkJS's keys.ts.
        assert!(parse("pk_test_bG9jYWxob3N0OjMwMDAk").is_err(), "localhost:3000 has no dot");
        let k = parse("pk_test_MTI3LjAuMC4xOjQwMDAk").unwrap();
        assert_eq!(k.frontend_api, "127.0.0.1:4000");
        assert_eq!(k.instance_type, InstanceType::Development);
        assert!(!uses_dev_browser(&k));
        let k = parse("pk_test_bG9jYWwuYWNjb3VudHMuZGV2JA").unwrap();
        assert_eq!(k.frontend_api, "local.accounts.dev");
        assert!(uses_dev_browser(&k));
        // Padded bodies are accepted too.
        assert_eq!(parse("pk_test_bG9jYWwuYWNjb3VudHMuZGV2JA==").unwrap().frontend_api, "local.accounts.dev");
    }

    #[test]
    fn refuses_bad_keys() {
        for bad in [
            "",
            "sk_test_MTI3LjAuMC4xOjQwMDAk",
            "pk_test",
            "pk_test_",
            "pk_test_not base64!",
            "pk_test_MTI3LjAuMC4xOjQwMDA", // no $
            "pk_test_YSRiLmMk",            // a$b.c$
            "pk_test_MTI3LjAuMC4xOjQwMDAk_extra",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be refused");
        }
        let live = parse("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k").unwrap();
        assert_eq!(live.instance_type, InstanceType::Production);
        assert_eq!(live.frontend_api, "clerk.example.com");
    }

    #[test]
    fn base_urls() {
        let local = parse("pk_test_MTI3LjAuMC4xOjQwMDAk").unwrap();
        assert_eq!(fapi_base(&local, None, None).unwrap(), "http://127.0.0.1:4000");
        let live = parse("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k").unwrap();
        assert_eq!(fapi_base(&live, None, None).unwrap(), "https://clerk.example.com");
        assert_eq!(fapi_base(&live, Some("http://localhost:4000/__clerk/"), None).unwrap(), "http://localhost:4000/__clerk");
        assert_eq!(fapi_base(&live, Some("http://127.0.0.1:4000"), None).unwrap(), "http://127.0.0.1:4000");
        assert_eq!(fapi_base(&live, Some("/__clerk"), Some("https://app.example")).unwrap(), "https://app.example/__clerk");
        assert!(fapi_base(&live, Some("javascript:alert(1)"), None).is_err());
        assert!(fapi_base(&live, Some("//evil.example"), Some("https://a")).is_err());
        assert!(fapi_base(&live, Some("/__clerk"), None).is_err());
    }

    #[test]
    fn loopback() {
        for h in ["127.0.0.1", "127.0.0.1:4000", "127.9.8.7:1", "localhost", "LOCALHOST:3000", "[::1]:4000", "[::1]"] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in ["128.0.0.1", "127.0.0.1.nip.io", "clerk.example.com", "[::2]:80", "127.0.0.256", "localhost.evil.com"] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }
}

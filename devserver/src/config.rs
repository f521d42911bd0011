//! The instance configuration: what a Clerk dashboard would hold for one development instance.
//!
//! Everything has a default, so the server runs with no file at all; `--config FILE` reads a TOML
//! file whose keys override those defaults one by one (a missing key keeps its default). This module
//! only parses and validates; the environment JSON that ClerkJS reads is built from it in
//! `wire::environment`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The OAuth providers the mock provider knows how to impersonate, with their display names.
pub const KNOWN_PROVIDERS: &[(&str, &str)] = &[
    ("google", "Google"),
    ("github", "GitHub"),
    ("notion", "Notion"),
    ("facebook", "Facebook"),
    ("discord", "Discord"),
    ("gitlab", "GitLab"),
    ("microsoft", "Microsoft"),
    ("apple", "Apple"),
    ("linkedin_oidc", "LinkedIn"),
    ("slack", "Slack"),
];

/// The instance settings. Field names are the TOML keys.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Shown in the sign-in component's title and in emails.
    pub application_name: String,
    /// Which identifiers users may have and sign in with.
    pub identifiers: Identifiers,
    /// `first_name` / `last_name` on sign-up: "off", "optional" or "required".
    pub names: String,
    /// OAuth providers enabled for sign-in and for connecting accounts (without the `oauth_` prefix).
    pub oauth_providers: Vec<String>,
    /// "public" (anyone may sign up) or "restricted" (only users created through the Backend API).
    pub sign_up_mode: String,
    /// Origins allowed to call the Frontend API with credentials, besides loopback ones.
    pub allowed_origins: Vec<String>,
    /// Whether any `http://` origin on a loopback host (127.0.0.0/8, localhost, [::1]) is allowed.
    pub allow_loopback_origins: bool,
    pub password: PasswordSettings,
    pub session: SessionSettings,
    /// Lets users delete themselves through `DELETE /v1/me` (ClerkJS's `user.delete()`).
    pub delete_self: bool,
    /// Failed password attempts before a user is locked, and for how long.
    pub lockout: Lockout,
    /// How long a client may take to send a request.
    pub timeouts: Timeouts,
    /// JWT templates by name (`[jwt_templates.NAME]`), for `POST /v1/client/sessions/{id}/tokens/{NAME}`.
    /// (Not serialized: the dashboard lists them on their own, without their signing keys.)
    #[serde(skip_serializing)]
    pub jwt_templates: BTreeMap<String, JwtTemplate>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Identifiers {
    pub email_address: bool,
    pub phone_number: bool,
    pub username: bool,
    pub web3_wallet: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PasswordSettings {
    pub enabled: bool,
    pub min_length: u32,
    pub max_length: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SessionSettings {
    /// Lifetime of a session token (the `__session` JWT), in seconds. Clerk's default is 60.
    pub token_lifetime_secs: i64,
    /// How long a session lives, in seconds (Clerk's default: 7 days).
    pub lifetime_secs: i64,
    /// Only one signed-in session per client (Clerk's default for new instances).
    pub single_session_mode: bool,
    /// A session with no activity (sign-in, touch, a token minted) for this many seconds is
    /// expired; 0: no inactivity timeout (Clerk's default).
    pub inactivity_timeout_secs: i64,
}

impl SessionSettings {
    /// The inactivity timeout in milliseconds; 0 when there is none.
    pub fn inactivity_ms(&self) -> i64 {
        self.inactivity_timeout_secs.max(0) * 1000
    }
}

/// The claims Clerk puts in every template token itself; a template may not set them.
pub const RESERVED_TEMPLATE_CLAIMS: &[&str] = &["azp", "exp", "iat", "iss", "jti", "nbf", "sub"];

/// A JWT template (`[jwt_templates.NAME]`), as Clerk's dashboard defines one.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct JwtTemplate {
    /// Seconds until the token expires (`exp = iat + lifetime_secs`). Clerk's default is 60.
    pub lifetime_secs: i64,
    /// Leeway for other servers' clocks (`nbf = iat - allowed_clock_skew_secs`). Clerk's default is 5.
    pub allowed_clock_skew_secs: i64,
    /// The template's claims; string values may hold shortcodes (`auth::templates`).
    pub claims: toml::Table,
    /// A shared secret: tokens are signed HS256 with it (Supabase, Hasura). Without it they are
    /// RS256 with the instance key, verifiable with the JWKS. Never serialized.
    #[serde(skip_serializing)]
    pub signing_key: Option<String>,
}

impl Default for JwtTemplate {
    fn default() -> Self {
        JwtTemplate { lifetime_secs: 60, allowed_clock_skew_secs: 5, claims: toml::Table::new(), signing_key: None }
    }
}

impl JwtTemplate {
    fn validate(&self, name: &str) -> Result<(), String> {
        let valid_name = !name.is_empty() && name.len() <= 64 && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if !valid_name {
            return Err(format!("jwt_templates: {name:?} is not a valid template name (1 to 64 letters, digits, '_' or '-')"));
        }
        if !(30..=315_360_000).contains(&self.lifetime_secs) {
            return Err(format!("jwt_templates.{name}.lifetime_secs must be between 30 and 315360000"));
        }
        if !(0..=300).contains(&self.allowed_clock_skew_secs) {
            return Err(format!("jwt_templates.{name}.allowed_clock_skew_secs must be between 0 and 300"));
        }
        if let Some(reserved) = self.claims.keys().find(|k| RESERVED_TEMPLATE_CLAIMS.contains(&k.as_str())) {
            return Err(format!(
                "jwt_templates.{name}.claims: {reserved:?} is a default claim Clerk sets itself ({}); a template may not set it",
                RESERVED_TEMPLATE_CLAIMS.join(", ")
            ));
        }
        if self.signing_key.as_deref().is_some_and(str::is_empty) {
            return Err(format!("jwt_templates.{name}.signing_key must not be empty (leave it out to sign with the instance key)"));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Lockout {
    pub max_attempts: u32,
    pub duration_secs: i64,
}

/// Slow clients must not hold connections (`lib::serve`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Timeouts {
    /// Seconds a connection may take to send a request's head (also when it sends nothing, or
    /// stays idle after an answer); then it is closed.
    pub header_read_secs: u64,
    /// Seconds a whole request may take, its body included; then Clerk's 504 `gateway_timeout`.
    pub request_secs: u64,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            application_name: "clerk-wasm dev".into(),
            identifiers: Identifiers::default(),
            names: "optional".into(),
            oauth_providers: ["google", "github", "notion", "facebook"].map(String::from).to_vec(),
            sign_up_mode: "public".into(),
            allowed_origins: Vec::new(),
            allow_loopback_origins: true,
            password: PasswordSettings::default(),
            session: SessionSettings::default(),
            delete_self: false,
            lockout: Lockout::default(),
            timeouts: Timeouts::default(),
            jwt_templates: BTreeMap::new(),
        }
    }
}

impl Default for Identifiers {
    fn default() -> Self {
        Identifiers { email_address: true, phone_number: true, username: true, web3_wallet: true }
    }
}

impl Default for PasswordSettings {
    fn default() -> Self {
        PasswordSettings { enabled: true, min_length: 8, max_length: 72 }
    }
}

impl Default for SessionSettings {
    fn default() -> Self {
        SessionSettings { token_lifetime_secs: 60, lifetime_secs: 7 * 24 * 3600, single_session_mode: true, inactivity_timeout_secs: 0 }
    }
}

impl Default for Lockout {
    fn default() -> Self {
        Lockout { max_attempts: 5, duration_secs: 15 * 60 }
    }
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { header_read_secs: 10, request_secs: 30 }
    }
}

impl Config {
    /// Reads and validates a TOML file.
    pub fn from_file(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Config::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses and validates TOML text.
    pub fn from_toml(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string())?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), String> {
        for p in &self.oauth_providers {
            if !KNOWN_PROVIDERS.iter().any(|(k, _)| k == p) {
                let known: Vec<_> = KNOWN_PROVIDERS.iter().map(|(k, _)| *k).collect();
                return Err(format!("unknown OAuth provider {p:?}; known: {}", known.join(", ")));
            }
        }
        if !matches!(self.sign_up_mode.as_str(), "public" | "restricted") {
            return Err(format!("sign_up_mode must be \"public\" or \"restricted\", not {:?}", self.sign_up_mode));
        }
        if !matches!(self.names.as_str(), "off" | "optional" | "required") {
            return Err(format!("names must be \"off\", \"optional\" or \"required\", not {:?}", self.names));
        }
        for o in &self.allowed_origins {
            let u = url::Url::parse(o).map_err(|_| format!("allowed_origins: {o:?} is not a URL"))?;
            if !matches!(u.scheme(), "http" | "https") || u.origin().ascii_serialization() != o.trim_end_matches('/') {
                return Err(format!("allowed_origins: {o:?} must be an http(s) origin like https://app.example.com"));
            }
        }
        let i = &self.identifiers;
        if !(i.email_address || i.phone_number || i.username || i.web3_wallet) {
            return Err("at least one identifier must be enabled".into());
        }
        if self.password.min_length < 1 || (self.password.max_length != 0 && self.password.max_length < self.password.min_length) {
            return Err("password.min_length must be at least 1 and not above max_length".into());
        }
        if self.session.token_lifetime_secs < 10 || self.session.lifetime_secs < 60 {
            return Err("session.token_lifetime_secs must be >= 10 and session.lifetime_secs >= 60".into());
        }
        if self.session.inactivity_timeout_secs < 0 {
            return Err("session.inactivity_timeout_secs must be 0 (off) or a positive number of seconds".into());
        }
        for (name, template) in &self.jwt_templates {
            template.validate(name)?;
        }
        if self.timeouts.header_read_secs < 1 || self.timeouts.request_secs < 1 {
            return Err("timeouts.header_read_secs and timeouts.request_secs must be at least 1".into());
        }
        Ok(())
    }

    /// The display name of an enabled provider, or `None` when it is not enabled.
    pub fn provider_name(&self, provider: &str) -> Option<&'static str> {
        if !self.oauth_providers.iter().any(|p| p == provider) {
            return None;
        }
        KNOWN_PROVIDERS.iter().find(|(k, _)| *k == provider).map(|(_, name)| *name)
    }

    /// Whether an `Origin` header value may call the Frontend API with credentials.
    pub fn origin_allowed(&self, origin: &str) -> bool {
        if self.allowed_origins.iter().any(|o| o.trim_end_matches('/') == origin) {
            return true;
        }
        self.allow_loopback_origins && is_loopback_http_origin(origin)
    }
}

/// True for `http://` origins whose host is 127.0.0.0/8, `localhost` or `[::1]`.
pub fn is_loopback_http_origin(origin: &str) -> bool {
    let Ok(u) = url::Url::parse(origin) else { return false };
    if u.scheme() != "http" || u.origin().ascii_serialization() != origin {
        return false;
    }
    match u.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid() {
        Config::default().validate().unwrap();
        assert_eq!(Config::default().oauth_providers, ["google", "github", "notion", "facebook"]);
    }

    #[test]
    fn the_example_file_states_the_defaults() {
        let example = Config::from_toml(include_str!("../clerk-dev.example.toml")).unwrap();
        assert_eq!(format!("{example:?}"), format!("{:?}", Config::default()));
    }

    #[test]
    fn toml_overrides_only_what_it_names() {
        let c = Config::from_toml("application_name = \"Acme\"\n[password]\nmin_length = 12\n").unwrap();
        assert_eq!(c.application_name, "Acme");
        assert_eq!(c.password.min_length, 12);
        assert!(c.password.enabled);
        assert!(c.identifiers.email_address);
    }

    #[test]
    fn toml_rejects_unknown_keys_and_bad_values() {
        assert!(Config::from_toml("aplication_name = \"typo\"").is_err());
        assert!(Config::from_toml("oauth_providers = [\"myspace\"]").is_err());
        assert!(Config::from_toml("sign_up_mode = \"waitlist\"").is_err());
        assert!(Config::from_toml("allowed_origins = [\"javascript:alert(1)\"]").is_err());
        assert!(Config::from_toml("[identifiers]\nemail_address = false\nphone_number = false\nusername = false\nweb3_wallet = false").is_err());
    }

    #[test]
    fn session_inactivity_timeout() {
        assert_eq!(Config::default().session.inactivity_timeout_secs, 0);
        let c = Config::from_toml("[session]\ninactivity_timeout_secs = 600").unwrap();
        assert_eq!(c.session.inactivity_ms(), 600_000);
        let e = Config::from_toml("[session]\ninactivity_timeout_secs = -1").unwrap_err();
        assert!(e.contains("inactivity_timeout_secs"), "{e}");
    }

    #[test]
    fn jwt_templates_are_read_and_checked() {
        let c = Config::from_toml("[jwt_templates.supabase]\nsigning_key = \"s3cret\"\n[jwt_templates.supabase.claims]\naud = \"authenticated\"\n[jwt_templates.supabase.claims.app]\nrole = \"{{user.public_metadata.role}}\"\n[jwt_templates.plain]\n").unwrap();
        let t = &c.jwt_templates["supabase"];
        assert_eq!((t.lifetime_secs, t.allowed_clock_skew_secs, t.signing_key.as_deref()), (60, 5, Some("s3cret")));
        assert_eq!(t.claims["app"]["role"].as_str(), Some("{{user.public_metadata.role}}"));
        assert!(c.jwt_templates["plain"].claims.is_empty());
        for (toml, needle) in [
            ("[jwt_templates.\"bad name\"]", "not a valid template name"),
            ("[jwt_templates.\"a/b\"]", "not a valid template name"),
            ("[jwt_templates.t.claims]\nsub = \"x\"", "\"sub\" is a default claim"),
            ("[jwt_templates.t.claims]\nexp = 1", "\"exp\" is a default claim"),
            ("[jwt_templates.t]\nlifetime_secs = 10", "lifetime_secs"),
            ("[jwt_templates.t]\nallowed_clock_skew_secs = -1", "allowed_clock_skew_secs"),
            ("[jwt_templates.t]\nsigning_key = \"\"", "signing_key"),
            ("[jwt_templates.t]\nlifetime = 60", "unknown field"),
        ] {
            let e = Config::from_toml(toml).unwrap_err();
            assert!(e.contains(needle), "{toml}: {e}");
        }
    }

    #[test]
    fn loopback_origins() {
        assert!(is_loopback_http_origin("http://127.0.0.1:8000"));
        assert!(is_loopback_http_origin("http://127.8.9.1"));
        assert!(is_loopback_http_origin("http://localhost:3000"));
        assert!(is_loopback_http_origin("http://[::1]:3000"));
        assert!(!is_loopback_http_origin("https://127.0.0.1:8000"));
        assert!(!is_loopback_http_origin("http://evil.example"));
        assert!(!is_loopback_http_origin("http://127.0.0.1.evil.example"));
        assert!(!is_loopback_http_origin("http://127.0.0.1:8000/path"));
        assert!(!is_loopback_http_origin("null"));
        let c = Config { allowed_origins: vec!["https://app.example.com".into()], ..Config::default() };
        assert!(c.origin_allowed("https://app.example.com"));
        assert!(!c.origin_allowed("https://other.example.com"));
    }
}

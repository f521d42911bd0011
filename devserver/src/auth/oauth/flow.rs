//! What every OAuth round trip shares: the providers and their default scopes, the checks on
//! the `redirect_url` the browser will be sent back to, the start of a round trip (`begin`: an
//! unverified verification whose `external_verification_redirect_url` is the mock provider's
//! authorize URL, and the single-use `state` bound to the client that asked), the identity the
//! consent page proposes (`proposed`), and the end of a round trip (`settle`: the verification's
//! final status and error).

use crate::auth::identity::{self, Identity};
use crate::caller::Caller;
use crate::config::KNOWN_PROVIDERS;
use crate::db::oauth::{self as oauth_rows, StateRow};
use crate::db::users::{self, IdentRow, Kind};
use crate::db::verifications::{self, VerificationRow};
use crate::error::AppError;
use crate::form::Params;
use crate::ids;
use crate::limits;
use crate::state::AppState;
use crate::status::VerificationStatus;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use rusqlite::Transaction;
use sha2::{Digest, Sha256};

/// How long a round trip (its state, and the verification it will settle) lives.
pub const FLOW_LIFETIME_MS: i64 = 10 * 60 * 1000;
/// How long an authorization code may wait for its exchange.
pub const CODE_LIFETIME_MS: i64 = 60 * 1000;
/// Length of states and codes: 43 base62 characters, about 256 bits.
const SECRET_LEN: usize = 43;
/// Most scopes one request may add.
const MAX_ADDITIONAL_SCOPES: usize = 32;

/// An enabled OAuth provider.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Provider {
    /// `google`, `notion`, … (the strategy without `oauth_`).
    pub key: &'static str,
    /// `Google`, `Notion`, …
    pub name: &'static str,
}

impl Provider {
    pub fn strategy(&self) -> String {
        format!("oauth_{}", self.key)
    }

    /// The scopes the mock provider always asks for (loosely those Clerk's real connections
    /// ask for; Notion has no scopes, so the mock names its two capabilities).
    pub fn default_scopes(&self) -> &'static [&'static str] {
        match self.key {
            "google" => &["openid", "https://www.googleapis.com/auth/userinfo.email", "https://www.googleapis.com/auth/userinfo.profile"],
            "github" => &["user:email", "read:user"],
            "notion" => &["read_content", "read_user_with_email"],
            "facebook" => &["email", "public_profile"],
            "discord" => &["identify", "email"],
            "gitlab" => &["read_user"],
            "apple" => &["email", "name"],
            _ => &["openid", "profile", "email"],
        }
    }
}

/// The enabled provider `key`, if any.
pub fn enabled_provider(st: &AppState, key: &str) -> Option<Provider> {
    let name = st.config.provider_name(key)?;
    KNOWN_PROVIDERS.iter().find(|(k, _)| *k == key).map(|(k, _)| Provider { key: k, name })
}

/// The provider of an `oauth_<provider>` strategy: one Clerk does not know is an invalid value,
/// one this instance has not enabled is `oauth_provider_not_enabled`.
pub fn provider_of_strategy(st: &AppState, strategy: &str) -> Result<Provider, AppError> {
    let known = strategy.strip_prefix("oauth_").and_then(|k| KNOWN_PROVIDERS.iter().find(|(p, _)| *p == k));
    let Some((key, name)) = known else {
        return Err(AppError::param_value_invalid("strategy", format!("{strategy} is not an OAuth strategy this instance knows.")));
    };
    enabled_provider(st, key).ok_or_else(|| AppError::oauth_provider_not_enabled(name))
}

/// Whether a scope is an RFC 6749 scope-token: printable ASCII but space, `"` and `\`.
fn valid_scope(s: &str) -> bool {
    !s.is_empty() && s.len() <= 256 && s.bytes().all(|b| b == 0x21 || (0x23..=0x5B).contains(&b) || (0x5D..=0x7E).contains(&b))
}

/// The `additional_scope` values of a request (repeated keys; a value may also hold several
/// scopes separated by spaces or commas).
pub fn additional_scopes(params: &Params) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for value in params.all("additional_scope") {
        for scope in value.split([' ', ',']).filter(|s| !s.is_empty()) {
            if !valid_scope(scope) {
                return Err(AppError::param_format_invalid(
                    "additional_scope",
                    format!("{scope:?} is not a valid OAuth scope: scopes are printable ASCII without spaces, quotes or backslashes."),
                ));
            }
            if !out.iter().any(|s| s == scope) {
                out.push(scope.to_string());
            }
        }
    }
    if out.len() > MAX_ADDITIONAL_SCOPES {
        return Err(AppError::param_format_invalid(
            "additional_scope",
            format!("At most {MAX_ADDITIONAL_SCOPES} additional scopes may be asked for."),
        ));
    }
    Ok(out)
}

/// The provider's default scopes, then `more` (already approved ones, additional ones), each once.
pub fn scopes_with(provider: &Provider, more: &[String]) -> Vec<String> {
    let mut out: Vec<String> = provider.default_scopes().iter().map(|s| s.to_string()).collect();
    for s in more {
        if !out.contains(s) {
            out.push(s.clone());
        }
    }
    out
}

/// Checks where the browser may be sent after the round trip, and makes it absolute: a relative
/// URL resolves against the request's `Origin`; the result must be http(s), carry no
/// credentials, and be on this server's own origin or an allowed one (`Config::origin_allowed`).
/// Anything else is refused now, so that it is never followed.
pub fn redirect_target(st: &AppState, param: &str, raw: &str, origin: Option<&str>) -> Result<String, AppError> {
    let raw = raw.trim();
    limits::url(param, raw)?;
    if raw.chars().any(char::is_control) {
        return Err(AppError::invalid_redirect_url(param, "it contains control characters."));
    }
    let url = match url::Url::parse(raw) {
        Ok(u) => u,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let base = origin
                .filter(|o| *o == st.frontend_api_url || st.config.origin_allowed(o))
                .and_then(|o| url::Url::parse(o).ok())
                .ok_or_else(|| AppError::invalid_redirect_url(param, "a relative URL needs the Origin of an allowed page to resolve against."))?;
            base.join(raw).map_err(|_| AppError::invalid_redirect_url(param, "it is not a URL."))?
        }
        Err(_) => return Err(AppError::invalid_redirect_url(param, "it is not a URL.")),
    };
    if !matches!(url.scheme(), "http" | "https") {
        return Err(AppError::invalid_redirect_url(param, "only http and https URLs are allowed."));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(AppError::invalid_redirect_url(param, "it must not contain credentials."));
    }
    let target = url.origin().ascii_serialization();
    if target != st.frontend_api_url && !st.config.origin_allowed(&target) {
        return Err(AppError::invalid_redirect_url(
            param,
            &format!("{target} is not an allowed origin of this instance (add it to allowed_origins)."),
        ));
    }
    Ok(url.to_string())
}

/// The mock provider's client id for this instance.
pub fn client_id(st: &AppState, provider: &str) -> String {
    format!("{provider}-{}", st.instance_id)
}

/// This instance's OAuth callback, the only `redirect_uri` the mock provider accepts.
pub fn callback_url(st: &AppState) -> String {
    format!("{}/v1/oauth_callback", st.frontend_api_url)
}

/// The authorize URL the browser is sent to.
pub fn authorize_url(st: &AppState, provider: &str, scopes: &str, state: &str) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("response_type", "code")
        .append_pair("client_id", &client_id(st, provider))
        .append_pair("redirect_uri", &callback_url(st))
        .append_pair("scope", scopes)
        .append_pair("state", state)
        .finish();
    format!("{}/dev/oauth/{provider}/authorize?{query}", st.frontend_api_url)
}

/// SHA-256 of an authorization code, the form the database keeps.
pub fn code_hash(code: &str) -> String {
    B64URL.encode(Sha256::digest(code.as_bytes()))
}

/// A new state or code.
pub fn new_secret() -> String {
    ids::secret(SECRET_LEN)
}

/// What a round trip verifies.
pub struct Begin {
    /// `connect`, `sign_in` or `sign_up`.
    pub purpose: &'static str,
    /// The external account, sign-in or sign-up.
    pub target_id: String,
    /// The verification to (re)create.
    pub verification_id: String,
    /// The user connecting an account.
    pub user_id: Option<String>,
    pub scopes: Vec<String>,
    /// Where the browser goes after the callback (already checked by `redirect_target`).
    pub redirect_url: String,
}

/// Starts a round trip for `client_id`: stores the unverified verification (its
/// `external_verification_redirect_url` is the authorize URL) and the state.
pub fn begin(tx: &Transaction, st: &AppState, caller: &Caller, client_id: &str, provider: &Provider, b: Begin) -> Result<VerificationRow, AppError> {
    let now = st.now();
    let state = new_secret();
    let scopes = b.scopes.join(" ");
    let v = VerificationRow {
        id: b.verification_id,
        status: VerificationStatus::Unverified,
        strategy: provider.strategy(),
        attempts: None,
        expire_at: Some(now + FLOW_LIFETIME_MS),
        redirect_url: Some(authorize_url(st, provider.key, &scopes, &state)),
        created_at: now,
        updated_at: now,
        ..VerificationRow::default()
    };
    verifications::put(tx, &v)?;
    oauth_rows::insert_state(
        tx,
        &StateRow {
            state,
            provider: provider.key.to_string(),
            client_id: client_id.to_string(),
            dev_browser_id: caller.dev_browser.clone(),
            purpose: b.purpose.to_string(),
            target_id: b.target_id,
            verification_id: v.id.clone(),
            user_id: b.user_id,
            scopes,
            redirect_url: b.redirect_url,
            expire_at: now + FLOW_LIFETIME_MS,
            decided_at: None,
            used_at: None,
            created_at: now,
        },
    )?;
    Ok(v)
}

/// Ends a verification: its status (`verified`, `transferable`, `failed`, `expired`), the error
/// Clerk shows with it, and the client it was verified at. The provider URL is dropped: its
/// state is spent.
pub fn settle(
    tx: &Transaction,
    st: &AppState,
    verification_id: &str,
    status: VerificationStatus,
    error: Option<AppError>,
    client_id: Option<&str>,
) -> Result<VerificationRow, AppError> {
    let mut v = verifications::get(tx, verification_id)?.ok_or_else(|| AppError::internal(format!("verification {verification_id} is gone")))?;
    v.status = status;
    v.error = error.and_then(|e| e.errors.first().and_then(|entry| serde_json::to_value(entry).ok()));
    v.redirect_url = None;
    v.verified_at_client = client_id.map(str::to_string);
    v.updated_at = st.now();
    verifications::put(tx, &v)?;
    Ok(v)
}

const FIRST_NAMES: &[&str] = &["Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances", "Ken", "Radia", "Niklaus"];
const LAST_NAMES: &[&str] = &["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen", "Thompson", "Perlman", "Wirth"];

/// The identity the consent page shows first: for a reauthorization, the account's; for a
/// connection, one derived from the user (their primary email and names; the same every time);
/// for a sign-in or sign-up, a fresh person derived from the state.
pub fn proposed(tx: &Transaction, st: &AppState, provider: &Provider, state: &StateRow) -> Result<Identity, AppError> {
    let scopes = state.scopes.clone();
    if state.purpose == "connect" {
        if let Some(a) = oauth_rows::get_account(tx, &state.target_id)? {
            if let (Some(id), Some(email)) = (&a.provider_user_id, &a.email_address) {
                return Ok(Identity {
                    provider: provider.key.into(),
                    provider_user_id: id.clone(),
                    email_address: email.clone(),
                    first_name: a.first_name.clone(),
                    last_name: a.last_name.clone(),
                    scopes,
                });
            }
        }
        if let Some(user) = state.user_id.as_deref().map(|u| users::get(tx, u)).transpose()?.flatten() {
            let emails: Vec<IdentRow> = users::identifications(tx, &user.id)?.into_iter().filter(|i| i.kind == Kind::EmailAddress).collect();
            let email = emails
                .iter()
                .find(|i| user.primary_email_address_id.as_deref() == Some(i.id.as_str()))
                .or(emails.first())
                .map(|i| i.value.clone())
                .unwrap_or_else(|| format!("{}@{}.example.com", user.id.to_ascii_lowercase(), provider.key.replace('_', "-")));
            return Ok(Identity {
                provider: provider.key.into(),
                provider_user_id: identity::provider_user_id(provider.key, &format!("{}:{}:{}", st.instance_id, provider.key, user.id)),
                email_address: email,
                first_name: Some(user.first_name.clone().unwrap_or_else(|| "Mock".into())),
                last_name: Some(user.last_name.clone().unwrap_or_else(|| "User".into())),
                scopes,
            });
        }
    }
    let h = Sha256::digest(format!("person:{}", state.state).as_bytes());
    let first = FIRST_NAMES[h[0] as usize % FIRST_NAMES.len()];
    let last = LAST_NAMES[h[1] as usize % LAST_NAMES.len()];
    let tag: String = h[2..5].iter().map(|b| format!("{b:02x}")).collect();
    Ok(Identity {
        provider: provider.key.into(),
        provider_user_id: identity::provider_user_id(provider.key, &state.state),
        email_address: format!("{}.{}.{tag}@example.com", first.to_ascii_lowercase(), last.to_ascii_lowercase()),
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        scopes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_tokens() {
        assert!(valid_scope("read:org"));
        assert!(valid_scope("https://www.googleapis.com/auth/drive.file"));
        for bad in ["", "a b", "a\"b", "a\\b", "é", "a\nb"] {
            assert!(!valid_scope(bad), "{bad:?}");
        }
        let p = Params::parse(b"additional_scope=repo&additional_scope=read%3Aorg+gist&additional_scope=repo").unwrap();
        assert_eq!(additional_scopes(&p).unwrap(), ["repo", "read:org", "gist"]);
        let bad = Params::parse(b"additional_scope=%22x%22").unwrap();
        assert_eq!(additional_scopes(&bad).unwrap_err().code(), "form_param_format_invalid");
    }

    #[test]
    fn every_known_provider_has_a_from_oauth_strategy() {
        for (key, _) in KNOWN_PROVIDERS {
            assert_eq!(crate::auth::identity::from_oauth(key), format!("from_oauth_{key}"));
        }
    }
}

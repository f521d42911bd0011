//! Provider identities and the external accounts that hold them: who already owns an approved
//! identity (`owner`), how one becomes a user's verified external account (`settle_account`,
//! `connect_verified`), linked to the user's email address, and the verification an identity
//! stands for (`from_oauth_<provider>`). Sign-ups (a user made from an identity) and the OAuth
//! round trips (`auth::oauth`) both build on this; it depends on neither.

use crate::db::oauth::{self as oauth_rows, CodeRow, ExternalAccountRow, IdentityRow};
use crate::db::users::{self, IdentRow, Kind};
use crate::db::verifications::{self, VerificationRow};
use crate::error::AppError;
use crate::state::AppState;
use crate::status::VerificationStatus;
use rusqlite::Transaction;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// What the provider says about the person who approved.
#[derive(Debug, Clone, PartialEq)]
pub struct Identity {
    pub provider: String,
    pub provider_user_id: String,
    pub email_address: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// Space-separated scopes granted.
    pub scopes: String,
}

impl Identity {
    pub fn from_code(provider: &str, c: &CodeRow) -> Identity {
        Identity {
            provider: provider.to_string(),
            provider_user_id: c.provider_user_id.clone(),
            email_address: c.email_address.clone(),
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            scopes: c.scopes.clone(),
        }
    }

    pub fn from_row(r: &IdentityRow) -> Identity {
        Identity {
            provider: r.provider.clone(),
            provider_user_id: r.provider_user_id.clone(),
            email_address: r.email_address.clone(),
            first_name: r.first_name.clone(),
            last_name: r.last_name.clone(),
            scopes: r.approved_scopes.clone(),
        }
    }

    /// Keeps this identity as what `verification_id` proved.
    pub fn save_for(&self, tx: &Transaction, st: &AppState, verification_id: &str) -> Result<(), AppError> {
        oauth_rows::put_identity(
            tx,
            &IdentityRow {
                verification_id: verification_id.to_string(),
                provider: self.provider.clone(),
                provider_user_id: self.provider_user_id.clone(),
                email_address: self.email_address.clone(),
                first_name: self.first_name.clone(),
                last_name: self.last_name.clone(),
                approved_scopes: self.scopes.clone(),
                created_at: st.now(),
            },
        )
    }
}

/// Who already holds an identity.
#[derive(Debug)]
pub enum Owner {
    Nobody,
    /// A verified external account has this provider identity.
    Account(Box<ExternalAccountRow>),
    /// A user holds its email address (`verified` or not).
    Email {
        ident: IdentRow,
        verified: bool,
    },
}

impl Owner {
    pub fn user_id(&self) -> Option<&str> {
        match self {
            Owner::Nobody => None,
            Owner::Account(a) => Some(&a.user_id),
            Owner::Email { ident, .. } => Some(&ident.user_id),
        }
    }
}

/// The owner of an identity: the account holding the provider identity, else the user holding
/// its email address.
pub fn owner(tx: &Transaction, identity: &Identity) -> Result<Owner, AppError> {
    if let Some(a) = oauth_rows::account_by_identity(tx, &identity.provider, &identity.provider_user_id)? {
        return Ok(Owner::Account(Box::new(a)));
    }
    if let Some(ident) = users::find_identification(tx, Kind::EmailAddress, &identity.email_address)? {
        let verified = crate::accounts::is_verified(tx, &ident)?;
        return Ok(Owner::Email { ident, verified });
    }
    Ok(Owner::Nobody)
}

/// A new, unverified external account of `user_id` whose verification is `verification_id`.
pub fn new_account(st: &AppState, user_id: &str, provider: &str, verification_id: &str) -> ExternalAccountRow {
    let now = st.now();
    ExternalAccountRow {
        id: st.ids.new_id("eac"),
        user_id: user_id.to_string(),
        provider: provider.to_string(),
        identification_id: st.ids.new_id("idn"),
        verification_id: verification_id.to_string(),
        provider_user_id: None,
        email_address: None,
        first_name: None,
        last_name: None,
        image_url: None,
        username: None,
        approved_scopes: String::new(),
        email_identification_id: None,
        public_metadata: Value::Object(Map::new()),
        label: None,
        created_at: now,
        updated_at: now,
    }
}

/// Gives an account of the user its approved identity: the identity's fields, and the user's
/// email address it names — verified by the provider when the user holds it unverified, added
/// (and made primary if the user has none) when the user does not hold it. The caller has
/// checked that nobody else owns the identity. The account's verification is left to the caller.
pub fn settle_account(tx: &Transaction, st: &AppState, account: &mut ExternalAccountRow, identity: &Identity) -> Result<(), AppError> {
    let now = st.now();
    let strategy = from_oauth(&identity.provider);
    let email = match users::find_identification(tx, Kind::EmailAddress, &identity.email_address)? {
        Some(ident) if ident.user_id == account.user_id => {
            if !crate::accounts::is_verified(tx, &ident)? {
                let vid = ident.verification_id.clone().unwrap_or_else(|| st.ids.new_id("ver"));
                let mut v = verifications::get(tx, &vid)?.unwrap_or_default();
                v.id = vid;
                v.status = VerificationStatus::Verified;
                v.strategy = strategy.into();
                v.code_hash = None;
                v.error = None;
                v.created_at = if v.created_at == 0 { now } else { v.created_at };
                v.updated_at = now;
                verifications::put(tx, &v)?;
            }
            ident
        }
        Some(_) => return Err(AppError::oauth_identification_claimed()),
        None => crate::accounts::add_verified_identification(tx, st, &account.user_id, Kind::EmailAddress, &identity.email_address, strategy)?,
    };
    let mut user = users::must_get(tx, &account.user_id)?;
    if user.primary_email_address_id.is_none() {
        user.primary_email_address_id = Some(email.id.clone());
        user.updated_at = now;
        users::update(tx, &user)?;
    }
    account.provider_user_id = Some(identity.provider_user_id.clone());
    account.email_address = Some(identity.email_address.clone());
    account.first_name = identity.first_name.clone();
    account.last_name = identity.last_name.clone();
    account.image_url = Some(avatar(st, identity));
    account.approved_scopes = identity.scopes.clone();
    account.email_identification_id = Some(email.id);
    account.updated_at = now;
    oauth_rows::put_account(tx, account)
}

/// A verified external account for `user_id` from an identity nobody else owns (an account
/// linked at an OAuth sign-in by its email address, or made by an OAuth sign-up).
pub fn connect_verified(
    tx: &Transaction,
    st: &AppState,
    user_id: &str,
    identity: &Identity,
    client_id: &str,
) -> Result<ExternalAccountRow, AppError> {
    let v = verified_now(tx, st, &format!("oauth_{}", identity.provider), client_id)?;
    let mut account = new_account(st, user_id, &identity.provider, &v.id);
    settle_account(tx, st, &mut account, identity)?;
    Ok(account)
}

/// Whether `user_id` has a verified account of `provider` other than `except`.
pub fn has_other_verified(tx: &Transaction, user_id: &str, provider: &str, except: Option<&str>) -> Result<bool, AppError> {
    for a in oauth_rows::accounts_of_user(tx, user_id)? {
        if a.provider == provider && Some(a.id.as_str()) != except && a.provider_user_id.is_some() {
            if let Some(v) = verifications::get(tx, &a.verification_id)? {
                if v.status == VerificationStatus::Verified {
                    return Ok(true);
                }
            }
        }
    }
    Ok(false)
}

/// The identity's picture: the dev server's initials avatar.
fn avatar(st: &AppState, identity: &Identity) -> String {
    let initial = |s: &Option<String>| s.as_deref().and_then(|s| s.chars().find(|c| c.is_alphanumeric()));
    let mut initials: String = [initial(&identity.first_name), initial(&identity.last_name)].into_iter().flatten().collect();
    if initials.is_empty() {
        initials = identity.email_address.chars().take(1).collect();
    }
    let encoded: String = url::form_urlencoded::byte_serialize(initials.to_uppercase().as_bytes()).collect();
    format!("{}/dev/avatar?initials={encoded}", st.frontend_api_url)
}

// ---- what the consent page proposes ---------------------------------------------------------

/// A provider user id in the provider's usual shape, derived from `seed`.
pub fn provider_user_id(provider: &str, seed: &str) -> String {
    let h = Sha256::digest(seed.as_bytes());
    let n = u128::from_be_bytes(h[..16].try_into().unwrap_or([0; 16]));
    match provider {
        "notion" => {
            let hex: String = h[..16].iter().map(|b| format!("{b:02x}")).collect();
            format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
        }
        "github" | "gitlab" => (10_000_000 + n % 90_000_000).to_string(),
        "google" => format!("1{:020}", n % 100_000_000_000_000_000_000),
        _ => format!("{:018}", n % 1_000_000_000_000_000_000),
    }
}

/// How long a verification settled at once (`verified_now`) shows as valid: as long as an OAuth
/// round trip lives.
const SETTLED_LIFETIME_MS: i64 = 10 * 60 * 1000;

/// `from_oauth_<provider>` for a known provider (static, as `accounts::NewUser` wants it).
pub fn from_oauth(key: &str) -> &'static str {
    match key {
        "google" => "from_oauth_google",
        "github" => "from_oauth_github",
        "notion" => "from_oauth_notion",
        "facebook" => "from_oauth_facebook",
        "discord" => "from_oauth_discord",
        "gitlab" => "from_oauth_gitlab",
        "microsoft" => "from_oauth_microsoft",
        "apple" => "from_oauth_apple",
        "linkedin_oidc" => "from_oauth_linkedin_oidc",
        "slack" => "from_oauth_slack",
        _ => "from_oauth",
    }
}

/// A verification that is already settled when it is made (a transfer, an account linked at
/// sign-in): `verified`, by `strategy`, at `client_id`.
pub fn verified_now(tx: &Transaction, st: &AppState, strategy: &str, client_id: &str) -> Result<VerificationRow, AppError> {
    let now = st.now();
    let v = VerificationRow {
        id: st.ids.new_id("ver"),
        status: VerificationStatus::Verified,
        strategy: strategy.to_string(),
        attempts: None,
        expire_at: Some(now + SETTLED_LIFETIME_MS),
        verified_at_client: Some(client_id.to_string()),
        created_at: now,
        updated_at: now,
        ..VerificationRow::default()
    };
    verifications::put(tx, &v)?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::provider_user_id;

    #[test]
    fn provider_user_ids_look_like_the_providers_and_are_stable() {
        assert_eq!(provider_user_id("google", "a"), provider_user_id("google", "a"));
        assert_ne!(provider_user_id("google", "a"), provider_user_id("google", "b"));
        assert_eq!(provider_user_id("google", "a").len(), 21);
        assert_eq!(provider_user_id("github", "a").len(), 8);
        let notion = provider_user_id("notion", "a");
        assert_eq!(notion.len(), 36);
        assert_eq!(notion.matches('-').count(), 4);
        assert!(provider_user_id("facebook", "a").bytes().all(|b| b.is_ascii_digit()));
    }
}

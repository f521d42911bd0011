//! The JSON the dev server sends: Clerk's FAPI objects (client, session, user, identifications,
//! verifications, sign-in) and the Backend API's user, built from database rows.
//!
//! Field names and shapes follow Clerk's OpenAPI spec (`Client.Client`, `Client.Session`,
//! `Client.User`, …) so ClerkJS and our SDK read them unchanged. The one rule that matters most
//! for security lives here: a user rendered for the Frontend API never carries
//! `private_metadata` (`user_fapi` has no such key; only `user_bapi` does).

pub mod environment;
pub mod external_account;
mod session_activity;
mod sign_in;
mod sign_up;

use crate::db::clients::{self, ClientRow, SessionRow};
use crate::db::sign_ups;
use crate::db::users::{self, IdentRow, Kind, UserRow};
use crate::db::verifications::{self, VerificationRow};
use crate::error::AppError;
use crate::jwt::SessionClaims;
use crate::state::AppState;
use crate::status::{SessionStatus, VerificationStatus};
use rusqlite::Transaction;
use serde_json::{json, Map, Value};

/// Rendering context: the state (for keys and config), the page origin that asked (the
/// session token's `azp`), and the time.
pub struct Render<'a> {
    pub st: &'a AppState,
    pub origin: Option<&'a str>,
    pub now: i64,
}

impl<'a> Render<'a> {
    pub fn new(st: &'a AppState, origin: Option<&'a str>) -> Render<'a> {
        Render { st, origin, now: st.now() }
    }

    /// An uploaded image (OpenAPI `Image`): `{object: "image", id, name, public_url}`.
    pub fn image(&self, i: &crate::db::images::ImageRow) -> Value {
        json!({"object": "image", "id": i.id, "name": i.name, "public_url": image_url(&self.st.frontend_api_url, &i.id)})
    }

    /// The client object, with its signed-in sessions and its current sign-in and sign-up attempts.
    pub fn client(&self, tx: &Transaction, c: &ClientRow) -> Result<Value, AppError> {
        let mut sessions = Vec::new();
        let mut last_active = None;
        for s in clients::sessions_of_client(tx, &c.id)? {
            if s.is_active_at(self.now, self.st.inactivity_ms()) {
                if c.last_active_session_id.as_deref() == Some(s.id.as_str()) {
                    last_active = Some(s.id.clone());
                }
                sessions.push(self.session(tx, &s)?);
            }
        }
        let sign_in = match &c.sign_in_id {
            Some(id) => clients::get_sign_in(tx, id)?.map(|s| self.sign_in(tx, &s)).transpose()?,
            None => None,
        };
        let sign_up = match &c.sign_up_id {
            Some(id) => sign_ups::get(tx, id)?.map(|s| self.sign_up(tx, &s)).transpose()?,
            None => None,
        };
        Ok(json!({
            "object": "client",
            "id": c.id,
            "sessions": sessions,
            "sign_in": sign_in,
            "sign_up": sign_up,
            // Only a session the client still lists (an expired one is dropped from both).
            "last_active_session_id": last_active,
            "last_authentication_strategy": Value::Null,
            // null keeps ClerkJS out of its `/v1/client/touch` redirect dance (PROTOCOL.md §5).
            "cookie_expires_at": Value::Null,
            "captcha_bypass": false,
            "created_at": c.created_at,
            "updated_at": c.updated_at,
        }))
    }

    /// The client of `client_id` (`null` when it no longer exists).
    pub fn client_by_id(&self, tx: &Transaction, client_id: &str) -> Result<Value, AppError> {
        Ok(match clients::get_client(tx, client_id)? {
            Some(c) => self.client(tx, &c)?,
            None => Value::Null,
        })
    }

    /// A session with its user and, while it is active, a fresh `last_active_token`.
    pub fn session(&self, tx: &Transaction, s: &SessionRow) -> Result<Value, AppError> {
        let user = users::must_get(tx, &s.user_id)?;
        let idents = users::identifications(tx, &user.id)?;
        let status = s.status_at(self.now, self.st.inactivity_ms());
        let token = if status == SessionStatus::Active { json!({"object": "token", "jwt": self.session_token(s)}) } else { Value::Null };
        Ok(json!({
            "object": "session",
            "id": s.id,
            "status": status,
            "expire_at": s.expires_at(self.st.inactivity_ms()),
            "abandon_at": s.abandon_at,
            "last_active_at": s.last_active_at,
            "last_active_organization_id": s.last_active_organization_id,
            "last_active_token": token,
            "actor": Value::Null,
            "tasks": Value::Null,
            "factor_verification_age": factor_ages(s, self.now),
            "user": self.user_fapi_with(tx, &user, &idents)?,
            "public_user_data": public_user_data(&self.st.frontend_api_url, &user, &idents),
            "created_at": s.created_at,
            "updated_at": s.updated_at,
        }))
    }

    /// A signed session token (RS256) for an active session.
    pub fn session_token(&self, s: &SessionRow) -> String {
        let st = self.st;
        let jti = crate::ids::secret(20);
        let claims = SessionClaims {
            issuer: &st.frontend_api_url,
            authorized_party: self.origin,
            user_id: &s.user_id,
            session_id: &s.id,
            issued_at_ms: self.now,
            lifetime_secs: st.config.session.token_lifetime_secs,
            factor_ages: factor_ages(s, self.now),
            token_id: &jti,
        };
        st.keys.sign(&claims.to_json())
    }

    /// The user as the Frontend API shows it: everything but `private_metadata`.
    pub fn user_fapi(&self, tx: &Transaction, u: &UserRow) -> Result<Value, AppError> {
        let idents = users::identifications(tx, &u.id)?;
        self.user_fapi_with(tx, u, &idents)
    }

    fn user_fapi_with(&self, tx: &Transaction, u: &UserRow, idents: &[IdentRow]) -> Result<Value, AppError> {
        let mut v = self.user_common(tx, u, idents)?;
        if let Some(m) = v.as_object_mut() {
            m.insert("delete_self_enabled".into(), Value::Bool(self.st.config.delete_self));
            m.insert("create_organization_enabled".into(), Value::Bool(false));
            m.insert("create_organizations_limit".into(), Value::Null);
        }
        Ok(v)
    }

    /// The user as the Backend API shows it: with `private_metadata`.
    pub fn user_bapi(&self, tx: &Transaction, u: &UserRow) -> Result<Value, AppError> {
        let idents = users::identifications(tx, &u.id)?;
        let mut v = self.user_common(tx, u, &idents)?;
        if let Some(m) = v.as_object_mut() {
            m.insert("private_metadata".into(), u.private_metadata.clone());
            m.insert("delete_self_enabled".into(), Value::Bool(self.st.config.delete_self));
            m.insert("create_organization_enabled".into(), Value::Bool(false));
        }
        Ok(v)
    }

    fn user_common(&self, tx: &Transaction, u: &UserRow, idents: &[IdentRow]) -> Result<Value, AppError> {
        let mut emails = Vec::new();
        let mut phones = Vec::new();
        let mut wallets = Vec::new();
        let mut two_factor = false;
        for i in idents {
            let verification = self.ident_verification(tx, i)?;
            if i.kind == Kind::PhoneNumber
                && i.reserved_for_second_factor
                && verification.as_ref().is_some_and(|v| v.status == VerificationStatus::Verified)
            {
                two_factor = true;
            }
            let json = identification_with(i, verification.as_ref(), self.now);
            match i.kind {
                Kind::EmailAddress => emails.push(json),
                Kind::PhoneNumber => phones.push(json),
                Kind::Web3Wallet => wallets.push(json),
            }
        }
        let locked = u.locked_until.is_some_and(|t| t > self.now);
        let lock_secs = u.locked_until.filter(|_| locked).map(|t| (t - self.now + 999) / 1000);
        let attempts_left = (self.st.config.lockout.max_attempts as i64 - u.failed_password_attempts).max(0);
        Ok(json!({
            "object": "user",
            "id": u.id,
            "external_id": u.external_id,
            "username": u.username,
            "first_name": u.first_name,
            "last_name": u.last_name,
            "image_url": avatar_url(&self.st.frontend_api_url, u),
            "profile_image_url": avatar_url(&self.st.frontend_api_url, u),
            "has_image": u.image_id.is_some(),
            "primary_email_address_id": u.primary_email_address_id,
            "primary_phone_number_id": u.primary_phone_number_id,
            "primary_web3_wallet_id": u.primary_web3_wallet_id,
            "password_enabled": u.password_hash.is_some(),
            "two_factor_enabled": two_factor,
            "totp_enabled": false,
            "backup_code_enabled": false,
            "email_addresses": emails,
            "phone_numbers": phones,
            "web3_wallets": wallets,
            "passkeys": [],
            "external_accounts": self.external_accounts(tx, &u.id)?,
            "saml_accounts": [],
            "enterprise_accounts": [],
            "organization_memberships": [],
            "public_metadata": u.public_metadata,
            "unsafe_metadata": u.unsafe_metadata,
            "last_sign_in_at": u.last_sign_in_at,
            "banned": u.banned,
            "locked": locked,
            "lockout_expires_in_seconds": lock_secs,
            "verification_attempts_remaining": attempts_left,
            "last_active_at": u.last_active_at,
            "mfa_enabled_at": Value::Null,
            "mfa_disabled_at": Value::Null,
            "legal_accepted_at": Value::Null,
            "created_at": u.created_at,
            "updated_at": u.updated_at,
        }))
    }

    fn ident_verification(&self, tx: &Transaction, i: &IdentRow) -> Result<Option<VerificationRow>, AppError> {
        match &i.verification_id {
            Some(id) => verifications::get(tx, id),
            None => Ok(None),
        }
    }

    /// An email address, phone number or web3 wallet with its verification.
    pub fn identification(&self, tx: &Transaction, i: &IdentRow) -> Result<Value, AppError> {
        Ok(identification_with(i, self.ident_verification(tx, i)?.as_ref(), self.now))
    }
}

/// The identifiers users can sign in with, as `supported_identifiers` lists them.
pub fn supported_identifiers(st: &AppState) -> Vec<&'static str> {
    let i = &st.config.identifiers;
    let mut out = Vec::new();
    if i.email_address {
        out.push("email_address");
    }
    if i.phone_number {
        out.push("phone_number");
    }
    if i.username {
        out.push("username");
    }
    if i.web3_wallet {
        out.push("web3_wallet");
    }
    out
}

/// Minutes since each factor was verified; -1 for a factor never verified in this session.
fn factor_ages(s: &SessionRow, now: i64) -> [i64; 2] {
    let age = |t: Option<i64>| t.map(|t| ((now - t).max(0)) / 60_000).unwrap_or(-1);
    [age(s.first_factor_at), age(s.second_factor_at)]
}

fn identification_with(i: &IdentRow, v: Option<&VerificationRow>, now: i64) -> Value {
    let verification = v.map(|v| verification_at(v, now));
    let mut m = Map::new();
    m.insert("object".into(), json!(i.kind.as_str()));
    m.insert("id".into(), json!(i.id));
    m.insert(i.kind.as_str().into(), json!(i.value));
    match i.kind {
        Kind::EmailAddress => {
            m.insert("reserved".into(), json!(false));
            m.insert("linked_to".into(), json!([]));
            m.insert("matches_sso_connection".into(), json!(false));
        }
        Kind::PhoneNumber => {
            m.insert("reserved".into(), json!(false));
            m.insert("reserved_for_second_factor".into(), json!(i.reserved_for_second_factor));
            m.insert("default_second_factor".into(), json!(i.default_second_factor));
            m.insert("linked_to".into(), json!([]));
            m.insert("backup_codes".into(), Value::Null);
        }
        Kind::Web3Wallet => {}
    }
    m.insert("verification".into(), verification.unwrap_or(Value::Null));
    m.insert("created_at".into(), json!(i.created_at));
    m.insert("updated_at".into(), json!(i.updated_at));
    Value::Object(m)
}

/// Clerk's verification object.
pub fn verification(v: &VerificationRow) -> Value {
    let mut m = Map::new();
    m.insert("status".into(), json!(v.status));
    m.insert("strategy".into(), json!(v.strategy));
    m.insert("attempts".into(), json!(v.attempts));
    m.insert("expire_at".into(), json!(v.expire_at));
    m.insert("error".into(), v.error.clone().unwrap_or(Value::Null));
    m.insert("verified_at_client".into(), json!(v.verified_at_client));
    if let Some(n) = &v.nonce {
        m.insert("nonce".into(), json!(n));
    }
    if let Some(msg) = &v.message {
        m.insert("message".into(), json!(msg));
    }
    Value::Object(m)
}

/// Clerk's verification object as of `now`: a code verification past its expiry shows
/// `expired` (the row keeps `unverified`, so reading never writes).
pub fn verification_at(v: &VerificationRow, now: i64) -> Value {
    let mut json = verification(v);
    if let Some(m) = json.as_object_mut() {
        m.insert("status".into(), json!(crate::codes::status_at(v, now)));
    }
    json
}

/// `public_user_data` of a session: what may be shown about the user on a shared device.
fn public_user_data(base: &str, u: &UserRow, idents: &[IdentRow]) -> Value {
    json!({
        "first_name": u.first_name,
        "last_name": u.last_name,
        "image_url": avatar_url(base, u),
        "profile_image_url": avatar_url(base, u),
        "has_image": u.image_id.is_some(),
        "identifier": primary_identifier(u, idents),
        "user_id": u.id,
        "username": u.username,
    })
}

/// The identifier shown for a user: primary email, else primary phone, else username, else wallet.
pub fn primary_identifier(u: &UserRow, idents: &[IdentRow]) -> Option<String> {
    let by_id = |id: &Option<String>| id.as_ref().and_then(|id| idents.iter().find(|i| &i.id == id)).map(|i| i.value.clone());
    by_id(&u.primary_email_address_id)
        .or_else(|| by_id(&u.primary_phone_number_id))
        .or_else(|| u.username.clone())
        .or_else(|| by_id(&u.primary_web3_wallet_id))
}

/// Where an uploaded image is served (`/dev/images/{id}`).
pub fn image_url(base: &str, id: &str) -> String {
    format!("{base}/dev/images/{id}")
}

/// The user's avatar: their profile image when they uploaded one, else an SVG of their initials
/// served by the dev server (`/dev/avatar`).
pub fn avatar_url(base: &str, u: &UserRow) -> String {
    if let Some(id) = &u.image_id {
        return image_url(base, id);
    }
    let initial = |s: &Option<String>| s.as_deref().and_then(|s| s.chars().next()).filter(|c| c.is_alphanumeric());
    let mut initials: String = [initial(&u.first_name), initial(&u.last_name)].into_iter().flatten().collect();
    if initials.is_empty() {
        initials = initial(&u.username).map(String::from).unwrap_or_default();
    }
    let encoded: String = url::form_urlencoded::byte_serialize(initials.to_uppercase().as_bytes()).collect();
    format!("{base}/dev/avatar?initials={encoded}")
}

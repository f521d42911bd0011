//! The rules of "The User object": what a valid identifier and password are, that identifiers
//! are unique across the instance, which identification becomes primary — and the one way a
//! user comes into existence (`create_user`), shared by the Backend API, sign-up and the demo seed.
//! Also the account rules of signing in and up: which user an identifier names, password checks
//! and the lockout they feed, and what a sign-up must supply before it becomes a user.

use crate::db::users::{self, IdentRow, Kind, UserRow};
use crate::db::verifications::{self, VerificationRow};
use crate::error::AppError;
use crate::limits;
use crate::password::Checked;
use crate::state::AppState;
use crate::status::VerificationStatus;
use rusqlite::Transaction;
use serde_json::{Map, Value};

/// Checks an email address's shape: `local@domain.tld`, no spaces, sane lengths.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else { return false };
    let label_ok = |l: &str| {
        !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && !l.ends_with('-') && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    email.len() <= 254
        && !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local.bytes().all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&b))
        && domain.contains('.')
        && domain.split('.').all(label_ok)
        && domain.rsplit('.').next().is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// An email address parameter, trimmed and checked.
pub fn email_param(param: &str, raw: &str) -> Result<String, AppError> {
    let email = raw.trim();
    if !valid_email(email) {
        return Err(AppError::param_format_invalid(param, format!("{param} must be a valid email address.")));
    }
    Ok(email.to_string())
}

/// A phone number in E.164 (`+` and 7–15 digits, the first not 0). Spaces, dashes, dots and
/// parentheses are dropped; digits without a leading `+` are taken as `+<digits>` (Clerk's own
/// example passes `15551234567`).
pub fn phone_param(param: &str, raw: &str) -> Result<String, AppError> {
    let compact: String = raw.trim().chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
    let digits = compact.strip_prefix('+').unwrap_or(&compact);
    let ok = (7..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0');
    if !ok {
        return Err(AppError::param_format_invalid(
            param,
            format!("{param} must be a valid phone number according to E.164 international standard."),
        ));
    }
    Ok(format!("+{digits}"))
}

/// A username: 4–64 of letters, digits, `_` and `-`, not only digits. Control characters are
/// refused first, as in names (`limits::no_control_chars`).
pub fn username_param(raw: &str) -> Result<String, AppError> {
    let u = raw.trim();
    limits::no_control_chars("username", u)?;
    let len = u.chars().count();
    if !(4..=64).contains(&len) {
        return Err(
            AppError::new(422, "form_username_invalid_length", "is invalid", "Usernames must be between 4 and 64 characters long.").param("username")
        );
    }
    if !u.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-') {
        return Err(AppError::new(
            422,
            "form_username_invalid_character",
            "is invalid",
            "Usernames can only contain letters, numbers, underscores and dashes.",
        )
        .param("username"));
    }
    if u.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AppError::new(
            422,
            "form_username_needs_non_number_char",
            "is invalid",
            "Usernames must contain at least one character that is not a number.",
        )
        .param("username"));
    }
    Ok(u.to_string())
}

/// A Web3 wallet address as given (trimmed): `0x` + 40 hex digits, EIP-55 if mixed case
/// (`web3::valid_address`).
pub fn web3_wallet_param(param: &str, raw: &str) -> Result<String, AppError> {
    let a = raw.trim();
    if crate::web3::valid_address(a) {
        Ok(a.to_string())
    } else {
        Err(AppError::param_format_invalid(param, format!("{param} must be a valid web3 wallet address.")))
    }
}

/// Applies the instance's password rules.
pub fn check_password(st: &AppState, pw: &str) -> Result<(), AppError> {
    let s = &st.config.password;
    let len = pw.chars().count() as u32;
    if len < s.min_length {
        return Err(AppError::password_too_short(s.min_length));
    }
    if s.max_length != 0 && len > s.max_length {
        return Err(AppError::password_too_long(s.max_length));
    }
    Ok(())
}

/// Refuses a value some user already holds.
pub fn ensure_unique(tx: &Transaction, kind: Kind, value: &str) -> Result<(), AppError> {
    if users::find_identification(tx, kind, value)?.is_some() {
        return Err(AppError::identifier_exists(kind.as_str()));
    }
    Ok(())
}

/// Deep-merges `patch` into `target`: objects merge key by key, `null` deletes a key, anything
/// else replaces. This is how Clerk applies metadata updates.
pub fn merge_metadata(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else if v.is_object() && t.get(k).is_some_and(Value::is_object) {
                    if let Some(existing) = t.get_mut(k) {
                        merge_metadata(existing, v);
                    }
                } else {
                    t.insert(k.clone(), v.clone());
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

/// A metadata parameter: absent, or a JSON object (its size is checked where it is stored:
/// `limits::metadata`).
pub fn metadata_param(param: &str, v: Option<&Value>) -> Result<Option<Value>, AppError> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(obj @ Value::Object(_)) => Ok(Some(obj.clone())),
        Some(_) => Err(AppError::param_format_invalid(param, format!("{param} must be a JSON object."))),
    }
}

/// What a new user starts with. Identifiers must already be validated and normalised.
#[derive(Debug, Default)]
pub struct NewUser {
    pub external_id: Option<String>,
    pub email_addresses: Vec<String>,
    pub phone_numbers: Vec<String>,
    /// Web3 wallet addresses (a wallet sign-up's).
    pub web3_wallets: Vec<String>,
    pub username: Option<String>,
    /// The password, already hashed (`password::hash_off_lock`, never inside a transaction).
    pub password_hash: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub public_metadata: Option<Value>,
    pub private_metadata: Option<Value>,
    pub unsafe_metadata: Option<Value>,
    /// How the identifications were verified (`admin` for the Backend API, `email_code` for sign-up).
    pub verified_by: &'static str,
}

/// Creates a user whose identifications are all verified; the first email and the first phone
/// become primary. Fails, writing nothing, when any identifier is taken.
pub fn create_user(tx: &Transaction, st: &AppState, new: NewUser) -> Result<UserRow, AppError> {
    let now = st.now();
    if let Some(ext) = &new.external_id {
        if users::by_external_id(tx, ext)?.is_some() {
            return Err(AppError::identifier_exists("external_id"));
        }
    }
    if let Some(u) = &new.username {
        if users::by_username(tx, u)?.is_some() {
            return Err(AppError::identifier_exists("username"));
        }
    }
    let mut seen: Vec<(Kind, String)> = Vec::new();
    for (kind, list) in [(Kind::EmailAddress, &new.email_addresses), (Kind::PhoneNumber, &new.phone_numbers), (Kind::Web3Wallet, &new.web3_wallets)] {
        for v in list {
            ensure_unique(tx, kind, v)?;
            if seen.iter().any(|(k, s)| *k == kind && kind.key(s) == kind.key(v)) {
                return Err(AppError::new(422, "form_param_duplicate", "is duplicate", format!("{v} is given more than once.")).param(kind.as_str()));
            }
            seen.push((kind, v.clone()));
        }
    }
    let mut user = UserRow {
        id: st.ids.new_id("user"),
        external_id: new.external_id,
        username: new.username,
        first_name: new.first_name,
        last_name: new.last_name,
        password_hash: new.password_hash,
        public_metadata: new.public_metadata.unwrap_or_else(|| Value::Object(Map::new())),
        private_metadata: new.private_metadata.unwrap_or_else(|| Value::Object(Map::new())),
        unsafe_metadata: new.unsafe_metadata.unwrap_or_else(|| Value::Object(Map::new())),
        primary_email_address_id: None,
        primary_phone_number_id: None,
        primary_web3_wallet_id: None,
        failed_password_attempts: 0,
        locked_until: None,
        last_sign_in_at: None,
        last_active_at: None,
        created_at: now,
        updated_at: now,
        image_id: None,
        banned: false,
    };
    users::insert(tx, &user)?;
    for (kind, value) in seen {
        let ident = add_verified_identification(tx, st, &user.id, kind, &value, new.verified_by)?;
        let slot = match kind {
            Kind::EmailAddress => &mut user.primary_email_address_id,
            Kind::PhoneNumber => &mut user.primary_phone_number_id,
            Kind::Web3Wallet => &mut user.primary_web3_wallet_id,
        };
        if slot.is_none() {
            *slot = Some(ident.id);
        }
    }
    users::update(tx, &user)?;
    Ok(user)
}

/// Adds an already-verified identification to a user.
pub fn add_verified_identification(
    tx: &Transaction,
    st: &AppState,
    user_id: &str,
    kind: Kind,
    value: &str,
    strategy: &str,
) -> Result<IdentRow, AppError> {
    let now = st.now();
    let v = VerificationRow {
        id: st.ids.new_id("ver"),
        status: VerificationStatus::Verified,
        strategy: strategy.into(),
        attempts: Some(0),
        created_at: now,
        updated_at: now,
        ..VerificationRow::default()
    };
    verifications::put(tx, &v)?;
    let ident = IdentRow {
        id: st.ids.new_id("idn"),
        user_id: user_id.to_string(),
        kind,
        value: value.to_string(),
        verification_id: Some(v.id),
        reserved_for_second_factor: false,
        default_second_factor: false,
        created_at: now,
        updated_at: now,
    };
    users::insert_identification(tx, &ident)?;
    Ok(ident)
}

// ---- signing in ------------------------------------------------------------------------------

/// The user a sign-in identifier names, and how.
#[derive(Debug, Clone)]
pub struct Identified {
    pub user: UserRow,
    /// The email address or phone number the identifier matched; `None` for a username.
    pub identification: Option<IdentRow>,
    /// The identifier as the sign-in echoes it: trimmed, phone numbers in E.164.
    pub identifier: String,
}

/// Whether an identification's verification is `verified`.
pub fn is_verified(tx: &Transaction, i: &IdentRow) -> Result<bool, AppError> {
    Ok(match &i.verification_id {
        Some(id) => verifications::get(tx, id)?.is_some_and(|v| v.status == VerificationStatus::Verified),
        None => false,
    })
}

/// Finds the user a sign-in identifier names: an email address (any case) or a phone number
/// (normalised like `phone_param`) or a Web3 wallet address (any case) the user holds *verified*,
/// or a username, among the identifiers this instance enables.
pub fn find_by_identifier(tx: &Transaction, st: &AppState, raw: &str) -> Result<Option<Identified>, AppError> {
    let enabled = &st.config.identifiers;
    let raw = raw.trim();
    let by_identification = |kind: Kind, value: &str| -> Result<Option<Identified>, AppError> {
        match users::find_identification(tx, kind, value)? {
            Some(i) if is_verified(tx, &i)? => {
                let user = users::must_get(tx, &i.user_id)?;
                Ok(Some(Identified { user, identification: Some(i), identifier: value.to_string() }))
            }
            _ => Ok(None),
        }
    };
    if raw.contains('@') {
        return if enabled.email_address { by_identification(Kind::EmailAddress, raw) } else { Ok(None) };
    }
    if enabled.phone_number {
        if let Ok(phone) = phone_param("identifier", raw) {
            if let Some(found) = by_identification(Kind::PhoneNumber, &phone)? {
                return Ok(Some(found));
            }
        }
    }
    if enabled.web3_wallet && crate::web3::valid_address(raw) {
        // A wallet address, in any case (ClerkJS sends it as the wallet gives it, EIP-55).
        return by_identification(Kind::Web3Wallet, raw);
    }
    if enabled.username && !raw.is_empty() {
        if let Some(user) = users::by_username(tx, raw)? {
            return Ok(Some(Identified { user, identification: None, identifier: raw.to_string() }));
        }
    }
    Ok(None)
}

/// Seconds until a locked user may try again (rounded up), or `None` when not locked.
pub fn lockout_remaining_secs(user: &UserRow, now: i64) -> Option<i64> {
    user.locked_until.filter(|t| *t > now).map(|t| (t - now + 999) / 1000)
}

/// A banned user (`banUser`) may not sign in: Clerk's `user_banned` (403).
pub fn ensure_not_banned(user: &UserRow) -> Result<(), AppError> {
    if user.banned {
        return Err(AppError::user_banned());
    }
    Ok(())
}

/// What every sign-in step asks of its user: not banned (`user_banned`), then not locked
/// (`user_locked`).
pub fn ensure_may_sign_in(user: &UserRow, now: i64) -> Result<(), AppError> {
    ensure_not_banned(user)?;
    ensure_not_locked(user, now)
}

/// Refuses every sign-in step of a locked user with `user_locked`.
pub fn ensure_not_locked(user: &UserRow, now: i64) -> Result<(), AppError> {
    match lockout_remaining_secs(user, now) {
        Some(secs) => Err(AppError::user_locked(secs)),
        None => Ok(()),
    }
}

/// The stored hash a sign-in password is checked against (off the lock, `password::check`).
pub fn sign_in_password_hash(user: &UserRow) -> Result<String, AppError> {
    user.password_hash.clone().ok_or_else(AppError::no_password_set)
}

/// Acts on a sign-in password checked off the lock. A wrong one counts as a failed attempt — the
/// user is locked for `lockout.duration_secs` once the count reaches `lockout.max_attempts` (0
/// never locks) — and is answered as `Ok(Err(form_password_incorrect))`, so the caller can commit
/// the count and still refuse (`Db::tx_keeping_refusal`). A right one clears the count. A check
/// against a hash the user no longer has (the password changed meanwhile) proves nothing: it is
/// refused as incorrect, and not counted.
pub fn check_sign_in_password(tx: &Transaction, st: &AppState, user: &mut UserRow, checked: &Checked) -> Result<Result<(), AppError>, AppError> {
    let now = st.now();
    if user.password_hash.is_none() {
        return Err(AppError::no_password_set());
    }
    if !checked.is_about(user.password_hash.as_deref()) {
        return Ok(Err(AppError::password_incorrect()));
    }
    if checked.matches {
        clear_password_failures(tx, user)?;
        return Ok(Ok(()));
    }
    if user.locked_until.is_some_and(|t| t <= now) {
        // The previous lockout is over: counting starts again.
        user.failed_password_attempts = 0;
        user.locked_until = None;
    }
    user.failed_password_attempts += 1;
    let max = st.config.lockout.max_attempts as i64;
    if max > 0 && user.failed_password_attempts >= max {
        user.locked_until = Some(now + st.config.lockout.duration_secs * 1000);
        tracing::info!(user_id = %user.id, "user locked after {max} failed password attempts");
    }
    users::update(tx, user)?;
    Ok(Err(AppError::password_incorrect()))
}

/// Forgets failed password attempts and any expired lockout (after a successful sign-in step).
pub fn clear_password_failures(tx: &Transaction, user: &mut UserRow) -> Result<(), AppError> {
    if user.failed_password_attempts != 0 || user.locked_until.is_some() {
        user.failed_password_attempts = 0;
        user.locked_until = None;
        users::update(tx, user)?;
    }
    Ok(())
}

// ---- signing up -----------------------------------------------------------------------------

/// The sign-up fields this instance asks for, in the order `required_fields` and
/// `optional_fields` list them. The rules of the environment's `user_settings.attributes`
/// (`wire::environment`): an enabled email address is required; a phone number only when
/// neither email addresses nor usernames are on; a password when passwords are on; names per
/// `names`. One addition: a username is required when it is the only identifier a sign-up can
/// give (no email, no phone), so that every new user can sign in again.
pub fn sign_up_fields(st: &AppState) -> (Vec<&'static str>, Vec<&'static str>) {
    let c = &st.config;
    let ids = &c.identifiers;
    let mut required = Vec::new();
    let mut optional = Vec::new();
    let mut put = |field: &'static str, enabled: bool, is_required: bool| match (enabled, is_required) {
        (true, true) => required.push(field),
        (true, false) => optional.push(field),
        (false, _) => {}
    };
    put("email_address", ids.email_address, true);
    put("phone_number", ids.phone_number, !ids.email_address && !ids.username);
    put("username", ids.username, !ids.email_address && !ids.phone_number);
    put("password", c.password.enabled, true);
    put("first_name", c.names != "off", c.names == "required");
    put("last_name", c.names != "off", c.names == "required");
    (required, optional)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn emails() {
        for ok in ["test@test.com", "a.b+tag@sub.example.co", "x@y.io"] {
            assert!(valid_email(ok), "{ok}");
        }
        for bad in ["", "plain", "@x.com", "a@b", "a b@c.com", "a@@b.com", "a@b.c", ".a@b.com", "a..b@c.com", "a@-b.com", "a@b.c0m"] {
            assert!(!valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn phones() {
        assert_eq!(phone_param("phone_number", "15551234567").unwrap(), "+15551234567");
        assert_eq!(phone_param("phone_number", "+1 (555) 123-4567").unwrap(), "+15551234567");
        for bad in ["", "+", "12345", "+0123456789", "+1555abc4567", "+1234567890123456"] {
            assert_eq!(phone_param("phone_number", bad).unwrap_err().code(), "form_param_format_invalid", "{bad}");
        }
    }

    #[test]
    fn usernames() {
        assert_eq!(username_param(" ada_l ").unwrap(), "ada_l");
        assert_eq!(username_param("abc").unwrap_err().code(), "form_username_invalid_length");
        assert_eq!(username_param("ada l").unwrap_err().code(), "form_username_invalid_character");
        assert_eq!(username_param("123456").unwrap_err().code(), "form_username_needs_non_number_char");
    }

    #[test]
    fn metadata_merge_is_deep_and_null_deletes() {
        let mut m = json!({"a": 1, "nested": {"x": 1, "y": 2}, "gone": true});
        merge_metadata(&mut m, &json!({"b": 2, "nested": {"y": null, "z": 3}, "gone": null}));
        assert_eq!(m, json!({"a": 1, "b": 2, "nested": {"x": 1, "z": 3}}));
    }
}

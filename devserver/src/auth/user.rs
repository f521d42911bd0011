//! The signed-in user's own changes (ClerkJS's `User`, PROTOCOL.md §4): the profile — names,
//! username, primary identifications, unsafe metadata —, the profile image, the password, and
//! deleting the user.
//! `public_metadata` and `private_metadata` are the Backend API's: the browser cannot write them.

use super::session;
use crate::accounts;
use crate::db::clients::{self, SessionRow};
use crate::db::images::{self, ImageRow};
use crate::db::users::{self, Kind, UserRow};
use crate::error::AppError;
use crate::form::Params;
use crate::images::Upload;
use crate::limits;
use crate::password;
use crate::state::AppState;
use rusqlite::Transaction;
use serde_json::{json, Value};

/// The API version from which `PATCH /v1/me` no longer takes `unsafe_metadata` ([SPEC]
/// 2026-05-12, `/v1/me` patch: "use `PATCH /v1/me/metadata`").
const METADATA_ROUTE_VERSION: &str = "2026-05-12";

/// The checked changes of `PATCH /v1/me`; `None` leaves a field as it is, `Some(None)` clears it.
pub struct ProfileChanges {
    first_name: Option<Option<String>>,
    last_name: Option<Option<String>>,
    username: Option<Option<String>>,
    /// (kind, parameter, identification id) of each primary to set.
    primaries: Vec<(Kind, &'static str, String)>,
    unsafe_metadata: Option<Value>,
}

impl ProfileChanges {
    /// Reads `PATCH /v1/me`'s parameters; `query` is the request's query string (its API
    /// version decides whether `unsafe_metadata` is still taken here).
    pub fn read(st: &AppState, params: &Params, query: Option<&str>) -> Result<ProfileChanges, AppError> {
        if params.has("password") {
            return Err(AppError::password_update_deprecated());
        }
        // Read-only from the browser (the Backend API writes them).
        params.refuse(&["public_metadata", "private_metadata", "external_id"])?;
        // Older API versions replaced the unsafe metadata here (no merge: ClerkJS's docs tell
        // callers to spread the old value in); from 2026-05-12 only `PATCH /v1/me/metadata` does.
        let unsafe_metadata = match params.has("unsafe_metadata") {
            false => None,
            true if update_takes_metadata(query) => {
                let m = json_object_param(params, "unsafe_metadata")?;
                limits::metadata("unsafe_metadata", &m)?;
                Some(m)
            }
            true => return Err(AppError::param_unknown("unsafe_metadata")),
        };
        let first_name = name_param(st, params, "first_name")?;
        let last_name = name_param(st, params, "last_name")?;
        let username = match params.get("username") {
            None => None,
            Some(_) if !st.config.identifiers.username => return Err(AppError::param_unknown("username")),
            Some(raw) if raw.trim().is_empty() => Some(None),
            Some(raw) => Some(Some(accounts::username_param(raw)?)),
        };
        let primaries = [
            (Kind::EmailAddress, "primary_email_address_id"),
            (Kind::PhoneNumber, "primary_phone_number_id"),
            (Kind::Web3Wallet, "primary_web3_wallet_id"),
        ]
        .into_iter()
        .filter_map(|(k, p)| params.optional(p).map(|v| (k, p, v.trim().to_string())))
        .collect();
        Ok(ProfileChanges { first_name, last_name, username, primaries, unsafe_metadata })
    }
}

/// A name: `None` when absent; trimmed, at most 256 characters, no control characters
/// (`limits::name`); empty clears it (unless the instance requires names). An instance without
/// names does not know the parameter.
fn name_param(st: &AppState, params: &Params, key: &str) -> Result<Option<Option<String>>, AppError> {
    let Some(raw) = params.get(key) else { return Ok(None) };
    if st.config.names == "off" {
        return Err(AppError::param_unknown(key));
    }
    let v = limits::name(key, raw)?;
    if v.is_empty() && st.config.names == "required" {
        return Err(AppError::param_nil(key));
    }
    Ok(Some((!v.is_empty()).then_some(v)))
}

/// Whether this request's API version still lets `PATCH /v1/me` set `unsafe_metadata` (no
/// version, or one older than 2026-05-12; versions are `YYYY-MM-DD`, checked by `Caller`, so
/// they order as strings).
fn update_takes_metadata(query: Option<&str>) -> bool {
    let params = query.and_then(|q| Params::parse(q.as_bytes()).ok()).unwrap_or_default();
    params.optional("__clerk_api_version").is_none_or(|v| v < METADATA_ROUTE_VERSION)
}

/// A JSON-object parameter that must be present: missing or empty → `form_param_missing` /
/// `form_param_nil`; not a JSON object → `form_param_format_invalid`.
pub fn json_object_param(params: &Params, key: &str) -> Result<Value, AppError> {
    params.required(key)?;
    params.json_object(key)?.ok_or_else(|| AppError::param_missing(key))
}

/// Applies profile changes to the user: a username no one else holds (and none cleared when it
/// is their only way to sign in), primaries among their own verified identifications.
pub fn update_profile(tx: &Transaction, st: &AppState, user_id: &str, changes: ProfileChanges) -> Result<UserRow, AppError> {
    let mut user = users::must_get(tx, user_id)?;
    if let Some(v) = changes.first_name {
        user.first_name = v;
    }
    if let Some(v) = changes.last_name {
        user.last_name = v;
    }
    if let Some(v) = changes.username {
        match &v {
            Some(name) if users::by_username(tx, name)?.is_some_and(|other| other.id != user.id) => {
                return Err(AppError::identifier_exists("username"));
            }
            None if user.username.is_some() && !has_verified_identification(tx, &user)? => {
                // The username is the only way this user signs in.
                return Err(AppError::last_identification());
            }
            _ => {}
        }
        user.username = v;
    }
    for (kind, param, id) in &changes.primaries {
        // Unknown, another user's, or of another kind: "not found" (never revealed).
        let ident = users::get_identification(tx, id)?
            .filter(|i| i.kind == *kind && i.user_id == user.id)
            .ok_or_else(|| AppError::form_resource_not_found(param))?;
        if !accounts::is_verified(tx, &ident)? {
            return Err(AppError::verification_needed(param));
        }
        let slot = match kind {
            Kind::EmailAddress => &mut user.primary_email_address_id,
            Kind::PhoneNumber => &mut user.primary_phone_number_id,
            Kind::Web3Wallet => &mut user.primary_web3_wallet_id,
        };
        *slot = Some(ident.id);
    }
    if let Some(m) = changes.unsafe_metadata {
        user.unsafe_metadata = m;
    }
    user.updated_at = st.now();
    users::update(tx, &user)?;
    Ok(user)
}

/// Whether the user has some verified identification (email, phone, wallet) to sign in with.
pub fn has_verified_identification(tx: &Transaction, user: &UserRow) -> Result<bool, AppError> {
    for i in users::identifications(tx, &user.id)? {
        if accounts::is_verified(tx, &i)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Deep-merges `patch` into the user's unsafe metadata (`null` deletes a key); the result must fit
/// in 8 KB (`limits::metadata`).
pub fn merge_unsafe_metadata(tx: &Transaction, st: &AppState, user_id: &str, patch: &Value) -> Result<UserRow, AppError> {
    let mut user = users::must_get(tx, user_id)?;
    if !user.unsafe_metadata.is_object() {
        user.unsafe_metadata = json!({});
    }
    accounts::merge_metadata(&mut user.unsafe_metadata, patch);
    limits::metadata("unsafe_metadata", &user.unsafe_metadata)?;
    user.updated_at = st.now();
    users::update(tx, &user)?;
    Ok(user)
}

/// The checked parameters of `POST /v1/me/change_password`.
pub struct PasswordChange {
    new: String,
    current: Option<String>,
    sign_out_others: bool,
}

impl PasswordChange {
    /// `new_password` (checked against the instance's rules), `current_password`,
    /// `sign_out_of_other_sessions`.
    pub fn read(st: &AppState, params: &Params) -> Result<PasswordChange, AppError> {
        let new = params.required("new_password")?.to_string();
        let current = params.optional("current_password").map(str::to_string);
        let sign_out_others = params.bool("sign_out_of_other_sessions")?.unwrap_or(false);
        accounts::check_password(st, &new).map_err(|e| e.param("new_password"))?;
        Ok(PasswordChange { new, current, sign_out_others })
    }
}

/// The user of `session` and the password hash they have now (what `PasswordChange::check`
/// checks against).
pub fn stored_password(tx: &Transaction, session: &SessionRow) -> Result<(String, Option<String>), AppError> {
    Ok((session.user_id.clone(), users::must_get(tx, &session.user_id)?.password_hash))
}

/// A password change whose passwords were checked, and the new one hashed, off the database lock.
pub struct CheckedPasswordChange {
    user_id: String,
    /// The hash the current password was checked against (`None`: the user had no password).
    checked_against: Option<String>,
    new_hash: String,
    sign_out_others: bool,
}

impl PasswordChange {
    /// Checks the passwords against `stored` (the user's hash, `stored_password`) and hashes the
    /// new one, on the blocking pool with no lock held. A user who has a password must give it as
    /// `current_password`, and the new one must differ from it.
    pub async fn check(self, (user_id, stored): (String, Option<String>)) -> Result<CheckedPasswordChange, AppError> {
        let PasswordChange { new, current, sign_out_others } = self;
        if stored.is_some() && current.is_none() {
            return Err(AppError::param_missing("current_password"));
        }
        let checked = password::off_lock(move || -> Result<CheckedPasswordChange, AppError> {
            if let (Some(stored), Some(current)) = (&stored, &current) {
                if !password::verify(current, stored) {
                    return Err(AppError::password_incorrect().param("current_password"));
                }
                if password::verify(&new, stored) {
                    return Err(AppError::new_password_matches_current());
                }
            }
            let new_hash = password::hash(&new).map_err(AppError::internal)?;
            Ok(CheckedPasswordChange { user_id, checked_against: stored, new_hash, sign_out_others })
        });
        checked.await?
    }
}

/// Sets or changes the password of the user of `session`, checked off the database lock
/// (`PasswordChange::check`). A user who has one must give it as `current_password`; one who has
/// none (signed up with a code or OAuth) sets it without (ClerkJS's "Set password"). A password
/// that changed since it was checked is refused as a wrong `current_password`: the check proved
/// nothing about the password the user has now.
///
/// A wrong `current_password` does not count toward the lockout (`accounts::check_sign_in_password`):
/// Clerk's lockout counts failed *sign-in* attempts, and the caller here is already signed in —
/// so, like every refusal of this server, it changes nothing. The code is `form_password_incorrect`
/// at `current_password`. (ClerkJS's localization also has `form_password_validation_failed`,
/// "Incorrect Password", which real FAPI may use here; the SDK's tests expect the former.)
pub fn change_password(tx: &Transaction, st: &AppState, session: &SessionRow, change: CheckedPasswordChange) -> Result<UserRow, AppError> {
    let now = st.now();
    let mut user = users::must_get(tx, &session.user_id)?;
    if user.id != change.user_id || user.password_hash != change.checked_against {
        return Err(AppError::password_incorrect().param("current_password"));
    }
    user.password_hash = Some(change.new_hash);
    user.updated_at = now;
    users::update(tx, &user)?;
    if change.sign_out_others {
        for mut s in clients::sessions_of_user(tx, &user.id)? {
            if s.id != session.id && s.is_active_at(now, st.inactivity_ms()) {
                session::revoke(tx, st, &mut s)?;
            }
        }
    }
    Ok(user)
}

/// Makes `upload` the user's profile image (`images`, id `img_…`); the previous one is deleted.
pub fn set_profile_image(tx: &Transaction, st: &AppState, user_id: &str, upload: Upload) -> Result<ImageRow, AppError> {
    let now = st.now();
    let mut user = users::must_get(tx, user_id)?;
    let image = ImageRow {
        id: st.ids.new_id("img"),
        user_id: Some(user.id.clone()),
        name: upload.name,
        content_type: upload.content_type.to_string(),
        data: upload.data,
        created_at: now,
    };
    images::insert(tx, &image)?;
    if let Some(old) = user.image_id.replace(image.id.clone()) {
        images::delete(tx, &old)?;
    }
    user.updated_at = now;
    users::update(tx, &user)?;
    Ok(image)
}

/// Removes the user's profile image (back to the initials avatar); without one, `image_not_found`.
pub fn remove_profile_image(tx: &Transaction, st: &AppState, user_id: &str) -> Result<ImageRow, AppError> {
    let mut user = users::must_get(tx, user_id)?;
    let not_found = || AppError::new(404, "image_not_found", "Image not found", "Image not found");
    let id = user.image_id.take().ok_or_else(not_found)?;
    let image = images::get(tx, &id)?.ok_or_else(not_found)?;
    images::delete(tx, &id)?;
    user.updated_at = st.now();
    users::update(tx, &user)?;
    Ok(image)
}

/// Deletes the user of a session as the Backend API does (identifications, sessions and
/// everything else of theirs go with them), when the instance lets users delete themselves.
pub fn delete(tx: &Transaction, st: &AppState, user_id: &str) -> Result<(), AppError> {
    if !st.config.delete_self {
        return Err(AppError::delete_self_not_enabled());
    }
    users::delete(tx, user_id)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_on_update_depends_on_the_api_version() {
        assert!(update_takes_metadata(None));
        assert!(update_takes_metadata(Some("_method=PATCH")));
        assert!(update_takes_metadata(Some("__clerk_api_version=2025-04-10&_method=PATCH")));
        assert!(!update_takes_metadata(Some("__clerk_api_version=2026-05-12")));
        assert!(!update_takes_metadata(Some("__clerk_api_version=2026-08-20&_clerk_js_version=6.40.0")));
    }
}

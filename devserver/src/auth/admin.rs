//! The Backend API's changes to any user (the secret key's, not the user's own): `updateUser`
//! (names, username, external id, and the three metadata *replaced*), `PUT …/metadata`
//! (replaced), ban and unban. The route checks each value's form (as `createUser` does); the
//! rules that need the database — a username or external id no one else holds, a username not
//! cleared when it is the only way to sign in — are here.

use super::{session, user};
use crate::db::users::{self, UserRow};
use crate::error::AppError;
use crate::limits;
use crate::state::AppState;
use rusqlite::Transaction;
use serde_json::Value;

/// Checked changes; `None` leaves a field as it is, `Some(None)` clears it.
#[derive(Debug, Default)]
pub struct UserUpdate {
    pub first_name: Option<Option<String>>,
    pub last_name: Option<Option<String>>,
    pub username: Option<Option<String>>,
    pub external_id: Option<Option<String>>,
    /// Each replaces the stored object when given.
    pub public_metadata: Option<Value>,
    pub private_metadata: Option<Value>,
    pub unsafe_metadata: Option<Value>,
}

/// Applies `changes` to the user `user_id` (404 when unknown).
pub fn update(tx: &Transaction, st: &AppState, user_id: &str, changes: UserUpdate) -> Result<UserRow, AppError> {
    let mut u = users::must_get(tx, user_id)?;
    if let Some(v) = changes.first_name {
        u.first_name = v;
    }
    if let Some(v) = changes.last_name {
        u.last_name = v;
    }
    if let Some(v) = changes.username {
        match &v {
            Some(name) if users::by_username(tx, name)?.is_some_and(|other| other.id != u.id) => {
                return Err(AppError::identifier_exists("username"));
            }
            None if u.username.is_some() && !user::has_verified_identification(tx, &u)? => {
                // The username is the only way this user signs in.
                return Err(AppError::last_identification());
            }
            _ => {}
        }
        u.username = v;
    }
    if let Some(v) = changes.external_id {
        if let Some(ext) = &v {
            if users::by_external_id(tx, ext)?.is_some_and(|other| other.id != u.id) {
                return Err(AppError::identifier_exists("external_id"));
            }
        }
        u.external_id = v;
    }
    replace_metadata(&mut u, changes.public_metadata, changes.private_metadata, changes.unsafe_metadata)?;
    u.updated_at = st.now();
    users::update(tx, &u)?;
    Ok(u)
}

/// Replaces each metadata object given (checked against Clerk's size limit).
fn replace_metadata(u: &mut UserRow, public: Option<Value>, private: Option<Value>, unsafe_: Option<Value>) -> Result<(), AppError> {
    for (param, target, new) in [
        ("public_metadata", &mut u.public_metadata, public),
        ("private_metadata", &mut u.private_metadata, private),
        ("unsafe_metadata", &mut u.unsafe_metadata, unsafe_),
    ] {
        if let Some(m) = new {
            limits::metadata(param, &m)?;
            *target = m;
        }
    }
    Ok(())
}

/// Bans (`true`) or unbans the user. A ban revokes every active session of theirs, on every
/// client, in the same transaction; from then on they cannot sign in nor mint a token
/// (`user_banned`). Unbanning gives back no session.
pub fn set_banned(tx: &Transaction, st: &AppState, user_id: &str, banned: bool) -> Result<UserRow, AppError> {
    let mut u = users::must_get(tx, user_id)?;
    if banned {
        session::revoke_all_of_user(tx, st, user_id)?;
    }
    u.banned = banned;
    u.updated_at = st.now();
    users::update(tx, &u)?;
    Ok(u)
}

//! Sessions: the one place a session is born (`start`), the rule that decides whether a client
//! may take another (`ensure_may_start`), and how one is used or ended (`touch`, `finish`,
//! `end_all`, `revoke`; `revoke_all_of_user` when a user is banned).

use crate::accounts;
use crate::caller::Caller;
use crate::db::clients::{self, ClientRow, SessionRow};
use crate::db::users;
use crate::error::AppError;
use crate::state::AppState;
use crate::status::SessionStatus;
use rusqlite::Transaction;

/// How long a session lives at least before it is abandoned, whatever its lifetime.
const MIN_ABANDON_MS: i64 = 30 * 24 * 3600 * 1000;

/// Creates an active session for `user_id` on `client` and makes it the client's last active
/// one; the user's last sign-in is now. `second_factor`: a second factor was verified too. The
/// client cookie the caller held is rotated (`Caller::rotate_cookie`): the answer must carry the
/// new one (`Caller::cookie_for`). A banned user gets none (`user_banned`), whatever way of
/// signing in got here: the last line of defence behind each one's own check.
pub fn start(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    client: &mut ClientRow,
    user_id: &str,
    second_factor: bool,
) -> Result<SessionRow, AppError> {
    let mut user = users::must_get(tx, user_id)?;
    accounts::ensure_not_banned(&user)?;
    let now = st.now();
    let lifetime = st.config.session.lifetime_secs * 1000;
    let session = SessionRow {
        id: st.ids.new_id("sess"),
        client_id: client.id.clone(),
        user_id: user_id.to_string(),
        status: SessionStatus::Active,
        expire_at: now + lifetime,
        abandon_at: now + lifetime.max(MIN_ABANDON_MS),
        last_active_at: now,
        last_active_organization_id: None,
        first_factor_at: Some(now),
        second_factor_at: second_factor.then_some(now),
        user_agent: caller.user_agent.clone(),
        ip_address: caller.ip.clone(),
        created_at: now,
        updated_at: now,
    };
    clients::insert_session(tx, &session)?;
    caller.rotate_cookie(client);
    client.last_active_session_id = Some(session.id.clone());
    client.updated_at = now;
    clients::update_client(tx, client)?;
    user.last_sign_in_at = Some(now);
    user.last_active_at = Some(now);
    user.updated_at = now;
    users::update(tx, &user)?;
    Ok(session)
}

/// Refuses a new session on a client that cannot take one: any signed-in session in
/// single-session mode (`session_exists`), or — once the user is known — a session of the same
/// user (`identifier_already_signed_in`). Every way of signing in or up asks this.
pub fn ensure_may_start(tx: &Transaction, st: &AppState, client: &ClientRow, user_id: Option<&str>) -> Result<(), AppError> {
    let now = st.now();
    let active: Vec<SessionRow> =
        clients::sessions_of_client(tx, &client.id)?.into_iter().filter(|s| s.is_active_at(now, st.inactivity_ms())).collect();
    if st.config.session.single_session_mode && !active.is_empty() {
        return Err(AppError::session_exists());
    }
    if let Some(s) = user_id.and_then(|u| active.iter().find(|s| s.user_id == u)) {
        return Err(AppError::identifier_already_signed_in(&s.id));
    }
    Ok(())
}

/// Marks an active session as the one in use (`setActive`, window focus): the client's last
/// active session, and its user's last activity.
pub fn touch(tx: &Transaction, st: &AppState, client: &mut ClientRow, s: &mut SessionRow) -> Result<(), AppError> {
    let now = st.now();
    if !s.is_active_at(now, st.inactivity_ms()) {
        return Err(AppError::signed_out());
    }
    s.last_active_at = now;
    s.updated_at = now;
    clients::update_session(tx, s)?;
    client.last_active_session_id = Some(s.id.clone());
    client.updated_at = now;
    clients::update_client(tx, client)?;
    let mut user = users::must_get(tx, &s.user_id)?;
    user.last_active_at = Some(now);
    users::update(tx, &user)
}

/// Ends a session (`Ended` on sign-out, `Removed` when it leaves the client); it is no longer
/// the client's last active one. An inactive session keeps its status.
pub fn finish(tx: &Transaction, st: &AppState, client: &mut ClientRow, s: &mut SessionRow, status: SessionStatus) -> Result<(), AppError> {
    let now = st.now();
    if s.is_active_at(now, st.inactivity_ms()) {
        s.status = status;
        s.updated_at = now;
        clients::update_session(tx, s)?;
    }
    if client.last_active_session_id.as_deref() == Some(s.id.as_str()) {
        client.last_active_session_id = None;
    }
    client.updated_at = now;
    clients::update_client(tx, client)
}

/// Signs out of every session of the client and forgets its attempts; the client stays.
pub fn end_all(tx: &Transaction, st: &AppState, client: &mut ClientRow) -> Result<(), AppError> {
    let now = st.now();
    for mut s in clients::sessions_of_client(tx, &client.id)? {
        if s.is_active_at(now, st.inactivity_ms()) {
            s.status = SessionStatus::Ended;
            s.updated_at = now;
            clients::update_session(tx, &s)?;
        }
    }
    client.last_active_session_id = None;
    client.sign_in_id = None;
    client.sign_up_id = None;
    client.updated_at = now;
    clients::update_client(tx, client)
}

/// Revokes a session (on any client, from another device) and unsets it as its client's last
/// active one.
pub fn revoke(tx: &Transaction, st: &AppState, s: &mut SessionRow) -> Result<(), AppError> {
    let now = st.now();
    s.status = SessionStatus::Revoked;
    s.updated_at = now;
    clients::update_session(tx, s)?;
    if let Some(mut c) = clients::get_client(tx, &s.client_id)? {
        if c.last_active_session_id.as_deref() == Some(s.id.as_str()) {
            c.last_active_session_id = None;
            c.updated_at = now;
            clients::update_client(tx, &c)?;
        }
    }
    Ok(())
}

/// Revokes the session `id` of `user_id`: another user's session, or an unknown id, is not
/// found; an already finished one is left as it is. Answers the session as it is now.
pub fn revoke_own(tx: &Transaction, st: &AppState, user_id: &str, id: &str) -> Result<SessionRow, AppError> {
    let mut target = clients::get_session(tx, id)?.filter(|s| s.user_id == user_id).ok_or_else(|| AppError::not_found("session", id))?;
    if target.is_active_at(st.now(), st.inactivity_ms()) {
        revoke(tx, st, &mut target)?;
    }
    Ok(target)
}

/// Revokes every active session of `user_id`, on every client (`banUser`).
pub fn revoke_all_of_user(tx: &Transaction, st: &AppState, user_id: &str) -> Result<(), AppError> {
    let (now, inactivity) = (st.now(), st.inactivity_ms());
    for mut s in clients::sessions_matching(tx, Some(user_id), None)? {
        if s.is_active_at(now, inactivity) {
            revoke(tx, st, &mut s)?;
        }
    }
    Ok(())
}

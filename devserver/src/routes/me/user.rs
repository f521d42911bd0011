//! The signed-in user itself (PROTOCOL.md §4; ClerkJS's `User`):
//!
//! - `GET /v1/me`; `PATCH /v1/me` (`first_name`, `last_name`, `username`, and the primary
//!   email address, phone number and Web3 wallet, which must be verified identifications of the
//!   user); `PATCH /v1/me/metadata` (`unsafe_metadata`, deep-merged, `null` deletes a key).
//!   `public_metadata` and `private_metadata` cannot be written from the browser.
//! - `POST /v1/me/change_password` (`current_password`, `new_password`,
//!   `sign_out_of_other_sessions`).
//! - `POST /v1/me/profile_image` (multipart `file`; PNG, JPEG, GIF or WebP by their bytes) answers
//!   the image (`{object: "image", id, name, public_url}`), served at `/dev/images/{id}`;
//!   `DELETE /v1/me/profile_image` goes back to the initials avatar.
//! - `GET /v1/me/sessions/active` — the user's active sessions on every client, each with its
//!   `latest_activity` (browser, device, IP) — and `GET /v1/me/sessions` (all of them); both
//!   bare arrays, as Clerk answers them. `POST /v1/me/sessions/{id}/revoke`.
//! - `DELETE /v1/me`, refused (`user_delete_self_not_enabled`) unless the instance sets
//!   `delete_self`.
//!
//! Every handler runs in one transaction (`Caller::signed_in`): a refusal changes nothing. The
//! rules are `auth::user`'s and `auth::session`'s.

use crate::auth::session;
use crate::auth::user::{self, PasswordChange, ProfileChanges};
use crate::caller::Caller;
use crate::db::clients;
use crate::db::users;
use crate::error::AppError;
use crate::form::{Params, RawBody};
use crate::images;
use crate::reply::Reply;
use crate::state::AppState;
use crate::wire::Render;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderMap;
use axum::routing::{get, patch, post};
use axum::Router;
use rusqlite::Transaction;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/me", get(me_get).patch(me_update).delete(me_delete))
        .route("/v1/me/metadata", patch(metadata_update))
        .route("/v1/me/change_password", post(password_change))
        .route("/v1/me/profile_image", post(profile_image_set).delete(profile_image_delete))
        .route("/v1/me/sessions", get(sessions_list))
        .route("/v1/me/sessions/active", get(sessions_active))
        .route("/v1/me/sessions/{id}/revoke", post(session_revoke))
}

/// Answers `{response: user, client}`.
fn reply_user(tx: &Transaction, st: &AppState, caller: &Caller, client_id: &str, user_id: &str) -> Result<Reply, AppError> {
    let r = Render::new(st, caller.origin.as_deref());
    let user = users::must_get(tx, user_id)?;
    Ok(Reply::envelope(r.user_fapi(tx, &user)?, Some(r.client_by_id(tx, client_id)?)))
}

async fn me_get(caller: Caller, State(st): State<AppState>) -> Result<Reply, AppError> {
    caller.signed_in(&st, |tx, st, caller, client, session| reply_user(tx, st, caller, &client.id, &session.user_id)).await
}

async fn me_update(caller: Caller, State(st): State<AppState>, RawQuery(query): RawQuery, params: Params) -> Result<Reply, AppError> {
    let changes = ProfileChanges::read(&st, &params, query.as_deref())?;
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let user = user::update_profile(tx, st, &session.user_id, changes)?;
            reply_user(tx, st, caller, &client.id, &user.id)
        })
        .await
}

async fn metadata_update(caller: Caller, State(st): State<AppState>, params: Params) -> Result<Reply, AppError> {
    params.refuse(&["public_metadata", "private_metadata"])?;
    let patch = user::json_object_param(&params, "unsafe_metadata")?;
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let user = user::merge_unsafe_metadata(tx, st, &session.user_id, &patch)?;
            reply_user(tx, st, caller, &client.id, &user.id)
        })
        .await
}

/// Sets or changes the password (`auth::user::change_password`): the stored hash is read in one
/// transaction, the passwords are checked and hashed off the database lock, and a second
/// transaction stores the new hash.
async fn password_change(caller: Caller, State(st): State<AppState>, params: Params) -> Result<Reply, AppError> {
    let change = PasswordChange::read(&st, &params)?;
    let stored = caller.clone().signed_in(&st, |tx, _, _, _, session| user::stored_password(tx, &session)).await?;
    let change = change.check(stored).await?;
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let user = user::change_password(tx, st, &session, change)?;
            reply_user(tx, st, caller, &client.id, &user.id)
        })
        .await
}

/// `POST /v1/me/profile_image`: a `multipart/form-data` body with a `file` part (or the image as
/// base64 in an `application/octet-stream` body), read and its type sniffed before the
/// transaction (`images::read_upload`). Answers the image resource with the client.
async fn profile_image_set(caller: Caller, State(st): State<AppState>, headers: HeaderMap, RawBody(body): RawBody) -> Result<Reply, AppError> {
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_string);
    let upload = images::read_upload(content_type.as_deref(), &body)?;
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let image = user::set_profile_image(tx, st, &session.user_id, upload)?;
            let r = Render::new(st, caller.origin.as_deref());
            Ok(Reply::envelope(r.image(&image), Some(r.client_by_id(tx, &client.id)?)))
        })
        .await
}

/// `DELETE /v1/me/profile_image`: back to the initials avatar (`has_image: false`); answers the
/// deleted object with the client.
async fn profile_image_delete(caller: Caller, State(st): State<AppState>) -> Result<Reply, AppError> {
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let image = user::remove_profile_image(tx, st, &session.user_id)?;
            let r = Render::new(st, caller.origin.as_deref());
            Ok(Reply::envelope(json!({"object": "image", "id": image.id, "deleted": true}), Some(r.client_by_id(tx, &client.id)?)))
        })
        .await
}

/// `GET /v1/me/sessions/active`: a bare array of the user's active sessions on every client,
/// each with its `latest_activity` (`Render::active_session`).
async fn sessions_active(caller: Caller, State(st): State<AppState>) -> Result<Reply, AppError> {
    caller
        .signed_in(&st, move |tx, st, caller, _, session| {
            let now = st.now();
            let r = Render::new(st, caller.origin.as_deref());
            let list = clients::sessions_of_user(tx, &session.user_id)?
                .iter()
                .filter(|s| s.is_active_at(now, st.inactivity_ms()))
                .map(|s| r.active_session(tx, s))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Reply::bare(Value::Array(list)))
        })
        .await
}

/// `GET /v1/me/sessions`: every session of the user, whatever its status, on every client — a
/// bare array of sessions (Clerk's `Server.Sessions`). Only the caller's own client's sessions
/// carry a token; another device's token never reaches this one.
async fn sessions_list(caller: Caller, State(st): State<AppState>) -> Result<Reply, AppError> {
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let r = Render::new(st, caller.origin.as_deref());
            let mut list = Vec::new();
            for s in clients::sessions_of_user(tx, &session.user_id)? {
                let mut json = r.session(tx, &s)?;
                if s.client_id != client.id {
                    if let Some(m) = json.as_object_mut() {
                        m.insert("last_active_token".into(), Value::Null);
                    }
                }
                list.push(json);
            }
            Ok(Reply::bare(Value::Array(list)))
        })
        .await
}

/// `POST /v1/me/sessions/{id}/revoke`: ends one of the user's sessions (on any device).
async fn session_revoke(caller: Caller, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let target = session::revoke_own(tx, st, &session.user_id, &id)?;
            let r = Render::new(st, caller.origin.as_deref());
            Ok(Reply::envelope(r.session(tx, &target)?, Some(r.client_by_id(tx, &client.id)?)))
        })
        .await
}

/// `DELETE /v1/me`: deletes the user (when the instance allows it) and answers the deleted
/// object with the client.
async fn me_delete(caller: Caller, State(st): State<AppState>) -> Result<Reply, AppError> {
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            user::delete(tx, st, &session.user_id)?;
            let r = Render::new(st, caller.origin.as_deref());
            Ok(Reply::envelope(json!({"object": "user", "id": session.user_id, "deleted": true}), Some(r.client_by_id(tx, &client.id)?)))
        })
        .await
}

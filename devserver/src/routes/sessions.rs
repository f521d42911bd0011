//! Sessions on a client: `touch`, `tokens` (and `tokens/{template}`, `jwt_templates`), `end`,
//! `remove`, and `DELETE /v1/client/sessions` (sign out of everything). The rules are
//! `auth::session`'s; a token for a session no longer active is 401 `signed_out`, and one for a
//! banned user's session 403 `user_banned` (which the SDKs take as the session being over).

use crate::accounts;
use crate::auth::session;
use crate::caller::Caller;
use crate::db::clients::{self, ClientRow, SessionRow};
use crate::db::users;
use crate::error::AppError;
use crate::form::Params;
use crate::jwt_templates;
use crate::reply::Reply;
use crate::state::AppState;
use crate::status::SessionStatus;
use crate::wire::Render;
use axum::extract::{Path, State};
use axum::routing::{delete, get, post};
use axum::Router;
use rusqlite::Transaction;
use serde_json::json;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/client/sessions", delete(sessions_delete_all))
        .route("/v1/client/sessions/{id}", get(sessions_get))
        .route("/v1/client/sessions/{id}/touch", post(sessions_touch))
        .route("/v1/client/sessions/{id}/tokens", post(sessions_tokens))
        .route("/v1/client/sessions/{id}/tokens/{template}", post(sessions_tokens_template))
        .route("/v1/client/sessions/{id}/end", post(sessions_end))
        .route("/v1/client/sessions/{id}/remove", post(sessions_remove))
}

/// The caller's client and one of its sessions: another client's session, or an unknown id, is
/// not found (never revealed).
fn own_session(tx: &Transaction, caller: &Caller, id: &str) -> Result<(ClientRow, SessionRow), AppError> {
    let client = caller.must_client(tx)?;
    match clients::get_session(tx, id)? {
        Some(s) if s.client_id == client.id => Ok((client, s)),
        _ => Err(AppError::not_found("session", id)),
    }
}

/// Refuses an organization: this dev server has none.
fn no_organization(params: &Params, key: &str) -> Result<(), AppError> {
    match params.optional(key) {
        Some(org) => Err(AppError::not_found("organization", org)),
        None => Ok(()),
    }
}

async fn sessions_get(caller: Caller, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    st.tx(move |tx, st| {
        let (client, s) = own_session(tx, &caller, &id)?;
        let r = Render::new(st, caller.origin.as_deref());
        Ok(Reply::envelope(r.session(tx, &s)?, Some(r.client(tx, &client)?)))
    })
    .await
}

/// Marks a session as the one in use (`setActive`, window focus).
async fn sessions_touch(caller: Caller, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    no_organization(&params, "active_organization_id")?;
    st.tx(move |tx, st| {
        let (mut client, mut s) = own_session(tx, &caller, &id)?;
        session::touch(tx, st, &mut client, &mut s)?;
        let r = Render::new(st, caller.origin.as_deref());
        Ok(Reply::envelope(r.session(tx, &s)?, Some(r.client(tx, &client)?)))
    })
    .await
}

/// The caller's session `id` for minting a token: a banned user's is `user_banned` (403), an
/// inactive one `signed_out` (401), as Clerk answers; minting is activity, so `last_active_at` moves to now (one indexed write,
/// which keeps a session under `inactivity_timeout_secs` alive while its page refreshes tokens).
fn session_for_token(tx: &Transaction, st: &AppState, caller: &Caller, id: &str) -> Result<SessionRow, AppError> {
    let now = st.now();
    let (_, mut s) = own_session(tx, caller, id)?;
    accounts::ensure_not_banned(&users::must_get(tx, &s.user_id)?)?;
    if !s.is_active_at(now, st.inactivity_ms()) {
        return Err(AppError::signed_out());
    }
    clients::mark_session_active(tx, &s.id, now)?;
    s.last_active_at = now;
    Ok(s)
}

/// A fresh session token, `{"object":"token","jwt":…}`, not enveloped.
async fn sessions_tokens(caller: Caller, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    no_organization(&params, "organization_id")?;
    st.tx(move |tx, st| {
        let s = session_for_token(tx, st, &caller, &id)?;
        let jwt = Render::new(st, caller.origin.as_deref()).session_token(&s);
        Ok(Reply::bare(json!({ "object": "token", "jwt": jwt })))
    })
    .await
}

/// A token of the JWT template `template` (`[jwt_templates.NAME]`, `jwt_templates.rs`), with the
/// same checks as a session token; an unknown template is Clerk's `JWTTemplateNotFound`.
async fn sessions_tokens_template(
    caller: Caller,
    State(st): State<AppState>,
    Path((id, template)): Path<(String, String)>,
) -> Result<Reply, AppError> {
    if !st.config.jwt_templates.contains_key(&template) {
        return Err(AppError::jwt_template_not_found(&template));
    }
    st.tx(move |tx, st| {
        let s = session_for_token(tx, st, &caller, &id)?;
        let r = Render::new(st, caller.origin.as_deref());
        let user = r.user_bapi(tx, &users::must_get(tx, &s.user_id)?)?;
        let jti = crate::ids::secret(20);
        let mint = jwt_templates::Mint {
            issuer: &st.frontend_api_url,
            authorized_party: caller.origin.as_deref(),
            user_id: &s.user_id,
            user: &user,
            now_ms: r.now,
            token_id: &jti,
        };
        let jwt = jwt_templates::sign(&st.config.jwt_templates[&template], &st.keys, &mint);
        Ok(Reply::bare(json!({ "object": "token", "jwt": jwt })))
    })
    .await
}

async fn sessions_end(caller: Caller, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    finish_session(caller, st, id, SessionStatus::Ended).await
}

async fn sessions_remove(caller: Caller, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    finish_session(caller, st, id, SessionStatus::Removed).await
}

async fn finish_session(caller: Caller, st: AppState, id: String, status: SessionStatus) -> Result<Reply, AppError> {
    st.tx(move |tx, st| {
        let (mut client, mut s) = own_session(tx, &caller, &id)?;
        session::finish(tx, st, &mut client, &mut s, status)?;
        let r = Render::new(st, caller.origin.as_deref());
        Ok(Reply::envelope(r.session(tx, &s)?, Some(r.client(tx, &client)?)))
    })
    .await
}

/// Signs out of every session of the client and keeps the client (ClerkJS's default `signOut()`).
async fn sessions_delete_all(caller: Caller, State(st): State<AppState>) -> Result<Reply, AppError> {
    st.tx(move |tx, st| {
        let mut client = caller.must_client(tx)?;
        session::end_all(tx, st, &mut client)?;
        let json = Render::new(st, caller.origin.as_deref()).client(tx, &client)?;
        Ok(Reply::envelope(json.clone(), Some(json)))
    })
    .await
}

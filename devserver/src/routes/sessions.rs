//! Sessions on a client: `touch`, `tokens`, `end`, `remove`, and `DELETE /v1/client/sessions`
//! (sign out of everything). Also `start_session`, the one place a session is born, used by
//! every kind of completed sign-in.

use crate::db::clients::{self, ClientRow, SessionRow};
use crate::db::users;
use crate::error::AppError;
use crate::fapi::{Fapi, Reply};
use crate::form::Params;
use crate::state::AppState;
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

/// Creates an active session for `user_id` on `client` and makes it the client's last active one.
pub fn start_session(
    tx: &Transaction,
    st: &AppState,
    ctx: &Fapi,
    client: &mut ClientRow,
    user_id: &str,
    second_factor: bool,
) -> Result<SessionRow, AppError> {
    let now = st.now();
    let lifetime = st.config.session.lifetime_secs * 1000;
    let session = SessionRow {
        id: st.ids.new_id("sess"),
        client_id: client.id.clone(),
        user_id: user_id.to_string(),
        status: "active".into(),
        expire_at: now + lifetime,
        abandon_at: now + lifetime.max(30 * 24 * 3600 * 1000),
        last_active_at: now,
        last_active_organization_id: None,
        first_factor_at: Some(now),
        second_factor_at: second_factor.then_some(now),
        user_agent: ctx.user_agent.clone(),
        ip_address: ctx.ip.clone(),
        created_at: now,
        updated_at: now,
    };
    clients::insert_session(tx, &session)?;
    client.last_active_session_id = Some(session.id.clone());
    client.updated_at = now;
    clients::update_client(tx, client)?;
    let mut user = users::must_get(tx, user_id)?;
    user.last_sign_in_at = Some(now);
    user.last_active_at = Some(now);
    user.updated_at = now;
    users::update(tx, &user)?;
    Ok(session)
}

/// Whether the client already has a signed-in session (single-session mode allows one).
pub fn has_active_session(tx: &Transaction, client: &ClientRow, now: i64) -> Result<bool, AppError> {
    Ok(clients::sessions_of_client(tx, &client.id)?.iter().any(|s| s.is_active_at(now)))
}

/// The caller's client and one of its sessions: another client's session, or an unknown id, is
/// not found (never revealed).
fn own_session(tx: &Transaction, ctx: &Fapi, id: &str) -> Result<(ClientRow, SessionRow), AppError> {
    let client = ctx.must_client(tx)?;
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

async fn sessions_get(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let (client, s) = own_session(tx, &ctx, &id)?;
            let r = Render::new(&st2, ctx.origin.as_deref());
            Ok(Reply::envelope(r.session(tx, &s)?, Some(r.client(tx, &client)?)))
        })
        .await
}

/// Marks a session as the one in use (`setActive`, window focus).
async fn sessions_touch(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    no_organization(&params, "active_organization_id")?;
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let now = st2.now();
            let (mut client, mut s) = own_session(tx, &ctx, &id)?;
            if !s.is_active_at(now) {
                return Err(AppError::signed_out());
            }
            s.last_active_at = now;
            s.updated_at = now;
            clients::update_session(tx, &s)?;
            client.last_active_session_id = Some(s.id.clone());
            client.updated_at = now;
            clients::update_client(tx, &client)?;
            let mut user = users::must_get(tx, &s.user_id)?;
            user.last_active_at = Some(now);
            users::update(tx, &user)?;
            let r = Render::new(&st2, ctx.origin.as_deref());
            Ok(Reply::envelope(r.session(tx, &s)?, Some(r.client(tx, &client)?)))
        })
        .await
}

/// A fresh session token, `{"object":"token","jwt":…}`, not enveloped.
async fn sessions_tokens(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    no_organization(&params, "organization_id")?;
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let now = st2.now();
            let (_, s) = own_session(tx, &ctx, &id)?;
            if !s.is_active_at(now) {
                return Err(AppError::signed_out());
            }
            let jwt = Render::new(&st2, ctx.origin.as_deref()).session_token(&s);
            Ok(Reply::bare(json!({ "object": "token", "jwt": jwt })))
        })
        .await
}

/// JWT templates are a dashboard feature this dev server does not have.
async fn sessions_tokens_template(Path((_, template)): Path<(String, String)>) -> AppError {
    AppError::not_found("JWT template", &template)
}

async fn sessions_end(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    finish_session(ctx, st, id, "ended").await
}

async fn sessions_remove(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    finish_session(ctx, st, id, "removed").await
}

async fn finish_session(ctx: Fapi, st: AppState, id: String, status: &'static str) -> Result<Reply, AppError> {
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let now = st2.now();
            let (mut client, mut s) = own_session(tx, &ctx, &id)?;
            if s.is_active_at(now) {
                s.status = status.into();
                s.updated_at = now;
                clients::update_session(tx, &s)?;
            }
            if client.last_active_session_id.as_deref() == Some(s.id.as_str()) {
                client.last_active_session_id = None;
            }
            client.updated_at = now;
            clients::update_client(tx, &client)?;
            let r = Render::new(&st2, ctx.origin.as_deref());
            Ok(Reply::envelope(r.session(tx, &s)?, Some(r.client(tx, &client)?)))
        })
        .await
}

/// Signs out of every session of the client and keeps the client (ClerkJS's default `signOut()`).
async fn sessions_delete_all(ctx: Fapi, State(st): State<AppState>) -> Result<Reply, AppError> {
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let now = st2.now();
            let mut client = ctx.must_client(tx)?;
            for mut s in clients::sessions_of_client(tx, &client.id)? {
                if s.is_active_at(now) {
                    s.status = "ended".into();
                    s.updated_at = now;
                    clients::update_session(tx, &s)?;
                }
            }
            client.last_active_session_id = None;
            client.sign_in_id = None;
            client.sign_up_id = None;
            client.updated_at = now;
            clients::update_client(tx, &client)?;
            let json = Render::new(&st2, ctx.origin.as_deref()).client(tx, &client)?;
            Ok(Reply::envelope(json.clone(), Some(json)))
        })
        .await
}

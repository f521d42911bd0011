//! Sign-in attempts: `POST /v1/client/sign_ins` and `GET /v1/client/sign_ins/{id}`.
//!
//! The ticket strategy completes in one request, the way Clerk's own end-to-end tests sign users
//! in: the Backend API mints a sign-in token for a user, the browser presents it as
//! `strategy=ticket&ticket=…`, and the answer is a `complete` sign-in with a new active session.

use crate::db::clients::{self, SignInRow, SignInTokenRow};
use crate::db::verifications::{self, VerificationRow};
use crate::error::AppError;
use crate::fapi::{Fapi, Reply};
use crate::form::Params;
use crate::routes::sessions::{has_active_session, start_session};
use crate::state::AppState;
use crate::wire::Render;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use rusqlite::Transaction;

/// How long an unfinished sign-in attempt lives.
const SIGN_IN_LIFETIME_MS: i64 = 24 * 3600 * 1000;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/client/sign_ins", post(sign_ins_create))
        .route("/v1/client/sign_ins/{id}", get(sign_ins_get))
}

async fn sign_ins_create(ctx: Fapi, State(st): State<AppState>, params: Params) -> Result<Reply, AppError> {
    let strategy = match params.optional("strategy") {
        Some(s) => s.to_string(),
        None if params.has("ticket") => "ticket".to_string(),
        None => return Err(AppError::param_missing("strategy")),
    };
    if strategy != "ticket" {
        return Err(AppError::param_value_invalid("strategy", format!("{strategy} is not a sign-in strategy of this instance.")));
    }
    let ticket = params.required("ticket")?.to_string();
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let now = st2.now();
            let token = redeemable_token(tx, &ticket, now)?;
            let (mut client, cookie) = ctx.ensure_client(tx, &st2)?;
            if st2.config.session.single_session_mode && has_active_session(tx, &client, now)? {
                return Err(AppError::session_exists());
            }
            clients::set_sign_in_token_status(tx, &token.id, "accepted", now)?;
            let verification = VerificationRow {
                id: st2.ids.new_id("ver"),
                status: "verified".into(),
                strategy: "ticket".into(),
                attempts: Some(1),
                verified_at_client: Some(client.id.clone()),
                created_at: now,
                updated_at: now,
                ..VerificationRow::default()
            };
            verifications::put(tx, &verification)?;
            let session = start_session(tx, &st2, &ctx, &mut client, &token.user_id, false)?;
            let sign_in = SignInRow {
                id: st2.ids.new_id("sia"),
                client_id: client.id.clone(),
                status: "complete".into(),
                identifier: None,
                user_id: Some(token.user_id.clone()),
                identification_id: None,
                first_factor_verification_id: Some(verification.id),
                second_factor_verification_id: None,
                created_session_id: Some(session.id),
                abandon_at: now + SIGN_IN_LIFETIME_MS,
                created_at: now,
                updated_at: now,
            };
            clients::put_sign_in(tx, &sign_in)?;
            // A completed attempt is answered once and then leaves the client.
            client.sign_in_id = None;
            clients::update_client(tx, &client)?;
            let r = Render::new(&st2, ctx.origin.as_deref());
            Ok(Reply::envelope(r.sign_in(tx, &sign_in)?, Some(r.client(tx, &client)?)).cookie(cookie))
        })
        .await
}

/// A sign-in token that can still be used, or the error that says why not.
fn redeemable_token(tx: &Transaction, ticket: &str, now: i64) -> Result<SignInTokenRow, AppError> {
    let token = clients::sign_in_token_by_token(tx, ticket)?.ok_or_else(AppError::ticket_invalid)?;
    match token.status.as_str() {
        "accepted" => Err(AppError::sign_in_token_used()),
        "revoked" => Err(AppError::sign_in_token_revoked()),
        _ if now >= token.expires_at => Err(AppError::ticket_expired()),
        _ => Ok(token),
    }
}

async fn sign_ins_get(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let client = ctx.must_client(tx)?;
            let sign_in = match clients::get_sign_in(tx, &id)? {
                Some(s) if s.client_id == client.id => s,
                _ => return Err(AppError::not_found("sign in", &id)),
            };
            let r = Render::new(&st2, ctx.origin.as_deref());
            Ok(Reply::envelope(r.sign_in(tx, &sign_in)?, Some(r.client(tx, &client)?)))
        })
        .await
}

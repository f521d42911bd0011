//! `GET /v1/oauth_callback` (and `POST`, answered `303` to the `GET` form, as Clerk does for
//! providers that post): where the mock provider sends the browser back.
//!
//! The `state` must be one this instance issued, unused and unexpired (else
//! `oauth_callback_invalid`); with `code`, the code must be that state's, unused and unexpired
//! (else `oauth_token_exchange_error`). Refusals change nothing and answer an error page (JSON
//! for non-browsers). Otherwise the state and code are spent, and the result is applied to what
//! the state verifies, for the client that started the round trip — whoever follows the link:
//! an external account (here), a sign-in or a sign-up (`auth`). Then `303` to the round trip's
//! `redirect_url`, also when the result is a failure the application must show (a denial, an
//! identity claimed by another user): those are the verification's `error`.

use super::auth;
use super::flow::{self, Provider};
use super::identity::{self, Identity, Owner};
use super::page;
use crate::db::clients::{self, ClientRow};
use crate::db::oauth::{self as db, StateRow};
use crate::error::AppError;
use crate::fapi::Fapi;
use crate::form::Params;
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use rusqlite::Transaction;

/// What the provider answered.
pub enum Outcome {
    Approved(Identity),
    /// `error=<reason>`.
    Refused(String),
}

impl Outcome {
    /// The verification error of a refusal.
    pub fn refusal_error(reason: &str, provider: &Provider) -> AppError {
        if reason == "access_denied" {
            AppError::oauth_access_denied(provider.name)
        } else {
            let reason: String = reason.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(64).collect();
            AppError::oauth_token_exchange_error(format!("{} answered the authorization request with the error {reason}.", provider.name))
        }
    }
}

/// `POST /v1/oauth_callback`: `303` to the `GET` form with the same parameters.
pub async fn callback_post(params: Params) -> Response {
    let mut q = url::form_urlencoded::Serializer::new(String::new());
    for key in ["code", "state", "scope", "error", "error_description"] {
        if let Some(v) = params.get(key) {
            q.append_pair(key, v);
        }
    }
    page::see_other(&format!("/v1/oauth_callback?{}", q.finish()))
}

pub async fn callback_get(ctx: Fapi, State(st): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let html = page::wants_html(&headers);
    let st2 = st.clone();
    let result = st
        .db
        .tx(move |tx| {
            let q = Params::parse(uri.query().unwrap_or("").as_bytes())?;
            callback(tx, &st2, &ctx, &q)
        })
        .await;
    match result {
        Ok(to) => page::see_other(&to),
        Err(e) => page::error_response(e, html),
    }
}

/// Checks and spends the state (and code), applies the outcome; returns where to send the browser.
fn callback(tx: &Transaction, st: &AppState, ctx: &Fapi, q: &Params) -> Result<String, AppError> {
    let now = st.now();
    let value = q.optional("state").ok_or_else(|| AppError::oauth_callback_invalid("The OAuth callback has no state."))?;
    let state = db::get_state(tx, value)?
        .ok_or_else(|| AppError::oauth_callback_invalid("The OAuth state is unknown to this instance: it was not issued here, or it was forged."))?;
    let provider = flow::enabled_provider(st, &state.provider)
        .ok_or_else(|| AppError::oauth_callback_invalid(format!("{} is no longer an enabled OAuth provider of this instance.", state.provider)))?;
    let outcome = match q.optional("error") {
        Some(reason) => Outcome::Refused(reason.to_string()),
        None => {
            let code =
                q.optional("code").ok_or_else(|| AppError::oauth_token_exchange_error("The OAuth callback has neither a code nor an error."))?;
            let row = db::get_code(tx, &flow::code_hash(code))?
                .filter(|c| c.state == state.state)
                .ok_or_else(|| AppError::oauth_token_exchange_error("The authorization code is not valid for this OAuth state."))?;
            if row.used_at.is_some() {
                return Err(AppError::oauth_token_exchange_error("The authorization code was already used."));
            }
            if now >= row.expire_at {
                return Err(AppError::oauth_token_exchange_error("The authorization code has expired."));
            }
            db::mark_code_used(tx, &row.code_hash, now)?;
            Outcome::Approved(Identity::from_code(&state.provider, &row))
        }
    };
    if state.used_at.is_some() {
        return Err(AppError::oauth_callback_invalid("This OAuth state was already used. Start again from the application."));
    }
    if now >= state.expire_at {
        return Err(AppError::oauth_callback_invalid("This OAuth state has expired. Start again from the application."));
    }
    db::mark_state_used(tx, &state.state, now)?;
    let client = clients::get_client(tx, &state.client_id)?
        .ok_or_else(|| AppError::oauth_callback_invalid("The client that started this OAuth flow no longer exists."))?;
    match state.purpose.as_str() {
        "connect" => finish_connect(tx, st, &provider, &state, &client, outcome)?,
        "sign_in" => auth::finish_sign_in(tx, st, ctx, &provider, &state, client, outcome)?,
        _ => auth::finish_sign_up(tx, st, ctx, &provider, &state, client, outcome)?,
    }
    Ok(state.redirect_url)
}

/// The end of connecting an account: verified with the identity, or failed with the reason.
fn finish_connect(
    tx: &Transaction,
    st: &AppState,
    provider: &Provider,
    state: &StateRow,
    client: &ClientRow,
    outcome: Outcome,
) -> Result<(), AppError> {
    let mut account = db::get_account(tx, &state.target_id)?
        .filter(|a| a.verification_id == state.verification_id && state.user_id.as_deref() == Some(a.user_id.as_str()))
        .ok_or_else(|| AppError::oauth_callback_invalid("This external account was removed or reauthorized since; this OAuth flow is over."))?;
    let identity = match outcome {
        Outcome::Refused(reason) => {
            flow::settle(tx, st, &account.verification_id, "failed", Some(Outcome::refusal_error(&reason, provider)), None)?;
            return Ok(());
        }
        Outcome::Approved(identity) => identity,
    };
    let owner = identity::owner(tx, &identity)?;
    let claimed = match &owner {
        Owner::Account(a) if a.id == account.id => false,
        Owner::Account(a) if a.user_id == account.user_id => {
            let e = AppError::oauth_account_already_connected(provider.name);
            flow::settle(tx, st, &account.verification_id, "failed", Some(e), None)?;
            return Ok(());
        }
        other => other.user_id().is_some_and(|u| u != account.user_id),
    };
    if claimed {
        // As Clerk answers it (a captured FAPI client shows this status and error).
        flow::settle(tx, st, &account.verification_id, "expired", Some(AppError::oauth_identification_claimed()), None)?;
        return Ok(());
    }
    if identity::has_other_verified(tx, &account.user_id, provider.key, Some(&account.id))? {
        flow::settle(tx, st, &account.verification_id, "failed", Some(AppError::oauth_account_already_connected(provider.name)), None)?;
        return Ok(());
    }
    identity::settle_account(tx, st, &mut account, &identity)?;
    flow::settle(tx, st, &account.verification_id, "verified", None, Some(&client.id))?;
    Ok(())
}

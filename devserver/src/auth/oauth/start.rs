//! Signing in and up with OAuth (PROTOCOL.md §7b): the start of the round trip.
//!
//! `POST /v1/client/sign_ins` with `strategy=oauth_<provider>` starts a sign-in whose
//! `first_factor_verification` is unverified and carries the provider URL; the callback then
//! signs in the user the identity names (`callback::finish_sign_in`). `POST /v1/client/sign_ups`
//! with `strategy=oauth_<provider>` starts a sign-up whose `verifications.external_account` works
//! the same way (`callback::finish_sign_up`).

use super::flow::{self, Begin, Provider};
use crate::auth::{session, sign_in, sign_up};
use crate::caller::Caller;
use crate::db::clients::{ClientRow, SignInRow};
use crate::db::oauth::{self as oauth_rows, OAuthSignUpRow};
use crate::db::sign_ups::{self, SignUpRow};
use crate::error::AppError;
use crate::form::Params;
use crate::state::AppState;
use crate::status::SignInStatus;
use rusqlite::Transaction;
use serde_json::Value;

/// The checked parameters that start an OAuth sign-in or sign-up: `strategy=oauth_<provider>`,
/// `redirect_url`, `action_complete_redirect_url`.
pub struct Start {
    provider: Provider,
    redirect_url: String,
}

impl Start {
    pub fn read(st: &AppState, caller: &Caller, params: &Params, strategy: &str) -> Result<Start, AppError> {
        let provider = flow::provider_of_strategy(st, strategy)?;
        let redirect_url = flow::redirect_target(st, "redirect_url", params.required("redirect_url")?, caller.origin.as_deref())?;
        if let Some(raw) = params.optional("action_complete_redirect_url") {
            flow::redirect_target(st, "action_complete_redirect_url", raw, caller.origin.as_deref())?;
        }
        Ok(Start { provider, redirect_url })
    }

    fn begin(self, purpose: &'static str, target_id: &str, st: &AppState) -> (Provider, Begin) {
        let begin = Begin {
            purpose,
            target_id: target_id.to_string(),
            verification_id: st.ids.new_id("ver"),
            user_id: None,
            scopes: flow::scopes_with(&self.provider, &[]),
            redirect_url: self.redirect_url,
        };
        (self.provider, begin)
    }
}

/// Starts an OAuth sign-in: `NeedsIdentifier`, its first factor the round trip.
pub fn start_sign_in(tx: &Transaction, st: &AppState, caller: &Caller, start: Start) -> Result<(ClientRow, SignInRow, Option<String>), AppError> {
    if let Some(c) = caller.client(tx)? {
        session::ensure_may_start(tx, st, &c, None)?;
    }
    let (client, cookie) = caller.ensure_client(tx, st)?;
    let mut sign_in = sign_in::new(st, &client, SignInStatus::NeedsIdentifier);
    let (provider, begin) = start.begin("sign_in", &sign_in.id, st);
    let v = flow::begin(tx, st, caller, &client.id, &provider, begin)?;
    sign_in.first_factor_verification_id = Some(v.id);
    Ok((client, sign_in, cookie))
}

/// Starts an OAuth sign-up (optionally with `unsafe_metadata`): its external-account
/// verification is the round trip.
pub fn start_sign_up(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    start: Start,
    unsafe_metadata: Option<Value>,
) -> Result<(ClientRow, SignUpRow, Option<String>), AppError> {
    if let Some(c) = caller.client(tx)? {
        session::ensure_may_start(tx, st, &c, None)?;
    }
    let (client, cookie) = caller.ensure_client(tx, st)?;
    let sign_up = sign_up::new(st, &client, unsafe_metadata);
    sign_ups::insert(tx, &sign_up)?;
    let (provider, begin) = start.begin("sign_up", &sign_up.id, st);
    let v = flow::begin(tx, st, caller, &client.id, &provider, begin)?;
    oauth_rows::insert_sign_up(
        tx,
        &OAuthSignUpRow { sign_up_id: sign_up.id.clone(), provider: provider.key.into(), verification_id: v.id, created_at: st.now() },
    )?;
    Ok((client, sign_up, cookie))
}

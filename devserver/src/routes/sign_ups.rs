//! Sign-up attempts: `POST /v1/client/sign_ups`, `GET` and `PATCH /v1/client/sign_ups/{id}`,
//! `prepare_verification` and `attempt_verification`. Each handler reads its parameters, runs the
//! step of `auth::sign_up` (or, for `oauth_<provider>` strategies and `transfer=true`, of
//! `auth::oauth`) in one transaction, saves the attempt and answers
//! `{response: sign_up, client}`.

use super::attempt::{answer, answered};
use crate::auth::oauth::{start, transfer};
use crate::auth::sign_up::{self, Changes};
use crate::caller::Caller;
use crate::error::AppError;
use crate::form::Params;
use crate::reply::Reply;
use crate::state::AppState;
use crate::wire::Render;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/client/sign_ups", post(sign_ups_create))
        .route("/v1/client/sign_ups/{id}", get(sign_ups_get).patch(sign_ups_update))
        .route("/v1/client/sign_ups/{id}/prepare_verification", post(sign_ups_prepare_verification))
        .route("/v1/client/sign_ups/{id}/attempt_verification", post(sign_ups_attempt_verification))
}

async fn sign_ups_create(caller: Caller, State(st): State<AppState>, params: Params) -> Result<Reply, AppError> {
    if st.config.sign_up_mode == "restricted" {
        return Err(AppError::sign_up_restricted());
    }
    if params.bool("transfer")? == Some(true) {
        let unsafe_metadata = sign_up::unsafe_metadata_param(&params)?;
        return st
            .tx(move |tx, st| {
                let (client, sign_up) = transfer::to_sign_up(tx, st, &caller, unsafe_metadata)?;
                answer(tx, st, &caller, client, sign_up)
            })
            .await;
    }
    if let Some(strategy) = params.optional("strategy").filter(|s| s.starts_with("oauth_")) {
        let round_trip = start::Start::read(&st, &caller, &params, strategy)?;
        let unsafe_metadata = sign_up::unsafe_metadata_param(&params)?;
        return st
            .tx(move |tx, st| {
                let (client, sign_up, cookie) = start::start_sign_up(tx, st, &caller, round_trip, unsafe_metadata)?;
                Ok(answer(tx, st, &caller, client, sign_up)?.cookie(cookie))
            })
            .await;
    }
    let changes = Changes::read(&st, &params).await?;
    st.tx(move |tx, st| {
        let (client, sign_up, cookie) = sign_up::create(tx, st, &caller, changes)?;
        Ok(answer(tx, st, &caller, client, sign_up)?.cookie(cookie))
    })
    .await
}

async fn sign_ups_get(caller: Caller, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    st.tx(move |tx, st| {
        let client = caller.must_client(tx)?;
        let sign_up = sign_up::own(tx, &client, &id)?;
        let r = Render::new(st, caller.origin.as_deref());
        Ok(Reply::envelope(r.sign_up(tx, &sign_up)?, Some(r.client(tx, &client)?)))
    })
    .await
}

/// Changes fields of the current sign-up.
async fn sign_ups_update(caller: Caller, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    let changes = Changes::read(&st, &params).await?;
    st.tx(move |tx, st| {
        let (client, sign_up) = sign_up::update(tx, st, &caller, &id, changes)?;
        answer(tx, st, &caller, client, sign_up)
    })
    .await
}

/// `strategy=email_code` (or `phone_code`): sends a code to the sign-up's email address (or
/// phone number); `strategy=web3_metamask_signature` (…): issues a nonce for its wallet to sign
/// (`verifications.web3_wallet.message`).
async fn sign_ups_prepare_verification(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Reply, AppError> {
    let strategy = sign_up::verification_strategy(&params)?;
    st.tx(move |tx, st| {
        let (client, sign_up) = sign_up::prepare_verification(tx, st, &caller, &id, strategy)?;
        answer(tx, st, &caller, client, sign_up)
    })
    .await
}

/// `strategy=email_code&code=…` (or `phone_code`), `strategy=web3_…_signature&signature=…`:
/// proves the address or wallet, and completes the sign-up when nothing else is missing.
async fn sign_ups_attempt_verification(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Reply, AppError> {
    let strategy = sign_up::verification_strategy(&params)?;
    let proof_key = if strategy.starts_with("web3_") { "signature" } else { "code" };
    let code = params.required(proof_key)?.to_string();
    st.tx_keeping_refusal(move |tx, st| {
        let outcome = sign_up::attempt_verification(tx, st, &caller, &id, strategy, &code)?;
        answered(tx, st, &caller, outcome)
    })
    .await
}

//! Sign-in attempts: `POST /v1/client/sign_ins`, `GET /v1/client/sign_ins/{id}`, and the factor
//! steps `prepare_first_factor`, `attempt_first_factor`, `prepare_second_factor`,
//! `attempt_second_factor`, and `reset_password` ("forgot password", after a `reset_password_*`
//! code) (PROTOCOL.md §8). Each handler reads its parameters, runs the step of
//! `auth::sign_in` (or, for `oauth_<provider>` strategies and `transfer=true`, of `auth::oauth`)
//! in one transaction, saves the attempt and answers `{response: sign_in, client}`.

use super::attempt::{answer, answered};
use crate::accounts;
use crate::auth::oauth::{start, transfer};
use crate::auth::sign_in::{self, FirstStep, Proof};
use crate::caller::Caller;
use crate::error::AppError;
use crate::form::Params;
use crate::password;
use crate::reply::Reply;
use crate::state::AppState;
use crate::wire::Render;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use rusqlite::Transaction;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/client/sign_ins", post(sign_ins_create))
        .route("/v1/client/sign_ins/{id}", get(sign_ins_get))
        .route("/v1/client/sign_ins/{id}/prepare_first_factor", post(sign_ins_prepare_first_factor))
        .route("/v1/client/sign_ins/{id}/attempt_first_factor", post(sign_ins_attempt_first_factor))
        .route("/v1/client/sign_ins/{id}/prepare_second_factor", post(sign_ins_prepare_second_factor))
        .route("/v1/client/sign_ins/{id}/attempt_second_factor", post(sign_ins_attempt_second_factor))
        .route("/v1/client/sign_ins/{id}/reset_password", post(sign_ins_reset_password))
}

async fn sign_ins_create(caller: Caller, State(st): State<AppState>, params: Params) -> Result<Reply, AppError> {
    if params.bool("transfer")? == Some(true) {
        return st
            .tx(move |tx, st| {
                let (client, sign_in) = transfer::to_sign_in(tx, st, &caller)?;
                answer(tx, st, &caller, client, sign_in)
            })
            .await;
    }
    if let Some(strategy) = params.optional("strategy").filter(|s| s.starts_with("oauth_")) {
        let round_trip = start::Start::read(&st, &caller, &params, strategy)?;
        return st
            .tx(move |tx, st| {
                let (client, sign_in, cookie) = start::start_sign_in(tx, st, &caller, round_trip)?;
                Ok(answer(tx, st, &caller, client, sign_in)?.cookie(cookie))
            })
            .await;
    }
    if params.optional("strategy") == Some("ticket") || (params.optional("strategy").is_none() && params.has("ticket")) {
        let ticket = params.required("ticket")?.to_string();
        return st
            .tx(move |tx, st| {
                let (client, sign_in, cookie) = sign_in::redeem_ticket(tx, st, &caller, &ticket)?;
                Ok(answer(tx, st, &caller, client, sign_in)?.cookie(cookie))
            })
            .await;
    }
    let (identifier, step) = FirstStep::read(&params)?;
    let step = match step {
        FirstStep::Password(password) => {
            // The password is checked between two transactions, off the database lock.
            let (reader, id) = (caller.clone(), identifier.clone());
            return st
                .tx_checking_password(
                    password,
                    move |tx, st| sign_in::create_password_hash(tx, st, &reader, &id),
                    move |tx, st, checked| created(tx, st, &caller, &identifier, FirstStep::Password(checked)),
                )
                .await;
        }
        FirstStep::Identify => FirstStep::Identify,
        FirstStep::Code(strategy) => FirstStep::Code(strategy),
    };
    st.tx_keeping_refusal(move |tx, st| created(tx, st, &caller, &identifier, step)).await
}

/// `sign_in::create`, answered (a refusal that keeps what it wrote stays one).
fn created(tx: &Transaction, st: &AppState, caller: &Caller, identifier: &str, step: FirstStep) -> Result<Result<Reply, AppError>, AppError> {
    Ok(match sign_in::create(tx, st, caller, identifier, step)? {
        Ok((client, sign_in, cookie)) => Ok(answer(tx, st, caller, client, sign_in)?.cookie(cookie)),
        Err(refusal) => Err(refusal),
    })
}

async fn sign_ins_get(caller: Caller, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    st.tx(move |tx, st| {
        let client = caller.must_client(tx)?;
        let sign_in = sign_in::own(tx, &client, &id)?;
        let r = Render::new(st, caller.origin.as_deref());
        Ok(Reply::envelope(r.sign_in(tx, &sign_in)?, Some(r.client(tx, &client)?)))
    })
    .await
}

/// `strategy=email_code|reset_password_email_code&email_address_id=…` or
/// `strategy=phone_code|reset_password_phone_code&phone_number_id=…`: sends a code;
/// `strategy=web3_…_signature&web3_wallet_id=…`: issues a nonce to sign (the first factor
/// verification's `message`).
async fn sign_ins_prepare_first_factor(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Reply, AppError> {
    let strategy = sign_in::prepare_strategy(&params)?;
    let wanted = params.optional(sign_in::id_param(strategy)).map(str::to_string);
    st.tx(move |tx, st| {
        let (client, sign_in) = sign_in::prepare_first_factor(tx, st, &caller, &id, strategy, wanted.as_deref())?;
        answer(tx, st, &caller, client, sign_in)
    })
    .await
}

/// `strategy=password&password=…`, `strategy=<code strategy>&code=…` (a `reset_password_*` code
/// leaves the sign-in `needs_new_password`) or `strategy=web3_…_signature&signature=…`.
async fn sign_ins_attempt_first_factor(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Reply, AppError> {
    let proof = match Proof::read_first(&params)? {
        Proof::Password(password) => {
            // The password is checked between two transactions, off the database lock.
            let (reader, sign_in_id) = (caller.clone(), id.clone());
            return st
                .tx_checking_password(
                    password,
                    move |tx, st| sign_in::attempt_password_hash(tx, st, &reader, &sign_in_id),
                    move |tx, st, checked| {
                        let outcome = sign_in::attempt_first_factor(tx, st, &caller, &id, Proof::Password(checked))?;
                        answered(tx, st, &caller, outcome)
                    },
                )
                .await;
        }
        Proof::Code(strategy, code) => Proof::Code(strategy, code),
        Proof::Signature(strategy, signature) => Proof::Signature(strategy, signature),
    };
    st.tx_keeping_refusal(move |tx, st| {
        let outcome = sign_in::attempt_first_factor(tx, st, &caller, &id, proof)?;
        answered(tx, st, &caller, outcome)
    })
    .await
}

/// `password=…[&sign_out_of_other_sessions=true]` on a `needs_new_password` sign-in: the password
/// is checked against the instance's rules and hashed off the database lock, then set and the
/// sign-in completed in one transaction.
async fn sign_ins_reset_password(caller: Caller, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    let password = params.required("password")?.to_string();
    let sign_out_others = params.bool("sign_out_of_other_sessions")?.unwrap_or(false);
    accounts::check_password(&st, &password).map_err(|e| e.param("password"))?;
    let new_hash = password::hash_off_lock(password).await?;
    st.tx(move |tx, st| {
        let (client, sign_in) = sign_in::reset_password(tx, st, &caller, &id, new_hash, sign_out_others)?;
        answer(tx, st, &caller, client, sign_in)
    })
    .await
}

/// `strategy=phone_code[&phone_number_id=…]`: sends the SMS code of the second factor.
async fn sign_ins_prepare_second_factor(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Reply, AppError> {
    sign_in::check_second_factor_strategy(params.optional("strategy").unwrap_or("phone_code"))?;
    let wanted = params.optional("phone_number_id").map(str::to_string);
    st.tx(move |tx, st| {
        let (client, sign_in) = sign_in::prepare_second_factor(tx, st, &caller, &id, wanted.as_deref())?;
        answer(tx, st, &caller, client, sign_in)
    })
    .await
}

/// `strategy=phone_code&code=…`: completes the sign-in with both factors verified.
async fn sign_ins_attempt_second_factor(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Reply, AppError> {
    sign_in::check_second_factor_strategy(params.required("strategy")?)?;
    let code = params.required("code")?.to_string();
    st.tx_keeping_refusal(move |tx, st| {
        let outcome = sign_in::attempt_second_factor(tx, st, &caller, &id, &code)?;
        answered(tx, st, &caller, outcome)
    })
    .await
}

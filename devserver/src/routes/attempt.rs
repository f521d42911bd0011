//! How the sign-in and sign-up routes answer an attempt: save it on its client (the domain's
//! `save`, which also decides whether it stays the client's current one) and render
//! `{response: attempt, client}`.

use crate::auth::{sign_in, sign_up};
use crate::caller::Caller;
use crate::db::clients::{ClientRow, SignInRow};
use crate::db::sign_ups::SignUpRow;
use crate::error::AppError;
use crate::reply::Reply;
use crate::state::AppState;
use crate::wire::Render;
use rusqlite::Transaction;
use serde_json::Value;

/// A sign-in or a sign-up attempt.
pub trait Attempt {
    fn save(&mut self, tx: &Transaction, st: &AppState, client: &mut ClientRow) -> Result<(), AppError>;
    fn render(&self, r: &Render, tx: &Transaction) -> Result<Value, AppError>;
}

impl Attempt for SignInRow {
    fn save(&mut self, tx: &Transaction, st: &AppState, client: &mut ClientRow) -> Result<(), AppError> {
        sign_in::save(tx, st, client, self)
    }
    fn render(&self, r: &Render, tx: &Transaction) -> Result<Value, AppError> {
        r.sign_in(tx, self)
    }
}

impl Attempt for SignUpRow {
    fn save(&mut self, tx: &Transaction, st: &AppState, client: &mut ClientRow) -> Result<(), AppError> {
        sign_up::save(tx, st, client, self)
    }
    fn render(&self, r: &Render, tx: &Transaction) -> Result<Value, AppError> {
        r.sign_up(tx, self)
    }
}

/// Saves the attempt on its client (the caller's) and answers it with the client, and with the
/// client cookie when its value changed (a new client, or one rotated as a session was born).
pub fn answer(tx: &Transaction, st: &AppState, caller: &Caller, mut client: ClientRow, mut attempt: impl Attempt) -> Result<Reply, AppError> {
    attempt.save(tx, st, &mut client)?;
    let r = Render::new(st, caller.origin.as_deref());
    Ok(Reply::envelope(attempt.render(&r, tx)?, Some(r.client(tx, &client)?)).cookie(caller.cookie_for(&client)))
}

/// `answer` for a step that may be refused keeping what it wrote (`AppState::tx_keeping_refusal`).
pub fn answered<A: Attempt>(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    outcome: Result<(ClientRow, A), AppError>,
) -> Result<Result<Reply, AppError>, AppError> {
    match outcome {
        Ok((client, attempt)) => answer(tx, st, caller, client, attempt).map(Ok),
        Err(refusal) => Ok(Err(refusal)),
    }
}

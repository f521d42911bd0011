//! `GET|PATCH /v1/environment`: the instance configuration, bare (not enveloped). ClerkJS sends
//! the PATCH form in development; both answer the same.

use crate::caller::Caller;
use crate::error::AppError;
use crate::reply::Reply;
use crate::state::AppState;
use crate::wire::environment::environment;
use axum::extract::State;
use axum::routing::get;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/environment", get(environment_get).patch(environment_get))
}

async fn environment_get(_ctx: Caller, State(st): State<AppState>) -> Result<Reply, AppError> {
    Ok(Reply::bare(environment(&st)))
}

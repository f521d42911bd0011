//! `POST /dev/clock` (Bearer secret key, JSON `{"advance_ms": n}`): moves the server's clock
//! forward, so page-level tests can watch codes, sign-ins and sessions expire without waiting.
//! Only a server started with `--movable-clock` has a clock that moves; any other answers 409.

use crate::error::AppError;
use crate::secret_key::SecretKey;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new().route("/dev/clock", post(clock_post))
}

async fn clock_post(_: SecretKey, State(st): State<AppState>, Json(body): Json<Value>) -> Result<Response, AppError> {
    let Some(ms) = body.get("advance_ms").and_then(Value::as_i64).filter(|ms| *ms >= 0) else {
        return Err(AppError::param_format_invalid("advance_ms", "advance_ms must be a non-negative number of milliseconds."));
    };
    if !st.clock.advance_by(ms) {
        let msg = json!({"errors": [{"code": "clock_not_movable", "message": "start the server with --movable-clock"}]});
        return Ok((StatusCode::CONFLICT, Json(msg)).into_response());
    }
    Ok(Json(json!({"now": st.now()})).into_response())
}

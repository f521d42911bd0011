//! `GET /.well-known/jwks.json`: the public key that verifies session tokens, as Clerk serves it
//! on the Frontend API host.

use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

pub fn router() -> Router<AppState> {
    Router::new().route("/.well-known/jwks.json", get(jwks_get))
}

async fn jwks_get(State(st): State<AppState>) -> Json<Value> {
    Json(st.keys.jwks())
}

//! The `/v1/me` routes: the signed-in user managing themselves (issue #4).

use crate::state::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
}

//! OAuth: the mock provider, `/v1/oauth_callback`, and external accounts (issue #5).

use crate::state::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
}

//! OAuth's routes (the round trips themselves are `auth::oauth`'s): the mock OAuth provider for
//! every enabled `oauth_<provider>` strategy (`provider`, with its consent page and logos in
//! `page`), the Frontend API's `/v1/oauth_callback` (`callback`), and the signed-in user's
//! external accounts (`connect`). OAuth sign-ins and sign-ups start at the sign-in and sign-up
//! routes.

mod callback;
mod connect;
mod page;
mod provider;

use crate::state::AppState;
use axum::routing::{get, patch, post};
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/me/external_accounts", post(connect::external_accounts_create))
        .route("/v1/me/external_accounts/{id}", axum::routing::delete(connect::external_accounts_delete))
        .route("/v1/me/external_accounts/{id}/reauthorize", patch(connect::external_accounts_reauthorize))
        .route("/v1/oauth_callback", get(callback::callback_get).post(callback::callback_post))
        .route("/dev/oauth/logo/{file}", get(provider::logo_get))
        .route("/dev/oauth/{provider}/authorize", get(provider::authorize_get).post(provider::authorize_post))
}

//! OAuth (issue #5): a mock OAuth provider for every enabled `oauth_<provider>` strategy, the
//! Frontend API's `/v1/oauth_callback`, the signed-in user's external accounts, and signing in
//! and up with OAuth.
//!
//! One round trip: something asks for an OAuth verification (connecting an account, an OAuth
//! sign-in or sign-up); `flow::begin` stores it unverified with the provider URL and a
//! single-use, expiring `state` bound to the client that asked. The browser goes to the mock
//! provider's consent screen (`provider`), which sends it to the callback with a one-time code
//! (or `error=access_denied`). The callback (`callback`) checks and spends the state and the
//! code, applies the identity to what the state verifies (`callback` for accounts, `auth` for
//! sign-ins and sign-ups) and redirects to the application's `redirect_url`, which was checked
//! against the allowed origins when the round trip began.
//!
//! - `flow`: providers, scopes, redirect URL rules, starting and settling verifications.
//! - `identity`: identities, who owns one, turning one into a verified external account.
//! - `provider`, `page`: the consent screen (and its HTML), the logos.
//! - `callback`, `connect`, `auth`: the routes. `errors`: the `AppError` constructors.

mod auth;
mod callback;
mod connect;
mod errors;
mod flow;
mod identity;
mod page;
mod provider;

pub use auth::{complete_sign_up_if_ready, create_sign_in, create_sign_up, sign_up_progress, transfer_to_sign_in, transfer_to_sign_up};

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

//! OAuth (PROTOCOL.md §7): connecting a provider to the signed-in user, and signing in and up
//! with one, against the dev server's mock provider.
//!
//! One round trip: something asks for an OAuth verification (connecting an account, an OAuth
//! sign-in or sign-up); `flow::begin` stores it unverified with the provider URL and a
//! single-use, expiring `state` bound to the client that asked. The browser goes to the mock
//! provider's consent screen (`routes::oauth`), which sends it to the callback with a one-time
//! code (or `error=access_denied`). The callback (`callback`) checks and spends the state and
//! the code and applies the identity to what the state verifies — an external account, a
//! sign-in or a sign-up — then the browser goes to the application's `redirect_url`, which was
//! checked against the allowed origins when the round trip began.
//!
//! - `flow`: providers, scopes, redirect URL rules, starting and settling round trips.
//! - `start`: OAuth sign-ins and sign-ups; `connect`: the user's external accounts.
//! - `callback`: the end of a round trip; `transfer`: a sign-in to a sign-up, or back.
//! - `errors`: the `AppError` constructors of OAuth.
//!
//! Identities and external accounts themselves are `auth::identity`'s (sign-ups use them too).

pub mod callback;
pub mod connect;
mod errors;
pub mod flow;
pub mod start;
pub mod transfer;

use crate::auth::identity::Identity;
use crate::error::AppError;
use flow::Provider;

/// What the provider answered.
pub enum Outcome {
    Approved(Identity),
    /// `error=<reason>`.
    Refused(String),
}

impl Outcome {
    /// The verification error of a refusal.
    pub fn refusal_error(reason: &str, provider: &Provider) -> AppError {
        if reason == "access_denied" {
            AppError::oauth_access_denied(provider.name)
        } else {
            let reason: String = reason.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').take(64).collect();
            AppError::oauth_token_exchange_error(format!("{} answered the authorization request with the error {reason}.", provider.name))
        }
    }
}

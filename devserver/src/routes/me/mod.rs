//! The `/v1/me` routes: the signed-in user managing themselves (issue #4, PROTOCOL.md §4).
//!
//! - `identifiers`: email addresses, phone numbers and Web3 wallets — create, read, verify
//!   (codes through the dev outbox, EIP-191 signatures), reserve/default second factor, destroy.
//! - `user`: the user itself — read, update (names, username, primaries), metadata, password,
//!   sessions, delete.
//!
//! External accounts live with the rest of OAuth in `routes::oauth`.

mod identifiers;
mod user;

use crate::state::AppState;
use axum::Router;

pub fn router() -> Router<AppState> {
    Router::new().merge(identifiers::router()).merge(user::router())
}

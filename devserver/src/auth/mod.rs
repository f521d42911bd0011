//! The dev server's domain layer: the rules of signing in and up, of sessions and of OAuth,
//! between the routes (which parse a request and render the answer) and `db/` (which stores).
//! A request goes route → domain → db, inside the one transaction the route opens
//! (`AppState::tx`); nothing here knows HTTP, and nothing here imports `routes`.
//!
//! - `session`: starting a session (the one place one is born), the single-session rule,
//!   touching and ending sessions.
//! - `sign_in`: a sign-in attempt — its constructor, its factor steps, its completion.
//! - `sign_up`: a sign-up attempt — its changes, its progress, its completion (form and OAuth).
//! - `user`: the signed-in user's own changes — profile, metadata, password, deletion.
//! - `admin`: the Backend API's changes to any user — `updateUser`, metadata replaced, ban and
//!   unban (a ban revokes the user's sessions; `session::start` refuses a banned user).
//! - `identity`: provider identities and the external accounts that hold them.
//! - `oauth`: the OAuth round trips — connecting accounts, OAuth sign-ins and sign-ups, the
//!   callback, transfers.
//!
//! The modules depend downwards only: `oauth` → `sign_in`, `sign_up` → `identity`, `admin` → `user`, `session` →
//! `db`; no module of this layer imports one above it.

pub mod admin;
pub mod identity;
pub mod oauth;
pub mod session;
pub mod sign_in;
pub mod sign_up;
pub mod user;

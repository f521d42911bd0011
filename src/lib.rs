//! clerk-wasm: Clerk's browser SDK in Rust and WebAssembly, with ClerkJS's JavaScript API.
//!
//! # Brief overview
//!
//! JavaScript creates a [`Clerk`](clerk::Clerk) with a publishable key and calls `load()`. The
//! `Clerk` class is a facade over one shared [`Core`](core::Core): the Frontend API transport
//! ([`fapi`], the only module that touches the network), the environment, the client, which
//! session is current, the session-token cache and the listeners. The objects JavaScript reads —
//! `Client`, `Session`, `User`, `EmailAddress`, … — live in [`resources`]: each wraps the decoded
//! JSON of one Frontend API object and an `Rc` of the core, so its methods can send requests and
//! apply the client that every answer carries back. Every failure is an [`Error`](error::Error),
//! which becomes a ClerkJS-shaped JS error at the export edge. [`key`] parses publishable keys,
//! [`browser`] wraps cookies, the address bar and timers, [`jwt`] reads token claims.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod browser;
pub mod clerk;
pub mod core;
pub mod error;
pub mod fapi;
pub mod jwt;
pub mod key;
pub mod resources;
mod ts;

pub use clerk::Clerk;
pub use error::Error;

//! clerk-wasm: Clerk's browser SDK in Rust and WebAssembly, with ClerkJS's JavaScript API.
//!
//! # Brief overview
//!
//! JavaScript creates a [`Clerk`](clerk::Clerk) with a publishable key and calls `load()`. The
//! `Clerk` class is a facade over one shared [`Core`](core::Core): the Frontend API transport
//! ([`fapi`], the only module that touches the network, through gloo-net), the environment, the
//! client, which session is current, the session-token cache and the listeners. The objects
//! JavaScript reads — `Client`, `Session`, `User`, `EmailAddress`, … — live in [`resources`]:
//! each wraps the decoded JSON of one Frontend API object and an `Rc` of the core, so its methods
//! can send requests and apply the client that every answer carries back. The parameters of
//! every public method are typed structs ([`params`], read with serde-wasm-bindgen). Every
//! failure is an [`Error`](error::Error), which becomes a ClerkJS-shaped JS error at the export
//! edge. [`key`] parses publishable keys, [`browser`] wraps cookies, the address bar and timers,
//! [`jwt`] reads token claims.
//!
//! The components (`mountSignIn`, `mountUserButton`, `openUserProfile`, …) are not in this crate:
//! they are the `clerk-wasm-ui` crate, a WebAssembly module of their own that [`components`]
//! imports on first use and that talks to this SDK through its public JavaScript API only, as
//! ClerkJS 6 loads `@clerk/ui`. The wallet sign-in (`authenticateWithMetamask`,
//! `authenticateWithWeb3`) runs there too, as a chain of the SDK's own public methods, after
//! [`components::web3`] has checked its parameters.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod base64;
pub mod browser;
pub mod clerk;
pub mod components;
pub mod core;
pub mod error;
pub mod fapi;
pub mod js;
pub mod jwt;
pub mod keccak;
pub mod keeper;
pub mod key;
pub mod nav;
pub mod oauth;
pub mod params;
pub mod resources;
mod ts;
pub mod validate;
pub mod wire;

pub use clerk::Clerk;
pub use error::Error;

use std::future::Future;
use std::pin::Pin;
use wasm_bindgen::JsValue;

/// Runs an SDK future as a JS `Promise`: the error becomes a ClerkJS-shaped JS error.
///
/// Every async method goes through here with a boxed future, so `future_to_promise` is compiled
/// once instead of once per method (an exported `async fn` measured ~0.5 KB of glue each).
pub(crate) fn promise(f: impl Future<Output = Result<JsValue, Error>> + 'static) -> js_sys::Promise {
    let boxed: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>> = Box::pin(async move { f.await.map_err(JsValue::from) });
    wasm_bindgen_futures::future_to_promise(boxed)
}

/// Runs a background task; boxed for the same reason as `promise`.
pub(crate) fn spawn(f: impl Future<Output = ()> + 'static) {
    let boxed: Pin<Box<dyn Future<Output = ()>>> = Box::pin(f);
    wasm_bindgen_futures::spawn_local(boxed);
}

// A small free-list allocator: dlmalloc measured 7 KB of the .wasm; the SDK allocates little.
// SAFETY: the SDK targets wasm32 without threads (no `atomics` target feature), so the
// allocator is only ever used from one thread.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };

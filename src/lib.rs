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
// In the browser the SDK uses `core` and `alloc` only: without `std`, a panic needs no message
// formatting (see `panic` below), which measured several KB of the `.wasm`. Native builds (the
// unit tests) keep `std`.
#![cfg_attr(all(target_arch = "wasm32", not(test)), no_std)]

extern crate alloc;

/// The `alloc` types every module uses, for `no_std`.
pub(crate) mod prelude {
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod base64;
pub mod browser;
pub mod clerk;
pub mod core;
pub mod error;
pub mod fapi;
pub mod js;
pub mod jwt;
pub mod keccak;
pub mod key;
pub mod oauth;
pub mod resources;
mod ts;
pub mod ui;
pub mod validate;

pub use clerk::Clerk;

/// Runs an SDK future as a JS `Promise`: the error becomes a ClerkJS-shaped JS error.
///
/// Every async method goes through here with a boxed future, so `future_to_promise` is compiled
/// once instead of once per method (an exported `async fn` measured ~0.5 KB of glue each).
pub(crate) fn promise(f: impl ::core::future::Future<Output = Result<wasm_bindgen::JsValue, Error>> + 'static) -> js_sys::Promise {
    use ::core::future::Future;
    use ::core::pin::Pin;
    let boxed: Pin<alloc::boxed::Box<dyn Future<Output = Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>>>> =
        alloc::boxed::Box::pin(async move { f.await.map_err(wasm_bindgen::JsValue::from) });
    wasm_bindgen_futures::future_to_promise(boxed)
}

/// Runs a background task (the components' event handlers); boxed for the same reason as
/// `promise`.
pub(crate) fn spawn(f: impl ::core::future::Future<Output = ()> + 'static) {
    let boxed: ::core::pin::Pin<alloc::boxed::Box<dyn ::core::future::Future<Output = ()>>> = alloc::boxed::Box::pin(f);
    wasm_bindgen_futures::spawn_local(boxed);
}

// SAFETY: the SDK targets wasm32 without threads (no `atomics` target feature), so the
// allocator is only ever used from one thread.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
pub use error::Error;

/// A panic in the browser build stops the module without formatting a message: the SDK denies
/// `unwrap`/`expect`/`panic!` and returns errors instead, so this is for the impossible cases,
/// and a formatted message would cost more bytes than it could ever help.
#[cfg(all(target_arch = "wasm32", feature = "tiny-panic"))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}

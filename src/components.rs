//! Where the components come from. `mountSignIn` and its siblings keep ClerkJS's synchronous
//! signatures, but the components themselves are another WebAssembly module (the `clerk-wasm-ui`
//! crate: `pkg/clerk_ui.js` + `clerk_ui_bg.wasm`), imported the first time a page needs one —
//! as ClerkJS 6 loads `@clerk/ui` — so a page that never mounts a component never downloads it.
//!
//! The UI module knows this SDK only through its public JavaScript API: each call hands it a
//! `Clerk` object for this instance, the element and the props, exactly what a page has. This
//! module keeps no registry of what is mounted (the UI module does); it only orders the calls:
//! - once the module is in and `load()` has finished, a call runs at once (synchronously);
//! - before that, calls wait in a queue, in the order they were made, and run when both are
//!   ready — so `mountSignIn` may be called while `load()` is still running, and a mount followed
//!   by an unmount before the module arrives ends with nothing mounted.
//!
//! To keep the module off the critical path, `load()` starts fetching it ([`prefetch`]) as soon
//! as it knows nobody is signed in, and a mount during `load()` starts it at once.

use crate::core::Core;
use crate::error::Error;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/www/ui-loader.js")]
extern "C" {
    /// Imports the UI module next to the SDK's `clerk.js` (once per page) and resolves to it.
    #[wasm_bindgen(js_name = loadComponents)]
    fn load_components() -> js_sys::Promise;
}

#[wasm_bindgen]
extern "C" {
    /// The UI module's exports.
    #[derive(Clone)]
    type UiModule;

    /// Renders `component` into `node` for `clerk`, replacing a component already there.
    #[wasm_bindgen(method, catch)]
    fn mount(this: &UiModule, component: &str, clerk: &JsValue, node: &JsValue, props: &JsValue) -> Result<(), JsValue>;

    /// Removes the component in `node`, if any.
    #[wasm_bindgen(method, catch)]
    fn unmount(this: &UiModule, node: &JsValue) -> Result<(), JsValue>;
}

/// The components this SDK can mount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Component {
    SignIn,
    SignUp,
}

impl Component {
    /// The name the UI module knows the component by.
    pub fn name(self) -> &'static str {
        match self {
            Component::SignIn => "SignIn",
            Component::SignUp => "SignUp",
        }
    }
}

/// A call waiting for the module or for `load()`.
enum Call {
    Mount(Component, JsValue, JsValue),
    Unmount(JsValue),
}

thread_local! {
    /// The UI module once it is in: one per page, whatever the number of `Clerk` instances.
    static MODULE: RefCell<Option<UiModule>> = const { RefCell::new(None) };
}

/// One instance's queue of component calls.
#[derive(Default)]
pub struct Host {
    pending: RefCell<VecDeque<Call>>,
    /// A task is emptying the queue.
    draining: Cell<bool>,
    /// This instance asked for the module at least once (an unmount before that has nothing to do).
    requested: Cell<bool>,
}

/// `mountSignIn(node, props)` / `mountSignUp(node, props)`: checked here, synchronously, as
/// ClerkJS checks them; the component appears once the UI module is in.
pub fn mount(core: &Rc<Core>, component: Component, node: JsValue, props: JsValue) -> Result<(), Error> {
    if !node.is_instance_of::<web_sys::Element>() {
        return Err(Error::usage("mount: the first argument must be a DOM element"));
    }
    if !core.load_started() {
        return Err(Error::usage("mount: call `clerk.load()` before mounting components"));
    }
    core.components.requested.set(true);
    call(core, Call::Mount(component, node, props));
    Ok(())
}

/// `unmountSignIn(node)` / `unmountSignUp(node)`.
pub fn unmount(core: &Rc<Core>, node: JsValue) {
    if core.components.requested.get() {
        call(core, Call::Unmount(node));
    }
}

/// Starts downloading the UI module, if it is not in or on its way already.
pub fn prefetch() {
    if MODULE.with(|m| m.borrow().is_none()) {
        crate::spawn(async {
            // A failure here is not reported: the mount that needs the module tries again.
            let _ = module().await;
        });
    }
}

fn call(core: &Rc<Core>, call: Call) {
    let host = &core.components;
    let ready = MODULE.with(|m| m.borrow().clone());
    match ready {
        Some(m) if !host.draining.get() && core.is_loaded() => run(core, &m, call),
        _ => {
            host.pending.borrow_mut().push_back(call);
            if !host.draining.replace(true) {
                crate::spawn(drain(core.clone()));
            }
        }
    }
}

/// Waits for the module and for `load()`, then runs the queued calls in order.
async fn drain(core: Rc<Core>) {
    let ready = match module().await {
        Ok(m) => core.until_loaded().await.map(|_| m),
        Err(e) => Err(e),
    };
    loop {
        let Some(next) = core.components.pending.borrow_mut().pop_front() else { break };
        match &ready {
            Ok(m) => run(&core, m, next),
            Err(e) => report("the components could not be shown", &e.message()),
        }
    }
    core.components.draining.set(false);
}

fn run(core: &Rc<Core>, m: &UiModule, call: Call) {
    let result = match call {
        Call::Mount(component, node, props) => m.mount(component.name(), &crate::clerk::Clerk::handle(core), &node, &props),
        Call::Unmount(node) => m.unmount(&node),
    };
    if let Err(e) = result {
        report("a component failed", &crate::error::from_js(e).message());
    }
}

/// The UI module, importing it if needed.
async fn module() -> Result<UiModule, Error> {
    if let Some(m) = MODULE.with(|m| m.borrow().clone()) {
        return Ok(m);
    }
    let m: UiModule = JsFuture::from(load_components()).await.map_err(crate::error::from_js)?.unchecked_into();
    MODULE.with(|cell| *cell.borrow_mut() = Some(m.clone()));
    Ok(m)
}

fn report(what: &str, why: &str) {
    web_sys::console::error_1(&JsValue::from_str(&["clerk-wasm: ", what, ": ", why].concat()));
}

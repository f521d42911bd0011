//! The mountable components: `mountSignIn` / `mountSignUp` and their unmount twins.
//!
//! A mounted component is a [`Flow`]: the element it owns inside the page's node, its props,
//! the step it is on, and one event listener per event type on its own root (event delegation:
//! buttons and forms say what they do in `data-action`). A step renders as a [`Screen`] — a
//! plain description (title, inputs, buttons, links) that `render` turns into DOM — and
//! handles its actions by calling the same resource methods a page would
//! (`clerk.client.signIn.create(…)`, …), then `Core::set_active` and a navigation once done.
//! Errors from the Frontend API land at the input named by `meta.paramName`, others in the
//! form's alert. Unmounting removes the DOM and the listeners; nothing else holds the flow.
//!
//! `sign_in.rs` and `sign_up.rs` hold the two flows' steps; `dom.rs` the DOM calls;
//! `style.rs` the stylesheet.

mod dom;
mod sign_in;
mod sign_up;
mod style;

use crate::core::Core;
use crate::error::Error;
use crate::js;
#[allow(unused_imports)]
use crate::prelude::*;
use alloc::rc::Rc;
use core::cell::{Cell, RefCell};
use core::sync::atomic::{AtomicU32, Ordering};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Which component a flow is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Component {
    SignIn,
    SignUp,
}

/// Where a flow is.
#[derive(Clone, PartialEq)]
pub enum Step {
    /// Sign-in: the identifier.
    Identifier,
    /// Sign-in: the password of the identified user.
    Password,
    /// Sign-in: a code sent for this first factor (its JSON, camelCase).
    Code(JsValue),
    /// Sign-in: choose another first factor.
    Choose,
    /// Sign-in: the SMS code of the second factor.
    SecondFactor,
    /// Sign-up: the form.
    SignUpForm,
    /// Sign-up: the email code.
    VerifyEmail,
    /// Finished; navigating away.
    Done,
}

/// One input of a screen.
pub struct Input {
    /// The form parameter it is, as the Frontend API names it (`identifier`, `email_address`,
    /// …), so `meta.paramName` finds it.
    pub name: &'static str,
    pub label: String,
    pub kind: &'static str,
    pub autocomplete: &'static str,
    pub value: String,
    pub optional: bool,
}

/// What a step shows.
#[derive(Default)]
pub struct Screen {
    pub title: String,
    pub subtitle: String,
    pub inputs: Vec<Input>,
    /// The primary button's label; none: no form.
    pub submit: Option<&'static str>,
    /// Full-width secondary buttons (`data-action`, label).
    pub choices: Vec<(String, String)>,
    /// Small link-buttons under the form (`data-action`, label).
    pub links: Vec<(&'static str, String)>,
    /// "Don't have an account?" + a link (text, label, href).
    pub footer: Option<(&'static str, &'static str, String)>,
    /// Show a "Continue with <provider>" button per enabled OAuth provider.
    pub social: bool,
    /// The identifier, for password managers, on a password-only form.
    pub username_hint: String,
}

/// The marker the components put on the URL the OAuth provider returns to.
const SSO_CALLBACK: &str = "#/sso-callback";

/// A mounted component.
pub struct Flow {
    pub core: Rc<Core>,
    pub component: Component,
    /// The `<div class="cl-root">` the flow owns, inside the page's node.
    root: JsValue,
    pub props: JsValue,
    pub step: RefCell<Step>,
    busy: Cell<bool>,
    /// A number unique to this mount, for element ids.
    uid: u32,
}

static MOUNTS: AtomicU32 = AtomicU32::new(0);

impl Flow {
    /// Draws the current step.
    pub fn render(&self) {
        let step = self.step.borrow().clone();
        let screen = match self.component {
            Component::SignIn => sign_in::screen(self, &step),
            Component::SignUp => sign_up::screen(self, &step),
        };
        self.draw(&screen);
    }

    /// Moves to `step` and draws it.
    pub fn go(&self, step: Step) {
        *self.step.borrow_mut() = step;
        self.render();
    }

    fn id(&self, name: &str) -> String {
        ["cl-", &self.uid.to_string(), "-", name].concat()
    }

    fn draw(&self, s: &Screen) {
        let card = dom::el("div", "cl-card");
        let title_id = self.id("title");
        dom::attr(&card, "role", "region");
        dom::attr(&card, "aria-labelledby", &title_id);
        let header = dom::el("div", "cl-header");
        let title = dom::text_el("h1", "cl-title", &s.title);
        dom::attr(&title, "id", &title_id);
        dom::append_all(&header, &[&title, &dom::text_el("p", "cl-subtitle", &s.subtitle)]);
        dom::append(&card, &header);

        let providers = if s.social { self.providers() } else { Vec::new() };
        if !providers.is_empty() {
            let list = dom::el("div", "cl-choices");
            for (strategy, name) in &providers {
                let b = dom::text_el("button", "cl-button cl-secondary cl-social", &["Continue with ", name].concat());
                dom::attr(&b, "type", "button");
                dom::attr(&b, "data-action", &["oauth:", strategy].concat());
                dom::append(&list, &b);
            }
            dom::append(&card, &list);
            dom::append(&card, &dom::text_el("div", "cl-divider", "or"));
        }

        if let Some(label) = s.submit {
            let form = dom::el("form", "cl-form");
            dom::attr(&form, "novalidate", "");
            let fieldset = dom::el("fieldset", "cl-fieldset");
            let alert = dom::el("div", "cl-alert");
            dom::attr(&alert, "role", "alert");
            dom::attr(&alert, "data-role", "alert");
            dom::append(&fieldset, &alert);
            if !s.username_hint.is_empty() {
                // Password managers pair a password with the username field next to it.
                let hint = dom::el("input", "cl-sr");
                dom::attr(&hint, "autocomplete", "username");
                dom::attr(&hint, "tabindex", "-1");
                dom::attr(&hint, "aria-hidden", "true");
                js::set(&hint, "value", &JsValue::from_str(&s.username_hint));
                dom::append(&fieldset, &hint);
            }
            let mut row: Option<JsValue> = None;
            for input in &s.inputs {
                let field = self.field(input);
                // First and last name share a row.
                if input.name == "first_name" {
                    let r = dom::el("div", "cl-row");
                    dom::append(&r, &field);
                    row = Some(r);
                } else if let (Some(r), "last_name") = (&row, input.name) {
                    dom::append(r, &field);
                    dom::append(&fieldset, r);
                    row = None;
                } else {
                    if let Some(r) = row.take() {
                        dom::append(&fieldset, &r);
                    }
                    dom::append(&fieldset, &field);
                }
            }
            if let Some(r) = row.take() {
                dom::append(&fieldset, &r);
            }
            let button = dom::text_el("button", "cl-button cl-primary", label);
            dom::attr(&button, "type", "submit");
            dom::append(&fieldset, &button);
            dom::append(&form, &fieldset);
            dom::append(&card, &form);
        }
        if !s.choices.is_empty() {
            let list = dom::el("div", "cl-choices");
            for (action, label) in &s.choices {
                let b = dom::text_el("button", "cl-button cl-secondary", label);
                dom::attr(&b, "type", "button");
                dom::attr(&b, "data-action", action);
                dom::append(&list, &b);
            }
            dom::append(&card, &list);
        }
        if !s.links.is_empty() {
            let alt = dom::el("div", "cl-alt");
            for (action, label) in &s.links {
                let b = dom::text_el("button", "cl-link", label);
                dom::attr(&b, "type", "button");
                dom::attr(&b, "data-action", action);
                dom::append(&alt, &b);
            }
            dom::append(&card, &alt);
        }
        if let Some((text, label, href)) = &s.footer {
            let footer = dom::text_el("div", "cl-footer", text);
            let link = dom::text_el("a", "cl-link", label);
            // Only http(s) URLs become links.
            if let Some(url) = crate::browser::resolve_http_url(href) {
                dom::attr(&link, "href", &url);
            }
            dom::append(&footer, &JsValue::from_str(" "));
            dom::append(&footer, &link);
            dom::append(&card, &footer);
        }
        dom::clear(&self.root);
        dom::append(&self.root, &card);
        if let Some(first) = dom::query(&self.root, "input:not([tabindex='-1'])") {
            dom::focus(&first);
        }
    }

    fn field(&self, input: &Input) -> JsValue {
        let field = dom::el("div", "cl-field");
        let id = self.id(input.name);
        let label = dom::el("label", "cl-label");
        dom::attr(&label, "for", &id);
        dom::append(&label, &dom::text_el("span", "", &input.label));
        if input.optional {
            dom::append(&label, &dom::text_el("span", "cl-optional", "Optional"));
        }
        let el = dom::el("input", if input.name == "code" { "cl-input cl-code" } else { "cl-input" });
        dom::attr(&el, "id", &id);
        dom::attr(&el, "name", input.name);
        dom::attr(&el, "type", input.kind);
        dom::attr(&el, "autocomplete", input.autocomplete);
        if input.name == "code" {
            dom::attr(&el, "inputmode", "numeric");
            dom::attr(&el, "maxlength", "6");
        }
        if !input.optional {
            dom::attr(&el, "aria-required", "true");
        }
        js::set(&el, "value", &JsValue::from_str(&input.value));
        let error = dom::el("p", "cl-field-error");
        dom::attr(&error, "id", &[&id, "-error"].concat());
        dom::attr(&error, "aria-live", "polite");
        dom::append_all(&field, &[&label, &el, &error]);
        field
    }

    /// The value of an input of the current screen.
    pub fn value(&self, name: &str) -> String {
        dom::input_value(&self.root, name)
    }

    /// Disables the form while a request runs (and says so to assistive technology).
    fn set_busy(&self, busy: bool) {
        self.busy.set(busy);
        if let Some(form) = dom::query(&self.root, "form") {
            js::set(&form, "ariaBusy", &JsValue::from_str(if busy { "true" } else { "false" }));
            call_class(&form, busy);
        }
        for fs in dom::query_all(&self.root, "fieldset, .cl-choices button, .cl-alt button") {
            js::set(&fs, "disabled", &JsValue::from_bool(busy));
        }
    }

    fn clear_errors(&self) {
        for input in dom::query_all(&self.root, "input[aria-invalid]") {
            dom::remove_attr(&input, "aria-invalid");
            dom::remove_attr(&input, "aria-describedby");
        }
        for e in dom::query_all(&self.root, ".cl-field-error, [data-role=alert]") {
            dom::set_text(&e, "");
        }
    }

    /// Shows an error: each API error at its field when the screen has it, else in the alert.
    pub fn show_error(&self, err: &Error) {
        let mut form_level = String::new();
        let mut first_invalid: Option<JsValue> = None;
        match err {
            Error::Api { errors, .. } if !errors.is_empty() => {
                for e in errors {
                    let text = if e.long_message.is_empty() { e.message.clone() } else { e.long_message.clone() };
                    let input = e.param_name.as_deref().and_then(|p| dom::query(&self.root, &["input[name=\"", p, "\"]"].concat()));
                    match input {
                        Some(input) => {
                            let id = js::string(&input, "id").unwrap_or_default();
                            let error_id = [&id, "-error"].concat();
                            dom::attr(&input, "aria-invalid", "true");
                            dom::attr(&input, "aria-describedby", &error_id);
                            if let Some(slot) = dom::query(&self.root, &["#", &error_id].concat()) {
                                dom::set_text(&slot, &text);
                            }
                            first_invalid.get_or_insert(input);
                        }
                        None => {
                            if !form_level.is_empty() {
                                form_level.push(' ');
                            }
                            form_level.push_str(&text);
                        }
                    }
                }
            }
            other => form_level = other.message(),
        }
        if let Some(alert) = dom::query(&self.root, "[data-role=alert]") {
            dom::set_text(&alert, &form_level);
        }
        if let Some(input) = first_invalid {
            dom::focus(&input);
        }
    }

    /// Runs one action of the current step, with the loading state and error display around it.
    async fn run(self: Rc<Self>, action: String) {
        if self.busy.get() {
            return;
        }
        self.clear_errors();
        self.set_busy(true);
        let result = match (action.strip_prefix("oauth:"), self.component) {
            (Some(strategy), _) => self.oauth(strategy).await,
            (None, Component::SignIn) => sign_in::act(&self, &action).await,
            (None, Component::SignUp) => sign_up::act(&self, &action).await,
        };
        self.set_busy(false);
        if let Err(e) = result {
            self.show_error(&e);
        }
    }

    /// Ends the flow: makes the new session current, then goes to the redirect URL.
    pub async fn finish(&self, session_id: Option<String>) -> Result<(), Error> {
        self.go(Step::Done);
        self.core.set_active(session_id).await?;
        crate::browser::navigate(&self.redirect_url());
        Ok(())
    }

    /// `forceRedirectUrl`, else the page's `redirect_url` parameter, else `fallbackRedirectUrl`,
    /// else the current page (which then reloads signed in).
    fn redirect_url(&self) -> String {
        js::text(&self.props, "forceRedirectUrl")
            .or_else(|| {
                let href = crate::browser::href()?;
                let url = web_sys::Url::new(&href).ok()?;
                url.search_params().get("redirect_url")
            })
            .or_else(|| js::text(&self.props, "fallbackRedirectUrl"))
            .or_else(crate::browser::href)
            .unwrap_or_else(|| "/".into())
    }

    /// The OAuth providers users may sign in with: `(strategy, name)` of each
    /// `user_settings.social` entry that is enabled and authenticatable.
    fn providers(&self) -> Vec<(String, String)> {
        let env = self.core.environment().unwrap_or(JsValue::UNDEFINED);
        let social = js::get(&js::get(&env, "user_settings"), "social");
        let Some(obj) = social.dyn_ref::<js_sys::Object>() else { return Vec::new() };
        js_sys::Object::values(obj)
            .iter()
            .filter(|p| js::boolean(p, "enabled") == Some(true) && js::boolean(p, "authenticatable") == Some(true))
            .filter_map(|p| Some((js::text(&p, "strategy")?, js::text(&p, "name")?)))
            .collect()
    }

    /// Starts the OAuth round trip: the provider returns to this page (marked as the SSO
    /// callback), and from there to the redirect URL.
    async fn oauth(&self, strategy: &str) -> Result<(), Error> {
        let here = crate::browser::href().unwrap_or_default();
        let base = here.split('#').next().unwrap_or_default();
        let params = js::object();
        js::set(&params, "strategy", &JsValue::from_str(strategy));
        js::set(&params, "redirectUrl", &JsValue::from_str(&[base, SSO_CALLBACK].concat()));
        js::set(&params, "redirectUrlComplete", &JsValue::from_str(&self.redirect_url()));
        let path = if self.component == Component::SignIn { "/client/sign_ins" } else { "/client/sign_ups" };
        crate::oauth::authenticate_with_redirect(&self.core, path, &params).await.map(|_| ())
    }

    /// Back from an OAuth provider: finishes the flow, or shows why it failed.
    async fn sso_callback(self: Rc<Self>) {
        let _ = crate::browser::call(
            &crate::browser::global("history"),
            "replaceState",
            &[
                &JsValue::NULL,
                &JsValue::from_str(""),
                &JsValue::from_str(crate::browser::href().unwrap_or_default().split('#').next().unwrap_or_default()),
            ],
        );
        self.set_busy(true);
        let sign_up_url = js::text(&self.props, "signUpUrl").or_else(|| self.display("sign_up_url"));
        let result = crate::oauth::handle_redirect_callback(&self.core, &self.redirect_url(), sign_up_url).await;
        self.set_busy(false);
        if let Err(e) = result {
            self.show_error(&e);
        }
    }

    /// A string from the environment's `display_config`.
    pub fn display(&self, key: &str) -> Option<String> {
        js::text(&js::get(&self.core.environment().unwrap_or(JsValue::UNDEFINED), "display_config"), key)
    }

    /// `user_settings.attributes.<name>` of the environment.
    pub fn attribute(&self, name: &str) -> JsValue {
        let env = self.core.environment().unwrap_or(JsValue::UNDEFINED);
        js::get(&js::get(&js::get(&env, "user_settings"), "attributes"), name)
    }

    pub fn attribute_on(&self, name: &str, flag: &str) -> bool {
        js::boolean(&self.attribute(name), flag).unwrap_or(false)
    }
}

/// Calls a method of an SDK object the way a page would (`signIn.create(params)`), awaiting
/// its promise; what it rejects with becomes an [`Error`] again.
pub async fn call(target: &JsValue, method: &str, params: &JsValue) -> Result<JsValue, Error> {
    let promise = crate::browser::call(target, method, &[params])
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
        .ok_or_else(|| Error::usage(["clerk-wasm: ", method, " is not available"].concat()))?;
    wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|e| Error::from_thrown(&e))
}

fn call_class(form: &JsValue, busy: bool) {
    let list = js::get(form, "classList");
    crate::browser::call(&list, if busy { "add" } else { "remove" }, &[&JsValue::from_str("cl-busy")]);
}

/// A mounted component and the listeners that keep it alive.
struct Mounted {
    node: JsValue,
    flow: Rc<Flow>,
    listener: Closure<dyn FnMut(JsValue)>,
}

impl Mounted {
    fn detach(self) {
        let f: &js_sys::Function = self.listener.as_ref().unchecked_ref();
        for ty in ["submit", "click"] {
            crate::browser::call(&self.flow.root, "removeEventListener", &[&JsValue::from_str(ty), f]);
        }
        dom::remove(&self.flow.root);
        // Dropping `listener` frees the closure; nothing else refers to the flow.
    }
}

/// The components mounted by one `Clerk`.
#[derive(Default)]
pub struct Registry {
    mounted: RefCell<Vec<Mounted>>,
}

impl Registry {
    /// Mounts a component into `node` (replacing one already there, as ClerkJS does).
    pub fn mount(&self, core: &Rc<Core>, component: Component, node: JsValue, props: JsValue) -> Result<(), Error> {
        if !node.is_object() || crate::browser::call(&node, "append", &[]).is_none() {
            return Err(Error::usage("mount: the first argument must be a DOM element"));
        }
        if !core.is_loaded() {
            return Err(Error::usage("mount: call `await clerk.load()` before mounting components"));
        }
        self.unmount(&node);
        // With a signed-in user and one session per client, ClerkJS does not render these
        // components: it warns and sends the user on to where a sign-in would have led.
        if core.session_id().is_some() && core.single_session_mode() {
            web_sys::console::warn_1(&JsValue::from_str(
                "clerk-wasm: <SignIn/> and <SignUp/> do not render while a user is signed in and the instance allows a single session.",
            ));
            if let Some(to) = js::text(&props, "forceRedirectUrl").or_else(|| js::text(&props, "fallbackRedirectUrl")) {
                crate::browser::navigate(&to);
            }
            return Ok(());
        }
        dom::ensure_style("cl-style", style::CSS);
        let root = dom::el("div", "cl-root");
        dom::append(&node, &root);
        let flow = Rc::new(Flow {
            core: core.clone(),
            component,
            root,
            props,
            step: RefCell::new(match component {
                Component::SignIn => Step::Identifier,
                Component::SignUp => Step::SignUpForm,
            }),
            busy: Cell::new(false),
            uid: MOUNTS.fetch_add(1, Ordering::Relaxed),
        });
        let for_events = Rc::downgrade(&flow);
        let listener = Closure::<dyn FnMut(JsValue)>::new(move |ev: JsValue| {
            let Some(flow) = for_events.upgrade() else { return };
            let action = match js::string(&ev, "type").as_deref() {
                Some("submit") => {
                    crate::browser::call(&ev, "preventDefault", &[]);
                    "submit".to_string()
                }
                _ => {
                    let target = js::get(&ev, "target");
                    let Some(button) = crate::browser::call(&target, "closest", &[&JsValue::from_str("[data-action]")]).filter(JsValue::is_object)
                    else {
                        return;
                    };
                    js::string(&js::get(&button, "dataset"), "action").unwrap_or_default()
                }
            };
            crate::spawn(flow.run(action));
        });
        let f: &js_sys::Function = listener.as_ref().unchecked_ref();
        for ty in ["submit", "click"] {
            crate::browser::call(&flow.root, "addEventListener", &[&JsValue::from_str(ty), f]);
        }
        flow.render();
        if crate::browser::href().is_some_and(|h| h.ends_with(SSO_CALLBACK)) {
            crate::spawn(flow.clone().sso_callback());
        }
        self.mounted.borrow_mut().push(Mounted { node, flow, listener });
        Ok(())
    }

    /// Removes the component mounted in `node`, if any.
    pub fn unmount(&self, node: &JsValue) {
        let found = {
            let mut list = self.mounted.borrow_mut();
            list.iter().position(|m| m.node == *node).map(|i| list.remove(i))
        };
        if let Some(m) = found {
            m.detach();
        }
    }
}

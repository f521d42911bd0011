//! One mounted component: a [`Flow`] owns its `<div class="cl-root">`, knows which step it is
//! on, draws each step as a [`Card`] (title, social buttons, form, choices, links, footer),
//! shows errors at their fields, and runs the actions its buttons name in `data-action`.
//!
//! `sign_in.rs` and `sign_up.rs` say what each step shows and does; this file is what both
//! share: drawing, the busy state, errors, the OAuth buttons and the `#/sso-callback` return,
//! and finishing (`setActive`, then the redirect).

use crate::api::{self, Clerk, Props};
use crate::error::Failure;
pub use crate::form::Input;
use crate::{appearance, authenticate, dom, form, page, sign_in, sign_up};
use js_sys::{Object, Promise};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element};

/// Which component a flow is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Component {
    SignIn,
    SignUp,
}

/// Where a flow is.
#[derive(Clone)]
pub enum Step {
    /// Sign-in: the identifier.
    Identifier,
    /// Sign-in: the password of the identified user.
    Password,
    /// Sign-in: a code sent for this first factor.
    Code(JsValue),
    /// Sign-in: choose another first factor.
    Choose,
    /// Sign-in: the SMS code of the second factor.
    SecondFactor,
    /// Sign-in: a new password, after a password-reset code.
    NewPassword,
    /// Sign-up: the form.
    SignUpForm,
    /// Sign-up: the email code.
    VerifyEmail,
    /// Finished; navigating away.
    Done,
}

/// Work for a mounted component, run by [`Flow::run`].
pub enum Job {
    /// A button's `data-action`, or `submit`.
    Action(String),
    /// The page is the `#/sso-callback` an OAuth provider returned to.
    SsoCallback,
}

/// What an action does, decided synchronously from the step and the inputs: a step's logic
/// never waits itself. [`Flow::drive`] carries it out — hands the SDK call's promise callbacks
/// that ask the step what comes next — so both components share one small driver and no Rust
/// `async` (the futures runtime measured 2.2 KB gzip more).
pub enum Then {
    /// Nothing more.
    Stay,
    /// Show this step.
    Show(Step),
    /// Wait for the promise of an SDK method (what it returned, or what it threw), then go on
    /// as `After` says.
    Wait(Result<JsValue, JsValue>, After),
}

/// What follows a resolved SDK call.
pub enum After {
    /// It resolved to the sign-in: go on from its status ([`sign_in::next`]).
    SignIn,
    /// It resolved to the sign-up: go on from its status ([`sign_up::next`]).
    SignUp,
    /// Show this step.
    Show(Step),
    /// Nothing (a code was sent again; the page is going to the OAuth provider).
    Stay,
    /// `setActive` is done: go to the redirect URL.
    Navigate,
    /// The wallet sign-in ([`Flow::web3`]) is done: go on to where it asked to navigate.
    Web3,
}

/// The `secondFactorUrl` the sign-in card gives the wallet sign-in: its own step, as ClerkJS's
/// card routes `factor-two`.
const FACTOR_TWO: &str = "factor-two";

/// The client's sign-in and sign-up ([`Flow::resource`]).
pub const SIGN_IN: &str = "signIn";
pub const SIGN_UP: &str = "signUp";

/// The marker the components put on the URL the OAuth provider returns to.
pub const SSO_CALLBACK: &str = "#/sso-callback";

/// A mounted component.
pub struct Flow {
    pub clerk: Clerk,
    /// `clerk.environment`'s `displayConfig` and `userSettings`, read once at mount: the
    /// environment is fixed once the SDK is loaded.
    display: JsValue,
    settings: JsValue,
    pub component: Component,
    /// The document of the page's node, where the flow makes its elements.
    doc: Document,
    /// The `<div class="cl-root">` the flow owns, inside the page's node.
    pub root: Element,
    pub props: Props,
    pub step: RefCell<Step>,
    busy: Cell<bool>,
    /// A number unique to this mount, for element ids.
    uid: u32,
    /// Where the wallet sign-in asked to navigate (its `customNavigate`), during "Continue with
    /// MetaMask".
    asked: RefCell<String>,
}

impl Flow {
    pub fn new(clerk: Clerk, component: Component, doc: Document, root: Element, props: Props, uid: u32) -> Flow {
        let step = match component {
            Component::SignIn => Step::Identifier,
            Component::SignUp => Step::SignUpForm,
        };
        let env = api::get(&clerk, "environment");
        let display = api::get(&env, "displayConfig");
        let settings = api::get(&env, "userSettings");
        Flow {
            clerk,
            display,
            settings,
            component,
            doc,
            root,
            props,
            step: RefCell::new(step),
            busy: Cell::new(false),
            uid,
            asked: RefCell::default(),
        }
    }

    /// Draws the current step.
    pub fn render(&self) {
        let step = self.step.borrow().clone();
        let card = match self.component {
            Component::SignIn => sign_in::draw(self, &step),
            Component::SignUp => sign_up::draw(self, &step),
        };
        dom::clear(&self.root);
        dom::append(&self.root, &card.card);
        appearance::decorate(&self.root, &self.props);
        if let Some(first) = dom::query(&self.root, "input:not([tabindex='-1'])") {
            dom::focus(&first);
        }
    }

    /// Moves to `step` and draws it.
    pub fn go(&self, step: Step) {
        *self.step.borrow_mut() = step;
        self.render();
    }

    fn id(&self, name: &str) -> String {
        ["cl-", &self.uid.to_string(), "-", name].concat()
    }

    fn el(&self, tag: &str, class: &str) -> Element {
        dom::el(&self.doc, tag, class)
    }

    fn text_el(&self, tag: &str, class: &str, text: &str) -> Element {
        dom::text_el(&self.doc, tag, class, text)
    }

    /// Starts drawing a step: its card, with the title and subtitle. The step's drawing adds the
    /// rest in the order it is shown (social buttons, the form, choices, links, the footer).
    pub fn card(&self, title: &str, subtitle: &str) -> Card<'_> {
        let card = self.el("div", "cl-card");
        let title_id = self.id("title");
        dom::attr(&card, "role", "region");
        dom::attr(&card, "aria-labelledby", &title_id);
        let header = self.el("div", "cl-header");
        let h = self.text_el("h1", "cl-title cl-headerTitle", title);
        dom::attr(&h, "id", &title_id);
        dom::append(&header, &h);
        dom::append(&header, &self.text_el("p", "cl-subtitle cl-headerSubtitle", subtitle));
        dom::append(&card, &header);
        Card { flow: self, card, fieldset: None, row: None, alt: None }
    }

    /// The value of an input of the current screen.
    pub fn value(&self, name: &str) -> String {
        dom::input_value(&self.root, name)
    }

    /// Disables the form while a request runs (and says so to assistive technology).
    fn set_busy(&self, busy: bool) {
        self.busy.set(busy);
        if let Some(form) = dom::query(&self.root, "form") {
            dom::attr(&form, "aria-busy", if busy { "true" } else { "false" });
            dom::toggle_class(&form, "cl-busy", busy);
        }
        for n in dom::query_all(&self.root, "fieldset, .cl-choices button, .cl-alt button") {
            dom::flag(&n, "disabled", busy);
        }
    }

    /// Shows a failure at its fields, or in the form's alert.
    pub fn show_error(&self, failure: &Failure) {
        form::show_error(&self.root, failure);
    }

    /// Runs a job — an action of the current step, or the return from an OAuth provider — with
    /// the loading state and error display around it.
    pub fn run(self: &Rc<Self>, job: Job) {
        let then = match job {
            Job::Action(action) => {
                if self.busy.get() {
                    return;
                }
                form::clear_errors(&self.root);
                self.set_busy(true);
                match (action.strip_prefix("oauth:"), self.component) {
                    (Some(strategy), _) => self.oauth(strategy),
                    (None, _) if action == "web3" => Ok(self.web3()),
                    (None, Component::SignIn) => sign_in::act(self, &action),
                    (None, Component::SignUp) => sign_up::act(self, &action),
                }
            }
            Job::SsoCallback => {
                page::replace_url(&page::href_without_hash());
                self.set_busy(true);
                Ok(self.sso_callback())
            }
        };
        self.drive(then);
    }

    /// Carries out what an action decided, and what each answer leads to. A `Wait` hands the
    /// rest to the promise: its callbacks call `drive` again with what comes next. When nothing
    /// is left, the form is enabled again and a failure shown.
    fn drive(self: &Rc<Self>, mut then: Result<Then, Failure>) {
        let result = loop {
            match then {
                Err(e) => break Err(e),
                Ok(Then::Stay) => break Ok(()),
                Ok(Then::Show(step)) => {
                    self.go(step);
                    break Ok(());
                }
                Ok(Then::Wait(Err(thrown), _)) => then = Err(Failure::from_thrown(&thrown)),
                Ok(Then::Wait(Ok(promise), after)) => {
                    let on_fulfilled = self.continuation(Some(after));
                    let on_rejected = self.continuation(None);
                    let _ = Promise::resolve(&promise).then2(&on_fulfilled, &on_rejected);
                    // The promise holds both functions now; the garbage collector frees them,
                    // and their reference to the flow, once it has settled.
                    let _ = on_fulfilled.into_js_value();
                    let _ = on_rejected.into_js_value();
                    return;
                }
            }
        };
        self.set_busy(false);
        if let Err(e) = result {
            self.show_error(&e);
        }
    }

    /// A callback for the promise of a `Wait`: with `Some(after)` the one for its value, with
    /// `None` the one for its rejection. (One closure type for both: Rust compiles each closure
    /// type's glue separately.)
    fn continuation(self: &Rc<Self>, mut after: Option<After>) -> Closure<dyn FnMut(JsValue)> {
        let flow = self.clone();
        Closure::new(move |value: JsValue| {
            let then = match after.take() {
                Some(after) => flow.after(after, value),
                None => Err(Failure::from_thrown(&value)),
            };
            flow.drive(then);
        })
    }

    /// What comes after an SDK call resolved to `value`.
    fn after(&self, after: After, value: JsValue) -> Result<Then, Failure> {
        match after {
            After::SignIn => sign_in::next(self, &value),
            After::SignUp => sign_up::next(self, &value),
            After::Show(step) => Ok(Then::Show(step)),
            After::Stay => Ok(Then::Stay),
            After::Navigate => {
                page::navigate(&self.redirect_url());
                Ok(Then::Stay)
            }
            After::Web3 => {
                let asked = self.asked.take();
                match (asked.as_str(), self.display("signUpUrl")) {
                    // Nothing asked: signed in, the redirect is under way.
                    ("", _) => Ok(Then::Stay),
                    // The wallet's user has a second factor: this card's step.
                    (FACTOR_TWO, _) => sign_in::next(self, &self.resource(SIGN_IN)?),
                    // A new wallet whose sign-up the instance needs more fields for: the sign-up
                    // page goes on (ClerkJS's `#/continue`).
                    ("continue", Some(url)) => {
                        page::navigate(&[url.as_str(), "#/continue"].concat());
                        Ok(Then::Stay)
                    }
                    ("continue", None) => Err(Failure::message("The sign-up needs more information than this form asks for.")),
                    // The sign-up card's wallet user with a second factor: the sign-in page's.
                    (to, _) => {
                        page::navigate(to);
                        Ok(Then::Stay)
                    }
                }
            }
        }
    }

    /// "Continue with MetaMask": ClerkJS's cards call `clerk.authenticateWithMetamask` with
    /// their redirect URL, their routes for the second factor (the sign-in card) and the missing
    /// fields, and their `customNavigate`. The card calls the Rust function that SDK method hands
    /// its (checked) parameters to (`authenticate.rs`): the same flow through the same public
    /// methods, without a round trip through the core. Its `customNavigate` notes where the
    /// flow asked to go; the card goes on from there once the flow has settled
    /// ([`After::Web3`]). Failures (no wallet in the page, a refused signature) reject it.
    fn web3(self: &Rc<Self>) -> Then {
        let flow = self.clone();
        let navigate = Closure::<dyn FnMut(JsValue)>::new(move |to: JsValue| {
            *flow.asked.borrow_mut() = to.as_string().unwrap_or_default();
        });
        let params = api::params(&[("redirectUrl", &self.redirect_url()), ("signUpContinueUrl", "continue")]);
        api::set(&params, "customNavigate", &navigate.into_js_value());
        if self.component == Component::SignIn {
            api::set(&params, "secondFactorUrl", &JsValue::from_str(FACTOR_TWO));
        } else {
            api::set(&params, "unsafeMetadata", &api::get(&self.props, "unsafeMetadata"));
        }
        Then::Wait(Ok(authenticate::authenticate_with_web3("Metamask", self.clerk.clone(), params.into()).into()), After::Web3)
    }

    /// Ends the flow: makes the new session current (`clerk.setActive`), then goes to the
    /// redirect URL.
    /// `attempt`: the complete sign-in or sign-up.
    pub fn finish(&self, attempt: &JsValue) -> Then {
        self.go(Step::Done);
        let params = js_sys::Object::new();
        api::set(&params, "session", &api::get(attempt, "createdSessionId"));
        Then::Wait(api::call(&self.clerk, "setActive", &params), After::Navigate)
    }

    /// `clerk.client[name]`: the client's current sign-in (`signIn`) or sign-up (`signUp`), for
    /// an action about to call one of its methods.
    pub fn resource(&self, name: &str) -> Result<JsValue, Failure> {
        Some(api::get(&api::get(&self.clerk, "client"), name)).filter(JsValue::is_object).ok_or_else(no_client)
    }

    /// `clerk.client[resource][method](params)`, then `after`.
    pub fn call(&self, resource: &str, method: &str, params: &Object, after: After) -> Result<Then, Failure> {
        Ok(Then::Wait(api::call(&self.resource(resource)?, method, params), after))
    }

    /// As ClerkJS's components: `forceRedirectUrl` (else `load()`'s force option), else the
    /// page's `redirect_url` parameter, else `fallbackRedirectUrl` (else `load()`'s fallback
    /// option) — which the SDK's `buildAfterSignInUrl` / `buildAfterSignUpUrl` resolve, only to
    /// allowed origins — else the current page (which then reloads signed in).
    fn redirect_url(&self) -> String {
        let up = matches!(self.component, Component::SignUp);
        let (force, fallback) = if up {
            ("sign_up_force_redirect_url", "sign_up_fallback_redirect_url")
        } else {
            ("sign_in_force_redirect_url", "sign_in_fallback_redirect_url")
        };
        let given = [
            (force, api::get_text(&self.props, "forceRedirectUrl")),
            ("redirect_url", page::query_param("redirect_url")),
            (fallback, api::get_text(&self.props, "fallbackRedirectUrl")),
        ];
        let params = Object::new();
        for (key, value) in &given {
            if let Some(v) = value {
                api::set(&params, key, &JsValue::from_str(v));
            }
        }
        let options = Object::new();
        api::set(&options, "params", &params);
        let build = if up { "buildAfterSignUpUrl" } else { "buildAfterSignInUrl" };
        let to = api::call(&self.clerk, build, &options).ok().and_then(|v| v.as_string()).unwrap_or_default();
        // Nothing said where: the SDK's default is the site's root; the components stay here.
        let nothing = given.iter().all(|(_, v)| v.is_none()) && (to == "/" || page::resolve_http_url("/").as_deref() == Some(to.as_str()));
        match page::href().filter(|_| nothing || to.is_empty()) {
            Some(here) => here,
            None => to,
        }
    }

    /// Starts the OAuth round trip (`authenticateWithRedirect`): the provider returns to this
    /// page (marked as the SSO callback), and from there to the redirect URL.
    fn oauth(&self, strategy: &str) -> Result<Then, Failure> {
        let back = [page::href_without_hash().as_str(), SSO_CALLBACK].concat();
        let params = api::params(&[("strategy", strategy), ("redirectUrl", &back), ("redirectUrlComplete", &self.redirect_url())]);
        let resource = if self.component == Component::SignIn { SIGN_IN } else { SIGN_UP };
        self.call(resource, "authenticateWithRedirect", &params, After::Stay)
    }

    /// Back from an OAuth provider: finishes the flow with `clerk.handleRedirectCallback` (its
    /// failure is shown in the component).
    fn sso_callback(&self) -> Then {
        let params = api::params(&[("signInForceRedirectUrl", &self.redirect_url())]);
        if let Some(url) = self.link_url("signUpUrl") {
            api::set(&params, "signUpUrl", &JsValue::from_str(&url));
        }
        Then::Wait(api::call(&self.clerk, "handleRedirectCallback", &params), After::Stay)
    }

    /// `displayConfig[key]` (`applicationName`, `signInUrl`, `signUpUrl`).
    pub fn display(&self, key: &str) -> Option<String> {
        api::get_text(&self.display, key)
    }

    /// The page's `signInUrl` / `signUpUrl` prop, else the instance's (`displayConfig`).
    pub fn link_url(&self, key: &str) -> Option<String> {
        api::get_text(&self.props, key).or_else(|| self.display(key))
    }

    /// Whether `userSettings.attributes.<name>.<flag>` is `true`, e.g.
    /// `flow.attribute_on("email_address", "enabled")`.
    pub fn attribute_on(&self, name: &str, flag: &str) -> bool {
        api::path(&self.settings, &["attributes", name, flag]) == JsValue::TRUE
    }
}

/// A step being drawn ([`Flow::card`]).
pub struct Card<'a> {
    flow: &'a Flow,
    card: Element,
    /// The form's fieldset, made with the first input.
    fieldset: Option<Element>,
    /// The row first and last name share.
    row: Option<Element>,
    /// The links under the form, made with the first.
    alt: Option<Element>,
}

impl Card<'_> {
    /// A "Continue with <provider>" button per enabled OAuth provider, and "Continue with
    /// MetaMask" when wallets sign in, above an "or".
    /// (The providers: the `userSettings.social` entries that are enabled and authenticatable.)
    pub fn social(&self) {
        const CLASS: &str = "cl-button cl-secondary cl-social cl-socialButtonsBlockButton";
        let flow = self.flow;
        let list = flow.el("div", "cl-choices");
        let mut any = false;
        let social = api::get(&flow.settings, "social");
        let providers = if social.is_object() { Object::values(social.unchecked_ref()) } else { js_sys::Array::new() };
        for p in providers.iter() {
            let on = api::get(&p, "enabled") == JsValue::TRUE && api::get(&p, "authenticatable") == JsValue::TRUE;
            if let (true, Some(strategy), Some(name)) = (on, api::get_text(&p, "strategy"), api::get_text(&p, "name")) {
                self.button(&list, CLASS, &["oauth:", &strategy].concat(), &["Continue with ", &name].concat());
                any = true;
            }
        }
        if flow.attribute_on("web3_wallet", "enabled") && flow.attribute_on("web3_wallet", "used_for_first_factor") {
            self.button(&list, CLASS, "web3", "Continue with MetaMask");
            any = true;
        }
        if any {
            dom::append(&self.card, &list);
            dom::append(&self.card, &flow.text_el("div", "cl-divider", "or"));
        }
    }

    /// The form's fieldset, made (with its alert) the first time.
    fn fieldset(&mut self) -> &Element {
        let (flow, card) = (self.flow, &self.card);
        self.fieldset.get_or_insert_with(|| {
            let form = flow.el("form", "cl-form");
            dom::attr(&form, "novalidate", "");
            let fieldset = flow.el("fieldset", "cl-fieldset");
            dom::append(&fieldset, &form::alert(&flow.doc));
            dom::append(&form, &fieldset);
            dom::append(card, &form);
            fieldset
        })
    }

    /// The identifier, for password managers (which pair a password with the username field
    /// next to it), on a password-only form.
    pub fn username_hint(&mut self, identifier: &str) {
        let hint = self.flow.el("input", "cl-sr");
        dom::attr(&hint, "autocomplete", "username");
        dom::attr(&hint, "tabindex", "-1");
        dom::attr(&hint, "aria-hidden", "true");
        dom::set_value(&hint, identifier);
        dom::append(self.fieldset(), &hint);
    }

    /// An input of the form.
    pub fn input(&mut self, input: &Input) {
        let field = form::field(&self.flow.doc, &self.flow.id(""), input);
        // First and last name share a row.
        let row = self.row.take();
        match (input.name, row) {
            ("first_name", _) => {
                let r = self.flow.el("div", "cl-row");
                dom::append(self.fieldset(), &r);
                dom::append(&r, &field);
                self.row = Some(r);
            }
            ("last_name", Some(r)) => dom::append(&r, &field),
            _ => dom::append(self.fieldset(), &field),
        }
    }

    /// A required input with no initial value.
    pub fn field(&mut self, name: &'static str, label: &'static str, kind: &'static str, autocomplete: &'static str) {
        self.input(&Input::new(name, label, kind, autocomplete));
    }

    /// The form's primary button.
    pub fn submit(&mut self, label: &str) {
        let button = self.flow.text_el("button", "cl-button cl-primary cl-formButtonPrimary", label);
        dom::attr(&button, "type", "submit");
        dom::append(self.fieldset(), &button);
    }

    /// A `<div class=…>` for buttons, added to the card.
    pub fn list(&self, class: &str) -> Element {
        let list = self.flow.el("div", class);
        dom::append(&self.card, &list);
        list
    }

    /// A `<button type="button" data-action=…>` in `list`.
    pub fn button(&self, list: &Element, class: &str, action: &str, label: &str) {
        let b = self.flow.text_el("button", class, label);
        dom::attr(&b, "type", "button");
        dom::attr(&b, "data-action", action);
        dom::append(list, &b);
    }

    /// A small link-button under the form.
    pub fn link(&mut self, action: &str, label: &str) {
        if self.alt.is_none() {
            self.alt = Some(self.list("cl-alt"));
        }
        if let Some(alt) = &self.alt {
            self.button(alt, "cl-link", action, label);
        }
    }

    /// The footer: `text` ("Don't have an account?") and a link, when there is an `href`.
    pub fn footer(&self, text: &str, label: &str, href: Option<String>) {
        let Some(href) = href else { return };
        let footer = self.flow.text_el("div", "cl-footer", text);
        let link = self.flow.text_el("a", "cl-link cl-footerActionLink", label);
        // Only http(s) URLs become links.
        if let Some(url) = page::resolve_http_url(&href) {
            dom::attr(&link, "href", &url);
        }
        dom::append_text(&footer, " ");
        dom::append(&footer, &link);
        dom::append(&self.card, &footer);
    }
}

/// The failure of an action that needs `clerk.client` before `load()` made one.
pub fn no_client() -> Failure {
    Failure::message("clerk-wasm: the client is not loaded")
}

/// Whether a signed-in user on an instance with one session per client keeps these components
/// from rendering (`authConfig.singleSessionMode`, which defaults to true).
pub fn single_session_blocks(clerk: &Clerk) -> bool {
    let single = clerk.environment().and_then(|e| e.auth_config()).and_then(|a| a.single_session_mode()).unwrap_or(true);
    clerk.session().is_some() && single
}

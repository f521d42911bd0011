//! `<UserProfile/>`: the signed-in user's account, in ClerkJS's two pages and their sections
//! (en-US texts, so people and tests find them by name):
//! - **Account** ("Profile details"): Profile (`profile.rs`), Email addresses (`email.rs`),
//!   Phone numbers (`phone.rs`), Connected accounts (`connected.rs`), Web3 wallets (`wallet.rs`);
//! - **Security**: Password, Two-step verification, Active devices, Delete account
//!   (`security.rs`).
//!
//! A [`Profile`] draws everything anew from `clerk.user` on every change, as the sign-in card
//! does: a page is a list of sections, a section a list of rows (an identifier, its badges, its
//! buttons) and at most one inline form open in the whole component ([`Profile::open`]: the
//! form's key and an argument, e.g. `("email-verify", "idn_…")`). Buttons say what they do in
//! `data-action` as `"<section>:<verb>[:<argument>]"`; [`Profile::act`] hands the part after
//! the section's name to that section's `act`. A section's action decides synchronously what
//! to do ([`Then`]): draw again, or wait for an SDK promise and go on with its value (a
//! [`Next`]), as many times as the flow needs. While a promise runs, the component is busy
//! (its buttons and forms disabled); a failure is shown at the field its `meta.paramName` names
//! in the open form, else in the open form's alert, else in the page's alert.
//!
//! The component knows the SDK only through its public JavaScript API: `clerk.user` and its
//! resources' methods (`createEmailAddress`, `prepareVerification`, `destroy`, …), read with
//! [`api::path_text`] and the bindings below, or called by name ([`call`]).
//!
//! After a drawing the focus goes where a keyboard user expects it: into the open form (its
//! first field, else its submit button), else back to the button that had it (or the one that
//! opened the form that just closed), so a flow can be completed with the keyboard alone.
//!
//! The look (`style.rs`, added to the document by the first `<UserProfile/>`) gives these
//! classes a meaning, for the sections to use: a row's buttons are `cl-action` (small, link-like;
//! `cl-action cl-danger` for a removal), a section's "Add …" button `cl-add`, a form whose
//! submission removes something gets `cl-danger-form` (its primary button turns red), an avatar
//! is `cl-avatar`.

use crate::api::{self, Clerk, Props};
use crate::error::Failure;
use crate::form::{self, Input};
use crate::{appearance, dom, page};
use js_sys::{Array, Function, Promise, Reflect};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element};

mod connected;
mod email;
mod ident;
mod phone;
// ClerkJS's name for the section; the file names follow the sections.
#[allow(clippy::module_inception)]
mod profile;
mod security;
mod style;
mod wallet;

#[wasm_bindgen]
extern "C" {
    /// `clerk.user`: the signed-in user ([`user`]). Its data are read with [`text`] / [`list`],
    /// its methods called by name ([`call`]).
    #[derive(Clone)]
    pub type User;

    /// A promise, seen through a `then` that takes plain functions.
    type Chain;
    #[wasm_bindgen(method, js_name = then)]
    fn then(this: &Chain, ok: &JsValue, err: &JsValue) -> Promise;
}

/// The two pages.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Account,
    Security,
}

/// What an action decided.
pub enum Then {
    /// Draw the component again (the user changed, a form opened or closed).
    Render,
    /// Wait for an SDK promise; its value goes to the [`Next`], its rejection is shown.
    Wait(Result<Promise, JsValue>, Next),
}

/// What follows a resolved promise.
pub type Next = Box<dyn FnOnce(&Rc<Profile>, JsValue) -> Result<Then, Failure>>;

/// Waits for `call`, then draws again (the SDK has updated `clerk.user` by then): with no form
/// open if `close`, and `notice` (when not empty) at the top of the page. (One continuation for
/// all the sections' simple steps: a closure type each would cost its own code.)
pub fn after(call: Result<Promise, JsValue>, close: bool, notice: String) -> Then {
    Then::Wait(
        call,
        Box::new(move |p, _| {
            if close {
                p.close_form();
            }
            if !notice.is_empty() {
                *p.notice.borrow_mut() = notice;
            }
            Ok(Then::Render)
        }),
    )
}

/// Waits for `call`, then draws again with no form open.
pub fn then_close(call: Result<Promise, JsValue>) -> Then {
    after(call, true, String::new())
}

/// A JavaScript function that runs `f` once. Every one-time callback of the component goes
/// through here boxed, so wasm-bindgen's glue for it exists once (a closure type of its own each
/// costs it again).
pub fn once(f: Box<dyn FnOnce(JsValue) -> JsValue>) -> JsValue {
    Closure::once_into_js(f)
}

/// `promise.then(onFulfilled, onRejected)` with plain functions (either may be `undefined`),
/// whose return values chain as in JavaScript (js-sys's `then` takes closures whose results
/// it drops).
pub fn then_js(promise: &Promise, ok: &JsValue, err: &JsValue) -> Promise {
    promise.unchecked_ref::<Chain>().then(ok, err)
}

/// A mounted `<UserProfile/>`.
pub struct Profile {
    pub clerk: Clerk,
    pub doc: Document,
    pub root: Element,
    pub props: Props,
    uid: u32,
    pub page: Cell<Page>,
    /// The open inline form: its key and argument.
    open: RefCell<Option<(String, String)>>,
    /// The form the DOM shows (as `open` was at the last drawing).
    drawn: RefCell<Option<(String, String)>>,
    /// The action of the latest button pressed outside a form (the one that opened the form
    /// now open): the focus goes back to it once that form closes.
    opener: RefCell<String>,
    /// An action of this component's user is under way: its drawing moves the focus (a drawing
    /// for another reason leaves it where it is, unless it was inside the component).
    acting: Cell<bool>,
    busy: Cell<bool>,
    /// A line shown at the top of the page after an action (e.g. the result of an OAuth
    /// return), cleared by the next action.
    pub notice: RefCell<String>,
    /// What a section loaded and keeps between drawings (the Security page's active sessions).
    pub sessions: RefCell<Option<Array>>,
    /// Removes this component's `clerk.addListener` callback.
    unsubscribe: RefCell<Option<Function>>,
}

impl Profile {
    pub fn new(clerk: Clerk, doc: Document, root: Element, props: Props, uid: u32) -> Rc<Profile> {
        let profile = Rc::new(Profile {
            clerk,
            doc,
            root,
            props,
            uid,
            page: Cell::new(Page::Account),
            open: RefCell::default(),
            drawn: RefCell::default(),
            opener: RefCell::default(),
            acting: Cell::new(false),
            busy: Cell::new(false),
            notice: RefCell::default(),
            sessions: RefCell::default(),
            unsubscribe: RefCell::default(),
        });
        profile.page.set(page_from_url_of(&profile.props));
        dom::ensure_style(&profile.doc, "cl-profile-style", style::CSS);
        // Another change of the user (another tab, a token refresh that brought a new client)
        // draws again, unless a form is open or a request runs: that would lose what is typed.
        let weak = Rc::downgrade(&profile);
        let listener = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
            if let Some(p) = weak.upgrade() {
                if !p.busy.get() && (p.open.borrow().is_none() || user(&p.clerk).is_none()) {
                    p.render();
                }
            }
        });
        let f: Function = listener.into_js_value().unchecked_into();
        if let Ok(off) = profile.clerk.subscribe(&f) {
            *profile.unsubscribe.borrow_mut() = Some(off);
        }
        profile.render();
        profile
    }

    /// An id unique in the page for `name`.
    pub fn id(&self, name: &str) -> String {
        ["cl-", &self.uid.to_string(), "-", name].concat()
    }

    pub fn el(&self, tag: &str, class: &str) -> Element {
        dom::el(&self.doc, tag, class)
    }

    pub fn text_el(&self, tag: &str, class: &str, text: &str) -> Element {
        dom::text_el(&self.doc, tag, class, text)
    }

    /// Appends a new `<tag class=…>` with `text` (when not empty) to `parent` and returns it.
    pub fn add(&self, parent: &Element, tag: &str, class: &str, text: &str) -> Element {
        let e = self.el(tag, class);
        if !text.is_empty() {
            dom::set_text(&e, text);
        }
        dom::append(parent, &e);
        e
    }

    /// Appends a `<button type="button" data-action="<action><arg>">` to `parent` and returns
    /// it.
    pub fn button_el(&self, parent: &Element, class: &str, action: &str, arg: &str, label: &str) -> Element {
        let b = self.add(parent, "button", class, label);
        dom::attr(&b, "type", "button");
        dom::attr(&b, "data-action", &[action, arg].concat());
        b
    }

    /// Appends a `<button type="button" data-action="<action><arg>">` to `parent` (`arg`: the
    /// id the action is for, after the action's `…:`; or empty).
    pub fn button(&self, parent: &Element, class: &str, action: &str, arg: &str, label: &str) {
        self.button_el(parent, class, action, arg, label);
    }

    /// Whether the inline form `key` is open (for `arg`, unless that is empty).
    pub fn opened(&self, key: &str, arg: &str) -> bool {
        self.open.borrow().as_ref().is_some_and(|(k, a)| k == key && (arg.is_empty() || a == arg))
    }

    /// Opens the inline form `key` (closing any other) and draws again.
    pub fn open_form(&self, key: &str, arg: &str) -> Result<Then, Failure> {
        *self.open.borrow_mut() = Some((key.into(), arg.into()));
        Ok(Then::Render)
    }

    pub fn close_form(&self) {
        *self.open.borrow_mut() = None;
    }

    /// The value of an input of the open form (trimmed, except a password).
    pub fn value(&self, name: &str) -> String {
        dom::input_value(&self.root, name)
    }

    /// The instance's settings for a user attribute (`userSettings.attributes[name]`:
    /// `email_address`, `first_name`, …).
    pub fn attribute(&self, name: &str) -> Option<api::Attribute> {
        self.clerk.environment()?.user_settings()?.attributes()?.get(name)
    }

    /// Whether the instance enables the user attribute `name`.
    pub fn enabled(&self, name: &str) -> bool {
        self.attribute(name).and_then(|a| a.enabled()) == Some(true)
    }

    /// Appends `<section class="cl-profileSection">` with its title to `parent`, and returns
    /// the element its rows go in.
    pub fn section(&self, parent: &Element, key: &str, title: &str) -> Element {
        let section = self.add(parent, "section", "cl-section cl-profileSection", "");
        let title_id = self.id(key);
        dom::attr(&section, "aria-labelledby", &title_id);
        dom::attr(&section, "data-section", key);
        let h = self.add(&section, "h2", "cl-section-title cl-profileSectionTitle", title);
        dom::attr(&h, "id", &title_id);
        self.add(&section, "div", "cl-section-body cl-profileSectionContent", "")
    }

    /// Appends a row to a section: its text, badges ("Primary", "Unverified", …), and returns
    /// the element its buttons go in.
    pub fn row(&self, body: &Element, text: &str, badges: &[&str]) -> Element {
        let row = self.add(body, "div", "cl-item cl-profileSectionItem", "");
        let main = self.add(&row, "div", "cl-item-main", "");
        self.add(&main, "span", "cl-item-text", text);
        for b in badges {
            if !b.is_empty() {
                self.add(&main, "span", "cl-badge", b);
            }
        }
        self.add(&row, "div", "cl-item-actions", "")
    }

    /// Appends an inline form to `parent`: a title, an optional explanation, the inputs, the
    /// alert line, then `submit` and "Cancel". Its submission is the action `action`.
    pub fn form(&self, parent: &Element, action: &str, title: &str, text: &str, inputs: &[Input], submit: &str) -> Element {
        let f = self.add(parent, "form", "cl-form cl-inline-form", "");
        dom::attr(&f, "novalidate", "");
        dom::attr(&f, "data-action", action);
        dom::attr(&f, "aria-label", title);
        self.add(&f, "h3", "cl-form-title", title);
        if !text.is_empty() {
            self.add(&f, "p", "cl-form-text", text);
        }
        let fieldset = self.add(&f, "fieldset", "cl-fieldset", "");
        dom::append(&fieldset, &form::alert(&self.doc));
        let prefix = self.id("");
        for input in inputs {
            dom::append(&fieldset, &form::field(&self.doc, &prefix, input));
        }
        let buttons = self.add(&fieldset, "div", "cl-form-actions", "");
        self.button(&buttons, "cl-button cl-secondary cl-formButtonReset", "cancel", "", "Cancel");
        let ok = self.add(&buttons, "button", "cl-button cl-primary cl-formButtonPrimary", submit);
        dom::attr(&ok, "type", "submit");
        f
    }

    /// A removal's confirmation (ClerkJS's `RemoveResourceForm`): its title, what removing does,
    /// "Cancel" and "Remove" (red); submitting it is `action`.
    pub fn confirm(&self, parent: &Element, action: &str, title: &str, text: &str) {
        let f = self.form(parent, action, title, text, &[], "Remove");
        dom::toggle_class(&f, "cl-danger-form", true);
    }

    /// Puts `node` just before the buttons of a form made by [`Profile::form`].
    pub fn before_buttons(&self, form: &Element, node: &Element) {
        if let Some(buttons) = dom::query(form, ".cl-form-actions") {
            let _ = buttons.before_with_node_1(node);
        }
    }

    /// Draws the component from `clerk.user`. (Through an `Rc`: the Security page starts loading
    /// its active sessions from here, and draws them when they arrive.)
    pub fn render(self: &Rc<Self>) {
        // The button that has the focus, to give it back after the drawing.
        let focused = dom::query(&self.root, ":focus");
        let keep = focused.as_ref().and_then(|a| a.get_attribute("data-action"));
        let acting = self.acting.replace(false);
        *self.drawn.borrow_mut() = self.open.borrow().clone();
        dom::clear(&self.root);
        let Some(user) = user(&self.clerk) else { return };
        let card = self.add(&self.root, "div", "cl-card cl-profile cl-userProfile", "");
        let nav = self.add(&card, "nav", "cl-navbar", "");
        dom::attr(&nav, "aria-label", "Account");
        let body = self.add(&card, "div", "cl-page cl-pageScrollBox", "");
        let page = self.page.get();
        for (p, action, label) in [(Page::Account, "nav:account", "Account"), (Page::Security, "nav:security", "Security")] {
            let b = self.button_el(&nav, "cl-nav-button cl-navbarButton", action, "", label);
            if p == page {
                dom::attr(&b, "aria-current", "page");
            }
        }
        let title = if page == Page::Account { "Profile details" } else { "Security" };
        self.add(&body, "h1", "cl-title cl-headerTitle", title);
        dom::append(&body, &form::alert(&self.doc));
        let notice = self.notice.borrow();
        if !notice.is_empty() {
            let n = self.add(&body, "p", "cl-notice", &notice);
            dom::attr(&n, "role", "status");
        }
        drop(notice);
        match page {
            Page::Account => draw_account(self, &body, &user),
            Page::Security => draw_security(self, &body, &user),
        }
        appearance::decorate(&self.root, &self.props);
        // Into an open form (its first field, else its submit button) or menu (its first
        // choice).
        let target = match dom::query(&self.root, "form,[data-menu]") {
            Some(form) => dom::query(&form, "input:not([type=file]),[type=submit],:scope[data-menu]>button"),
            None if acting || focused.is_some() => [keep.unwrap_or_default(), self.opener.borrow().clone()]
                .iter()
                .find_map(|a| dom::query(&self.root, &["[data-action=\"", a, "\"]"].concat())),
            None => None,
        };
        if let Some(t) = target {
            dom::focus(&t);
        }
    }

    /// Shows a failure: in the open form (at its field, or its alert), else in the page's alert.
    fn show_error(&self, failure: &Failure) {
        let scope = dom::query(&self.root, "form").unwrap_or_else(|| self.root.clone());
        form::show_error(&scope, failure);
    }

    /// Disables the buttons and forms while a request runs.
    fn set_busy(&self, busy: bool) {
        self.busy.set(busy);
        dom::attr(&self.root, "aria-busy", if busy { "true" } else { "false" });
        dom::toggle_class(&self.root, "cl-busy", busy);
        for n in dom::query_all(&self.root, "button, fieldset, input[type=file]") {
            dom::flag(&n, "disabled", busy);
        }
    }

    /// Carries out an action's decision and what each answer leads to.
    fn drive(self: &Rc<Self>, mut then: Result<Then, Failure>) {
        let failure = loop {
            match then {
                Err(e) => break e,
                Ok(Then::Render) => {
                    // The root's busy marks too (`aria-busy`, `cl-busy`): the drawing replaces
                    // only what is inside it.
                    self.set_busy(false);
                    self.render();
                    return;
                }
                Ok(Then::Wait(Err(thrown), _)) => then = Err(Failure::from_thrown(&thrown)),
                Ok(Then::Wait(Ok(promise), next)) => {
                    self.set_busy(true);
                    let p = self.clone();
                    let on_fulfilled = once(Box::new(move |value| {
                        let then = next(&p, value);
                        p.drive(then);
                        JsValue::UNDEFINED
                    }));
                    let p = self.clone();
                    let on_rejected = once(Box::new(move |value| {
                        p.drive(Err(Failure::from_thrown(&value)));
                        JsValue::UNDEFINED
                    }));
                    // The promise holds both functions now; the garbage collector frees them once
                    // it has settled.
                    let _ = then_js(&promise, &on_fulfilled, &on_rejected);
                    return;
                }
            }
        };
        self.set_busy(false);
        // A flow may have moved on to another form before its step failed (an address created,
        // its code not sent): the failure belongs to the form open now.
        if *self.open.borrow() != *self.drawn.borrow() {
            self.render();
        }
        self.acting.set(false);
        self.show_error(&failure);
    }
}

impl crate::Widget for Profile {
    fn root(&self) -> &Element {
        &self.root
    }

    fn act(self: Rc<Self>, action: String) {
        if self.busy.get() {
            return;
        }
        form::clear_errors(&self.root);
        self.notice.borrow_mut().clear();
        if self.open.borrow().is_none() {
            *self.opener.borrow_mut() = action.clone();
        }
        self.acting.set(true);
        let (section, rest) = split(&action);
        let (verb, arg) = split(rest);
        let Some(user) = user(&self.clerk) else { return self.drive(Ok(Then::Render)) };
        let then = match section {
            "nav" => {
                let page = if verb == "security" { Page::Security } else { Page::Account };
                self.page.set(page);
                self.close_form();
                // The Security page loads its sessions anew each time it shows.
                self.sessions.replace(None);
                push_page_url(&self.props, page);
                Ok(Then::Render)
            }
            "cancel" => {
                self.close_form();
                Ok(Then::Render)
            }
            "profile" => profile::act(&self, &user, verb),
            "email" => email::act(&self, &user, verb, arg),
            "phone" => phone::act(&self, &user, verb, arg),
            "connected" => connected::act(&self, &user, verb, arg),
            "wallet" => wallet::act(&self, &user, verb, arg),
            "security" => security::act(&self, &user, verb, arg),
            _ => Ok(Then::Render),
        };
        self.drive(then);
    }

    fn detach(&self) {
        if let Some(off) = self.unsubscribe.borrow_mut().take() {
            let _ = off.call0(&JsValue::NULL);
        }
    }
}

/// `a:b` as `(a, b)`; `a` as `(a, "")`. (By bytes: `str::split_once` brings a searcher.)
fn split(s: &str) -> (&str, &str) {
    let i = s.bytes().position(|b| b == b':').unwrap_or(s.len());
    (s.get(..i).unwrap_or(""), s.get(i + 1..).unwrap_or(""))
}

/// The Account page's sections, in ClerkJS's order; each section draws itself only when the
/// instance has it enabled.
fn draw_account(p: &Profile, body: &Element, user: &User) {
    profile::draw(p, body, user);
    email::draw(p, body, user);
    phone::draw(p, body, user);
    connected::draw(p, body, user);
    wallet::draw(p, body, user);
}

/// The Security page's sections.
fn draw_security(p: &Rc<Profile>, body: &Element, user: &User) {
    security::draw(p, body, user);
}

/// `obj[method](arg)`: an SDK method called by its name (one import for all of them, where a
/// binding each would cost more), resolving as the method's promise does. A method that is not
/// there (also on a resource no longer there, `undefined`), or throws, gives an `Err`.
pub fn call(obj: &JsValue, method: &str, arg: &JsValue) -> Result<Promise, JsValue> {
    if !obj.is_object() {
        return Err(js_sys::Error::new("It is no longer there.").into());
    }
    invoke(obj, method, arg).map(JsCast::unchecked_into)
}

/// `obj[method](arg)` and what it returns: any method (of the SDK or the DOM) that this module
/// calls rarely, where a binding of its own would cost more. Calling what is not a function
/// throws, which `call1` returns as an `Err`.
pub fn invoke(obj: &JsValue, method: &str, arg: &JsValue) -> Result<JsValue, JsValue> {
    let f: Function = get(obj, method).unchecked_into();
    f.call1(obj, arg)
}

/// The element before `e` (`previousElementSibling`): a row's main part, before its buttons.
pub fn before(e: &Element) -> Element {
    get(e, "previousElementSibling").unchecked_into()
}

/// `clerk.user`, when someone is signed in.
pub fn user(clerk: &Clerk) -> Option<User> {
    let u = get(clerk, "user");
    u.is_object().then(|| u.unchecked_into())
}

/// `obj[key]` (`undefined` when missing, also on a missing `obj`).
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or_default()
}

/// `obj[a][b]…` as a string, empty when missing.
pub fn text(obj: &JsValue, path: &[&str]) -> String {
    api::path_text(obj, path).unwrap_or_default()
}

/// Whether `obj[a][b]…` is `true`.
pub fn is(obj: &JsValue, path: &[&str]) -> bool {
    path.iter().fold(obj.clone(), |v, k| get(&v, k)).as_bool() == Some(true)
}

/// The first character of `name` (empty for an empty name).
pub fn initial(name: &str) -> &str {
    let end = (1..=4).find(|&i| name.is_char_boundary(i)).unwrap_or(0);
    name.get(..end).unwrap_or("")
}

/// Whether a resource's `verification.status` is `verified`.
pub fn verified(item: &JsValue) -> bool {
    text(item, &["verification", "status"]) == "verified"
}

/// The entry of `list` whose `id` is `id` (`undefined` when none is: [`call`] then refuses).
pub fn find(list: &Array, id: &str) -> JsValue {
    for e in list.iter() {
        if text(&e, &["id"]) == id {
            return e;
        }
    }
    JsValue::UNDEFINED
}

/// `obj[key]` as an array (the SDK fills these lists with arrays; anything else reads empty).
pub fn list(obj: &JsValue, key: &str) -> Array {
    get(obj, key).dyn_into().unwrap_or_default()
}

/// The page the URL shows: with `routing: "path"` the path after `props.path`, else the hash
/// (`#/security`).
fn page_from_url_of(props: &Props) -> Page {
    let here = page::href().unwrap_or_default();
    let security = match path_routing(props) {
        Some(base) => {
            web_sys::Url::new(&here).ok().is_some_and(|u| trim_slashes(&text(&u, &["pathname"])) == [trim_slashes(&base), "/security"].concat())
        }
        None => here.ends_with("#/security"),
    };
    if security {
        Page::Security
    } else {
        Page::Account
    }
}

/// `s` without its trailing slashes.
fn trim_slashes(s: &str) -> &str {
    let n = s.bytes().rposition(|b| b != b'/').map_or(0, |i| i + 1);
    s.get(..n).unwrap_or(s)
}

/// `props.path` when `props.routing` is `"path"`.
fn path_routing(props: &Props) -> Option<String> {
    let routing = api::path_text(props, &["routing"]);
    (routing.as_deref() == Some("path")).then(|| api::path_text(props, &["path"])).flatten()
}

/// Puts the page in the URL (`history.pushState`), as ClerkJS's router does.
fn push_page_url(props: &Props, page: Page) {
    let url = match path_routing(props) {
        Some(base) => {
            let base = trim_slashes(&base);
            if page == Page::Security {
                [base, "/security"].concat()
            } else if base.is_empty() {
                "/".into()
            } else {
                base.into()
            }
        }
        None => [page::href_without_hash().as_str(), if page == Page::Security { "#/security" } else { "#/" }].concat(),
    };
    page::push_url(&url);
}

//! `<UserButton/>`: the signed-in user's avatar as a button that opens ClerkJS's account panel —
//! the user's name and identifier, "Manage account" (the `<UserProfile/>` modal, or
//! `userProfileUrl` with `userProfileMode: "navigation"`), "Sign out"; on an instance with
//! several sessions per client, the client's other signed-in accounts (a click makes one
//! current), "Add account" (the `<SignIn/>` modal, or the `signInUrl` prop) and "Sign out of all
//! accounts". Texts, classes (`cl-userButtonTrigger`, `cl-userButtonPopoverCard`, …) and ARIA as
//! in ClerkJS's en-US component.
//!
//! Everything is drawn anew from `clerk.user` on each change the SDK announces
//! (`clerk.addListener`): the avatar follows the user, and signed out the component shows
//! nothing. The panel closes with Escape or a click outside it (a listener on the document,
//! only while it is open), the focus going back to the button; ArrowUp / ArrowDown move between
//! its buttons.

use crate::api::{self, Clerk, Props};
use crate::modal::{self, Listener};
use crate::profile::{call, find, get, initial, is, list, once, text, then_js};
use crate::{appearance, dom, page};
use js_sys::{Function, Object, Promise};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Event};

/// The component's stylesheet (its elements are inside its `.cl-root`).
pub const CSS: &str = r#"
.cl-root.cl-userButton-root{display:inline-flex;position:relative}
.cl-userButtonTrigger,.cl-userButtonBox,.cl-userButtonPopoverActionButton{display:flex;align-items:center;gap:8px;border:0;background:none;color:inherit;font:inherit;cursor:pointer;text-align:left}
.cl-userButtonTrigger{padding:2px;border-radius:99px}
.cl-avatarBox{width:32px;height:32px;border-radius:50%;overflow:hidden;display:flex;align-items:center;justify-content:center;flex:none;color:#fff;font-size:.8rem;font-weight:600}
.cl-avatarBox img{width:100%;height:100%;object-fit:cover}
.cl-userButtonPopoverCard{position:absolute;top:calc(100% + 8px);right:0;z-index:1000;width:min(360px,90vw);background:var(--cl-bg);border:1px solid var(--cl-border);border-radius:calc(var(--cl-radius,8px) + 4px);box-shadow:0 10px 30px rgb(17 24 39/.14)}
.cl-userPreview{display:flex;align-items:center;gap:12px;padding:16px 20px;overflow-wrap:anywhere}
.cl-userPreviewMainIdentifier{font-weight:600}
.cl-userPreviewSecondaryIdentifier{color:var(--cl-muted);font-size:.87rem}
.cl-userButtonPopoverActions{border-top:1px solid var(--cl-border)}
.cl-userButtonPopoverActionButton{width:100%;padding:10px 20px;font-size:.9rem}
.cl-userButtonPopoverActionButton .cl-userPreview{padding:0}
.cl-userButtonPopoverActionButton:hover{background:#f9fafb}
"#;

/// The initials' backgrounds, one chosen by the user's id.
const COLOURS: [&str; 8] = ["#4f46e5", "#0e7490", "#15803d", "#b45309", "#be123c", "#7e22ce", "#1d4ed8", "#4d7c0f"];

/// A mounted `<UserButton/>`.
pub struct Button {
    clerk: Clerk,
    doc: Document,
    root: Element,
    props: Props,
    uid: u32,
    /// The panel is open.
    open: Cell<bool>,
    /// A sign-out or a switch of session is under way.
    busy: Cell<bool>,
    /// Removes the `clerk.addListener` callback.
    off: RefCell<Option<Function>>,
    /// The document's click and keydown listener while the panel is open.
    outside: Listener,
}

/// The events the open panel listens to on the document.
const OUTSIDE: [&str; 2] = ["click", "keydown"];

impl Button {
    pub fn new(clerk: Clerk, doc: Document, root: Element, props: Props, uid: u32) -> Rc<Button> {
        dom::ensure_style(&doc, "cl-style-user-button", CSS);
        dom::toggle_class(&root, "cl-userButton-root", true);
        let b = Rc::new_cyclic(|weak: &std::rc::Weak<Button>| {
            let weak = weak.clone();
            Button {
                clerk,
                doc,
                root,
                props,
                uid,
                open: Cell::new(false),
                busy: Cell::new(false),
                off: RefCell::default(),
                outside: Closure::new(move |ev: Event| {
                    if let Some(b) = weak.upgrade() {
                        b.outside(&ev);
                    }
                }),
            }
        });
        let weak = Rc::downgrade(&b);
        let listener = Closure::<dyn FnMut(JsValue)>::new(move |_: JsValue| {
            if let Some(b) = weak.upgrade() {
                b.render();
            }
        });
        let f: Function = listener.into_js_value().unchecked_into();
        // Draws it now (the listener is called at once), and on every change.
        if let Ok(off) = b.clerk.subscribe(&f) {
            *b.off.borrow_mut() = Some(off);
        }
        b
    }

    fn id(&self, name: &str) -> String {
        ["cl-", &self.uid.to_string(), "-", name].concat()
    }

    /// Appends a new `<tag class=…>` to `parent` and returns it.
    fn add(&self, parent: &Element, tag: &str, class: &str) -> Element {
        let e = dom::el(&self.doc, tag, class);
        dom::append(parent, &e);
        e
    }

    /// Appends a `<button type="button" data-action=…>` to `parent` (disabled while busy).
    fn button(&self, parent: &Element, class: &str, action: &str) -> Element {
        let b = self.add(parent, "button", class);
        dom::attr(&b, "type", "button");
        dom::attr(&b, "data-action", action);
        dom::flag(&b, "disabled", self.busy.get());
        b
    }

    /// A panel's action button.
    fn action(&self, parent: &Element, action: &str, label: &str) {
        dom::set_text(&self.button(parent, "cl-userButtonPopoverActionButton", action), label);
    }

    /// A group of the panel (`role="group"`, named as ClerkJS names it).
    fn group(&self, parent: &Element, class: &str, label: &str) -> Element {
        let g = self.add(parent, "div", class);
        dom::attr(&g, "role", "group");
        dom::attr(&g, "aria-label", label);
        g
    }

    /// Appends the user's picture (`hasImage`, an http(s) `imageUrl`), else their initials on a
    /// colour of their own.
    fn avatar(&self, parent: &Element, user: &JsValue, class: &str) {
        let a = self.add(parent, "span", class);
        let image = api::path_text(user, &["imageUrl"]).and_then(|u| page::resolve_http_url(&u));
        match image.filter(|_| is(user, &["hasImage"])) {
            Some(url) => {
                let img = self.add(&a, "img", "cl-avatarImage");
                dom::attr(&img, "src", &url);
                dom::attr(&img, "alt", "");
            }
            None => {
                let mut text = String::new();
                for key in ["firstName", "lastName"] {
                    text.push_str(initial(&crate::profile::text(user, &[key])));
                }
                if text.is_empty() {
                    text.push_str(initial(&identifier(user).unwrap_or_default()));
                }
                // The browser's upper case (Rust's would bring its Unicode tables).
                let text: String = js_sys::JsString::from(text).to_upper_case().into();
                dom::set_text(&a, &text);
                dom::attr(&a, "aria-hidden", "true");
                let id = api::path_text(user, &["id"]).unwrap_or_default();
                let hash = id.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b.into()));
                let colour = COLOURS.get(hash as usize % COLOURS.len()).copied().unwrap_or_default();
                let _ = a.unchecked_ref::<web_sys::HtmlElement>().style().set_property("background", colour);
            }
        }
    }

    /// Appends a user's avatar, name and identifier (ClerkJS's `userPreview`) to `parent`.
    fn preview(&self, parent: &Element, user: &JsValue) {
        let p = self.add(parent, "div", "cl-userPreview");
        self.avatar(&p, user, "cl-avatarBox cl-userPreviewAvatarBox");
        let text = self.add(&p, "div", "cl-userPreviewTextContainer");
        let name = api::path_text(user, &["fullName"]);
        let id = identifier(user);
        if let Some(main) = name.as_ref().or(id.as_ref()) {
            dom::set_text(&self.add(&text, "div", "cl-userPreviewMainIdentifier"), main);
        }
        if let (Some(_), Some(id)) = (&name, &id) {
            dom::set_text(&self.add(&text, "div", "cl-userPreviewSecondaryIdentifier"), id);
        }
    }

    /// Whether the instance allows several sessions per client.
    fn multi_session(&self) -> bool {
        self.clerk.environment().and_then(|e| e.auth_config()).and_then(|a| a.single_session_mode()) == Some(false)
    }

    /// Draws the button, and the panel when it is open; nothing when nobody is signed in.
    fn render(&self) {
        // The focus stays on the same action across a drawing.
        let focused = self.doc.active_element().filter(|a| self.root.contains(Some(a))).and_then(|a| a.get_attribute("data-action"));
        dom::clear(&self.root);
        let user = get(&self.clerk, "user");
        if !user.is_object() {
            self.set_open(false);
            return;
        }
        let open = self.open.get();
        let panel_id = self.id("user-button-panel");
        let trigger = self.button(&self.root, "cl-userButtonTrigger", "toggle");
        dom::attr(&trigger, "aria-label", if open { "Close user menu" } else { "Open user menu" });
        dom::attr(&trigger, "aria-haspopup", "dialog");
        dom::attr(&trigger, "aria-expanded", if open { "true" } else { "false" });
        if open {
            dom::attr(&trigger, "aria-controls", &panel_id);
        }
        let bx = self.add(&trigger, "span", "cl-userButtonBox");
        if is(&self.props, &["showName"]) {
            if let Some(name) = api::path_text(&user, &["fullName"]).or_else(|| identifier(&user)) {
                dom::set_text(&self.add(&bx, "span", "cl-userButtonOuterIdentifier"), &name);
            }
        }
        self.avatar(&bx, &user, "cl-avatarBox cl-userButtonAvatarBox");
        if open {
            let card = self.add(&self.root, "div", "cl-userButtonPopoverCard");
            dom::attr(&card, "id", &panel_id);
            dom::attr(&card, "role", "dialog");
            dom::attr(&card, "aria-label", "Account panel");
            let main = self.add(&card, "div", "cl-userButtonPopoverMain");
            self.preview(&main, &user);
            let actions = self.group(&main, "cl-userButtonPopoverActions", "Account actions");
            self.action(&actions, "manage", "Manage account");
            self.action(&actions, "sign-out", "Sign out");
            if self.multi_session() {
                let sessions = self.group(&card, "cl-userButtonPopoverActions", "Active sessions");
                // The client's other active sessions.
                let current = text(&self.clerk, &["session", "id"]);
                for s in list(&get(&self.clerk, "client"), "signedInSessions").iter() {
                    let id = text(&s, &["id"]);
                    if text(&s, &["status"]) == "active" && id != current {
                        let b = self.button(&sessions, "cl-userButtonPopoverActionButton", &["switch:", &id].concat());
                        self.preview(&b, &get(&s, "user"));
                    }
                }
                self.action(&sessions, "add", "Add account");
                let footer = self.group(&card, "cl-userButtonPopoverActions cl-userButtonPopoverFooter", "Sign out of all accounts");
                self.action(&footer, "sign-out-all", "Sign out of all accounts");
            }
        }
        appearance::decorate(&self.root, &self.props);
        if let Some(b) = focused.and_then(|a| dom::query(&self.root, &["[data-action=\"", &a, "\"]"].concat())) {
            dom::focus(&b);
        }
    }

    /// Opens or closes the panel (and its listener on the document), without drawing.
    fn set_open(&self, open: bool) {
        if self.open.replace(open) == open {
            return;
        }
        let f = self.outside.as_ref().unchecked_ref();
        for ty in OUTSIDE {
            let _ = if open { self.doc.add_event_listener_with_callback(ty, f) } else { self.doc.remove_event_listener_with_callback(ty, f) };
        }
    }

    /// Closes the panel and gives the focus back to the button.
    fn close(&self) {
        self.set_open(false);
        self.render();
        if let Some(t) = dom::query(&self.root, ".cl-userButtonTrigger") {
            dom::focus(&t);
        }
    }

    /// A click or a key anywhere in the page while the panel is open.
    fn outside(&self, ev: &Event) {
        let target = ev.target().map(JsCast::unchecked_into::<Element>);
        if ev.type_() == "click" {
            // A click inside the component, or on what a drawing has just removed, is not outside.
            if target.is_some_and(|t| !is(&t, &["isConnected"]) || self.root.contains(Some(&t))) {
                return;
            }
            // The focus goes back to the button unless the click gave it to something else.
            let elsewhere = self.doc.active_element().is_some_and(|a| Some(&a) != self.doc.body().as_deref());
            self.set_open(false);
            self.render();
            if !elsewhere {
                if let Some(t) = dom::query(&self.root, ".cl-userButtonTrigger") {
                    dom::focus(&t);
                }
            }
            return;
        }
        let back = match get(ev, "key").as_string().as_deref() {
            Some("Escape") => {
                self.close();
                return;
            }
            Some("ArrowDown") => false,
            Some("ArrowUp") => true,
            _ => return,
        };
        if let Some(card) = dom::query(&self.root, ".cl-userButtonPopoverCard") {
            ev.prevent_default();
            modal::step_focus(&card, back);
        }
    }

    /// Waits for a sign-out or a switch of session, the panel's buttons disabled meanwhile; a
    /// failure is reported on the console.
    fn wait(self: &Rc<Self>, call: Result<Promise, JsValue>) {
        let promise = call.unwrap_or_else(|e| Promise::reject(&e));
        self.busy.set(true);
        self.render();
        let settled = |failed: bool| {
            let b = self.clone();
            once(Box::new(move |v| {
                b.busy.set(false);
                if failed {
                    web_sys::console::warn_2(&JsValue::from_str("clerk-wasm: <UserButton/>:"), &v);
                }
                b.render();
                JsValue::UNDEFINED
            }))
        };
        // The promise holds both now; the garbage collector frees them once it has settled.
        let _ = then_js(&promise, &settled(false), &settled(true));
    }

    /// `clerk.signOut` with the `afterSignOutUrl` prop as `redirectUrl`, and `sessionId` when
    /// only the current session is to end.
    fn sign_out(self: &Rc<Self>, session: Option<String>) {
        let options = Object::new();
        if let Some(url) = api::path_text(&self.props, &["afterSignOutUrl"]) {
            api::set(&options, "redirectUrl", &JsValue::from_str(&url));
        }
        if let Some(id) = session {
            api::set(&options, "sessionId", &JsValue::from_str(&id));
        }
        self.wait(call(&self.clerk, "signOut", &options));
    }
}

/// The identifier ClerkJS shows under a user's name: their primary email address, else phone
/// number, else username, else Web3 wallet.
fn identifier(user: &JsValue) -> Option<String> {
    api::path_text(user, &["primaryEmailAddress", "emailAddress"])
        .or_else(|| api::path_text(user, &["primaryPhoneNumber", "phoneNumber"]))
        .or_else(|| api::path_text(user, &["username"]))
        .or_else(|| api::path_text(user, &["primaryWeb3Wallet", "web3Wallet"]))
}

impl crate::Widget for Button {
    fn root(&self) -> &Element {
        &self.root
    }

    fn act(self: Rc<Self>, action: String) {
        if self.busy.get() {
            return;
        }
        match action.as_str() {
            "toggle" => {
                let open = !self.open.get();
                self.set_open(open);
                self.render();
                let first = if open { ".cl-userButtonPopoverCard button" } else { ".cl-userButtonTrigger" };
                if let Some(b) = dom::query(&self.root, first) {
                    dom::focus(&b);
                }
            }
            "manage" => {
                // The button has the focus when the modal opens: it gets it back when it closes.
                self.close();
                if api::path_text(&self.props, &["userProfileMode"]).as_deref() == Some("navigation") {
                    if let Some(url) = api::path_text(&self.props, &["userProfileUrl"]) {
                        page::navigate(&url);
                    }
                } else {
                    let props = get(&self.props, "userProfileProps");
                    let _ = modal::open("UserProfile", modal::another(&self.clerk), props);
                }
            }
            "add" => {
                self.close();
                match api::text(self.props.sign_in_url()) {
                    Some(url) => {
                        page::navigate(&url);
                    }
                    None => {
                        let _ = modal::open("SignIn", modal::another(&self.clerk), JsValue::UNDEFINED);
                    }
                }
            }
            "sign-out" => {
                let session = if self.multi_session() { api::path_text(&self.clerk, &["session", "id"]) } else { None };
                self.sign_out(session);
            }
            "sign-out-all" => self.sign_out(None),
            _ => {
                let Some(id) = action.strip_prefix("switch:") else { return };
                let session = find(&list(&get(&self.clerk, "client"), "signedInSessions"), id);
                if !session.is_object() {
                    return;
                }
                self.close();
                let params = Object::new();
                api::set(&params, "session", &session);
                self.wait(self.clerk.set_active(&params));
            }
        }
    }

    fn detach(&self) {
        self.set_open(false);
        if let Some(off) = self.off.borrow_mut().take() {
            let _ = off.call0(&JsValue::NULL);
        }
    }
}

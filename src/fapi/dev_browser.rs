//! The dev browser of a development instance (`core/auth/devBrowser.ts` in ClerkJS, PROTOCOL.md
//! §2): an id the Frontend API hands out that names this browser, sent back as `__clerk_db_jwt`
//! on every request instead of a cross-site cookie. It is kept in memory and in the cookies
//! `__clerk_db_jwt` and `__clerk_db_jwt_<suffix>`; a page URL carrying `__clerk_db_jwt` (after a
//! redirect from another origin) takes precedence and is then removed from the address bar.

use crate::browser;
use std::cell::RefCell;

pub const COOKIE: &str = "__clerk_db_jwt";

pub struct DevBrowser {
    id: RefCell<Option<String>>,
    /// The cookie suffix (see `browser::cookie_suffix`), once known.
    suffix: RefCell<Option<String>>,
}

impl Default for DevBrowser {
    fn default() -> Self {
        DevBrowser::new()
    }
}

impl DevBrowser {
    pub fn new() -> DevBrowser {
        DevBrowser { id: RefCell::new(None), suffix: RefCell::new(None) }
    }

    pub fn set_suffix(&self, suffix: Option<String>) {
        *self.suffix.borrow_mut() = suffix;
    }

    fn suffixed(&self) -> Option<String> {
        self.suffix.borrow().as_ref().map(|s| [COOKIE, "_", s].concat())
    }

    pub fn id(&self) -> Option<String> {
        self.id.borrow().clone()
    }

    /// Remembers a new id (or forgets it) in memory and in both cookies.
    pub fn set(&self, id: Option<String>) {
        let changed = *self.id.borrow() != id;
        *self.id.borrow_mut() = id.clone();
        if changed {
            let names = [Some(COOKIE.to_string()), self.suffixed()];
            for name in names.iter().flatten() {
                match &id {
                    Some(v) => browser::set_cookie(name, v, browser::YEAR_SECS, "Lax"),
                    None => browser::remove_cookie(name),
                }
            }
        }
    }

    /// Picks up an id from the page URL (removing it) or from the cookies.
    pub fn restore(&self) {
        let from_url = browser::take_query_param(COOKIE);
        let id = from_url
            .or_else(|| self.suffixed().and_then(|name| browser::cookie(&name)))
            .or_else(|| browser::cookie(COOKIE))
            .filter(|v| !v.is_empty());
        if id.is_some() {
            self.set(id);
        }
    }
}

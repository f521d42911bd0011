//! The dev browser of a development instance (`core/auth/devBrowser.ts` in ClerkJS, PROTOCOL.md
//! §2): an id the Frontend API hands out that names this browser, sent back as `__clerk_db_jwt`
//! on every request instead of a cross-site cookie. It is kept in memory and in the cookies
//! `__clerk_db_jwt` and `__clerk_db_jwt_<suffix>`; a page URL carrying `__clerk_db_jwt` (after a
//! redirect from another origin) takes precedence and is then removed from the address bar.

use crate::browser;
use base64::engine::general_purpose::URL_SAFE;
use base64::Engine;
use std::cell::RefCell;

pub const COOKIE: &str = "__clerk_db_jwt";

pub struct DevBrowser {
    id: RefCell<Option<String>>,
    suffix: String,
}

/// ClerkJS's cookie suffix: the first 8 characters of url-safe base64 of SHA-1(publishable key).
pub fn cookie_suffix(publishable_key: &str) -> String {
    let digest = sha1_smol::Sha1::from(publishable_key.as_bytes()).digest().bytes();
    let mut s = URL_SAFE.encode(digest);
    s.truncate(8);
    s
}

impl DevBrowser {
    pub fn new(publishable_key: &str) -> DevBrowser {
        DevBrowser { id: RefCell::new(None), suffix: cookie_suffix(publishable_key) }
    }

    pub fn id(&self) -> Option<String> {
        self.id.borrow().clone()
    }

    /// Remembers a new id (or forgets it) in memory and in both cookies.
    pub fn set(&self, id: Option<String>) {
        let changed = *self.id.borrow() != id;
        *self.id.borrow_mut() = id.clone();
        if changed {
            let suffixed = format!("{COOKIE}_{}", self.suffix);
            match &id {
                Some(v) => {
                    browser::set_cookie(COOKIE, v, browser::YEAR_SECS, "Lax");
                    browser::set_cookie(&suffixed, v, browser::YEAR_SECS, "Lax");
                }
                None => {
                    browser::remove_cookie(COOKIE);
                    browser::remove_cookie(&suffixed);
                }
            }
        }
    }

    /// Picks up an id from the page URL (removing it) or from the cookies.
    pub fn restore(&self) {
        let from_url = browser::take_query_param(COOKIE);
        let id = from_url
            .or_else(|| browser::cookie(&format!("{COOKIE}_{}", self.suffix)))
            .or_else(|| browser::cookie(COOKIE))
            .filter(|v| !v.is_empty());
        if id.is_some() {
            self.set(id);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn suffix_is_eight_url_safe_chars() {
        let s = super::cookie_suffix("pk_test_MTI3LjAuMC4xOjQwMDAk");
        assert_eq!(s.len(), 8);
        assert!(s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        assert_ne!(s, super::cookie_suffix("pk_test_bG9jYWwuYWNjb3VudHMuZGV2JA"));
    }
}

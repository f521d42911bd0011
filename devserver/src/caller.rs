//! Who is calling the Frontend API.
//!
//! A `Caller` is extracted from every FAPI request: the dev browser in `__clerk_db_jwt`, or the
//! HttpOnly `__client` cookie; the page it calls from (`Origin`, which becomes the tokens'
//! `azp`); the session it acts for (`_clerk_session_id`); its device. It resolves the caller's
//! client inside a handler's transaction and creates one when a mutation needs it.
//!
//! In cookie mode the cookie's value changes when a session is born on the client
//! (`rotate_cookie`, called by `auth::session::start`): the answer carries the new value
//! (`cookie_for`), and the old one names nothing from then on.

use crate::db::clients::{self, ClientRow};
use crate::error::AppError;
use crate::form::Params;
use crate::ids;
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::header::{COOKIE, ORIGIN, USER_AGENT};
use axum::http::request::Parts;
use axum::http::HeaderValue;
use rusqlite::Transaction;
use std::net::SocketAddr;

/// The name of the Frontend API's own client cookie.
pub const CLIENT_COOKIE: &str = "__client";
const CLIENT_COOKIE_MAX_AGE: i64 = 365 * 24 * 3600;

/// Who is calling the Frontend API.
#[derive(Debug, Clone, Default)]
pub struct Caller {
    pub dev_browser: Option<String>,
    pub cookie_token: Option<String>,
    pub origin: Option<String>,
    pub session_param: Option<String>,
    pub user_agent: Option<String>,
    pub ip: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = Params::parse(parts.uri.query().unwrap_or("").as_bytes())?;
        if let Some(v) = query.get("__clerk_api_version") {
            if !is_api_version(v) {
                return Err(AppError::api_version_invalid(v));
            }
        }
        let header = |name| parts.headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_string);
        let cookie_token = parts
            .headers
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|c| c.trim().split_once('='))
            .find(|(k, _)| *k == CLIENT_COOKIE)
            .map(|(_, v)| v.to_string())
            .filter(|v| !v.is_empty());
        Ok(Caller {
            dev_browser: query.optional("__clerk_db_jwt").map(str::to_string),
            cookie_token,
            origin: header(ORIGIN).filter(|o| o != "null"),
            session_param: query.optional("_clerk_session_id").map(str::to_string),
            user_agent: header(USER_AGENT),
            ip: parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string()),
        })
    }
}

/// `YYYY-MM-DD`.
fn is_api_version(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() == 10 && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
}

impl Caller {
    /// The caller's client, if it has one. An unknown dev browser is refused
    /// (`dev_browser_unauthenticated`, which makes ClerkJS create a new one); an unknown cookie
    /// simply means "no client yet".
    pub fn client(&self, tx: &Transaction) -> Result<Option<ClientRow>, AppError> {
        if let Some(dev_browser) = &self.dev_browser {
            return match clients::dev_browser_client(tx, dev_browser)? {
                None => Err(AppError::dev_browser_unauthenticated()),
                Some(None) => Ok(None),
                Some(Some(cid)) => clients::get_client(tx, &cid),
            };
        }
        match &self.cookie_token {
            Some(token) => clients::client_by_cookie(tx, token),
            None => Ok(None),
        }
    }

    /// Like `client`, but a missing client is `client_not_found`.
    pub fn must_client(&self, tx: &Transaction) -> Result<ClientRow, AppError> {
        self.client(tx)?.ok_or_else(AppError::client_not_found)
    }

    /// The signed-in session a `/v1/me…` request acts for: the session named by
    /// `_clerk_session_id` (ClerkJS sends it on every non-`/client` path), else the client's last
    /// active one; it must belong to the caller's client and be active. Otherwise 401
    /// `authentication_invalid` (as Clerk answers `/me` without a session).
    pub fn current_session(&self, tx: &Transaction, now: i64, inactivity_ms: i64) -> Result<(ClientRow, clients::SessionRow), AppError> {
        let client = self.client(tx)?.ok_or_else(AppError::authentication_invalid)?;
        let sid = self.session_param.clone().or_else(|| client.last_active_session_id.clone()).ok_or_else(AppError::authentication_invalid)?;
        match clients::get_session(tx, &sid)? {
            Some(s) if s.client_id == client.id && s.is_active_at(now, inactivity_ms) => Ok((client, s)),
            _ => Err(AppError::authentication_invalid()),
        }
    }

    /// Runs `f` in one transaction for the signed-in user (`current_session`): the `/v1/me`
    /// routes' common frame. `f` gets the transaction, the state, this context, the client and
    /// the session; an error rolls everything back.
    pub async fn signed_in<T, F>(self, st: &AppState, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction, &AppState, &Caller, ClientRow, clients::SessionRow) -> Result<T, AppError> + Send + 'static,
    {
        st.tx(move |tx, st| {
            let (client, session) = self.current_session(tx, st.now(), st.inactivity_ms())?;
            f(tx, st, &self, client, session)
        })
        .await
    }

    /// Whether this caller names `client` by its cookie (cookie mode, the client's current value).
    pub fn holds_cookie_of(&self, client: &ClientRow) -> bool {
        self.dev_browser.is_none() && self.cookie_token.is_some() && self.cookie_token == client.cookie_token
    }

    /// Gives `client` a new cookie value when this caller names it by its current one: called as a
    /// session is born (`auth::session::start`), so that a value known before the sign-in (planted,
    /// or read) names nothing afterwards. A dev browser names its client itself; a caller that
    /// does not hold the cookie (an OAuth callback followed in another browser) could not be
    /// given the new value, so the client keeps its cookie. The caller saves the client.
    pub fn rotate_cookie(&self, client: &mut ClientRow) {
        if self.holds_cookie_of(client) {
            client.cookie_token = Some(ids::secret(48));
        }
    }

    /// The `Set-Cookie` this caller needs for `client`, which must be its own: in cookie mode,
    /// when the client's value is not the one the caller sent (a client made for this request, or
    /// a rotated cookie).
    pub fn cookie_for(&self, client: &ClientRow) -> Option<String> {
        if self.dev_browser.is_some() {
            return None;
        }
        let token = client.cookie_token.as_deref()?;
        (self.cookie_token.as_deref() != Some(token)).then(|| client_cookie(token))
    }

    /// The caller's client, created (and bound to its dev browser, or to a new cookie) if needed.
    /// The returned `Option<String>` is a `Set-Cookie` value the reply must carry.
    pub fn ensure_client(&self, tx: &Transaction, st: &AppState) -> Result<(ClientRow, Option<String>), AppError> {
        if let Some(c) = self.client(tx)? {
            return Ok((c, None));
        }
        let now = st.now();
        let mut client = ClientRow {
            id: st.ids.new_id("client"),
            cookie_token: None,
            sign_in_id: None,
            sign_up_id: None,
            last_active_session_id: None,
            created_at: now,
            updated_at: now,
        };
        let cookie = match &self.dev_browser {
            Some(dev_browser) => {
                clients::insert_client(tx, &client)?;
                clients::bind_dev_browser(tx, dev_browser, &client.id)?;
                None
            }
            None => {
                let token = ids::secret(48);
                client.cookie_token = Some(token.clone());
                clients::insert_client(tx, &client)?;
                Some(client_cookie(&token))
            }
        };
        Ok((client, cookie))
    }
}

/// `Set-Cookie` for the client cookie. HttpOnly so page scripts never see it; `SameSite=Lax`
/// because the dev server and the pages it serves share a site (a loopback host).
pub fn client_cookie(token: &str) -> String {
    format!("{CLIENT_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={CLIENT_COOKIE_MAX_AGE}")
}

/// `Set-Cookie` that removes the client cookie.
pub fn clear_client_cookie() -> String {
    format!("{CLIENT_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0")
}

#[cfg(test)]
mod tests {
    #[test]
    fn api_version_format() {
        assert!(super::is_api_version("2026-05-12"));
        assert!(!super::is_api_version("2026-5-12"));
        assert!(!super::is_api_version("latest"));
    }
}

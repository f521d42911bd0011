//! `AppState`: what every handler can reach — the database, the instance configuration, the
//! instance's keys, its public URLs, a clock and an id generator, the request capture, and the
//! dashboard's per-process CSRF token. It is a cheap `Clone` (one `Arc`), built once the
//! listening address is known, because the publishable key encodes it.

use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::db::{kv, Db};
use crate::error::AppError;
use crate::ids::{self, Ids};
use crate::jwt::Keys;
use crate::password::{self, Checked};
use base64::engine::general_purpose::STANDARD_NO_PAD as B64;
use base64::Engine;
use rusqlite::Transaction;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState(Arc<Inner>);

pub struct Inner {
    pub db: Db,
    pub config: Config,
    pub keys: Keys,
    pub secret_key: String,
    pub instance_id: String,
    /// `pk_test_` + base64(`<host:port>$`).
    pub publishable_key: String,
    /// `http://<host:port>`: the Frontend API's base URL (also the `iss` of session tokens).
    pub frontend_api_url: String,
    /// `http://<host:port>/bapi`: the Backend API's base URL, as `@clerk/backend`'s `apiUrl`.
    pub bapi_url: String,
    pub clock: Arc<dyn Clock>,
    pub ids: Ids,
    /// Where `index.html`, `www/` and `pkg/` are served from; `None` serves no pages.
    pub static_dir: Option<PathBuf>,
    /// The Frontend and Backend API requests as received (`GET /dev/requests`, `/dev/api/requests`).
    pub requests: crate::request_log::RequestLog,
    /// The address the server listens on (the dashboard's `Host` check compares its port).
    pub addr: SocketAddr,
    /// The dashboard's per-process CSRF token: 32 bytes from the OS's generator, hex. Put in the
    /// dashboard's page; every `/dev/api/*` call must send it back (`X-Clerk-Dev-Csrf`).
    pub dashboard_csrf: String,
    /// Started with `--seed-demo`: the dashboard's "Reset data" creates the demo user again.
    pub seed_demo: bool,
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// Everything needed to build an `AppState`.
pub struct StateOptions {
    pub db: Db,
    pub config: Config,
    /// The address the server listens on (with the real port when it asked for port 0).
    pub addr: SocketAddr,
    /// `CLERK_SECRET_KEY`, when set; otherwise one is generated and stored.
    pub secret_key: Option<String>,
    pub clock: Arc<dyn Clock>,
    pub ids: Ids,
    pub static_dir: Option<PathBuf>,
    /// A signing key to use instead of the stored or generated one (tests share one to save time).
    pub keys: Option<Keys>,
    /// `--seed-demo`: whether a reset re-creates the demo user (`demo::seed`).
    pub seed_demo: bool,
}

impl StateOptions {
    /// Defaults for an in-memory instance at `addr`: real clock, random ids, no pages.
    pub fn new(db: Db, addr: SocketAddr) -> StateOptions {
        StateOptions {
            db,
            config: Config::default(),
            addr,
            secret_key: None,
            clock: Arc::new(SystemClock),
            ids: Ids::random(),
            static_dir: None,
            keys: None,
            seed_demo: false,
        }
    }
}

/// The publishable key for a Frontend API host, built the way Clerk builds them.
pub fn publishable_key(host: &str) -> String {
    format!("pk_test_{}", B64.encode(format!("{host}$")))
}

/// Whether a secret key has the shape Clerk's SDKs accept (`sk_test_…` / `sk_live_…`).
pub fn secret_key_well_formed(key: &str) -> bool {
    (key.starts_with("sk_test_") || key.starts_with("sk_live_")) && key.len() >= 20 && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

impl AppState {
    /// Loads the instance's stored identity (instance id, secret key, signing key), creating
    /// what is missing, and assembles the state.
    pub fn build(opts: StateOptions) -> Result<AppState, String> {
        if let Some(k) = &opts.secret_key {
            if !secret_key_well_formed(k) {
                return Err("CLERK_SECRET_KEY must look like sk_test_<letters and digits>, at least 20 characters".into());
            }
        }
        let given_keys = opts.keys.clone();
        let env_secret = opts.secret_key.clone();
        let (instance_id, secret_key, keys) = opts
            .db
            .tx_blocking(|tx| {
                let instance_id = match kv::get(tx, "instance_id")? {
                    Some(id) => id,
                    None => {
                        let id = opts.ids.new_id("ins");
                        kv::set(tx, "instance_id", &id)?;
                        id
                    }
                };
                let secret_key = match (env_secret, kv::get(tx, "secret_key")?) {
                    (Some(k), _) => {
                        kv::set(tx, "secret_key", &k)?;
                        k
                    }
                    (None, Some(k)) => k,
                    (None, None) => {
                        let k = format!("sk_test_{}", ids::secret(40));
                        kv::set(tx, "secret_key", &k)?;
                        k
                    }
                };
                let keys = match (given_keys, kv::get(tx, "signing_key_pem")?) {
                    (Some(k), _) => Keys::from_pem(&instance_id, &k.to_pem().map_err(AppError::internal)?),
                    (None, Some(pem)) => Keys::from_pem(&instance_id, &pem),
                    (None, None) => {
                        let k = Keys::generate(&instance_id).map_err(AppError::internal)?;
                        kv::set(tx, "signing_key_pem", &k.to_pem().map_err(AppError::internal)?)?;
                        Ok(k)
                    }
                }
                .map_err(AppError::internal)?;
                Ok((instance_id, secret_key, keys))
            })
            .map_err(|e| e.to_string())?;

        let host = opts.addr.to_string();
        Ok(AppState(Arc::new(Inner {
            db: opts.db,
            config: opts.config,
            keys,
            secret_key,
            instance_id,
            publishable_key: publishable_key(&host),
            frontend_api_url: format!("http://{host}"),
            bapi_url: format!("http://{host}/bapi"),
            clock: opts.clock,
            ids: opts.ids,
            static_dir: opts.static_dir,
            requests: Default::default(),
            addr: opts.addr,
            dashboard_csrf: ids::hex_secret(32),
            seed_demo: opts.seed_demo,
        })))
    }

    pub fn now(&self) -> i64 {
        self.clock.now_ms()
    }

    /// `session.inactivity_timeout_secs` in milliseconds (0: off), for `SessionRow::status_at`.
    pub fn inactivity_ms(&self) -> i64 {
        self.config.session.inactivity_ms()
    }

    /// Runs `f` with the state in one SQLite transaction on the blocking pool (`Db::tx`): what a
    /// handler does between reading its request and answering. An `Err` rolls everything back.
    pub async fn tx<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction, &AppState) -> Result<T, AppError> + Send + 'static,
    {
        let st = self.clone();
        self.db.tx(move |tx| f(tx, &st)).await
    }

    /// `tx` for work whose refusal must keep what it wrote (`Db::tx_keeping_refusal`: a failed
    /// attempt's counter, a lockout): `f` answers `Ok(Err(refusal))` to commit and refuse.
    pub async fn tx_keeping_refusal<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction, &AppState) -> Result<Result<T, AppError>, AppError> + Send + 'static,
    {
        let st = self.clone();
        self.db.tx_keeping_refusal(move |tx| f(tx, &st)).await
    }

    /// A step that checks a password, without the database lock held during the KDF: `read`
    /// (one transaction) makes the step's checks and answers the stored hash; the password is
    /// checked on the blocking pool (`password::check`); `write` (a second transaction, with
    /// `tx_keeping_refusal`'s rules) makes the step with the outcome. Anything may have changed
    /// in between, so `write` checks again everything `read` relied on, and acts on the outcome
    /// only if it `is_about` the hash stored then.
    pub async fn tx_checking_password<T, R, W>(&self, given: String, read: R, write: W) -> Result<T, AppError>
    where
        T: Send + 'static,
        R: FnOnce(&Transaction, &AppState) -> Result<String, AppError> + Send + 'static,
        W: FnOnce(&Transaction, &AppState, Checked) -> Result<Result<T, AppError>, AppError> + Send + 'static,
    {
        let stored = self.tx(read).await?;
        let checked = password::check(given, stored).await?;
        self.tx_keeping_refusal(move |tx, st| write(tx, st, checked)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publishable_key_matches_clerks_format() {
        // The example from PROTOCOL.md section 1.
        assert_eq!(publishable_key("127.0.0.1:4000"), "pk_test_MTI3LjAuMC4xOjQwMDAk");
    }

    #[test]
    fn secret_key_shape() {
        assert!(secret_key_well_formed("sk_test_abcdefghijklmnopqrstu"));
        assert!(!secret_key_well_formed("pk_test_abcdefghijklmnopqrstu"));
        assert!(!secret_key_well_formed("sk_test_short"));
        assert!(!secret_key_well_formed("sk_test_has spaces in it......"));
    }
}

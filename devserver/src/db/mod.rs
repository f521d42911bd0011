//! The database: one SQLite connection (a file under `--data`, or memory), its schema, and the
//! transaction runner every handler goes through.
//!
//! All SQL lives in this module's files: `users.rs` (users and their identifications),
//! `clients.rs` (clients, dev browsers, sessions, sign-ins, sign-in tokens), `sign_ups.rs`
//! (sign-up attempts), `verifications.rs`, `outbox.rs` (the codes "sent"), `kv.rs` (instance
//! secrets); `reset_data` here empties everything but the instance (the dashboard's "Reset data").
//! Every call runs inside one transaction on a blocking thread: an `Err` from the closure rolls
//! everything back, so a refused request changes nothing.

pub mod clients;
pub mod images;
pub mod kv;
pub mod oauth;
pub mod outbox;
pub mod sign_ups;
pub mod users;
pub mod verifications;

use crate::error::AppError;
use rusqlite::{Connection, Transaction};
use std::path::Path;
use std::sync::{Arc, Mutex};

/// A shared handle to the one connection.
#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
}

/// The schema, one migration per entry; `PRAGMA user_version` records how many have run.
const MIGRATIONS: &[&str] = &[
    r#"
CREATE TABLE kv (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE users (
    id                        TEXT PRIMARY KEY,
    external_id               TEXT UNIQUE,
    username                  TEXT,
    first_name                TEXT,
    last_name                 TEXT,
    password_hash             TEXT,
    public_metadata           TEXT NOT NULL DEFAULT '{}',
    private_metadata          TEXT NOT NULL DEFAULT '{}',
    unsafe_metadata           TEXT NOT NULL DEFAULT '{}',
    primary_email_address_id  TEXT,
    primary_phone_number_id   TEXT,
    primary_web3_wallet_id    TEXT,
    failed_password_attempts  INTEGER NOT NULL DEFAULT 0,
    locked_until              INTEGER,
    last_sign_in_at           INTEGER,
    last_active_at            INTEGER,
    created_at                INTEGER NOT NULL,
    updated_at                INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_username ON users (username COLLATE NOCASE);

CREATE TABLE verifications (
    id                 TEXT PRIMARY KEY,
    status             TEXT NOT NULL,
    strategy           TEXT NOT NULL,
    attempts           INTEGER,
    expire_at          INTEGER,
    code_hash          TEXT,
    nonce              TEXT,
    message            TEXT,
    redirect_url       TEXT,
    error              TEXT,
    verified_at_client TEXT,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
);

-- Email addresses, phone numbers and web3 wallets. `value_key` is the normalised value that
-- must be unique across the instance (emails and wallets compare case-insensitively).
CREATE TABLE identifications (
    id                         TEXT PRIMARY KEY,
    user_id                    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind                       TEXT NOT NULL CHECK (kind IN ('email_address', 'phone_number', 'web3_wallet')),
    value                      TEXT NOT NULL,
    value_key                  TEXT NOT NULL,
    verification_id            TEXT REFERENCES verifications (id),
    reserved_for_second_factor INTEGER NOT NULL DEFAULT 0,
    default_second_factor      INTEGER NOT NULL DEFAULT 0,
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL,
    UNIQUE (kind, value_key)
);
CREATE INDEX identifications_user ON identifications (user_id);

CREATE TABLE clients (
    id                     TEXT PRIMARY KEY,
    cookie_token           TEXT UNIQUE,
    sign_in_id             TEXT,
    sign_up_id             TEXT,
    last_active_session_id TEXT,
    created_at             INTEGER NOT NULL,
    updated_at             INTEGER NOT NULL
);

CREATE TABLE dev_browsers (
    id         TEXT PRIMARY KEY,
    client_id  TEXT REFERENCES clients (id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL
);

CREATE TABLE sessions (
    id                          TEXT PRIMARY KEY,
    client_id                   TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    user_id                     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    status                      TEXT NOT NULL,
    expire_at                   INTEGER NOT NULL,
    abandon_at                  INTEGER NOT NULL,
    last_active_at              INTEGER NOT NULL,
    last_active_organization_id TEXT,
    first_factor_at             INTEGER,
    second_factor_at            INTEGER,
    user_agent                  TEXT,
    ip_address                  TEXT,
    created_at                  INTEGER NOT NULL,
    updated_at                  INTEGER NOT NULL
);
CREATE INDEX sessions_client ON sessions (client_id);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE sign_ins (
    id                           TEXT PRIMARY KEY,
    client_id                    TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    status                       TEXT NOT NULL,
    identifier                   TEXT,
    user_id                      TEXT REFERENCES users (id) ON DELETE CASCADE,
    identification_id            TEXT,
    first_factor_verification_id  TEXT REFERENCES verifications (id),
    second_factor_verification_id TEXT REFERENCES verifications (id),
    created_session_id           TEXT,
    abandon_at                   INTEGER NOT NULL,
    created_at                   INTEGER NOT NULL,
    updated_at                   INTEGER NOT NULL
);

CREATE TABLE sign_in_tokens (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token      TEXT NOT NULL UNIQUE,
    status     TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
"#,
    r#"
-- Sign-up attempts. The password is kept only as its hash, from the request that gave it.
CREATE TABLE sign_ups (
    id                    TEXT PRIMARY KEY,
    client_id             TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    status                TEXT NOT NULL,
    email_address         TEXT,
    phone_number          TEXT,
    username              TEXT,
    first_name            TEXT,
    last_name             TEXT,
    password_hash         TEXT,
    unsafe_metadata       TEXT NOT NULL DEFAULT '{}',
    email_verification_id TEXT REFERENCES verifications (id),
    phone_verification_id TEXT REFERENCES verifications (id),
    created_user_id       TEXT,
    created_session_id    TEXT,
    abandon_at            INTEGER NOT NULL,
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL
);
CREATE INDEX sign_ups_client ON sign_ups (client_id);

-- Every one-time code the dev server "sent", for `GET /dev/outbox`. `to_key` is the normalised
-- recipient the `to` filter compares with (lower-case email, E.164 phone number).
CREATE TABLE outbox (
    id         TEXT PRIMARY KEY,
    channel    TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
    to_address TEXT NOT NULL,
    to_key     TEXT NOT NULL,
    subject    TEXT,
    body       TEXT NOT NULL,
    code       TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX outbox_to ON outbox (to_key);
"#,
    // Each later migration lives in its own file (one owner per schema change).
    include_str!("migrations/003_me.sql"),
    include_str!("migrations/004_oauth.sql"),
    include_str!("migrations/005_web3_images.sql"),
    include_str!("migrations/006_dashboard.sql"),
];

impl Db {
    /// Opens (creating if needed) `<dir>/clerk-dev.sqlite3`, or an in-memory database when `dir`
    /// is `None`, and brings its schema up to date.
    pub fn open(dir: Option<&Path>) -> Result<Db, String> {
        let conn = match dir {
            Some(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                let path = dir.join("clerk-dev.sqlite3");
                Connection::open(&path).map_err(|e| format!("cannot open {}: {e}", path.display()))?
            }
            None => Connection::open_in_memory().map_err(|e| e.to_string())?,
        };
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;").map_err(|e| e.to_string())?;
        let mut conn = conn;
        migrate(&mut conn).map_err(|e| format!("migration failed: {e}"))?;
        Ok(Db { conn: Arc::new(Mutex::new(conn)) })
    }

    /// Runs `f` in one transaction on a blocking thread; commits on `Ok`, rolls back on `Err`.
    pub async fn tx<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> Result<T, AppError> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || Db::tx_blocking_on(&conn, f))
            .await
            .map_err(|e| AppError::internal(format!("database task failed: {e}")))?
    }

    /// Like `tx`, for work whose refusal must still keep what it wrote (a failed attempt's
    /// counter, a lockout): the closure answers `Ok(Err(refusal))` after writing what must stay,
    /// the transaction commits, and the refusal becomes this call's error. An outer `Err` still
    /// rolls everything back.
    pub async fn tx_keeping_refusal<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> Result<Result<T, AppError>, AppError> + Send + 'static,
    {
        self.tx(f).await?
    }

    /// The same as `tx`, for callers that are already off the async threads (start-up, seeding).
    pub fn tx_blocking<T, F>(&self, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&Transaction) -> Result<T, AppError>,
    {
        Db::tx_blocking_on(&self.conn, f)
    }

    fn tx_blocking_on<T, F>(conn: &Mutex<Connection>, f: F) -> Result<T, AppError>
    where
        F: FnOnce(&Transaction) -> Result<T, AppError>,
    {
        // A panic in another request poisons the lock but leaves SQLite consistent (its
        // transaction was rolled back when dropped), so the connection stays usable.
        let mut conn = conn.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction()?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

/// The tables `reset_data` empties, in an order the foreign keys accept: everything users,
/// clients and their attempts left behind. `kv` (the instance's identity and keys) stays, and so do
/// `dev_browsers` (their client is unset by the clients' deletion: open pages stay known, signed out).
const DATA_TABLES: &[&str] = &[
    "oauth_codes",
    "oauth_states",
    "oauth_sign_ups",
    "oauth_identities",
    "sign_in_tokens",
    "sign_ins",
    "sign_ups",
    "sessions",
    "external_accounts",
    "images",
    "identifications",
    "users",
    "clients",
    "verifications",
    "outbox",
];

/// Deletes every user and what belongs to them, every client, session, attempt, verification and
/// outbox message (the dashboard's "Reset data"); keeps the instance (`kv`, but its record that
/// the demo user was seeded) and the dev browsers.
pub fn reset_data(tx: &Transaction) -> Result<(), AppError> {
    for table in DATA_TABLES {
        tx.execute(&format!("DELETE FROM {table}"), [])?;
    }
    kv::delete(tx, kv::DEMO_USER_SEEDED)?;
    Ok(())
}

fn migrate(conn: &mut Connection) -> rusqlite::Result<()> {
    let done: usize = conn.query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0))? as usize;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(done) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

/// Reads a JSON text column into a value, treating bad JSON as an internal error.
pub(crate) fn json_col(text: &str) -> Result<serde_json::Value, AppError> {
    Ok(serde_json::from_str(text)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_once_and_rolls_back_on_error() {
        let db = Db::open(None).unwrap();
        let r: Result<(), AppError> = db.tx_blocking(|tx| {
            tx.execute("INSERT INTO kv (key, value) VALUES ('a', '1')", [])?;
            Err(AppError::param_missing("x"))
        });
        assert!(r.is_err());
        let n: i64 = db.tx_blocking(|tx| Ok(tx.query_row("SELECT COUNT(*) FROM kv", [], |r| r.get(0))?)).unwrap();
        assert_eq!(n, 0, "the failed transaction left nothing behind");
    }

    #[tokio::test]
    async fn a_kept_refusal_commits_and_still_fails() {
        let db = Db::open(None).unwrap();
        let r: Result<(), AppError> = db
            .tx_keeping_refusal(|tx| {
                tx.execute("INSERT INTO kv (key, value) VALUES ('attempts', '1')", [])?;
                Ok(Err(AppError::code_incorrect()))
            })
            .await;
        assert_eq!(r.unwrap_err().code(), "form_code_incorrect");
        assert_eq!(db.tx_blocking(|tx| Ok(kv::get(tx, "attempts")?)).unwrap().as_deref(), Some("1"), "the count stayed");
        let r: Result<(), AppError> = db
            .tx_keeping_refusal(|tx| {
                tx.execute("INSERT INTO kv (key, value) VALUES ('other', '1')", [])?;
                Err(AppError::verification_missing())
            })
            .await;
        assert_eq!(r.unwrap_err().code(), "verification_missing");
        assert_eq!(db.tx_blocking(|tx| Ok(kv::get(tx, "other")?)).unwrap(), None, "an outer error rolls back");
    }

    #[test]
    fn reopening_a_file_keeps_data_and_schema() {
        let dir = std::env::temp_dir().join(format!("clerk-dev-test-{}", crate::ids::secret(8)));
        {
            let db = Db::open(Some(&dir)).unwrap();
            db.tx_blocking(|tx| Ok(kv::set(tx, "k", "v")?)).unwrap();
        }
        let db = Db::open(Some(&dir)).unwrap();
        assert_eq!(db.tx_blocking(|tx| Ok(kv::get(tx, "k")?)).unwrap().as_deref(), Some("v"));
        std::fs::remove_dir_all(&dir).ok();
    }
}

//! Clients (one per browser), the dev browsers that name them, their sessions and sign-in
//! attempts, and the Backend API's sign-in tokens that start a ticket sign-in.

use crate::error::AppError;
use crate::status::{SessionStatus, SignInStatus};
use rusqlite::{params, OptionalExtension, Row, Transaction};

#[derive(Debug, Clone)]
pub struct ClientRow {
    pub id: String,
    /// The value of the HttpOnly `__client` cookie, for browsers not using a dev browser.
    pub cookie_token: Option<String>,
    pub sign_in_id: Option<String>,
    pub sign_up_id: Option<String>,
    pub last_active_session_id: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const CLIENT_COLUMNS: &str = "id, cookie_token, sign_in_id, sign_up_id, last_active_session_id, created_at, updated_at";

fn client_from_row(r: &Row) -> rusqlite::Result<ClientRow> {
    Ok(ClientRow {
        id: r.get(0)?,
        cookie_token: r.get(1)?,
        sign_in_id: r.get(2)?,
        sign_up_id: r.get(3)?,
        last_active_session_id: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

pub fn insert_client(tx: &Transaction, c: &ClientRow) -> Result<(), AppError> {
    tx.execute(
        &format!("INSERT INTO clients ({CLIENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        params![c.id, c.cookie_token, c.sign_in_id, c.sign_up_id, c.last_active_session_id, c.created_at, c.updated_at],
    )?;
    Ok(())
}

pub fn update_client(tx: &Transaction, c: &ClientRow) -> Result<(), AppError> {
    tx.execute(
        "UPDATE clients SET cookie_token = ?2, sign_in_id = ?3, sign_up_id = ?4, last_active_session_id = ?5, updated_at = ?6 WHERE id = ?1",
        params![c.id, c.cookie_token, c.sign_in_id, c.sign_up_id, c.last_active_session_id, c.updated_at],
    )?;
    Ok(())
}

pub fn get_client(tx: &Transaction, id: &str) -> Result<Option<ClientRow>, AppError> {
    Ok(tx.query_row(&format!("SELECT {CLIENT_COLUMNS} FROM clients WHERE id = ?1"), [id], client_from_row).optional()?)
}

pub fn client_by_cookie(tx: &Transaction, token: &str) -> Result<Option<ClientRow>, AppError> {
    Ok(tx.query_row(&format!("SELECT {CLIENT_COLUMNS} FROM clients WHERE cookie_token = ?1"), [token], client_from_row).optional()?)
}

/// Deletes a client with its sessions and sign-ins; dev browsers pointing at it are unbound.
pub fn delete_client(tx: &Transaction, id: &str) -> Result<(), AppError> {
    tx.execute("DELETE FROM clients WHERE id = ?1", [id])?;
    Ok(())
}

// ---- dev browsers ----------------------------------------------------------------------------

pub fn insert_dev_browser(tx: &Transaction, id: &str, now: i64) -> Result<(), AppError> {
    tx.execute("INSERT INTO dev_browsers (id, client_id, created_at) VALUES (?1, NULL, ?2)", params![id, now])?;
    Ok(())
}

/// `None` when the dev browser is unknown; `Some(None)` when it has no client yet.
pub fn dev_browser_client(tx: &Transaction, id: &str) -> Result<Option<Option<String>>, AppError> {
    Ok(tx.query_row("SELECT client_id FROM dev_browsers WHERE id = ?1", [id], |r| r.get(0)).optional()?)
}

pub fn bind_dev_browser(tx: &Transaction, id: &str, client_id: &str) -> Result<(), AppError> {
    tx.execute("UPDATE dev_browsers SET client_id = ?2 WHERE id = ?1", [id, client_id])?;
    Ok(())
}

// ---- sessions --------------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct SessionRow {
    pub id: String,
    pub client_id: String,
    pub user_id: String,
    /// As stored; `status_at` says what it is at a given time.
    pub status: SessionStatus,
    pub expire_at: i64,
    pub abandon_at: i64,
    pub last_active_at: i64,
    pub last_active_organization_id: Option<String>,
    pub first_factor_at: Option<i64>,
    pub second_factor_at: Option<i64>,
    pub user_agent: Option<String>,
    pub ip_address: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl SessionRow {
    /// When the session expires: the end of its lifetime, or `inactivity_ms` after its last
    /// activity when that comes first (`inactivity_ms` 0: no inactivity timeout). This is the
    /// `expire_at` Clerk shows.
    pub fn expires_at(&self, inactivity_ms: i64) -> i64 {
        if inactivity_ms > 0 {
            self.expire_at.min(self.last_active_at.saturating_add(inactivity_ms))
        } else {
            self.expire_at
        }
    }

    /// The status as of `now`: an active session past its expiry (lifetime or inactivity,
    /// `expires_at`) reads as `expired`, past its `abandon_at` as `abandoned`.
    pub fn status_at(&self, now: i64, inactivity_ms: i64) -> SessionStatus {
        match self.status {
            SessionStatus::Active if now >= self.expires_at(inactivity_ms) => SessionStatus::Expired,
            SessionStatus::Active if now >= self.abandon_at => SessionStatus::Abandoned,
            other => other,
        }
    }

    pub fn is_active_at(&self, now: i64, inactivity_ms: i64) -> bool {
        self.status_at(now, inactivity_ms) == SessionStatus::Active
    }
}

const SESSION_COLUMNS: &str = "id, client_id, user_id, status, expire_at, abandon_at, last_active_at, last_active_organization_id, first_factor_at, second_factor_at, user_agent, ip_address, created_at, updated_at";

fn session_from_row(r: &Row) -> rusqlite::Result<SessionRow> {
    Ok(SessionRow {
        id: r.get(0)?,
        client_id: r.get(1)?,
        user_id: r.get(2)?,
        status: r.get(3)?,
        expire_at: r.get(4)?,
        abandon_at: r.get(5)?,
        last_active_at: r.get(6)?,
        last_active_organization_id: r.get(7)?,
        first_factor_at: r.get(8)?,
        second_factor_at: r.get(9)?,
        user_agent: r.get(10)?,
        ip_address: r.get(11)?,
        created_at: r.get(12)?,
        updated_at: r.get(13)?,
    })
}

pub fn insert_session(tx: &Transaction, s: &SessionRow) -> Result<(), AppError> {
    tx.execute(
        &format!("INSERT INTO sessions ({SESSION_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"),
        params![
            s.id,
            s.client_id,
            s.user_id,
            s.status,
            s.expire_at,
            s.abandon_at,
            s.last_active_at,
            s.last_active_organization_id,
            s.first_factor_at,
            s.second_factor_at,
            s.user_agent,
            s.ip_address,
            s.created_at,
            s.updated_at
        ],
    )?;
    Ok(())
}

pub fn update_session(tx: &Transaction, s: &SessionRow) -> Result<(), AppError> {
    tx.execute(
        "UPDATE sessions SET status = ?2, expire_at = ?3, abandon_at = ?4, last_active_at = ?5,
            last_active_organization_id = ?6, first_factor_at = ?7, second_factor_at = ?8, user_agent = ?9,
            ip_address = ?10, updated_at = ?11
         WHERE id = ?1",
        params![
            s.id,
            s.status,
            s.expire_at,
            s.abandon_at,
            s.last_active_at,
            s.last_active_organization_id,
            s.first_factor_at,
            s.second_factor_at,
            s.user_agent,
            s.ip_address,
            s.updated_at
        ],
    )?;
    Ok(())
}

pub fn get_session(tx: &Transaction, id: &str) -> Result<Option<SessionRow>, AppError> {
    Ok(tx.query_row(&format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE id = ?1"), [id], session_from_row).optional()?)
}

/// Records activity on a session (a token minted): one indexed write of `last_active_at`.
pub fn mark_session_active(tx: &Transaction, id: &str, now: i64) -> Result<(), AppError> {
    tx.execute("UPDATE sessions SET last_active_at = ?2 WHERE id = ?1", params![id, now])?;
    Ok(())
}

/// The sessions of a user and/or a client (at least one is given), newest first: the Backend
/// API's list before its status filter and pagination.
pub fn sessions_matching(tx: &Transaction, user_id: Option<&str>, client_id: Option<&str>) -> Result<Vec<SessionRow>, AppError> {
    let mut stmt = tx.prepare(&format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE (?1 IS NULL OR user_id = ?1) AND (?2 IS NULL OR client_id = ?2) ORDER BY created_at DESC, rowid DESC"
    ))?;
    let rows = stmt.query_map(params![user_id, client_id], session_from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// A client's sessions, oldest first.
pub fn sessions_of_client(tx: &Transaction, client_id: &str) -> Result<Vec<SessionRow>, AppError> {
    let mut stmt = tx.prepare(&format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE client_id = ?1 ORDER BY created_at, rowid"))?;
    let rows = stmt.query_map([client_id], session_from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// A user's sessions on every client, newest activity first.
pub fn sessions_of_user(tx: &Transaction, user_id: &str) -> Result<Vec<SessionRow>, AppError> {
    let mut stmt = tx.prepare(&format!("SELECT {SESSION_COLUMNS} FROM sessions WHERE user_id = ?1 ORDER BY last_active_at DESC, id"))?;
    let rows = stmt.query_map([user_id], session_from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

// ---- sign-ins --------------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct SignInRow {
    pub id: String,
    pub client_id: String,
    pub status: SignInStatus,
    pub identifier: Option<String>,
    pub user_id: Option<String>,
    pub identification_id: Option<String>,
    pub first_factor_verification_id: Option<String>,
    pub second_factor_verification_id: Option<String>,
    pub created_session_id: Option<String>,
    pub abandon_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const SIGN_IN_COLUMNS: &str = "id, client_id, status, identifier, user_id, identification_id, first_factor_verification_id, second_factor_verification_id, created_session_id, abandon_at, created_at, updated_at";

fn sign_in_from_row(r: &Row) -> rusqlite::Result<SignInRow> {
    Ok(SignInRow {
        id: r.get(0)?,
        client_id: r.get(1)?,
        status: r.get(2)?,
        identifier: r.get(3)?,
        user_id: r.get(4)?,
        identification_id: r.get(5)?,
        first_factor_verification_id: r.get(6)?,
        second_factor_verification_id: r.get(7)?,
        created_session_id: r.get(8)?,
        abandon_at: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
    })
}

/// Inserts or replaces a sign-in (by id).
pub fn put_sign_in(tx: &Transaction, s: &SignInRow) -> Result<(), AppError> {
    tx.execute(
        &format!("INSERT OR REPLACE INTO sign_ins ({SIGN_IN_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"),
        params![
            s.id,
            s.client_id,
            s.status,
            s.identifier,
            s.user_id,
            s.identification_id,
            s.first_factor_verification_id,
            s.second_factor_verification_id,
            s.created_session_id,
            s.abandon_at,
            s.created_at,
            s.updated_at
        ],
    )?;
    Ok(())
}

pub fn get_sign_in(tx: &Transaction, id: &str) -> Result<Option<SignInRow>, AppError> {
    Ok(tx.query_row(&format!("SELECT {SIGN_IN_COLUMNS} FROM sign_ins WHERE id = ?1"), [id], sign_in_from_row).optional()?)
}

// ---- sign-in tokens --------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct SignInTokenRow {
    pub id: String,
    pub user_id: String,
    pub token: String,
    /// `pending`, `accepted` or `revoked`.
    pub status: String,
    pub expires_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const TOKEN_COLUMNS: &str = "id, user_id, token, status, expires_at, created_at, updated_at";

fn token_from_row(r: &Row) -> rusqlite::Result<SignInTokenRow> {
    Ok(SignInTokenRow {
        id: r.get(0)?,
        user_id: r.get(1)?,
        token: r.get(2)?,
        status: r.get(3)?,
        expires_at: r.get(4)?,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

pub fn insert_sign_in_token(tx: &Transaction, t: &SignInTokenRow) -> Result<(), AppError> {
    tx.execute(
        &format!("INSERT INTO sign_in_tokens ({TOKEN_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
        params![t.id, t.user_id, t.token, t.status, t.expires_at, t.created_at, t.updated_at],
    )?;
    Ok(())
}

pub fn sign_in_token_by_token(tx: &Transaction, token: &str) -> Result<Option<SignInTokenRow>, AppError> {
    Ok(tx.query_row(&format!("SELECT {TOKEN_COLUMNS} FROM sign_in_tokens WHERE token = ?1"), [token], token_from_row).optional()?)
}

pub fn set_sign_in_token_status(tx: &Transaction, id: &str, status: &str, now: i64) -> Result<(), AppError> {
    tx.execute("UPDATE sign_in_tokens SET status = ?2, updated_at = ?3 WHERE id = ?1", params![id, status, now])?;
    Ok(())
}

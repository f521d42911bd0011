//! Verification records: the state of one attempt to prove something (a code sent to an email
//! or phone, a ticket, a signature, an OAuth round trip). Identifications and sign-ins point at
//! them; `wire::verification` renders them as Clerk's verification object.

use crate::db::json_col;
use crate::error::AppError;
use crate::status::VerificationStatus;
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde_json::Value;

#[derive(Debug, Clone, Default)]
pub struct VerificationRow {
    pub id: String,
    pub status: VerificationStatus,
    pub strategy: String,
    pub attempts: Option<i64>,
    pub expire_at: Option<i64>,
    /// Hash of the one-time code, when one was sent.
    pub code_hash: Option<String>,
    pub nonce: Option<String>,
    pub message: Option<String>,
    pub redirect_url: Option<String>,
    /// `{code, message, long_message}` when the verification failed.
    pub error: Option<Value>,
    pub verified_at_client: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str =
    "id, status, strategy, attempts, expire_at, code_hash, nonce, message, redirect_url, error, verified_at_client, created_at, updated_at";

fn from_row(r: &Row) -> rusqlite::Result<(VerificationRow, Option<String>)> {
    Ok((
        VerificationRow {
            id: r.get(0)?,
            status: r.get(1)?,
            strategy: r.get(2)?,
            attempts: r.get(3)?,
            expire_at: r.get(4)?,
            code_hash: r.get(5)?,
            nonce: r.get(6)?,
            message: r.get(7)?,
            redirect_url: r.get(8)?,
            error: None,
            verified_at_client: r.get(10)?,
            created_at: r.get(11)?,
            updated_at: r.get(12)?,
        },
        r.get(9)?,
    ))
}

pub fn get(tx: &Transaction, id: &str) -> Result<Option<VerificationRow>, AppError> {
    let row = tx.query_row(&format!("SELECT {COLUMNS} FROM verifications WHERE id = ?1"), [id], from_row).optional()?;
    match row {
        None => Ok(None),
        Some((mut v, err)) => {
            v.error = err.as_deref().map(json_col).transpose()?;
            Ok(Some(v))
        }
    }
}

/// Inserts or replaces a verification (by id).
pub fn put(tx: &Transaction, v: &VerificationRow) -> Result<(), AppError> {
    let err = v.error.as_ref().map(|e| e.to_string());
    tx.execute(
        &format!("INSERT OR REPLACE INTO verifications ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"),
        params![
            v.id,
            v.status,
            v.strategy,
            v.attempts,
            v.expire_at,
            v.code_hash,
            v.nonce,
            v.message,
            v.redirect_url,
            err,
            v.verified_at_client,
            v.created_at,
            v.updated_at
        ],
    )?;
    Ok(())
}

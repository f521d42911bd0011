//! The dev outbox: every email and SMS the dev server would have sent (one-time codes), newest
//! last in the table, read newest first by `GET /dev/outbox`.

use crate::error::AppError;
use rusqlite::{params, Row, Transaction};

#[derive(Debug, Clone)]
pub struct MessageRow {
    pub id: String,
    /// `email` or `sms`.
    pub channel: String,
    /// The address or number as the user holds it.
    pub to_address: String,
    /// `to_address` normalised for the `to` filter (see `outbox_key`).
    pub to_key: String,
    /// Emails only.
    pub subject: Option<String>,
    pub body: String,
    pub code: Option<String>,
    /// What the code is for (`codes::Purpose::as_str`); `None` for messages stored before it was kept.
    pub purpose: Option<String>,
    /// When the code stops working (ms since the epoch).
    pub expires_at: Option<i64>,
    pub created_at: i64,
}

const COLUMNS: &str = "id, channel, to_address, to_key, subject, body, code, created_at, purpose, expires_at";

fn from_row(r: &Row) -> rusqlite::Result<MessageRow> {
    Ok(MessageRow {
        id: r.get(0)?,
        channel: r.get(1)?,
        to_address: r.get(2)?,
        to_key: r.get(3)?,
        subject: r.get(4)?,
        body: r.get(5)?,
        code: r.get(6)?,
        created_at: r.get(7)?,
        purpose: r.get(8)?,
        expires_at: r.get(9)?,
    })
}

pub fn insert(tx: &Transaction, m: &MessageRow) -> Result<(), AppError> {
    tx.execute(
        &format!("INSERT INTO outbox ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
        params![m.id, m.channel, m.to_address, m.to_key, m.subject, m.body, m.code, m.created_at, m.purpose, m.expires_at],
    )?;
    Ok(())
}

/// The messages, newest first (insertion order breaks ties within a millisecond), only those
/// to `to_key` when given.
pub fn list(tx: &Transaction, to_key: Option<&str>) -> Result<Vec<MessageRow>, AppError> {
    let mut stmt = tx.prepare(&format!("SELECT {COLUMNS} FROM outbox WHERE ?1 IS NULL OR to_key = ?1 ORDER BY created_at DESC, rowid DESC"))?;
    let rows = stmt.query_map([to_key], from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

//! Instance-wide values that must survive restarts: the secret key, the signing key, the
//! instance id, whether the demo user was seeded.

use rusqlite::{OptionalExtension, Transaction};

pub fn get(tx: &Transaction, key: &str) -> rusqlite::Result<Option<String>> {
    tx.query_row("SELECT value FROM kv WHERE key = ?1", [key], |r| r.get(0)).optional()
}

pub fn set(tx: &Transaction, key: &str, value: &str) -> rusqlite::Result<()> {
    tx.execute("INSERT INTO kv (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [key, value])?;
    Ok(())
}

pub fn delete(tx: &Transaction, key: &str) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM kv WHERE key = ?1", [key])?;
    Ok(())
}

/// Set once the demo user was created (`demo::seed`); a reset deletes it.
pub const DEMO_USER_SEEDED: &str = "demo_user_seeded";

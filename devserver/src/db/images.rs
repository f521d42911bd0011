//! Uploaded images (profile images): their bytes, sniffed type and owner.

use crate::error::AppError;
use rusqlite::{params, OptionalExtension, Transaction};

#[derive(Debug, Clone)]
pub struct ImageRow {
    pub id: String,
    pub user_id: Option<String>,
    pub name: String,
    pub content_type: String,
    pub data: Vec<u8>,
    pub created_at: i64,
}

pub fn insert(tx: &Transaction, i: &ImageRow) -> Result<(), AppError> {
    tx.execute(
        "INSERT INTO images (id, user_id, name, content_type, data, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![i.id, i.user_id, i.name, i.content_type, i.data, i.created_at],
    )?;
    Ok(())
}

pub fn get(tx: &Transaction, id: &str) -> Result<Option<ImageRow>, AppError> {
    Ok(tx
        .query_row("SELECT id, user_id, name, content_type, data, created_at FROM images WHERE id = ?1", [id], |r| {
            Ok(ImageRow { id: r.get(0)?, user_id: r.get(1)?, name: r.get(2)?, content_type: r.get(3)?, data: r.get(4)?, created_at: r.get(5)? })
        })
        .optional()?)
}

pub fn delete(tx: &Transaction, id: &str) -> Result<(), AppError> {
    tx.execute("DELETE FROM images WHERE id = ?1", [id])?;
    Ok(())
}

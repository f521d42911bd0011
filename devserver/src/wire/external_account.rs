//! External accounts as the Frontend API renders them (issue #5).

use crate::error::AppError;
use crate::wire::Render;
use rusqlite::Transaction;
use serde_json::Value;

impl Render<'_> {
    /// The user's external accounts (`user.external_accounts`).
    pub fn external_accounts(&self, _tx: &Transaction, _user_id: &str) -> Result<Vec<Value>, AppError> {
        Ok(Vec::new())
    }
}

//! Sign-up attempts: what a visitor has supplied so far (identifiers, names, a password hash,
//! unsafe metadata) and the verifications of their email address, phone number and Web3 wallet.

use crate::db::json_col;
use crate::error::AppError;
use crate::status::SignUpStatus;
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct SignUpRow {
    pub id: String,
    pub client_id: String,
    /// `missing_requirements` or `complete`.
    pub status: SignUpStatus,
    pub email_address: Option<String>,
    pub phone_number: Option<String>,
    pub username: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// The argon2 hash of the password given, never the password.
    pub password_hash: Option<String>,
    pub unsafe_metadata: Value,
    pub email_verification_id: Option<String>,
    pub phone_verification_id: Option<String>,
    /// A Web3 wallet address, as given, and the signature verification of its nonce.
    pub web3_wallet: Option<String>,
    pub web3_verification_id: Option<String>,
    pub created_user_id: Option<String>,
    pub created_session_id: Option<String>,
    pub abandon_at: i64,
    pub created_at: i64,
    pub updated_at: i64,
}

const COLUMNS: &str = "id, client_id, status, email_address, phone_number, username, first_name, last_name, password_hash, unsafe_metadata, email_verification_id, phone_verification_id, created_user_id, created_session_id, abandon_at, created_at, updated_at, web3_wallet, web3_verification_id";

fn from_row(r: &Row) -> rusqlite::Result<(SignUpRow, String)> {
    Ok((
        SignUpRow {
            id: r.get(0)?,
            client_id: r.get(1)?,
            status: r.get(2)?,
            email_address: r.get(3)?,
            phone_number: r.get(4)?,
            username: r.get(5)?,
            first_name: r.get(6)?,
            last_name: r.get(7)?,
            password_hash: r.get(8)?,
            unsafe_metadata: Value::Null,
            email_verification_id: r.get(10)?,
            phone_verification_id: r.get(11)?,
            created_user_id: r.get(12)?,
            created_session_id: r.get(13)?,
            abandon_at: r.get(14)?,
            created_at: r.get(15)?,
            updated_at: r.get(16)?,
            web3_wallet: r.get(17)?,
            web3_verification_id: r.get(18)?,
        },
        r.get(9)?,
    ))
}

/// Inserts a new sign-up.
pub fn insert(tx: &Transaction, s: &SignUpRow) -> Result<(), AppError> {
    tx.execute(
        &format!("INSERT INTO sign_ups ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)"),
        params![
            s.id,
            s.client_id,
            s.status,
            s.email_address,
            s.phone_number,
            s.username,
            s.first_name,
            s.last_name,
            s.password_hash,
            s.unsafe_metadata.to_string(),
            s.email_verification_id,
            s.phone_verification_id,
            s.created_user_id,
            s.created_session_id,
            s.abandon_at,
            s.created_at,
            s.updated_at,
            s.web3_wallet,
            s.web3_verification_id
        ],
    )?;
    Ok(())
}

/// Writes every column of an existing sign-up back.
pub fn update(tx: &Transaction, s: &SignUpRow) -> Result<(), AppError> {
    tx.execute(
        "UPDATE sign_ups SET status = ?2, email_address = ?3, phone_number = ?4, username = ?5, first_name = ?6,
            last_name = ?7, password_hash = ?8, unsafe_metadata = ?9, email_verification_id = ?10,
            phone_verification_id = ?11, created_user_id = ?12, created_session_id = ?13, abandon_at = ?14, updated_at = ?15,
            web3_wallet = ?16, web3_verification_id = ?17
         WHERE id = ?1",
        params![
            s.id,
            s.status,
            s.email_address,
            s.phone_number,
            s.username,
            s.first_name,
            s.last_name,
            s.password_hash,
            s.unsafe_metadata.to_string(),
            s.email_verification_id,
            s.phone_verification_id,
            s.created_user_id,
            s.created_session_id,
            s.abandon_at,
            s.updated_at,
            s.web3_wallet,
            s.web3_verification_id
        ],
    )?;
    Ok(())
}

pub fn get(tx: &Transaction, id: &str) -> Result<Option<SignUpRow>, AppError> {
    match tx.query_row(&format!("SELECT {COLUMNS} FROM sign_ups WHERE id = ?1"), [id], from_row).optional()? {
        None => Ok(None),
        Some((mut s, metadata)) => {
            s.unsafe_metadata = json_col(&metadata)?;
            Ok(Some(s))
        }
    }
}

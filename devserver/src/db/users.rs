//! Users and their identifications (email addresses, phone numbers, web3 wallets).

use crate::db::json_col;
use crate::error::AppError;
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde_json::Value;

#[derive(Debug, Clone)]
pub struct UserRow {
    pub id: String,
    pub external_id: Option<String>,
    pub username: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub password_hash: Option<String>,
    pub public_metadata: Value,
    pub private_metadata: Value,
    pub unsafe_metadata: Value,
    pub primary_email_address_id: Option<String>,
    pub primary_phone_number_id: Option<String>,
    pub primary_web3_wallet_id: Option<String>,
    pub failed_password_attempts: i64,
    pub locked_until: Option<i64>,
    pub last_sign_in_at: Option<i64>,
    pub last_active_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    /// The uploaded profile image (`images`), if any.
    pub image_id: Option<String>,
    /// Banned by the Backend API (`banUser`): cannot sign in nor mint tokens.
    pub banned: bool,
}

/// The three kinds of identification a user can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    EmailAddress,
    PhoneNumber,
    Web3Wallet,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::EmailAddress => "email_address",
            Kind::PhoneNumber => "phone_number",
            Kind::Web3Wallet => "web3_wallet",
        }
    }

    fn parse(s: &str) -> Option<Kind> {
        match s {
            "email_address" => Some(Kind::EmailAddress),
            "phone_number" => Some(Kind::PhoneNumber),
            "web3_wallet" => Some(Kind::Web3Wallet),
            _ => None,
        }
    }

    /// The normalised form that must be unique: emails and wallet addresses ignore case.
    pub fn key(self, value: &str) -> String {
        match self {
            Kind::EmailAddress | Kind::Web3Wallet => value.to_ascii_lowercase(),
            Kind::PhoneNumber => value.to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct IdentRow {
    pub id: String,
    pub user_id: String,
    pub kind: Kind,
    pub value: String,
    pub verification_id: Option<String>,
    pub reserved_for_second_factor: bool,
    pub default_second_factor: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

const USER_COLUMNS: &str = "id, external_id, username, first_name, last_name, password_hash, public_metadata, private_metadata, unsafe_metadata, primary_email_address_id, primary_phone_number_id, primary_web3_wallet_id, failed_password_attempts, locked_until, last_sign_in_at, last_active_at, created_at, updated_at, image_id, banned";

type RawUser = (UserRow, [String; 3]);

fn user_from_row(r: &Row) -> rusqlite::Result<RawUser> {
    Ok((
        UserRow {
            id: r.get(0)?,
            external_id: r.get(1)?,
            username: r.get(2)?,
            first_name: r.get(3)?,
            last_name: r.get(4)?,
            password_hash: r.get(5)?,
            public_metadata: Value::Null,
            private_metadata: Value::Null,
            unsafe_metadata: Value::Null,
            primary_email_address_id: r.get(9)?,
            primary_phone_number_id: r.get(10)?,
            primary_web3_wallet_id: r.get(11)?,
            failed_password_attempts: r.get(12)?,
            locked_until: r.get(13)?,
            last_sign_in_at: r.get(14)?,
            last_active_at: r.get(15)?,
            created_at: r.get(16)?,
            updated_at: r.get(17)?,
            image_id: r.get(18)?,
            banned: r.get(19)?,
        },
        [r.get(6)?, r.get(7)?, r.get(8)?],
    ))
}

fn finish((mut u, [public, private, unsafe_]): RawUser) -> Result<UserRow, AppError> {
    u.public_metadata = json_col(&public)?;
    u.private_metadata = json_col(&private)?;
    u.unsafe_metadata = json_col(&unsafe_)?;
    Ok(u)
}

pub fn insert(tx: &Transaction, u: &UserRow) -> Result<(), AppError> {
    tx.execute(
        &format!(
            "INSERT INTO users ({USER_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"
        ),
        params![
            u.id,
            u.external_id,
            u.username,
            u.first_name,
            u.last_name,
            u.password_hash,
            u.public_metadata.to_string(),
            u.private_metadata.to_string(),
            u.unsafe_metadata.to_string(),
            u.primary_email_address_id,
            u.primary_phone_number_id,
            u.primary_web3_wallet_id,
            u.failed_password_attempts,
            u.locked_until,
            u.last_sign_in_at,
            u.last_active_at,
            u.created_at,
            u.updated_at,
            u.image_id,
            u.banned
        ],
    )?;
    Ok(())
}

/// Writes every column of an existing user back.
pub fn update(tx: &Transaction, u: &UserRow) -> Result<(), AppError> {
    let n = tx.execute(
        "UPDATE users SET external_id = ?2, username = ?3, first_name = ?4, last_name = ?5, password_hash = ?6,
            public_metadata = ?7, private_metadata = ?8, unsafe_metadata = ?9, primary_email_address_id = ?10,
            primary_phone_number_id = ?11, primary_web3_wallet_id = ?12, failed_password_attempts = ?13,
            locked_until = ?14, last_sign_in_at = ?15, last_active_at = ?16, updated_at = ?17, image_id = ?18, banned = ?19
         WHERE id = ?1",
        params![
            u.id,
            u.external_id,
            u.username,
            u.first_name,
            u.last_name,
            u.password_hash,
            u.public_metadata.to_string(),
            u.private_metadata.to_string(),
            u.unsafe_metadata.to_string(),
            u.primary_email_address_id,
            u.primary_phone_number_id,
            u.primary_web3_wallet_id,
            u.failed_password_attempts,
            u.locked_until,
            u.last_sign_in_at,
            u.last_active_at,
            u.updated_at,
            u.image_id,
            u.banned
        ],
    )?;
    if n == 0 {
        return Err(AppError::not_found("user", &u.id));
    }
    Ok(())
}

pub fn get(tx: &Transaction, id: &str) -> Result<Option<UserRow>, AppError> {
    tx.query_row(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"), [id], user_from_row).optional()?.map(finish).transpose()
}

/// Like `get`, but a missing user is a 404.
pub fn must_get(tx: &Transaction, id: &str) -> Result<UserRow, AppError> {
    get(tx, id)?.ok_or_else(|| AppError::not_found("user", id))
}

pub fn by_username(tx: &Transaction, username: &str) -> Result<Option<UserRow>, AppError> {
    tx.query_row(&format!("SELECT {USER_COLUMNS} FROM users WHERE username = ?1 COLLATE NOCASE"), [username], user_from_row)
        .optional()?
        .map(finish)
        .transpose()
}

pub fn by_external_id(tx: &Transaction, external_id: &str) -> Result<Option<UserRow>, AppError> {
    tx.query_row(&format!("SELECT {USER_COLUMNS} FROM users WHERE external_id = ?1"), [external_id], user_from_row)
        .optional()?
        .map(finish)
        .transpose()
}

/// Filters for the Backend API's user list. Empty lists mean "no filter".
#[derive(Debug, Default)]
pub struct ListFilter {
    pub user_ids: Vec<String>,
    pub external_ids: Vec<String>,
    pub usernames: Vec<String>,
    pub email_addresses: Vec<String>,
    pub phone_numbers: Vec<String>,
    /// Clerk's `query`: users whose id, email address, phone number, username, first or last
    /// name, external id or web3 wallet contains it (any case; a query written like a phone
    /// number also matches a phone number by its digits: `555 123` finds `+15551234567`).
    pub query: Option<String>,
    /// Newest first (Clerk's default `-created_at`) unless false.
    pub newest_first: bool,
}

/// Whether `u` (with its identifications) matches a `query` (see `ListFilter::query`).
fn matches_query(u: &UserRow, idents: &[IdentRow], query: &str) -> bool {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return true;
    }
    // A query written like a phone number (digits and `+ -().`, spaces) also matches by digits.
    let phone_like = q.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let digits: String = if phone_like { q.chars().filter(char::is_ascii_digit).collect() } else { String::new() };
    let texts = [Some(&u.id), u.username.as_ref(), u.first_name.as_ref(), u.last_name.as_ref(), u.external_id.as_ref()];
    texts.into_iter().flatten().chain(idents.iter().map(|i| &i.value)).any(|t| t.to_lowercase().contains(&q))
        || (!digits.is_empty()
            && idents
                .iter()
                .filter(|i| i.kind == Kind::PhoneNumber)
                .any(|i| i.value.chars().filter(char::is_ascii_digit).collect::<String>().contains(&digits)))
}

/// The users matching `filter`, in order, before pagination.
pub fn list(tx: &Transaction, filter: &ListFilter) -> Result<Vec<UserRow>, AppError> {
    let order = if filter.newest_first { "DESC" } else { "ASC" };
    let mut stmt = tx.prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY created_at {order}, rowid {order}"))?;
    let rows = stmt.query_map([], user_from_row)?.collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::new();
    for raw in rows {
        let u = finish(raw)?;
        if !filter.user_ids.is_empty() && !filter.user_ids.contains(&u.id) {
            continue;
        }
        if !filter.external_ids.is_empty() && !u.external_id.as_ref().is_some_and(|e| filter.external_ids.contains(e)) {
            continue;
        }
        if !filter.usernames.is_empty() && !u.username.as_ref().is_some_and(|n| filter.usernames.iter().any(|f| f.eq_ignore_ascii_case(n))) {
            continue;
        }
        let needs_idents = !filter.email_addresses.is_empty() || !filter.phone_numbers.is_empty() || filter.query.is_some();
        if needs_idents {
            let idents = identifications(tx, &u.id)?;
            if filter.query.as_deref().is_some_and(|q| !matches_query(&u, &idents, q)) {
                continue;
            }
            let has = |kind: Kind, wanted: &[String]| {
                wanted.is_empty() || idents.iter().any(|i| i.kind == kind && wanted.iter().any(|w| kind.key(w) == kind.key(&i.value)))
            };
            if !has(Kind::EmailAddress, &filter.email_addresses) || !has(Kind::PhoneNumber, &filter.phone_numbers) {
                continue;
            }
        }
        out.push(u);
    }
    Ok(out)
}

pub fn delete(tx: &Transaction, id: &str) -> Result<bool, AppError> {
    // Verifications are not cascaded by SQLite (identifications point at them), and one still
    // referenced cannot be deleted: note them, delete the user (cascading to the
    // identifications), then remove them.
    let verification_ids: Vec<String> = tx
        .prepare("SELECT verification_id FROM identifications WHERE user_id = ?1 AND verification_id IS NOT NULL")?
        .query_map([id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    // Their sessions go with them (ON DELETE CASCADE): no client may still name one as its last.
    tx.execute(
        "UPDATE clients SET last_active_session_id = NULL WHERE last_active_session_id IN (SELECT id FROM sessions WHERE user_id = ?1)",
        [id],
    )?;
    let deleted = tx.execute("DELETE FROM users WHERE id = ?1", [id])? > 0;
    for v in verification_ids {
        tx.execute("DELETE FROM verifications WHERE id = ?1", [v])?;
    }
    Ok(deleted)
}

const IDENT_COLUMNS: &str = "id, user_id, kind, value, verification_id, reserved_for_second_factor, default_second_factor, created_at, updated_at";

fn ident_from_row(r: &Row) -> rusqlite::Result<IdentRow> {
    let kind: String = r.get(2)?;
    Ok(IdentRow {
        id: r.get(0)?,
        user_id: r.get(1)?,
        kind: Kind::parse(&kind).ok_or_else(|| rusqlite::Error::InvalidColumnType(2, kind, rusqlite::types::Type::Text))?,
        value: r.get(3)?,
        verification_id: r.get(4)?,
        reserved_for_second_factor: r.get(5)?,
        default_second_factor: r.get(6)?,
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

pub fn insert_identification(tx: &Transaction, i: &IdentRow) -> Result<(), AppError> {
    tx.execute(
        &format!("INSERT INTO identifications ({IDENT_COLUMNS}, value_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
        params![
            i.id,
            i.user_id,
            i.kind.as_str(),
            i.value,
            i.verification_id,
            i.reserved_for_second_factor,
            i.default_second_factor,
            i.created_at,
            i.updated_at,
            i.kind.key(&i.value)
        ],
    )?;
    Ok(())
}

/// A user's identifications, oldest first.
pub fn identifications(tx: &Transaction, user_id: &str) -> Result<Vec<IdentRow>, AppError> {
    let mut stmt = tx.prepare(&format!("SELECT {IDENT_COLUMNS} FROM identifications WHERE user_id = ?1 ORDER BY created_at, rowid"))?;
    let rows = stmt.query_map([user_id], ident_from_row)?.collect::<Result<Vec<_>, _>>()?;
    Ok(rows)
}

/// The identification holding this value, whoever owns it.
pub fn find_identification(tx: &Transaction, kind: Kind, value: &str) -> Result<Option<IdentRow>, AppError> {
    Ok(tx
        .query_row(
            &format!("SELECT {IDENT_COLUMNS} FROM identifications WHERE kind = ?1 AND value_key = ?2"),
            params![kind.as_str(), kind.key(value)],
            ident_from_row,
        )
        .optional()?)
}

/// One identification by id, whoever owns it.
pub fn get_identification(tx: &Transaction, id: &str) -> Result<Option<IdentRow>, AppError> {
    Ok(tx.query_row(&format!("SELECT {IDENT_COLUMNS} FROM identifications WHERE id = ?1"), [id], ident_from_row).optional()?)
}

/// Stores an identification's verification pointer, second-factor flags and update time.
pub fn update_identification(tx: &Transaction, i: &IdentRow) -> Result<(), AppError> {
    tx.execute(
        "UPDATE identifications SET verification_id = ?2, reserved_for_second_factor = ?3, default_second_factor = ?4, updated_at = ?5 WHERE id = ?1",
        params![i.id, i.verification_id, i.reserved_for_second_factor, i.default_second_factor, i.updated_at],
    )?;
    Ok(())
}

/// Removes an identification and the verification it points at.
pub fn delete_identification(tx: &Transaction, i: &IdentRow) -> Result<(), AppError> {
    tx.execute("DELETE FROM identifications WHERE id = ?1", [&i.id])?;
    if let Some(v) = &i.verification_id {
        tx.execute("DELETE FROM verifications WHERE id = ?1", [v])?;
    }
    Ok(())
}

//! OAuth rows (migration 004): users' external accounts, the mock provider's states and
//! authorization codes, the identities OAuth verifications proved, and the sign-ups that go
//! through OAuth. An OAuth verification itself is an ordinary `verifications` row whose
//! `redirect_url` holds the provider URL (`external_verification_redirect_url`) while it is
//! pending.

use crate::db::json_col;
use crate::error::AppError;
use rusqlite::{params, OptionalExtension, Row, Transaction};
use serde_json::Value;

// ---- external accounts ---------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct ExternalAccountRow {
    pub id: String,
    pub user_id: String,
    /// Without the `oauth_` prefix: `google`, `notion`, …
    pub provider: String,
    /// The account's own OAuth identification (`idn_…`).
    pub identification_id: String,
    pub verification_id: String,
    pub provider_user_id: Option<String>,
    pub email_address: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub image_url: Option<String>,
    pub username: Option<String>,
    /// Space-separated.
    pub approved_scopes: String,
    /// The user's email address this account verified or added.
    pub email_identification_id: Option<String>,
    pub public_metadata: Value,
    pub label: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

const ACCOUNT_COLUMNS: &str = "id, user_id, provider, identification_id, verification_id, provider_user_id, email_address, first_name, last_name, image_url, username, approved_scopes, email_identification_id, public_metadata, label, created_at, updated_at";

fn account_from_row(r: &Row) -> rusqlite::Result<(ExternalAccountRow, String)> {
    Ok((
        ExternalAccountRow {
            id: r.get(0)?,
            user_id: r.get(1)?,
            provider: r.get(2)?,
            identification_id: r.get(3)?,
            verification_id: r.get(4)?,
            provider_user_id: r.get(5)?,
            email_address: r.get(6)?,
            first_name: r.get(7)?,
            last_name: r.get(8)?,
            image_url: r.get(9)?,
            username: r.get(10)?,
            approved_scopes: r.get(11)?,
            email_identification_id: r.get(12)?,
            public_metadata: Value::Null,
            label: r.get(14)?,
            created_at: r.get(15)?,
            updated_at: r.get(16)?,
        },
        r.get(13)?,
    ))
}

fn finish_account((mut a, metadata): (ExternalAccountRow, String)) -> Result<ExternalAccountRow, AppError> {
    a.public_metadata = json_col(&metadata)?;
    Ok(a)
}

/// Inserts or replaces an external account (by id).
pub fn put_account(tx: &Transaction, a: &ExternalAccountRow) -> Result<(), AppError> {
    tx.execute(
        &format!("INSERT OR REPLACE INTO external_accounts ({ACCOUNT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"),
        params![
            a.id,
            a.user_id,
            a.provider,
            a.identification_id,
            a.verification_id,
            a.provider_user_id,
            a.email_address,
            a.first_name,
            a.last_name,
            a.image_url,
            a.username,
            a.approved_scopes,
            a.email_identification_id,
            a.public_metadata.to_string(),
            a.label,
            a.created_at,
            a.updated_at
        ],
    )?;
    Ok(())
}

pub fn get_account(tx: &Transaction, id: &str) -> Result<Option<ExternalAccountRow>, AppError> {
    tx.query_row(&format!("SELECT {ACCOUNT_COLUMNS} FROM external_accounts WHERE id = ?1"), [id], account_from_row)
        .optional()?
        .map(finish_account)
        .transpose()
}

/// A user's external accounts, oldest first.
pub fn accounts_of_user(tx: &Transaction, user_id: &str) -> Result<Vec<ExternalAccountRow>, AppError> {
    let mut stmt = tx.prepare(&format!("SELECT {ACCOUNT_COLUMNS} FROM external_accounts WHERE user_id = ?1 ORDER BY created_at, rowid"))?;
    let rows = stmt.query_map([user_id], account_from_row)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(finish_account).collect()
}

/// The account holding a provider identity, whoever owns it.
pub fn account_by_identity(tx: &Transaction, provider: &str, provider_user_id: &str) -> Result<Option<ExternalAccountRow>, AppError> {
    tx.query_row(
        &format!("SELECT {ACCOUNT_COLUMNS} FROM external_accounts WHERE provider = ?1 AND provider_user_id = ?2"),
        [provider, provider_user_id],
        account_from_row,
    )
    .optional()?
    .map(finish_account)
    .transpose()
}

/// The accounts whose identity verified or added the email address `identification_id`.
pub fn accounts_linked_to(tx: &Transaction, identification_id: &str) -> Result<Vec<ExternalAccountRow>, AppError> {
    let mut stmt =
        tx.prepare(&format!("SELECT {ACCOUNT_COLUMNS} FROM external_accounts WHERE email_identification_id = ?1 ORDER BY created_at, rowid"))?;
    let rows = stmt.query_map([identification_id], account_from_row)?.collect::<Result<Vec<_>, _>>()?;
    rows.into_iter().map(finish_account).collect()
}

/// Deletes an account with its verification and any state still pointing at it.
pub fn delete_account(tx: &Transaction, a: &ExternalAccountRow) -> Result<(), AppError> {
    tx.execute("DELETE FROM external_accounts WHERE id = ?1", [&a.id])?;
    tx.execute("DELETE FROM oauth_states WHERE target_id = ?1", [&a.id])?;
    tx.execute("DELETE FROM verifications WHERE id = ?1", [&a.verification_id])?;
    Ok(())
}

/// Deletes a verification nothing points at any more (one a reauthorization replaced).
pub fn delete_verification(tx: &Transaction, id: &str) -> Result<(), AppError> {
    tx.execute("DELETE FROM verifications WHERE id = ?1", [id])?;
    Ok(())
}

// ---- states --------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct StateRow {
    pub state: String,
    pub provider: String,
    pub client_id: String,
    pub dev_browser_id: Option<String>,
    /// `connect`, `sign_in` or `sign_up`.
    pub purpose: String,
    /// The external account, sign-in or sign-up the round trip verifies.
    pub target_id: String,
    pub verification_id: String,
    /// The user connecting an account (`connect` only).
    pub user_id: Option<String>,
    /// Space-separated scopes asked for.
    pub scopes: String,
    /// Where the browser goes after the callback (validated when the state was made).
    pub redirect_url: String,
    pub expire_at: i64,
    pub decided_at: Option<i64>,
    pub used_at: Option<i64>,
    pub created_at: i64,
}

const STATE_COLUMNS: &str = "state, provider, client_id, dev_browser_id, purpose, target_id, verification_id, user_id, scopes, redirect_url, expire_at, decided_at, used_at, created_at";

fn state_from_row(r: &Row) -> rusqlite::Result<StateRow> {
    Ok(StateRow {
        state: r.get(0)?,
        provider: r.get(1)?,
        client_id: r.get(2)?,
        dev_browser_id: r.get(3)?,
        purpose: r.get(4)?,
        target_id: r.get(5)?,
        verification_id: r.get(6)?,
        user_id: r.get(7)?,
        scopes: r.get(8)?,
        redirect_url: r.get(9)?,
        expire_at: r.get(10)?,
        decided_at: r.get(11)?,
        used_at: r.get(12)?,
        created_at: r.get(13)?,
    })
}

pub fn insert_state(tx: &Transaction, s: &StateRow) -> Result<(), AppError> {
    tx.execute(
        &format!("INSERT INTO oauth_states ({STATE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"),
        params![
            s.state,
            s.provider,
            s.client_id,
            s.dev_browser_id,
            s.purpose,
            s.target_id,
            s.verification_id,
            s.user_id,
            s.scopes,
            s.redirect_url,
            s.expire_at,
            s.decided_at,
            s.used_at,
            s.created_at
        ],
    )?;
    Ok(())
}

pub fn get_state(tx: &Transaction, state: &str) -> Result<Option<StateRow>, AppError> {
    Ok(tx.query_row(&format!("SELECT {STATE_COLUMNS} FROM oauth_states WHERE state = ?1"), [state], state_from_row).optional()?)
}

pub fn mark_state_decided(tx: &Transaction, state: &str, now: i64) -> Result<(), AppError> {
    tx.execute("UPDATE oauth_states SET decided_at = ?2 WHERE state = ?1", params![state, now])?;
    Ok(())
}

pub fn mark_state_used(tx: &Transaction, state: &str, now: i64) -> Result<(), AppError> {
    tx.execute("UPDATE oauth_states SET used_at = ?2 WHERE state = ?1", params![state, now])?;
    Ok(())
}

/// Forgets the round trips still pending for a target (a newer one replaces them).
pub fn delete_pending_states(tx: &Transaction, target_id: &str) -> Result<(), AppError> {
    tx.execute("DELETE FROM oauth_states WHERE target_id = ?1 AND used_at IS NULL", [target_id])?;
    Ok(())
}

// ---- codes ---------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct CodeRow {
    pub code_hash: String,
    pub state: String,
    pub provider_user_id: String,
    pub email_address: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub scopes: String,
    pub expire_at: i64,
    pub used_at: Option<i64>,
    pub created_at: i64,
}

const CODE_COLUMNS: &str = "code_hash, state, provider_user_id, email_address, first_name, last_name, scopes, expire_at, used_at, created_at";

fn code_from_row(r: &Row) -> rusqlite::Result<CodeRow> {
    Ok(CodeRow {
        code_hash: r.get(0)?,
        state: r.get(1)?,
        provider_user_id: r.get(2)?,
        email_address: r.get(3)?,
        first_name: r.get(4)?,
        last_name: r.get(5)?,
        scopes: r.get(6)?,
        expire_at: r.get(7)?,
        used_at: r.get(8)?,
        created_at: r.get(9)?,
    })
}

pub fn insert_code(tx: &Transaction, c: &CodeRow) -> Result<(), AppError> {
    tx.execute(
        &format!("INSERT INTO oauth_codes ({CODE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
        params![c.code_hash, c.state, c.provider_user_id, c.email_address, c.first_name, c.last_name, c.scopes, c.expire_at, c.used_at, c.created_at],
    )?;
    Ok(())
}

pub fn get_code(tx: &Transaction, code_hash: &str) -> Result<Option<CodeRow>, AppError> {
    Ok(tx.query_row(&format!("SELECT {CODE_COLUMNS} FROM oauth_codes WHERE code_hash = ?1"), [code_hash], code_from_row).optional()?)
}

pub fn mark_code_used(tx: &Transaction, code_hash: &str, now: i64) -> Result<(), AppError> {
    tx.execute("UPDATE oauth_codes SET used_at = ?2 WHERE code_hash = ?1", params![code_hash, now])?;
    Ok(())
}

// ---- identities proved by verifications ------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub struct IdentityRow {
    pub verification_id: String,
    pub provider: String,
    pub provider_user_id: String,
    pub email_address: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub approved_scopes: String,
    pub created_at: i64,
}

const IDENTITY_COLUMNS: &str = "verification_id, provider, provider_user_id, email_address, first_name, last_name, approved_scopes, created_at";

fn identity_from_row(r: &Row) -> rusqlite::Result<IdentityRow> {
    Ok(IdentityRow {
        verification_id: r.get(0)?,
        provider: r.get(1)?,
        provider_user_id: r.get(2)?,
        email_address: r.get(3)?,
        first_name: r.get(4)?,
        last_name: r.get(5)?,
        approved_scopes: r.get(6)?,
        created_at: r.get(7)?,
    })
}

/// Inserts or replaces the identity a verification proved.
pub fn put_identity(tx: &Transaction, i: &IdentityRow) -> Result<(), AppError> {
    tx.execute(
        &format!("INSERT OR REPLACE INTO oauth_identities ({IDENTITY_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
        params![i.verification_id, i.provider, i.provider_user_id, i.email_address, i.first_name, i.last_name, i.approved_scopes, i.created_at],
    )?;
    Ok(())
}

pub fn get_identity(tx: &Transaction, verification_id: &str) -> Result<Option<IdentityRow>, AppError> {
    Ok(tx
        .query_row(&format!("SELECT {IDENTITY_COLUMNS} FROM oauth_identities WHERE verification_id = ?1"), [verification_id], identity_from_row)
        .optional()?)
}

// ---- sign-ups through OAuth ------------------------------------------------------------------

#[derive(Debug, Clone)]
pub struct OAuthSignUpRow {
    pub sign_up_id: String,
    pub provider: String,
    pub verification_id: String,
    pub created_at: i64,
}

pub fn insert_sign_up(tx: &Transaction, s: &OAuthSignUpRow) -> Result<(), AppError> {
    tx.execute(
        "INSERT INTO oauth_sign_ups (sign_up_id, provider, verification_id, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![s.sign_up_id, s.provider, s.verification_id, s.created_at],
    )?;
    Ok(())
}

pub fn get_sign_up(tx: &Transaction, sign_up_id: &str) -> Result<Option<OAuthSignUpRow>, AppError> {
    Ok(tx
        .query_row("SELECT sign_up_id, provider, verification_id, created_at FROM oauth_sign_ups WHERE sign_up_id = ?1", [sign_up_id], |r| {
            Ok(OAuthSignUpRow { sign_up_id: r.get(0)?, provider: r.get(1)?, verification_id: r.get(2)?, created_at: r.get(3)? })
        })
        .optional()?)
}

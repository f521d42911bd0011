//! The sign-up attempt (OpenAPI `Client.SignUp`): what it has, what it still needs
//! (`auth::sign_up::progress`), and its verifications with ClerkJS's `next_action`.

use super::{verification_at, Render};
use crate::db::sign_ups::SignUpRow;
use crate::db::verifications;
use crate::error::AppError;
use rusqlite::Transaction;
use serde_json::{json, Value};

impl Render<'_> {
    /// A sign-up attempt (`object: "sign_up_attempt"`).
    pub fn sign_up(&self, tx: &Transaction, s: &SignUpRow) -> Result<Value, AppError> {
        let progress = crate::auth::sign_up::progress(tx, self.st, s)?;
        let email = self.sign_up_verification(tx, s.email_address.as_deref(), s.email_verification_id.as_deref(), "email_code")?;
        let phone = self.sign_up_verification(tx, s.phone_number.as_deref(), s.phone_verification_id.as_deref(), "phone_code")?;
        let web3 = self.sign_up_verification(tx, s.web3_wallet.as_deref(), s.web3_verification_id.as_deref(), "web3_metamask_signature")?;
        Ok(json!({
            "object": "sign_up_attempt",
            "id": s.id,
            "status": s.status,
            "required_fields": progress.required,
            "optional_fields": progress.optional,
            "missing_fields": progress.missing,
            "unverified_fields": progress.unverified,
            "verifications": {
                "email_address": email,
                "phone_number": phone,
                "web3_wallet": web3,
                "external_account": self.sign_up_external_account(tx, &s.id)?,
            },
            "username": s.username,
            "email_address": s.email_address,
            "phone_number": s.phone_number,
            "web3_wallet": s.web3_wallet,
            "password_enabled": s.password_hash.is_some(),
            "first_name": s.first_name,
            "last_name": s.last_name,
            "unsafe_metadata": s.unsafe_metadata,
            "public_metadata": {},
            "custom_action": false,
            "external_id": Value::Null,
            "created_session_id": s.created_session_id,
            "created_user_id": s.created_user_id,
            "abandon_at": s.abandon_at,
            "legal_accepted_at": Value::Null,
        }))
    }

    /// The verification of a sign-up's email address or phone number: `null` without one; before
    /// any code was sent, an unverified stub whose `next_action` is `needs_prepare`.
    fn sign_up_verification(&self, tx: &Transaction, value: Option<&str>, verification_id: Option<&str>, strategy: &str) -> Result<Value, AppError> {
        if value.is_none() {
            return Ok(Value::Null);
        }
        let row = verification_id.map(|id| verifications::get(tx, id)).transpose()?.flatten();
        let mut json = match &row {
            Some(v) => verification_at(v, self.now),
            None => json!({
                "status": "unverified",
                "strategy": strategy,
                "attempts": Value::Null,
                "expire_at": Value::Null,
                "error": Value::Null,
                "verified_at_client": Value::Null,
            }),
        };
        let next_action = match json["status"].as_str() {
            Some("verified") => "",
            Some("unverified") if row.is_some() => "needs_attempt",
            _ => "needs_prepare",
        };
        if let Some(m) = json.as_object_mut() {
            m.insert("next_action".into(), json!(next_action));
            let strategies: Vec<&str> = if strategy.starts_with("web3_") { crate::codes::WEB3_STRATEGIES.to_vec() } else { vec![strategy] };
            m.insert("supported_strategies".into(), json!(strategies));
        }
        Ok(json)
    }
}

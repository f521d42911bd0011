//! External accounts as the Frontend API renders them (OpenAPI `ExternalAccountWithVerification`,
//! issue #5), and the OAuth side of verifications: `verification_oauth` objects carry
//! `external_verification_redirect_url` while they wait for the provider, in an external
//! account, a sign-in's first factor or a sign-up's `verifications.external_account`. Also the
//! `linked_to` of an email address an external account verified.

use super::{verification_at, Render};
use crate::db::oauth::{self as oauth_rows, ExternalAccountRow};
use crate::db::verifications::{self, VerificationRow};
use crate::error::AppError;
use rusqlite::Transaction;
use serde_json::{json, Value};

impl Render<'_> {
    /// The user's external accounts (`user.external_accounts`), oldest first, pending and
    /// failed ones included (as Clerk lists them).
    pub fn external_accounts(&self, tx: &Transaction, user_id: &str) -> Result<Vec<Value>, AppError> {
        oauth_rows::accounts_of_user(tx, user_id)?.iter().map(|a| self.external_account(tx, a)).collect()
    }

    /// One external account. Until its round trip succeeds the identity fields are empty
    /// strings, as in Clerk's own payloads.
    pub fn external_account(&self, tx: &Transaction, a: &ExternalAccountRow) -> Result<Value, AppError> {
        let v = verifications::get(tx, &a.verification_id)?;
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        Ok(json!({
            "object": "external_account",
            "id": a.id,
            "provider": format!("oauth_{}", a.provider),
            "identification_id": a.identification_id,
            "provider_user_id": text(&a.provider_user_id),
            "approved_scopes": a.approved_scopes,
            "email_address": text(&a.email_address),
            "email_address_verified": a.provider_user_id.as_ref().map(|_| true),
            "first_name": text(&a.first_name),
            "last_name": text(&a.last_name),
            "avatar_url": text(&a.image_url),
            "image_url": a.image_url,
            "username": a.username,
            "phone_number": Value::Null,
            "public_metadata": a.public_metadata,
            "label": a.label,
            "created_at": a.created_at,
            "updated_at": a.updated_at,
            "verification": v.as_ref().map(|v| self.any_verification(v)),
        }))
    }

    /// A verification as of now; an OAuth one (`oauth_<provider>`) also as
    /// `verification_oauth`, with its provider URL while it is still unverified.
    pub fn any_verification(&self, v: &VerificationRow) -> Value {
        let mut json = verification_at(v, self.now);
        if !v.strategy.starts_with("oauth_") {
            return json;
        }
        let pending = json["status"] == "unverified";
        if let Some(m) = json.as_object_mut() {
            m.insert("object".into(), json!("verification_oauth"));
            m.insert("external_verification_redirect_url".into(), json!(v.redirect_url.as_ref().filter(|_| pending)));
        }
        json
    }

    /// `verifications.external_account` of a sign-up: `null` unless it goes through OAuth.
    pub fn sign_up_external_account(&self, tx: &Transaction, sign_up_id: &str) -> Result<Value, AppError> {
        let Some(link) = oauth_rows::get_sign_up(tx, sign_up_id)? else { return Ok(Value::Null) };
        let Some(v) = verifications::get(tx, &link.verification_id)? else { return Ok(Value::Null) };
        let mut json = self.any_verification(&v);
        let next_action = if json["status"] == "unverified" { "needs_prepare" } else { "" };
        if let Some(m) = json.as_object_mut() {
            m.insert("next_action".into(), json!(next_action));
            m.insert("supported_strategies".into(), json!([v.strategy]));
        }
        Ok(json)
    }

    /// `linked_to` of an email address: `[{type: "oauth_google", id: <the account's
    /// identification id>}]` for each external account whose approved identity it is.
    pub fn linked_to(&self, tx: &Transaction, identification_id: &str) -> Result<Vec<Value>, AppError> {
        let mut out = Vec::new();
        for a in oauth_rows::accounts_linked_to(tx, identification_id)?.iter().filter(|a| a.provider_user_id.is_some()) {
            out.push(json!({"type": format!("oauth_{}", a.provider), "id": a.identification_id}));
        }
        Ok(out)
    }
}

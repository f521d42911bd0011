//! The sign-in attempt (OpenAPI `Client.SignIn`): its status, the factors its user can prove
//! (`factors`), its two verifications, and what may be shown about the user before sign-in.

use super::{avatar_url, supported_identifiers, verification_at, Render};
use crate::db::clients::SignInRow;
use crate::db::{users, verifications};
use crate::error::AppError;
use crate::factors;
use crate::status::SignInStatus;
use rusqlite::Transaction;
use serde_json::{json, Value};

impl Render<'_> {
    /// A sign-in attempt (`object: "sign_in_attempt"`, as real FAPI sends it).
    ///
    /// `supported_first_factors` lists the user's factors (empty before a user is identified);
    /// `supported_second_factors` stays `null` until the first factor is verified and the user
    /// has a second factor.
    pub fn sign_in(&self, tx: &Transaction, s: &SignInRow) -> Result<Value, AppError> {
        let first = s.first_factor_verification_id.as_deref().map(|id| verifications::get(tx, id)).transpose()?.flatten();
        let second = s.second_factor_verification_id.as_deref().map(|id| verifications::get(tx, id)).transpose()?.flatten();
        let user = s.user_id.as_deref().map(|id| users::get(tx, id)).transpose()?.flatten();
        let identified = s.identification_id.as_deref().zip(s.identifier.as_deref());
        let (first_factors, second_factors) = match &user {
            Some(u) => {
                let first: Vec<Value> = factors::first_factors(tx, self.st, u)?.iter().map(|f| f.json(identified)).collect();
                let second = if s.status == SignInStatus::NeedsSecondFactor || s.second_factor_verification_id.is_some() {
                    let list: Vec<Value> = factors::second_factors(tx, u)?.iter().map(|f| f.json(None)).collect();
                    Value::Array(list)
                } else {
                    Value::Null
                };
                (first, second)
            }
            None => (Vec::new(), Value::Null),
        };
        let user_data = user.as_ref().map(|u| {
            json!({
                "first_name": u.first_name,
                "last_name": u.last_name,
                "image_url": avatar_url(&self.st.frontend_api_url, u),
                "has_image": u.image_id.is_some(),
            })
        });
        Ok(json!({
            "object": "sign_in_attempt",
            "id": s.id,
            "status": s.status,
            "supported_identifiers": supported_identifiers(self.st),
            "supported_first_factors": first_factors,
            "supported_second_factors": second_factors,
            // An OAuth first factor also carries its provider URL (wire/external_account.rs).
            "first_factor_verification": first.as_ref().map(|v| self.any_verification(v)),
            "second_factor_verification": second.as_ref().map(|v| verification_at(v, self.now)),
            "identifier": s.identifier,
            "user_data": user_data,
            "created_session_id": s.created_session_id,
            "abandon_at": s.abandon_at,
        }))
    }
}

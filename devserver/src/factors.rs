//! The factors a user can sign in with, as a sign-in lists them in `supported_first_factors` and
//! `supported_second_factors` (OpenAPI `Stubs.SignInFactor`), and the masking of the addresses
//! they show (`safe_identifier`).
//!
//! First factors: a password (when the instance has passwords and the user has one), an email
//! code per verified email address, a phone code per verified phone number that is not reserved
//! for the second factor. Second factors: a phone code per verified phone number reserved for it.
//! Routes use the same lists to decide which `email_address_id` / `phone_number_id` a step may
//! name, so what is shown and what is accepted cannot drift apart.

use crate::accounts;
use crate::codes;
use crate::db::users::{self, IdentRow, Kind, UserRow};
use crate::db::verifications;
use crate::error::AppError;
use crate::state::AppState;
use rusqlite::Transaction;
use serde_json::{json, Map, Value};

/// One way to prove a factor.
#[derive(Debug, Clone)]
pub struct Factor {
    /// `password`, `email_code`, `phone_code`, a `web3_*_signature`, or a `reset_password_*_code`.
    pub strategy: &'static str,
    /// The email address or phone number a code goes to.
    pub identification: Option<IdentRow>,
    pub primary: bool,
    pub default: bool,
}

impl Factor {
    /// The factor's JSON. Its address is masked, except for the identification the sign-in was
    /// started with (`identified`), which shows the identifier the user typed: ClerkJS picks the
    /// factor to start with by comparing `safe_identifier` with the sign-in's `identifier`
    /// (`determineStartingSignInFactor` in `packages/ui/src/components/SignIn/utils.ts`).
    pub fn json(&self, identified: Option<(&str, &str)>) -> Value {
        let mut m = Map::new();
        m.insert("strategy".into(), json!(self.strategy));
        if let Some(i) = &self.identification {
            let safe = match identified {
                Some((id, typed)) if id == i.id => typed.to_string(),
                _ if i.kind == Kind::EmailAddress => mask_email(&i.value),
                // A wallet address is public: it is shown whole.
                _ if i.kind == Kind::Web3Wallet => i.value.clone(),
                _ => mask_phone(&i.value),
            };
            m.insert("safe_identifier".into(), json!(safe));
            let id_key = match i.kind {
                Kind::EmailAddress => "email_address_id",
                Kind::PhoneNumber => "phone_number_id",
                Kind::Web3Wallet => "web3_wallet_id",
            };
            m.insert(id_key.into(), json!(i.id));
            m.insert("primary".into(), json!(self.primary));
            if i.kind == Kind::PhoneNumber {
                m.insert("default".into(), json!(self.default));
            }
        }
        Value::Object(m)
    }

    /// Whether this factor sends a code to the identification `id`.
    pub fn targets(&self, id: &str) -> bool {
        self.identification.as_ref().is_some_and(|i| i.id == id)
    }
}

/// The user's verified identifications of one kind, oldest first.
fn verified(tx: &Transaction, user: &UserRow, kind: Kind) -> Result<Vec<IdentRow>, AppError> {
    let mut out = Vec::new();
    for i in users::identifications(tx, &user.id)? {
        if i.kind == kind && accounts::is_verified(tx, &i)? {
            out.push(i);
        }
    }
    Ok(out)
}

/// `supported_first_factors` for a user, in Clerk's order: the password, the email codes, the
/// phone codes, the Web3 signatures, then the "forgot password" codes (a
/// `reset_password_email_code` per verified email address and a `reset_password_phone_code` per
/// verified phone number, for a user who has a password when the instance has passwords).
pub fn first_factors(tx: &Transaction, st: &AppState, user: &UserRow) -> Result<Vec<Factor>, AppError> {
    let ids = &st.config.identifiers;
    let has_password = st.config.password.enabled && user.password_hash.is_some();
    let mut out = Vec::new();
    if has_password {
        out.push(Factor { strategy: "password", identification: None, primary: false, default: false });
    }
    let emails = if ids.email_address { verified(tx, user, Kind::EmailAddress)? } else { Vec::new() };
    let phones: Vec<IdentRow> = if ids.phone_number {
        verified(tx, user, Kind::PhoneNumber)?.into_iter().filter(|i| !i.reserved_for_second_factor).collect()
    } else {
        Vec::new()
    };
    let email_primary = |i: &IdentRow| user.primary_email_address_id.as_deref() == Some(i.id.as_str());
    let phone_primary = |i: &IdentRow| user.primary_phone_number_id.as_deref() == Some(i.id.as_str());
    for i in &emails {
        out.push(Factor { strategy: "email_code", identification: Some(i.clone()), primary: email_primary(i), default: false });
    }
    for i in &phones {
        out.push(Factor { strategy: "phone_code", identification: Some(i.clone()), primary: phone_primary(i), default: i.default_second_factor });
    }
    if ids.web3_wallet {
        for i in verified(tx, user, Kind::Web3Wallet)? {
            let primary = user.primary_web3_wallet_id.as_deref() == Some(i.id.as_str());
            out.push(Factor { strategy: web3_strategy_of(tx, &i)?, identification: Some(i), primary, default: false });
        }
    }
    if has_password {
        for i in emails {
            let primary = email_primary(&i);
            out.push(Factor { strategy: "reset_password_email_code", identification: Some(i), primary, default: false });
        }
        for i in phones {
            let (primary, default) = (phone_primary(&i), i.default_second_factor);
            out.push(Factor { strategy: "reset_password_phone_code", identification: Some(i), primary, default });
        }
    }
    Ok(out)
}

/// The signature strategy a wallet signs in with: the one it was verified with (MetaMask's for a
/// wallet verified otherwise, e.g. by the Backend API).
fn web3_strategy_of(tx: &Transaction, i: &IdentRow) -> Result<&'static str, AppError> {
    let v = i.verification_id.as_deref().map(|id| verifications::get(tx, id)).transpose()?.flatten();
    Ok(v.and_then(|v| codes::web3_strategy(&v.strategy)).unwrap_or("web3_metamask_signature"))
}

/// `supported_second_factors` for a user: the phone numbers reserved for the second factor. When
/// none is marked as the default, the first one is.
pub fn second_factors(tx: &Transaction, user: &UserRow) -> Result<Vec<Factor>, AppError> {
    let phones: Vec<IdentRow> = verified(tx, user, Kind::PhoneNumber)?.into_iter().filter(|i| i.reserved_for_second_factor).collect();
    let any_default = phones.iter().any(|i| i.default_second_factor);
    Ok(phones
        .into_iter()
        .enumerate()
        .map(|(n, i)| {
            let primary = user.primary_phone_number_id.as_deref() == Some(i.id.as_str());
            let default = i.default_second_factor || (!any_default && n == 0);
            Factor { strategy: "phone_code", identification: Some(i), primary, default }
        })
        .collect())
}

/// `test@example.com` → `t***@e******.com`: the first letter of the local part, the first letter
/// of the domain with the rest starred, the top-level domain kept.
pub fn mask_email(email: &str) -> String {
    let Some((local, domain)) = email.rsplit_once('@') else { return "***".into() };
    let first = |s: &str| s.chars().next().map(String::from).unwrap_or_default();
    let (name, tld) = domain.rsplit_once('.').unwrap_or((domain, ""));
    let stars = "*".repeat(name.chars().count().saturating_sub(1));
    let tld = if tld.is_empty() { String::new() } else { format!(".{tld}") };
    format!("{}***@{}{stars}{tld}", first(local), first(name))
}

/// `+15551234567` → `+*******4567`: only the last four digits are shown.
pub fn mask_phone(phone: &str) -> String {
    let digits: Vec<char> = phone.chars().filter(char::is_ascii_digit).collect();
    let shown = digits.len().saturating_sub(4);
    let tail: String = digits[shown..].iter().collect();
    format!("+{}{tail}", "*".repeat(shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_like_clerk() {
        assert_eq!(mask_email("test@example.com"), "t***@e******.com");
        assert_eq!(mask_email("a@b.io"), "a***@b.io");
        assert_eq!(mask_email("ada.work@mail.example.org"), "a***@m***********.org");
        assert_eq!(mask_phone("+15551234567"), "+*******4567");
        assert_eq!(mask_phone("+442079460958"), "+********0958");
    }
}

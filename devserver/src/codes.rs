//! One-time codes: the six-digit codes of the `email_code` and `phone_code` strategies, for
//! sign-in factors and sign-up verifications alike.
//!
//! A code is drawn from the OS's generator, lives ten minutes, and is kept only as a hash in its
//! verification row (`code_hash`); the plain code goes to the dev outbox (`GET /dev/outbox`, with
//! its `Purpose` and expiry) and
//! the log, which stand in for the email or SMS a real instance would send. Three wrong attempts
//! fail the verification for good: the user must prepare a new one.
//!
//! The attempt rules, in order: a verified verification is `verification_already_verified`, a
//! failed one `verification_failed`, an expired one `verification_expired` (none of these counts);
//! otherwise the attempt counts, and a wrong code is `form_code_incorrect` until the third, which
//! is `verification_failed`.

use crate::accounts;
use crate::db::outbox::{self, MessageRow};
use crate::db::verifications::{self, VerificationRow};
use crate::error::AppError;
use crate::state::AppState;
use crate::status::VerificationStatus;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use rand::Rng;
use rusqlite::Transaction;
use sha2::{Digest, Sha256};

/// How long a code can be used.
pub const CODE_LIFETIME_MS: i64 = 10 * 60 * 1000;
/// Wrong attempts after which a verification fails.
pub const MAX_ATTEMPTS: i64 = 3;

/// Where a code goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Channel {
    Email,
    Sms,
}

impl Channel {
    /// The channel of a code strategy (`email_code`, `phone_code`).
    pub fn of_strategy(strategy: &str) -> Option<Channel> {
        match strategy {
            "email_code" | "reset_password_email_code" => Some(Channel::Email),
            "phone_code" | "reset_password_phone_code" => Some(Channel::Sms),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Sms => "sms",
        }
    }
}

/// A fresh six-digit code, uniformly drawn from the OS's generator.
fn new_code() -> String {
    format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000u32))
}

/// The stored form of a code: SHA-256 over the verification id and the code. The id makes equal
/// codes of different verifications hash differently. (Six digits are brute-forced from any hash
/// in no time; the point is only that the database does not hold usable codes in clear.)
fn code_hash(verification_id: &str, code: &str) -> String {
    B64URL.encode(Sha256::digest(format!("{verification_id}:{code}").as_bytes()))
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// (Re)starts a code verification: `previous` is reused when given (a "resend" keeps the same
/// verification, with a new code, a new expiry and no attempts), otherwise a new one is made.
/// Returns the row to store and the code to send.
pub fn prepare(st: &AppState, previous: Option<VerificationRow>, strategy: &str) -> (VerificationRow, String) {
    let now = st.now();
    let mut v = previous.unwrap_or_else(|| VerificationRow { id: st.ids.new_id("ver"), created_at: now, ..VerificationRow::default() });
    let code = new_code();
    v.status = VerificationStatus::Unverified;
    v.strategy = strategy.to_string();
    v.attempts = Some(0);
    v.expire_at = Some(now + CODE_LIFETIME_MS);
    v.code_hash = Some(code_hash(&v.id, &code));
    v.error = None;
    v.verified_at_client = None;
    v.updated_at = now;
    (v, code)
}

/// The outcome of checking a code.
#[derive(Debug)]
pub enum Attempt {
    Verified,
    /// Refused with `error`; `changed` says whether the verification must be stored (the attempt
    /// counted) even though the request fails.
    Refused {
        error: AppError,
        changed: bool,
    },
}

/// Checks `code` against a verification, updating it (attempts, status) as the rules say.
/// `client_id` is recorded as `verified_at_client` on success.
pub fn attempt(v: &mut VerificationRow, code: &str, now: i64, client_id: &str) -> Attempt {
    match v.status.as_str() {
        "verified" => return Attempt::Refused { error: AppError::verification_already_verified(), changed: false },
        "failed" => return Attempt::Refused { error: AppError::verification_failed(), changed: false },
        _ => {}
    }
    if v.expire_at.is_some_and(|t| now >= t) {
        return Attempt::Refused { error: AppError::verification_expired(), changed: false };
    }
    let attempts = v.attempts.unwrap_or(0) + 1;
    v.attempts = Some(attempts);
    v.updated_at = now;
    let expected = v.code_hash.as_deref().unwrap_or("");
    if constant_time_eq(code_hash(&v.id, code.trim()).as_bytes(), expected.as_bytes()) {
        v.status = VerificationStatus::Verified;
        v.verified_at_client = Some(client_id.to_string());
        v.code_hash = None;
        return Attempt::Verified;
    }
    if attempts >= MAX_ATTEMPTS {
        let error = AppError::verification_failed();
        v.status = VerificationStatus::Failed;
        v.code_hash = None;
        v.error = error.errors.first().and_then(|e| serde_json::to_value(e).ok());
        return Attempt::Refused { error, changed: true };
    }
    Attempt::Refused { error: AppError::code_incorrect(), changed: true }
}

/// (Re)prepares the code verification whose id is in `slot` (a new one when empty), stores it,
/// points `slot` at it and sends its code to `to`, for `purpose`.
pub fn prepare_and_send(
    tx: &Transaction,
    st: &AppState,
    slot: &mut Option<String>,
    strategy: &str,
    to: &str,
    purpose: Purpose,
) -> Result<(), AppError> {
    let channel = Channel::of_strategy(strategy).ok_or_else(|| AppError::internal(format!("{strategy} is not a code strategy")))?;
    let previous = slot.as_deref().map(|id| verifications::get(tx, id)).transpose()?.flatten();
    let (v, code) = prepare(st, previous, strategy);
    verifications::put(tx, &v)?;
    let expires_at = v.expire_at;
    *slot = Some(v.id);
    send(tx, st, channel, purpose, to, &code, expires_at)
}

/// Checks a code against the verification `verification_id`, which must have been prepared for
/// `strategy` (else `verification_missing`). The verification's new state is stored whatever the
/// outcome; a refusal comes back as `Ok(Err(…))` so the caller can commit it
/// (`Db::tx_keeping_refusal`).
pub fn check(
    tx: &Transaction,
    st: &AppState,
    client_id: &str,
    verification_id: Option<&str>,
    strategy: &str,
    code: &str,
) -> Result<Result<(), AppError>, AppError> {
    let prepared = verification_id.map(|id| verifications::get(tx, id)).transpose()?.flatten().filter(|v| v.strategy == strategy);
    let Some(mut v) = prepared else { return Err(AppError::verification_missing()) };
    match attempt(&mut v, code, st.now(), client_id) {
        Attempt::Verified => {
            verifications::put(tx, &v)?;
            Ok(Ok(()))
        }
        Attempt::Refused { error, changed } => {
            if changed {
                verifications::put(tx, &v)?;
            }
            Ok(Err(error))
        }
    }
}

/// The Web3 signature strategies: each signs a nonce with `personal_sign` (EIP-191).
pub const WEB3_STRATEGIES: [&str; 4] =
    ["web3_metamask_signature", "web3_coinbase_wallet_signature", "web3_okx_wallet_signature", "web3_base_signature"];

/// The `&'static str` of a Web3 signature strategy, if `strategy` is one.
pub fn web3_strategy(strategy: &str) -> Option<&'static str> {
    WEB3_STRATEGIES.iter().copied().find(|s| *s == strategy)
}

/// (Re)starts a signature verification (reusing the row `previous_id` names): a fresh nonce to
/// sign, shown as the verification's `message`, for as long as a code lives.
pub fn prepare_nonce(st: &AppState, previous_id: Option<String>, strategy: &str) -> VerificationRow {
    let now = st.now();
    VerificationRow {
        id: previous_id.unwrap_or_else(|| st.ids.new_id("ver")),
        status: VerificationStatus::Unverified,
        strategy: strategy.to_string(),
        attempts: Some(0),
        expire_at: Some(now + CODE_LIFETIME_MS),
        message: Some(crate::ids::secret(32)),
        created_at: now,
        updated_at: now,
        ..VerificationRow::default()
    }
}

/// Checks a `personal_sign` signature of the nonce of the verification `verification_id`
/// (prepared for a Web3 strategy, else `verification_missing`): its signer must be one of
/// `addresses` (any case). The rules of a code, but a wrong signer fails the verification at once
/// (`verification_failed`: a new nonce must be prepared). The verification's new state is stored
/// whatever the outcome; a refusal comes back as `Ok(Err(…))`.
pub fn check_signature(
    tx: &Transaction,
    st: &AppState,
    client_id: &str,
    verification_id: Option<&str>,
    addresses: &[&str],
    signature: &str,
) -> Result<Result<(), AppError>, AppError> {
    let prepared = verification_id.map(|id| verifications::get(tx, id)).transpose()?.flatten();
    let Some(mut v) = prepared.filter(|v| web3_strategy(&v.strategy).is_some()) else {
        return Err(AppError::verification_missing());
    };
    let now = st.now();
    match v.status.as_str() {
        "verified" => return Ok(Err(AppError::verification_already_verified())),
        "failed" => return Ok(Err(AppError::verification_failed())),
        _ if v.expire_at.is_some_and(|t| now >= t) => return Ok(Err(AppError::verification_expired())),
        _ => {}
    }
    let message = v.message.clone().unwrap_or_default();
    let signer = crate::web3::personal_sign_signer(&message, signature.trim());
    v.attempts = Some(v.attempts.unwrap_or(0) + 1);
    v.updated_at = now;
    if signer.is_some_and(|s| addresses.iter().any(|a| a.eq_ignore_ascii_case(&s))) {
        v.status = VerificationStatus::Verified;
        v.verified_at_client = Some(client_id.to_string());
        verifications::put(tx, &v)?;
        return Ok(Ok(()));
    }
    let error = AppError::verification_failed();
    v.status = VerificationStatus::Failed;
    v.error = error.errors.first().and_then(|e| serde_json::to_value(e).ok());
    verifications::put(tx, &v)?;
    Ok(Err(error))
}

/// The status a verification shows at `now`: an unverified one past its expiry reads `expired`.
pub fn status_at(v: &VerificationRow, now: i64) -> VerificationStatus {
    if v.status == VerificationStatus::Unverified && v.expire_at.is_some_and(|t| now >= t) {
        VerificationStatus::Expired
    } else {
        v.status
    }
}

/// The normalised recipient the outbox filters on: email addresses in lower case, phone numbers
/// in E.164 (so `to=+1 555 123 4567` finds `+15551234567`), anything else trimmed.
pub fn recipient_key(to: &str) -> String {
    let to = to.trim();
    if to.contains('@') {
        return to.to_ascii_lowercase();
    }
    accounts::phone_param("to", to).unwrap_or_else(|_| to.to_string())
}

/// What a code is for: its message says it, and the outbox shows it (`purpose`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Proving an email address or phone number a signed-in user added (`/v1/me/...`).
    Verification,
    /// A sign-in's first or second factor (`email_code`, `phone_code`).
    SignIn,
    /// A sign-up's email address or phone number.
    SignUp,
    /// The "forgot password" flow (`reset_password_email_code`, `reset_password_phone_code`).
    ResetPassword,
}

impl Purpose {
    /// As the outbox shows it: `verification`, `sign_in`, `sign_up`, `reset_password`.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Verification => "verification",
            Purpose::SignIn => "sign_in",
            Purpose::SignUp => "sign_up",
            Purpose::ResetPassword => "reset_password",
        }
    }
}

/// "Sends" a code: stores the message in the dev outbox (with when the code expires) and logs it.
pub fn send(
    tx: &Transaction,
    st: &AppState,
    channel: Channel,
    purpose: Purpose,
    to: &str,
    code: &str,
    expires_at: Option<i64>,
) -> Result<(), AppError> {
    let app = &st.config.application_name;
    let minutes = CODE_LIFETIME_MS / 60_000;
    let what = match purpose {
        Purpose::ResetPassword => "password reset code",
        Purpose::Verification | Purpose::SignIn | Purpose::SignUp => "verification code",
    };
    let (subject, body) = match channel {
        Channel::Email => (
            Some(format!("{code} is your {what}")),
            format!("Your {what} is {code}. Enter it to continue to {app}. It expires in {minutes} minutes."),
        ),
        Channel::Sms => (None, format!("Your {what} is {code}. It expires in {minutes} minutes. ({app})")),
    };
    let message = MessageRow {
        id: st.ids.new_id(if channel == Channel::Email { "ema" } else { "sms" }),
        channel: channel.as_str().into(),
        to_address: to.to_string(),
        to_key: recipient_key(to),
        subject: subject.clone(),
        body,
        code: Some(code.to_string()),
        purpose: Some(purpose.as_str().to_string()),
        expires_at,
        created_at: st.now(),
    };
    outbox::insert(tx, &message)?;
    tracing::info!(channel = channel.as_str(), to, subject = subject.as_deref().unwrap_or("-"), code, "dev outbox: verification code sent");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verification(code: &str, now: i64) -> VerificationRow {
        let mut v =
            VerificationRow { id: "ver_1".into(), status: VerificationStatus::Unverified, strategy: "email_code".into(), ..Default::default() };
        v.attempts = Some(0);
        v.expire_at = Some(now + CODE_LIFETIME_MS);
        v.code_hash = Some(code_hash(&v.id, code));
        v
    }

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..100 {
            let c = new_code();
            assert_eq!(c.len(), 6);
            assert!(c.bytes().all(|b| b.is_ascii_digit()));
        }
    }

    #[test]
    fn three_wrong_attempts_fail_the_verification() {
        let mut v = verification("123456", 0);
        for expected in ["form_code_incorrect", "form_code_incorrect", "verification_failed"] {
            match attempt(&mut v, "000000", 1, "client_1") {
                Attempt::Refused { error, changed } => assert_eq!((error.code(), changed), (expected, true)),
                Attempt::Verified => panic!("a wrong code verified"),
            }
        }
        assert_eq!(v.status, VerificationStatus::Failed);
        assert_eq!(v.attempts, Some(3));
        assert_eq!(v.error.as_ref().unwrap()["code"], "verification_failed");
        match attempt(&mut v, "123456", 1, "client_1") {
            Attempt::Refused { error, changed } => assert_eq!((error.code(), changed), ("verification_failed", false)),
            Attempt::Verified => panic!("a failed verification verified"),
        }
    }

    #[test]
    fn the_right_code_verifies_until_it_expires() {
        let mut v = verification("123456", 0);
        assert!(matches!(attempt(&mut v, "123456", CODE_LIFETIME_MS - 1, "client_1"), Attempt::Verified));
        assert_eq!((v.status.as_str(), v.attempts, v.verified_at_client.as_deref()), ("verified", Some(1), Some("client_1")));
        assert!(v.code_hash.is_none());

        let mut late = verification("123456", 0);
        match attempt(&mut late, "123456", CODE_LIFETIME_MS, "client_1") {
            Attempt::Refused { error, changed } => assert_eq!((error.code(), changed), ("verification_expired", false)),
            Attempt::Verified => panic!("an expired code verified"),
        }
        assert_eq!(status_at(&late, CODE_LIFETIME_MS), VerificationStatus::Expired);
        assert_eq!(late.attempts, Some(0));
    }

    #[test]
    fn recipients_are_normalised() {
        assert_eq!(recipient_key(" Ada@Example.com "), "ada@example.com");
        assert_eq!(recipient_key(" 1 (555) 123-4567"), "+15551234567");
        assert_eq!(recipient_key("someone"), "someone");
    }
}

//! Sign-in attempts (PROTOCOL.md §8): how one starts, which factor a step is about, what proves
//! a factor, and how it completes.
//!
//! A sign-in starts from an identifier (email address, phone number or username) and lands in
//! `NeedsFirstFactor`, listing the user's factors (`factors`). The first factor is a password
//! (verified at once, also when `create` carries it, as ClerkJS sends it from a one-page form) or
//! a code sent to an email address or phone number (`codes`). A user with a phone number reserved
//! for the second factor then goes through `NeedsSecondFactor` and an SMS code; everyone else is
//! signed in: a new session, status `Complete`, and the attempt leaves the client.
//!
//! The ticket strategy completes in one request, the way Clerk's own end-to-end tests sign users
//! in: the Backend API mints a sign-in token for a user, the browser presents it as
//! `strategy=ticket&ticket=…`, and the answer is a `Complete` sign-in with a new active session.
//! OAuth sign-ins and transfers are `auth::oauth`'s.
//!
//! A password is checked off the database lock: a first transaction reads the hash
//! (`create_password_hash`, `attempt_password_hash`), argon2 runs on the blocking pool, and the
//! step itself (`create`, `attempt_first_factor`) gets the outcome in a second transaction that
//! checks everything again (`AppState::tx_checking_password`).
//!
//! A refused step changes nothing, except what a refusal itself must leave behind: a wrong
//! password counts towards the user's lockout and a wrong code towards its verification's
//! failure. Those steps answer `Ok(Err(refusal))` (`AppState::tx_keeping_refusal`), which
//! commits the counter and then answers the error.

use super::session;
use crate::accounts;
use crate::caller::Caller;
use crate::codes;
use crate::db::clients::{self, ClientRow, SignInRow, SignInTokenRow};
use crate::db::users::{self, UserRow};
use crate::db::verifications::{self, VerificationRow};
use crate::error::AppError;
use crate::factors::{self, Factor};
use crate::form::Params;
use crate::password::Checked;
use crate::state::AppState;
use crate::status::{SignInStatus, VerificationStatus};
use rusqlite::Transaction;

/// How long an unfinished sign-in attempt lives.
pub const LIFETIME_MS: i64 = 24 * 3600 * 1000;

/// First-factor strategies Clerk knows that no user of this dev server can use (refused with
/// `strategy_for_user_invalid`; anything else unknown is `form_param_value_invalid`).
const OTHER_FIRST_FACTORS: &[&str] =
    &["email_link", "passkey", "web3_solana_signature", "trusted_device", "google_one_tap", "enterprise_sso", "saml"];

/// Second-factor strategies Clerk knows besides `phone_code`.
const OTHER_SECOND_FACTORS: &[&str] = &["email_code", "email_link", "totp", "backup_code"];

/// A sign-in that has just begun, and the `Set-Cookie` of a client made for it.
pub type Started = (ClientRow, SignInRow, Option<String>);

/// The one way a sign-in attempt is made: on `client`, in `status`, with nothing known yet.
pub fn new(st: &AppState, client: &ClientRow, status: SignInStatus) -> SignInRow {
    let now = st.now();
    SignInRow {
        id: st.ids.new_id("sia"),
        client_id: client.id.clone(),
        status,
        identifier: None,
        user_id: None,
        identification_id: None,
        first_factor_verification_id: None,
        second_factor_verification_id: None,
        created_session_id: None,
        abandon_at: now + LIFETIME_MS,
        created_at: now,
        updated_at: now,
    }
}

/// What `create` does besides identifying the user. `P` is the password: as given
/// (`FirstStep::read`), then as checked off the database lock (`password::Checked`).
pub enum FirstStep<P = Checked> {
    /// Nothing: list the user's factors.
    Identify,
    /// Verify this password at once.
    Password(P),
    /// Send a code of this strategy (`email_code`, `phone_code`) at once.
    Code(&'static str),
}

impl FirstStep<String> {
    /// Reads `create`'s identifier and what to do besides (its strategy, and the password), in
    /// that order of refusal: an unknown strategy, then a missing identifier, then a missing
    /// password.
    pub fn read(params: &Params) -> Result<(String, FirstStep<String>), AppError> {
        let password = match params.optional("strategy") {
            // ClerkJS adds `strategy=password` whenever it sends a password; accept one without too.
            None if params.optional("password").is_some() => true,
            Some("password") => true,
            None => false,
            Some("email_code" | "phone_code") => false,
            Some(other) => return Err(AppError::param_value_invalid("strategy", format!("{other} is not a sign-in strategy of this instance."))),
        };
        let identifier = params.required("identifier")?.to_string();
        let step = match params.optional("strategy") {
            _ if password => FirstStep::Password(params.required("password")?.to_string()),
            Some("email_code") => FirstStep::Code("email_code"),
            Some("phone_code") => FirstStep::Code("phone_code"),
            _ => FirstStep::Identify,
        };
        Ok((identifier, step))
    }
}

/// The user `identifier` names, if the caller's client may take a session for them and they are
/// not locked: what `create` checks first.
fn identify(tx: &Transaction, st: &AppState, caller: &Caller, identifier: &str) -> Result<accounts::Identified, AppError> {
    let existing = caller.client(tx)?;
    if let Some(c) = &existing {
        session::ensure_may_start(tx, st, c, None)?;
    }
    let found = accounts::find_by_identifier(tx, st, identifier)?.ok_or_else(AppError::identifier_not_found)?;
    if let Some(c) = &existing {
        session::ensure_may_start(tx, st, c, Some(&found.user.id))?;
    }
    accounts::ensure_may_sign_in(&found.user, st.now())?;
    Ok(found)
}

/// The stored hash a `create` with a password checks it against (read-only; the check itself
/// runs off the database lock, then `create` gets its outcome).
pub fn create_password_hash(tx: &Transaction, st: &AppState, caller: &Caller, identifier: &str) -> Result<String, AppError> {
    let found = identify(tx, st, caller, identifier)?;
    ensure_password_allowed(st, &found.user)?;
    accounts::sign_in_password_hash(&found.user)
}

/// Starts a sign-in for the user `identifier` names. Read-only until a password is checked: a
/// wrong one commits only its count (`Ok(Err(refusal))`).
pub fn create(tx: &Transaction, st: &AppState, caller: &Caller, identifier: &str, step: FirstStep) -> Result<Result<Started, AppError>, AppError> {
    let found = identify(tx, st, caller, identifier)?;
    let mut user = found.user;
    if let FirstStep::Password(checked) = &step {
        ensure_password_allowed(st, &user)?;
        if let Err(refusal) = accounts::check_sign_in_password(tx, st, &mut user, checked)? {
            return Ok(Err(refusal));
        }
    }
    let (mut client, cookie) = caller.ensure_client(tx, st)?;
    let mut sign_in = new(st, &client, SignInStatus::NeedsFirstFactor);
    sign_in.identifier = Some(found.identifier);
    sign_in.user_id = Some(user.id.clone());
    sign_in.identification_id = found.identification.map(|i| i.id);
    match step {
        FirstStep::Password(_) => {
            record_first_factor_verified(tx, st, &client, &mut sign_in, "password")?;
            after_first_factor(tx, st, caller, &mut client, &mut sign_in, &user)?;
        }
        FirstStep::Code(strategy) => {
            // `create` with a code strategy prepares it at once (the OpenAPI parameter rules).
            let factor = pick_factor(factors::first_factors(tx, st, &user)?, strategy, None, sign_in.identification_id.as_deref())?;
            send_code(tx, st, &mut sign_in.first_factor_verification_id, &factor)?;
        }
        FirstStep::Identify => {}
    }
    Ok(Ok((client, sign_in, cookie)))
}

/// `strategy=ticket`: redeems a Backend API sign-in token and completes at once.
pub fn redeem_ticket(tx: &Transaction, st: &AppState, caller: &Caller, ticket: &str) -> Result<Started, AppError> {
    let now = st.now();
    let token = redeemable_token(tx, ticket, now)?;
    accounts::ensure_may_sign_in(&users::must_get(tx, &token.user_id)?, now)?;
    let (mut client, cookie) = caller.ensure_client(tx, st)?;
    // The user is known from the ticket: one already signed in here is refused too
    // (`identifier_already_signed_in`), and the ticket stays unused (the refusal rolls back).
    session::ensure_may_start(tx, st, &client, Some(&token.user_id))?;
    clients::set_sign_in_token_status(tx, &token.id, "accepted", now)?;
    let mut sign_in = new(st, &client, SignInStatus::NeedsFirstFactor);
    record_first_factor_verified(tx, st, &client, &mut sign_in, "ticket")?;
    complete(tx, st, caller, &mut client, &mut sign_in, &token.user_id, false)?;
    Ok((client, sign_in, cookie))
}

/// A sign-in token that can still be used, or the error that says why not.
fn redeemable_token(tx: &Transaction, ticket: &str, now: i64) -> Result<SignInTokenRow, AppError> {
    let token = clients::sign_in_token_by_token(tx, ticket)?.ok_or_else(AppError::ticket_invalid)?;
    match token.status.as_str() {
        "accepted" => Err(AppError::sign_in_token_used()),
        "revoked" => Err(AppError::sign_in_token_revoked()),
        _ if now >= token.expires_at => Err(AppError::ticket_expired()),
        _ => Ok(token),
    }
}

// ---- the factor steps --------------------------------------------------------------------------

/// The refusal of a strategy a step does not take: a known one is not valid for the user, an
/// unknown one is an invalid value.
fn unsupported_strategy(strategy: &str, known: &[&str]) -> AppError {
    if known.contains(&strategy) {
        AppError::strategy_for_user_invalid()
    } else {
        AppError::param_value_invalid("strategy", format!("{strategy} does not match one of the allowed values for parameter strategy"))
    }
}

/// What proves the first factor. `P` is a password: as given (`Proof::read_first`), then as
/// checked off the database lock (`password::Checked`).
pub enum Proof<P = Checked> {
    Password(P),
    /// A code of this strategy (`email_code`, `phone_code`, `reset_password_email_code`,
    /// `reset_password_phone_code`).
    Code(&'static str, String),
    /// A `personal_sign` signature of the prepared nonce (a `web3_*_signature` strategy).
    Signature(&'static str, String),
}

/// The code strategies of the first factor.
const CODE_STRATEGIES: [&str; 4] = ["email_code", "phone_code", "reset_password_email_code", "reset_password_phone_code"];

/// Whether a strategy is one of the "forgot password" codes.
fn is_reset(strategy: &str) -> bool {
    strategy.starts_with("reset_password_")
}

impl Proof<String> {
    /// `strategy=password&password=…`, `strategy=<code strategy>&code=…` or
    /// `strategy=web3_…_signature&signature=…`.
    pub fn read_first(params: &Params) -> Result<Proof<String>, AppError> {
        let strategy = params.required("strategy")?;
        if strategy == "password" {
            return Ok(Proof::Password(params.required("password")?.to_string()));
        }
        if let Some(code) = CODE_STRATEGIES.iter().copied().find(|s| *s == strategy) {
            return Ok(Proof::Code(code, params.required("code")?.to_string()));
        }
        if let Some(web3) = codes::web3_strategy(strategy) {
            return Ok(Proof::Signature(web3, params.required("signature")?.to_string()));
        }
        Err(unsupported_strategy(strategy, &[OTHER_FIRST_FACTORS, &["ticket"]].concat()))
    }
}

/// The strategy `prepare_first_factor` names: a code strategy (a code is sent) or a Web3 one (a
/// nonce to sign is issued).
pub fn prepare_strategy(params: &Params) -> Result<&'static str, AppError> {
    let strategy = params.required("strategy")?;
    CODE_STRATEGIES
        .iter()
        .copied()
        .find(|s| *s == strategy)
        .or_else(|| codes::web3_strategy(strategy))
        .ok_or_else(|| unsupported_strategy(strategy, &[OTHER_FIRST_FACTORS, &["password", "ticket"]].concat()))
}

/// Checks a second-factor step's strategy: `phone_code` is the one this dev server has.
pub fn check_second_factor_strategy(strategy: &str) -> Result<(), AppError> {
    match strategy {
        "phone_code" => Ok(()),
        other => Err(unsupported_strategy(other, OTHER_SECOND_FACTORS)),
    }
}

/// The id parameter that names a factor's identification.
pub fn id_param(strategy: &str) -> &'static str {
    match strategy {
        "email_code" | "reset_password_email_code" => "email_address_id",
        s if codes::web3_strategy(s).is_some() => "web3_wallet_id",
        _ => "phone_number_id",
    }
}

/// Sends a first-factor code (or, for a Web3 strategy, issues a fresh nonce to sign): for the
/// identification `wanted` names, else the one the sign-in was started with, else the primary one.
pub fn prepare_first_factor(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    id: &str,
    strategy: &'static str,
    wanted: Option<&str>,
) -> Result<(ClientRow, SignInRow), AppError> {
    let (client, mut sign_in, user) = current(tx, st, caller, id, SignInStatus::NeedsFirstFactor, "prepare_first_factor")?;
    let factor = pick_factor(factors::first_factors(tx, st, &user)?, strategy, wanted, sign_in.identification_id.as_deref())?;
    if codes::web3_strategy(strategy).is_some() {
        let v = codes::prepare_nonce(st, sign_in.first_factor_verification_id.clone(), strategy);
        verifications::put(tx, &v)?;
        sign_in.first_factor_verification_id = Some(v.id);
    } else {
        send_code(tx, st, &mut sign_in.first_factor_verification_id, &factor)?;
    }
    Ok((client, sign_in))
}

/// The stored hash an `attempt_first_factor` with a password checks it against (read-only; the
/// check itself runs off the database lock, then `attempt_first_factor` gets its outcome).
pub fn attempt_password_hash(tx: &Transaction, st: &AppState, caller: &Caller, id: &str) -> Result<String, AppError> {
    let (_, _, user) = current(tx, st, caller, id, SignInStatus::NeedsFirstFactor, "attempt_first_factor")?;
    ensure_password_allowed(st, &user)?;
    accounts::sign_in_password_hash(&user)
}

/// Proves the first factor; then the second factor, or done.
pub fn attempt_first_factor(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    id: &str,
    proof: Proof,
) -> Result<Result<(ClientRow, SignInRow), AppError>, AppError> {
    let (mut client, mut sign_in, mut user) = current(tx, st, caller, id, SignInStatus::NeedsFirstFactor, "attempt_first_factor")?;
    match proof {
        Proof::Password(checked) => {
            ensure_password_allowed(st, &user)?;
            if let Err(refusal) = accounts::check_sign_in_password(tx, st, &mut user, &checked)? {
                return Ok(Err(refusal));
            }
            record_first_factor_verified(tx, st, &client, &mut sign_in, "password")?;
        }
        Proof::Code(strategy, code) => {
            if let Err(refusal) = codes::check(tx, st, &client.id, sign_in.first_factor_verification_id.as_deref(), strategy, &code)? {
                return Ok(Err(refusal));
            }
            if is_reset(strategy) {
                // The code proves the user may choose a new password; `reset_password` completes.
                sign_in.status = SignInStatus::NeedsNewPassword;
                return Ok(Ok((client, sign_in)));
            }
        }
        Proof::Signature(strategy, signature) => {
            // The signer must be one of the user's wallets that sign in with this strategy.
            let wallets: Vec<String> = factors::first_factors(tx, st, &user)?
                .into_iter()
                .filter(|f| f.strategy == strategy)
                .filter_map(|f| f.identification.map(|i| i.value))
                .collect();
            if wallets.is_empty() {
                return Err(AppError::strategy_for_user_invalid());
            }
            let addresses: Vec<&str> = wallets.iter().map(String::as_str).collect();
            let prepared = sign_in.first_factor_verification_id.as_deref();
            if let Err(refusal) = codes::check_signature(tx, st, &client.id, prepared, &addresses, &signature)? {
                return Ok(Err(refusal));
            }
        }
    }
    after_first_factor(tx, st, caller, &mut client, &mut sign_in, &user)?;
    Ok(Ok((client, sign_in)))
}

/// The new password of a sign-in in `NeedsNewPassword` (checked against the instance's rules and
/// hashed before the transaction, `password::hash_off_lock`): it becomes the user's, their failed
/// attempts are forgotten, `sign_out_others` revokes every other active session of theirs, and the
/// sign-in goes on as after any first factor (the second factor, or a new session).
pub fn reset_password(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    id: &str,
    new_hash: String,
    sign_out_others: bool,
) -> Result<(ClientRow, SignInRow), AppError> {
    let (mut client, mut sign_in, mut user) = current(tx, st, caller, id, SignInStatus::NeedsNewPassword, "reset_password")?;
    session::ensure_may_start(tx, st, &client, Some(&user.id))?;
    let now = st.now();
    user.password_hash = Some(new_hash);
    user.updated_at = now;
    users::update(tx, &user)?;
    if sign_out_others {
        // Before the new session is born: every session of the user is an "other" one.
        for mut s in clients::sessions_of_user(tx, &user.id)? {
            if s.is_active_at(now, st.inactivity_ms()) {
                session::revoke(tx, st, &mut s)?;
            }
        }
    }
    after_first_factor(tx, st, caller, &mut client, &mut sign_in, &user)?;
    Ok((client, sign_in))
}

/// Sends the SMS code of the second factor, to the user's default second-factor phone unless
/// another one of theirs is named.
pub fn prepare_second_factor(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    id: &str,
    wanted: Option<&str>,
) -> Result<(ClientRow, SignInRow), AppError> {
    let (client, mut sign_in, user) = current(tx, st, caller, id, SignInStatus::NeedsSecondFactor, "prepare_second_factor")?;
    let second = factors::second_factors(tx, &user)?;
    if second.is_empty() {
        return Err(AppError::no_second_factors("phone_code"));
    }
    let default = second.iter().find(|f| f.default).and_then(|f| f.identification.as_ref()).map(|i| i.id.clone());
    let factor = pick_factor(second, "phone_code", wanted, default.as_deref())?;
    send_code(tx, st, &mut sign_in.second_factor_verification_id, &factor)?;
    Ok((client, sign_in))
}

/// Proves the second factor with its SMS code and completes the sign-in.
pub fn attempt_second_factor(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    id: &str,
    code: &str,
) -> Result<Result<(ClientRow, SignInRow), AppError>, AppError> {
    let (mut client, mut sign_in, user) = current(tx, st, caller, id, SignInStatus::NeedsSecondFactor, "attempt_second_factor")?;
    if let Err(refusal) = codes::check(tx, st, &client.id, sign_in.second_factor_verification_id.as_deref(), "phone_code", code)? {
        return Ok(Err(refusal));
    }
    sign_in_verified_user(tx, st, caller, &mut client, &mut sign_in, &user, true)?;
    Ok(Ok((client, sign_in)))
}

// ---- the attempt itself --------------------------------------------------------------------------

/// A sign-in of the caller's client; another client's, or an unknown id, is not found.
pub fn own(tx: &Transaction, client: &ClientRow, id: &str) -> Result<SignInRow, AppError> {
    match clients::get_sign_in(tx, id)? {
        Some(s) if s.client_id == client.id => Ok(s),
        _ => Err(AppError::not_found("sign in", id)),
    }
}

/// The caller's current sign-in `id`, in `status`, with its user, who must not be locked. A
/// completed or replaced sign-in is refused (`resource_forbidden`); one past the first factor
/// cannot redo it (`verification_already_verified`), nor reach the second factor or a new password
/// early (`client_state_invalid`).
fn current(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    id: &str,
    status: SignInStatus,
    action: &str,
) -> Result<(ClientRow, SignInRow, UserRow), AppError> {
    let client = caller.must_client(tx)?;
    let sign_in = own(tx, &client, id)?;
    if client.sign_in_id.as_deref() != Some(id) || sign_in.status == SignInStatus::Complete {
        return Err(AppError::sign_in_not_current());
    }
    if sign_in.status != status {
        return Err(match (sign_in.status, status) {
            (SignInStatus::NeedsSecondFactor | SignInStatus::NeedsNewPassword, SignInStatus::NeedsFirstFactor) => {
                AppError::verification_already_verified()
            }
            (_, SignInStatus::NeedsNewPassword) => {
                AppError::client_state_invalid(action, "Verify a reset_password_email_code or reset_password_phone_code first factor first.")
            }
            _ => AppError::client_state_invalid(action, "Verify the first factor of this sign-in first."),
        });
    }
    let user_id = sign_in.user_id.clone().ok_or_else(|| AppError::internal(format!("sign-in {id} has no user")))?;
    let user = users::must_get(tx, &user_id)?;
    accounts::ensure_may_sign_in(&user, st.now())?;
    Ok((client, sign_in, user))
}

/// The password strategy needs passwords on and a password set.
fn ensure_password_allowed(st: &AppState, user: &UserRow) -> Result<(), AppError> {
    if !st.config.password.enabled {
        return Err(AppError::strategy_for_user_invalid());
    }
    if user.password_hash.is_none() {
        return Err(AppError::no_password_set());
    }
    Ok(())
}

/// The factor of `strategy` a step is about: the one whose identification is `wanted`, or,
/// without a wish, the `preferred` one, else the primary one, else the first.
fn pick_factor(list: Vec<Factor>, strategy: &str, wanted: Option<&str>, preferred: Option<&str>) -> Result<Factor, AppError> {
    let mut candidates: Vec<Factor> = list.into_iter().filter(|f| f.strategy == strategy).collect();
    if candidates.is_empty() {
        return Err(AppError::strategy_for_user_invalid());
    }
    if let Some(id) = wanted {
        let param = id_param(strategy);
        return candidates
            .into_iter()
            .find(|f| f.targets(id))
            .ok_or_else(|| AppError::param_value_invalid(param, format!("{id} is not one of the {strategy} factors of this sign-in.")));
    }
    let pos = preferred.and_then(|p| candidates.iter().position(|f| f.targets(p))).or_else(|| candidates.iter().position(|f| f.primary)).unwrap_or(0);
    // `candidates` is not empty and `pos` one of its indices.
    Ok(candidates.swap_remove(pos))
}

/// (Re)prepares the code verification in `slot` for `factor` and sends the code.
fn send_code(tx: &Transaction, st: &AppState, slot: &mut Option<String>, factor: &Factor) -> Result<(), AppError> {
    let to = factor.identification.as_ref().ok_or_else(|| AppError::internal("a code factor without an identification"))?;
    let purpose = if is_reset(factor.strategy) { codes::Purpose::ResetPassword } else { codes::Purpose::SignIn };
    codes::prepare_and_send(tx, st, slot, factor.strategy, &to.value, purpose)
}

/// Records a first factor verified at once (a password, a ticket) as the first-factor
/// verification (reusing the row of a code verification prepared before, so none is left behind).
fn record_first_factor_verified(
    tx: &Transaction,
    st: &AppState,
    client: &ClientRow,
    sign_in: &mut SignInRow,
    strategy: &str,
) -> Result<(), AppError> {
    let now = st.now();
    let v = VerificationRow {
        id: sign_in.first_factor_verification_id.clone().unwrap_or_else(|| st.ids.new_id("ver")),
        status: VerificationStatus::Verified,
        strategy: strategy.into(),
        attempts: Some(1),
        verified_at_client: Some(client.id.clone()),
        created_at: now,
        updated_at: now,
        ..VerificationRow::default()
    };
    verifications::put(tx, &v)?;
    sign_in.first_factor_verification_id = Some(v.id);
    Ok(())
}

/// After a verified first factor: on to the second factor when the user has one, else done.
fn after_first_factor(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    client: &mut ClientRow,
    sign_in: &mut SignInRow,
    user: &UserRow,
) -> Result<(), AppError> {
    if factors::second_factors(tx, user)?.is_empty() {
        sign_in_verified_user(tx, st, caller, client, sign_in, user, false)
    } else {
        sign_in.status = SignInStatus::NeedsSecondFactor;
        Ok(())
    }
}

/// Signs in a user who proved their factors: their failed password attempts are forgotten.
fn sign_in_verified_user(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    client: &mut ClientRow,
    sign_in: &mut SignInRow,
    user: &UserRow,
    second_factor: bool,
) -> Result<(), AppError> {
    session::ensure_may_start(tx, st, client, Some(&user.id))?;
    accounts::clear_password_failures(tx, &mut users::must_get(tx, &user.id)?)?;
    complete(tx, st, caller, client, sign_in, &user.id, second_factor)
}

/// Completes a sign-in for `user_id`: a new session (with its second factor time when one was
/// verified), the sign-in `Complete` with it. Every way of signing in ends here.
pub fn complete(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    client: &mut ClientRow,
    sign_in: &mut SignInRow,
    user_id: &str,
    second_factor: bool,
) -> Result<(), AppError> {
    let session = session::start(tx, st, caller, client, user_id, second_factor)?;
    sign_in.status = SignInStatus::Complete;
    sign_in.user_id = Some(user_id.to_string());
    sign_in.created_session_id = Some(session.id);
    Ok(())
}

/// Stores the sign-in as it is now.
pub fn store(tx: &Transaction, st: &AppState, sign_in: &mut SignInRow) -> Result<(), AppError> {
    sign_in.updated_at = st.now();
    clients::put_sign_in(tx, sign_in)
}

/// Stores the sign-in and makes it the client's current one; a completed one is answered once
/// and then leaves the client.
pub fn save(tx: &Transaction, st: &AppState, client: &mut ClientRow, sign_in: &mut SignInRow) -> Result<(), AppError> {
    store(tx, st, sign_in)?;
    client.sign_in_id = (sign_in.status != SignInStatus::Complete).then(|| sign_in.id.clone());
    client.updated_at = st.now();
    clients::update_client(tx, client)
}

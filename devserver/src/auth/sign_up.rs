//! Sign-up attempts: what a sign-up still needs (`progress`), the changes a form brings
//! (`Changes`), proving an email address or phone number with a code (a Web3 wallet with a
//! `personal_sign` signature of a nonce), and completing — one
//! `progress` and one `complete_if_ready` for form and OAuth sign-ups alike.
//!
//! A sign-up collects what the instance asks for (`accounts::sign_up_fields`: an email address,
//! a password, names as configured, optionally a username or phone number) and proves the email
//! address (and a phone number, when one is given) with a code. It stays `MissingRequirements`
//! until nothing is missing or unverified; the change that completes it creates the user
//! (`accounts::create_user`, identifications verified by their codes), signs them in, and the
//! attempt leaves the client.
//!
//! An OAuth sign-up (one with a provider identity, `auth::oauth`) needs no password, and its
//! email address is verified by the provider; when the instance requires something the identity
//! lacks (names, a username) it stays `MissingRequirements` until an update supplies it.
//!
//! Every value is checked with the rules of `accounts` when it is given, and identifiers are
//! checked for uniqueness again when the user is created. Passwords are hashed before the
//! transaction (off the database lock, `password::hash_off_lock`) and only the hash is kept.
//! Refusals change nothing, except a wrong code's count.

use super::identity::{self, Identity, Owner};
use super::session;
use crate::accounts::{self, NewUser};
use crate::caller::Caller;
use crate::codes;
use crate::db::clients::{self, ClientRow};
use crate::db::oauth as oauth_rows;
use crate::db::sign_ups::{self, SignUpRow};
use crate::db::users::{self, Kind};
use crate::db::verifications;
use crate::error::AppError;
use crate::form::Params;
use crate::limits;
use crate::password;
use crate::state::AppState;
use crate::status::{SignUpStatus, VerificationStatus};
use rusqlite::Transaction;
use serde_json::{Map, Value};

/// How long an unfinished sign-up attempt lives.
pub const LIFETIME_MS: i64 = 24 * 3600 * 1000;

/// The one way a sign-up attempt is made: on `client`, empty but for its unsafe metadata.
pub fn new(st: &AppState, client: &ClientRow, unsafe_metadata: Option<Value>) -> SignUpRow {
    let now = st.now();
    SignUpRow {
        id: st.ids.new_id("sua"),
        client_id: client.id.clone(),
        status: SignUpStatus::MissingRequirements,
        email_address: None,
        phone_number: None,
        username: None,
        first_name: None,
        last_name: None,
        password_hash: None,
        unsafe_metadata: unsafe_metadata.unwrap_or_else(|| Value::Object(Map::new())),
        email_verification_id: None,
        phone_verification_id: None,
        web3_wallet: None,
        web3_verification_id: None,
        created_user_id: None,
        created_session_id: None,
        abandon_at: now + LIFETIME_MS,
        created_at: now,
        updated_at: now,
    }
}

// ---- what a sign-up still needs ------------------------------------------------------------------

/// Where a sign-up stands: what it must still supply and what it must still verify.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    pub required: Vec<&'static str>,
    pub optional: Vec<&'static str>,
    pub missing: Vec<&'static str>,
    pub unverified: Vec<&'static str>,
}

impl Progress {
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty() && self.unverified.is_empty()
    }
}

/// A sign-up's progress, as Clerk reports it: the instance's fields (`accounts::sign_up_fields`),
/// which of them are missing, and which given email addresses and phone numbers are not
/// verified yet (`verify_at_sign_up`, required or not). An OAuth or a Web3 wallet sign-up needs
/// no password: the identity or the wallet signs the user in, so a required password counts as
/// optional (and is never missing).
pub fn progress(tx: &Transaction, st: &AppState, s: &SignUpRow) -> Result<Progress, AppError> {
    let (mut required, mut optional) = accounts::sign_up_fields(st);
    if (s.web3_wallet.is_some() || is_oauth(tx, s)?) && required.contains(&"password") {
        required.retain(|f| *f != "password");
        optional.insert(0, "password");
    }
    let present = |field: &str| match field {
        "email_address" => s.email_address.is_some(),
        "phone_number" => s.phone_number.is_some(),
        "username" => s.username.is_some(),
        "password" => s.password_hash.is_some(),
        "first_name" => s.first_name.is_some(),
        "last_name" => s.last_name.is_some(),
        _ => false,
    };
    let missing = required.iter().copied().filter(|f| !present(f)).collect();
    let verified = |id: &Option<String>| -> Result<bool, AppError> {
        Ok(match id {
            Some(id) => verifications::get(tx, id)?.is_some_and(|v| v.status == VerificationStatus::Verified),
            None => false,
        })
    };
    let mut unverified = Vec::new();
    if s.email_address.is_some() && !verified(&s.email_verification_id)? {
        unverified.push("email_address");
    }
    if s.phone_number.is_some() && !verified(&s.phone_verification_id)? {
        unverified.push("phone_number");
    }
    if s.web3_wallet.is_some() && !verified(&s.web3_verification_id)? {
        unverified.push("web3_wallet");
    }
    Ok(Progress { required, optional, missing, unverified })
}

/// Whether a sign-up is an OAuth one: it waits for, or has, a provider identity.
fn is_oauth(tx: &Transaction, s: &SignUpRow) -> Result<bool, AppError> {
    Ok(oauth_rows::get_sign_up(tx, &s.id)?.is_some())
}

/// The provider identity of an OAuth sign-up, once the provider verified it.
fn verified_identity(tx: &Transaction, s: &SignUpRow) -> Result<Option<Identity>, AppError> {
    let Some(link) = oauth_rows::get_sign_up(tx, &s.id)? else { return Ok(None) };
    if !verifications::get(tx, &link.verification_id)?.is_some_and(|v| v.status == VerificationStatus::Verified) {
        return Ok(None);
    }
    Ok(oauth_rows::get_identity(tx, &link.verification_id)?.map(|r| Identity::from_row(&r)))
}

// ---- changes -----------------------------------------------------------------------------------

/// The validated fields of a create or update request; `None` leaves a field as it is.
#[derive(Debug, Default)]
pub struct Changes {
    email_address: Option<String>,
    phone_number: Option<String>,
    web3_wallet: Option<String>,
    username: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    password_hash: Option<String>,
    unsafe_metadata: Option<Value>,
}

impl Changes {
    /// Reads and checks the fields of a create or update request (everything that needs no
    /// database), hashing the password on the blocking pool (before any transaction). Empty values count as absent, as everywhere in FAPI
    /// forms; parameters ClerkJS adds (`locale`, captcha fields, …) are ignored. A `transfer`
    /// (which only `create` takes, from an OAuth sign-in) and strategies other than the code ones
    /// are refused.
    pub async fn read(st: &AppState, params: &Params) -> Result<Changes, AppError> {
        if params.bool("transfer")? == Some(true) {
            return Err(AppError::account_transfer_invalid());
        }
        match params.optional("strategy") {
            None | Some("email_code" | "phone_code") => {}
            Some(s) if codes::web3_strategy(s).is_some() => {}
            Some(other) => return Err(AppError::param_value_invalid("strategy", format!("{other} is not a sign-up strategy of this instance."))),
        }
        let c = &st.config;
        let on = |enabled: bool, key: &str| if enabled { Ok(()) } else { Err(AppError::param_unknown(key)) };
        let mut email = params.optional("email_address").map(|v| ("email_address", v));
        let mut phone = params.optional("phone_number").map(|v| ("phone_number", v));
        if let Some(either) = params.optional("email_address_or_phone_number") {
            let slot = if either.contains('@') { &mut email } else { &mut phone };
            slot.get_or_insert(("email_address_or_phone_number", either));
        }
        let mut ch = Changes::default();
        if let Some((key, v)) = email {
            on(c.identifiers.email_address, key)?;
            ch.email_address = Some(accounts::email_param(key, v)?);
        }
        if let Some((key, v)) = phone {
            on(c.identifiers.phone_number, key)?;
            ch.phone_number = Some(accounts::phone_param(key, v)?);
        }
        if let Some(v) = params.optional("web3_wallet") {
            on(c.identifiers.web3_wallet, "web3_wallet")?;
            ch.web3_wallet = Some(accounts::web3_wallet_param("web3_wallet", v)?);
        }
        if let Some(v) = params.optional("username") {
            on(c.identifiers.username, "username")?;
            ch.username = Some(accounts::username_param(v)?);
        }
        for (key, slot) in [("first_name", &mut ch.first_name), ("last_name", &mut ch.last_name)] {
            if let Some(v) = params.optional(key) {
                on(c.names != "off", key)?;
                *slot = Some(limits::name(key, v)?);
            }
        }
        if let Some(pw) = params.optional("password") {
            on(c.password.enabled, "password")?;
            accounts::check_password(st, pw)?;
            ch.password_hash = Some(password::hash_off_lock(pw.to_string()).await?);
        }
        ch.unsafe_metadata = unsafe_metadata_param(params)?;
        Ok(ch)
    }

    /// Applies the changes, refusing identifiers some user already holds. A new email address,
    /// phone number or wallet (other than by letter case) drops the old one's verification.
    fn apply(self, tx: &Transaction, s: &mut SignUpRow) -> Result<(), AppError> {
        for (kind, new, value, verification) in [
            (Kind::EmailAddress, self.email_address, &mut s.email_address, &mut s.email_verification_id),
            (Kind::PhoneNumber, self.phone_number, &mut s.phone_number, &mut s.phone_verification_id),
            (Kind::Web3Wallet, self.web3_wallet, &mut s.web3_wallet, &mut s.web3_verification_id),
        ] {
            if let Some(new) = new {
                accounts::ensure_unique(tx, kind, &new)?;
                if value.as_deref().map(|old| kind.key(old)) != Some(kind.key(&new)) {
                    *verification = None;
                }
                *value = Some(new);
            }
        }
        if let Some(u) = self.username {
            if users::by_username(tx, &u)?.is_some() {
                return Err(AppError::identifier_exists("username"));
            }
            s.username = Some(u);
        }
        for (new, slot) in [(self.first_name, &mut s.first_name), (self.last_name, &mut s.last_name), (self.password_hash, &mut s.password_hash)] {
            if new.is_some() {
                *slot = new;
            }
        }
        if let Some(m) = self.unsafe_metadata {
            s.unsafe_metadata = m;
        }
        Ok(())
    }
}

/// The `unsafe_metadata` of a sign-up request (create, update, OAuth, transfer): absent, or a
/// JSON object of at most 8 KB (`limits::metadata`).
pub fn unsafe_metadata_param(params: &Params) -> Result<Option<Value>, AppError> {
    let m = params.json_object("unsafe_metadata")?;
    m.iter().try_for_each(|m| limits::metadata("unsafe_metadata", m))?;
    Ok(m)
}

/// A sign-up begins (on a client that may take a new session) with the changes of a form.
pub fn create(tx: &Transaction, st: &AppState, caller: &Caller, changes: Changes) -> Result<(ClientRow, SignUpRow, Option<String>), AppError> {
    if let Some(c) = caller.client(tx)? {
        session::ensure_may_start(tx, st, &c, None)?;
    }
    let (mut client, cookie) = caller.ensure_client(tx, st)?;
    let mut sign_up = new(st, &client, None);
    changes.apply(tx, &mut sign_up)?;
    sign_ups::insert(tx, &sign_up)?;
    complete_if_ready(tx, st, caller, &mut client, &mut sign_up)?;
    Ok((client, sign_up, cookie))
}

/// Changes fields of the current sign-up `id`. A changed email address or phone number must be
/// verified again.
pub fn update(tx: &Transaction, st: &AppState, caller: &Caller, id: &str, changes: Changes) -> Result<(ClientRow, SignUpRow), AppError> {
    let (mut client, mut sign_up) = current(tx, caller, id)?;
    changes.apply(tx, &mut sign_up)?;
    complete_if_ready(tx, st, caller, &mut client, &mut sign_up)?;
    Ok((client, sign_up))
}

// ---- proving an email address, a phone number or a wallet ------------------------------------

/// The strategy of a verification request: a code (`email_code`, `phone_code`) or a Web3
/// signature (`web3_metamask_signature`, …).
pub fn verification_strategy(params: &Params) -> Result<&'static str, AppError> {
    match params.required("strategy")? {
        "email_code" => Ok("email_code"),
        "phone_code" => Ok("phone_code"),
        other => codes::web3_strategy(other)
            .ok_or_else(|| AppError::param_value_invalid("strategy", format!("{other} is not a sign-up verification strategy of this instance."))),
    }
}

/// The sign-up value a strategy verifies, and the slot of its verification.
fn verification_target<'a>(sign_up: &'a mut SignUpRow, strategy: &str) -> (Option<&'a str>, &'a mut Option<String>) {
    match strategy {
        "email_code" => (sign_up.email_address.as_deref(), &mut sign_up.email_verification_id),
        "phone_code" => (sign_up.phone_number.as_deref(), &mut sign_up.phone_verification_id),
        _ => (sign_up.web3_wallet.as_deref(), &mut sign_up.web3_verification_id),
    }
}

/// Sends a code to the sign-up's email address (or phone number), or issues a nonce for its
/// wallet to sign (the verification's `message`). Preparing again replaces it.
pub fn prepare_verification(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    id: &str,
    strategy: &'static str,
) -> Result<(ClientRow, SignUpRow), AppError> {
    let (client, mut sign_up) = current(tx, caller, id)?;
    let (value, slot) = verification_target(&mut sign_up, strategy);
    let to = value.map(str::to_string).ok_or_else(AppError::strategy_for_user_invalid)?;
    if let Some(v) = slot.as_deref().map(|id| verifications::get(tx, id)).transpose()?.flatten() {
        if v.status == VerificationStatus::Verified {
            return Err(AppError::verification_already_verified());
        }
    }
    if codes::web3_strategy(strategy).is_some() {
        let v = codes::prepare_nonce(st, slot.clone(), strategy);
        verifications::put(tx, &v)?;
        *slot = Some(v.id);
    } else {
        codes::prepare_and_send(tx, st, slot, strategy, &to, codes::Purpose::SignUp)?;
    }
    Ok((client, sign_up))
}

/// Proves the address with its code (the wallet with a `personal_sign` signature of its nonce),
/// and completes the sign-up when nothing else is missing.
pub fn attempt_verification(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    id: &str,
    strategy: &'static str,
    proof: &str,
) -> Result<Result<(ClientRow, SignUpRow), AppError>, AppError> {
    let (mut client, mut sign_up) = current(tx, caller, id)?;
    let (value, slot) = verification_target(&mut sign_up, strategy);
    let Some(value) = value else { return Err(AppError::strategy_for_user_invalid()) };
    let outcome = if codes::web3_strategy(strategy).is_some() {
        codes::check_signature(tx, st, &client.id, slot.as_deref(), &[value], proof)?
    } else {
        codes::check(tx, st, &client.id, slot.as_deref(), strategy, proof)?
    };
    if let Err(refusal) = outcome {
        return Ok(Err(refusal));
    }
    complete_if_ready(tx, st, caller, &mut client, &mut sign_up)?;
    Ok(Ok((client, sign_up)))
}

// ---- the attempt itself --------------------------------------------------------------------------

/// A sign-up of the caller's client; another client's, or an unknown id, is not found.
pub fn own(tx: &Transaction, client: &ClientRow, id: &str) -> Result<SignUpRow, AppError> {
    match sign_ups::get(tx, id)? {
        Some(s) if s.client_id == client.id => Ok(s),
        _ => Err(AppError::not_found("sign up", id)),
    }
}

/// The caller's client and its current sign-up `id`; a completed or replaced one is refused.
fn current(tx: &Transaction, caller: &Caller, id: &str) -> Result<(ClientRow, SignUpRow), AppError> {
    let client = caller.must_client(tx)?;
    let sign_up = own(tx, &client, id)?;
    if client.sign_up_id.as_deref() != Some(id) || sign_up.status == SignUpStatus::Complete {
        return Err(AppError::sign_up_not_current());
    }
    Ok((client, sign_up))
}

/// When nothing is missing or unverified — and, for an OAuth sign-up, once the provider
/// verified its identity — creates the user (identifiers checked for uniqueness once more),
/// signs them in, and marks the sign-up `Complete`. Anything else is left as it is.
///
/// A form sign-up's identifications are verified by their codes; an OAuth sign-up's email
/// address by the provider, and the identity becomes the user's verified external account.
pub fn complete_if_ready(tx: &Transaction, st: &AppState, caller: &Caller, client: &mut ClientRow, s: &mut SignUpRow) -> Result<(), AppError> {
    let identity = if is_oauth(tx, s)? {
        match verified_identity(tx, s)? {
            Some(identity) => Some(identity),
            None => return Ok(()),
        }
    } else {
        None
    };
    if !progress(tx, st, s)?.is_complete() {
        return Ok(());
    }
    session::ensure_may_start(tx, st, client, None)?;
    // The strategy the wallet's nonce was signed with.
    let web3_strategy = match s.web3_verification_id.as_deref().map(|id| verifications::get(tx, id)).transpose()?.flatten() {
        Some(v) => codes::web3_strategy(&v.strategy).unwrap_or("web3_metamask_signature"),
        None => "web3_metamask_signature",
    };
    let verified_by = match &identity {
        Some(identity) => {
            if !matches!(identity::owner(tx, identity)?, Owner::Nobody) {
                return Err(AppError::identification_claimed());
            }
            identity::from_oauth(&identity.provider)
        }
        None if s.email_address.is_some() => "email_code",
        None if s.phone_number.is_some() => "phone_code",
        None => web3_strategy,
    };
    let new = NewUser {
        email_addresses: s.email_address.iter().cloned().collect(),
        // An OAuth sign-up brings the identity's email address only.
        phone_numbers: if identity.is_some() { Vec::new() } else { s.phone_number.iter().cloned().collect() },
        web3_wallets: if identity.is_some() { Vec::new() } else { s.web3_wallet.iter().cloned().collect() },
        username: s.username.clone(),
        first_name: s.first_name.clone(),
        last_name: s.last_name.clone(),
        unsafe_metadata: Some(s.unsafe_metadata.clone()),
        verified_by,
        ..NewUser::default()
    };
    let mut user = accounts::create_user(tx, st, new)?;
    // `create_user` verifies every identification with one strategy; a form sign-up's phone
    // number beside its email address was verified by a phone code, its wallet by a signature.
    if identity.is_none() {
        for ident in users::identifications(tx, &user.id)? {
            let strategy = match ident.kind {
                Kind::PhoneNumber => "phone_code",
                Kind::Web3Wallet => web3_strategy,
                Kind::EmailAddress => continue,
            };
            if let Some(mut v) = ident.verification_id.as_deref().map(|id| verifications::get(tx, id)).transpose()?.flatten() {
                if v.strategy != strategy {
                    v.strategy = strategy.into();
                    verifications::put(tx, &v)?;
                }
            }
        }
    }
    if s.password_hash.is_some() {
        user.password_hash = s.password_hash.clone();
        users::update(tx, &user)?;
    }
    if let Some(identity) = &identity {
        identity::connect_verified(tx, st, &user.id, identity, &client.id)?;
    }
    let session = session::start(tx, st, caller, client, &user.id, false)?;
    s.status = SignUpStatus::Complete;
    s.created_user_id = Some(user.id);
    s.created_session_id = Some(session.id);
    Ok(())
}

/// Stores the sign-up as it is now.
pub fn store(tx: &Transaction, st: &AppState, s: &mut SignUpRow) -> Result<(), AppError> {
    s.updated_at = st.now();
    sign_ups::update(tx, s)
}

/// Stores the sign-up and makes it the client's current one; a completed one is answered once
/// and then leaves the client.
pub fn save(tx: &Transaction, st: &AppState, client: &mut ClientRow, s: &mut SignUpRow) -> Result<(), AppError> {
    store(tx, st, s)?;
    client.sign_up_id = (s.status != SignUpStatus::Complete).then(|| s.id.clone());
    client.updated_at = st.now();
    clients::update_client(tx, client)
}

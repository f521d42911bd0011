//! Sign-up attempts: `POST /v1/client/sign_ups`, `GET` and `PATCH /v1/client/sign_ups/{id}`,
//! `prepare_verification` and `attempt_verification`.
//!
//! A sign-up collects what the instance asks for (`accounts::sign_up_fields`: an email address,
//! a password, names as configured, optionally a username or phone number) and proves the email
//! address (and a phone number, when one is given) with a code. It stays `missing_requirements`
//! until nothing is missing or unverified; the request that completes it creates the user
//! (`accounts::create_user`, identifications verified by their codes), signs them in, and the
//! attempt leaves the client.
//!
//! OAuth sign-ups (`strategy=oauth_<provider>`) and `transfer=true` are handed to
//! `routes::oauth` (issue #5), which also completes OAuth sign-ups that a later update makes
//! complete.
//!
//! Every value is checked with the rules of `accounts` when it is given, and identifiers are
//! checked for uniqueness again when the user is created. Passwords are hashed before the
//! transaction and only the hash is kept. Refusals change nothing, except a wrong code's count.

use crate::accounts::{self, NewUser};
use crate::codes;
use crate::db::clients::{self, ClientRow};
use crate::db::sign_ups::{self, SignUpRow};
use crate::db::users::{self, Kind};
use crate::db::verifications;
use crate::error::AppError;
use crate::fapi::{Fapi, Reply};
use crate::form::Params;
use crate::password;
use crate::routes::oauth;
use crate::routes::sessions::{has_active_session, start_session};
use crate::state::AppState;
use crate::wire::Render;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use rusqlite::Transaction;
use serde_json::{Map, Value};

/// How long an unfinished sign-up attempt lives.
pub(crate) const SIGN_UP_LIFETIME_MS: i64 = 24 * 3600 * 1000;

/// Longest first or last name accepted.
const MAX_NAME_CHARS: usize = 256;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/client/sign_ups", post(sign_ups_create))
        .route("/v1/client/sign_ups/{id}", get(sign_ups_get).patch(sign_ups_update))
        .route("/v1/client/sign_ups/{id}/prepare_verification", post(sign_ups_prepare_verification))
        .route("/v1/client/sign_ups/{id}/attempt_verification", post(sign_ups_attempt_verification))
}

/// The validated fields of a create or update request; `None` leaves a field as it is.
#[derive(Debug, Default)]
struct Changes {
    email_address: Option<String>,
    phone_number: Option<String>,
    username: Option<String>,
    first_name: Option<String>,
    last_name: Option<String>,
    password_hash: Option<String>,
    unsafe_metadata: Option<Value>,
}

/// Reads and checks the fields of a create or update request (everything that needs no
/// database), hashing the password. Empty values count as absent, as everywhere in FAPI forms;
/// parameters ClerkJS adds (`locale`, captcha fields, …) are ignored.
fn read_changes(st: &AppState, params: &Params) -> Result<Changes, AppError> {
    let c = &st.config;
    let on = |enabled: bool, key: &str| if enabled { Ok(()) } else { Err(AppError::param_unknown(key)) };
    if params.optional("web3_wallet").is_some() {
        // Web3 sign-ups go through a signature strategy this dev server does not offer yet.
        return Err(AppError::param_unknown("web3_wallet"));
    }
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
    if let Some(v) = params.optional("username") {
        on(c.identifiers.username, "username")?;
        ch.username = Some(accounts::username_param(v)?);
    }
    for (key, slot) in [("first_name", &mut ch.first_name), ("last_name", &mut ch.last_name)] {
        if let Some(v) = params.optional(key) {
            on(c.names != "off", key)?;
            if v.trim().chars().count() > MAX_NAME_CHARS {
                return Err(AppError::param_value_invalid(key, format!("{key} must be at most {MAX_NAME_CHARS} characters.")));
            }
            *slot = Some(v.trim().to_string());
        }
    }
    if let Some(pw) = params.optional("password") {
        on(c.password.enabled, "password")?;
        accounts::check_password(st, pw)?;
        ch.password_hash = Some(password::hash(pw).map_err(AppError::internal)?);
    }
    ch.unsafe_metadata = params.json_object("unsafe_metadata")?;
    Ok(ch)
}

/// Refuses what the create and update endpoints do not take: a `transfer` (which only `create`
/// takes, from an OAuth sign-in) and strategies other than the code ones (`create` hands OAuth
/// ones to `routes::oauth` before this).
fn refuse_unsupported(params: &Params) -> Result<(), AppError> {
    if params.bool("transfer")? == Some(true) {
        return Err(AppError::account_transfer_invalid());
    }
    match params.optional("strategy") {
        None | Some("email_code" | "phone_code") => Ok(()),
        Some(other) => Err(AppError::param_value_invalid("strategy", format!("{other} is not a sign-up strategy of this instance."))),
    }
}

async fn sign_ups_create(ctx: Fapi, State(st): State<AppState>, params: Params) -> Result<Reply, AppError> {
    if st.config.sign_up_mode == "restricted" {
        return Err(AppError::sign_up_restricted());
    }
    // OAuth (routes/oauth/auth.rs): the transfer of an OAuth sign-in whose identity no user has,
    // or a redirect round trip.
    if params.bool("transfer")? == Some(true) {
        return oauth::transfer_to_sign_up(ctx, st, params).await;
    }
    if let Some(strategy) = params.optional("strategy").filter(|s| s.starts_with("oauth_")) {
        let strategy = strategy.to_string();
        return oauth::create_sign_up(ctx, st, params, strategy).await;
    }
    refuse_unsupported(&params)?;
    let changes = read_changes(&st, &params)?;
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let st = &st2;
            if let Some(c) = ctx.client(tx)? {
                ensure_no_session(tx, st, &c)?;
            }
            let (mut client, cookie) = ctx.ensure_client(tx, st)?;
            let mut sign_up = new_sign_up(st, &client, None);
            apply(tx, &mut sign_up, changes)?;
            sign_ups::insert(tx, &sign_up)?;
            complete_if_ready(tx, st, &ctx, &mut client, &mut sign_up)?;
            Ok(save_and_reply(tx, st, &ctx, &mut client, &sign_up)?.cookie(cookie))
        })
        .await
}

/// A new, empty sign-up on `client` (the form route and OAuth sign-ups both start here).
pub(crate) fn new_sign_up(st: &AppState, client: &ClientRow, unsafe_metadata: Option<Value>) -> SignUpRow {
    let now = st.now();
    SignUpRow {
        id: st.ids.new_id("sua"),
        client_id: client.id.clone(),
        status: "missing_requirements".into(),
        email_address: None,
        phone_number: None,
        username: None,
        first_name: None,
        last_name: None,
        password_hash: None,
        unsafe_metadata: unsafe_metadata.unwrap_or_else(|| Value::Object(Map::new())),
        email_verification_id: None,
        phone_verification_id: None,
        created_user_id: None,
        created_session_id: None,
        abandon_at: now + SIGN_UP_LIFETIME_MS,
        created_at: now,
        updated_at: now,
    }
}

async fn sign_ups_get(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let client = ctx.must_client(tx)?;
            let sign_up = own_sign_up(tx, &client, &id)?;
            let r = Render::new(&st2, ctx.origin.as_deref());
            Ok(Reply::envelope(r.sign_up(tx, &sign_up)?, Some(r.client(tx, &client)?)))
        })
        .await
}

/// Changes fields of the current sign-up. A changed email address or phone number must be
/// verified again.
async fn sign_ups_update(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    refuse_unsupported(&params)?;
    let changes = read_changes(&st, &params)?;
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let st = &st2;
            let (mut client, mut sign_up) = current_sign_up(tx, &ctx, &id)?;
            apply(tx, &mut sign_up, changes)?;
            complete_if_ready(tx, st, &ctx, &mut client, &mut sign_up)?;
            save_and_reply(tx, st, &ctx, &mut client, &sign_up)
        })
        .await
}

/// The sign-up value a code strategy verifies, and the slot of its verification.
fn verification_target<'a>(sign_up: &'a mut SignUpRow, strategy: &str) -> (Option<&'a str>, &'a mut Option<String>) {
    if strategy == "email_code" {
        (sign_up.email_address.as_deref(), &mut sign_up.email_verification_id)
    } else {
        (sign_up.phone_number.as_deref(), &mut sign_up.phone_verification_id)
    }
}

/// The code strategy of a verification request.
fn code_strategy(params: &Params) -> Result<&'static str, AppError> {
    match params.required("strategy")? {
        "email_code" => Ok("email_code"),
        "phone_code" => Ok("phone_code"),
        other => Err(AppError::param_value_invalid("strategy", format!("{other} is not a sign-up verification strategy of this instance."))),
    }
}

/// `strategy=email_code` (or `phone_code`): sends a code to the sign-up's email address (or
/// phone number). Sending again replaces the code.
async fn sign_ups_prepare_verification(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    let strategy = code_strategy(&params)?;
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let st = &st2;
            let (mut client, mut sign_up) = current_sign_up(tx, &ctx, &id)?;
            let (value, slot) = verification_target(&mut sign_up, strategy);
            let to = value.map(str::to_string).ok_or_else(AppError::strategy_for_user_invalid)?;
            if let Some(v) = slot.as_deref().map(|id| verifications::get(tx, id)).transpose()?.flatten() {
                if v.status == "verified" {
                    return Err(AppError::verification_already_verified());
                }
            }
            codes::prepare_and_send(tx, st, slot, strategy, &to)?;
            save_and_reply(tx, st, &ctx, &mut client, &sign_up)
        })
        .await
}

/// `strategy=email_code&code=…` (or `phone_code`): proves the address, and completes the
/// sign-up when nothing else is missing.
async fn sign_ups_attempt_verification(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    let strategy = code_strategy(&params)?;
    let code = params.required("code")?.to_string();
    let st2 = st.clone();
    st.db
        .tx_keeping_refusal(move |tx| {
            let st = &st2;
            let (mut client, mut sign_up) = current_sign_up(tx, &ctx, &id)?;
            let (value, slot) = verification_target(&mut sign_up, strategy);
            if value.is_none() {
                return Err(AppError::strategy_for_user_invalid());
            }
            if let Err(refusal) = codes::check(tx, st, &client.id, slot.as_deref(), strategy, &code)? {
                return Ok(Err(refusal));
            }
            complete_if_ready(tx, st, &ctx, &mut client, &mut sign_up)?;
            Ok(Ok(save_and_reply(tx, st, &ctx, &mut client, &sign_up)?))
        })
        .await
}

// ---- helpers -------------------------------------------------------------------------------------

/// A sign-up of the caller's client; another client's, or an unknown id, is not found.
fn own_sign_up(tx: &Transaction, client: &ClientRow, id: &str) -> Result<SignUpRow, AppError> {
    match sign_ups::get(tx, id)? {
        Some(s) if s.client_id == client.id => Ok(s),
        _ => Err(AppError::not_found("sign up", id)),
    }
}

/// The caller's client and its current sign-up `id`; a completed or replaced one is refused.
fn current_sign_up(tx: &Transaction, ctx: &Fapi, id: &str) -> Result<(ClientRow, SignUpRow), AppError> {
    let client = ctx.must_client(tx)?;
    let sign_up = own_sign_up(tx, &client, id)?;
    if client.sign_up_id.as_deref() != Some(id) || sign_up.status == "complete" {
        return Err(AppError::sign_up_not_current());
    }
    Ok((client, sign_up))
}

/// In single-session mode a client with a signed-in session cannot sign up another user.
pub(crate) fn ensure_no_session(tx: &Transaction, st: &AppState, client: &ClientRow) -> Result<(), AppError> {
    if st.config.session.single_session_mode && has_active_session(tx, client, st.now())? {
        return Err(AppError::session_exists());
    }
    Ok(())
}

/// Applies validated changes, refusing identifiers some user already holds. A new email
/// address or phone number (other than by letter case) drops the old one's verification.
fn apply(tx: &Transaction, s: &mut SignUpRow, ch: Changes) -> Result<(), AppError> {
    for (kind, new, value, verification) in [
        (Kind::EmailAddress, ch.email_address, &mut s.email_address, &mut s.email_verification_id),
        (Kind::PhoneNumber, ch.phone_number, &mut s.phone_number, &mut s.phone_verification_id),
    ] {
        if let Some(new) = new {
            accounts::ensure_unique(tx, kind, &new)?;
            if value.as_deref().map(|old| kind.key(old)) != Some(kind.key(&new)) {
                *verification = None;
            }
            *value = Some(new);
        }
    }
    if let Some(u) = ch.username {
        if users::by_username(tx, &u)?.is_some() {
            return Err(AppError::identifier_exists("username"));
        }
        s.username = Some(u);
    }
    for (new, slot) in [(ch.first_name, &mut s.first_name), (ch.last_name, &mut s.last_name), (ch.password_hash, &mut s.password_hash)] {
        if new.is_some() {
            *slot = new;
        }
    }
    if let Some(m) = ch.unsafe_metadata {
        s.unsafe_metadata = m;
    }
    Ok(())
}

/// When nothing is missing or unverified: creates the user (identifiers checked for uniqueness
/// once more), signs them in, and marks the sign-up `complete`.
fn complete_if_ready(tx: &Transaction, st: &AppState, ctx: &Fapi, client: &mut ClientRow, s: &mut SignUpRow) -> Result<(), AppError> {
    if crate::db::oauth::get_sign_up(tx, &s.id)?.is_some() {
        // An OAuth sign-up: the identity makes the user (no password needed).
        return oauth::complete_sign_up_if_ready(tx, st, ctx, client, s);
    }
    if !accounts::sign_up_progress(tx, st, s)?.is_complete() {
        return Ok(());
    }
    ensure_no_session(tx, st, client)?;
    let new = NewUser {
        email_addresses: s.email_address.iter().cloned().collect(),
        phone_numbers: s.phone_number.iter().cloned().collect(),
        username: s.username.clone(),
        first_name: s.first_name.clone(),
        last_name: s.last_name.clone(),
        unsafe_metadata: Some(s.unsafe_metadata.clone()),
        verified_by: if s.email_address.is_some() { "email_code" } else { "phone_code" },
        ..NewUser::default()
    };
    let mut user = accounts::create_user(tx, st, new)?;
    // `create_user` verifies every identification with one strategy; the phone number's was a
    // phone code.
    if s.email_address.is_some() && s.phone_number.is_some() {
        for ident in users::identifications(tx, &user.id)?.into_iter().filter(|i| i.kind == Kind::PhoneNumber) {
            if let Some(mut v) = ident.verification_id.as_deref().map(|id| verifications::get(tx, id)).transpose()?.flatten() {
                v.strategy = "phone_code".into();
                verifications::put(tx, &v)?;
            }
        }
    }
    if s.password_hash.is_some() {
        user.password_hash = s.password_hash.clone();
        users::update(tx, &user)?;
    }
    let session = start_session(tx, st, ctx, client, &user.id, false)?;
    s.status = "complete".into();
    s.created_user_id = Some(user.id);
    s.created_session_id = Some(session.id);
    Ok(())
}

/// Stores the sign-up, makes it the client's current one (a completed one is answered once and
/// then leaves the client), and answers `{response: sign_up, client}`.
pub(crate) fn save_and_reply(tx: &Transaction, st: &AppState, ctx: &Fapi, client: &mut ClientRow, s: &SignUpRow) -> Result<Reply, AppError> {
    let now = st.now();
    let mut s = s.clone();
    s.updated_at = now;
    sign_ups::update(tx, &s)?;
    client.sign_up_id = (s.status != "complete").then(|| s.id.clone());
    client.updated_at = now;
    clients::update_client(tx, client)?;
    let r = Render::new(st, ctx.origin.as_deref());
    Ok(Reply::envelope(r.sign_up(tx, &s)?, Some(r.client(tx, client)?)))
}

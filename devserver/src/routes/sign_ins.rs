//! Sign-in attempts: `POST /v1/client/sign_ins`, `GET /v1/client/sign_ins/{id}`, and the factor
//! steps `prepare_first_factor`, `attempt_first_factor`, `prepare_second_factor`,
//! `attempt_second_factor` (PROTOCOL.md §8).
//!
//! A sign-in starts from an identifier (email address, phone number or username) and lands in
//! `needs_first_factor`, listing the user's factors (`factors`). The first factor is a password
//! (verified at once, also when `create` carries it, as ClerkJS sends it from a one-page form) or
//! a code sent to an email address or phone number (`codes`). A user with a phone number reserved
//! for the second factor then goes through `needs_second_factor` and an SMS code; everyone else
//! is signed in: a new session, status `complete`, and the attempt leaves the client.
//!
//! The ticket strategy completes in one request, the way Clerk's own end-to-end tests sign users
//! in: the Backend API mints a sign-in token for a user, the browser presents it as
//! `strategy=ticket&ticket=…`, and the answer is a `complete` sign-in with a new active session.
//!
//! OAuth sign-ins (`strategy=oauth_<provider>`) and `transfer=true` are handed to
//! `routes::oauth` (issue #5).
//!
//! A refused request changes nothing, except what a refusal itself must leave behind: a wrong
//! password counts towards the user's lockout and a wrong code towards its verification's
//! failure. Those steps run in `Db::tx_keeping_refusal`, which commits the counter and then
//! answers the error.

use crate::accounts;
use crate::codes;
use crate::db::clients::{self, ClientRow, SignInRow, SignInTokenRow};
use crate::db::users::{self, UserRow};
use crate::db::verifications::{self, VerificationRow};
use crate::error::AppError;
use crate::factors::{self, Factor};
use crate::fapi::{Fapi, Reply};
use crate::form::Params;
use crate::routes::oauth;
use crate::routes::sessions::{has_active_session, start_session};
use crate::state::AppState;
use crate::wire::Render;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use rusqlite::Transaction;

/// How long an unfinished sign-in attempt lives.
pub(crate) const SIGN_IN_LIFETIME_MS: i64 = 24 * 3600 * 1000;

/// First-factor strategies Clerk knows that no user of this dev server can use (refused with
/// `strategy_for_user_invalid`; anything else unknown is `form_param_value_invalid`).
const OTHER_FIRST_FACTORS: &[&str] = &[
    "email_link",
    "reset_password_email_code",
    "reset_password_phone_code",
    "passkey",
    "web3_metamask_signature",
    "web3_base_signature",
    "web3_coinbase_wallet_signature",
    "web3_okx_wallet_signature",
    "web3_solana_signature",
    "trusted_device",
    "google_one_tap",
    "enterprise_sso",
    "saml",
];

/// Second-factor strategies Clerk knows besides `phone_code`.
const OTHER_SECOND_FACTORS: &[&str] = &["email_code", "email_link", "totp", "backup_code"];

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/client/sign_ins", post(sign_ins_create))
        .route("/v1/client/sign_ins/{id}", get(sign_ins_get))
        .route("/v1/client/sign_ins/{id}/prepare_first_factor", post(sign_ins_prepare_first_factor))
        .route("/v1/client/sign_ins/{id}/attempt_first_factor", post(sign_ins_attempt_first_factor))
        .route("/v1/client/sign_ins/{id}/prepare_second_factor", post(sign_ins_prepare_second_factor))
        .route("/v1/client/sign_ins/{id}/attempt_second_factor", post(sign_ins_attempt_second_factor))
}

/// The refusal of a strategy this endpoint does not take: a known one is not valid for the user,
/// an unknown one is an invalid value.
fn unsupported_strategy(strategy: &str, known: &[&str]) -> AppError {
    if known.contains(&strategy) {
        AppError::strategy_for_user_invalid()
    } else {
        AppError::param_value_invalid("strategy", format!("{strategy} does not match one of the allowed values for parameter strategy"))
    }
}

// ---- create ------------------------------------------------------------------------------------

async fn sign_ins_create(ctx: Fapi, State(st): State<AppState>, params: Params) -> Result<Reply, AppError> {
    // OAuth (routes/oauth/auth.rs): a redirect round trip, or the transfer of an OAuth sign-up
    // whose identity belongs to a user.
    if params.bool("transfer")? == Some(true) {
        return oauth::transfer_to_sign_in(ctx, st).await;
    }
    if let Some(strategy) = params.optional("strategy").filter(|s| s.starts_with("oauth_")) {
        let strategy = strategy.to_string();
        return oauth::create_sign_in(ctx, st, params, strategy).await;
    }
    // `None`: identify the user only, and list their factors.
    let strategy: Option<&'static str> = match params.optional("strategy") {
        Some("ticket") => return ticket_sign_in(ctx, st, params).await,
        None if params.has("ticket") => return ticket_sign_in(ctx, st, params).await,
        // ClerkJS adds `strategy=password` whenever it sends a password; accept one without too.
        None if params.optional("password").is_some() => Some("password"),
        None => None,
        Some("password") => Some("password"),
        Some("email_code") => Some("email_code"),
        Some("phone_code") => Some("phone_code"),
        Some(other) => return Err(AppError::param_value_invalid("strategy", format!("{other} is not a sign-in strategy of this instance."))),
    };
    let identifier = params.required("identifier")?.to_string();
    let password = if strategy == Some("password") { Some(params.required("password")?.to_string()) } else { None };
    let st2 = st.clone();
    st.db
        .tx_keeping_refusal(move |tx| {
            let st = &st2;
            let now = st.now();
            // Read-only until the password is checked: a wrong one commits only its count.
            let existing = ctx.client(tx)?;
            if let Some(c) = &existing {
                ensure_may_start_session(tx, st, c, None)?;
            }
            let found = accounts::find_by_identifier(tx, st, &identifier)?.ok_or_else(AppError::identifier_not_found)?;
            if let Some(c) = &existing {
                ensure_may_start_session(tx, st, c, Some(&found.user.id))?;
            }
            let mut user = found.user;
            accounts::ensure_not_locked(&user, now)?;
            if let Some(pw) = &password {
                ensure_password_allowed(st, &user)?;
                if let Err(refusal) = accounts::check_sign_in_password(tx, st, &mut user, pw)? {
                    return Ok(Err(refusal));
                }
            }
            let (mut client, cookie) = ctx.ensure_client(tx, st)?;
            let mut sign_in = SignInRow {
                id: st.ids.new_id("sia"),
                client_id: client.id.clone(),
                status: "needs_first_factor".into(),
                identifier: Some(found.identifier),
                user_id: Some(user.id.clone()),
                identification_id: found.identification.map(|i| i.id),
                first_factor_verification_id: None,
                second_factor_verification_id: None,
                created_session_id: None,
                abandon_at: now + SIGN_IN_LIFETIME_MS,
                created_at: now,
                updated_at: now,
            };
            match strategy {
                Some("password") => {
                    record_password_verified(tx, st, &client, &mut sign_in)?;
                    after_first_factor(tx, st, &ctx, &mut client, &mut sign_in, &user)?;
                }
                Some(strategy) => {
                    // `create` with a code strategy prepares it at once (the OpenAPI parameter rules).
                    let factor = pick_factor(factors::first_factors(tx, st, &user)?, strategy, None, sign_in.identification_id.as_deref())?;
                    send_code(tx, st, &mut sign_in.first_factor_verification_id, &factor)?;
                }
                None => {}
            }
            Ok(Ok(save_and_reply(tx, st, &ctx, &mut client, &sign_in)?.cookie(cookie)))
        })
        .await
}

/// `strategy=ticket`: redeems a Backend API sign-in token and completes at once.
async fn ticket_sign_in(ctx: Fapi, st: AppState, params: Params) -> Result<Reply, AppError> {
    let ticket = params.required("ticket")?.to_string();
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let st = &st2;
            let now = st.now();
            let token = redeemable_token(tx, &ticket, now)?;
            accounts::ensure_not_locked(&users::must_get(tx, &token.user_id)?, now)?;
            let (mut client, cookie) = ctx.ensure_client(tx, st)?;
            if st.config.session.single_session_mode && has_active_session(tx, &client, now)? {
                return Err(AppError::session_exists());
            }
            clients::set_sign_in_token_status(tx, &token.id, "accepted", now)?;
            let verification = VerificationRow {
                id: st.ids.new_id("ver"),
                status: "verified".into(),
                strategy: "ticket".into(),
                attempts: Some(1),
                verified_at_client: Some(client.id.clone()),
                created_at: now,
                updated_at: now,
                ..VerificationRow::default()
            };
            verifications::put(tx, &verification)?;
            let session = start_session(tx, st, &ctx, &mut client, &token.user_id, false)?;
            let sign_in = SignInRow {
                id: st.ids.new_id("sia"),
                client_id: client.id.clone(),
                status: "complete".into(),
                identifier: None,
                user_id: Some(token.user_id.clone()),
                identification_id: None,
                first_factor_verification_id: Some(verification.id),
                second_factor_verification_id: None,
                created_session_id: Some(session.id),
                abandon_at: now + SIGN_IN_LIFETIME_MS,
                created_at: now,
                updated_at: now,
            };
            Ok(save_and_reply(tx, st, &ctx, &mut client, &sign_in)?.cookie(cookie))
        })
        .await
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

async fn sign_ins_get(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let client = ctx.must_client(tx)?;
            let sign_in = own_sign_in(tx, &client, &id)?;
            let r = Render::new(&st2, ctx.origin.as_deref());
            Ok(Reply::envelope(r.sign_in(tx, &sign_in)?, Some(r.client(tx, &client)?)))
        })
        .await
}

// ---- factor steps --------------------------------------------------------------------------------

/// `strategy=email_code&email_address_id=…` or `strategy=phone_code&phone_number_id=…`: sends a
/// code. Without an id, the identification the sign-in was started with, else the primary one.
async fn sign_ins_prepare_first_factor(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    let strategy: &'static str = match params.required("strategy")? {
        "email_code" => "email_code",
        "phone_code" => "phone_code",
        other => return Err(unsupported_strategy(other, &[OTHER_FIRST_FACTORS, &["password", "ticket"]].concat())),
    };
    let wanted = params.optional(id_param(strategy)).map(str::to_string);
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let st = &st2;
            let (mut client, mut sign_in, user) = current_sign_in(tx, st, &ctx, &id, "needs_first_factor", "prepare_first_factor")?;
            let factor = pick_factor(factors::first_factors(tx, st, &user)?, strategy, wanted.as_deref(), sign_in.identification_id.as_deref())?;
            send_code(tx, st, &mut sign_in.first_factor_verification_id, &factor)?;
            save_and_reply(tx, st, &ctx, &mut client, &sign_in)
        })
        .await
}

/// `strategy=password&password=…` or `strategy=email_code|phone_code&code=…`.
async fn sign_ins_attempt_first_factor(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    let (strategy, secret): (&'static str, String) = match params.required("strategy")? {
        "password" => ("password", params.required("password")?.to_string()),
        "email_code" => ("email_code", params.required("code")?.to_string()),
        "phone_code" => ("phone_code", params.required("code")?.to_string()),
        other => return Err(unsupported_strategy(other, &[OTHER_FIRST_FACTORS, &["ticket"]].concat())),
    };
    let st2 = st.clone();
    st.db
        .tx_keeping_refusal(move |tx| {
            let st = &st2;
            let (mut client, mut sign_in, mut user) = current_sign_in(tx, st, &ctx, &id, "needs_first_factor", "attempt_first_factor")?;
            if strategy == "password" {
                ensure_password_allowed(st, &user)?;
                if let Err(refusal) = accounts::check_sign_in_password(tx, st, &mut user, &secret)? {
                    return Ok(Err(refusal));
                }
                record_password_verified(tx, st, &client, &mut sign_in)?;
            } else if let Err(refusal) = codes::check(tx, st, &client.id, sign_in.first_factor_verification_id.as_deref(), strategy, &secret)? {
                return Ok(Err(refusal));
            }
            after_first_factor(tx, st, &ctx, &mut client, &mut sign_in, &user)?;
            Ok(Ok(save_and_reply(tx, st, &ctx, &mut client, &sign_in)?))
        })
        .await
}

/// `strategy=phone_code[&phone_number_id=…]`: sends the SMS code of the second factor, to the
/// user's default second-factor phone unless another one of theirs is named.
async fn sign_ins_prepare_second_factor(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    match params.optional("strategy").unwrap_or("phone_code") {
        "phone_code" => {}
        other => return Err(unsupported_strategy(other, OTHER_SECOND_FACTORS)),
    }
    let wanted = params.optional("phone_number_id").map(str::to_string);
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let st = &st2;
            let (mut client, mut sign_in, user) = current_sign_in(tx, st, &ctx, &id, "needs_second_factor", "prepare_second_factor")?;
            let second = factors::second_factors(tx, &user)?;
            if second.is_empty() {
                return Err(AppError::no_second_factors("phone_code"));
            }
            let default = second.iter().find(|f| f.default).and_then(|f| f.identification.as_ref()).map(|i| i.id.clone());
            let factor = pick_factor(second, "phone_code", wanted.as_deref(), default.as_deref())?;
            send_code(tx, st, &mut sign_in.second_factor_verification_id, &factor)?;
            save_and_reply(tx, st, &ctx, &mut client, &sign_in)
        })
        .await
}

/// `strategy=phone_code&code=…`: completes the sign-in with both factors verified.
async fn sign_ins_attempt_second_factor(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    match params.required("strategy")? {
        "phone_code" => {}
        other => return Err(unsupported_strategy(other, OTHER_SECOND_FACTORS)),
    }
    let code = params.required("code")?.to_string();
    let st2 = st.clone();
    st.db
        .tx_keeping_refusal(move |tx| {
            let st = &st2;
            let (mut client, mut sign_in, user) = current_sign_in(tx, st, &ctx, &id, "needs_second_factor", "attempt_second_factor")?;
            if let Err(refusal) = codes::check(tx, st, &client.id, sign_in.second_factor_verification_id.as_deref(), "phone_code", &code)? {
                return Ok(Err(refusal));
            }
            complete(tx, st, &ctx, &mut client, &mut sign_in, &user, true)?;
            Ok(Ok(save_and_reply(tx, st, &ctx, &mut client, &sign_in)?))
        })
        .await
}

// ---- helpers -------------------------------------------------------------------------------------

/// A sign-in of the caller's client; another client's, or an unknown id, is not found.
fn own_sign_in(tx: &Transaction, client: &ClientRow, id: &str) -> Result<SignInRow, AppError> {
    match clients::get_sign_in(tx, id)? {
        Some(s) if s.client_id == client.id => Ok(s),
        _ => Err(AppError::not_found("sign in", id)),
    }
}

/// The caller's current sign-in `id`, in `status`, with its user, who must not be locked. A
/// completed or replaced sign-in is refused (`resource_forbidden`); one past the first factor
/// cannot redo it (`verification_already_verified`), nor reach the second factor early.
fn current_sign_in(
    tx: &Transaction,
    st: &AppState,
    ctx: &Fapi,
    id: &str,
    status: &str,
    action: &str,
) -> Result<(ClientRow, SignInRow, UserRow), AppError> {
    let client = ctx.must_client(tx)?;
    let sign_in = own_sign_in(tx, &client, id)?;
    if client.sign_in_id.as_deref() != Some(id) || sign_in.status == "complete" {
        return Err(AppError::sign_in_not_current());
    }
    if sign_in.status != status {
        return Err(match sign_in.status.as_str() {
            "needs_second_factor" => AppError::verification_already_verified(),
            _ => AppError::client_state_invalid(action, "Verify the first factor of this sign-in first."),
        });
    }
    let user_id = sign_in.user_id.clone().ok_or_else(|| AppError::internal(format!("sign-in {id} has no user")))?;
    let user = users::must_get(tx, &user_id)?;
    accounts::ensure_not_locked(&user, st.now())?;
    Ok((client, sign_in, user))
}

/// Refuses a new session on a client that cannot take one: any signed-in session in
/// single-session mode (`session_exists`), or — once the user is known — a session of the same
/// user (`identifier_already_signed_in`).
pub(crate) fn ensure_may_start_session(tx: &Transaction, st: &AppState, client: &ClientRow, user_id: Option<&str>) -> Result<(), AppError> {
    let now = st.now();
    let active: Vec<_> = clients::sessions_of_client(tx, &client.id)?.into_iter().filter(|s| s.is_active_at(now)).collect();
    if st.config.session.single_session_mode && !active.is_empty() {
        return Err(AppError::session_exists());
    }
    if let Some(s) = user_id.and_then(|u| active.iter().find(|s| s.user_id == u)) {
        return Err(AppError::identifier_already_signed_in(&s.id));
    }
    Ok(())
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

/// The id parameter that names a code factor's identification.
fn id_param(strategy: &str) -> &'static str {
    if strategy == "email_code" {
        "email_address_id"
    } else {
        "phone_number_id"
    }
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
    codes::prepare_and_send(tx, st, slot, factor.strategy, &to.value)
}

/// Records a verified password as the first-factor verification (reusing the row of a code
/// verification prepared before, so none is left behind).
fn record_password_verified(tx: &Transaction, st: &AppState, client: &ClientRow, sign_in: &mut SignInRow) -> Result<(), AppError> {
    let now = st.now();
    let v = VerificationRow {
        id: sign_in.first_factor_verification_id.clone().unwrap_or_else(|| st.ids.new_id("ver")),
        status: "verified".into(),
        strategy: "password".into(),
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
    ctx: &Fapi,
    client: &mut ClientRow,
    sign_in: &mut SignInRow,
    user: &UserRow,
) -> Result<(), AppError> {
    if factors::second_factors(tx, user)?.is_empty() {
        complete(tx, st, ctx, client, sign_in, user, false)
    } else {
        sign_in.status = "needs_second_factor".into();
        Ok(())
    }
}

/// Signs the user in: a new session (with its second factor time when one was verified), the
/// sign-in `complete`, the user's failed password attempts forgotten.
fn complete(
    tx: &Transaction,
    st: &AppState,
    ctx: &Fapi,
    client: &mut ClientRow,
    sign_in: &mut SignInRow,
    user: &UserRow,
    second_factor: bool,
) -> Result<(), AppError> {
    ensure_may_start_session(tx, st, client, Some(&user.id))?;
    accounts::clear_password_failures(tx, &mut users::must_get(tx, &user.id)?)?;
    let session = start_session(tx, st, ctx, client, &user.id, second_factor)?;
    sign_in.status = "complete".into();
    sign_in.created_session_id = Some(session.id);
    Ok(())
}

/// Stores the sign-in, makes it the client's current one (a completed one is answered once and
/// then leaves the client), and answers `{response: sign_in, client}`.
pub(crate) fn save_and_reply(tx: &Transaction, st: &AppState, ctx: &Fapi, client: &mut ClientRow, sign_in: &SignInRow) -> Result<Reply, AppError> {
    let now = st.now();
    let mut sign_in = sign_in.clone();
    sign_in.updated_at = now;
    clients::put_sign_in(tx, &sign_in)?;
    client.sign_in_id = (sign_in.status != "complete").then(|| sign_in.id.clone());
    client.updated_at = now;
    clients::update_client(tx, client)?;
    let r = Render::new(st, ctx.origin.as_deref());
    Ok(Reply::envelope(r.sign_in(tx, &sign_in)?, Some(r.client(tx, client)?)))
}

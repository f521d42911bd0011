//! The signed-in user's email addresses, phone numbers and Web3 wallets (PROTOCOL.md §4;
//! ClerkJS's `EmailAddress`, `PhoneNumber`, `Web3Wallet`):
//!
//! - `POST /v1/me/{email_addresses,phone_numbers,web3_wallets}` (`email_address=` / `phone_number=` / `web3_wallet=`) adds one,
//!   unverified (`verification: null` until it is prepared); `GET` lists them.
//! - `GET|DELETE /v1/me/<collection>/{id}`; `PATCH /v1/me/phone_numbers/{id}` sets
//!   `reserved_for_second_factor` / `default_second_factor`.
//! - `POST …/{id}/prepare_verification` sends a code to the outbox (`email_code`,
//!   `phone_code`) or issues a nonce to sign (`web3_metamask_signature`, …);
//!   `POST …/{id}/attempt_verification` checks `code` / `signature`.
//!
//! The rules of "The User object": a value belongs to one user across the instance
//! (`form_identifier_exists`); the first verified email (phone, wallet) becomes the primary one
//! when the user has none; removing the primary promotes the oldest other verified one; the last
//! identification a user needs to sign in cannot be removed. A refusal changes nothing, except
//! that a wrong code or signature counts against its verification (`Db::tx_keeping_refusal`).

use crate::accounts;
use crate::caller::Caller;
use crate::codes::{self, WEB3_STRATEGIES};
use crate::db::users::{self, IdentRow, Kind, UserRow};
use crate::db::verifications;
use crate::error::AppError;
use crate::form::Params;
use crate::reply::Reply;
use crate::state::AppState;
use crate::wire::Render;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::Router;
use rusqlite::Transaction;
use serde_json::json;

pub fn router() -> Router<AppState> {
    let mut r = Router::new();
    for kind in [Kind::EmailAddress, Kind::PhoneNumber, Kind::Web3Wallet] {
        let root = format!("/v1/me/{}", collection(kind));
        let one = get(move |caller: Caller, st: State<AppState>, id: Path<String>| read(kind, caller, st, id))
            .delete(move |caller: Caller, st: State<AppState>, id: Path<String>| destroy(kind, caller, st, id));
        let one = if kind == Kind::PhoneNumber { one.patch(phone_update) } else { one };
        r = r
            .route(
                &root,
                post(move |caller: Caller, st: State<AppState>, p: Params| create(kind, caller, st, p))
                    .get(move |caller: Caller, st: State<AppState>| list(kind, caller, st)),
            )
            .route(&format!("{root}/{{id}}"), one)
            .route(
                &format!("{root}/{{id}}/prepare_verification"),
                post(move |caller: Caller, st: State<AppState>, id: Path<String>, p: Params| prepare(kind, caller, st, id, p)),
            )
            .route(
                &format!("{root}/{{id}}/attempt_verification"),
                post(move |caller: Caller, st: State<AppState>, id: Path<String>, p: Params| attempt(kind, caller, st, id, p)),
            );
    }
    r
}

/// The path segment of a kind's collection.
fn collection(kind: Kind) -> &'static str {
    match kind {
        Kind::EmailAddress => "email_addresses",
        Kind::PhoneNumber => "phone_numbers",
        Kind::Web3Wallet => "web3_wallets",
    }
}

/// The words Clerk's messages use for a kind.
fn noun(kind: Kind) -> &'static str {
    match kind {
        Kind::EmailAddress => "email address",
        Kind::PhoneNumber => "phone number",
        Kind::Web3Wallet => "web3 wallet",
    }
}

/// Checks and normalises a new value: emails trimmed, phones to E.164, wallets as given.
fn value_param(kind: Kind, raw: &str) -> Result<String, AppError> {
    let param = kind.as_str();
    match kind {
        Kind::EmailAddress => accounts::email_param(param, raw),
        Kind::PhoneNumber => accounts::phone_param(param, raw),
        Kind::Web3Wallet => accounts::web3_wallet_param(param, raw),
    }
}

/// The user's identification `id` of `kind`; anything else (unknown, another user's, another
/// kind) is `resource_not_found`.
fn own(tx: &Transaction, kind: Kind, user_id: &str, id: &str) -> Result<IdentRow, AppError> {
    users::get_identification(tx, id)?.filter(|i| i.kind == kind && i.user_id == user_id).ok_or_else(|| AppError::not_found(noun(kind), id))
}

/// Answers `{response, client}` with the identification as it now is.
fn reply(tx: &Transaction, st: &AppState, caller: &Caller, client_id: &str, ident: &IdentRow) -> Result<Reply, AppError> {
    let r = Render::new(st, caller.origin.as_deref());
    let fresh = users::get_identification(tx, &ident.id)?.unwrap_or_else(|| ident.clone());
    Ok(Reply::envelope(r.identification(tx, &fresh)?, Some(r.client_by_id(tx, client_id)?)))
}

async fn create(kind: Kind, caller: Caller, State(st): State<AppState>, params: Params) -> Result<Reply, AppError> {
    let value = value_param(kind, params.required(kind.as_str())?)?;
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let now = st.now();
            accounts::ensure_unique(tx, kind, &value)?;
            let ident = IdentRow {
                id: st.ids.new_id("idn"),
                user_id: session.user_id.clone(),
                kind,
                value,
                verification_id: None,
                reserved_for_second_factor: false,
                default_second_factor: false,
                created_at: now,
                updated_at: now,
            };
            users::insert_identification(tx, &ident)?;
            touch_user(tx, st, &session.user_id)?;
            reply(tx, st, caller, &client.id, &ident)
        })
        .await
}

async fn list(kind: Kind, caller: Caller, State(st): State<AppState>) -> Result<Reply, AppError> {
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let r = Render::new(st, caller.origin.as_deref());
            let items = users::identifications(tx, &session.user_id)?
                .into_iter()
                .filter(|i| i.kind == kind)
                .map(|i| r.identification(tx, &i))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(Reply::envelope(json!(items), Some(r.client(tx, &client)?)))
        })
        .await
}

async fn read(kind: Kind, caller: Caller, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let ident = own(tx, kind, &session.user_id, &id)?;
            reply(tx, st, caller, &client.id, &ident)
        })
        .await
}

async fn prepare(kind: Kind, caller: Caller, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    let allowed: &[&str] = match kind {
        Kind::EmailAddress => &["email_code"],
        Kind::PhoneNumber => &["phone_code"],
        Kind::Web3Wallet => &WEB3_STRATEGIES,
    };
    // ClerkJS always names the strategy; a phone number's only one is the default.
    let strategy = match (kind, params.optional("strategy")) {
        (Kind::PhoneNumber, None) => "phone_code".to_string(),
        (_, None) => return Err(AppError::param_missing("strategy")),
        (_, Some(s)) if allowed.contains(&s) => s.to_string(),
        (_, Some(s)) => {
            return Err(AppError::param_value_invalid("strategy", format!("{s} does not match one of the allowed values for parameter strategy")))
        }
    };
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let now = st.now();
            let mut ident = own(tx, kind, &session.user_id, &id)?;
            if accounts::is_verified(tx, &ident)? {
                return Err(AppError::verification_already_verified());
            }
            if kind == Kind::Web3Wallet {
                let v = codes::prepare_nonce(st, ident.verification_id.clone(), &strategy);
                verifications::put(tx, &v)?;
                ident.verification_id = Some(v.id);
            } else {
                let to = ident.value.clone();
                codes::prepare_and_send(tx, st, &mut ident.verification_id, &strategy, &to, codes::Purpose::Verification)?;
            }
            ident.updated_at = now;
            users::update_identification(tx, &ident)?;
            reply(tx, st, caller, &client.id, &ident)
        })
        .await
}

async fn attempt(kind: Kind, caller: Caller, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    let proof = match kind {
        Kind::Web3Wallet => params.required("signature")?.trim().to_string(),
        _ => params.required("code")?.trim().to_string(),
    };
    st.tx_keeping_refusal(move |tx, st| {
        let now = st.now();
        let (client, session) = caller.current_session(tx, now, st.inactivity_ms())?;
        let ident = own(tx, kind, &session.user_id, &id)?;
        let outcome = match kind {
            Kind::Web3Wallet => codes::check_signature(tx, st, &client.id, ident.verification_id.as_deref(), &[&ident.value], &proof)?,
            _ => {
                let strategy = if kind == Kind::EmailAddress { "email_code" } else { "phone_code" };
                codes::check(tx, st, &client.id, ident.verification_id.as_deref(), strategy, &proof)?
            }
        };
        if let Err(refusal) = outcome {
            return Ok(Err(refusal));
        }
        let mut user = users::must_get(tx, &session.user_id)?;
        let slot = primary_slot(&mut user, kind);
        if slot.is_none() {
            *slot = Some(ident.id.clone());
        }
        user.updated_at = now;
        users::update(tx, &user)?;
        Ok(Ok(reply(tx, st, &caller, &client.id, &ident)?))
    })
    .await
}

/// The user's primary-id field for a kind.
fn primary_slot(user: &mut UserRow, kind: Kind) -> &mut Option<String> {
    match kind {
        Kind::EmailAddress => &mut user.primary_email_address_id,
        Kind::PhoneNumber => &mut user.primary_phone_number_id,
        Kind::Web3Wallet => &mut user.primary_web3_wallet_id,
    }
}

fn touch_user(tx: &Transaction, st: &AppState, user_id: &str) -> Result<(), AppError> {
    let mut user = users::must_get(tx, user_id)?;
    user.updated_at = st.now();
    users::update(tx, &user)
}

/// `reserved_for_second_factor=true|false`, `default_second_factor=true`: only for a verified
/// number. The default second factor is reserved, and there is one default at most.
async fn phone_update(caller: Caller, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    let reserved = params.bool("reserved_for_second_factor")?;
    let default = params.bool("default_second_factor")?;
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let now = st.now();
            let mut ident = own(tx, Kind::PhoneNumber, &session.user_id, &id)?;
            if (reserved.is_some() || default.is_some()) && !accounts::is_verified(tx, &ident)? {
                return Err(AppError::second_factor_unverified());
            }
            if let Some(r) = reserved {
                ident.reserved_for_second_factor = r;
                if !r {
                    ident.default_second_factor = false;
                }
            }
            if default == Some(true) {
                ident.reserved_for_second_factor = true;
                ident.default_second_factor = true;
                for mut other in users::identifications(tx, &session.user_id)? {
                    if other.id != ident.id && other.default_second_factor {
                        other.default_second_factor = false;
                        other.updated_at = now;
                        users::update_identification(tx, &other)?;
                    }
                }
            } else if default == Some(false) {
                ident.default_second_factor = false;
            }
            // A reserved number with no default among the user's numbers becomes the default.
            if ident.reserved_for_second_factor
                && !users::identifications(tx, &session.user_id)?.iter().any(|o| o.id != ident.id && o.default_second_factor)
            {
                ident.default_second_factor = true;
            }
            ident.updated_at = now;
            users::update_identification(tx, &ident)?;
            touch_user(tx, st, &session.user_id)?;
            reply(tx, st, caller, &client.id, &ident)
        })
        .await
}

async fn destroy(kind: Kind, caller: Caller, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let now = st.now();
            let ident = own(tx, kind, &session.user_id, &id)?;
            let all = users::identifications(tx, &session.user_id)?;
            let mut others_verified = Vec::new();
            for i in all.iter().filter(|i| i.id != ident.id) {
                if accounts::is_verified(tx, i)? {
                    others_verified.push(i.clone());
                }
            }
            let mut user = users::must_get(tx, &session.user_id)?;
            if accounts::is_verified(tx, &ident)? {
                let (required, _) = accounts::sign_up_fields(st);
                let same_kind_left = others_verified.iter().any(|i| i.kind == kind);
                if required.contains(&kind.as_str()) && !same_kind_left {
                    return Err(AppError::last_required_identification(noun(kind)));
                }
                if others_verified.is_empty() && user.username.is_none() {
                    return Err(AppError::last_identification());
                }
            }
            users::delete_identification(tx, &ident)?;
            let slot = primary_slot(&mut user, kind);
            if slot.as_deref() == Some(ident.id.as_str()) {
                *slot = others_verified.iter().find(|i| i.kind == kind).map(|i| i.id.clone());
            }
            user.updated_at = now;
            users::update(tx, &user)?;
            let r = Render::new(st, caller.origin.as_deref());
            let deleted = json!({"object": kind.as_str(), "id": ident.id, "deleted": true});
            Ok(Reply::envelope(deleted, Some(r.client(tx, &client)?)))
        })
        .await
}

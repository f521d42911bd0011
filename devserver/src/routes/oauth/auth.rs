//! Signing in and up with OAuth (PROTOCOL.md §7b).
//!
//! `POST /v1/client/sign_ins` with `strategy=oauth_<provider>` starts a sign-in whose
//! `first_factor_verification` is unverified and carries the provider URL; the callback then
//! signs in the user the identity names — the owner of a verified external account with that
//! provider user id, else the user holding its email address verified (an account is linked to
//! them then, as Clerk links by verified email) — or, when nobody has the identity, leaves the
//! verification `transferable` (`external_account_not_found`) for a sign-up with
//! `transfer=true`, which creates the user from the identity.
//!
//! `POST /v1/client/sign_ups` with `strategy=oauth_<provider>` starts a sign-up whose
//! `verifications.external_account` works the same way: an unknown identity becomes the user at
//! the callback; a known one leaves it `transferable` (`external_account_exists`) for a sign-in
//! with `transfer=true`.
//!
//! An OAuth sign-up needs no password, and its email address is verified by the provider; when
//! the instance requires something the identity lacks (names, a username) it stays
//! `missing_requirements` until a `PATCH` supplies it (`sign_ups::complete_if_ready` calls
//! `complete_sign_up_if_ready` for such sign-ups).

use super::callback::Outcome;
use super::flow::{self, Begin, Provider};
use super::identity::{self, Identity, Owner};
use crate::accounts::{self, NewUser, SignUpProgress};
use crate::db::clients::{self, ClientRow, SignInRow};
use crate::db::oauth::{self as db, OAuthSignUpRow, StateRow};
use crate::db::sign_ups::{self, SignUpRow};
use crate::db::users;
use crate::db::verifications;
use crate::error::AppError;
use crate::fapi::{Fapi, Reply};
use crate::form::Params;
use crate::routes::sessions::start_session;
use crate::routes::{sign_ins, sign_ups as sign_up_routes};
use crate::state::AppState;
use rusqlite::Transaction;

/// The checked parameters that start an OAuth sign-in or sign-up.
struct Start {
    provider: Provider,
    redirect_url: String,
}

fn read_start(st: &AppState, ctx: &Fapi, params: &Params, strategy: &str) -> Result<Start, AppError> {
    let provider = flow::provider_of_strategy(st, strategy)?;
    let redirect_url = flow::redirect_target(st, "redirect_url", params.required("redirect_url")?, ctx.origin.as_deref())?;
    if let Some(raw) = params.optional("action_complete_redirect_url") {
        flow::redirect_target(st, "action_complete_redirect_url", raw, ctx.origin.as_deref())?;
    }
    Ok(Start { provider, redirect_url })
}

/// `POST /v1/client/sign_ins` with `strategy=oauth_<provider>`, `redirect_url`,
/// `action_complete_redirect_url`.
pub async fn create_sign_in(ctx: Fapi, st: AppState, params: Params, strategy: String) -> Result<Reply, AppError> {
    let start = read_start(&st, &ctx, &params, &strategy)?;
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let st = &st2;
            let now = st.now();
            if let Some(c) = ctx.client(tx)? {
                sign_ins::ensure_may_start_session(tx, st, &c, None)?;
            }
            let (mut client, cookie) = ctx.ensure_client(tx, st)?;
            let mut sign_in = SignInRow {
                id: st.ids.new_id("sia"),
                client_id: client.id.clone(),
                status: "needs_identifier".into(),
                identifier: None,
                user_id: None,
                identification_id: None,
                first_factor_verification_id: None,
                second_factor_verification_id: None,
                created_session_id: None,
                abandon_at: now + sign_ins::SIGN_IN_LIFETIME_MS,
                created_at: now,
                updated_at: now,
            };
            let begin = Begin {
                purpose: "sign_in",
                target_id: sign_in.id.clone(),
                verification_id: st.ids.new_id("ver"),
                user_id: None,
                scopes: flow::scopes_with(&start.provider, &[]),
                redirect_url: start.redirect_url,
            };
            let v = flow::begin(tx, st, &ctx, &client.id, &start.provider, begin)?;
            sign_in.first_factor_verification_id = Some(v.id);
            Ok(sign_ins::save_and_reply(tx, st, &ctx, &mut client, &sign_in)?.cookie(cookie))
        })
        .await
}

/// `POST /v1/client/sign_ups` with `strategy=oauth_<provider>`, `redirect_url`,
/// `action_complete_redirect_url` (and optionally `unsafe_metadata`).
pub async fn create_sign_up(ctx: Fapi, st: AppState, params: Params, strategy: String) -> Result<Reply, AppError> {
    let start = read_start(&st, &ctx, &params, &strategy)?;
    let unsafe_metadata = params.json_object("unsafe_metadata")?;
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let st = &st2;
            if let Some(c) = ctx.client(tx)? {
                sign_up_routes::ensure_no_session(tx, st, &c)?;
            }
            let (mut client, cookie) = ctx.ensure_client(tx, st)?;
            let sign_up = sign_up_routes::new_sign_up(st, &client, unsafe_metadata);
            sign_ups::insert(tx, &sign_up)?;
            let begin = Begin {
                purpose: "sign_up",
                target_id: sign_up.id.clone(),
                verification_id: st.ids.new_id("ver"),
                user_id: None,
                scopes: flow::scopes_with(&start.provider, &[]),
                redirect_url: start.redirect_url,
            };
            let v = flow::begin(tx, st, &ctx, &client.id, &start.provider, begin)?;
            let link =
                OAuthSignUpRow { sign_up_id: sign_up.id.clone(), provider: start.provider.key.into(), verification_id: v.id, created_at: st.now() };
            db::insert_sign_up(tx, &link)?;
            Ok(sign_up_routes::save_and_reply(tx, st, &ctx, &mut client, &sign_up)?.cookie(cookie))
        })
        .await
}

// ---- the callback's end ------------------------------------------------------------------------

/// Signs in the user an approved identity names, or leaves the sign-in transferable.
pub fn finish_sign_in(
    tx: &Transaction,
    st: &AppState,
    ctx: &Fapi,
    provider: &Provider,
    state: &StateRow,
    mut client: ClientRow,
    outcome: Outcome,
) -> Result<(), AppError> {
    let mut sign_in = clients::get_sign_in(tx, &state.target_id)?
        .filter(|s| {
            s.client_id == client.id
                && client.sign_in_id.as_deref() == Some(s.id.as_str())
                && s.status == "needs_identifier"
                && s.first_factor_verification_id.as_deref() == Some(state.verification_id.as_str())
        })
        .ok_or_else(|| AppError::oauth_callback_invalid("This sign-in is no longer in progress on its client."))?;
    let vid = state.verification_id.clone();
    let identity = match outcome {
        Outcome::Refused(reason) => {
            flow::settle(tx, st, &vid, "failed", Some(Outcome::refusal_error(&reason, provider)), None)?;
            return Ok(());
        }
        Outcome::Approved(identity) => identity,
    };
    let user_id = match identity::owner(tx, &identity)? {
        Owner::Nobody => {
            identity.save_for(tx, st, &vid)?;
            flow::settle(tx, st, &vid, "transferable", Some(AppError::external_account_not_found()), None)?;
            return Ok(());
        }
        Owner::Account(a) => a.user_id,
        Owner::Email { ident, verified: true } => {
            if identity::has_other_verified(tx, &ident.user_id, provider.key, None)? {
                flow::settle(tx, st, &vid, "expired", Some(AppError::oauth_identification_claimed()), None)?;
                return Ok(());
            }
            ident.user_id
        }
        Owner::Email { verified: false, .. } => {
            flow::settle(tx, st, &vid, "expired", Some(AppError::oauth_identification_claimed()), None)?;
            return Ok(());
        }
    };
    let refusal = accounts::ensure_not_locked(&users::must_get(tx, &user_id)?, st.now())
        .and_then(|_| sign_ins::ensure_may_start_session(tx, st, &client, Some(&user_id)));
    if let Err(e) = refusal {
        flow::settle(tx, st, &vid, "failed", Some(e), None)?;
        return Ok(());
    }
    let account = link_if_needed(tx, st, &user_id, &identity, &client.id)?;
    flow::settle(tx, st, &vid, "verified", None, Some(&client.id))?;
    let session = start_session(tx, st, ctx, &mut client, &user_id, false)?;
    sign_in.status = "complete".into();
    sign_in.user_id = Some(user_id);
    sign_in.identifier = Some(identity.email_address.clone());
    sign_in.identification_id = account.email_identification_id;
    sign_in.created_session_id = Some(session.id);
    sign_in.updated_at = st.now();
    // The completed sign-in stays the client's, for the SSO callback page to find it complete.
    clients::put_sign_in(tx, &sign_in)
}

/// The user's account holding this identity, or a new verified one (the user was found by the
/// identity's verified email address).
fn link_if_needed(tx: &Transaction, st: &AppState, user_id: &str, identity: &Identity, client_id: &str) -> Result<db::ExternalAccountRow, AppError> {
    match db::account_by_identity(tx, &identity.provider, &identity.provider_user_id)? {
        Some(a) if a.user_id == user_id => Ok(a),
        Some(_) => Err(AppError::oauth_identification_claimed()),
        None => identity::connect_verified(tx, st, user_id, identity, client_id),
    }
}

/// Creates the user from an approved identity nobody has, or leaves the sign-up transferable.
pub fn finish_sign_up(
    tx: &Transaction,
    st: &AppState,
    ctx: &Fapi,
    provider: &Provider,
    state: &StateRow,
    mut client: ClientRow,
    outcome: Outcome,
) -> Result<(), AppError> {
    let mut sign_up = sign_ups::get(tx, &state.target_id)?
        .filter(|s| s.client_id == client.id && client.sign_up_id.as_deref() == Some(s.id.as_str()) && s.status != "complete")
        .ok_or_else(|| AppError::oauth_callback_invalid("This sign-up is no longer in progress on its client."))?;
    let link = db::get_sign_up(tx, &sign_up.id)?
        .filter(|l| l.verification_id == state.verification_id)
        .ok_or_else(|| AppError::oauth_callback_invalid("This sign-up no longer waits for this OAuth flow."))?;
    let vid = link.verification_id.clone();
    let identity = match outcome {
        Outcome::Refused(reason) => {
            flow::settle(tx, st, &vid, "failed", Some(Outcome::refusal_error(&reason, provider)), None)?;
            return Ok(());
        }
        Outcome::Approved(identity) => identity,
    };
    identity.save_for(tx, st, &vid)?;
    match identity::owner(tx, &identity)? {
        Owner::Nobody => {}
        Owner::Account(_) | Owner::Email { verified: true, .. } => {
            flow::settle(tx, st, &vid, "transferable", Some(AppError::external_account_exists()), None)?;
            return Ok(());
        }
        Owner::Email { verified: false, .. } => {
            flow::settle(tx, st, &vid, "expired", Some(AppError::oauth_identification_claimed()), None)?;
            return Ok(());
        }
    }
    flow::settle(tx, st, &vid, "verified", None, Some(&client.id))?;
    take_identity(tx, st, &mut sign_up, &identity, &client.id)?;
    complete_sign_up_if_ready(tx, st, ctx, &mut client, &mut sign_up)?;
    sign_up.updated_at = st.now();
    // A completed sign-up stays the client's too, for the SSO callback page.
    sign_ups::update(tx, &sign_up)
}

/// Fills a sign-up from an identity: its email address (verified by the provider) and names.
fn take_identity(tx: &Transaction, st: &AppState, s: &mut SignUpRow, identity: &Identity, client_id: &str) -> Result<(), AppError> {
    let v = flow::verified_now(tx, st, flow::from_oauth(&identity.provider), client_id)?;
    s.email_address = Some(identity.email_address.clone());
    s.email_verification_id = Some(v.id);
    if s.first_name.is_none() {
        s.first_name = identity.first_name.clone();
    }
    if s.last_name.is_none() {
        s.last_name = identity.last_name.clone();
    }
    Ok(())
}

// ---- completing an OAuth sign-up -----------------------------------------------------------

/// A sign-up's progress. For an OAuth sign-up (one with an external-account verification) a
/// password is optional, as the identity signs the user in.
pub fn sign_up_progress(tx: &Transaction, st: &AppState, s: &SignUpRow) -> Result<SignUpProgress, AppError> {
    let mut p = accounts::sign_up_progress(tx, st, s)?;
    if db::get_sign_up(tx, &s.id)?.is_some() && p.required.contains(&"password") {
        p.required.retain(|f| *f != "password");
        p.missing.retain(|f| *f != "password");
        p.optional.insert(0, "password");
    }
    Ok(p)
}

/// When an OAuth sign-up whose identity was verified has everything the instance requires:
/// creates the user (email address verified by the provider, names, the external account),
/// signs them in and marks the sign-up `complete`. Anything else is left as it is.
pub fn complete_sign_up_if_ready(tx: &Transaction, st: &AppState, ctx: &Fapi, client: &mut ClientRow, s: &mut SignUpRow) -> Result<(), AppError> {
    let Some(link) = db::get_sign_up(tx, &s.id)? else { return Ok(()) };
    let verified = verifications::get(tx, &link.verification_id)?.is_some_and(|v| v.status == "verified");
    let Some(identity) = db::get_identity(tx, &link.verification_id)?.map(|r| Identity::from_row(&r)) else { return Ok(()) };
    if !verified || !sign_up_progress(tx, st, s)?.is_complete() {
        return Ok(());
    }
    sign_up_routes::ensure_no_session(tx, st, client)?;
    if !matches!(identity::owner(tx, &identity)?, Owner::Nobody) {
        return Err(AppError::identification_claimed());
    }
    let new = NewUser {
        email_addresses: s.email_address.iter().cloned().collect(),
        phone_numbers: Vec::new(),
        username: s.username.clone(),
        first_name: s.first_name.clone(),
        last_name: s.last_name.clone(),
        unsafe_metadata: Some(s.unsafe_metadata.clone()),
        verified_by: flow::from_oauth(&identity.provider),
        ..NewUser::default()
    };
    let mut user = accounts::create_user(tx, st, new)?;
    if s.password_hash.is_some() {
        user.password_hash = s.password_hash.clone();
        users::update(tx, &user)?;
    }
    identity::connect_verified(tx, st, &user.id, &identity, &client.id)?;
    let session = start_session(tx, st, ctx, client, &user.id, false)?;
    s.status = "complete".into();
    s.created_user_id = Some(user.id);
    s.created_session_id = Some(session.id);
    Ok(())
}

// ---- transfers ---------------------------------------------------------------------------------

/// `POST /v1/client/sign_ups` with `transfer=true`: the client's OAuth sign-in whose identity no
/// user has becomes a sign-up, completed at once when the identity has all the instance needs.
pub async fn transfer_to_sign_up(ctx: Fapi, st: AppState, params: Params) -> Result<Reply, AppError> {
    let unsafe_metadata = params.json_object("unsafe_metadata")?;
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let st = &st2;
            let mut client = ctx.client(tx)?.ok_or_else(AppError::account_transfer_invalid)?;
            let sign_in = client.sign_in_id.as_deref().map(|id| clients::get_sign_in(tx, id)).transpose()?.flatten();
            let verification = sign_in.and_then(|s| s.first_factor_verification_id).map(|id| verifications::get(tx, &id)).transpose()?.flatten();
            let identity = match verification.filter(|v| v.status == "transferable") {
                Some(v) => db::get_identity(tx, &v.id)?.map(|r| Identity::from_row(&r)),
                None => None,
            };
            let identity = identity.ok_or_else(AppError::account_transfer_invalid)?;
            sign_up_routes::ensure_no_session(tx, st, &client)?;
            if !matches!(identity::owner(tx, &identity)?, Owner::Nobody) {
                return Err(AppError::identification_claimed());
            }
            let mut sign_up = sign_up_routes::new_sign_up(st, &client, unsafe_metadata);
            let v = flow::verified_now(tx, st, &format!("oauth_{}", identity.provider), &client.id)?;
            identity.save_for(tx, st, &v.id)?;
            take_identity(tx, st, &mut sign_up, &identity, &client.id)?;
            sign_ups::insert(tx, &sign_up)?;
            db::insert_sign_up(
                tx,
                &OAuthSignUpRow { sign_up_id: sign_up.id.clone(), provider: identity.provider.clone(), verification_id: v.id, created_at: st.now() },
            )?;
            complete_sign_up_if_ready(tx, st, &ctx, &mut client, &mut sign_up)?;
            // The sign-in was transferred: it is over.
            client.sign_in_id = None;
            sign_up_routes::save_and_reply(tx, st, &ctx, &mut client, &sign_up)
        })
        .await
}

/// `POST /v1/client/sign_ins` with `transfer=true`: the client's OAuth sign-up whose identity
/// belongs to a user signs that user in.
pub async fn transfer_to_sign_in(ctx: Fapi, st: AppState) -> Result<Reply, AppError> {
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let st = &st2;
            let now = st.now();
            let mut client = ctx.client(tx)?.ok_or_else(AppError::account_transfer_invalid)?;
            let link = client.sign_up_id.as_deref().map(|id| db::get_sign_up(tx, id)).transpose()?.flatten();
            let verification = link.map(|l| verifications::get(tx, &l.verification_id)).transpose()?.flatten();
            let identity = match verification.filter(|v| v.status == "transferable") {
                Some(v) => db::get_identity(tx, &v.id)?.map(|r| Identity::from_row(&r)),
                None => None,
            };
            let identity = identity.ok_or_else(AppError::account_transfer_invalid)?;
            let user_id = match identity::owner(tx, &identity)? {
                Owner::Account(a) => a.user_id,
                Owner::Email { ident, verified: true } => ident.user_id,
                _ => return Err(AppError::account_transfer_invalid()),
            };
            accounts::ensure_not_locked(&users::must_get(tx, &user_id)?, now)?;
            sign_ins::ensure_may_start_session(tx, st, &client, Some(&user_id))?;
            let account = link_if_needed(tx, st, &user_id, &identity, &client.id)?;
            let v = flow::verified_now(tx, st, &format!("oauth_{}", identity.provider), &client.id)?;
            let session = start_session(tx, st, &ctx, &mut client, &user_id, false)?;
            let sign_in = SignInRow {
                id: st.ids.new_id("sia"),
                client_id: client.id.clone(),
                status: "complete".into(),
                identifier: Some(identity.email_address.clone()),
                user_id: Some(user_id),
                identification_id: account.email_identification_id,
                first_factor_verification_id: Some(v.id),
                second_factor_verification_id: None,
                created_session_id: Some(session.id),
                abandon_at: now + sign_ins::SIGN_IN_LIFETIME_MS,
                created_at: now,
                updated_at: now,
            };
            // The sign-up was transferred: it is over.
            client.sign_up_id = None;
            sign_ins::save_and_reply(tx, st, &ctx, &mut client, &sign_in)
        })
        .await
}

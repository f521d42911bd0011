//! The end of a round trip: `/v1/oauth_callback`, where the mock provider sends the browser back.
//!
//! The `state` must be one this instance issued, unused and unexpired (else
//! `oauth_callback_invalid`); with `code`, the code must be that state's, unused and unexpired
//! (else `oauth_token_exchange_error`). Refusals change nothing. Otherwise the state and code are
//! spent, and the provider's answer is applied to what the state verifies, for the client that
//! started the round trip — whoever follows the link: an external account (`finish_connect`), a
//! sign-in (`finish_sign_in`) or a sign-up (`finish_sign_up`). The browser then goes to the round
//! trip's `redirect_url`, also when the result is a failure the application must show (a denial,
//! an identity claimed by another user): those are the verification's `error`.
//!
//! An OAuth sign-in signs in the user the identity names — the owner of a verified external
//! account with that provider user id, else the user holding its email address verified (an
//! account is linked to them then, as Clerk links by verified email) — or, when nobody has the
//! identity, leaves the verification `Transferable` (`external_account_not_found`) for a sign-up
//! with `transfer=true`. An OAuth sign-up works the other way round: an unknown identity becomes
//! the user; a known one leaves it `Transferable` (`external_account_exists`) for a sign-in with
//! `transfer=true` (`transfer`).

use super::flow::{self, Provider};
use super::Outcome;
use crate::accounts;
use crate::auth::identity::{self, Identity, Owner};
use crate::auth::{session, sign_in, sign_up};
use crate::caller::Caller;
use crate::db::clients::{self, ClientRow};
use crate::db::oauth::{self as oauth_rows, ExternalAccountRow, StateRow};
use crate::db::sign_ups::{self, SignUpRow};
use crate::db::users;
use crate::error::AppError;
use crate::form::Params;
use crate::state::AppState;
use crate::status::{SignInStatus, SignUpStatus, VerificationStatus};
use rusqlite::Transaction;

/// Checks and spends the state (and code) of the callback's query, applies the outcome;
/// returns where to send the browser, and the client cookie to set when a sign-in or sign-up
/// completed for the browser that started the round trip (its cookie was rotated: nobody else
/// gets it).
pub fn callback(tx: &Transaction, st: &AppState, caller: &Caller, q: &Params) -> Result<(String, Option<String>), AppError> {
    let now = st.now();
    let value = q.optional("state").ok_or_else(|| AppError::oauth_callback_invalid("The OAuth callback has no state."))?;
    let state = oauth_rows::get_state(tx, value)?
        .ok_or_else(|| AppError::oauth_callback_invalid("The OAuth state is unknown to this instance: it was not issued here, or it was forged."))?;
    let provider = flow::enabled_provider(st, &state.provider)
        .ok_or_else(|| AppError::oauth_callback_invalid(format!("{} is no longer an enabled OAuth provider of this instance.", state.provider)))?;
    let outcome = match q.optional("error") {
        Some(reason) => Outcome::Refused(reason.to_string()),
        None => {
            let code =
                q.optional("code").ok_or_else(|| AppError::oauth_token_exchange_error("The OAuth callback has neither a code nor an error."))?;
            let row = oauth_rows::get_code(tx, &flow::code_hash(code))?
                .filter(|c| c.state == state.state)
                .ok_or_else(|| AppError::oauth_token_exchange_error("The authorization code is not valid for this OAuth state."))?;
            if row.used_at.is_some() {
                return Err(AppError::oauth_token_exchange_error("The authorization code was already used."));
            }
            if now >= row.expire_at {
                return Err(AppError::oauth_token_exchange_error("The authorization code has expired."));
            }
            oauth_rows::mark_code_used(tx, &row.code_hash, now)?;
            Outcome::Approved(Identity::from_code(&state.provider, &row))
        }
    };
    if state.used_at.is_some() {
        return Err(AppError::oauth_callback_invalid("This OAuth state was already used. Start again from the application."));
    }
    if now >= state.expire_at {
        return Err(AppError::oauth_callback_invalid("This OAuth state has expired. Start again from the application."));
    }
    oauth_rows::mark_state_used(tx, &state.state, now)?;
    let client = clients::get_client(tx, &state.client_id)?
        .ok_or_else(|| AppError::oauth_callback_invalid("The client that started this OAuth flow no longer exists."))?;
    let (client_id, held) = (client.id.clone(), caller.holds_cookie_of(&client));
    match state.purpose.as_str() {
        "connect" => finish_connect(tx, st, &provider, &state, &client, outcome)?,
        "sign_in" => finish_sign_in(tx, st, caller, &provider, &state, client, outcome)?,
        _ => finish_sign_up(tx, st, caller, &provider, &state, client, outcome)?,
    }
    let cookie = match held {
        true => clients::get_client(tx, &client_id)?.and_then(|c| caller.cookie_for(&c)),
        false => None,
    };
    Ok((state.redirect_url, cookie))
}

/// The end of connecting an account: verified with the identity, or failed with the reason.
fn finish_connect(
    tx: &Transaction,
    st: &AppState,
    provider: &Provider,
    state: &StateRow,
    client: &ClientRow,
    outcome: Outcome,
) -> Result<(), AppError> {
    let mut account = oauth_rows::get_account(tx, &state.target_id)?
        .filter(|a| a.verification_id == state.verification_id && state.user_id.as_deref() == Some(a.user_id.as_str()))
        .ok_or_else(|| AppError::oauth_callback_invalid("This external account was removed or reauthorized since; this OAuth flow is over."))?;
    let identity = match outcome {
        Outcome::Refused(reason) => {
            flow::settle(tx, st, &account.verification_id, VerificationStatus::Failed, Some(Outcome::refusal_error(&reason, provider)), None)?;
            return Ok(());
        }
        Outcome::Approved(identity) => identity,
    };
    let owner = identity::owner(tx, &identity)?;
    let claimed = match &owner {
        Owner::Account(a) if a.id == account.id => false,
        Owner::Account(a) if a.user_id == account.user_id => {
            let e = AppError::oauth_account_already_connected(provider.name);
            flow::settle(tx, st, &account.verification_id, VerificationStatus::Failed, Some(e), None)?;
            return Ok(());
        }
        other => other.user_id().is_some_and(|u| u != account.user_id),
    };
    if claimed {
        // As Clerk answers it (a captured FAPI client shows this status and error).
        flow::settle(tx, st, &account.verification_id, VerificationStatus::Expired, Some(AppError::oauth_identification_claimed()), None)?;
        return Ok(());
    }
    if identity::has_other_verified(tx, &account.user_id, provider.key, Some(&account.id))? {
        let e = AppError::oauth_account_already_connected(provider.name);
        flow::settle(tx, st, &account.verification_id, VerificationStatus::Failed, Some(e), None)?;
        return Ok(());
    }
    identity::settle_account(tx, st, &mut account, &identity)?;
    flow::settle(tx, st, &account.verification_id, VerificationStatus::Verified, None, Some(&client.id))?;
    Ok(())
}

/// Signs in the user an approved identity names, or leaves the sign-in transferable.
fn finish_sign_in(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    provider: &Provider,
    state: &StateRow,
    mut client: ClientRow,
    outcome: Outcome,
) -> Result<(), AppError> {
    let mut sign_in = clients::get_sign_in(tx, &state.target_id)?
        .filter(|s| {
            s.client_id == client.id
                && client.sign_in_id.as_deref() == Some(s.id.as_str())
                && s.status == SignInStatus::NeedsIdentifier
                && s.first_factor_verification_id.as_deref() == Some(state.verification_id.as_str())
        })
        .ok_or_else(|| AppError::oauth_callback_invalid("This sign-in is no longer in progress on its client."))?;
    let vid = state.verification_id.clone();
    let identity = match outcome {
        Outcome::Refused(reason) => {
            flow::settle(tx, st, &vid, VerificationStatus::Failed, Some(Outcome::refusal_error(&reason, provider)), None)?;
            return Ok(());
        }
        Outcome::Approved(identity) => identity,
    };
    let user_id = match identity::owner(tx, &identity)? {
        Owner::Nobody => {
            identity.save_for(tx, st, &vid)?;
            flow::settle(tx, st, &vid, VerificationStatus::Transferable, Some(AppError::external_account_not_found()), None)?;
            return Ok(());
        }
        Owner::Account(a) => a.user_id,
        Owner::Email { ident, verified: true } => {
            if identity::has_other_verified(tx, &ident.user_id, provider.key, None)? {
                flow::settle(tx, st, &vid, VerificationStatus::Expired, Some(AppError::oauth_identification_claimed()), None)?;
                return Ok(());
            }
            ident.user_id
        }
        Owner::Email { verified: false, .. } => {
            flow::settle(tx, st, &vid, VerificationStatus::Expired, Some(AppError::oauth_identification_claimed()), None)?;
            return Ok(());
        }
    };
    let refusal = accounts::ensure_may_sign_in(&users::must_get(tx, &user_id)?, st.now())
        .and_then(|_| session::ensure_may_start(tx, st, &client, Some(&user_id)));
    if let Err(e) = refusal {
        flow::settle(tx, st, &vid, VerificationStatus::Failed, Some(e), None)?;
        return Ok(());
    }
    let account = link_if_needed(tx, st, &user_id, &identity, &client.id)?;
    flow::settle(tx, st, &vid, VerificationStatus::Verified, None, Some(&client.id))?;
    sign_in::complete(tx, st, caller, &mut client, &mut sign_in, &user_id, false)?;
    sign_in.identifier = Some(identity.email_address.clone());
    sign_in.identification_id = account.email_identification_id;
    // The completed sign-in stays the client's, for the SSO callback page to find it complete.
    sign_in::store(tx, st, &mut sign_in)
}

/// The user's account holding this identity, or a new verified one (the user was found by the
/// identity's verified email address).
pub(super) fn link_if_needed(
    tx: &Transaction,
    st: &AppState,
    user_id: &str,
    identity: &Identity,
    client_id: &str,
) -> Result<ExternalAccountRow, AppError> {
    match oauth_rows::account_by_identity(tx, &identity.provider, &identity.provider_user_id)? {
        Some(a) if a.user_id == user_id => Ok(a),
        Some(_) => Err(AppError::oauth_identification_claimed()),
        None => identity::connect_verified(tx, st, user_id, identity, client_id),
    }
}

/// Creates the user from an approved identity nobody has, or leaves the sign-up transferable.
fn finish_sign_up(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    provider: &Provider,
    state: &StateRow,
    mut client: ClientRow,
    outcome: Outcome,
) -> Result<(), AppError> {
    let mut sign_up = sign_ups::get(tx, &state.target_id)?
        .filter(|s| s.client_id == client.id && client.sign_up_id.as_deref() == Some(s.id.as_str()) && s.status != SignUpStatus::Complete)
        .ok_or_else(|| AppError::oauth_callback_invalid("This sign-up is no longer in progress on its client."))?;
    let link = oauth_rows::get_sign_up(tx, &sign_up.id)?
        .filter(|l| l.verification_id == state.verification_id)
        .ok_or_else(|| AppError::oauth_callback_invalid("This sign-up no longer waits for this OAuth flow."))?;
    let vid = link.verification_id.clone();
    let identity = match outcome {
        Outcome::Refused(reason) => {
            flow::settle(tx, st, &vid, VerificationStatus::Failed, Some(Outcome::refusal_error(&reason, provider)), None)?;
            return Ok(());
        }
        Outcome::Approved(identity) => identity,
    };
    identity.save_for(tx, st, &vid)?;
    match identity::owner(tx, &identity)? {
        Owner::Nobody => {}
        Owner::Account(_) | Owner::Email { verified: true, .. } => {
            flow::settle(tx, st, &vid, VerificationStatus::Transferable, Some(AppError::external_account_exists()), None)?;
            return Ok(());
        }
        Owner::Email { verified: false, .. } => {
            flow::settle(tx, st, &vid, VerificationStatus::Expired, Some(AppError::oauth_identification_claimed()), None)?;
            return Ok(());
        }
    }
    flow::settle(tx, st, &vid, VerificationStatus::Verified, None, Some(&client.id))?;
    take_identity(tx, st, &mut sign_up, &identity, &client.id)?;
    sign_up::complete_if_ready(tx, st, caller, &mut client, &mut sign_up)?;
    // A completed sign-up stays the client's too, for the SSO callback page.
    sign_up::store(tx, st, &mut sign_up)
}

/// Fills a sign-up from an identity: its email address (verified by the provider) and names.
pub(super) fn take_identity(tx: &Transaction, st: &AppState, s: &mut SignUpRow, identity: &Identity, client_id: &str) -> Result<(), AppError> {
    let v = identity::verified_now(tx, st, identity::from_oauth(&identity.provider), client_id)?;
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

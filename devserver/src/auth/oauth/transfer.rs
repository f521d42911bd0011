//! Transfers (ClerkJS's `transfer: true`): an OAuth sign-in whose identity no user has becomes a
//! sign-up, and an OAuth sign-up whose identity belongs to a user becomes that user's sign-in.
//! Either way the attempt transferred from is over.

use super::callback::{link_if_needed, take_identity};
use crate::accounts;
use crate::auth::identity::{self, Identity, Owner};
use crate::auth::{session, sign_in, sign_up};
use crate::caller::Caller;
use crate::db::clients::{self, ClientRow, SignInRow};
use crate::db::oauth::{self as oauth_rows, OAuthSignUpRow};
use crate::db::sign_ups::{self, SignUpRow};
use crate::db::users;
use crate::db::verifications;
use crate::error::AppError;
use crate::state::AppState;
use crate::status::{SignInStatus, VerificationStatus};
use rusqlite::Transaction;
use serde_json::Value;

/// The identity a transferable verification holds, if `verification_id` names one.
fn transferable_identity(tx: &Transaction, verification_id: Option<&str>) -> Result<Option<Identity>, AppError> {
    let verification = verification_id.map(|id| verifications::get(tx, id)).transpose()?.flatten();
    match verification.filter(|v| v.status == VerificationStatus::Transferable) {
        Some(v) => Ok(oauth_rows::get_identity(tx, &v.id)?.map(|r| Identity::from_row(&r))),
        None => Ok(None),
    }
}

/// `POST /v1/client/sign_ups` with `transfer=true`: the client's OAuth sign-in whose identity no
/// user has becomes a sign-up, completed at once when the identity has all the instance needs.
pub fn to_sign_up(tx: &Transaction, st: &AppState, caller: &Caller, unsafe_metadata: Option<Value>) -> Result<(ClientRow, SignUpRow), AppError> {
    let mut client = caller.client(tx)?.ok_or_else(AppError::account_transfer_invalid)?;
    let sign_in = client.sign_in_id.as_deref().map(|id| clients::get_sign_in(tx, id)).transpose()?.flatten();
    let identity = transferable_identity(tx, sign_in.and_then(|s| s.first_factor_verification_id).as_deref())?;
    let identity = identity.ok_or_else(AppError::account_transfer_invalid)?;
    session::ensure_may_start(tx, st, &client, None)?;
    if !matches!(identity::owner(tx, &identity)?, Owner::Nobody) {
        return Err(AppError::identification_claimed());
    }
    let mut new = sign_up::new(st, &client, unsafe_metadata);
    let v = identity::verified_now(tx, st, &format!("oauth_{}", identity.provider), &client.id)?;
    identity.save_for(tx, st, &v.id)?;
    take_identity(tx, st, &mut new, &identity, &client.id)?;
    sign_ups::insert(tx, &new)?;
    oauth_rows::insert_sign_up(
        tx,
        &OAuthSignUpRow { sign_up_id: new.id.clone(), provider: identity.provider.clone(), verification_id: v.id, created_at: st.now() },
    )?;
    sign_up::complete_if_ready(tx, st, caller, &mut client, &mut new)?;
    // The sign-in was transferred: it is over.
    client.sign_in_id = None;
    Ok((client, new))
}

/// `POST /v1/client/sign_ins` with `transfer=true`: the client's OAuth sign-up whose identity
/// belongs to a user signs that user in.
pub fn to_sign_in(tx: &Transaction, st: &AppState, caller: &Caller) -> Result<(ClientRow, SignInRow), AppError> {
    let mut client = caller.client(tx)?.ok_or_else(AppError::account_transfer_invalid)?;
    let link = client.sign_up_id.as_deref().map(|id| oauth_rows::get_sign_up(tx, id)).transpose()?.flatten();
    let identity = transferable_identity(tx, link.map(|l| l.verification_id).as_deref())?;
    let identity = identity.ok_or_else(AppError::account_transfer_invalid)?;
    let user_id = match identity::owner(tx, &identity)? {
        Owner::Account(a) => a.user_id,
        Owner::Email { ident, verified: true } => ident.user_id,
        _ => return Err(AppError::account_transfer_invalid()),
    };
    accounts::ensure_may_sign_in(&users::must_get(tx, &user_id)?, st.now())?;
    session::ensure_may_start(tx, st, &client, Some(&user_id))?;
    let account = link_if_needed(tx, st, &user_id, &identity, &client.id)?;
    let v = identity::verified_now(tx, st, &format!("oauth_{}", identity.provider), &client.id)?;
    let mut new = sign_in::new(st, &client, SignInStatus::NeedsIdentifier);
    new.identifier = Some(identity.email_address.clone());
    new.identification_id = account.email_identification_id;
    new.first_factor_verification_id = Some(v.id);
    sign_in::complete(tx, st, caller, &mut client, &mut new, &user_id, false)?;
    // The sign-up was transferred: it is over.
    client.sign_up_id = None;
    Ok((client, new))
}

//! The signed-in user's external accounts (PROTOCOL.md §7a): connecting a provider, asking it
//! again (for more scopes), disconnecting it.
//!
//! Connecting creates an unverified account whose verification points the browser at the mock
//! provider; the callback (`callback::finish_connect`) verifies it. A user connects a provider
//! once: a verified account of the same provider refuses a second
//! (`oauth_account_already_connected`); an unverified or failed one is replaced by the new attempt.

use super::flow::{self, Begin, Provider};
use crate::auth::identity;
use crate::caller::Caller;
use crate::db::clients::SessionRow;
use crate::db::oauth::{self as oauth_rows, ExternalAccountRow};
use crate::error::AppError;
use crate::state::AppState;
use rusqlite::Transaction;

/// Connects `provider` to the user of `session` (whose client the round trip is bound to): a
/// new unverified account and its round trip, asking for the provider's default scopes and
/// `additional` ones.
pub fn connect(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    session: &SessionRow,
    provider: &Provider,
    redirect_url: String,
    additional: &[String],
) -> Result<ExternalAccountRow, AppError> {
    let (client_id, user_id) = (session.client_id.as_str(), session.user_id.as_str());
    if identity::has_other_verified(tx, user_id, provider.key, None)? {
        return Err(AppError::oauth_account_already_connected(provider.name));
    }
    for old in oauth_rows::accounts_of_user(tx, user_id)?.into_iter().filter(|a| a.provider == provider.key) {
        oauth_rows::delete_account(tx, &old)?;
    }
    let mut account = identity::new_account(st, user_id, provider.key, &st.ids.new_id("ver"));
    let begin = Begin {
        purpose: "connect",
        target_id: account.id.clone(),
        verification_id: account.verification_id.clone(),
        user_id: Some(user_id.to_string()),
        scopes: flow::scopes_with(provider, additional),
        redirect_url,
    };
    flow::begin(tx, st, caller, client_id, provider, begin)?;
    account.updated_at = st.now();
    oauth_rows::put_account(tx, &account)?;
    Ok(account)
}

/// A new round trip for the account `id` of the user of `session`, asking for its approved
/// scopes plus `additional`. Until it succeeds the account reads unverified.
pub fn reauthorize(
    tx: &Transaction,
    st: &AppState,
    caller: &Caller,
    session: &SessionRow,
    id: &str,
    redirect_url: String,
    additional: Vec<String>,
) -> Result<ExternalAccountRow, AppError> {
    let (client_id, user_id) = (session.client_id.as_str(), session.user_id.as_str());
    let mut account = own_account(tx, user_id, id)?;
    let provider = flow::enabled_provider(st, &account.provider).ok_or_else(|| AppError::oauth_provider_not_enabled(&account.provider))?;
    oauth_rows::delete_pending_states(tx, &account.id)?;
    let old_verification = account.verification_id.clone();
    account.verification_id = st.ids.new_id("ver");
    let mut scopes: Vec<String> = account.approved_scopes.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect();
    scopes.extend(additional);
    let begin = Begin {
        purpose: "connect",
        target_id: account.id.clone(),
        verification_id: account.verification_id.clone(),
        user_id: Some(user_id.to_string()),
        scopes: flow::scopes_with(&provider, &scopes),
        redirect_url,
    };
    flow::begin(tx, st, caller, client_id, &provider, begin)?;
    account.updated_at = st.now();
    oauth_rows::put_account(tx, &account)?;
    // Nothing points at the old verification any more; keep no orphan.
    oauth_rows::delete_verification(tx, &old_verification)?;
    Ok(account)
}

/// Disconnects the user's account `id`. The email address it added stays the user's.
pub fn disconnect(tx: &Transaction, user_id: &str, id: &str) -> Result<ExternalAccountRow, AppError> {
    let account = own_account(tx, user_id, id)?;
    oauth_rows::delete_account(tx, &account)?;
    Ok(account)
}

/// An external account of `user_id`; anyone else's, or an unknown id, is not found.
fn own_account(tx: &Transaction, user_id: &str, id: &str) -> Result<ExternalAccountRow, AppError> {
    oauth_rows::get_account(tx, id)?.filter(|a| a.user_id == user_id).ok_or_else(AppError::external_account_not_found)
}

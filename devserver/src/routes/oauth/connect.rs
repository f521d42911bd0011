//! The signed-in user's external accounts (PROTOCOL.md §7a): `POST /v1/me/external_accounts`
//! connects a provider, `PATCH /v1/me/external_accounts/{id}/reauthorize` asks it again (for
//! more scopes), `DELETE /v1/me/external_accounts/{id}` disconnects it.
//!
//! Connecting creates an unverified account whose verification points the browser at the mock
//! provider; the callback (`callback.rs`) verifies it. A user connects a provider once: a
//! verified account of the same provider refuses a second (`oauth_account_already_connected`);
//! an unverified or failed one is replaced by the new attempt.

use super::flow::{self, Begin};
use super::identity;
use crate::db::oauth as db;
use crate::error::AppError;
use crate::fapi::{Fapi, Reply};
use crate::form::Params;
use crate::state::AppState;
use crate::wire::Render;
use axum::extract::{Path, State};
use serde_json::json;

/// `strategy=oauth_<provider>&redirect_url=…[&additional_scope=…]`.
pub async fn external_accounts_create(ctx: Fapi, State(st): State<AppState>, params: Params) -> Result<Reply, AppError> {
    let provider = flow::provider_of_strategy(&st, params.required("strategy")?)?;
    let redirect_url = flow::redirect_target(&st, "redirect_url", params.required("redirect_url")?, ctx.origin.as_deref())?;
    let additional = flow::additional_scopes(&params)?;
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let st = &st2;
            let (client, session) = ctx.current_session(tx, st.now())?;
            let user_id = session.user_id;
            if identity::has_other_verified(tx, &user_id, provider.key, None)? {
                return Err(AppError::oauth_account_already_connected(provider.name));
            }
            for old in db::accounts_of_user(tx, &user_id)?.into_iter().filter(|a| a.provider == provider.key) {
                db::delete_account(tx, &old)?;
            }
            let mut account = identity::new_account(st, &user_id, provider.key, &st.ids.new_id("ver"));
            let begin = Begin {
                purpose: "connect",
                target_id: account.id.clone(),
                verification_id: account.verification_id.clone(),
                user_id: Some(user_id),
                scopes: flow::scopes_with(&provider, &additional),
                redirect_url,
            };
            flow::begin(tx, st, &ctx, &client.id, &provider, begin)?;
            account.updated_at = st.now();
            db::put_account(tx, &account)?;
            let r = Render::new(st, ctx.origin.as_deref());
            Ok(Reply::envelope(r.external_account(tx, &account)?, Some(r.client(tx, &client)?)))
        })
        .await
}

/// `redirect_url=…[&additional_scope=…]`: a new round trip for the account, asking for its
/// approved scopes plus the additional ones. Until it succeeds the account reads unverified.
pub async fn external_accounts_reauthorize(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>, params: Params) -> Result<Reply, AppError> {
    let redirect_url = flow::redirect_target(&st, "redirect_url", params.required("redirect_url")?, ctx.origin.as_deref())?;
    let additional = flow::additional_scopes(&params)?;
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let st = &st2;
            let (client, session) = ctx.current_session(tx, st.now())?;
            let mut account = db::get_account(tx, &id)?.filter(|a| a.user_id == session.user_id).ok_or_else(AppError::external_account_not_found)?;
            let provider = flow::enabled_provider(st, &account.provider).ok_or_else(|| AppError::oauth_provider_not_enabled(&account.provider))?;
            db::delete_pending_states(tx, &account.id)?;
            let old_verification = account.verification_id.clone();
            account.verification_id = st.ids.new_id("ver");
            let mut scopes: Vec<String> = account.approved_scopes.split(' ').filter(|s| !s.is_empty()).map(str::to_string).collect();
            scopes.extend(additional);
            let begin = Begin {
                purpose: "connect",
                target_id: account.id.clone(),
                verification_id: account.verification_id.clone(),
                user_id: Some(session.user_id.clone()),
                scopes: flow::scopes_with(&provider, &scopes),
                redirect_url,
            };
            flow::begin(tx, st, &ctx, &client.id, &provider, begin)?;
            account.updated_at = st.now();
            db::put_account(tx, &account)?;
            // Nothing points at the old verification any more; keep no orphan.
            db::delete_verification(tx, &old_verification)?;
            let r = Render::new(st, ctx.origin.as_deref());
            Ok(Reply::envelope(r.external_account(tx, &account)?, Some(r.client(tx, &client)?)))
        })
        .await
}

/// Disconnects an account: `{object: "external_account", id, deleted: true}`. The email address
/// it added stays the user's.
pub async fn external_accounts_delete(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    let st2 = st.clone();
    st.db
        .tx(move |tx| {
            let st = &st2;
            let (client, session) = ctx.current_session(tx, st.now())?;
            let account = db::get_account(tx, &id)?.filter(|a| a.user_id == session.user_id).ok_or_else(AppError::external_account_not_found)?;
            db::delete_account(tx, &account)?;
            let r = Render::new(st, ctx.origin.as_deref());
            let deleted = json!({"object": "external_account", "id": account.id, "deleted": true});
            Ok(Reply::envelope(deleted, Some(r.client(tx, &client)?)))
        })
        .await
}

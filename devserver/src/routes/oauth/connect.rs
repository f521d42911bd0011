//! The signed-in user's external accounts (PROTOCOL.md §7a): `POST /v1/me/external_accounts`
//! connects a provider, `PATCH /v1/me/external_accounts/{id}/reauthorize` asks it again (for
//! more scopes), `DELETE /v1/me/external_accounts/{id}` disconnects it (`auth::oauth::connect`).

use crate::auth::oauth::{connect, flow};
use crate::caller::Caller;
use crate::error::AppError;
use crate::form::Params;
use crate::reply::Reply;
use crate::state::AppState;
use crate::wire::Render;
use axum::extract::{Path, State};
use serde_json::json;

/// `strategy=oauth_<provider>&redirect_url=…[&additional_scope=…]`.
pub async fn external_accounts_create(caller: Caller, State(st): State<AppState>, params: Params) -> Result<Reply, AppError> {
    let provider = flow::provider_of_strategy(&st, params.required("strategy")?)?;
    let redirect_url = flow::redirect_target(&st, "redirect_url", params.required("redirect_url")?, caller.origin.as_deref())?;
    let additional = flow::additional_scopes(&params)?;
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let account = connect::connect(tx, st, caller, &session, &provider, redirect_url, &additional)?;
            let r = Render::new(st, caller.origin.as_deref());
            Ok(Reply::envelope(r.external_account(tx, &account)?, Some(r.client(tx, &client)?)))
        })
        .await
}

/// `redirect_url=…[&additional_scope=…]`: a new round trip for the account, asking for its
/// approved scopes plus the additional ones.
pub async fn external_accounts_reauthorize(
    caller: Caller,
    State(st): State<AppState>,
    Path(id): Path<String>,
    params: Params,
) -> Result<Reply, AppError> {
    let redirect_url = flow::redirect_target(&st, "redirect_url", params.required("redirect_url")?, caller.origin.as_deref())?;
    let additional = flow::additional_scopes(&params)?;
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let account = connect::reauthorize(tx, st, caller, &session, &id, redirect_url, additional)?;
            let r = Render::new(st, caller.origin.as_deref());
            Ok(Reply::envelope(r.external_account(tx, &account)?, Some(r.client(tx, &client)?)))
        })
        .await
}

/// Disconnects an account: `{object: "external_account", id, deleted: true}`.
pub async fn external_accounts_delete(caller: Caller, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    caller
        .signed_in(&st, move |tx, st, caller, client, session| {
            let account = connect::disconnect(tx, &session.user_id, &id)?;
            let r = Render::new(st, caller.origin.as_deref());
            let deleted = json!({"object": "external_account", "id": account.id, "deleted": true});
            Ok(Reply::envelope(deleted, Some(r.client(tx, &client)?)))
        })
        .await
}

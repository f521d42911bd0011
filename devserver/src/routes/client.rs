//! `GET /v1/client` and `DELETE /v1/client`: the browser's client, with its sessions.

use crate::caller::{self, Caller};
use crate::db::clients;
use crate::error::AppError;
use crate::reply::Reply;
use crate::state::AppState;
use crate::wire::Render;
use axum::extract::State;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/client", get(client_get).delete(client_delete))
}

/// `{"response": client, "client": client}`, or both `null` when the browser has no client yet.
async fn client_get(caller: Caller, State(st): State<AppState>) -> Result<Reply, AppError> {
    st.tx(move |tx, st| {
        let r = Render::new(st, caller.origin.as_deref());
        let client = caller.client(tx)?.map(|c| r.client(tx, &c)).transpose()?.unwrap_or(Value::Null);
        Ok(Reply::envelope(client.clone(), Some(client)))
    })
    .await
}

/// Signs every session out and forgets the client (ClerkJS's `signOut()` with
/// `persistClient: false`). The dev browser stays, unbound; the client cookie is cleared.
async fn client_delete(caller: Caller, State(st): State<AppState>) -> Result<Reply, AppError> {
    let now = st.now();
    let cookie_mode = caller.dev_browser.is_none();
    let reply = st
        .tx(move |tx, _| {
            let c = caller.must_client(tx)?;
            clients::delete_client(tx, &c.id)?;
            let gone = json!({
                "object": "client", "id": c.id, "sessions": [], "sign_in": null, "sign_up": null,
                "last_active_session_id": null, "last_authentication_strategy": null, "cookie_expires_at": null,
                "captcha_bypass": false, "created_at": c.created_at, "updated_at": now,
            });
            Ok(Reply::envelope(gone, None))
        })
        .await?;
    Ok(reply.cookie(cookie_mode.then(caller::clear_client_cookie)))
}

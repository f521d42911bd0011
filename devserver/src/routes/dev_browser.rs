//! `POST /v1/dev_browser`: names a browser for a development instance. ClerkJS creates one when
//! its key's host is a Clerk development host and it has none stored, then sends the id back as
//! `__clerk_db_jwt` on every request; the dev server maps it to that browser's client.

use crate::caller::Caller;
use crate::db::clients;
use crate::error::AppError;
use crate::ids;
use crate::reply::Reply;
use crate::state::AppState;
use axum::extract::State;
use axum::routing::post;
use axum::Router;
use serde_json::json;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/dev_browser", post(dev_browser_create))
}

async fn dev_browser_create(_ctx: Caller, State(st): State<AppState>) -> Result<Reply, AppError> {
    // The id is a credential (it stands for the browser's client), so it is a secret, not a
    // sequence from the id generator.
    let id = format!("dvb_{}", ids::secret(27));
    let now = st.now();
    let stored = id.clone();
    st.tx(move |tx, _| clients::insert_dev_browser(tx, &stored, now)).await?;
    // Older ClerkJS versions read `token`, newer ones `id` (PROTOCOL.md §2): send both.
    Ok(Reply::bare(json!({ "object": "dev_browser", "id": id, "token": id, "created_at": now })))
}

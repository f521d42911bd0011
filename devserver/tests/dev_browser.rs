//! `POST /v1/dev_browser` and `__clerk_db_jwt`: creating dev browsers, using one as the
//! browser's identity instead of the `__client` cookie, and keeping dev browsers apart.

mod common;

use common::{send, TestServer};
use serde_json::{json, Value};

#[tokio::test]
async fn creates_a_dev_browser_with_id_and_token_equal() {
    let srv = TestServer::start().await;
    let before = srv.count("dev_browsers").await;
    // As ClerkJS sends it: a plain fetch, no body and no content-type.
    let res = send(srv.http.post(srv.fapi("/v1/dev_browser?__clerk_api_version=2026-05-12&_clerk_js_version=6.40.0"))).await;
    let body = res.ok();
    let id = body["id"].as_str().unwrap();
    assert!(id.starts_with("dvb_"), "{id}");
    assert_eq!(body["token"], body["id"]);
    assert!(body.get("response").is_none(), "not enveloped: {body}");
    assert!(res.client_cookie().is_none());
    assert_eq!(srv.count("dev_browsers").await, before + 1);
    assert_ne!(srv.dev_browser().await, id, "every dev browser is new");
}

#[tokio::test]
async fn a_new_dev_browser_has_no_client() {
    let srv = TestServer::start().await;
    let db = srv.dev_browser().await;
    let body = srv.get(&srv.http, &format!("/v1/client?__clerk_db_jwt={db}")).await.ok();
    assert_eq!(body, json!({"response": null, "client": null}));
}

#[tokio::test]
async fn an_unknown_dev_browser_is_unauthenticated_and_changes_nothing() {
    let srv = TestServer::start().await;
    let user = srv.new_user().await;
    let ticket = srv.sign_in_token(&user).await;
    let before = srv.snapshot().await;

    let res = srv.get(&srv.http, "/v1/client?__clerk_db_jwt=dvb_unknown").await;
    res.error(401, "dev_browser_unauthenticated");
    let res = srv.ticket_sign_in(&srv.http, "?__clerk_db_jwt=dvb_unknown", &ticket).await;
    res.error(401, "dev_browser_unauthenticated");
    assert!(res.client_cookie().is_none());

    srv.assert_unchanged(&before).await;
    assert_eq!(srv.token_status(&ticket).await, "pending");
}

#[tokio::test]
async fn a_ticket_sign_in_binds_the_client_to_the_dev_browser_without_a_cookie() {
    let srv = TestServer::start().await;
    let db = srv.dev_browser().await;
    let query = format!("?__clerk_db_jwt={db}");
    let user = srv.new_user().await;
    let ticket = srv.sign_in_token(&user).await;

    let res = srv.ticket_sign_in(&srv.http, &query, &ticket).await;
    let body = res.ok();
    assert!(res.client_cookie().is_none(), "no __client cookie in dev browser mode: {:?}", res.set_cookies());
    let client_id = body["client"]["id"].as_str().unwrap().to_string();

    let bound = srv.query_text("SELECT client_id FROM dev_browsers WHERE id = ?1", &db).await;
    assert_eq!(bound.as_deref(), Some(client_id.as_str()));
    let cookie = srv.query_text("SELECT cookie_token FROM clients WHERE id = ?1", &client_id).await;
    assert_eq!(cookie, None, "a dev browser's client has no cookie token");

    // The dev browser now names that client, with the user signed in.
    let client = srv.get(&srv.http, &format!("/v1/client{query}")).await.ok()["response"].clone();
    assert_eq!(client["id"], client_id.as_str());
    assert_eq!(client["sessions"][0]["user"]["id"], user.as_str());
    // Without the dev browser the same cookie jar has no client.
    assert_eq!(srv.get(&srv.http, "/v1/client").await.ok()["response"], Value::Null);
}

#[tokio::test]
async fn a_second_dev_browser_does_not_see_the_first_ones_client() {
    let srv = TestServer::start().await;
    let first = srv.dev_browser().await;
    let signed = srv.signed_in_with(&srv.http, &format!("?__clerk_db_jwt={first}")).await;
    let second = srv.dev_browser().await;

    let body = srv.get(&srv.http, &format!("/v1/client?__clerk_db_jwt={second}")).await.ok();
    assert_eq!(body, json!({"response": null, "client": null}));
    // Nor can it reach the first one's session.
    let before = srv.snapshot().await;
    let res = srv.post(&srv.http, &format!("/v1/client/sessions/{}/tokens?__clerk_db_jwt={second}", signed.session_id), "").await;
    res.error(400, "client_not_found");
    srv.assert_unchanged(&before).await;
    let first_client = srv.get(&srv.http, &format!("/v1/client?__clerk_db_jwt={first}")).await.ok();
    assert_eq!(first_client["response"]["id"], signed.client_id.as_str());
}

//! Multi-session mode (`session.single_session_mode = false`): several users signed in on one
//! client, switching between them, signing one out, signing out of all; the same user twice is
//! refused (`identifier_already_signed_in`), and single-session mode refuses any second sign-in
//! (`session_exists`).

mod common;

use clerk_devserver::config::Config;
use common::{form, TestServer};
use serde_json::{json, Value};

const PASSWORD: &str = "correct horse battery staple";

fn multi() -> Config {
    Config::from_toml("[session]\nsingle_session_mode = false").unwrap()
}

/// A user with a unique email and a password; returns (id, email).
async fn password_user(srv: &TestServer) -> (String, String) {
    let email = format!("multi{}@example.com", common::next_unique());
    let user = srv.create_user(json!({"email_address": [email], "password": PASSWORD})).await;
    (user["id"].as_str().unwrap().to_string(), email)
}

fn ids(client: &Value) -> Vec<&str> {
    client["sessions"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect()
}

#[tokio::test]
async fn two_users_share_a_client_and_switch_remove_and_sign_out() {
    let srv = TestServer::start_with(multi()).await;
    let first = srv.signed_in(&srv.http).await;

    // A second user signs in with a password while the first session is active.
    srv.clock.advance(1_000);
    let (second_user, email) = password_user(&srv).await;
    let body =
        srv.post(&srv.http, "/v1/client/sign_ins", &form(&[("identifier", &email), ("password", PASSWORD), ("strategy", "password")])).await.ok();
    assert_eq!(body["response"]["status"], "complete", "{body}");
    let second = body["response"]["created_session_id"].as_str().unwrap().to_string();
    assert_eq!(body["client"]["id"], first.client_id.as_str());

    let client = srv.get(&srv.http, "/v1/client").await.ok()["response"].clone();
    assert_eq!(ids(&client), [first.session_id.as_str(), second.as_str()]);
    assert!(client["sessions"].as_array().unwrap().iter().all(|s| s["status"] == "active"));
    assert_eq!(client["sessions"][1]["user"]["id"], second_user.as_str());
    assert_eq!(client["last_active_session_id"], second.as_str(), "the newest session is the last active one");

    // setActive on the first: it becomes the last active session again.
    let touched = srv.post(&srv.http, &format!("/v1/client/sessions/{}/touch", first.session_id), "intent=select_session").await.ok();
    assert_eq!(touched["client"]["last_active_session_id"], first.session_id.as_str());
    let client = srv.get(&srv.http, "/v1/client").await.ok()["response"].clone();
    assert_eq!(client["last_active_session_id"], first.session_id.as_str());

    // Both sessions mint tokens.
    for id in [&first.session_id, &second] {
        srv.post(&srv.http, &format!("/v1/client/sessions/{id}/tokens"), "").await.ok();
    }

    // Removing the first keeps the second signed in.
    let removed = srv.post(&srv.http, &format!("/v1/client/sessions/{}/remove", first.session_id), "").await.ok();
    assert_eq!(removed["response"]["status"], "removed");
    assert_eq!(ids(&removed["client"]), [second.as_str()]);
    assert_eq!(removed["client"]["last_active_session_id"], Value::Null, "the removed one was the last active one");
    srv.post(&srv.http, &format!("/v1/client/sessions/{second}/tokens"), "").await.ok();
    srv.post(&srv.http, &format!("/v1/client/sessions/{}/tokens", first.session_id), "").await.error(401, "signed_out");

    // A third sign-in, then sign out of everything.
    let third = srv.signed_in(&srv.http).await;
    assert_eq!(third.client_id, first.client_id);
    let client = srv.get(&srv.http, "/v1/client").await.ok()["response"].clone();
    assert_eq!(ids(&client), [second.as_str(), third.session_id.as_str()]);
    let out = srv.delete(&srv.http, "/v1/client/sessions").await.ok();
    assert_eq!(out["response"]["sessions"], json!([]));
    for id in [&second, &third.session_id] {
        assert_eq!(srv.query_text("SELECT status FROM sessions WHERE id = ?1", id).await.as_deref(), Some("ended"));
        srv.post(&srv.http, &format!("/v1/client/sessions/{id}/tokens"), "").await.error(401, "signed_out");
    }
    assert_eq!(srv.query_text("SELECT status FROM sessions WHERE id = ?1", &first.session_id).await.as_deref(), Some("removed"));
}

#[tokio::test]
async fn the_same_user_cannot_sign_in_twice_on_one_client() {
    let srv = TestServer::start_with(multi()).await;
    let (user, email) = password_user(&srv).await;
    let ticket = srv.sign_in_token(&user).await;
    let first = srv.ticket_sign_in(&srv.http, "", &ticket).await.ok()["response"]["created_session_id"].as_str().unwrap().to_string();

    let before = srv.snapshot().await;
    // By ticket: refused before the ticket is used.
    let again = srv.sign_in_token(&user).await;
    let before_ticket = srv.snapshot().await;
    let e = srv.ticket_sign_in(&srv.http, "", &again).await.error(400, "identifier_already_signed_in");
    assert_eq!(e["meta"]["session_id"], first.as_str(), "ClerkJS switches to meta.session_id");
    srv.assert_unchanged(&before_ticket).await;
    assert_eq!(srv.token_status(&again).await, "pending");
    // By identifier, and by identifier and password.
    let e = srv.post(&srv.http, "/v1/client/sign_ins", &form(&[("identifier", &email)])).await.error(400, "identifier_already_signed_in");
    assert_eq!(e["meta"]["session_id"], first.as_str());
    let e = srv
        .post(&srv.http, "/v1/client/sign_ins", &form(&[("identifier", &email), ("password", PASSWORD), ("strategy", "password")]))
        .await
        .error(400, "identifier_already_signed_in");
    assert_eq!(e["meta"]["session_id"], first.as_str());
    srv.assert_unchanged_except(&before, &["sign_in_tokens"]).await;

    // Another client may sign the same user in.
    srv.ticket_sign_in(&common::browser(), "", &again).await.ok();
}

#[tokio::test]
async fn single_session_mode_refuses_a_second_sign_in_with_session_exists() {
    let srv = TestServer::start().await;
    assert!(srv.st.config.session.single_session_mode, "the default");
    srv.signed_in(&srv.http).await;
    let (other, email) = password_user(&srv).await;
    let ticket = srv.sign_in_token(&other).await;
    let before = srv.snapshot().await;
    let res = srv.ticket_sign_in(&srv.http, "", &ticket).await;
    let e = res.error(400, "session_exists");
    assert_eq!(e["message"], "Session already exists");
    srv.post(&srv.http, "/v1/client/sign_ins", &form(&[("identifier", &email), ("password", PASSWORD)])).await.error(400, "session_exists");
    srv.assert_unchanged(&before).await;
}

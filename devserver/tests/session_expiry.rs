//! When a session stops being signed in: the inactivity timeout (`session.inactivity_timeout_secs`)
//! and the lifetime, both against the test clock; and what token requests answer for a session
//! of the caller's client in each inactive status (`signed_out`, 401, Clerk's error body), which
//! `GET /v1/client` no longer lists.

mod common;

use clerk_devserver::config::Config;
use common::{browser, Resp, TestServer};
use serde_json::{json, Value};

fn session_path(id: &str, action: &str) -> String {
    format!("/v1/client/sessions/{id}/{action}")
}

const IDLE_SECS: i64 = 600;

fn with_inactivity(extra: &str) -> Config {
    Config::from_toml(&format!("[session]\ninactivity_timeout_secs = {IDLE_SECS}\n{extra}")).unwrap()
}

/// Clerk's error body: `{errors: [{code, message, long_message, meta?}], clerk_trace_id}`.
fn assert_clerk_error(res: &Resp, status: u16, code: &str) {
    let e = res.error(status, code);
    let body = res.json();
    assert!(e["message"].is_string(), "{body}");
    assert!(body["clerk_trace_id"].is_string(), "{body}");
    assert_eq!(body["errors"].as_array().unwrap().len(), 1, "{body}");
    let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
    assert!(keys.iter().all(|k| ["code", "message", "long_message", "meta"].contains(&k.as_str())), "{body}");
}

async fn client_session_ids(srv: &TestServer, c: &reqwest::Client) -> Vec<String> {
    let client = srv.get(c, "/v1/client").await.ok()["response"].clone();
    client["sessions"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_string()).collect()
}

/// The session's token request is `signed_out` and changes nothing; the client lists it no more.
async fn assert_signed_out(srv: &TestServer, c: &reqwest::Client, session_id: &str) {
    let before = srv.snapshot().await;
    assert_clerk_error(&srv.post(c, &session_path(session_id, "tokens"), "organization_id=").await, 401, "signed_out");
    assert_clerk_error(&srv.post(c, &session_path(session_id, "touch"), "").await, 401, "signed_out");
    srv.assert_unchanged(&before).await;
    assert!(!client_session_ids(srv, c).await.contains(&session_id.to_string()), "the client still lists {session_id}");
}

#[tokio::test]
async fn an_idle_session_expires_after_the_inactivity_timeout() {
    let srv = TestServer::start_with(with_inactivity("")).await;
    let s = srv.signed_in(&srv.http).await;
    let started = srv.st.now();
    // The sign-in's answer already shows the effective expiry: last activity + the timeout.
    assert_eq!(s.body["client"]["sessions"][0]["expire_at"], started + IDLE_SECS * 1000);

    srv.clock.advance(IDLE_SECS * 1000 - 1);
    let session = srv.get(&srv.http, &format!("/v1/client/sessions/{}", s.session_id)).await.ok()["response"].clone();
    assert_eq!(session["status"], "active");
    srv.clock.advance(1);
    let session = srv.get(&srv.http, &format!("/v1/client/sessions/{}", s.session_id)).await.ok()["response"].clone();
    assert_eq!(session["status"], "expired");
    assert_eq!(session["last_active_token"], Value::Null);
    assert_signed_out(&srv, &srv.http, &s.session_id).await;
    let client = srv.get(&srv.http, "/v1/client").await.ok()["response"].clone();
    assert_eq!(client["last_active_session_id"], Value::Null);

    // An expired session no longer blocks a new sign-in in single-session mode.
    let ticket = srv.sign_in_token(&s.user_id).await;
    srv.ticket_sign_in(&srv.http, "", &ticket).await.ok();
}

#[tokio::test]
async fn touching_and_minting_tokens_keep_a_session_alive() {
    let srv = TestServer::start_with(with_inactivity("")).await;
    let s = srv.signed_in(&srv.http).await;
    let tokens = session_path(&s.session_id, "tokens");
    for round in 0..3 {
        srv.clock.advance(IDLE_SECS * 1000 - 1_000);
        srv.post(&srv.http, &tokens, "organization_id=").await.ok();
        let at = srv.query_text("SELECT CAST(last_active_at AS TEXT) FROM sessions WHERE id = ?1", &s.session_id).await;
        assert_eq!(at, Some(srv.st.now().to_string()), "round {round}: minting a token is activity");
    }
    srv.clock.advance(IDLE_SECS * 1000 - 1_000);
    let touched = srv.post(&srv.http, &session_path(&s.session_id, "touch"), "").await.ok();
    assert_eq!(touched["response"]["status"], "active");
    assert_eq!(touched["response"]["expire_at"], srv.st.now() + IDLE_SECS * 1000, "the expiry moved with the activity");
    assert_eq!(touched["response"]["last_active_at"], srv.st.now());

    // Well past the first idle window, the session lives on; then it idles out.
    srv.clock.advance(IDLE_SECS * 1000 - 1);
    srv.post(&srv.http, &tokens, "").await.ok();
    srv.clock.advance(IDLE_SECS * 1000);
    assert_signed_out(&srv, &srv.http, &s.session_id).await;
}

#[tokio::test]
async fn the_lifetime_still_caps_an_active_session() {
    let srv = TestServer::start_with(with_inactivity("lifetime_secs = 1000")).await;
    let s = srv.signed_in(&srv.http).await;
    let end = srv.st.now() + 1_000_000;
    // Activity every 500 s keeps the idle timer off; the expiry shown is the earlier of both.
    srv.clock.advance(500_000);
    let touched = srv.post(&srv.http, &session_path(&s.session_id, "touch"), "").await.ok();
    assert_eq!(touched["response"]["expire_at"], end, "the lifetime ends before the idle window");
    srv.clock.advance(499_999);
    srv.post(&srv.http, &session_path(&s.session_id, "tokens"), "").await.ok();
    srv.clock.advance(1);
    assert_signed_out(&srv, &srv.http, &s.session_id).await;
    let session = srv.bapi_get(&format!("/v1/sessions/{}", s.session_id)).await.ok();
    assert_eq!(session["status"], "expired");
}

#[tokio::test]
async fn without_an_inactivity_timeout_an_idle_session_lives_its_lifetime() {
    let srv = TestServer::start().await;
    let s = srv.signed_in(&srv.http).await;
    let lifetime_ms = srv.st.config.session.lifetime_secs * 1000;
    assert_eq!(s.body["client"]["sessions"][0]["expire_at"], srv.st.now() + lifetime_ms);
    srv.clock.advance(lifetime_ms - 1);
    srv.post(&srv.http, &session_path(&s.session_id, "tokens"), "").await.ok();
    srv.clock.advance(1);
    assert_signed_out(&srv, &srv.http, &s.session_id).await;
}

#[tokio::test]
async fn the_movable_clock_expires_sessions_through_dev_clock() {
    // The server binary's `--movable-clock`: `POST /dev/clock` moves the same clock tests move.
    let srv = TestServer::start_with(with_inactivity("")).await;
    let s = srv.signed_in(&srv.http).await;
    let moved =
        common::send(browser().post(srv.fapi("/dev/clock")).bearer_auth(&srv.secret_key).json(&json!({"advance_ms": IDLE_SECS * 1000}))).await.ok();
    assert_eq!(moved["now"], srv.st.now());
    assert_signed_out(&srv, &srv.http, &s.session_id).await;
}

#[tokio::test]
async fn tokens_for_ended_and_removed_sessions_are_signed_out() {
    let srv = TestServer::start_with(Config::from_toml("[session]\nsingle_session_mode = false").unwrap()).await;
    for action in ["end", "remove"] {
        let s = srv.signed_in(&srv.http).await;
        srv.post(&srv.http, &session_path(&s.session_id, action), "").await.ok();
        assert_signed_out(&srv, &srv.http, &s.session_id).await;
    }
}

#[tokio::test]
async fn tokens_for_a_session_revoked_from_another_device_are_signed_out() {
    let srv = TestServer::start().await;
    let phone = browser();
    let laptop = srv.signed_in(&srv.http).await;
    // The same user on another device revokes the laptop's session through /v1/me.
    let ticket = srv.sign_in_token(&laptop.user_id).await;
    srv.ticket_sign_in(&phone, "", &ticket).await.ok();
    let revoked = srv.post(&phone, &format!("/v1/me/sessions/{}/revoke", laptop.session_id), "").await.ok();
    assert_eq!(revoked["response"]["status"], "revoked");
    assert_signed_out(&srv, &srv.http, &laptop.session_id).await;
    let session = srv.get(&srv.http, &format!("/v1/client/sessions/{}", laptop.session_id)).await.ok();
    assert_eq!(session["response"]["status"], "revoked");
}

#[tokio::test]
async fn tokens_for_a_session_revoked_through_the_backend_api_are_signed_out() {
    let srv = TestServer::start().await;
    let s = srv.signed_in(&srv.http).await;
    let revoked = srv.bapi_post(&format!("/v1/sessions/{}/revoke", s.session_id), &json!({})).await.ok();
    assert_eq!(revoked["status"], "revoked");
    assert_signed_out(&srv, &srv.http, &s.session_id).await;
}

#[tokio::test]
async fn tokens_for_an_abandoned_session_are_signed_out() {
    let srv = TestServer::start().await;
    let s = srv.signed_in(&srv.http).await;
    // Abandonment comes after expiry with any lifetime this server allows; set it as stored.
    srv.exec("UPDATE sessions SET status = 'abandoned' WHERE id = ?1", &s.session_id).await;
    assert_signed_out(&srv, &srv.http, &s.session_id).await;
}

#[tokio::test]
async fn tokens_for_another_clients_session_stay_not_found_whatever_its_status() {
    let srv = TestServer::start().await;
    let other = browser();
    let theirs = srv.signed_in(&other).await;
    srv.signed_in(&srv.http).await;
    assert_clerk_error(&srv.post(&srv.http, &session_path(&theirs.session_id, "tokens"), "").await, 404, "resource_not_found");
    srv.post(&other, &session_path(&theirs.session_id, "end"), "").await.ok();
    assert_clerk_error(&srv.post(&srv.http, &session_path(&theirs.session_id, "tokens"), "").await, 404, "resource_not_found");
    assert_clerk_error(&srv.post(&srv.http, &session_path("sess_nope", "tokens"), "").await, 404, "resource_not_found");
}

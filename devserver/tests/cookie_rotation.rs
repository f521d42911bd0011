//! The `__client` cookie is rotated whenever a session is born on a client named by it (cookie
//! mode): the answer that completes the sign-in or sign-up carries the new value (one `__client`
//! `Set-Cookie`, no other), and the value the browser held before names nothing any more — so a
//! cookie planted or read before the sign-in never reaches the session. Dev browsers name their
//! client themselves and see no cookie.

mod common;
mod oauth_common;

use common::*;
use oauth_common::{callback_url, provider_url, APP};
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE, ORIGIN};
use reqwest::redirect::Policy;
use reqwest::Client;
use serde_json::{json, Value};

/// A browser whose cookie the test holds itself: no jar, no redirects followed.
fn bare() -> Client {
    Client::builder().no_proxy().redirect(Policy::none()).build().unwrap()
}

/// The value of a `__client` `Set-Cookie`.
fn value(set_cookie: &str) -> String {
    set_cookie.trim_start_matches("__client=").split(';').next().unwrap().to_string()
}

/// The one `__client` value a response sets (and asserts there is no other).
fn new_cookie(r: &Resp) -> String {
    let set: Vec<String> = r.set_cookies().into_iter().filter(|c| c.starts_with("__client=")).collect();
    assert_eq!(set.len(), 1, "exactly one __client Set-Cookie: {set:?}");
    let v = value(&set[0]);
    assert!(!v.is_empty(), "{set:?}");
    v
}

/// A FAPI POST carrying `cookie` as the `__client` cookie.
async fn post(s: &TestServer, cookie: &str, path: &str, pairs: &[(&str, &str)]) -> Resp {
    send(bare().post(s.fapi(path)).header(CONTENT_TYPE, FORM).header(COOKIE, format!("__client={cookie}")).body(form(pairs))).await
}

/// `GET /v1/client` with `cookie`: the client it names (`null` for none).
async fn client_of(s: &TestServer, cookie: &str) -> Value {
    send(bare().get(s.fapi("/v1/client")).header(COOKIE, format!("__client={cookie}"))).await.ok()["response"].clone()
}

/// A user with a password; returns the email address.
async fn user_with_password(s: &TestServer) -> String {
    let email = format!("rot{}@example.com", next_unique());
    s.create_user(json!({"email_address": [email], "password": "rotation-password"})).await;
    email
}

/// Asserts that `old` names nothing any more and `new` names the client signed in as `session_id`.
async fn assert_rotated(s: &TestServer, old: &str, new: &str, session_id: &str) {
    assert_ne!(old, new);
    assert_eq!(client_of(s, old).await, Value::Null, "the old cookie names no client");
    let c = client_of(s, new).await;
    assert_eq!(c["last_active_session_id"], session_id, "the new cookie names the signed-in client: {c}");
    // A mutation with the old cookie gets a fresh client, not the signed-in one.
    let r = post(s, old, "/v1/client/sign_ins", &[("identifier", "nobody@example.com")]).await;
    assert_eq!(r.json()["errors"][0]["code"], "form_identifier_not_found");
    let r = post(s, old, &format!("/v1/client/sessions/{session_id}/tokens"), &[]).await;
    assert_ne!(r.status, 200, "no token for the old cookie: {}", r.text);
}

#[tokio::test]
async fn a_password_sign_in_rotates_the_client_cookie() {
    let s = TestServer::start().await;
    let email = user_with_password(&s).await;
    // The browser has a client (and a cookie) before it signs in.
    let r = post(&s, "", "/v1/client/sign_ins", &[("identifier", &email)]).await;
    let old = new_cookie(&r);
    let id = r.ok()["response"]["id"].as_str().unwrap().to_string();
    // A refused attempt does not rotate.
    let r =
        post(&s, &old, &format!("/v1/client/sign_ins/{id}/attempt_first_factor"), &[("strategy", "password"), ("password", "wrong-password")]).await;
    r.error(422, "form_password_incorrect");
    assert!(r.client_cookie().is_none());
    let r = post(&s, &old, &format!("/v1/client/sign_ins/{id}/attempt_first_factor"), &[("strategy", "password"), ("password", "rotation-password")])
        .await;
    let new = new_cookie(&r);
    let body = r.ok();
    assert_eq!(body["response"]["status"], "complete");
    assert_rotated(&s, &old, &new, body["response"]["created_session_id"].as_str().unwrap()).await;
}

#[tokio::test]
async fn tickets_and_sign_ups_rotate_it_too() {
    let s = TestServer::start().await;
    // A ticket sign-in on a client that exists.
    let email = user_with_password(&s).await;
    let old = new_cookie(&post(&s, "", "/v1/client/sign_ins", &[("identifier", &email)]).await);
    let user_id = s.bapi_get(&format!("/v1/users?{}", form(&[("email_address", &email)]))).await.ok()[0]["id"].as_str().unwrap().to_string();
    let ticket = s.sign_in_token(&user_id).await;
    let r = post(&s, &old, "/v1/client/sign_ins", &[("strategy", "ticket"), ("ticket", &ticket)]).await;
    let new = new_cookie(&r);
    assert_rotated(&s, &old, &new, r.ok()["response"]["created_session_id"].as_str().unwrap()).await;

    // A sign-up that completes with its email code.
    let r = post(&s, "", "/v1/client/sign_ups", &[("email_address", "joiner@example.com"), ("password", "joiner-password-1")]).await;
    let old = new_cookie(&r);
    let id = r.ok()["response"]["id"].as_str().unwrap().to_string();
    post(&s, &old, &format!("/v1/client/sign_ups/{id}/prepare_verification"), &[("strategy", "email_code")]).await.ok();
    assert!(client_of(&s, &old).await.is_object(), "the same cookie until the sign-up completes");
    let code = s.latest_code("joiner@example.com").await;
    let r = post(&s, &old, &format!("/v1/client/sign_ups/{id}/attempt_verification"), &[("strategy", "email_code"), ("code", &code)]).await;
    let new = new_cookie(&r);
    let body = r.ok();
    assert_eq!(body["response"]["status"], "complete");
    assert_rotated(&s, &old, &new, body["response"]["created_session_id"].as_str().unwrap()).await;

    // A first sign-in on a new client: the cookie is born with the session, once.
    let r = post(&s, "", "/v1/client/sign_ins", &[("identifier", &email), ("password", "rotation-password")]).await;
    let cookie = new_cookie(&r);
    assert_eq!(client_of(&s, &cookie).await["last_active_session_id"], r.ok()["response"]["created_session_id"]);
}

#[tokio::test]
async fn an_oauth_callback_rotates_it_for_the_browser_that_started() {
    let s = TestServer::start().await;
    // Two OAuth sign-ins, of two users known by their email addresses, on two clients.
    let mut started = Vec::new();
    for _ in 0..2 {
        let email = format!("oauth{}@example.com", next_unique());
        s.create_user(json!({"email_address": [email]})).await;
        let r = send(
            bare()
                .post(s.fapi("/v1/client/sign_ins"))
                .header(CONTENT_TYPE, FORM)
                .header(ORIGIN, APP)
                .body(form(&[("strategy", "oauth_google"), ("redirect_url", "/sso-callback")])),
        )
        .await;
        let cookie = new_cookie(&r);
        let url = provider_url(&r.ok()["response"]["first_factor_verification"]);
        started.push((cookie, callback_url(&s, &url, "approve", &[("email_address", &email)]).await));
    }
    // The browser that started the first one follows its callback: a new cookie with the redirect.
    let (old, cb) = &started[0];
    let r = send(bare().get(cb).header(ACCEPT, "text/html").header(COOKIE, format!("__client={old}"))).await;
    assert_eq!(r.status, 303, "{}", r.text);
    let new = new_cookie(&r);
    let c = client_of(&s, &new).await;
    assert_rotated(&s, old, &new, c["last_active_session_id"].as_str().expect("signed in")).await;

    // The second callback is followed by another browser (no cookie): it gets none, and the
    // browser that started keeps its cookie, which now names the signed-in client.
    let (kept, cb) = &started[1];
    let r = send(bare().get(cb).header(ACCEPT, "text/html")).await;
    assert_eq!(r.status, 303, "{}", r.text);
    assert!(r.client_cookie().is_none(), "{:?}", r.set_cookies());
    assert!(client_of(&s, kept).await["last_active_session_id"].is_string());
}

#[tokio::test]
async fn dev_browsers_are_not_rotated() {
    let s = TestServer::start().await;
    let db = s.dev_browser().await;
    let email = user_with_password(&s).await;
    let c = bare();
    let q = format!("?__clerk_db_jwt={db}");
    let r = send(c.post(s.fapi(&format!("/v1/client/sign_ins{q}"))).header(CONTENT_TYPE, FORM).body(form(&[("identifier", &email)]))).await;
    let id = r.ok()["response"]["id"].as_str().unwrap().to_string();
    let path = format!("/v1/client/sign_ins/{id}/attempt_first_factor{q}");
    let r = send(c.post(s.fapi(&path)).header(CONTENT_TYPE, FORM).body(form(&[("strategy", "password"), ("password", "rotation-password")]))).await;
    assert!(r.set_cookies().is_empty(), "{:?}", r.set_cookies());
    let session = r.ok()["response"]["created_session_id"].clone();
    let client = send(c.get(s.fapi(&format!("/v1/client{q}")))).await.ok();
    assert_eq!(client["response"]["last_active_session_id"], session);
}

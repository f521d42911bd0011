//! "Forgot password" on sign-in, as ClerkJS drives it: the `reset_password_email_code` /
//! `reset_password_phone_code` factors, `prepare_first_factor` (a code in the outbox, said to be
//! a password reset), `attempt_first_factor` (→ `needs_new_password`), and
//! `POST /v1/client/sign_ins/{id}/reset_password` (the instance's password rules, the new
//! password set, a session, `sign_out_of_other_sessions`). Refusals change nothing but the
//! counters a refusal must keep.

mod common;

use clerk_devserver::config::Config;
use common::{browser, form, next_unique, sign_in_step, wrong_code, TestServer};
use reqwest::Client;
use serde_json::{json, Value};

const PASSWORD: &str = "correct-horse-battery";
const NEW_PASSWORD: &str = "new-staple-battery-horse";

struct Account {
    id: String,
    email: String,
    email_id: String,
    phone_id: String,
}

/// A user with a unique email address, a phone number and a password.
async fn account(srv: &TestServer) -> Account {
    let n = next_unique();
    let email = format!("forgetful{n}@example.com");
    let phone = format!("+1555{:07}", n % 10_000_000);
    let user = srv.create_user(json!({"email_address": [email], "phone_number": [phone], "password": PASSWORD})).await;
    Account {
        id: user["id"].as_str().unwrap().to_string(),
        email,
        email_id: user["email_addresses"][0]["id"].as_str().unwrap().to_string(),
        phone_id: user["phone_numbers"][0]["id"].as_str().unwrap().to_string(),
    }
}

async fn start(srv: &TestServer, c: &Client, identifier: &str) -> Value {
    let body = srv.post(c, "/v1/client/sign_ins", &form(&[("identifier", identifier)])).await.ok();
    assert_eq!(body["response"]["status"], "needs_first_factor", "{body}");
    body["response"].clone()
}

/// Starts a sign-in, sends the reset code by email and verifies it: a `needs_new_password` sign-in.
async fn verified_reset(srv: &TestServer, c: &Client, a: &Account) -> Value {
    let si = start(srv, c, &a.email).await;
    sign_in_step(srv, c, &si, "prepare_first_factor", &[("strategy", "reset_password_email_code"), ("email_address_id", &a.email_id)]).await.ok();
    let code = srv.latest_code(&a.email).await;
    let body = sign_in_step(srv, c, &si, "attempt_first_factor", &[("strategy", "reset_password_email_code"), ("code", &code)]).await.ok();
    body["response"].clone()
}

#[tokio::test]
async fn reset_factors_are_listed_after_the_others_for_a_user_with_a_password() {
    let srv = TestServer::start().await;
    let a = account(&srv).await;
    let si = start(&srv, &srv.http, &a.email).await;
    let strategies: Vec<&str> = si["supported_first_factors"].as_array().unwrap().iter().map(|f| f["strategy"].as_str().unwrap()).collect();
    assert_eq!(strategies, ["password", "email_code", "phone_code", "reset_password_email_code", "reset_password_phone_code"]);
    let email_reset = &si["supported_first_factors"][3];
    assert_eq!(email_reset["email_address_id"], a.email_id.as_str());
    assert_eq!(email_reset["safe_identifier"], a.email.as_str(), "the identifier the sign-in was started with is shown as typed");
    assert_eq!(email_reset["primary"], true);
    let phone_reset = &si["supported_first_factors"][4];
    assert_eq!(phone_reset["phone_number_id"], a.phone_id.as_str());
    assert!(phone_reset["safe_identifier"].as_str().unwrap().starts_with("+*"), "masked: {phone_reset}");

    // No password, no reset factors.
    let email = format!("nopass{}@example.com", next_unique());
    srv.create_user(json!({"email_address": [email]})).await;
    let si = start(&srv, &browser(), &email).await;
    let strategies: Vec<&str> = si["supported_first_factors"].as_array().unwrap().iter().map(|f| f["strategy"].as_str().unwrap()).collect();
    assert_eq!(strategies, ["email_code"]);
}

#[tokio::test]
async fn an_email_reset_code_leads_to_needs_new_password_and_reset_password_signs_in_with_the_new_password() {
    let srv = TestServer::start().await;
    let a = account(&srv).await;
    let c = browser();
    let si = start(&srv, &c, &a.email).await;

    let prepared =
        sign_in_step(&srv, &c, &si, "prepare_first_factor", &[("strategy", "reset_password_email_code"), ("email_address_id", &a.email_id)])
            .await
            .ok();
    let v = &prepared["response"]["first_factor_verification"];
    assert_eq!((v["status"].as_str(), v["strategy"].as_str()), (Some("unverified"), Some("reset_password_email_code")));
    let message = &srv.outbox(Some(&a.email)).await[0];
    assert!(message["subject"].as_str().unwrap().contains("password reset"), "{message}");
    assert!(message["body"].as_str().unwrap().contains("password reset code"), "{message}");
    let code = message["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 6);

    srv.post(&c, "/v1/client/sign_ins/x/reset_password", "password=whatever-long-enough").await.error(404, "resource_not_found");
    sign_in_step(&srv, &c, &si, "reset_password", &[("password", NEW_PASSWORD)]).await.error(400, "client_state_invalid");

    let body = sign_in_step(&srv, &c, &si, "attempt_first_factor", &[("strategy", "reset_password_email_code"), ("code", &code)]).await.ok();
    let r = &body["response"];
    assert_eq!(r["status"], "needs_new_password");
    assert_eq!(r["first_factor_verification"]["status"], "verified");
    assert_eq!(r["first_factor_verification"]["strategy"], "reset_password_email_code");
    assert_eq!(r["created_session_id"], Value::Null);
    assert_eq!(body["client"]["sign_in"]["status"], "needs_new_password");
    // The first factor cannot be redone now.
    sign_in_step(&srv, &c, &si, "attempt_first_factor", &[("strategy", "password"), ("password", PASSWORD)])
        .await
        .error(400, "verification_already_verified");

    // Too short: Clerk's error at `password`, nothing changes.
    let before = srv.snapshot().await;
    sign_in_step(&srv, &c, &si, "reset_password", &[("password", "short")]).await.param_error(422, "form_password_length_too_short", "password");
    sign_in_step(&srv, &c, &si, "reset_password", &[]).await.param_error(422, "form_param_missing", "password");
    srv.assert_unchanged(&before).await;

    let done = sign_in_step(&srv, &c, &si, "reset_password", &[("password", NEW_PASSWORD), ("sign_out_of_other_sessions", "false")]).await.ok();
    let r = &done["response"];
    assert_eq!(r["status"], "complete");
    let session_id = r["created_session_id"].as_str().expect("a session").to_string();
    assert_eq!(done["client"]["last_active_session_id"], session_id.as_str());
    assert_eq!(done["client"]["sign_in"], Value::Null, "a completed sign-in leaves the client");
    assert_eq!(done["client"]["sessions"][0]["user"]["id"], a.id.as_str());

    // The new password signs in; the old one no longer does.
    let fresh = browser();
    let old = srv.post(&fresh, "/v1/client/sign_ins", &form(&[("identifier", &a.email), ("password", PASSWORD), ("strategy", "password")])).await;
    old.error(422, "form_password_incorrect");
    let new =
        srv.post(&fresh, "/v1/client/sign_ins", &form(&[("identifier", &a.email), ("password", NEW_PASSWORD), ("strategy", "password")])).await.ok();
    assert_eq!(new["response"]["status"], "complete");
}

#[tokio::test]
async fn a_phone_reset_code_works_the_same_way() {
    let srv = TestServer::start().await;
    let a = account(&srv).await;
    let c = browser();
    let si = start(&srv, &c, &a.email).await;
    let prepared =
        sign_in_step(&srv, &c, &si, "prepare_first_factor", &[("strategy", "reset_password_phone_code"), ("phone_number_id", &a.phone_id)])
            .await
            .ok();
    assert_eq!(prepared["response"]["first_factor_verification"]["strategy"], "reset_password_phone_code");
    let sms = srv.outbox(None).await.into_iter().find(|m| m["channel"] == "sms").expect("an SMS");
    assert!(sms["body"].as_str().unwrap().contains("password reset code"), "{sms}");
    let code = sms["code"].as_str().unwrap().to_string();
    let body = sign_in_step(&srv, &c, &si, "attempt_first_factor", &[("strategy", "reset_password_phone_code"), ("code", &code)]).await.ok();
    assert_eq!(body["response"]["status"], "needs_new_password");
    let done = sign_in_step(&srv, &c, &si, "reset_password", &[("password", NEW_PASSWORD)]).await.ok();
    assert_eq!(done["response"]["status"], "complete");
}

#[tokio::test]
async fn wrong_failed_and_expired_reset_codes_are_refused_like_sign_in_codes() {
    let srv = TestServer::start().await;
    let a = account(&srv).await;
    let c = browser();
    let si = start(&srv, &c, &a.email).await;
    let prepare = [("strategy", "reset_password_email_code"), ("email_address_id", a.email_id.as_str())];

    // Attempting before preparing.
    sign_in_step(&srv, &c, &si, "attempt_first_factor", &[("strategy", "reset_password_email_code"), ("code", "123456")])
        .await
        .error(400, "verification_missing");
    // Another user's identification.
    sign_in_step(&srv, &c, &si, "prepare_first_factor", &[("strategy", "reset_password_email_code"), ("email_address_id", "idn_nope")])
        .await
        .param_error(422, "form_param_value_invalid", "email_address_id");

    sign_in_step(&srv, &c, &si, "prepare_first_factor", &prepare).await.ok();
    let code = srv.latest_code(&a.email).await;
    let attempt = |code: String| {
        let (srv, c, si) = (&srv, &c, &si);
        async move { sign_in_step(srv, c, si, "attempt_first_factor", &[("strategy", "reset_password_email_code"), ("code", &code)]).await }
    };
    attempt(wrong_code(&code).into()).await.param_error(422, "form_code_incorrect", "code");
    attempt(wrong_code(&code).into()).await.param_error(422, "form_code_incorrect", "code");
    attempt(wrong_code(&code).into()).await.error(400, "verification_failed");
    attempt(code.clone()).await.error(400, "verification_failed");

    // A new code; ten minutes later it has expired.
    sign_in_step(&srv, &c, &si, "prepare_first_factor", &prepare).await.ok();
    let code = srv.latest_code(&a.email).await;
    srv.clock.advance(10 * 60 * 1000);
    attempt(code).await.error(400, "verification_expired");
    let si_now = srv.get(&c, &format!("/v1/client/sign_ins/{}", si["id"].as_str().unwrap())).await.ok();
    assert_eq!(si_now["response"]["status"], "needs_first_factor");
    assert_eq!(si_now["response"]["first_factor_verification"]["status"], "expired");
}

#[tokio::test]
async fn sign_out_of_other_sessions_revokes_the_users_other_sessions() {
    let srv = TestServer::start_with(Config::from_toml("[session]\nsingle_session_mode = false").unwrap()).await;
    let a = account(&srv).await;
    let elsewhere = browser();
    let other = srv.post(&elsewhere, "/v1/client/sign_ins", &form(&[("identifier", &a.email), ("password", PASSWORD)])).await.ok();
    let other_session = other["response"]["created_session_id"].as_str().unwrap().to_string();

    let c = browser();
    let si = verified_reset(&srv, &c, &a).await;
    assert_eq!(si["status"], "needs_new_password");
    let done = sign_in_step(&srv, &c, &si, "reset_password", &[("password", NEW_PASSWORD), ("sign_out_of_other_sessions", "true")]).await.ok();
    let new_session = done["response"]["created_session_id"].as_str().unwrap().to_string();
    assert_eq!(done["client"]["sessions"][0]["status"], "active");

    let sessions = srv.bapi_get(&format!("/v1/sessions?user_id={}", a.id)).await.ok();
    let status_of = |id: &str| sessions.as_array().unwrap().iter().find(|s| s["id"] == id).map(|s| s["status"].clone());
    assert_eq!(status_of(&other_session), Some(json!("revoked")));
    assert_eq!(status_of(&new_session), Some(json!("active")));
}

#[tokio::test]
async fn reset_password_on_a_sign_in_the_client_replaced_is_refused() {
    let srv = TestServer::start().await;
    let a = account(&srv).await;
    let b = account(&srv).await;
    let c = browser();
    let si = verified_reset(&srv, &c, &a).await;
    // Meanwhile the client signs in as someone else (a ticket from the Backend API): the
    // reset sign-in is no longer the client's.
    let ticket = srv.sign_in_token(&b.id).await;
    srv.ticket_sign_in(&c, "", &ticket).await.ok();
    sign_in_step(&srv, &c, &si, "reset_password", &[("password", NEW_PASSWORD)]).await.error(403, "resource_forbidden");
}

//! `POST /v1/client/sign_ins` (the ticket strategy) and `GET /v1/client/sign_ins/{id}`: success,
//! every way a ticket or a request body is refused (each changing nothing), single-session mode,
//! and sign-ins being private to their client.

mod common;

use clerk_devserver::config::Config;
use common::{browser, send, TestServer};
use reqwest::header::CONTENT_TYPE;
use serde_json::json;

#[tokio::test]
async fn a_ticket_completes_the_sign_in_with_a_new_session() {
    let srv = TestServer::start().await;
    let user = srv.new_user().await;
    let ticket = srv.sign_in_token(&user).await;
    let body = srv.ticket_sign_in(&srv.http, "", &ticket).await.ok();

    let sign_in = &body["response"];
    assert_eq!(sign_in["object"], "sign_in_attempt");
    assert!(sign_in["id"].as_str().unwrap().starts_with("sia_"));
    assert_eq!(sign_in["status"], "complete");
    assert_eq!(sign_in["first_factor_verification"]["strategy"], "ticket");
    assert_eq!(sign_in["first_factor_verification"]["status"], "verified");
    let client = &body["client"];
    assert_eq!(client["sign_in"], serde_json::Value::Null, "a completed sign-in leaves the client");
    assert_eq!(client["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(sign_in["created_session_id"], client["sessions"][0]["id"]);
    assert_eq!(sign_in["created_session_id"], client["last_active_session_id"]);
    assert_eq!(client["sessions"][0]["user"]["id"], user.as_str());
    assert_eq!(srv.token_status(&ticket).await, "accepted");

    // The user's last sign-in is recorded.
    let u = srv.bapi_get(&format!("/v1/users/{user}")).await.ok();
    assert_eq!(u["last_sign_in_at"], srv.st.now());
}

#[tokio::test]
async fn the_strategy_defaults_to_ticket_when_a_ticket_is_given() {
    let srv = TestServer::start().await;
    let ticket = srv.sign_in_token(&srv.new_user().await).await;
    let body = srv.post(&srv.http, "/v1/client/sign_ins", &format!("ticket={ticket}")).await.ok();
    assert_eq!(body["response"]["status"], "complete");
}

#[tokio::test]
async fn a_used_unknown_or_expired_ticket_is_refused_and_changes_nothing() {
    let srv = TestServer::start().await;
    let user = srv.new_user().await;
    let used = srv.sign_in_token(&user).await;
    srv.ticket_sign_in(&browser(), "", &used).await.ok();
    let short = srv.sign_in_token_for(json!({"user_id": user, "expires_in_seconds": 60})).await;
    srv.clock.advance(61_000);

    let before = srv.snapshot().await;
    let cases =
        [(used.as_str(), "sign_in_token_already_used_code"), ("not-a-ticket", "ticket_invalid_code"), (short.as_str(), "ticket_expired_code")];
    for (ticket, code) in cases {
        let res = srv.ticket_sign_in(&srv.http, "", ticket).await;
        res.param_error(400, code, "ticket");
        assert!(res.client_cookie().is_none(), "{code}: no client was created");
    }
    srv.assert_unchanged(&before).await;
    assert_eq!(srv.token_status(&short).await, "pending");
}

#[tokio::test]
async fn a_ticket_is_good_until_it_expires() {
    let srv = TestServer::start().await;
    let ticket = srv.sign_in_token_for(json!({"user_id": srv.new_user().await, "expires_in_seconds": 60})).await;
    srv.clock.advance(59_999);
    srv.ticket_sign_in(&srv.http, "", &ticket).await.ok();
}

#[tokio::test]
async fn missing_or_unknown_parameters_are_refused_and_change_nothing() {
    let srv = TestServer::start().await;
    let before = srv.snapshot().await;
    let post = |form: &'static str| srv.post(&srv.http, "/v1/client/sign_ins", form);
    post("strategy=ticket").await.param_error(422, "form_param_missing", "ticket");
    post("strategy=ticket&ticket=").await.param_error(422, "form_param_nil", "ticket");
    // Without a ticket, a sign-in starts from an identifier (see sign_in_flows.rs).
    post("").await.param_error(422, "form_param_missing", "identifier");
    post("identifier=a%40b.com").await.param_error(422, "form_identifier_not_found", "identifier");
    post("strategy=password&identifier=a%40b.com").await.param_error(422, "form_param_missing", "password");
    post("strategy=oauth_myspace&identifier=a%40b.com").await.param_error(422, "form_param_value_invalid", "strategy");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn a_malformed_or_json_body_is_refused_and_changes_nothing() {
    let srv = TestServer::start().await;
    let ticket = srv.sign_in_token(&srv.new_user().await).await;
    let before = srv.snapshot().await;

    let res = srv.post(&srv.http, "/v1/client/sign_ins", "strategy=ticket&ticket=%FF").await;
    res.param_error(422, "form_param_value_invalid", "ticket");
    let json_body = json!({"strategy": "ticket", "ticket": ticket});
    let res = send(srv.http.post(srv.fapi("/v1/client/sign_ins")).json(&json_body)).await;
    res.error(415, "unsupported_content_type");
    let req = srv.http.post(srv.fapi("/v1/client/sign_ins")).header(CONTENT_TYPE, "text/plain");
    let res = send(req.body(format!("ticket={ticket}"))).await;
    res.error(415, "unsupported_content_type");

    srv.assert_unchanged(&before).await;
    assert_eq!(srv.token_status(&ticket).await, "pending");
}

#[tokio::test]
async fn single_session_mode_refuses_a_second_sign_in_until_sign_out() {
    let srv = TestServer::start().await;
    let first = srv.signed_in(&srv.http).await;
    let second_user = srv.new_user().await;
    let ticket = srv.sign_in_token(&second_user).await;

    let before = srv.snapshot().await;
    srv.ticket_sign_in(&srv.http, "", &ticket).await.error(400, "session_exists");
    srv.assert_unchanged(&before).await;
    assert_eq!(srv.token_status(&ticket).await, "pending");

    srv.delete(&srv.http, "/v1/client/sessions").await.ok();
    let body = srv.ticket_sign_in(&srv.http, "", &ticket).await.ok();
    assert_eq!(body["client"]["id"], first.client_id.as_str(), "the same client");
    let sessions = body["client"]["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["user"]["id"], second_user.as_str());
}

#[tokio::test]
async fn multi_session_mode_allows_a_second_sign_in() {
    let config = Config::from_toml("[session]\nsingle_session_mode = false").unwrap();
    let srv = TestServer::start_with(config).await;
    let first = srv.signed_in(&srv.http).await;
    let second = srv.signed_in(&srv.http).await;
    assert_eq!(first.client_id, second.client_id);
    // Both sessions start in the same millisecond (the clock is still): creation order still holds.
    let client = srv.get(&srv.http, "/v1/client").await.ok()["response"].clone();
    let ids: Vec<&str> = client["sessions"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [first.session_id.as_str(), second.session_id.as_str()]);
    assert_eq!(client["last_active_session_id"], second.session_id.as_str());
}

#[tokio::test]
async fn a_sign_in_is_visible_only_to_its_own_client() {
    let srv = TestServer::start().await;
    let mine = srv.signed_in(&srv.http).await;
    let sign_in_id = mine.body["response"]["id"].as_str().unwrap();
    let path = format!("/v1/client/sign_ins/{sign_in_id}");

    let body = srv.get(&srv.http, &path).await.ok();
    assert_eq!(body["response"]["id"], sign_in_id);
    assert_eq!(body["response"]["status"], "complete");
    assert_eq!(body["client"]["id"], mine.client_id.as_str());

    let other = browser();
    srv.signed_in(&other).await;
    let before = srv.snapshot().await;
    srv.get(&other, &path).await.error(404, "resource_not_found");
    srv.get(&srv.http, "/v1/client/sign_ins/sia_unknown").await.error(404, "resource_not_found");
    srv.get(&browser(), &path).await.error(400, "client_not_found");
    srv.assert_unchanged(&before).await;
}

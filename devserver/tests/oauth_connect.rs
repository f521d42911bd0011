//! Connecting an OAuth account to the signed-in user (`/v1/me/external_accounts`, PROTOCOL.md
//! §7a) through the mock provider: approve, deny, an identity claimed by another user, a
//! provider connected twice, redirect URLs that are refused, reauthorize, delete.

mod common;
mod oauth_common;

use common::{browser, next_unique, TestServer};
use oauth_common::*;
use serde_json::{json, Value};

/// The first email address of the signed-in user's JSON.
fn email_of(user: &Value) -> String {
    user["email_addresses"][0]["email_address"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn connecting_notion_and_approving_verifies_the_account() {
    let srv = TestServer::start().await;
    let signed = srv.signed_in(&srv.http).await;
    let before_ms = srv.st.now();
    let body = connect(&srv, &srv.http, &[("strategy", "oauth_notion"), ("redirect_url", "/done")]).await.ok();
    let a = &body["response"];
    assert_eq!(a["object"], "external_account");
    assert!(a["id"].as_str().unwrap().starts_with("eac_"));
    assert_eq!(a["provider"], "oauth_notion");
    assert!(a["identification_id"].as_str().unwrap().starts_with("idn_"));
    assert_eq!((&a["provider_user_id"], &a["approved_scopes"], &a["email_address"]), (&json!(""), &json!(""), &json!("")));
    let v = &a["verification"];
    assert_eq!(
        (&v["status"], &v["strategy"], &v["attempts"], &v["error"]),
        (&json!("unverified"), &json!("oauth_notion"), &Value::Null, &Value::Null)
    );
    assert_eq!(v["expire_at"].as_i64().unwrap() - before_ms, 10 * 60 * 1000);
    let url = provider_url(v);
    assert!(url.starts_with(&format!("{}/dev/oauth/notion/authorize?", srv.base)), "{url}");
    assert_eq!(query_param(&url, "redirect_uri").unwrap(), format!("{}/v1/oauth_callback", srv.base));
    assert_eq!(query_param(&url, "scope").unwrap(), "read_content read_user_with_email");
    assert_eq!(query_param(&url, "response_type").unwrap(), "code");
    assert!(query_param(&url, "client_id").unwrap().starts_with("notion-ins_"));
    assert_eq!(query_param(&url, "state").unwrap().len(), 43);
    // The piggybacked client already lists the pending account.
    let user = &body["client"]["sessions"][0]["user"];
    assert_eq!(account(user, "oauth_notion")["verification"]["status"], "unverified");

    let back = round_trip(&srv, &url, "approve", &[]).await;
    assert_eq!(back, format!("{APP}/done"), "a relative redirect_url resolves against the page's Origin");

    let user = me(&srv, &srv.http).await;
    assert_eq!(user["id"], signed.user_id.as_str());
    let n = account(&user, "oauth_notion");
    assert_eq!(n["id"], a["id"]);
    assert_eq!(n["identification_id"], a["identification_id"]);
    assert_eq!(n["verification"]["status"], "verified");
    assert_eq!(n["verification"]["external_verification_redirect_url"], Value::Null);
    assert_eq!(n["verification"]["verified_at_client"], signed.client_id.as_str());
    assert_eq!(n["approved_scopes"], "read_content read_user_with_email");
    assert_eq!(n["provider_user_id"].as_str().unwrap().len(), 36, "a Notion-shaped (UUID) user id");
    assert_eq!(n["email_address"], email_of(&user).as_str(), "the proposed identity is the user's own");
    assert_eq!((&n["first_name"], &n["email_address_verified"]), (&json!("Test"), &json!(true)));
    assert!(n["image_url"].as_str().unwrap().starts_with(&format!("{}/dev/avatar?initials=", srv.base)));
    assert_eq!(n["avatar_url"], n["image_url"]);
    assert_eq!(user["email_addresses"].as_array().unwrap().len(), 1, "the user's own email address is not added twice");
}

#[tokio::test]
async fn an_approved_identity_with_a_new_email_address_adds_it_verified() {
    let srv = TestServer::start().await;
    srv.signed_in(&srv.http).await;
    let a = start_connect(&srv, &srv.http, "oauth_google").await;
    let email = format!("gmail{}@example.com", next_unique());
    round_trip(
        &srv,
        &provider_url(&a["verification"]),
        "approve",
        &[("email_address", &email), ("provider_user_id", "110616044525675616994"), ("first_name", "Grace"), ("last_name", "Hopper")],
    )
    .await;
    let user = me(&srv, &srv.http).await;
    let g = account(&user, "oauth_google");
    assert_eq!((&g["provider_user_id"], &g["email_address"]), (&json!("110616044525675616994"), &json!(email)));
    assert_eq!((&g["first_name"], &g["last_name"]), (&json!("Grace"), &json!("Hopper")));
    assert_eq!(g["approved_scopes"], "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile");
    let added = user["email_addresses"].as_array().unwrap().iter().find(|e| e["email_address"] == email.as_str()).expect("email added");
    assert_eq!((&added["verification"]["status"], &added["verification"]["strategy"]), (&json!("verified"), &json!("from_oauth_google")));
}

#[tokio::test]
async fn additional_scopes_are_asked_for_and_approved() {
    let srv = TestServer::start().await;
    srv.signed_in(&srv.http).await;
    let body = connect(
        &srv,
        &srv.http,
        &[("strategy", "oauth_github"), ("redirect_url", &format!("{APP}/settings")), ("additional_scope", "repo"), ("additional_scope", "read:org")],
    )
    .await
    .ok();
    let url = provider_url(&body["response"]["verification"]);
    assert_eq!(query_param(&url, "scope").unwrap(), "user:email read:user repo read:org");
    assert_eq!(round_trip(&srv, &url, "approve", &[]).await, format!("{APP}/settings"));
    let gh = account(&me(&srv, &srv.http).await, "oauth_github").clone();
    assert_eq!(gh["approved_scopes"], "user:email read:user repo read:org");
    assert_eq!(gh["provider_user_id"].as_str().unwrap().len(), 8);
}

#[tokio::test]
async fn denying_fails_the_account_with_oauth_access_denied() {
    let srv = TestServer::start().await;
    srv.signed_in(&srv.http).await;
    let a = start_connect(&srv, &srv.http, "oauth_notion").await;
    let cb = callback_url(&srv, &provider_url(&a["verification"]), "deny", &[]).await;
    assert_eq!(query_param(&cb, "error").as_deref(), Some("access_denied"));
    assert_eq!(query_param(&cb, "code"), None);
    assert_eq!(see_other(&follow(&cb).await), format!("{APP}/done"));
    let n = account(&me(&srv, &srv.http).await, "oauth_notion").clone();
    assert_eq!(n["verification"]["status"], "failed");
    assert_eq!(n["verification"]["error"]["code"], "oauth_access_denied");
    assert_eq!(n["verification"]["error"]["long_message"], "You did not grant access to your Notion account");
    assert!(n["verification"]["error"]["message"].is_string());
    assert_eq!(n["provider_user_id"], "", "nothing connected");
}

#[tokio::test]
async fn an_identity_of_another_user_is_claimed() {
    let srv = TestServer::start().await;
    let other_email = format!("taken{}@example.com", next_unique());
    srv.create_user(json!({"email_address": [other_email]})).await;
    // The other user's Notion identity, connected on another browser.
    let b = browser();
    srv.signed_in(&b).await;
    let theirs = start_connect(&srv, &b, "oauth_notion").await;
    round_trip(&srv, &provider_url(&theirs["verification"]), "approve", &[]).await;
    let their_id = account(&me(&srv, &b).await, "oauth_notion")["provider_user_id"].as_str().unwrap().to_string();

    srv.signed_in(&srv.http).await;
    let emails_before = me(&srv, &srv.http).await["email_addresses"].clone();
    let fresh = format!("fresh{}@example.com", next_unique());
    for changes in [vec![("email_address", other_email.as_str())], vec![("provider_user_id", their_id.as_str()), ("email_address", fresh.as_str())]] {
        let a = start_connect(&srv, &srv.http, "oauth_notion").await;
        assert_eq!(round_trip(&srv, &provider_url(&a["verification"]), "approve", &changes).await, format!("{APP}/done"));
        let user = me(&srv, &srv.http).await;
        let n = account(&user, "oauth_notion");
        // As a captured FAPI client shows it: status expired, the claimed error.
        assert_eq!(n["verification"]["status"], "expired", "{changes:?}");
        assert_eq!(n["verification"]["error"]["code"], "oauth_identification_claimed");
        assert_eq!(n["provider_user_id"], "");
        assert_eq!(user["email_addresses"], emails_before, "no email address was added");
    }
}

#[tokio::test]
async fn a_provider_is_connected_once_and_a_pending_attempt_is_replaced() {
    let srv = TestServer::start().await;
    srv.signed_in(&srv.http).await;
    let first = start_connect(&srv, &srv.http, "oauth_github").await;
    let second = start_connect(&srv, &srv.http, "oauth_github").await;
    assert_ne!(first["id"], second["id"]);
    let accounts = me(&srv, &srv.http).await["external_accounts"].as_array().unwrap().clone();
    assert_eq!(accounts.len(), 1, "the pending attempt was replaced");
    let stale = consent(&provider_url(&first["verification"])).await;
    assert_eq!(stale.status, 400, "the replaced attempt's state is gone");
    assert!(stale.text.contains("oauth_callback_invalid"));

    round_trip(&srv, &provider_url(&second["verification"]), "approve", &[]).await;
    let before = srv.snapshot().await;
    connect(&srv, &srv.http, &[("strategy", "oauth_github"), ("redirect_url", "/done")]).await.error(400, "oauth_account_already_connected");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn redirect_urls_off_the_allowed_origins_are_refused_and_create_nothing() {
    let srv = TestServer::start().await;
    srv.signed_in(&srv.http).await;
    let before = srv.snapshot().await;
    for bad in [
        "javascript:alert(document.domain)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "https://evil.example/steal",
        "http://evil.example/",
        "//evil.example/x",
        "/\\evil.example/x",
        "http://user:pw@127.0.0.1:3999/",
        "ftp://127.0.0.1/x",
        "https://127.0.0.1:3999/",
        "http://127.0.0.1.evil.example/",
    ] {
        let e = connect(&srv, &srv.http, &[("strategy", "oauth_notion"), ("redirect_url", bad)]).await.param_error(
            422,
            "invalid_redirect_url",
            "redirect_url",
        );
        assert!(e["long_message"].is_string(), "{bad}");
    }
    // Without an Origin a relative URL has nothing to resolve against.
    let res = srv.post(&srv.http, "/v1/me/external_accounts", "strategy=oauth_notion&redirect_url=%2Fdone").await;
    res.param_error(422, "invalid_redirect_url", "redirect_url");
    connect(&srv, &srv.http, &[("strategy", "oauth_notion")]).await.param_error(422, "form_param_missing", "redirect_url");
    srv.assert_unchanged(&before).await;

    // The dev server's own pages are allowed.
    let own = format!("{}/www/profile.html", srv.base);
    let ok = connect(&srv, &srv.http, &[("strategy", "oauth_notion"), ("redirect_url", &own)]).await.ok();
    assert_eq!(round_trip(&srv, &provider_url(&ok["response"]["verification"]), "approve", &[]).await, own);
    assert_eq!(account(&me(&srv, &srv.http).await, "oauth_notion")["verification"]["status"], "verified");
}

#[tokio::test]
async fn strategies_scopes_and_sessions_are_checked() {
    let srv = TestServer::start().await;
    srv.signed_in(&srv.http).await;
    let before = srv.snapshot().await;
    let srv = &srv;
    let go = |pairs: Vec<(&'static str, &'static str)>| async move { connect(srv, &srv.http, &pairs).await };
    go(vec![("redirect_url", "/done")]).await.param_error(422, "form_param_missing", "strategy");
    go(vec![("strategy", "oauth_myspace"), ("redirect_url", "/done")]).await.param_error(422, "form_param_value_invalid", "strategy");
    go(vec![("strategy", "email_code"), ("redirect_url", "/done")]).await.param_error(422, "form_param_value_invalid", "strategy");
    let e = go(vec![("strategy", "oauth_discord"), ("redirect_url", "/done")]).await.error(400, "oauth_provider_not_enabled");
    assert!(e["long_message"].as_str().unwrap().contains("Discord"));
    go(vec![("strategy", "oauth_github"), ("redirect_url", "/done"), ("additional_scope", "\"quoted\"")]).await.param_error(
        422,
        "form_param_format_invalid",
        "additional_scope",
    );
    // Nobody signed in on this browser.
    connect(srv, &browser(), &[("strategy", "oauth_github"), ("redirect_url", "/done")]).await.error(401, "authentication_invalid");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn reauthorize_asks_again_for_more_scopes() {
    let srv = TestServer::start().await;
    srv.signed_in(&srv.http).await;
    let a = start_connect(&srv, &srv.http, "oauth_github").await;
    round_trip(&srv, &provider_url(&a["verification"]), "approve", &[("provider_user_id", "583231")]).await;
    let id = a["id"].as_str().unwrap();
    let path = format!("/v1/me/external_accounts/{id}/reauthorize?_method=PATCH");

    let first = post_from(&srv, &srv.http, APP, &path, &[("redirect_url", "/again")]).await.ok();
    let body = post_from(&srv, &srv.http, APP, &path, &[("redirect_url", "/again"), ("additional_scope", "repo")]).await.ok();
    let r = &body["response"];
    assert_eq!(r["id"], id);
    assert_eq!(r["verification"]["status"], "unverified");
    assert_eq!(r["provider_user_id"], "583231", "the account keeps its identity meanwhile");
    let url = provider_url(&r["verification"]);
    assert_eq!(query_param(&url, "scope").unwrap(), "user:email read:user repo");
    // The newer round trip replaced the first one.
    assert_eq!(consent(&provider_url(&first["response"]["verification"])).await.status, 400);
    let page = consent(&url).await;
    assert_eq!(input_value(&page.text, "provider_user_id"), "583231", "the consent page proposes the account's identity");
    assert_eq!(round_trip(&srv, &url, "approve", &[]).await, format!("{APP}/again"));
    let gh = account(&me(&srv, &srv.http).await, "oauth_github").clone();
    assert_eq!((&gh["verification"]["status"], &gh["approved_scopes"]), (&json!("verified"), &json!("user:email read:user repo")));

    let before = srv.snapshot().await;
    post_from(&srv, &srv.http, APP, &path, &[("redirect_url", "javascript:alert(1)")]).await.param_error(422, "invalid_redirect_url", "redirect_url");
    post_from(&srv, &srv.http, APP, &path, &[]).await.param_error(422, "form_param_missing", "redirect_url");
    let other = "/v1/me/external_accounts/eac_nope/reauthorize?_method=PATCH";
    post_from(&srv, &srv.http, APP, other, &[("redirect_url", "/x")]).await.error(404, "external_account_not_found");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn delete_disconnects_the_account_and_keeps_the_email() {
    let srv = TestServer::start().await;
    srv.signed_in(&srv.http).await;
    let a = start_connect(&srv, &srv.http, "oauth_google").await;
    let email = format!("g{}@example.com", next_unique());
    round_trip(&srv, &provider_url(&a["verification"]), "approve", &[("email_address", &email)]).await;
    let id = a["id"].as_str().unwrap();

    // Another user cannot delete it.
    let b = browser();
    srv.signed_in(&b).await;
    let path = format!("/v1/me/external_accounts/{id}?_method=DELETE");
    post_from(&srv, &b, APP, &path, &[]).await.error(404, "external_account_not_found");

    let body = post_from(&srv, &srv.http, APP, &path, &[]).await.ok();
    assert_eq!(body["response"], json!({"object": "external_account", "id": id, "deleted": true}));
    let user = &body["client"]["sessions"][0]["user"];
    assert_eq!(user["external_accounts"], json!([]));
    assert!(user["email_addresses"].as_array().unwrap().iter().any(|e| e["email_address"] == email.as_str()));
    post_from(&srv, &srv.http, APP, &path, &[]).await.error(404, "external_account_not_found");
    // A real DELETE works too.
    let again = start_connect(&srv, &srv.http, "oauth_google").await;
    let res = srv.delete(&srv.http, &format!("/v1/me/external_accounts/{}", again["id"].as_str().unwrap())).await;
    assert_eq!(res.ok()["response"]["deleted"], true);
}

#[tokio::test]
async fn an_email_address_links_to_the_account_that_verified_it() {
    let srv = TestServer::start().await;
    srv.signed_in(&srv.http).await;
    let a = start_connect(&srv, &srv.http, "oauth_google").await;
    round_trip(&srv, &provider_url(&a["verification"]), "approve", &[]).await;
    let user = me(&srv, &srv.http).await;
    let email_id = user["email_addresses"][0]["id"].as_str().unwrap().to_string();
    let identification = a["identification_id"].clone();
    let st = srv.st.clone();
    let linked = srv.st.db.tx(move |tx| clerk_devserver::wire::Render::new(&st, None).linked_to(tx, &email_id)).await.unwrap();
    // For `email_address.linked_to`, which wire/mod.rs renders (its owner wires it in).
    assert_eq!(linked, vec![json!({"type": "oauth_google", "id": identification})]);
}

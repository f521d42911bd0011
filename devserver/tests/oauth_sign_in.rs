//! Signing in and up with OAuth (PROTOCOL.md §7b) through the mock provider: a known identity
//! signs its user in (by provider user id, or by a verified email address, which links it); an
//! unknown one is transferred to a sign-up; a sign-up by OAuth creates the user, or transfers to
//! a sign-in when the identity is known; a denial, a claimed identity, and the refusals.

mod common;
mod oauth_common;

use clerk_devserver::config::Config;
use common::{browser, next_unique, TestServer};
use oauth_common::*;
use reqwest::Client;
use serde_json::{json, Value};

/// `POST /v1/client/sign_ins` (or `sign_ups`) from `APP` with an OAuth strategy, as ClerkJS sends it.
async fn start(srv: &TestServer, c: &Client, what: &str, strategy: &str) -> Value {
    let pairs = [("strategy", strategy), ("redirect_url", "/sign-in#/sso-callback"), ("action_complete_redirect_url", "/"), ("locale", "en-US")];
    post_from(srv, c, APP, &format!("/v1/client/{what}"), &pairs).await.ok()
}

/// The client of `c`.
async fn client(srv: &TestServer, c: &Client) -> Value {
    srv.get(c, "/v1/client").await.ok()["response"].clone()
}

/// A user with an email address (created through the Backend API); returns (id, email).
async fn user_with_email(srv: &TestServer) -> (String, String) {
    let email = format!("known{}@example.com", next_unique());
    let user = srv.create_user(json!({"email_address": [email], "first_name": "Known", "last_name": "Person"})).await;
    (user["id"].as_str().unwrap().to_string(), email)
}

#[tokio::test]
async fn a_connected_identity_signs_its_user_in() {
    let srv = TestServer::start().await;
    let owner = srv.signed_in(&srv.http).await;
    let a = start_connect(&srv, &srv.http, "oauth_google").await;
    round_trip(&srv, &provider_url(&a["verification"]), "approve", &[]).await;
    let google_id = account(&me(&srv, &srv.http).await, "oauth_google")["provider_user_id"].as_str().unwrap().to_string();

    let c = browser();
    let body = start(&srv, &c, "sign_ins", "oauth_google").await;
    let si = &body["response"];
    assert_eq!(si["status"], "needs_identifier");
    let f = &si["first_factor_verification"];
    assert_eq!((&f["status"], &f["strategy"], &f["object"]), (&json!("unverified"), &json!("oauth_google"), &json!("verification_oauth")));
    let url = provider_url(f);
    assert_eq!(body["client"]["sign_in"], *si, "the client carries the sign-in with its provider URL");

    // The provider proposes a fresh person; the user says who they are.
    let page = consent(&url).await;
    assert_ne!(input_value(&page.text, "provider_user_id"), google_id);
    assert!(page.text.contains("Sign in to"));
    let back = round_trip(&srv, &url, "approve", &[("provider_user_id", &google_id)]).await;
    assert_eq!(back, format!("{APP}/sign-in#/sso-callback"), "back to redirect_url, the SSO callback page");

    let cl = client(&srv, &c).await;
    let session = &cl["sessions"][0];
    assert_eq!(session["user"]["id"], owner.user_id.as_str());
    assert_eq!(cl["last_active_session_id"], session["id"]);
    // The completed sign-in stays on the client for the SSO callback page.
    assert_eq!(cl["sign_in"]["status"], "complete");
    assert_eq!(cl["sign_in"]["created_session_id"], session["id"]);
    assert_eq!(cl["sign_in"]["first_factor_verification"]["status"], "verified");
    let reloaded = srv.get(&c, &format!("/v1/client/sign_ins/{}", si["id"].as_str().unwrap())).await.ok();
    assert_eq!(reloaded["response"]["status"], "complete");
    assert_eq!(session["user"]["external_accounts"].as_array().unwrap().len(), 1, "no second account");
}

#[tokio::test]
async fn a_verified_email_address_signs_its_user_in_and_links_the_identity() {
    let srv = TestServer::start().await;
    let (user_id, email) = user_with_email(&srv).await;
    let body = start(&srv, &srv.http, "sign_ins", "oauth_github").await;
    round_trip(&srv, &provider_url(&body["response"]["first_factor_verification"]), "approve", &[("email_address", &email)]).await;
    let user = me(&srv, &srv.http).await;
    assert_eq!(user["id"], user_id.as_str());
    let gh = account(&user, "oauth_github");
    assert_eq!((&gh["verification"]["status"], &gh["email_address"]), (&json!("verified"), &json!(email)));
    assert_eq!(user["email_addresses"].as_array().unwrap().len(), 1);
    assert_eq!(client(&srv, &srv.http).await["sign_in"]["identifier"], email.as_str());
}

#[tokio::test]
async fn an_unknown_identity_is_transferred_to_a_sign_up() {
    let srv = TestServer::start().await;
    let body = start(&srv, &srv.http, "sign_ins", "oauth_google").await;
    let email = format!("new{}@example.com", next_unique());
    let url = provider_url(&body["response"]["first_factor_verification"]);
    round_trip(&srv, &url, "approve", &[("email_address", &email), ("first_name", "Nova"), ("last_name", "Newton")]).await;

    let cl = client(&srv, &srv.http).await;
    assert_eq!(cl["sessions"], json!([]), "nobody signed in yet");
    let f = &cl["sign_in"]["first_factor_verification"];
    assert_eq!(f["status"], "transferable");
    assert_eq!(f["error"]["code"], "external_account_not_found");
    assert_eq!(f["external_verification_redirect_url"], Value::Null);

    let su = post_from(&srv, &srv.http, APP, "/v1/client/sign_ups", &[("transfer", "true")]).await.ok();
    let s = &su["response"];
    assert_eq!(s["status"], "complete", "{s}");
    assert_eq!((&s["email_address"], &s["first_name"], &s["last_name"]), (&json!(email), &json!("Nova"), &json!("Newton")));
    assert_eq!(
        (&s["verifications"]["email_address"]["status"], &s["verifications"]["email_address"]["strategy"]),
        (&json!("verified"), &json!("from_oauth_google"))
    );
    assert_eq!(
        (&s["verifications"]["external_account"]["status"], &s["verifications"]["external_account"]["strategy"]),
        (&json!("verified"), &json!("oauth_google"))
    );
    assert_eq!(s["missing_fields"], json!([]));
    let session = &su["client"]["sessions"][0];
    assert_eq!(session["id"], s["created_session_id"]);
    assert_eq!(su["client"]["sign_in"], Value::Null, "the transferred sign-in is over");
    let user = &session["user"];
    assert_eq!(user["id"], s["created_user_id"]);
    assert_eq!(user["email_addresses"][0]["email_address"], email.as_str());
    assert_eq!(user["email_addresses"][0]["verification"]["strategy"], "from_oauth_google");
    assert_eq!(user["password_enabled"], false);
    let g = account(user, "oauth_google");
    assert_eq!(g["verification"]["status"], "verified");
    assert_eq!(g["provider_user_id"].as_str().unwrap().len(), 21, "a Google-shaped user id");
    assert_eq!(g["approved_scopes"], "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/userinfo.profile");

    // Nothing left to transfer; and the same identity now signs in.
    srv.post(&browser(), "/v1/client/sign_ups", "transfer=true").await.error(400, "account_transfer_invalid");
    let c = browser();
    let again = start(&srv, &c, "sign_ins", "oauth_google").await;
    let gid = g["provider_user_id"].as_str().unwrap().to_string();
    round_trip(&srv, &provider_url(&again["response"]["first_factor_verification"]), "approve", &[("provider_user_id", &gid)]).await;
    assert_eq!(me(&srv, &c).await["id"], user["id"]);
}

#[tokio::test]
async fn a_denied_sign_in_carries_oauth_access_denied() {
    let srv = TestServer::start().await;
    let body = start(&srv, &srv.http, "sign_ins", "oauth_facebook").await;
    assert_eq!(
        round_trip(&srv, &provider_url(&body["response"]["first_factor_verification"]), "deny", &[]).await,
        format!("{APP}/sign-in#/sso-callback")
    );
    let cl = client(&srv, &srv.http).await;
    assert_eq!(cl["sessions"], json!([]));
    let f = &cl["sign_in"]["first_factor_verification"];
    assert_eq!((&f["status"], &f["error"]["code"]), (&json!("failed"), &json!("oauth_access_denied")));
    assert_eq!(f["error"]["long_message"], "You did not grant access to your Facebook account");
    srv.post(&srv.http, "/v1/client/sign_ups", "transfer=true").await.error(400, "account_transfer_invalid");
}

#[tokio::test]
async fn an_identity_whose_email_another_user_holds_unverified_is_claimed() {
    let srv = TestServer::start().await;
    let (_, email) = user_with_email(&srv).await;
    srv.exec("UPDATE verifications SET status = 'unverified' WHERE id = (SELECT verification_id FROM identifications WHERE value = ?1)", &email)
        .await;
    let body = start(&srv, &srv.http, "sign_ins", "oauth_google").await;
    round_trip(&srv, &provider_url(&body["response"]["first_factor_verification"]), "approve", &[("email_address", &email)]).await;
    let cl = client(&srv, &srv.http).await;
    assert_eq!(cl["sessions"], json!([]));
    let f = &cl["sign_in"]["first_factor_verification"];
    assert_eq!((&f["status"], &f["error"]["code"]), (&json!("expired"), &json!("oauth_identification_claimed")));
}

#[tokio::test]
async fn sign_up_with_oauth_creates_the_user_at_the_callback() {
    let srv = TestServer::start().await;
    let body = start(&srv, &srv.http, "sign_ups", "oauth_github").await;
    let s = &body["response"];
    assert_eq!(s["status"], "missing_requirements");
    assert_eq!(s["missing_fields"], json!(["email_address"]), "no password needed with OAuth");
    let ext = &s["verifications"]["external_account"];
    assert_eq!((&ext["status"], &ext["strategy"]), (&json!("unverified"), &json!("oauth_github")));
    let url = provider_url(ext);
    let email = format!("octo{}@example.com", next_unique());
    round_trip(&srv, &url, "approve", &[("email_address", &email)]).await;

    let cl = client(&srv, &srv.http).await;
    let su = &cl["sign_up"];
    assert_eq!(su["status"], "complete", "the completed sign-up stays on the client for the SSO callback page");
    assert_eq!(su["verifications"]["external_account"]["status"], "verified");
    let session = &cl["sessions"][0];
    assert_eq!(session["id"], su["created_session_id"]);
    assert_eq!(cl["last_active_session_id"], session["id"]);
    assert_eq!(session["user"]["email_addresses"][0]["email_address"], email.as_str());
    assert_eq!(account(&session["user"], "oauth_github")["verification"]["status"], "verified");
}

#[tokio::test]
async fn sign_up_with_a_known_identity_transfers_to_a_sign_in() {
    let srv = TestServer::start().await;
    let (user_id, email) = user_with_email(&srv).await;
    let body = start(&srv, &srv.http, "sign_ups", "oauth_google").await;
    round_trip(&srv, &provider_url(&body["response"]["verifications"]["external_account"]), "approve", &[("email_address", &email)]).await;
    let cl = client(&srv, &srv.http).await;
    let ext = &cl["sign_up"]["verifications"]["external_account"];
    assert_eq!((&ext["status"], &ext["error"]["code"]), (&json!("transferable"), &json!("external_account_exists")));
    assert_eq!(cl["sessions"], json!([]));

    let si = post_from(&srv, &srv.http, APP, "/v1/client/sign_ins", &[("transfer", "true")]).await.ok();
    assert_eq!(si["response"]["status"], "complete");
    assert_eq!(si["client"]["sessions"][0]["user"]["id"], user_id.as_str());
    assert_eq!(si["client"]["sign_up"], Value::Null, "the transferred sign-up is over");
    assert_eq!(account(&si["client"]["sessions"][0]["user"], "oauth_google")["email_address"], email.as_str());
    srv.post(&browser(), "/v1/client/sign_ins", "transfer=true").await.error(400, "account_transfer_invalid");
}

#[tokio::test]
async fn an_oauth_sign_up_waits_for_required_names() {
    let srv = TestServer::start_with(Config::from_toml("names = \"required\"").unwrap()).await;
    let body = start(&srv, &srv.http, "sign_ups", "oauth_notion").await;
    let id = body["response"]["id"].as_str().unwrap().to_string();
    round_trip(&srv, &provider_url(&body["response"]["verifications"]["external_account"]), "approve", &[("first_name", ""), ("last_name", "")])
        .await;
    let su = client(&srv, &srv.http).await["sign_up"].clone();
    assert_eq!(su["status"], "missing_requirements");
    assert_eq!(su["missing_fields"], json!(["first_name", "last_name"]));
    assert_eq!(su["unverified_fields"], json!([]));
    let done = post_from(&srv, &srv.http, APP, &format!("/v1/client/sign_ups/{id}?_method=PATCH"), &[("first_name", "Late"), ("last_name", "Names")])
        .await
        .ok();
    assert_eq!(done["response"]["status"], "complete");
    let user = &done["client"]["sessions"][0]["user"];
    assert_eq!((&user["first_name"], &user["last_name"]), (&json!("Late"), &json!("Names")));
    assert_eq!(account(user, "oauth_notion")["verification"]["status"], "verified");
}

#[tokio::test]
async fn oauth_sign_ins_and_sign_ups_refuse_bad_parameters_and_change_nothing() {
    let srv = TestServer::start().await;
    let before = srv.snapshot().await;
    for what in ["sign_ins", "sign_ups"] {
        let path = format!("/v1/client/{what}");
        let go = |pairs: Vec<(&'static str, &'static str)>| {
            let path = path.clone();
            let srv = &srv;
            async move { post_from(srv, &srv.http, APP, &path, &pairs).await }
        };
        go(vec![("strategy", "oauth_google")]).await.param_error(422, "form_param_missing", "redirect_url");
        go(vec![("strategy", "oauth_google"), ("redirect_url", "javascript:alert(1)")]).await.param_error(
            422,
            "invalid_redirect_url",
            "redirect_url",
        );
        go(vec![("strategy", "oauth_google"), ("redirect_url", "https://evil.example/cb")]).await.param_error(
            422,
            "invalid_redirect_url",
            "redirect_url",
        );
        go(vec![("strategy", "oauth_google"), ("redirect_url", "/cb"), ("action_complete_redirect_url", "https://evil.example/")]).await.param_error(
            422,
            "invalid_redirect_url",
            "action_complete_redirect_url",
        );
        go(vec![("strategy", "oauth_slack"), ("redirect_url", "/cb")]).await.error(400, "oauth_provider_not_enabled");
        go(vec![("strategy", "oauth_myspace"), ("redirect_url", "/cb")]).await.param_error(422, "form_param_value_invalid", "strategy");
        go(vec![("transfer", "true")]).await.error(400, "account_transfer_invalid");
    }
    srv.assert_unchanged(&before).await;

    // Signed in already (one session per client): no OAuth sign-in or sign-up on this client.
    srv.signed_in(&srv.http).await;
    let before = srv.snapshot().await;
    post_from(&srv, &srv.http, APP, "/v1/client/sign_ins", &[("strategy", "oauth_google"), ("redirect_url", "/cb")])
        .await
        .error(400, "session_exists");
    post_from(&srv, &srv.http, APP, "/v1/client/sign_ups", &[("strategy", "oauth_google"), ("redirect_url", "/cb")])
        .await
        .error(400, "session_exists");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn restricted_sign_ups_refuse_oauth_sign_ups_and_transfers() {
    let srv = TestServer::start_with(Config::from_toml("sign_up_mode = \"restricted\"").unwrap()).await;
    post_from(&srv, &srv.http, APP, "/v1/client/sign_ups", &[("strategy", "oauth_google"), ("redirect_url", "/cb")])
        .await
        .error(403, "sign_up_mode_restricted");
    let body = start(&srv, &srv.http, "sign_ins", "oauth_google").await;
    round_trip(&srv, &provider_url(&body["response"]["first_factor_verification"]), "approve", &[]).await;
    assert_eq!(client(&srv, &srv.http).await["sign_in"]["first_factor_verification"]["status"], "transferable");
    post_from(&srv, &srv.http, APP, "/v1/client/sign_ups", &[("transfer", "true")]).await.error(403, "sign_up_mode_restricted");
}

#[tokio::test]
async fn one_progress_for_form_and_oauth_sign_ups() {
    // The dev server once computed a sign-up's progress in two places that disagreed on OAuth
    // sign-ups (one said a password was missing). Clerk's answer for an OAuth sign-up lists the
    // password as optional: the identity signs the user in.
    let srv = TestServer::start().await;
    let form =
        post_from(&srv, &browser(), APP, "/v1/client/sign_ups", &[("email_address", &format!("form{}@example.com", next_unique()))]).await.ok();
    let f = &form["response"];
    assert!(f["required_fields"].as_array().unwrap().contains(&json!("password")), "{f}");
    assert!(f["missing_fields"].as_array().unwrap().contains(&json!("password")), "{f}");

    let c = browser();
    let body = start(&srv, &c, "sign_ups", "oauth_google").await;
    let s = &body["response"];
    assert!(!s["required_fields"].as_array().unwrap().contains(&json!("password")), "{s}");
    assert_eq!(s["optional_fields"][0], "password", "{s}");
    assert_eq!(s["missing_fields"], json!(["email_address"]));

    // A password given before the provider answers is kept: the new user has it.
    let id = s["id"].as_str().unwrap().to_string();
    let patched =
        post_from(&srv, &c, APP, &format!("/v1/client/sign_ups/{id}?_method=PATCH"), &[("password", "correct-horse-battery-staple")]).await.ok();
    assert_eq!(patched["response"]["status"], "missing_requirements", "the identity is still missing");
    round_trip(&srv, &provider_url(&s["verifications"]["external_account"]), "approve", &[]).await;
    let cl = client(&srv, &c).await;
    assert_eq!(cl["sign_up"]["status"], "complete");
    assert_eq!(cl["sessions"][0]["user"]["password_enabled"], true);
}

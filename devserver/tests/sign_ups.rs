//! Sign-up (`/v1/client/sign_ups`): the attempt's JSON, email verification with a code from the
//! dev outbox, completion into a signed-in user, updates, the instance's required fields, and
//! every refusal (taken identifiers, invalid values, restricted sign-ups, codes) changing nothing.

mod common;

use clerk_devserver::config::Config;
use common::{browser, form, has_key, Resp, TestServer};
use reqwest::Client;
use serde_json::{json, Value};

const PASSWORD: &str = "correct-horse-battery";

/// Form pairs.
type Form<'a> = &'a [(&'a str, &'a str)];

async fn create(srv: &TestServer, c: &Client, pairs: &[(&str, &str)]) -> Resp {
    srv.post(c, "/v1/client/sign_ups", &form(pairs)).await
}

/// `POST /v1/client/sign_ups/{id}/<action>`, or `PATCH` (tunnelled as ClerkJS does) when
/// `action` is empty.
async fn step(srv: &TestServer, c: &Client, sign_up: &Value, action: &str, pairs: &[(&str, &str)]) -> Resp {
    let id = sign_up["id"].as_str().expect("sign-up id");
    let path = if action.is_empty() { format!("/v1/client/sign_ups/{id}?_method=PATCH") } else { format!("/v1/client/sign_ups/{id}/{action}") };
    srv.post(c, &path, &form(pairs)).await
}

/// Sends the email code and proves it; returns the response body.
async fn verify_email(srv: &TestServer, c: &Client, sign_up: &Value, email: &str) -> Value {
    step(srv, c, sign_up, "prepare_verification", &[("strategy", "email_code")]).await.ok();
    let code = srv.latest_code(email).await;
    step(srv, c, sign_up, "attempt_verification", &[("strategy", "email_code"), ("code", &code)]).await.ok()
}

#[tokio::test]
async fn sign_up_with_email_password_names_and_metadata_creates_a_signed_in_user() {
    let srv = TestServer::start().await;
    let body = create(
        &srv,
        &srv.http,
        &[
            ("email_address", "Grace@Example.com"),
            ("password", PASSWORD),
            ("first_name", "Grace"),
            ("last_name", "Hopper"),
            ("unsafe_metadata", r#"{"plan":"free","prefs":{"theme":"dark"}}"#),
            ("locale", "en-US"),
        ],
    )
    .await
    .ok();
    let su = body["response"].clone();
    assert_eq!(su["object"], "sign_up_attempt");
    assert!(su["id"].as_str().unwrap().starts_with("sua_"));
    assert_eq!(su["status"], "missing_requirements");
    assert_eq!(su["required_fields"], json!(["email_address", "password"]));
    assert_eq!(su["optional_fields"], json!(["phone_number", "username", "first_name", "last_name"]));
    assert_eq!(su["missing_fields"], json!([]));
    assert_eq!(su["unverified_fields"], json!(["email_address"]));
    assert_eq!(
        su["verifications"],
        json!({
            "email_address": {
                "status": "unverified", "strategy": "email_code", "attempts": null, "expire_at": null, "error": null,
                "verified_at_client": null, "next_action": "needs_prepare", "supported_strategies": ["email_code"],
            },
            "phone_number": null, "web3_wallet": null, "external_account": null,
        })
    );
    assert_eq!(su["email_address"], "Grace@Example.com");
    assert_eq!((su["first_name"].clone(), su["last_name"].clone()), (json!("Grace"), json!("Hopper")));
    assert_eq!(su["unsafe_metadata"], json!({"plan": "free", "prefs": {"theme": "dark"}}));
    assert_eq!(su["password_enabled"], true);
    assert!(!body.to_string().contains(PASSWORD) && !has_key(&body, "password"), "no password in {body}");
    assert_eq!(su["abandon_at"], srv.st.now() + 24 * 3600 * 1000);
    for key in ["username", "phone_number", "web3_wallet", "external_id", "created_session_id", "created_user_id", "legal_accepted_at"] {
        assert_eq!(su[key], Value::Null, "{key}");
    }
    assert_eq!(body["client"]["sign_up"], su, "the client carries the sign-up");
    assert!(body["client"]["sessions"].as_array().unwrap().is_empty());

    let body = step(&srv, &srv.http, &su, "prepare_verification", &[("strategy", "email_code")]).await.ok();
    let v = &body["response"]["verifications"]["email_address"];
    assert_eq!((v["status"].clone(), v["attempts"].clone(), v["next_action"].clone()), (json!("unverified"), json!(0), json!("needs_attempt")));
    assert_eq!(v["expire_at"], srv.st.now() + 10 * 60 * 1000);
    let messages = srv.outbox(Some("grace@example.com")).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["to"], "Grace@Example.com");
    let code = messages[0]["code"].as_str().unwrap();

    let body = step(&srv, &srv.http, &su, "attempt_verification", &[("strategy", "email_code"), ("code", code)]).await.ok();
    let done = &body["response"];
    assert_eq!(done["status"], "complete");
    assert_eq!(done["unverified_fields"], json!([]));
    assert_eq!(done["verifications"]["email_address"]["status"], "verified");
    assert_eq!(done["verifications"]["email_address"]["next_action"], "");
    let user_id = done["created_user_id"].as_str().expect("created_user_id");
    let client = &body["client"];
    assert_eq!(client["sign_up"], Value::Null, "a completed sign-up leaves the client");
    assert_eq!(client["sessions"][0]["id"], done["created_session_id"]);
    assert_eq!(client["sessions"][0]["status"], "active");
    assert_eq!(client["sessions"][0]["user"]["id"], user_id);
    assert_eq!(client["last_active_session_id"], done["created_session_id"]);

    let user = srv.bapi_get(&format!("/v1/users/{user_id}")).await.ok();
    assert_eq!(user["unsafe_metadata"], json!({"plan": "free", "prefs": {"theme": "dark"}}));
    assert_eq!(user["public_metadata"], json!({}));
    assert_eq!((user["first_name"].clone(), user["last_name"].clone()), (json!("Grace"), json!("Hopper")));
    assert_eq!(user["password_enabled"], true);
    assert_eq!(user["email_addresses"][0]["email_address"], "Grace@Example.com");
    assert_eq!(user["email_addresses"][0]["verification"]["status"], "verified");
    assert_eq!(user["email_addresses"][0]["verification"]["strategy"], "email_code");
    assert_eq!(user["primary_email_address_id"], user["email_addresses"][0]["id"]);

    // The new user signs in again with the password given at sign-up.
    srv.delete(&srv.http, "/v1/client/sessions").await.ok();
    let body = srv
        .post(&srv.http, "/v1/client/sign_ins", &form(&[("identifier", "grace@example.com"), ("strategy", "password"), ("password", PASSWORD)]))
        .await
        .ok();
    assert_eq!(body["response"]["status"], "complete");
}

#[tokio::test]
async fn the_sign_up_can_be_read_back_and_only_by_its_client() {
    let srv = TestServer::start().await;
    let su = create(&srv, &srv.http, &[("email_address", "read@example.com")]).await.ok()["response"].clone();
    let path = format!("/v1/client/sign_ups/{}", su["id"].as_str().unwrap());
    assert_eq!(srv.get(&srv.http, &path).await.ok()["response"], su);
    let other = browser();
    create(&srv, &other, &[("email_address", "other@example.com")]).await.ok();
    let before = srv.snapshot().await;
    srv.get(&other, &path).await.error(404, "resource_not_found");
    step(&srv, &other, &su, "prepare_verification", &[("strategy", "email_code")]).await.error(404, "resource_not_found");
    srv.get(&browser(), &path).await.error(400, "client_not_found");
    srv.get(&srv.http, "/v1/client/sign_ups/sua_unknown").await.error(404, "resource_not_found");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn taken_identifiers_are_refused_and_change_nothing() {
    let srv = TestServer::start().await;
    srv.create_user(json!({"email_address": ["taken@example.com"], "phone_number": ["+15551234567"], "username": "taken_name"})).await;
    let before = srv.snapshot().await;
    let cases: [(Form, &str); 4] = [
        (&[("email_address", "TAKEN@example.com"), ("password", PASSWORD)], "email_address"),
        (&[("email_address", "new@example.com"), ("phone_number", "+1 (555) 123-4567")], "phone_number"),
        (&[("email_address", "new@example.com"), ("username", "Taken_Name")], "username"),
        (&[("email_address_or_phone_number", "taken@example.com")], "email_address"),
    ];
    for (pairs, param) in cases {
        let e = create(&srv, &srv.http, pairs).await.param_error(422, "form_identifier_exists", param);
        assert_eq!(e["message"], format!("That {} is taken.", param.replace('_', " ")));
    }
    srv.assert_unchanged(&before).await;

    // On update too.
    let su = create(&srv, &srv.http, &[("email_address", "free@example.com")]).await.ok()["response"].clone();
    let before = srv.snapshot().await;
    step(&srv, &srv.http, &su, "", &[("email_address", "taken@example.com")]).await.param_error(422, "form_identifier_exists", "email_address");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn an_identifier_taken_before_completion_is_refused_then() {
    let srv = TestServer::start().await;
    let su = create(&srv, &srv.http, &[("email_address", "race@example.com"), ("password", PASSWORD)]).await.ok()["response"].clone();
    step(&srv, &srv.http, &su, "prepare_verification", &[("strategy", "email_code")]).await.ok();
    let code = srv.latest_code("race@example.com").await;
    srv.create_user(json!({"email_address": ["Race@Example.com"]})).await;

    let before = srv.snapshot().await;
    step(&srv, &srv.http, &su, "attempt_verification", &[("strategy", "email_code"), ("code", &code)]).await.param_error(
        422,
        "form_identifier_exists",
        "email_address",
    );
    srv.assert_unchanged(&before).await;
    assert_eq!(srv.bapi_get("/v1/users/count").await.ok()["total_count"], 1);
}

#[tokio::test]
async fn invalid_values_are_refused_and_change_nothing() {
    let srv = TestServer::start().await;
    let before = srv.snapshot().await;
    let long_password = "x".repeat(73);
    let cases: [(Form, &str, &str); 8] = [
        (&[("email_address", "not-an-email")], "form_param_format_invalid", "email_address"),
        (&[("phone_number", "12345")], "form_param_format_invalid", "phone_number"),
        (&[("email_address", "ok@example.com"), ("password", "short")], "form_password_length_too_short", "password"),
        (&[("email_address", "ok@example.com"), ("password", &long_password)], "form_password_length_too_long", "password"),
        (&[("username", "abc")], "form_username_invalid_length", "username"),
        (&[("unsafe_metadata", "[1,2]")], "form_param_format_invalid", "unsafe_metadata"),
        (&[("web3_wallet", "0x0123456789abcdef0123456789abcdef0123456")], "form_param_format_invalid", "web3_wallet"),
        (&[("strategy", "oauth_myspace")], "form_param_value_invalid", "strategy"),
    ];
    for (pairs, code, param) in cases {
        create(&srv, &srv.http, pairs).await.param_error(422, code, param);
    }
    create(&srv, &srv.http, &[("transfer", "true")]).await.error(400, "account_transfer_invalid");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn required_names_must_be_given_before_the_sign_up_completes() {
    let srv = TestServer::start_with(Config::from_toml("names = \"required\"").unwrap()).await;
    let su = create(&srv, &srv.http, &[("email_address", "names@example.com"), ("password", PASSWORD)]).await.ok()["response"].clone();
    assert_eq!(su["required_fields"], json!(["email_address", "password", "first_name", "last_name"]));
    assert_eq!(su["missing_fields"], json!(["first_name", "last_name"]));

    let body = verify_email(&srv, &srv.http, &su, "names@example.com").await;
    assert_eq!(body["response"]["status"], "missing_requirements");
    assert_eq!(body["response"]["unverified_fields"], json!([]));
    assert_eq!(body["response"]["missing_fields"], json!(["first_name", "last_name"]));

    let body = step(&srv, &srv.http, &su, "", &[("first_name", "Ada")]).await.ok();
    assert_eq!(body["response"]["missing_fields"], json!(["last_name"]));
    let body = step(&srv, &srv.http, &su, "", &[("last_name", "Lovelace"), ("unsafe_metadata", r#"{"a":1}"#)]).await.ok();
    assert_eq!(body["response"]["status"], "complete");
    assert_eq!(body["client"]["sessions"][0]["user"]["unsafe_metadata"], json!({"a": 1}));
    assert_eq!(body["client"]["sessions"][0]["user"]["last_name"], "Lovelace");

    // A completed sign-up takes no more changes.
    let before = srv.snapshot().await;
    step(&srv, &srv.http, &su, "", &[("first_name", "Other")]).await.error(403, "resource_forbidden");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn a_changed_email_address_must_be_verified_again() {
    let srv = TestServer::start().await;
    let su = create(&srv, &srv.http, &[("email_address", "first@example.com")]).await.ok()["response"].clone();
    step(&srv, &srv.http, &su, "prepare_verification", &[("strategy", "email_code")]).await.ok();
    let old_code = srv.latest_code("first@example.com").await;

    let body = step(&srv, &srv.http, &su, "", &[("email_address", "second@example.com")]).await.ok();
    let v = &body["response"]["verifications"]["email_address"];
    assert_eq!((v["status"].clone(), v["next_action"].clone()), (json!("unverified"), json!("needs_prepare")));
    let before = srv.snapshot().await;
    step(&srv, &srv.http, &su, "attempt_verification", &[("strategy", "email_code"), ("code", &old_code)]).await.error(400, "verification_missing");
    srv.assert_unchanged(&before).await;

    let body = step(&srv, &srv.http, &su, "", &[("password", PASSWORD)]).await.ok();
    assert_eq!(body["response"]["status"], "missing_requirements");
    let body = verify_email(&srv, &srv.http, &su, "second@example.com").await;
    assert_eq!(body["response"]["status"], "complete");
    assert_eq!(body["client"]["sessions"][0]["user"]["email_addresses"][0]["email_address"], "second@example.com");
}

#[tokio::test]
async fn wrong_codes_count_and_verification_refusals_change_nothing_else() {
    let srv = TestServer::start().await;
    let su = create(&srv, &srv.http, &[("email_address", "codes@example.com"), ("password", PASSWORD)]).await.ok()["response"].clone();

    let before = srv.snapshot().await;
    step(&srv, &srv.http, &su, "attempt_verification", &[("strategy", "email_code"), ("code", "123456")]).await.error(400, "verification_missing");
    step(&srv, &srv.http, &su, "prepare_verification", &[("strategy", "phone_code")]).await.error(400, "strategy_for_user_invalid");
    step(&srv, &srv.http, &su, "prepare_verification", &[("strategy", "email_link")]).await.param_error(422, "form_param_value_invalid", "strategy");
    step(&srv, &srv.http, &su, "attempt_verification", &[("strategy", "email_code")]).await.param_error(422, "form_param_missing", "code");
    srv.assert_unchanged(&before).await;

    step(&srv, &srv.http, &su, "prepare_verification", &[("strategy", "email_code")]).await.ok();
    let code = srv.latest_code("codes@example.com").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let before = srv.snapshot().await;
    for expected in ["form_code_incorrect", "form_code_incorrect"] {
        step(&srv, &srv.http, &su, "attempt_verification", &[("strategy", "email_code"), ("code", wrong)]).await.param_error(422, expected, "code");
    }
    step(&srv, &srv.http, &su, "attempt_verification", &[("strategy", "email_code"), ("code", wrong)]).await.error(400, "verification_failed");
    srv.assert_unchanged_except(&before, &["verifications"]).await;
    let path = format!("/v1/client/sign_ups/{}", su["id"].as_str().unwrap());
    let v = srv.get(&srv.http, &path).await.ok()["response"]["verifications"]["email_address"].clone();
    assert_eq!((v["status"].clone(), v["attempts"].clone(), v["next_action"].clone()), (json!("failed"), json!(3), json!("needs_prepare")));

    // Expired codes, then a fresh one that works; a verified address cannot be prepared again.
    step(&srv, &srv.http, &su, "prepare_verification", &[("strategy", "email_code")]).await.ok();
    let code = srv.latest_code("codes@example.com").await;
    srv.clock.advance(10 * 60 * 1000);
    let before = srv.snapshot().await;
    step(&srv, &srv.http, &su, "attempt_verification", &[("strategy", "email_code"), ("code", &code)]).await.error(400, "verification_expired");
    srv.assert_unchanged(&before).await;
    assert_eq!(srv.get(&srv.http, &path).await.ok()["response"]["verifications"]["email_address"]["status"], "expired");
    let body = verify_email(&srv, &srv.http, &su, "codes@example.com").await;
    assert_eq!(body["response"]["status"], "complete");
}

#[tokio::test]
async fn a_phone_number_given_at_sign_up_is_verified_by_sms() {
    let srv = TestServer::start().await;
    let su = create(&srv, &srv.http, &[("email_address", "both@example.com"), ("phone_number", "+1 555 987 6543"), ("password", PASSWORD)])
        .await
        .ok()["response"]
        .clone();
    assert_eq!(su["phone_number"], "+15559876543");
    assert_eq!(su["unverified_fields"], json!(["email_address", "phone_number"]));
    let body = verify_email(&srv, &srv.http, &su, "both@example.com").await;
    assert_eq!(body["response"]["unverified_fields"], json!(["phone_number"]));

    step(&srv, &srv.http, &su, "prepare_verification", &[("strategy", "phone_code")]).await.ok();
    let code = srv.latest_code("+15559876543").await;
    let body = step(&srv, &srv.http, &su, "attempt_verification", &[("strategy", "phone_code"), ("code", &code)]).await.ok();
    assert_eq!(body["response"]["status"], "complete");
    let user = &body["client"]["sessions"][0]["user"];
    assert_eq!(user["phone_numbers"][0]["phone_number"], "+15559876543");
    assert_eq!(user["phone_numbers"][0]["verification"]["strategy"], "phone_code");
    assert_eq!(user["email_addresses"][0]["verification"]["strategy"], "email_code");
}

#[tokio::test]
async fn restricted_sign_ups_are_refused_and_change_nothing() {
    let srv = TestServer::start_with(Config::from_toml("sign_up_mode = \"restricted\"").unwrap()).await;
    let before = srv.snapshot().await;
    let res = create(&srv, &srv.http, &[("email_address", "new@example.com"), ("password", PASSWORD)]).await;
    res.error(403, "sign_up_mode_restricted");
    assert!(res.client_cookie().is_none());
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn a_signed_in_client_cannot_sign_up_in_single_session_mode() {
    let srv = TestServer::start().await;
    srv.signed_in(&srv.http).await;
    let before = srv.snapshot().await;
    create(&srv, &srv.http, &[("email_address", "new@example.com")]).await.error(400, "session_exists");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn without_email_addresses_a_username_and_password_sign_up_completes_at_once() {
    let config = Config::from_toml("[identifiers]\nemail_address = false\nphone_number = false\nweb3_wallet = false").unwrap();
    let srv = TestServer::start_with(config).await;
    let body = create(&srv, &srv.http, &[("username", "solo_user"), ("password", PASSWORD)]).await.ok();
    assert_eq!(body["response"]["required_fields"], json!(["username", "password"]));
    assert_eq!(body["response"]["status"], "complete");
    assert_eq!(body["client"]["sessions"][0]["user"]["username"], "solo_user");
    let body = create(&srv, &browser(), &[("password", PASSWORD)]).await.ok();
    assert_eq!(body["response"]["missing_fields"], json!(["username"]), "a user needs an identifier");
    let before = srv.snapshot().await;
    create(&srv, &browser(), &[("email_address", "x@example.com")]).await.param_error(422, "form_param_unknown", "email_address");
    srv.assert_unchanged(&before).await;
}

//! Sign-in by identifier (`POST /v1/client/sign_ins` without a ticket) and the factor steps:
//! password (in `create` or as a first factor), email and SMS codes read from the dev outbox, the
//! SMS second factor, the code rules (three wrong attempts, expiry), the password lockout, and
//! every refusal changing nothing but the counters a refusal must keep.

mod common;

use clerk_devserver::config::Config;
use common::{browser, form, jwt_parts, next_unique, sign_in_step, wrong_code, Resp, TestServer};
use reqwest::Client;
use serde_json::{json, Value};

const PASSWORD: &str = "correct-horse-battery";

/// A user created through the Backend API.
struct Account {
    id: String,
    email: String,
    email_id: String,
    user: Value,
}

/// A user with a unique email address, and a password when `with_password`.
async fn account(srv: &TestServer, with_password: bool) -> Account {
    let email = format!("person{}@example.com", next_unique());
    let mut body = json!({"email_address": [email], "first_name": "Ada", "last_name": "Lovelace"});
    if with_password {
        body["password"] = json!(PASSWORD);
    }
    let user = srv.create_user(body).await;
    Account { id: user["id"].as_str().unwrap().to_string(), email_id: user["email_addresses"][0]["id"].as_str().unwrap().to_string(), email, user }
}

/// `POST /v1/client/sign_ins` with these form pairs.
async fn create(srv: &TestServer, c: &Client, pairs: &[(&str, &str)]) -> Resp {
    srv.post(c, "/v1/client/sign_ins", &form(pairs)).await
}

/// Starts a sign-in with an identifier; returns the sign-in JSON.
async fn start(srv: &TestServer, c: &Client, identifier: &str) -> Value {
    let body = create(srv, c, &[("identifier", identifier), ("locale", "en-US")]).await.ok();
    assert_eq!(body["response"]["status"], "needs_first_factor", "{body}");
    assert_eq!(body["client"]["sign_in"], body["response"], "the client carries the sign-in");
    body["response"].clone()
}

/// The BAPI user.
async fn bapi_user(srv: &TestServer, id: &str) -> Value {
    srv.bapi_get(&format!("/v1/users/{id}")).await.ok()
}

#[tokio::test]
async fn identifier_and_password_in_one_request_complete_the_sign_in() {
    let srv = TestServer::start().await;
    let a = account(&srv, true).await;
    let typed = a.email.to_uppercase();
    let body = create(&srv, &srv.http, &[("identifier", &typed), ("password", PASSWORD), ("strategy", "password"), ("locale", "en")]).await.ok();

    let si = &body["response"];
    assert_eq!(si["object"], "sign_in_attempt");
    assert_eq!(si["status"], "complete");
    assert_eq!(si["identifier"], typed.as_str(), "the identifier is echoed");
    assert_eq!(si["first_factor_verification"]["strategy"], "password");
    assert_eq!(si["first_factor_verification"]["status"], "verified");
    assert_eq!(si["supported_second_factors"], Value::Null);
    let client = &body["client"];
    assert_eq!(client["sign_in"], Value::Null, "a completed sign-in leaves the client");
    let sessions = client["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["id"], si["created_session_id"]);
    assert_eq!(sessions[0]["status"], "active");
    assert_eq!(sessions[0]["user"]["id"], a.id.as_str());
    assert_eq!(sessions[0]["factor_verification_age"], json!([0, -1]));
    assert_eq!(client["last_active_session_id"], si["created_session_id"]);
    assert_eq!(bapi_user(&srv, &a.id).await["last_sign_in_at"], srv.st.now());
}

#[tokio::test]
async fn an_identifier_lists_the_users_factors_then_a_password_completes() {
    let srv = TestServer::start().await;
    let u = srv
        .create_user(json!({
            "email_address": ["ada@example.com", "work@example.org"],
            "phone_number": ["+15551234567"],
            "password": PASSWORD,
            "first_name": "Ada",
        }))
        .await;
    let (e1, e2, p1) = (&u["email_addresses"][0]["id"], &u["email_addresses"][1]["id"], &u["phone_numbers"][0]["id"]);

    let si = start(&srv, &srv.http, "  Ada@Example.com ").await;
    assert!(si["id"].as_str().unwrap().starts_with("sia_"));
    assert_eq!(si["identifier"], "Ada@Example.com");
    assert_eq!(
        si["supported_first_factors"],
        json!([
            {"strategy": "password"},
            // The identification the user typed shows as typed (ClerkJS matches it with the
            // identifier to pick the starting factor); the others are masked.
            {"strategy": "email_code", "safe_identifier": "Ada@Example.com", "email_address_id": e1, "primary": true},
            {"strategy": "email_code", "safe_identifier": "w***@e******.org", "email_address_id": e2, "primary": false},
            {"strategy": "phone_code", "safe_identifier": "+*******4567", "phone_number_id": p1, "primary": true, "default": false},
            // "Forgot password", last (the user has a password).
            {"strategy": "reset_password_email_code", "safe_identifier": "Ada@Example.com", "email_address_id": e1, "primary": true},
            {"strategy": "reset_password_email_code", "safe_identifier": "w***@e******.org", "email_address_id": e2, "primary": false},
            {"strategy": "reset_password_phone_code", "safe_identifier": "+*******4567", "phone_number_id": p1, "primary": true, "default": false},
        ])
    );
    assert_eq!(si["supported_second_factors"], Value::Null);
    assert_eq!(si["supported_identifiers"], json!(["email_address", "phone_number", "username", "web3_wallet"]));
    assert_eq!(si["first_factor_verification"], Value::Null);
    assert_eq!(si["created_session_id"], Value::Null);
    assert_eq!(si["user_data"]["first_name"], "Ada");

    let body = sign_in_step(&srv, &srv.http, &si, "attempt_first_factor", &[("strategy", "password"), ("password", PASSWORD)]).await.ok();
    assert_eq!(body["response"]["status"], "complete");
    assert_eq!(body["response"]["id"], si["id"]);
    assert_eq!(body["client"]["sessions"][0]["id"], body["response"]["created_session_id"]);
    assert_eq!(body["client"]["sign_in"], Value::Null);
}

#[tokio::test]
async fn a_phone_number_or_username_identifies_the_user_too() {
    let srv = TestServer::start().await;
    let u = srv.create_user(json!({"phone_number": ["+15551234567"], "username": "ada_l", "password": PASSWORD})).await;
    let phone_id = &u["phone_numbers"][0]["id"];

    let si = start(&srv, &browser(), "+1 (555) 123-4567").await;
    assert_eq!(si["identifier"], "+15551234567", "phone numbers are echoed in E.164");
    assert_eq!(
        si["supported_first_factors"],
        json!([
            {"strategy": "password"},
            {"strategy": "phone_code", "safe_identifier": "+15551234567", "phone_number_id": phone_id, "primary": true, "default": false},
            {"strategy": "reset_password_phone_code", "safe_identifier": "+15551234567", "phone_number_id": phone_id, "primary": true, "default": false},
        ])
    );

    let c = browser();
    let si = start(&srv, &c, "ADA_L").await;
    assert_eq!(si["identifier"], "ADA_L");
    let body = sign_in_step(&srv, &c, &si, "attempt_first_factor", &[("strategy", "password"), ("password", PASSWORD)]).await.ok();
    assert_eq!(body["client"]["sessions"][0]["user"]["id"], u["id"]);
}

#[tokio::test]
async fn an_unknown_identifier_is_refused_and_changes_nothing() {
    let srv = TestServer::start().await;
    account(&srv, true).await;
    let before = srv.snapshot().await;
    for identifier in ["nobody@example.com", "+15550000000", "no_such_user", "0x0123456789abcdef0123456789abcdef01234567"] {
        let res = create(&srv, &srv.http, &[("identifier", identifier)]).await;
        let e = res.param_error(422, "form_identifier_not_found", "identifier");
        assert_eq!(e["message"], "Couldn't find your account.");
        assert!(res.client_cookie().is_none(), "no client was created for {identifier}");
        let res = create(&srv, &srv.http, &[("identifier", identifier), ("strategy", "password"), ("password", PASSWORD)]).await;
        res.param_error(422, "form_identifier_not_found", "identifier");
    }
    create(&srv, &srv.http, &[("identifier", "")]).await.param_error(422, "form_param_nil", "identifier");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn a_wrong_password_is_refused_at_password_and_only_counts_an_attempt() {
    let srv = TestServer::start().await;
    let a = account(&srv, true).await;

    // In `create`: refused, no client, no sign-in, no session; one failed attempt recorded.
    let before = srv.snapshot().await;
    let res = create(&srv, &srv.http, &[("identifier", &a.email), ("strategy", "password"), ("password", "wrong-password")]).await;
    let e = res.param_error(422, "form_password_incorrect", "password");
    assert_eq!(e["long_message"], "Password is incorrect. Try again, or use another method.");
    assert!(res.client_cookie().is_none());
    srv.assert_unchanged_except(&before, &["users"]).await;
    assert_eq!(bapi_user(&srv, &a.id).await["verification_attempts_remaining"], 4);

    // As a first factor: the sign-in stays where it was.
    let si = start(&srv, &srv.http, &a.email).await;
    let before = srv.snapshot().await;
    let res = sign_in_step(&srv, &srv.http, &si, "attempt_first_factor", &[("strategy", "password"), ("password", "wrong-password")]).await;
    res.param_error(422, "form_password_incorrect", "password");
    srv.assert_unchanged_except(&before, &["users"]).await;
    let client = srv.get(&srv.http, "/v1/client").await.ok()["response"].clone();
    assert_eq!(client["sessions"], json!([]));
    assert_eq!(client["sign_in"]["status"], "needs_first_factor");
    let user = bapi_user(&srv, &a.id).await;
    assert_eq!((user["verification_attempts_remaining"].clone(), user["locked"].clone()), (json!(3), json!(false)));

    // The right password still works and clears the count.
    sign_in_step(&srv, &srv.http, &si, "attempt_first_factor", &[("strategy", "password"), ("password", PASSWORD)]).await.ok();
    assert_eq!(bapi_user(&srv, &a.id).await["verification_attempts_remaining"], 5);
}

#[tokio::test]
async fn failed_passwords_lock_the_user_until_the_lockout_expires() {
    let config = Config::from_toml("[lockout]\nmax_attempts = 3\nduration_secs = 60").unwrap();
    let srv = TestServer::start_with(config).await;
    let a = account(&srv, true).await;
    let ticket = srv.sign_in_token(&a.id).await;
    let si = start(&srv, &srv.http, &a.email).await;
    let (srv_r, si_r) = (&srv, &si);
    let attempt = move |pw: &'static str| async move {
        sign_in_step(srv_r, &srv_r.http, si_r, "attempt_first_factor", &[("strategy", "password"), ("password", pw)]).await
    };
    for _ in 0..3 {
        attempt("wrong-password").await.param_error(422, "form_password_incorrect", "password");
    }

    // Locked: every step of a sign-in for this user, and a new one, is refused and changes nothing.
    let before = srv.snapshot().await;
    let e = attempt(PASSWORD).await.error(403, "user_locked");
    assert_eq!(e["meta"]["lockout_expires_in_seconds"], 60);
    assert!(e["long_message"].as_str().unwrap().contains("1 minute"), "{e}");
    sign_in_step(&srv, &srv.http, &si, "prepare_first_factor", &[("strategy", "email_code"), ("email_address_id", &a.email_id)])
        .await
        .error(403, "user_locked");
    let other = browser();
    create(&srv, &other, &[("identifier", &a.email)]).await.error(403, "user_locked");
    create(&srv, &other, &[("identifier", &a.email), ("strategy", "password"), ("password", PASSWORD)]).await.error(403, "user_locked");
    srv.ticket_sign_in(&other, "", &ticket).await.error(403, "user_locked");
    srv.assert_unchanged(&before).await;
    let user = bapi_user(&srv, &a.id).await;
    assert_eq!(user["locked"], true);
    assert_eq!(user["lockout_expires_in_seconds"], 60);
    assert_eq!(user["verification_attempts_remaining"], 0);

    srv.clock.advance(30_000);
    assert_eq!(attempt(PASSWORD).await.error(403, "user_locked")["meta"]["lockout_expires_in_seconds"], 30);

    // Once the lockout is over, counting starts again, and the right password signs in.
    srv.clock.advance(30_000);
    assert_eq!(bapi_user(&srv, &a.id).await["locked"], false);
    attempt("wrong-password").await.param_error(422, "form_password_incorrect", "password");
    assert_eq!(bapi_user(&srv, &a.id).await["verification_attempts_remaining"], 2);
    let body = attempt(PASSWORD).await.ok();
    assert_eq!(body["response"]["status"], "complete");
    let user = bapi_user(&srv, &a.id).await;
    assert_eq!((user["locked"].clone(), user["verification_attempts_remaining"].clone()), (json!(false), json!(3)));
}

#[tokio::test]
async fn an_email_code_from_the_outbox_signs_in() {
    let srv = TestServer::start().await;
    let a = account(&srv, false).await;
    let si = start(&srv, &srv.http, &a.email).await;
    assert_eq!(
        si["supported_first_factors"],
        json!([{"strategy": "email_code", "safe_identifier": a.email, "email_address_id": a.email_id, "primary": true}]),
        "no password factor for a user without one"
    );

    let body =
        sign_in_step(&srv, &srv.http, &si, "prepare_first_factor", &[("strategy", "email_code"), ("email_address_id", &a.email_id)]).await.ok();
    let v = &body["response"]["first_factor_verification"];
    assert_eq!(v["status"], "unverified");
    assert_eq!(v["strategy"], "email_code");
    assert_eq!(v["attempts"], 0);
    assert_eq!(v["expire_at"], srv.st.now() + 10 * 60 * 1000);
    assert_eq!(body["client"]["sign_in"]["first_factor_verification"], *v);

    let messages = srv.outbox(Some(&a.email)).await;
    assert_eq!(messages.len(), 1);
    let m = &messages[0];
    let code = m["code"].as_str().unwrap();
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()), "{code}");
    assert_eq!(m["channel"], "email");
    assert_eq!(m["to"], a.email.as_str());
    assert!(m["subject"].as_str().unwrap().contains(code));
    assert!(m["body"].as_str().unwrap().contains(&format!("Your verification code is {code}")));
    assert_eq!(srv.query_text("SELECT id FROM verifications WHERE code_hash LIKE '%' || ?1 || '%'", code).await, None, "no code in clear");

    let body = sign_in_step(&srv, &srv.http, &si, "attempt_first_factor", &[("strategy", "email_code"), ("code", code)]).await.ok();
    let si = &body["response"];
    assert_eq!(si["status"], "complete");
    assert_eq!(si["first_factor_verification"]["status"], "verified");
    assert_eq!(si["first_factor_verification"]["attempts"], 1);
    assert_eq!(si["first_factor_verification"]["verified_at_client"], body["client"]["id"]);
    assert_eq!(body["client"]["sessions"][0]["id"], si["created_session_id"]);
}

#[tokio::test]
async fn a_create_with_a_code_strategy_sends_the_code_at_once() {
    let srv = TestServer::start().await;
    let a = account(&srv, true).await;
    let body = create(&srv, &srv.http, &[("identifier", &a.email), ("strategy", "email_code")]).await.ok();
    assert_eq!(body["response"]["status"], "needs_first_factor");
    assert_eq!(body["response"]["first_factor_verification"]["status"], "unverified");
    let code = srv.latest_code(&a.email).await;
    let body = sign_in_step(&srv, &srv.http, &body["response"], "attempt_first_factor", &[("strategy", "email_code"), ("code", &code)]).await.ok();
    assert_eq!(body["response"]["status"], "complete");
}

#[tokio::test]
async fn a_phone_code_signs_in() {
    let srv = TestServer::start().await;
    let u = srv.create_user(json!({"phone_number": ["+15551234567"], "first_name": "Pat"})).await;
    let si = start(&srv, &srv.http, "15551234567").await;
    // Without phone_number_id, the number the sign-in was started with.
    let body = sign_in_step(&srv, &srv.http, &si, "prepare_first_factor", &[("strategy", "phone_code")]).await.ok();
    assert_eq!(body["response"]["first_factor_verification"]["strategy"], "phone_code");

    let messages = srv.outbox(Some("+1 555 123 4567")).await;
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["channel"], "sms");
    assert_eq!(messages[0]["to"], "+15551234567");
    assert_eq!(messages[0]["subject"], Value::Null);
    let code = messages[0]["code"].as_str().unwrap().to_string();

    let body = sign_in_step(&srv, &srv.http, &si, "attempt_first_factor", &[("strategy", "phone_code"), ("code", &code)]).await.ok();
    assert_eq!(body["response"]["status"], "complete");
    assert_eq!(body["client"]["sessions"][0]["user"]["id"], u["id"]);
}

#[tokio::test]
async fn a_phone_reserved_for_the_second_factor_adds_an_sms_step() {
    let srv = TestServer::start().await;
    let u = srv.create_user(json!({"email_address": ["mfa@example.com"], "phone_number": ["+15557654321"], "password": PASSWORD})).await;
    let (user_id, phone_id) = (u["id"].as_str().unwrap(), u["phone_numbers"][0]["id"].as_str().unwrap());
    assert_eq!(srv.exec("UPDATE identifications SET reserved_for_second_factor = 1 WHERE id = ?1", phone_id).await, 1);

    let body = create(&srv, &srv.http, &[("identifier", "mfa@example.com"), ("strategy", "password"), ("password", PASSWORD)]).await.ok();
    let si = body["response"].clone();
    assert_eq!(si["status"], "needs_second_factor");
    assert_eq!(si["created_session_id"], Value::Null);
    assert_eq!(body["client"]["sessions"], json!([]));
    assert_eq!(body["client"]["sign_in"]["id"], si["id"]);
    let strategies: Vec<&str> = si["supported_first_factors"].as_array().unwrap().iter().map(|f| f["strategy"].as_str().unwrap()).collect();
    assert_eq!(strategies, ["password", "email_code", "reset_password_email_code"], "a second-factor phone is not a first factor");
    assert_eq!(
        si["supported_second_factors"],
        json!([{"strategy": "phone_code", "safe_identifier": "+*******4321", "phone_number_id": phone_id, "primary": true, "default": true}])
    );

    // The first factor is done; it cannot be redone.
    let before = srv.snapshot().await;
    sign_in_step(&srv, &srv.http, &si, "attempt_first_factor", &[("strategy", "password"), ("password", PASSWORD)])
        .await
        .error(400, "verification_already_verified");
    srv.assert_unchanged(&before).await;

    // ClerkJS sends only the strategy: the default second-factor phone gets the code.
    let body = sign_in_step(&srv, &srv.http, &si, "prepare_second_factor", &[("strategy", "phone_code")]).await.ok();
    let v = &body["response"]["second_factor_verification"];
    assert_eq!((v["status"].clone(), v["strategy"].clone(), v["attempts"].clone()), (json!("unverified"), json!("phone_code"), json!(0)));
    let code = srv.latest_code("+15557654321").await;

    let before = srv.snapshot().await;
    sign_in_step(&srv, &srv.http, &si, "attempt_second_factor", &[("strategy", "phone_code"), ("code", wrong_code(&code))]).await.param_error(
        422,
        "form_code_incorrect",
        "code",
    );
    srv.assert_unchanged_except(&before, &["verifications"]).await;

    let body = sign_in_step(&srv, &srv.http, &si, "attempt_second_factor", &[("strategy", "phone_code"), ("code", &code)]).await.ok();
    let done = &body["response"];
    assert_eq!(done["status"], "complete");
    assert_eq!(done["second_factor_verification"]["status"], "verified");
    assert_eq!(done["second_factor_verification"]["attempts"], 2);
    let session = &body["client"]["sessions"][0];
    assert_eq!(session["id"], done["created_session_id"]);
    assert_eq!(session["factor_verification_age"], json!([0, 0]));
    let (_, claims) = jwt_parts(session["last_active_token"]["jwt"].as_str().unwrap());
    assert_eq!(claims["fva"], json!([0, 0]));
    assert_eq!(bapi_user(&srv, user_id).await["two_factor_enabled"], true);
}

#[tokio::test]
async fn three_wrong_codes_fail_the_verification_until_a_new_code_is_sent() {
    let srv = TestServer::start().await;
    let a = account(&srv, false).await;
    let si = start(&srv, &srv.http, &a.email).await;
    sign_in_step(&srv, &srv.http, &si, "prepare_first_factor", &[("strategy", "email_code"), ("email_address_id", &a.email_id)]).await.ok();
    let code = srv.latest_code(&a.email).await;

    let before = srv.snapshot().await;
    let (srv_r, si_r) = (&srv, &si);
    let attempt = move |code: String| async move {
        sign_in_step(srv_r, &srv_r.http, si_r, "attempt_first_factor", &[("strategy", "email_code"), ("code", &code)]).await
    };
    attempt(wrong_code(&code).into()).await.param_error(422, "form_code_incorrect", "code");
    attempt(wrong_code(&code).into()).await.param_error(422, "form_code_incorrect", "code");
    attempt(wrong_code(&code).into()).await.error(400, "verification_failed");
    attempt(code.clone()).await.error(400, "verification_failed");
    srv.assert_unchanged_except(&before, &["verifications"]).await;

    let si_now = srv.get(&srv.http, &format!("/v1/client/sign_ins/{}", si["id"].as_str().unwrap())).await.ok()["response"].clone();
    let v = &si_now["first_factor_verification"];
    assert_eq!((v["status"].clone(), v["attempts"].clone()), (json!("failed"), json!(3)));
    assert_eq!(v["error"]["code"], "verification_failed");
    assert_eq!(si_now["status"], "needs_first_factor");

    // Sending a new code starts over.
    let body =
        sign_in_step(&srv, &srv.http, &si, "prepare_first_factor", &[("strategy", "email_code"), ("email_address_id", &a.email_id)]).await.ok();
    assert_eq!(body["response"]["first_factor_verification"]["status"], "unverified");
    assert_eq!(body["response"]["first_factor_verification"]["attempts"], 0);
    assert_eq!(srv.outbox(Some(&a.email)).await.len(), 2);
    let code = srv.latest_code(&a.email).await;
    assert_eq!(attempt(code).await.ok()["response"]["status"], "complete");
}

#[tokio::test]
async fn an_expired_code_is_refused_and_changes_nothing() {
    let srv = TestServer::start().await;
    let a = account(&srv, false).await;
    let si = start(&srv, &srv.http, &a.email).await;
    let (srv_r, si_r, id_r) = (&srv, &si, a.email_id.as_str());
    let prepare = move || async move {
        sign_in_step(srv_r, &srv_r.http, si_r, "prepare_first_factor", &[("strategy", "email_code"), ("email_address_id", id_r)]).await
    };
    prepare().await.ok();
    let code = srv.latest_code(&a.email).await;
    srv.clock.advance(10 * 60 * 1000);

    let before = srv.snapshot().await;
    sign_in_step(&srv, &srv.http, &si, "attempt_first_factor", &[("strategy", "email_code"), ("code", &code)])
        .await
        .error(400, "verification_expired");
    srv.assert_unchanged(&before).await;
    let path = format!("/v1/client/sign_ins/{}", si["id"].as_str().unwrap());
    assert_eq!(srv.get(&srv.http, &path).await.ok()["response"]["first_factor_verification"]["status"], "expired");

    prepare().await.ok();
    let code = srv.latest_code(&a.email).await;
    let body = sign_in_step(&srv, &srv.http, &si, "attempt_first_factor", &[("strategy", "email_code"), ("code", &code)]).await.ok();
    assert_eq!(body["response"]["status"], "complete");
}

#[tokio::test]
async fn steps_that_do_not_fit_the_sign_in_are_refused_and_change_nothing() {
    let srv = TestServer::start().await;
    let a = account(&srv, false).await;
    let b = account(&srv, true).await;
    let other = browser();
    srv.signed_in(&other).await;
    let si = start(&srv, &srv.http, &a.email).await;

    let before = srv.snapshot().await;
    let (srv_r, si_r) = (&srv, &si);
    let s = move |action: &'static str, pairs: &'static [(&'static str, &'static str)]| sign_in_step(srv_r, &srv_r.http, si_r, action, pairs);
    s("attempt_first_factor", &[("strategy", "email_code"), ("code", "123456")]).await.error(400, "verification_missing");
    s("attempt_first_factor", &[("strategy", "email_code")]).await.param_error(422, "form_param_missing", "code");
    s("attempt_first_factor", &[("strategy", "password"), ("password", PASSWORD)]).await.error(400, "no_password_set");
    s("attempt_first_factor", &[("strategy", "bogus"), ("code", "1")]).await.param_error(422, "form_param_value_invalid", "strategy");
    s("prepare_first_factor", &[]).await.param_error(422, "form_param_missing", "strategy");
    s("prepare_first_factor", &[("strategy", "phone_code")]).await.error(400, "strategy_for_user_invalid");
    s("prepare_first_factor", &[("strategy", "passkey")]).await.error(400, "strategy_for_user_invalid");
    s("prepare_first_factor", &[("strategy", "bogus")]).await.param_error(422, "form_param_value_invalid", "strategy");
    s("prepare_second_factor", &[("strategy", "phone_code")]).await.error(400, "client_state_invalid");
    s("attempt_second_factor", &[("strategy", "phone_code"), ("code", "123456")]).await.error(400, "client_state_invalid");
    s("prepare_second_factor", &[("strategy", "totp")]).await.error(400, "strategy_for_user_invalid");
    sign_in_step(&srv, &srv.http, &si, "prepare_first_factor", &[("strategy", "email_code"), ("email_address_id", &b.email_id)]).await.param_error(
        422,
        "form_param_value_invalid",
        "email_address_id",
    );
    sign_in_step(&srv, &other, &si, "prepare_first_factor", &[("strategy", "email_code")]).await.error(404, "resource_not_found");
    sign_in_step(&srv, &browser(), &si, "prepare_first_factor", &[("strategy", "email_code")]).await.error(400, "client_not_found");
    srv.post(&srv.http, "/v1/client/sign_ins/sia_unknown/prepare_first_factor", "strategy=email_code").await.error(404, "resource_not_found");
    srv.assert_unchanged(&before).await;
    assert_eq!(srv.outbox(None).await, Vec::<Value>::new(), "no code was sent");

    // A code prepared for email cannot be attempted as a phone code.
    s("prepare_first_factor", &[("strategy", "email_code")]).await.ok();
    let before = srv.snapshot().await;
    s("attempt_first_factor", &[("strategy", "phone_code"), ("code", "123456")]).await.error(400, "verification_missing");
    srv.assert_unchanged(&before).await;

    // A replaced sign-in, and a completed one, take no more steps.
    let newer = start(&srv, &srv.http, &a.email).await;
    let before = srv.snapshot().await;
    s("prepare_first_factor", &[("strategy", "email_code")]).await.error(403, "resource_forbidden");
    srv.assert_unchanged(&before).await;
    sign_in_step(&srv, &srv.http, &newer, "prepare_first_factor", &[("strategy", "email_code")]).await.ok();
    let code = srv.latest_code(&a.email).await;
    sign_in_step(&srv, &srv.http, &newer, "attempt_first_factor", &[("strategy", "email_code"), ("code", &code)]).await.ok();
    let before = srv.snapshot().await;
    sign_in_step(&srv, &srv.http, &newer, "attempt_first_factor", &[("strategy", "email_code"), ("code", &code)])
        .await
        .error(403, "resource_forbidden");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn single_session_mode_refuses_a_sign_in_while_signed_in() {
    let srv = TestServer::start().await;
    srv.signed_in(&srv.http).await;
    let a = account(&srv, true).await;
    let before = srv.snapshot().await;
    create(&srv, &srv.http, &[("identifier", &a.email)]).await.error(400, "session_exists");
    create(&srv, &srv.http, &[("identifier", &a.email), ("strategy", "password"), ("password", "wrong")]).await.error(400, "session_exists");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn multi_session_mode_refuses_signing_in_the_same_user_twice() {
    let srv = TestServer::start_with(Config::from_toml("[session]\nsingle_session_mode = false").unwrap()).await;
    let a = account(&srv, true).await;
    let b = account(&srv, true).await;
    let srv_r = &srv;
    let sign_in = move |email: String| async move {
        create(srv_r, &srv_r.http, &[("identifier", &email), ("strategy", "password"), ("password", PASSWORD)]).await
    };
    let first = sign_in(a.email.clone()).await.ok();
    let before = srv.snapshot().await;
    let e = sign_in(a.email.clone()).await.error(400, "identifier_already_signed_in");
    assert_eq!(e["meta"]["session_id"], first["response"]["created_session_id"]);
    srv.assert_unchanged(&before).await;
    let second = sign_in(b.email.clone()).await.ok();
    assert_eq!(second["client"]["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(a.user["id"], first["client"]["sessions"][0]["user"]["id"]);
}

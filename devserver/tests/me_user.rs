//! `/v1/me` itself over a real port: reading and updating the user, primaries, metadata rules
//! (unsafe merged, public read-only, private never shown), password changes, the user's sessions
//! with their devices, revoking, deleting; and `/dev/requests`, the capture of requests as sent.

mod common;

use clerk_devserver::config::Config;
use common::{browser, form, TestServer};
use serde_json::{json, Value};

fn user_of(body: &Value) -> &Value {
    &body["client"]["sessions"][0]["user"]
}

const DESKTOP_CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";
const IPHONE_SAFARI: &str =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

/// A browser-like client with its own cookies and this user agent.
fn browser_as(user_agent: &str) -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).no_proxy().user_agent(user_agent).build().unwrap()
}

#[tokio::test]
async fn the_user_reads_and_updates_names_username_and_primaries() {
    let srv = TestServer::start().await;
    let c = browser();
    let me = srv.signed_in(&c).await;
    let got = srv.get(&c, "/v1/me").await.ok();
    assert_eq!(got["response"]["id"], me.user_id.as_str());
    assert_eq!(got["client"]["id"], me.client_id.as_str(), "the envelope carries the client");
    assert!(got["response"].get("private_metadata").is_none());

    let updated = srv.post(&c, "/v1/me?_method=PATCH", "first_name=Ada&last_name=Lovelace&username=ada_l").await.ok();
    assert_eq!(updated["response"]["first_name"], "Ada");
    assert_eq!(updated["response"]["username"], "ada_l");
    assert_eq!(user_of(&updated)["last_name"], "Lovelace", "the client shows the change too");
    // The true verb works as well as the tunnelled one; an empty name clears it.
    let cleared = srv.post(&c, "/v1/me/?_method=PATCH", "last_name=").await.ok();
    assert_eq!(cleared["response"]["last_name"], Value::Null);
    assert_eq!(cleared["response"]["first_name"], "Ada");

    // A second address, unverified: it cannot become primary; verified, it can.
    let extra = srv.post(&c, "/v1/me/email_addresses", "email_address=other%40example.com").await.ok();
    let id = extra["response"]["id"].as_str().unwrap().to_string();
    let before = srv.snapshot().await;
    srv.post(&c, "/v1/me?_method=PATCH", &form(&[("primary_email_address_id", &id)])).await.param_error(
        422,
        "form_verification_needed",
        "primary_email_address_id",
    );
    // An email address is not a phone number.
    srv.post(&c, "/v1/me?_method=PATCH", &form(&[("primary_phone_number_id", &id)])).await.param_error(
        422,
        "form_resource_not_found",
        "primary_phone_number_id",
    );
    srv.assert_unchanged(&before).await;
    srv.post(&c, &format!("/v1/me/email_addresses/{id}/prepare_verification"), "strategy=email_code").await.ok();
    let code = srv.latest_code("other@example.com").await;
    srv.post(&c, &format!("/v1/me/email_addresses/{id}/attempt_verification"), &form(&[("code", &code)])).await.ok();
    let switched = srv.post(&c, "/v1/me?_method=PATCH", &form(&[("primary_email_address_id", &id)])).await.ok();
    assert_eq!(switched["response"]["primary_email_address_id"], id.as_str());
    let bapi = srv.bapi_get(&format!("/v1/users/{}", me.user_id)).await.ok();
    assert_eq!(bapi["primary_email_address_id"], id.as_str());
}

#[tokio::test]
async fn bad_updates_are_refused_and_change_nothing() {
    let srv = TestServer::start().await;
    let (a, b) = (browser(), browser());
    srv.signed_in(&a).await;
    let other = srv.signed_in(&b).await;
    srv.post(&b, "/v1/me?_method=PATCH", "username=taken_name").await.ok();
    let their_email = user_of(&other.body)["email_addresses"][0]["id"].as_str().unwrap().to_string();
    let long_name = "x".repeat(257);

    let before = srv.snapshot().await;
    let cases: Vec<(&str, String, u16, &str, &str)> = vec![
        ("/v1/me?_method=PATCH", "username=taken_name".into(), 422, "form_identifier_exists", "username"),
        ("/v1/me?_method=PATCH", "username=TAKEN_NAME".into(), 422, "form_identifier_exists", "username"),
        ("/v1/me?_method=PATCH", "username=a".into(), 422, "form_username_invalid_length", "username"),
        ("/v1/me?_method=PATCH", "username=bad%20name".into(), 422, "form_username_invalid_character", "username"),
        ("/v1/me?_method=PATCH", form(&[("first_name", &long_name)]), 422, "form_param_max_length_exceeded", "first_name"),
        ("/v1/me?_method=PATCH", "public_metadata=%7B%22plan%22%3A%22pro%22%7D".into(), 422, "form_param_unknown", "public_metadata"),
        ("/v1/me?_method=PATCH", "private_metadata=%7B%7D".into(), 422, "form_param_unknown", "private_metadata"),
        ("/v1/me?_method=PATCH", "first_name=Eve&password=new-password-123".into(), 403, "updating_user_password_deprecated", "password"),
        (
            "/v1/me?_method=PATCH&__clerk_api_version=2026-05-12",
            "unsafe_metadata=%7B%22a%22%3A1%7D".into(),
            422,
            "form_param_unknown",
            "unsafe_metadata",
        ),
        ("/v1/me?_method=PATCH", "unsafe_metadata=%5B1%5D".into(), 422, "form_param_format_invalid", "unsafe_metadata"),
        ("/v1/me?_method=PATCH", form(&[("primary_email_address_id", &their_email)]), 422, "form_resource_not_found", "primary_email_address_id"),
        ("/v1/me?_method=PATCH", "primary_phone_number_id=idn_nope".into(), 422, "form_resource_not_found", "primary_phone_number_id"),
        // A valid change next to a refused one is not applied either.
        ("/v1/me?_method=PATCH", "first_name=Eve&primary_web3_wallet_id=idn_nope".into(), 422, "form_resource_not_found", "primary_web3_wallet_id"),
        ("/v1/me/metadata?_method=PATCH", "".into(), 422, "form_param_missing", "unsafe_metadata"),
        ("/v1/me/metadata?_method=PATCH", "unsafe_metadata=".into(), 422, "form_param_nil", "unsafe_metadata"),
        ("/v1/me/metadata?_method=PATCH", "unsafe_metadata=%5B1%2C2%5D".into(), 422, "form_param_format_invalid", "unsafe_metadata"),
        ("/v1/me/metadata?_method=PATCH", "unsafe_metadata=%22text%22".into(), 422, "form_param_format_invalid", "unsafe_metadata"),
        ("/v1/me/metadata?_method=PATCH", "unsafe_metadata=%7Bnot+json".into(), 422, "form_param_format_invalid", "unsafe_metadata"),
        ("/v1/me/metadata?_method=PATCH", "public_metadata=%7B%7D&unsafe_metadata=%7B%7D".into(), 422, "form_param_unknown", "public_metadata"),
        ("/v1/me/change_password", "current_password=x".into(), 422, "form_param_missing", "new_password"),
        ("/v1/me/change_password", "new_password=".into(), 422, "form_param_nil", "new_password"),
        ("/v1/me/change_password", "new_password=short".into(), 422, "form_password_length_too_short", "new_password"),
        (
            "/v1/me/change_password",
            "new_password=long-enough-1&sign_out_of_other_sessions=maybe".into(),
            422,
            "form_param_format_invalid",
            "sign_out_of_other_sessions",
        ),
    ];
    for (path, body, status, code, param) in &cases {
        let r = srv.post(&a, path, body).await;
        assert_eq!(
            (r.status, r.json()["errors"][0]["code"].as_str().unwrap_or("").to_string()),
            (*status, code.to_string()),
            "{path} {body}: {}",
            r.text
        );
        assert_eq!(r.json()["errors"][0]["meta"]["param_name"], *param, "{path} {body}");
    }
    srv.post(&a, "/v1/me/sessions/sess_unknown/revoke", "").await.error(404, "resource_not_found");
    srv.post(&a, &format!("/v1/me/sessions/{}/revoke", other.session_id), "").await.error(404, "resource_not_found");
    srv.delete(&a, "/v1/me").await.error(403, "user_delete_self_not_enabled");
    srv.post(&a, "/v1/me?_method=DELETE", "").await.error(403, "user_delete_self_not_enabled");
    // Without a session, every route is refused the same way.
    let nobody = browser();
    srv.get(&nobody, "/v1/me").await.error(401, "authentication_invalid");
    srv.post(&nobody, "/v1/me?_method=PATCH", "first_name=Eve").await.error(401, "authentication_invalid");
    srv.post(&nobody, "/v1/me/metadata?_method=PATCH", "unsafe_metadata=%7B%7D").await.error(401, "authentication_invalid");
    srv.post(&nobody, "/v1/me/change_password", "new_password=long-enough-1").await.error(401, "authentication_invalid");
    srv.get(&nobody, "/v1/me/sessions/active").await.error(401, "authentication_invalid");
    srv.get(&nobody, "/v1/me/sessions").await.error(401, "authentication_invalid");
    srv.post(&nobody, &format!("/v1/me/sessions/{}/revoke", other.session_id), "").await.error(401, "authentication_invalid");
    srv.delete(&nobody, "/v1/me").await.error(401, "authentication_invalid");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn names_and_usernames_follow_the_instance_settings() {
    let mut config = Config { names: "required".into(), ..Config::default() };
    config.identifiers.username = false;
    let srv = TestServer::start_with(config).await;
    let c = browser();
    srv.signed_in(&c).await;
    let before = srv.snapshot().await;
    srv.post(&c, "/v1/me?_method=PATCH", "first_name=").await.param_error(422, "form_param_nil", "first_name");
    srv.post(&c, "/v1/me?_method=PATCH", "username=someone").await.param_error(422, "form_param_unknown", "username");
    srv.assert_unchanged(&before).await;

    let srv = TestServer::start_with(Config { names: "off".into(), ..Config::default() }).await;
    let c = browser();
    srv.signed_in(&c).await;
    srv.post(&c, "/v1/me?_method=PATCH", "last_name=Lovelace").await.param_error(422, "form_param_unknown", "last_name");
}

#[tokio::test]
async fn unsafe_metadata_deep_merges_and_private_metadata_never_shows() {
    let srv = TestServer::start().await;
    let c = browser();
    let me = srv.signed_in(&c).await;
    // The harness's users carry private metadata {"secret": "bapi-only"}; add public metadata.
    srv.bapi_patch(&format!("/v1/users/{}/metadata", me.user_id), &json!({"public_metadata": {"plan": "pro"}})).await.ok();
    let first = json!({"theme": {"color": "blue", "size": 2}, "beta": true}).to_string();
    srv.post(&c, "/v1/me/metadata?_method=PATCH", &form(&[("unsafe_metadata", &first)])).await.ok();
    let second = json!({"theme": {"size": null}, "lang": "en"}).to_string();
    let r = srv.post(&c, "/v1/me/metadata?_method=PATCH", &form(&[("unsafe_metadata", &second)])).await;
    let body = r.ok();
    assert_eq!(body["response"]["unsafe_metadata"], json!({"theme": {"color": "blue"}, "beta": true, "lang": "en"}));
    assert_eq!(user_of(&body)["unsafe_metadata"], body["response"]["unsafe_metadata"]);
    assert_eq!(body["response"]["public_metadata"], json!({"plan": "pro"}));
    for text in [&r.text, &srv.get(&c, "/v1/me").await.text, &srv.get(&c, "/v1/client").await.text] {
        assert!(!text.contains("private_metadata") && !text.contains("bapi-only"), "private metadata leaked: {text}");
    }
    let bapi = srv.bapi_get(&format!("/v1/users/{}", me.user_id)).await.ok();
    assert_eq!(bapi["private_metadata"], json!({"secret": "bapi-only"}));
    assert_eq!(bapi["public_metadata"], json!({"plan": "pro"}));
    assert_eq!(bapi["unsafe_metadata"]["lang"], "en");

    // Before API version 2026-05-12, `PATCH /v1/me` also took `unsafe_metadata`, replacing it.
    let replaced = srv
        .post(&c, "/v1/me?_method=PATCH&__clerk_api_version=2025-04-10", &form(&[("unsafe_metadata", r#"{"only":1}"#), ("first_name", "Ada")]))
        .await
        .ok();
    assert_eq!(replaced["response"]["unsafe_metadata"], json!({"only": 1}));
    assert_eq!(replaced["response"]["first_name"], "Ada");
    assert_eq!(replaced["response"]["public_metadata"], json!({"plan": "pro"}));
}

#[tokio::test]
async fn changing_the_password_checks_the_current_one_and_can_sign_out_other_sessions() {
    let srv = TestServer::start().await;
    let user = srv.create_user(json!({"email_address": ["pw@example.com"], "password": "old-password-123"})).await;
    let uid = user["id"].as_str().unwrap();
    let (a, b) = (browser(), browser());
    let mut sessions = Vec::new();
    for c in [&a, &b] {
        let t = srv.sign_in_token(uid).await;
        let r = srv.ticket_sign_in(c, "", &t).await.ok();
        sessions.push(r["response"]["created_session_id"].as_str().unwrap().to_string());
    }
    let before = srv.snapshot().await;
    srv.post(&a, "/v1/me/change_password", "current_password=wrong-one&new_password=new-password-456").await.param_error(
        422,
        "form_password_incorrect",
        "current_password",
    );
    srv.post(&a, "/v1/me/change_password", "new_password=new-password-456").await.param_error(422, "form_param_missing", "current_password");
    srv.post(&a, "/v1/me/change_password", "current_password=old-password-123&new_password=old-password-123").await.param_error(
        422,
        "form_new_password_matches_current",
        "new_password",
    );
    // A wrong current password is not a failed sign-in: no lockout counting, nothing changes.
    srv.assert_unchanged(&before).await;

    let ok = srv
        .post(&a, "/v1/me/change_password", "current_password=old-password-123&new_password=new-password-456&sign_out_of_other_sessions=true")
        .await
        .ok();
    assert_eq!(ok["response"]["password_enabled"], true);
    assert_eq!(ok["client"]["sessions"][0]["id"], sessions[0].as_str(), "this session stays");
    // The other browser is signed out; this one is not.
    let theirs = srv.get(&b, "/v1/client").await.ok();
    assert_eq!(theirs["response"]["sessions"].as_array().map(Vec::len).unwrap_or(0), 0, "{theirs}");
    assert_eq!(theirs["response"]["last_active_session_id"], Value::Null);
    srv.get(&b, "/v1/me").await.error(401, "authentication_invalid");
    let active = srv.get(&a, "/v1/me/sessions/active").await.ok();
    assert_eq!(active.as_array().unwrap().len(), 1);
    let all = srv.get(&a, "/v1/me/sessions").await.ok();
    let status_of = |id: &str| all.as_array().unwrap().iter().find(|s| s["id"] == id).map(|s| s["status"].clone());
    assert_eq!((status_of(&sessions[0]), status_of(&sessions[1])), (Some(json!("active")), Some(json!("revoked"))));
    // The new password signs in; the old one does not.
    let c = browser();
    srv.post(&c, "/v1/client/sign_ins", "identifier=pw%40example.com&password=old-password-123&strategy=password")
        .await
        .error(422, "form_password_incorrect");
    let si = srv.post(&c, "/v1/client/sign_ins", "identifier=pw%40example.com&password=new-password-456&strategy=password").await.ok();
    assert_eq!(si["response"]["status"], "complete");
}

#[tokio::test]
async fn a_user_without_a_password_sets_one_and_keeps_other_sessions_by_default() {
    let srv = TestServer::start().await;
    let uid = srv.new_user().await;
    let (a, b) = (browser(), browser());
    for c in [&a, &b] {
        let t = srv.sign_in_token(&uid).await;
        srv.ticket_sign_in(c, "", &t).await.ok();
    }
    assert_eq!(srv.get(&a, "/v1/me").await.ok()["response"]["password_enabled"], false);
    let set = srv.post(&a, "/v1/me/change_password", "new_password=first-password-1&sign_out_of_other_sessions=false").await.ok();
    assert_eq!(set["response"]["password_enabled"], true);
    assert_eq!(srv.get(&a, "/v1/me/sessions/active").await.ok().as_array().unwrap().len(), 2);
    srv.get(&b, "/v1/me").await.ok();
    // Stored as an argon2 hash, never as given.
    let hash = srv.query_text("SELECT password_hash FROM users WHERE id = ?1", &uid).await.unwrap();
    assert!(hash.starts_with("$argon2"), "{hash}");
}

#[tokio::test]
async fn sessions_list_every_device_and_one_can_be_revoked() {
    let srv = TestServer::start().await;
    let uid = srv.new_user().await;
    let (desktop, phone) = (browser_as(DESKTOP_CHROME), browser_as(IPHONE_SAFARI));
    let mut sessions = Vec::new();
    for c in [&desktop, &phone] {
        let t = srv.sign_in_token(&uid).await;
        let r = srv.ticket_sign_in(c, "", &t).await.ok();
        sessions.push(r["response"]["created_session_id"].as_str().unwrap().to_string());
    }
    // Another user's session is not listed.
    srv.signed_in(&browser()).await;

    let list = srv.get(&desktop, "/v1/me/sessions/active").await.ok();
    let list = list.as_array().expect("a bare array, as Clerk answers it");
    assert_eq!(list.len(), 2);
    let by_id = |id: &str| list.iter().find(|s| s["id"] == id).unwrap().clone();
    let d = by_id(&sessions[0]);
    assert_eq!((d["object"].as_str(), d["status"].as_str()), (Some("session"), Some("active")));
    assert!(d["last_active_at"].is_i64() && d["expire_at"].is_i64() && d["abandon_at"].is_i64());
    assert_eq!(
        d["latest_activity"],
        json!({
            "object": "session_activity",
            "id": d["latest_activity"]["id"],
            "browser_name": "Chrome",
            "browser_version": "142.0.0.0",
            "device_type": "Linux",
            "is_mobile": false,
            "ip_address": "127.0.0.1",
        })
    );
    assert!(d["latest_activity"]["id"].as_str().unwrap().starts_with("sess_activity_"));
    // A device list, as in Clerk's captured answer: no token, no user.
    assert_eq!((&d["last_active_token"], &d["user"], &d["public_user_data"]), (&Value::Null, &Value::Null, &Value::Null));
    let p = by_id(&sessions[1]);
    assert_eq!(
        (&p["latest_activity"]["browser_name"], &p["latest_activity"]["browser_version"], &p["latest_activity"]["device_type"]),
        (&json!("Safari"), &json!("17.0"), &json!("iPhone"))
    );
    assert_eq!(p["latest_activity"]["is_mobile"], true);

    // `GET /v1/me/sessions`: all of them, full sessions; only this client's carry a token.
    let all = srv.get(&desktop, "/v1/me/sessions").await.ok();
    let all = all.as_array().expect("a bare array");
    assert_eq!(all.len(), 2);
    for s in all {
        assert_eq!(s["user"]["id"], uid.as_str());
        assert_eq!(s["last_active_token"].is_object(), s["id"] == sessions[0].as_str(), "{s}");
    }

    let revoked = srv.post(&desktop, &format!("/v1/me/sessions/{}/revoke", sessions[1]), "").await.ok();
    assert_eq!(revoked["response"]["id"], sessions[1].as_str());
    assert_eq!(revoked["response"]["status"], "revoked");
    assert_eq!(revoked["client"]["sessions"][0]["id"], sessions[0].as_str());
    assert_eq!(srv.get(&desktop, "/v1/me/sessions/active").await.ok().as_array().unwrap().len(), 1);
    srv.get(&phone, "/v1/me").await.error(401, "authentication_invalid");
    // Revoking it again answers it as it is.
    let again = srv.post(&desktop, &format!("/v1/me/sessions/{}/revoke", sessions[1]), "").await.ok();
    assert_eq!(again["response"]["status"], "revoked");
}

#[tokio::test]
async fn users_delete_themselves_only_where_the_instance_allows_it() {
    let config = Config { delete_self: true, ..Config::default() };
    let srv = TestServer::start_with(config).await;
    let (c, elsewhere) = (browser(), browser());
    let me = srv.signed_in(&c).await;
    let t = srv.sign_in_token(&me.user_id).await;
    srv.ticket_sign_in(&elsewhere, "", &t).await.ok();
    assert_eq!(user_of(&me.body)["delete_self_enabled"], true);
    let gone = srv.post(&c, "/v1/me?_method=DELETE", "").await.ok();
    assert_eq!(gone["response"], json!({"object": "user", "id": me.user_id, "deleted": true}));
    assert_eq!(gone["client"]["id"], me.client_id.as_str());
    assert_eq!(gone["client"]["sessions"], json!([]));
    assert_eq!(gone["client"]["last_active_session_id"], Value::Null);
    srv.bapi_get(&format!("/v1/users/{}", me.user_id)).await.error(404, "resource_not_found");
    for b in [&c, &elsewhere] {
        let client = srv.get(b, "/v1/client").await.ok();
        assert_eq!(client["response"]["sessions"].as_array().map(Vec::len).unwrap_or(0), 0);
        srv.get(b, "/v1/me").await.error(401, "authentication_invalid");
    }
    assert_eq!(srv.query_text("SELECT id FROM identifications WHERE user_id = ?1", &me.user_id).await, None);
}

#[tokio::test]
async fn requests_are_recorded_as_sent_for_the_secret_key_only() {
    let srv = TestServer::start().await;
    let c = browser();
    srv.signed_in(&c).await;
    let url = srv.fapi("/dev/requests");
    let key = srv.secret_key.clone();
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    assert_eq!(http.delete(&url).bearer_auth(&key).send().await.unwrap().status(), 200);
    srv.post(&c, "/v1/me/email_addresses/?__clerk_api_version=2026-05-12&_clerk_js_version=6.40.0", "email_address=rec%40example.com").await.ok();
    srv.post(&c, "/v1/me/?_method=PATCH", "first_name=Rec").await.ok();

    assert_eq!(http.get(&url).send().await.unwrap().status(), 401);
    assert_eq!(http.get(&url).bearer_auth("sk_test_wrong").send().await.unwrap().status(), 401);
    assert_eq!(http.delete(&url).send().await.unwrap().status(), 401);
    let list: Value = http.get(format!("{url}?path_prefix=/v1/me")).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
    let data = list["data"].as_array().unwrap();
    assert_eq!(data.len(), 2, "{list}");
    // Newest first, as received: POST with `_method`, trailing slashes kept, raw bodies.
    assert_eq!(
        (data[0]["method"].as_str(), data[0]["path"].as_str(), data[0]["body"].as_str()),
        (Some("POST"), Some("/v1/me/"), Some("first_name=Rec"))
    );
    assert_eq!(data[0]["query"], json!([["_method", "PATCH"]]));
    assert_eq!(data[1]["path"], "/v1/me/email_addresses/");
    assert_eq!(data[1]["query"], json!([["__clerk_api_version", "2026-05-12"], ["_clerk_js_version", "6.40.0"]]));
    assert_eq!(data[1]["body"], "email_address=rec%40example.com");
    assert_eq!(data[1]["contentType"], "application/x-www-form-urlencoded");
    assert_eq!(data[1]["origin"], Value::Null);
    for e in data {
        assert!(e["id"].as_str().unwrap().starts_with("req_") && e["createdAt"].is_i64(), "{e}");
    }
    assert_ne!(data[0]["id"], data[1]["id"]);
    // Reading the capture is not captured; without a prefix, everything is listed.
    let everything: Value = http.get(&url).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
    let paths: Vec<&str> = everything["data"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["/v1/me/", "/v1/me/email_addresses/"]);

    assert_eq!(http.delete(&url).bearer_auth(&key).send().await.unwrap().status(), 200);
    let empty: Value = http.get(&url).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
    assert_eq!(empty["data"], json!([]));
}

#[tokio::test]
async fn the_capture_keeps_origins_preflights_refusals_and_cuts_big_bodies() {
    let srv = TestServer::start().await;
    let url = srv.fapi("/dev/requests");
    let key = srv.secret_key.clone();
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let origin = srv.base.clone();
    // A preflight, a call from an origin (allowed: the server's own), a refused one, a large body.
    http.request(reqwest::Method::OPTIONS, srv.fapi("/v1/client"))
        .header("Origin", &origin)
        .header("Access-Control-Request-Method", "PATCH")
        .send()
        .await
        .unwrap();
    http.get(srv.fapi("/v1/environment?a=1&a=2&b=x%20y")).header("Origin", &origin).send().await.unwrap();
    let refused = http.get(srv.fapi("/v1/client")).header("Origin", "https://evil.example").send().await.unwrap();
    assert_eq!(refused.status(), 400);
    let big = "x".repeat(70 * 1024);
    let r = http
        .post(srv.fapi("/v1/client/sign_ins"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("identifier={big}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "the big body still reaches the route");
    // Pages and the Backend API are not Frontend API requests.
    http.get(srv.fapi("/")).send().await.unwrap();
    srv.bapi_get("/v1/users").await.ok();

    let list: Value = http.get(&url).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
    let data = list["data"].as_array().unwrap();
    let summary: Vec<(String, String)> =
        data.iter().map(|e| (e["method"].as_str().unwrap().to_string(), e["path"].as_str().unwrap().to_string())).collect();
    assert_eq!(
        summary,
        [("POST", "/v1/client/sign_ins"), ("GET", "/v1/client"), ("GET", "/v1/environment"), ("OPTIONS", "/v1/client")]
            .map(|(m, p)| (m.to_string(), p.to_string()))
    );
    assert_eq!((data[0]["body"].as_str(), &data[0]["truncated"]), (Some(""), &json!(true)));
    assert_eq!(data[1]["origin"], "https://evil.example");
    assert_eq!(data[2]["query"], json!([["a", "1"], ["a", "2"], ["b", "x y"]]));
    assert_eq!(data[2]["origin"], origin.as_str());
    assert!(data[2].get("truncated").is_none());
}

//! `/v1/me` itself over a real port: reading and updating the user, primaries, metadata rules
//! (unsafe merged, public read-only, private never shown), password changes, active sessions
//! with their devices, revoking, deleting; and `/dev/requests`, the capture of requests as sent.

mod common;

use clerk_devserver::config::Config;
use common::{browser, form, TestServer};
use serde_json::{json, Value};

fn user_of(body: &Value) -> &Value {
    &body["client"]["sessions"][0]["user"]
}

#[tokio::test]
async fn the_user_reads_and_updates_names_username_and_primaries() {
    let srv = TestServer::start().await;
    let c = browser();
    let me = srv.signed_in(&c).await;
    let got = srv.get(&c, "/v1/me").await.ok();
    assert_eq!(got["response"]["id"], me.user_id.as_str());
    assert!(got["response"].get("private_metadata").is_none());

    let updated = srv.post(&c, "/v1/me?_method=PATCH", "first_name=Ada&last_name=Lovelace&username=ada_l").await.ok();
    assert_eq!(updated["response"]["first_name"], "Ada");
    assert_eq!(updated["response"]["username"], "ada_l");
    assert_eq!(user_of(&updated)["last_name"], "Lovelace", "the client shows the change too");

    // A second address, unverified: it cannot become primary; verified, it can.
    let extra = srv.post(&c, "/v1/me/email_addresses", "email_address=other%40example.com").await.ok();
    let id = extra["response"]["id"].as_str().unwrap().to_string();
    let before = srv.snapshot().await;
    srv.post(&c, "/v1/me?_method=PATCH", &form(&[("primary_email_address_id", &id)]))
        .await
        .param_error(422, "form_param_value_invalid", "primary_email_address_id");
    srv.assert_unchanged(&before).await;
    srv.post(&c, &format!("/v1/me/email_addresses/{id}/prepare_verification"), "strategy=email_code").await.ok();
    let code = srv.latest_code("other@example.com").await;
    srv.post(&c, &format!("/v1/me/email_addresses/{id}/attempt_verification"), &form(&[("code", &code)])).await.ok();
    let switched = srv.post(&c, "/v1/me?_method=PATCH", &form(&[("primary_email_address_id", &id)])).await.ok();
    assert_eq!(switched["response"]["primary_email_address_id"], id.as_str());
}

#[tokio::test]
async fn bad_updates_are_refused_and_change_nothing() {
    let srv = TestServer::start().await;
    let (a, b) = (browser(), browser());
    srv.signed_in(&a).await;
    let other = srv.signed_in(&b).await;
    srv.post(&b, "/v1/me?_method=PATCH", "username=taken_name").await.ok();
    let their_email = user_of(&other.body)["email_addresses"][0]["id"].as_str().unwrap().to_string();

    let before = srv.snapshot().await;
    let cases: Vec<(&str, String, u16, &str, &str)> = vec![
        ("/v1/me?_method=PATCH", "username=taken_name".into(), 422, "form_identifier_exists", "username"),
        ("/v1/me?_method=PATCH", "username=a".into(), 422, "form_username_invalid_length", "username"),
        ("/v1/me?_method=PATCH", "public_metadata=%7B%22plan%22%3A%22pro%22%7D".into(), 422, "form_param_unknown", "public_metadata"),
        ("/v1/me?_method=PATCH", "private_metadata=%7B%7D".into(), 422, "form_param_unknown", "private_metadata"),
        ("/v1/me?_method=PATCH", form(&[("primary_email_address_id", &their_email)]), 422, "form_param_value_invalid", "primary_email_address_id"),
        ("/v1/me?_method=PATCH", "primary_phone_number_id=idn_nope".into(), 422, "form_param_value_invalid", "primary_phone_number_id"),
        ("/v1/me/metadata?_method=PATCH", "".into(), 422, "form_param_missing", "unsafe_metadata"),
        ("/v1/me/metadata?_method=PATCH", "unsafe_metadata=%5B1%2C2%5D".into(), 422, "form_param_format_invalid", "unsafe_metadata"),
        ("/v1/me/metadata?_method=PATCH", "unsafe_metadata=%7Bnot+json".into(), 422, "form_param_format_invalid", "unsafe_metadata"),
        ("/v1/me/metadata?_method=PATCH", "public_metadata=%7B%7D&unsafe_metadata=%7B%7D".into(), 422, "form_param_unknown", "public_metadata"),
        ("/v1/me/change_password", "current_password=x".into(), 422, "form_param_missing", "new_password"),
        ("/v1/me/change_password", "new_password=short".into(), 422, "form_password_length_too_short", "new_password"),
    ];
    for (path, body, status, code, param) in &cases {
        let r = srv.post(&a, path, body).await;
        assert_eq!((r.status, r.json()["errors"][0]["code"].as_str().unwrap_or("").to_string()), (*status, code.to_string()), "{path} {body}: {}", r.text);
        assert_eq!(r.json()["errors"][0]["meta"]["param_name"], *param, "{path} {body}");
    }
    srv.post(&a, "/v1/me/sessions/sess_unknown/revoke", "").await.error(404, "resource_not_found");
    srv.post(&a, &format!("/v1/me/sessions/{}/revoke", other.session_id), "").await.error(404, "resource_not_found");
    srv.delete(&a, "/v1/me").await.error(403, "user_delete_self_not_enabled");
    srv.get(&browser(), "/v1/me").await.error(401, "authentication_invalid");
    srv.assert_unchanged(&before).await;
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
    assert_eq!(body["response"]["public_metadata"], json!({"plan": "pro"}));
    for text in [&r.text, &srv.get(&c, "/v1/me").await.text, &srv.get(&c, "/v1/client").await.text] {
        assert!(!text.contains("private_metadata") && !text.contains("bapi-only"), "private metadata leaked: {text}");
    }
    let bapi = srv.bapi_get(&format!("/v1/users/{}", me.user_id)).await.ok();
    assert_eq!(bapi["private_metadata"], json!({"secret": "bapi-only"}));
    assert_eq!(bapi["unsafe_metadata"]["lang"], "en");
}

#[tokio::test]
async fn changing_the_password_checks_the_current_one_and_can_sign_out_other_sessions() {
    let srv = TestServer::start().await;
    let user = srv
        .create_user(json!({"email_address": ["pw@example.com"], "password": "old-password-123"}))
        .await;
    let uid = user["id"].as_str().unwrap();
    let (a, b) = (browser(), browser());
    for c in [&a, &b] {
        let t = srv.sign_in_token(uid).await;
        srv.ticket_sign_in(c, "", &t).await.ok();
    }
    let before = srv.snapshot().await;
    srv.post(&a, "/v1/me/change_password", "current_password=wrong-one&new_password=new-password-456")
        .await
        .param_error(422, "form_password_incorrect", "current_password");
    srv.post(&a, "/v1/me/change_password", "current_password=old-password-123&new_password=old-password-123")
        .await
        .param_error(422, "form_new_password_matches_current", "new_password");
    srv.assert_unchanged(&before).await;

    let ok = srv
        .post(&a, "/v1/me/change_password", "current_password=old-password-123&new_password=new-password-456&sign_out_of_other_sessions=true")
        .await
        .ok();
    assert_eq!(ok["response"]["password_enabled"], true);
    // The other browser is signed out; this one is not.
    let theirs = srv.get(&b, "/v1/client").await.ok();
    assert_eq!(theirs["response"]["sessions"].as_array().map(Vec::len).unwrap_or(0), 0, "{theirs}");
    let active = srv.get(&a, "/v1/me/sessions/active").await.ok();
    assert_eq!(active.as_array().unwrap().len(), 1);
    // The new password signs in.
    let c = browser();
    let si = srv.post(&c, "/v1/client/sign_ins", "identifier=pw%40example.com&password=new-password-456&strategy=password").await.ok();
    assert_eq!(si["response"]["status"], "complete");
}

#[tokio::test]
async fn active_sessions_list_every_device_and_one_can_be_revoked() {
    let srv = TestServer::start().await;
    let uid = srv.new_user().await;
    let phone = reqwest::Client::builder()
        .cookie_store(true)
        .no_proxy()
        .user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1")
        .build()
        .unwrap();
    let desktop = reqwest::Client::builder()
        .cookie_store(true)
        .no_proxy()
        .user_agent("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36")
        .build()
        .unwrap();
    let mut sessions = Vec::new();
    for c in [&desktop, &phone] {
        let t = srv.sign_in_token(&uid).await;
        let r = srv.ticket_sign_in(c, "", &t).await.ok();
        sessions.push(r["response"]["created_session_id"].as_str().unwrap().to_string());
    }
    let list = srv.get(&desktop, "/v1/me/sessions/active").await.ok();
    let list = list.as_array().expect("a bare array, as Clerk answers it");
    assert_eq!(list.len(), 2);
    let by_id = |id: &str| list.iter().find(|s| s["id"] == id).unwrap().clone();
    let d = by_id(&sessions[0]);
    assert_eq!(d["status"], "active");
    assert_eq!(d["latest_activity"]["object"], "session_activity");
    assert_eq!(d["latest_activity"]["browser_name"], "Chrome");
    assert_eq!(d["latest_activity"]["browser_version"], "142");
    assert_eq!(d["latest_activity"]["device_type"], "Linux");
    assert_eq!(d["latest_activity"]["is_mobile"], false);
    assert_eq!(d["latest_activity"]["ip_address"], "127.0.0.1");
    assert!(d.get("last_active_token").is_none(), "no tokens in the device list");
    let p = by_id(&sessions[1]);
    assert_eq!((p["latest_activity"]["browser_name"].clone(), p["latest_activity"]["is_mobile"].clone()), (json!("Safari"), json!(true)));

    let revoked = srv.post(&desktop, &format!("/v1/me/sessions/{}/revoke", sessions[1]), "").await.ok();
    assert_eq!(revoked["response"]["status"], "revoked");
    assert_eq!(srv.get(&desktop, "/v1/me/sessions/active").await.ok().as_array().unwrap().len(), 1);
    srv.get(&phone, "/v1/me").await.error(401, "authentication_invalid");
}

#[tokio::test]
async fn users_delete_themselves_only_where_the_instance_allows_it() {
    let config = Config { delete_self: true, ..Config::default() };
    let srv = TestServer::start_with(config).await;
    let c = browser();
    let me = srv.signed_in(&c).await;
    assert_eq!(user_of(&me.body)["delete_self_enabled"], true);
    let gone = srv.delete(&c, "/v1/me").await.ok();
    assert_eq!(gone["response"], json!({"object": "user", "id": me.user_id, "deleted": true}));
    srv.bapi_get(&format!("/v1/users/{}", me.user_id)).await.error(404, "resource_not_found");
    let client = srv.get(&c, "/v1/client").await.ok();
    assert_eq!(client["response"]["sessions"].as_array().map(Vec::len).unwrap_or(0), 0);
}

#[tokio::test]
async fn requests_are_recorded_as_sent_for_the_secret_key_only() {
    let srv = TestServer::start().await;
    let c = browser();
    srv.signed_in(&c).await;
    let url = srv.fapi("/dev/requests");
    let key = srv.secret_key.clone();
    let http = reqwest::Client::new();
    assert_eq!(http.delete(&url).bearer_auth(&key).send().await.unwrap().status(), 200);
    srv.post(&c, "/v1/me/email_addresses/?__clerk_api_version=2026-05-12&_clerk_js_version=6.40.0", "email_address=rec%40example.com").await.ok();
    srv.post(&c, "/v1/me/?_method=PATCH", "first_name=Rec").await.ok();

    assert_eq!(http.get(&url).send().await.unwrap().status(), 401);
    let list: Value = http.get(format!("{url}?path_prefix=/v1/me")).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
    let data = list["data"].as_array().unwrap();
    assert_eq!(data.len(), 2, "{list}");
    // Newest first, as received: POST with `_method`, trailing slashes kept, raw bodies.
    assert_eq!((data[0]["method"].as_str(), data[0]["path"].as_str(), data[0]["body"].as_str()), (Some("POST"), Some("/v1/me/"), Some("first_name=Rec")));
    assert_eq!(data[0]["query"], json!([["_method", "PATCH"]]));
    assert_eq!(data[1]["path"], "/v1/me/email_addresses/");
    assert_eq!(data[1]["query"], json!([["__clerk_api_version", "2026-05-12"], ["_clerk_js_version", "6.40.0"]]));
    assert_eq!(data[1]["body"], "email_address=rec%40example.com");
    assert_eq!(data[1]["contentType"], "application/x-www-form-urlencoded");

    assert_eq!(http.delete(&url).bearer_auth(&key).send().await.unwrap().status(), 200);
    let empty: Value = http.get(&url).bearer_auth(&key).send().await.unwrap().json().await.unwrap();
    assert_eq!(empty["data"], json!([]));
}

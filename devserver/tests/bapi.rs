//! The Backend API subset under `/bapi`: the secret-key guard, createUser and its validation,
//! listing, counting, fetching, metadata updates and deletion of users, sign-in tokens, and the
//! JWKS. Every refused request is checked to have created nothing.

mod common;

use common::{has_key, send, TestServer};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, ORIGIN};
use reqwest::Method;
use serde_json::{json, Value};

fn ada() -> Value {
    json!({
        "external_id": "ext-ada",
        "email_address": ["Ada@Example.com", "ada.work@example.org"],
        "phone_number": ["+15551234567", "+44 20 7946 0958"],
        "username": "ada_l",
        "password": "correct-horse-battery",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "public_metadata": {"role": "admin"},
        "private_metadata": {"stripe_id": "cus_123"},
        "unsafe_metadata": {"theme": "dark"},
    })
}

/// The `key` of every object in the array `list`, in order.
fn strings<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    list.as_array().expect("a list").iter().map(|x| x[key].as_str().unwrap()).collect()
}

/// Asserts `ids` are exactly the ids of the users in `list`, in order.
fn assert_ids(list: &Value, ids: &[&str]) {
    assert_eq!(strings(list, "id"), ids);
}

#[tokio::test]
async fn create_user_with_every_parameter() {
    let srv = TestServer::start().await;
    let u = srv.create_user(ada()).await;
    assert_eq!(u["object"], "user");
    assert!(u["id"].as_str().unwrap().starts_with("user_"));
    assert_eq!(u["external_id"], "ext-ada");
    assert_eq!(u["username"], "ada_l");
    assert_eq!(u["first_name"], "Ada");
    assert_eq!(u["last_name"], "Lovelace");
    assert_eq!(u["public_metadata"], json!({"role": "admin"}));
    assert_eq!(u["private_metadata"], json!({"stripe_id": "cus_123"}));
    assert_eq!(u["unsafe_metadata"], json!({"theme": "dark"}));
    assert_eq!(u["password_enabled"], true);
    assert!(!has_key(&u, "password") && !has_key(&u, "password_hash"), "no password in {u}");
    assert_eq!(u["created_at"], srv.st.now());
    assert_eq!(u["image_url"], format!("{}/dev/avatar?initials=AL", srv.base));

    assert_eq!(strings(&u["email_addresses"], "email_address"), ["Ada@Example.com", "ada.work@example.org"]);
    assert_eq!(strings(&u["phone_numbers"], "phone_number"), ["+15551234567", "+442079460958"], "normalised to E.164");
    let (emails, phones) = (u["email_addresses"].as_array().unwrap(), u["phone_numbers"].as_array().unwrap());
    assert_eq!(u["primary_email_address_id"], emails[0]["id"]);
    assert_eq!(u["primary_phone_number_id"], phones[0]["id"]);
    for ident in emails.iter().chain(phones) {
        assert_eq!(ident["verification"]["status"], "verified", "{ident}");
        assert_eq!(ident["verification"]["strategy"], "admin", "{ident}");
    }
    assert_eq!(srv.count("users").await, 1);
    assert_eq!(srv.count("identifications").await, 4);
}

#[tokio::test]
async fn taken_identifiers_are_refused_and_create_nothing() {
    let srv = TestServer::start().await;
    srv.create_user(ada()).await;
    let before = srv.snapshot().await;
    let cases = [
        (json!({"email_address": ["ada@EXAMPLE.com"]}), "email_address"),
        (json!({"phone_number": ["+1 (555) 123-4567"]}), "phone_number"),
        (json!({"email_address": ["new1@example.com"], "username": "ADA_L"}), "username"),
        (json!({"email_address": ["new2@example.com"], "external_id": "ext-ada"}), "external_id"),
        // A new identifier alongside a taken one: still nothing is created.
        (json!({"email_address": ["new3@example.com", "ada.work@example.org"]}), "email_address"),
    ];
    for (body, param) in cases {
        srv.bapi_post("/v1/users", &body).await.param_error(422, "form_identifier_exists", param);
    }
    srv.bapi_post("/v1/users", &json!({"email_address": ["x@example.com", "X@example.com"]})).await.param_error(
        422,
        "form_param_duplicate",
        "email_address",
    );
    srv.assert_unchanged(&before).await;
    assert_eq!(srv.bapi_get("/v1/users/count").await.ok()["total_count"], 1);
}

#[tokio::test]
async fn invalid_input_is_refused_and_creates_nothing() {
    let srv = TestServer::start().await;
    let before = srv.snapshot().await;
    let cases = [
        (json!({"email_address": ["not-an-email"]}), "form_param_format_invalid", "email_address"),
        (json!({"email_address": ["a@b"]}), "form_param_format_invalid", "email_address"),
        (json!({"phone_number": ["12345"]}), "form_param_format_invalid", "phone_number"),
        (json!({"phone_number": ["+1555abc4567"]}), "form_param_format_invalid", "phone_number"),
        (json!({"email_address": ["ok@example.com"], "password": "short"}), "form_password_length_too_short", "password"),
        (json!({"password": "long-enough-password"}), "form_param_missing", "email_address"),
        (json!({"username": "abc"}), "form_username_invalid_length", "username"),
        (json!({"email_address": ["ok@example.com"], "public_metadata": [1]}), "form_param_format_invalid", "public_metadata"),
    ];
    for (body, code, param) in cases {
        srv.bapi_post("/v1/users", &body).await.param_error(422, code, param);
    }
    let e = srv.bapi_post("/v1/users", &json!({"email_address": ["ok@example.com"], "password": "1234567"})).await;
    assert_eq!(e.error(422, "form_password_length_too_short")["meta"]["min_length"], 8);

    for bad in ["not json", "{\"email_address\": \"not-a-list@example.com\"}", "[1, 2]"] {
        let req = srv.bapi_unauthenticated(Method::POST, "/v1/users").header(AUTHORIZATION, format!("Bearer {}", srv.secret_key));
        send(req.header(CONTENT_TYPE, "application/json").body(bad)).await.error(400, "request_body_invalid");
    }
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn the_secret_key_guard_refuses_and_creates_nothing() {
    let srv = TestServer::start().await;
    let before = srv.snapshot().await;
    let create = || srv.bapi_unauthenticated(Method::POST, "/v1/users").json(&ada());
    let bearer = format!("Bearer {}", srv.secret_key);

    send(create()).await.error(401, "authorization_header_format_invalid");
    send(create().header(AUTHORIZATION, srv.secret_key.as_str())).await.error(401, "authorization_header_format_invalid");
    send(create().header(AUTHORIZATION, format!("Basic {}", srv.secret_key))).await.error(401, "authorization_header_format_invalid");
    send(create().header(AUTHORIZATION, "Bearer sk_test_00000000000000000000000000")).await.error(401, "authentication_invalid");
    send(create().header(AUTHORIZATION, format!("{bearer}x"))).await.error(401, "authentication_invalid");
    send(create().header(AUTHORIZATION, &srv.publishable_key)).await.error(401, "authorization_header_format_invalid");
    // A browser (any Origin, even an allowed one) never gets to use the secret key.
    for origin in ["http://evil.example", "http://localhost:3000", srv.base.as_str()] {
        let res = send(create().header(AUTHORIZATION, &bearer).header(ORIGIN, origin)).await;
        res.error(400, "origin_authorization_headers_conflict");
        assert!(res.header("access-control-allow-origin").is_none());
    }
    for path in ["/v1/users", "/v1/users/count", "/v1/jwks"] {
        send(srv.bapi_unauthenticated(Method::GET, path)).await.error(401, "authorization_header_format_invalid");
    }
    srv.assert_unchanged(&before).await;
    let res = send(create().header(AUTHORIZATION, &bearer)).await;
    res.ok();
    assert!(res.header("access-control-allow-origin").is_none(), "the Backend API has no CORS");
}

#[tokio::test]
async fn list_and_count_users() {
    let srv = TestServer::start().await;
    let mut ids = Vec::new();
    for name in ["a", "b", "c"] {
        let u = srv.create_user(json!({"email_address": [format!("{name}@example.com")], "username": format!("user_{name}")})).await;
        ids.push(u["id"].as_str().unwrap().to_string());
        srv.clock.advance(1_000);
    }
    let [a, b, c] = [ids[0].as_str(), ids[1].as_str(), ids[2].as_str()];

    let all = srv.bapi_get("/v1/users").await.ok();
    assert_ids(&all, &[c, b, a]);
    assert_eq!(all[0]["private_metadata"], json!({}), "BAPI users carry private_metadata");
    assert_ids(&srv.bapi_get("/v1/users?limit=2").await.ok(), &[c, b]);
    assert_ids(&srv.bapi_get("/v1/users?limit=2&offset=2").await.ok(), &[a]);
    assert_ids(&srv.bapi_get("/v1/users?offset=5").await.ok(), &[]);
    assert_ids(&srv.bapi_get("/v1/users?order_by=%2Bcreated_at").await.ok(), &[a, b, c]);
    assert_ids(&srv.bapi_get("/v1/users?order_by=-created_at").await.ok(), &[c, b, a]);
    assert_ids(&srv.bapi_get("/v1/users?email_address=B%40EXAMPLE.com").await.ok(), &[b]);
    assert_ids(&srv.bapi_get("/v1/users?email_address=a%40example.com&email_address=c%40example.com").await.ok(), &[c, a]);
    assert_ids(&srv.bapi_get("/v1/users?email_address%5B%5D=c%40example.com").await.ok(), &[c]);
    assert_ids(&srv.bapi_get("/v1/users?email_address=nobody%40example.com").await.ok(), &[]);
    assert_ids(&srv.bapi_get(&format!("/v1/users?user_id={b}")).await.ok(), &[b]);
    assert_ids(&srv.bapi_get("/v1/users?username=USER_C").await.ok(), &[c]);
    srv.bapi_get("/v1/users?limit=501").await.param_error(422, "form_param_format_invalid", "limit");
    srv.bapi_get("/v1/users?limit=ten").await.param_error(422, "form_param_format_invalid", "limit");
    srv.bapi_get("/v1/users?order_by=name").await.param_error(422, "form_param_value_invalid", "order_by");

    assert_eq!(srv.bapi_get("/v1/users/count").await.ok(), json!({"object": "total_count", "total_count": 3}));
    assert_eq!(srv.bapi_get("/v1/users/count?email_address=a%40example.com").await.ok()["total_count"], 1);

    // Users created in the same millisecond are still listed newest first.
    let d = srv.new_user().await;
    let e = srv.new_user().await;
    assert_ids(&srv.bapi_get("/v1/users?limit=3").await.ok(), &[&e, &d, c]);
}

#[tokio::test]
async fn get_a_user() {
    let srv = TestServer::start().await;
    let created = srv.create_user(ada()).await;
    let id = created["id"].as_str().unwrap();
    assert_eq!(srv.bapi_get(&format!("/v1/users/{id}")).await.ok(), created);
    srv.bapi_get("/v1/users/user_unknown").await.error(404, "resource_not_found");
}

#[tokio::test]
async fn metadata_updates_deep_merge_and_null_deletes() {
    let srv = TestServer::start().await;
    let u = srv
        .create_user(json!({
            "email_address": ["meta@example.com"],
            "public_metadata": {"a": 1, "nested": {"x": 1, "y": 2}},
            "private_metadata": {"p": 1, "q": 2},
            "unsafe_metadata": {"u": true},
        }))
        .await;
    let path = format!("/v1/users/{}/metadata", u["id"].as_str().unwrap());
    srv.clock.advance(1_000);
    let patch = json!({"public_metadata": {"b": 2, "nested": {"y": null, "z": 3}}, "private_metadata": {"p": null}});
    let updated = srv.bapi_patch(&path, &patch).await.ok();
    assert_eq!(updated["public_metadata"], json!({"a": 1, "b": 2, "nested": {"x": 1, "z": 3}}));
    assert_eq!(updated["private_metadata"], json!({"q": 2}));
    assert_eq!(updated["unsafe_metadata"], json!({"u": true}), "untouched");
    assert_eq!(updated["updated_at"], srv.st.now());
    assert_eq!(srv.bapi_get(&format!("/v1/users/{}", u["id"].as_str().unwrap())).await.ok(), updated);

    let before = srv.snapshot().await;
    srv.bapi_patch(&path, &json!({"public_metadata": "x"})).await.param_error(422, "form_param_format_invalid", "public_metadata");
    srv.bapi_patch("/v1/users/user_unknown/metadata", &json!({"public_metadata": {"a": 2}})).await.error(404, "resource_not_found");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn deleting_a_user_ends_their_sessions() {
    let srv = TestServer::start().await;
    let signed = srv.signed_in(&srv.http).await;
    let path = format!("/v1/users/{}", signed.user_id);
    let (users, idents, verifications) = (srv.count("users").await, srv.count("identifications").await, srv.count("verifications").await);

    let body = srv.bapi_delete(&path).await.ok();
    assert_eq!(body, json!({"object": "user", "id": signed.user_id, "deleted": true}));
    assert_eq!(srv.count("users").await, users - 1);
    assert_eq!(srv.count("identifications").await, idents - 1);
    assert!(srv.count("verifications").await < verifications, "the identification's verification went too");
    assert_eq!(srv.count("sessions").await, 0);

    let client = srv.get(&srv.http, "/v1/client").await.ok()["response"].clone();
    assert_eq!(client["id"], signed.client_id.as_str(), "the client stays");
    assert_eq!(client["sessions"], json!([]));
    assert_eq!(client["last_active_session_id"], Value::Null);
    srv.post(&srv.http, &format!("/v1/client/sessions/{}/tokens", signed.session_id), "").await.error(404, "resource_not_found");

    let before = srv.snapshot().await;
    srv.bapi_delete(&path).await.error(404, "resource_not_found");
    srv.bapi_get(&path).await.error(404, "resource_not_found");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn sign_in_tokens() {
    let srv = TestServer::start().await;
    let user = srv.new_user().await;
    let t = srv.bapi_post("/v1/sign_in_tokens", &json!({"user_id": user, "expires_in_seconds": 3600})).await.ok();
    assert_eq!(t["object"], "sign_in_token");
    assert!(t["id"].as_str().unwrap().starts_with("sit_"));
    assert_eq!(t["user_id"], user.as_str());
    assert_eq!(t["status"], "pending");
    let token = t["token"].as_str().unwrap();
    assert!(token.len() >= 32, "a long secret: {token}");
    assert_eq!(t["url"], format!("{}/v1/tickets/accept?ticket={token}", srv.base));
    let expires_at = srv.query_text("SELECT CAST(expires_at AS TEXT) FROM sign_in_tokens WHERE token = ?1", token).await;
    assert_eq!(expires_at, Some((srv.st.now() + 3_600_000).to_string()));

    let before = srv.snapshot().await;
    srv.bapi_post("/v1/sign_in_tokens", &json!({})).await.param_error(422, "form_param_missing", "user_id");
    srv.bapi_post("/v1/sign_in_tokens", &json!({"user_id": ""})).await.param_error(422, "form_param_missing", "user_id");
    srv.bapi_post("/v1/sign_in_tokens", &json!({"user_id": "user_unknown"})).await.error(404, "resource_not_found");
    for bad in [0, -1, 315_360_001] {
        let body = json!({"user_id": user, "expires_in_seconds": bad});
        srv.bapi_post("/v1/sign_in_tokens", &body).await.param_error(422, "form_param_value_invalid", "expires_in_seconds");
    }
    let body = json!({"user_id": user, "expires_in_seconds": "soon"});
    srv.bapi_post("/v1/sign_in_tokens", &body).await.error(400, "request_body_invalid");
    srv.assert_unchanged(&before).await;
}

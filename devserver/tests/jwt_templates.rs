//! JWT templates (`[jwt_templates.NAME]`): `POST /v1/client/sessions/{id}/tokens/{NAME}` answers
//! `{object: "token", jwt}` with the template's claims, shortcodes expanded, and Clerk's default
//! claims; RS256 tokens verify with the JWKS, HS256 ones with the template's key; an unknown
//! template is Clerk's 404, an inactive session 401 `signed_out`.

mod common;

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use clerk_devserver::config::Config;
use common::{browser, jwt_parts, send, verify_rs256, TestServer};
use hmac::{Hmac, Mac};
use reqwest::header::ORIGIN;
use serde_json::{json, Value};
use sha2::Sha256;

const CONFIG: &str = r#"
[session]
single_session_mode = false

[jwt_templates.hasura]
lifetime_secs = 120
allowed_clock_skew_secs = 7
[jwt_templates.hasura.claims]
aud = "https://my-site.com"
version = 1
foo = { bar = [1, 2, 3] }
user_id = "{{user.id}}"
email = "{{user.primary_email_address}}"
email_verified = "{{user.email_verified}}"
phone = "{{user.primary_phone_number}}"
full_name = "{{user.full_name}}"
greeting = "Hi {{user.first_name}} {{user.last_name}} ({{user.username}})"
meta = "{{user.public_metadata}}"
unsafe_meta = "{{user.unsafe_metadata}}"
private_meta = "{{user.private_metadata}}"
plan = "{{user.public_metadata.billing.plan}}"
missing_path = "{{user.public_metadata.billing.nope}}"
invalid_shortcode = "{{user.i_dont_exist}}"
two_factor = "{{user.two_factor_enabled}}"
has_image = "{{user.has_image}}"
registered = "{{user.created_at}}"
tier = "{{user.public_metadata.tier || 'free'}}"
nested = { list = ["{{user.external_id}}", "static"] }
[jwt_templates.hasura.claims."https://hasura.io/jwt/claims"]
x-hasura-user-id = "{{user.id}}"
x-hasura-default-role = "user"

[jwt_templates.supabase]
signing_key = "super-secret-jwt-token-with-at-least-32-characters"
[jwt_templates.supabase.claims]
aud = "authenticated"
role = "authenticated"
email = "{{user.primary_email_address}}"
"#;

fn tokens_path(session: &str, template: &str) -> String {
    format!("/v1/client/sessions/{session}/tokens/{template}")
}

/// A user with known fields, signed in on the server's browser; returns (user, session id).
async fn signed_in_user(srv: &TestServer) -> (Value, String) {
    let n = common::next_unique();
    let user = srv
        .create_user(json!({
            "email_address": [format!("maria{n}@example.com")],
            "username": format!("maria{n}"),
            "first_name": "Maria",
            "external_id": format!("ext-{n}"),
            "public_metadata": {"billing": {"plan": "pro"}, "roles": ["admin"]},
            "unsafe_metadata": {"theme": "dark"},
            "private_metadata": {"stripe": "cus_1"},
        }))
        .await;
    let ticket = srv.sign_in_token(user["id"].as_str().unwrap()).await;
    let body = srv.ticket_sign_in(&srv.http, "", &ticket).await.ok();
    (user, body["response"]["created_session_id"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn an_rs256_template_expands_its_shortcodes_and_verifies_with_the_jwks() {
    let srv = TestServer::start_with(Config::from_toml(CONFIG).unwrap()).await;
    let (user, session) = signed_in_user(&srv).await;
    let origin = "http://localhost:3000";
    let res = send(srv.http.post(srv.fapi(&tokens_path(&session, "hasura"))).header(ORIGIN, origin).form(&[("x", "")])).await;
    let body = res.ok();
    assert_eq!(body.as_object().unwrap().len(), 2, "exactly {{object, jwt}}: {body}");
    assert_eq!(body["object"], "token");
    let jwt = body["jwt"].as_str().unwrap();

    let jwks = srv.bapi_get("/v1/jwks").await.ok();
    let claims = verify_rs256(jwt, &jwks).expect("verifies with the JWKS");
    let (header, _) = jwt_parts(jwt);
    assert_eq!(header["kid"], srv.st.keys.kid());
    let now = srv.st.now() / 1000;
    let uid = user["id"].as_str().unwrap();
    let email = user["email_addresses"][0]["email_address"].as_str().unwrap();
    let created = user["created_at"].as_i64().unwrap() / 1000;
    let jti = claims["jti"].as_str().expect("jti").to_string();
    assert!(!jti.is_empty());
    assert_eq!(
        claims,
        json!({
            "aud": "https://my-site.com",
            "version": 1,
            "foo": {"bar": [1, 2, 3]},
            "user_id": uid,
            "email": email,
            "email_verified": true,
            "phone": null,
            "full_name": "Maria",
            "greeting": format!("Hi Maria null ({})", user["username"].as_str().unwrap()),
            "meta": {"billing": {"plan": "pro"}, "roles": ["admin"]},
            "unsafe_meta": {"theme": "dark"},
            "private_meta": {"stripe": "cus_1"},
            "plan": "pro",
            "missing_path": null,
            "invalid_shortcode": null,
            "two_factor": false,
            "has_image": false,
            "registered": created,
            "tier": "free",
            "nested": {"list": [user["external_id"], "static"]},
            "https://hasura.io/jwt/claims": {"x-hasura-user-id": uid, "x-hasura-default-role": "user"},
            "azp": origin,
            "exp": now + 120,
            "iat": now,
            "iss": srv.base,
            "jti": jti,
            "nbf": now - 7,
            "sub": uid,
        })
    );
    assert!(claims.get("sid").is_none(), "a template token is not bound to a session");

    // Without an Origin there is no azp.
    let plain = srv.post(&srv.http, &tokens_path(&session, "hasura"), "").await.ok();
    let (_, payload) = jwt_parts(plain["jwt"].as_str().unwrap());
    assert!(payload.get("azp").is_none(), "{payload}");
}

#[tokio::test]
async fn an_hs256_template_verifies_with_its_signing_key() {
    let srv = TestServer::start_with(Config::from_toml(CONFIG).unwrap()).await;
    let (user, session) = signed_in_user(&srv).await;
    let body = srv.post(&srv.http, &tokens_path(&session, "supabase"), "").await.ok();
    let jwt = body["jwt"].as_str().unwrap();
    let (header, claims) = jwt_parts(jwt);
    assert_eq!(header, json!({"alg": "HS256", "typ": "JWT"}));
    let (signed, sig) = jwt.rsplit_once('.').unwrap();
    let mut mac = Hmac::<Sha256>::new_from_slice(b"super-secret-jwt-token-with-at-least-32-characters").unwrap();
    mac.update(signed.as_bytes());
    mac.verify_slice(&B64URL.decode(sig).unwrap()).expect("HS256 signature with the template's key");
    let mut wrong = Hmac::<Sha256>::new_from_slice(b"another key").unwrap();
    wrong.update(signed.as_bytes());
    assert!(wrong.verify_slice(&B64URL.decode(sig).unwrap()).is_err());
    assert_eq!(claims["aud"], "authenticated");
    assert_eq!(claims["email"], user["email_addresses"][0]["email_address"]);
    assert_eq!(claims["sub"], user["id"]);
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 60, "the default lifetime");
    assert_eq!(claims["iat"].as_i64().unwrap() - claims["nbf"].as_i64().unwrap(), 5, "the default clock skew");
}

#[tokio::test]
async fn shortcodes_follow_the_users_changes() {
    let srv = TestServer::start_with(Config::from_toml(CONFIG).unwrap()).await;
    let (user, session) = signed_in_user(&srv).await;
    let uid = user["id"].as_str().unwrap();
    srv.bapi_patch(&format!("/v1/users/{uid}/metadata"), &json!({"public_metadata": {"tier": "gold", "billing": null}})).await.ok();
    let body = srv.post(&srv.http, &tokens_path(&session, "hasura"), "").await.ok();
    let claims = verify_rs256(body["jwt"].as_str().unwrap(), &srv.bapi_get("/v1/jwks").await.ok()).unwrap();
    assert_eq!(claims["tier"], "gold");
    assert_eq!(claims["plan"], Value::Null);
}

#[tokio::test]
async fn an_unknown_template_is_not_found() {
    let srv = TestServer::start_with(Config::from_toml(CONFIG).unwrap()).await;
    let (_, session) = signed_in_user(&srv).await;
    let before = srv.snapshot().await;
    let e = srv.post(&srv.http, &tokens_path(&session, "firebase"), "").await.error(404, "resource_not_found");
    assert_eq!(e["message"], "JWT template not found");
    assert_eq!(e["long_message"], "No JWT template exists with name: firebase");
    srv.assert_unchanged(&before).await;
    // An unknown session of a known template is the session's 404.
    let e = srv.post(&srv.http, &tokens_path("sess_nope", "hasura"), "").await.error(404, "resource_not_found");
    assert_eq!(e["long_message"], "No session was found with id sess_nope");
    srv.post(&browser(), &tokens_path(&session, "hasura"), "").await.error(400, "client_not_found");
}

#[tokio::test]
async fn a_template_token_for_an_inactive_session_is_signed_out_and_minting_is_activity() {
    let config = format!("{CONFIG}\n").replace("[session]\n", "[session]\ninactivity_timeout_secs = 60\n");
    let srv = TestServer::start_with(Config::from_toml(&config).unwrap()).await;
    let (_, session) = signed_in_user(&srv).await;
    srv.clock.advance(59_000);
    srv.post(&srv.http, &tokens_path(&session, "supabase"), "").await.ok();
    srv.clock.advance(59_000);
    srv.post(&srv.http, &tokens_path(&session, "hasura"), "").await.ok();
    srv.clock.advance(60_000);
    let before = srv.snapshot().await;
    srv.post(&srv.http, &tokens_path(&session, "hasura"), "").await.error(401, "signed_out");
    srv.assert_unchanged(&before).await;

    let (_, ended) = signed_in_user(&srv).await;
    srv.post(&srv.http, &format!("/v1/client/sessions/{ended}/end"), "").await.ok();
    srv.post(&srv.http, &tokens_path(&ended, "supabase"), "").await.error(401, "signed_out");
}

#[tokio::test]
async fn the_instance_lists_its_templates_without_their_keys() {
    let srv = TestServer::start_with(Config::from_toml(CONFIG).unwrap()).await;
    let res = srv.get(&srv.http, "/dev/instance").await;
    let info = res.ok();
    assert_eq!(
        info["jwtTemplates"],
        json!([
            {"name": "hasura", "lifetimeSecs": 120, "allowedClockSkewSecs": 7, "signingAlgorithm": "RS256"},
            {"name": "supabase", "lifetimeSecs": 60, "allowedClockSkewSecs": 5, "signingAlgorithm": "HS256"},
        ])
    );
    assert!(!res.text.contains("super-secret"), "{}", res.text);
}

#[test]
fn template_configuration_errors_are_refused_at_load() {
    for (toml, needle) in [
        ("[jwt_templates.\"has space\"]", "not a valid template name"),
        ("[jwt_templates.\"é\"]", "not a valid template name"),
        ("[jwt_templates.t.claims]\niss = \"me\"", "\"iss\" is a default claim"),
        ("[jwt_templates.t.claims]\nazp = \"me\"", "\"azp\" is a default claim"),
        ("[jwt_templates.t.claims]\njti = \"me\"", "\"jti\" is a default claim"),
        ("[jwt_templates.t]\nlifetime_secs = 0", "lifetime_secs"),
        ("[jwt_templates.t]\nsigning_key = \"\"", "signing_key"),
        ("[jwt_templates.t]\nclaims = \"not a table\"", "invalid type"),
        ("[session]\ninactivity_timeout_secs = -5", "inactivity_timeout_secs"),
    ] {
        let e = Config::from_toml(toml).unwrap_err();
        assert!(e.contains(needle), "{toml}: {e}");
    }
    Config::from_toml("[jwt_templates.My_Template-2]\n[jwt_templates.My_Template-2.claims]\nsid = \"{{user.id}}\"").unwrap();
}

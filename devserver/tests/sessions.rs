//! Sessions on a client: `touch`, `tokens` (RS256, verified against both JWKS endpoints),
//! `end`, `remove`, signing out of everything, session expiry, and sessions being private to
//! their client.

mod common;

use clerk_devserver::config::Config;
use common::{browser, send, verify_rs256, TestServer};
use reqwest::header::ORIGIN;
use serde_json::{json, Value};

fn session_path(id: &str, action: &str) -> String {
    format!("/v1/client/sessions/{id}/{action}")
}

#[tokio::test]
async fn touch_marks_the_session_active_in_every_form_clerkjs_sends() {
    let srv = TestServer::start().await;
    let s = srv.signed_in(&srv.http).await;
    let touch = session_path(&s.session_id, "touch");
    let paths = [
        touch.clone(),
        format!("{touch}/"),
        format!("{touch}?__clerk_api_version=2026-05-12&_clerk_js_version=6.40.0"),
        format!("{touch}/?_method=POST"),
    ];
    for path in paths {
        srv.clock.advance(1_000);
        let body = srv.post(&srv.http, &path, "active_organization_id=").await.ok();
        assert_eq!(body["response"]["object"], "session", "{path}");
        assert_eq!(body["response"]["id"], s.session_id.as_str());
        assert_eq!(body["response"]["last_active_at"], srv.st.now(), "{path}");
        assert_eq!(body["client"]["last_active_session_id"], s.session_id.as_str());
    }
    let user = srv.bapi_get(&format!("/v1/users/{}", s.user_id)).await.ok();
    assert_eq!(user["last_active_at"], srv.st.now());

    let before = srv.snapshot().await;
    srv.post(&srv.http, &touch, "active_organization_id=org_123").await.error(404, "resource_not_found");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn tokens_are_bare_rs256_jwts_verified_by_both_jwks_endpoints() {
    let srv = TestServer::start().await;
    let s = srv.signed_in(&srv.http).await;
    let origin = "http://localhost:3000";
    let req = srv.http.post(srv.fapi(&session_path(&s.session_id, "tokens"))).header(ORIGIN, origin);
    let res = send(req.form(&[("organization_id", "")])).await;
    let body = res.ok();
    assert_eq!(body.as_object().unwrap().len(), 2, "exactly {{object, jwt}}: {body}");
    assert_eq!(body["object"], "token");
    let jwt = body["jwt"].as_str().unwrap();

    let well_known = send(srv.http.get(srv.fapi("/.well-known/jwks.json"))).await.ok();
    let bapi = srv.bapi_get("/v1/jwks").await.ok();
    assert_eq!(well_known, bapi);
    for jwks in [&well_known, &bapi] {
        let claims = verify_rs256(jwt, jwks).unwrap();
        assert_eq!(claims["sid"], s.session_id.as_str());
        assert_eq!(claims["sub"], s.user_id.as_str());
        assert_eq!(claims["iss"], srv.base.as_str());
        assert_eq!(claims["azp"], origin);
        assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 60);
    }
    // Another token's signature does not verify this one's header and payload.
    let other = srv.post(&srv.http, &session_path(&s.session_id, "tokens"), "").await.ok();
    let other_sig = other["jwt"].as_str().unwrap().rsplit_once('.').unwrap().1;
    let forged = format!("{}.{other_sig}", jwt.rsplit_once('.').unwrap().0);
    assert_ne!(forged, jwt);
    assert!(verify_rs256(&forged, &well_known).is_err());
}

#[tokio::test]
async fn tokens_for_another_clients_or_an_unknown_session_are_not_found() {
    let srv = TestServer::start().await;
    let mine = srv.signed_in(&srv.http).await;
    let other = browser();
    let theirs = srv.signed_in(&other).await;
    let before = srv.snapshot().await;

    for action in ["tokens", "touch", "end", "remove"] {
        srv.post(&srv.http, &session_path(&theirs.session_id, action), "").await.error(404, "resource_not_found");
        srv.post(&srv.http, &session_path("sess_unknown", action), "").await.error(404, "resource_not_found");
    }
    srv.get(&srv.http, &format!("/v1/client/sessions/{}", theirs.session_id)).await.error(404, "resource_not_found");
    srv.post(&browser(), &session_path(&mine.session_id, "tokens"), "").await.error(400, "client_not_found");
    srv.assert_unchanged(&before).await;
    srv.post(&other, &session_path(&theirs.session_id, "tokens"), "").await.ok();
}

#[tokio::test]
async fn templates_and_organizations_are_not_found() {
    let srv = TestServer::start().await;
    let s = srv.signed_in(&srv.http).await;
    let tokens = session_path(&s.session_id, "tokens");
    let before = srv.snapshot().await;
    srv.post(&srv.http, &format!("{tokens}/my-template"), "").await.error(404, "resource_not_found");
    srv.post(&srv.http, &tokens, "organization_id=org_123").await.error(404, "resource_not_found");
    srv.assert_unchanged(&before).await;
    srv.post(&srv.http, &tokens, "organization_id=").await.ok();
}

#[tokio::test]
async fn end_and_remove_finish_the_session() {
    let config = Config::from_toml("[session]\nsingle_session_mode = false").unwrap();
    let srv = TestServer::start_with(config).await;
    for (action, status) in [("end", "ended"), ("remove", "removed")] {
        let s = srv.signed_in(&srv.http).await;
        let body = srv.post(&srv.http, &session_path(&s.session_id, action), "").await.ok();
        assert_eq!(body["response"]["id"], s.session_id.as_str());
        assert_eq!(body["response"]["status"], status);
        assert_eq!(body["response"]["last_active_token"], Value::Null);
        assert_eq!(body["client"]["last_active_session_id"], Value::Null, "{action}");
        assert!(body["client"]["sessions"].as_array().unwrap().iter().all(|x| x["id"] != s.session_id.as_str()));
        let row = srv.query_text("SELECT status FROM sessions WHERE id = ?1", &s.session_id).await;
        assert_eq!(row.as_deref(), Some(status));

        let before = srv.snapshot().await;
        srv.post(&srv.http, &session_path(&s.session_id, "tokens"), "").await.error(401, "signed_out");
        srv.post(&srv.http, &session_path(&s.session_id, "touch"), "").await.error(401, "signed_out");
        srv.assert_unchanged(&before).await;
    }
}

#[tokio::test]
async fn signing_out_of_everything_ends_all_sessions_and_keeps_the_client() {
    let config = Config::from_toml("[session]\nsingle_session_mode = false").unwrap();
    let srv = TestServer::start_with(config).await;
    for (method, path) in [("DELETE", "/v1/client/sessions"), ("POST", "/v1/client/sessions?_method=DELETE")] {
        let c = browser();
        let a = srv.signed_in(&c).await;
        let b = srv.signed_in(&c).await;
        let clients = srv.count("clients").await;

        let res = match method {
            "DELETE" => srv.delete(&c, path).await,
            _ => srv.post(&c, path, "").await,
        };
        let body = res.ok();
        assert_eq!(body["response"]["id"], a.client_id.as_str(), "{method}");
        assert_eq!(body["response"]["sessions"], json!([]));
        assert_eq!(body["response"]["last_active_session_id"], Value::Null);
        assert!(res.client_cookie().is_none(), "the cookie stays");
        assert_eq!(srv.count("clients").await, clients, "the client is kept");
        for id in [&a.session_id, &b.session_id] {
            assert_eq!(srv.query_text("SELECT status FROM sessions WHERE id = ?1", id).await.as_deref(), Some("ended"));
        }
        let client = srv.get(&c, "/v1/client").await.ok()["response"].clone();
        assert_eq!(client["id"], a.client_id.as_str());
        assert_eq!(client["sessions"], json!([]));

        let before = srv.snapshot().await;
        for id in [&a.session_id, &b.session_id] {
            srv.post(&c, &session_path(id, "tokens"), "").await.error(401, "signed_out");
        }
        srv.assert_unchanged(&before).await;
    }
    let before = srv.snapshot().await;
    srv.delete(&browser(), "/v1/client/sessions").await.error(400, "client_not_found");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn an_expired_session_is_signed_out() {
    let srv = TestServer::start().await;
    let s = srv.signed_in(&srv.http).await;
    let lifetime_ms = srv.st.config.session.lifetime_secs * 1000;
    srv.clock.advance(lifetime_ms - 1);
    srv.post(&srv.http, &session_path(&s.session_id, "tokens"), "").await.ok();

    srv.clock.advance(1);
    let client = srv.get(&srv.http, "/v1/client").await.ok()["response"].clone();
    assert_eq!(client["id"], s.client_id.as_str());
    assert_eq!(client["sessions"], json!([]));
    let before = srv.snapshot().await;
    srv.post(&srv.http, &session_path(&s.session_id, "tokens"), "").await.error(401, "signed_out");
    srv.post(&srv.http, &session_path(&s.session_id, "touch"), "").await.error(401, "signed_out");
    let session = srv.get(&srv.http, &format!("/v1/client/sessions/{}", s.session_id)).await.ok();
    assert_eq!(session["response"]["status"], "expired");
    srv.assert_unchanged(&before).await;

    // An expired session no longer blocks a new sign-in in single-session mode.
    let ticket = srv.sign_in_token(&s.user_id).await;
    srv.ticket_sign_in(&srv.http, "", &ticket).await.ok();
}

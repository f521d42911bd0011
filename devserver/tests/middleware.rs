//! The middleware around the routes: CORS and the origin check (loopback origins, configured
//! origins, refusals that change nothing, preflights), method tunnelling with `_method`, and
//! trailing-slash removal.

mod common;

use clerk_devserver::config::Config;
use common::{send, Resp, TestServer};
use reqwest::header::{ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, CONTENT_TYPE, ORIGIN};
use reqwest::Method;
use serde_json::json;

/// A FAPI request from a page on `origin`.
async fn from_origin(srv: &TestServer, method: Method, path: &str, origin: &str, form: &str) -> Resp {
    let req = srv.http.request(method, srv.fapi(path)).header(ORIGIN, origin);
    send(req.header(CONTENT_TYPE, common::FORM).body(form.to_string())).await
}

fn assert_credentialed_cors(res: &Resp, origin: &str) {
    assert_eq!(res.header("access-control-allow-origin"), Some(origin), "{:?}", res.headers);
    assert_eq!(res.header("access-control-allow-credentials"), Some("true"));
    let exposed = res.header("access-control-expose-headers").unwrap_or_default();
    assert!(exposed.split(',').any(|h| h.trim().eq_ignore_ascii_case("Clerk-Db-Jwt")), "{exposed}");
    assert!(res.headers.get_all("vary").iter().any(|v| v.to_str().unwrap().contains("Origin")));
}

fn assert_no_cors(res: &Resp) {
    for h in ["access-control-allow-origin", "access-control-allow-credentials"] {
        assert!(res.header(h).is_none(), "{h}: {:?}", res.headers);
    }
}

#[tokio::test]
async fn loopback_origins_get_credentialed_cors() {
    let srv = TestServer::start().await;
    let own = srv.base.clone();
    for origin in ["http://127.0.0.1:8000", "http://localhost:3000", "http://[::1]:5173", own.as_str()] {
        let res = from_origin(&srv, Method::GET, "/v1/environment", origin, "").await;
        res.ok();
        assert_credentialed_cors(&res, origin);
        let res = from_origin(&srv, Method::POST, "/v1/dev_browser", origin, "").await;
        res.ok();
        assert_credentialed_cors(&res, origin);
    }
    // Errors carry CORS headers too, or the page could not read them.
    let res = from_origin(&srv, Method::POST, "/v1/client/sign_ins", "http://localhost:3000", "").await;
    res.error(422, "form_param_missing");
    assert_credentialed_cors(&res, "http://localhost:3000");
    // Without an Origin (top-level navigation, servers) there is nothing to allow.
    assert_no_cors(&srv.get(&srv.http, "/v1/environment").await);
}

#[tokio::test]
async fn other_origins_are_refused_and_change_nothing() {
    let srv = TestServer::start().await;
    let user = srv.new_user().await;
    let ticket = srv.sign_in_token(&user).await;
    let before = srv.snapshot().await;
    let form = format!("strategy=ticket&ticket={ticket}");
    let evil = ["http://evil.example", "https://127.0.0.1:8000", "http://127.0.0.1.evil.example", "null", "http://localhost:3000/path"];
    for origin in evil {
        let res = from_origin(&srv, Method::POST, "/v1/client/sign_ins", origin, &form).await;
        res.error(400, "origin_invalid");
        assert_no_cors(&res);
        assert!(res.client_cookie().is_none());
        let others = [(Method::GET, "/v1/environment"), (Method::POST, "/v1/dev_browser"), (Method::GET, "/.well-known/jwks.json")];
        for (method, path) in others {
            from_origin(&srv, method, path, origin, "").await.error(400, "origin_invalid");
        }
    }
    srv.assert_unchanged(&before).await;
    assert_eq!(srv.token_status(&ticket).await, "pending");
    // The same ticket still works from an allowed page.
    let res = from_origin(&srv, Method::POST, "/v1/client/sign_ins", "http://localhost:3000", &form).await;
    assert_eq!(res.ok()["response"]["status"], "complete");
}

#[tokio::test]
async fn preflights_from_allowed_origins_are_answered() {
    let srv = TestServer::start().await;
    let before = srv.snapshot().await;
    let origin = "http://127.0.0.1:8000";
    let req = srv
        .http
        .request(Method::OPTIONS, srv.fapi("/v1/client/sign_ins"))
        .header(ORIGIN, origin)
        .header(ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(ACCESS_CONTROL_REQUEST_HEADERS, "content-type, x-custom");
    let res = send(req).await;
    assert_eq!(res.status, 204);
    assert_credentialed_cors(&res, origin);
    let methods = res.header("access-control-allow-methods").expect("allow-methods");
    for m in ["GET", "POST", "PATCH", "DELETE"] {
        assert!(methods.contains(m), "{methods}");
    }
    assert_eq!(res.header("access-control-allow-headers"), Some("content-type, x-custom"));

    let res = send(srv.http.request(Method::OPTIONS, srv.fapi("/v1/client")).header(ORIGIN, "http://evil.example")).await;
    res.error(400, "origin_invalid");
    assert_no_cors(&res);
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn configured_origins_are_allowed() {
    let config = Config::from_toml("allowed_origins = [\"https://app.example.com\"]").unwrap();
    let srv = TestServer::start_with(config).await;
    let res = from_origin(&srv, Method::GET, "/v1/client", "https://app.example.com", "").await;
    assert_eq!(res.ok(), json!({"response": null, "client": null}));
    assert_credentialed_cors(&res, "https://app.example.com");
    from_origin(&srv, Method::GET, "/v1/client", "https://other.example.com", "").await.error(400, "origin_invalid");
    from_origin(&srv, Method::GET, "/v1/client", "http://app.example.com", "").await.error(400, "origin_invalid");
    from_origin(&srv, Method::GET, "/v1/client", "http://localhost:3000", "").await.ok();
}

#[tokio::test]
async fn loopback_origins_can_be_turned_off() {
    let config = Config::from_toml("allow_loopback_origins = false").unwrap();
    let srv = TestServer::start_with(config).await;
    from_origin(&srv, Method::GET, "/v1/client", "http://localhost:3000", "").await.error(400, "origin_invalid");
    // The server's own pages still may.
    from_origin(&srv, Method::GET, "/v1/client", &srv.base, "").await.ok();
}

#[tokio::test]
async fn method_tunnelling_applies_to_post_only() {
    let srv = TestServer::start().await;
    let signed = srv.signed_in(&srv.http).await;
    // A GET carrying `_method` stays a GET and deletes nothing.
    let before = srv.snapshot().await;
    let body = srv.get(&srv.http, "/v1/client?_method=DELETE").await.ok();
    assert_eq!(body["response"]["id"], signed.client_id.as_str());
    srv.assert_unchanged(&before).await;
    // An unknown override is ignored: a POST on a GET/DELETE route is a 404.
    srv.post(&srv.http, "/v1/client?_method=TRACE", "").await.error(404, "resource_not_found");
    // The override is case-insensitive.
    srv.post(&srv.http, "/v1/client/sessions?_method=delete", "").await.ok();
    let client = srv.get(&srv.http, "/v1/client").await.ok()["response"].clone();
    assert_eq!(client["sessions"], json!([]));
}

#[tokio::test]
async fn trailing_slashes_are_ignored_on_api_paths() {
    let srv = TestServer::start().await;
    assert_eq!(srv.get(&srv.http, "/v1/client/").await.ok(), json!({"response": null, "client": null}));
    assert_eq!(srv.get(&srv.http, "/v1/environment/?__clerk_api_version=2026-05-12").await.ok()["object"], "environment");
    let id = srv.post(&srv.http, "/v1/dev_browser/", "").await.ok()["id"].clone();
    assert!(id.as_str().unwrap().starts_with("dvb_"));
    assert!(srv.get(&srv.http, "/.well-known/jwks.json/").await.ok()["keys"].is_array());
    assert!(srv.bapi_get("/v1/users/").await.ok().is_array());
    assert_eq!(srv.bapi_get("/v1/users/count/").await.ok()["total_count"], 0);
    assert_eq!(srv.bapi_post("/v1/users/", &json!({"email_address": ["slash@example.com"]})).await.ok()["object"], "user");
    // Pages are not rewritten, and a directory is never listed.
    assert_eq!(srv.get(&srv.http, "/www/").await.status, 404);
    srv.get(&srv.http, "/v1/client//").await.ok();
}

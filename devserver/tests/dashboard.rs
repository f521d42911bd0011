//! The local dashboard (`/dev/`) over a real port: its page (the CSRF token substituted, the
//! security headers), its guard (peer, Host, CSRF token, Origin — a refused call changes nothing),
//! the `/dev/api/bapi/*` forward to the Backend API (users created, searched, updated, banned,
//! unbanned, deleted), no CORS on its answers, the request capture (the dashboard's own calls left
//! out, the Backend API's kept with status and duration), the outbox's purpose and expiry, the
//! secret key only through a POST, and "Reset data".

mod common;

use common::{browser, form, send, sign_in_step, Resp, TestServer};
use reqwest::header::{CONTENT_TYPE, ORIGIN};
use reqwest::{Client, Method};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const CSRF: &str = "X-Clerk-Dev-Csrf";

/// The dashboard page's fetch: the token, and the page's own `Origin` on anything but GET.
fn dash(srv: &TestServer, method: Method, path: &str) -> reqwest::RequestBuilder {
    let req = browser().request(method.clone(), srv.fapi(path)).header(CSRF, &srv.st.dashboard_csrf);
    if method == Method::GET {
        req
    } else {
        req.header(ORIGIN, &srv.base)
    }
}

async fn dash_get(srv: &TestServer, path: &str) -> Resp {
    send(dash(srv, Method::GET, path)).await
}

async fn dash_json(srv: &TestServer, method: Method, path: &str, body: &Value) -> Resp {
    send(dash(srv, method, path).json(body)).await
}

/// Sends a request byte for byte (the `Host` header as given), returning the status and the body.
async fn raw(srv: &TestServer, method: &str, path: &str, host: &str, headers: &[(&str, &str)]) -> (u16, String) {
    let mut s = tokio::net::TcpStream::connect(srv.addr).await.unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: 0\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).await.unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).await.unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("bad response: {text}"));
    (status, text)
}

async fn user_count(srv: &TestServer) -> i64 {
    dash_get(srv, "/dev/api/bapi/v1/users/count").await.ok()["total_count"].as_i64().unwrap()
}

#[tokio::test]
async fn the_page_is_served_with_the_token_and_its_security_headers() {
    let srv = TestServer::start().await;
    let token = &srv.st.dashboard_csrf;
    assert!(token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit()), "{token}");
    for path in ["/dev/", "/dev"] {
        let res = send(browser().get(srv.fapi(path))).await;
        assert_eq!(res.status, 200, "{path}: {}", res.text);
        assert!(res.header("content-type").unwrap().starts_with("text/html"), "{path}");
        assert!(res.text.contains(&format!("<meta name=\"clerk-dev-csrf\" content=\"{token}\">")), "{}", res.text);
        assert!(!res.text.contains("__CSRF_TOKEN__"));
        assert!(!res.text.contains(&srv.secret_key), "the page never holds the secret key");
        assert_eq!(
            res.header("content-security-policy"),
            Some("default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
        );
        assert_eq!(res.header("x-frame-options"), Some("DENY"));
        assert_eq!(res.header("cache-control"), Some("no-store"));
        assert_eq!(res.header("referrer-policy"), Some("no-referrer"));
    }
    let js = send(browser().get(srv.fapi("/dev/dashboard.js"))).await;
    assert_eq!((js.status, js.header("content-type")), (200, Some("text/javascript; charset=utf-8")));
    assert_eq!(js.text, include_str!("../dashboard/dashboard.js"));
    let css = send(browser().get(srv.fapi("/dev/dashboard.css"))).await;
    assert_eq!((css.status, css.header("content-type")), (200, Some("text/css; charset=utf-8")));
    assert_eq!(css.text, include_str!("../dashboard/dashboard.css"));
    // Another server, another token.
    let other = TestServer::start().await;
    assert_ne!(other.st.dashboard_csrf, srv.st.dashboard_csrf);
}

#[tokio::test]
async fn a_host_that_is_not_the_servers_own_address_is_refused() {
    let srv = TestServer::start().await;
    let port = srv.addr.port();
    let token = srv.st.dashboard_csrf.clone();
    let other_port = if port == 65535 { port - 1 } else { port + 1 };
    for host in [
        format!("evil.example:{port}"),
        format!("127.0.0.1:{other_port}"),
        "127.0.0.1".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.2:{port}"),
    ] {
        let (status, text) = raw(&srv, "GET", "/dev/", &host, &[]).await;
        assert_eq!(status, 403, "{host}: {text}");
        assert!(text.contains("\"code\":\"host_invalid\""), "{host}: {text}");
        assert!(!text.contains(&token), "{host}: the token leaked");
        let (status, text) = raw(&srv, "GET", "/dev/api/bapi/v1/users", &host, &[(CSRF, &token)]).await;
        assert_eq!(status, 403, "{host}: {text}");
        assert!(text.contains("\"code\":\"host_invalid\"") && !text.contains("\"object\":\"user\""), "{text}");
    }
    // The server's own names: 127.0.0.1, localhost (any case), [::1], with its port.
    for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("LocalHost:{port}"), format!("[::1]:{port}")] {
        let (status, text) = raw(&srv, "GET", "/dev/", &host, &[]).await;
        assert_eq!(status, 200, "{host}: {text}");
        assert!(text.contains(&token));
    }
    // The guard covers the dashboard only: the Frontend API answers whatever the Host.
    let (status, _) = raw(&srv, "GET", "/v1/environment", &format!("evil.example:{port}"), &[]).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_peer_that_is_not_on_loopback_is_refused() {
    use axum::extract::ConnectInfo;
    use tower::ServiceExt;
    let srv = TestServer::start().await;
    let host = srv.addr.to_string();
    let call = |peer: Option<&str>| {
        let mut req = axum::http::Request::get("/dev/").header("host", &host).body(axum::body::Body::empty()).unwrap();
        if let Some(p) = peer {
            req.extensions_mut().insert(ConnectInfo(p.parse::<std::net::SocketAddr>().unwrap()));
        }
        clerk_devserver::app(srv.st.clone()).oneshot(req)
    };
    for peer in [Some("192.0.2.7:5000"), Some("[2001:db8::1]:5000"), None] {
        let res = call(peer).await.unwrap();
        assert_eq!(res.status(), 403, "{peer:?}");
        let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["errors"][0]["code"], "authorization_invalid", "{peer:?}");
    }
    for peer in ["127.0.0.1:5000", "[::1]:5000", "[::ffff:127.0.0.1]:5000"] {
        assert_eq!(call(Some(peer)).await.unwrap().status(), 200, "{peer}");
    }
}

#[tokio::test]
async fn api_calls_need_the_csrf_token() {
    let srv = TestServer::start().await;
    srv.new_user().await;
    let token = srv.st.dashboard_csrf.clone();
    let wrong_same_length: String = token.chars().map(|c| if c == '0' { '1' } else { '0' }).collect();
    for path in ["/dev/api/instance", "/dev/api/outbox", "/dev/api/requests", "/dev/api/bapi/v1/users"] {
        let none = send(browser().get(srv.fapi(path))).await;
        none.error(403, "csrf_token_invalid");
        for wrong in [wrong_same_length.as_str(), &token[..63], "", "x"] {
            let res = send(browser().get(srv.fapi(path)).header(CSRF, wrong)).await;
            res.error(403, "csrf_token_invalid");
            assert!(!res.text.contains("@example.com") && !res.text.contains("pk_test_"), "{path}: {}", res.text);
        }
        dash_get(&srv, path).await.ok();
    }
}

#[tokio::test]
async fn a_mutation_without_the_pages_origin_is_refused_and_changes_nothing() {
    let srv = TestServer::start().await;
    let user_id = srv.new_user().await;
    let token = srv.st.dashboard_csrf.clone();
    let before_count = user_count(&srv).await;
    let before = srv.snapshot().await;
    let new_user = json!({"email_address": ["mallory@example.com"], "skip_password_checks": true});
    let port = srv.addr.port();
    let calls: Vec<(Method, String, Option<String>, &str)> = vec![
        (Method::POST, "/dev/api/bapi/v1/users".into(), None, "origin_missing"),
        (Method::POST, "/dev/api/bapi/v1/users".into(), Some("https://evil.example".into()), "origin_invalid"),
        (Method::POST, "/dev/api/bapi/v1/users".into(), Some("null".into()), "origin_invalid"),
        (Method::POST, "/dev/api/bapi/v1/users".into(), Some(format!("http://localhost:{port}")), "origin_invalid"),
        (Method::POST, "/dev/api/bapi/v1/users".into(), Some(format!("https://127.0.0.1:{port}")), "origin_invalid"),
        (Method::DELETE, format!("/dev/api/bapi/v1/users/{user_id}"), None, "origin_missing"),
        (Method::DELETE, format!("/dev/api/bapi/v1/users/{user_id}"), Some("https://evil.example".into()), "origin_invalid"),
        (Method::POST, format!("/dev/api/bapi/v1/users/{user_id}?_method=DELETE"), Some("https://evil.example".into()), "origin_invalid"),
        (Method::POST, format!("/dev/api/bapi/v1/users/{user_id}/ban"), None, "origin_missing"),
        (Method::PATCH, format!("/dev/api/bapi/v1/users/{user_id}"), Some("https://evil.example".into()), "origin_invalid"),
        (Method::POST, "/dev/api/reset".into(), None, "origin_missing"),
        (Method::POST, "/dev/api/reset".into(), Some("https://evil.example".into()), "origin_invalid"),
        // A GET from another origin is refused too.
        (Method::GET, "/dev/api/bapi/v1/users".into(), Some("https://evil.example".into()), "origin_invalid"),
    ];
    for (method, path, origin, code) in calls {
        let mut req = browser().request(method.clone(), srv.fapi(&path)).header(CSRF, &token).json(&new_user);
        if let Some(o) = &origin {
            req = req.header(ORIGIN, o);
        }
        let res = send(req).await;
        res.error(403, code);
        assert!(res.header("access-control-allow-origin").is_none(), "{method} {path}");
    }
    // Without the token, even the right Origin is refused.
    let res = send(browser().post(srv.fapi("/dev/api/bapi/v1/users")).header(ORIGIN, &srv.base).json(&new_user)).await;
    res.error(403, "csrf_token_invalid");
    let res = send(browser().post(srv.fapi("/dev/api/reset")).header(ORIGIN, &srv.base)).await;
    res.error(403, "csrf_token_invalid");
    srv.assert_unchanged(&before).await;
    assert_eq!(user_count(&srv).await, before_count);

    // The page's own call goes through.
    let created = dash_json(&srv, Method::POST, "/dev/api/bapi/v1/users", &new_user).await.ok();
    assert_eq!(created["email_addresses"][0]["email_address"], "mallory@example.com");
    assert_eq!(user_count(&srv).await, before_count + 1);
}

/// The ids of the users the dashboard's search finds for `q` (checked against its count).
async fn search(srv: &TestServer, q: &str) -> Vec<String> {
    let path = format!("/dev/api/bapi/v1/users?{}", form(&[("query", q), ("limit", "50"), ("offset", "0"), ("order_by", "-created_at")]));
    let list = dash_get(srv, &path).await.ok();
    let count = dash_get(srv, &format!("/dev/api/bapi/v1/users/count?{}", form(&[("query", q)]))).await.ok();
    let ids: Vec<String> = list.as_array().unwrap().iter().map(|u| u["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(count["total_count"].as_u64(), Some(ids.len() as u64), "{q}");
    ids
}

/// `POST /v1/client/sign_ins` with an identifier (and a password when given) on `c`.
async fn sign_in_create(srv: &TestServer, c: &Client, identifier: &str, password: Option<&str>) -> Resp {
    let mut pairs = vec![("identifier", identifier)];
    if let Some(p) = password {
        pairs.extend([("strategy", "password"), ("password", p)]);
    }
    srv.post(c, "/v1/client/sign_ins", &form(&pairs)).await
}

#[tokio::test]
async fn the_forward_manages_users_through_the_backend_api() {
    let srv = TestServer::start().await;
    let other = srv.new_user().await;
    let created = dash_json(
        &srv,
        Method::POST,
        "/dev/api/bapi/v1/users",
        &json!({
            "email_address": ["Ada.Lovelace@Example.com"],
            "phone_number": ["+15551234567"],
            "username": "ada_l",
            "password": "correct horse battery staple",
            "first_name": "Ada",
            "last_name": "Lovelace",
            "external_id": "ext-ada-1",
            "public_metadata": {"role": "admin", "keep": {"a": 1}},
            "private_metadata": {"secret": 1},
            "unsafe_metadata": {"u": true},
        }),
    )
    .await
    .ok();
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["banned"], false);
    assert_eq!(created["private_metadata"], json!({"secret": 1}), "the backend view has private metadata");
    assert_eq!(created["email_addresses"][0]["verification"]["status"], "verified");

    // Validation is the Backend API's: the error names the parameter.
    let bad = dash_json(&srv, Method::POST, "/dev/api/bapi/v1/users", &json!({"email_address": ["x@example.com"], "public_metadata": [1]})).await;
    bad.param_error(422, "form_param_format_invalid", "public_metadata");
    let taken = dash_json(&srv, Method::POST, "/dev/api/bapi/v1/users", &json!({"email_address": ["ada.lovelace@example.com"]})).await;
    taken.param_error(422, "form_identifier_exists", "email_address");

    // `query`: id, email, phone (digits too), username, names, external id; any case; with count.
    for q in ["ADA.LOVE", "555123", "555 123-4567", "+1555", "Ada_L", "lovelace", "EXT-ADA", &id[5..15]] {
        assert_eq!(search(&srv, q).await, std::slice::from_ref(&id), "{q}");
    }
    assert!(search(&srv, "example.com/none").await.is_empty());
    assert_eq!(search(&srv, "example.com").await, [id.clone(), other.clone()], "newest first");
    // A query with a digit is not a phone number search by itself.
    assert!(search(&srv, "user1x").await.is_empty());

    // PATCH (updateUser): metadata replaced, names changed, unknown keys ignored.
    let updated = dash_json(
        &srv,
        Method::PATCH,
        &format!("/dev/api/bapi/v1/users/{id}"),
        &json!({"public_metadata": {"role": "viewer"}, "private_metadata": {}, "first_name": "Augusta", "no_such_key": 1}),
    )
    .await
    .ok();
    assert_eq!(updated["public_metadata"], json!({"role": "viewer"}), "replaced, not merged");
    assert_eq!(updated["private_metadata"], json!({}));
    assert_eq!(updated["unsafe_metadata"], json!({"u": true}), "not given: unchanged");
    assert_eq!((updated["first_name"].as_str(), updated["last_name"].as_str()), (Some("Augusta"), Some("Lovelace")));
    let refused = dash_json(&srv, Method::PATCH, &format!("/dev/api/bapi/v1/users/{id}"), &json!({"unsafe_metadata": "text"})).await;
    refused.param_error(422, "form_param_format_invalid", "unsafe_metadata");
    let big = json!({ "public_metadata": { "x": "y".repeat(9000) } });
    dash_json(&srv, Method::PATCH, &format!("/dev/api/bapi/v1/users/{id}"), &big).await.param_error(
        422,
        "form_param_exceeds_allowed_size",
        "public_metadata",
    );
    let user = dash_get(&srv, &format!("/dev/api/bapi/v1/users/{id}")).await.ok();
    assert_eq!(user["public_metadata"], json!({"role": "viewer"}), "a refused update changed nothing");

    // Ban: the user's sessions are revoked, sign-ins and tokens refused with user_banned.
    let c = browser();
    let ticket = srv.sign_in_token(&id).await;
    let signed = srv.ticket_sign_in(&c, "", &ticket).await.ok();
    let session_id = signed["response"]["created_session_id"].as_str().unwrap().to_string();
    let banned = dash_json(&srv, Method::POST, &format!("/dev/api/bapi/v1/users/{id}/ban"), &json!({})).await.ok();
    assert_eq!(banned["banned"], true);
    let sessions = dash_get(&srv, &format!("/dev/api/bapi/v1/sessions?user_id={id}&limit=100")).await.ok();
    assert_eq!(sessions[0]["id"], session_id.as_str());
    assert_eq!(sessions[0]["status"], "revoked");
    srv.post(&c, &format!("/v1/client/sessions/{session_id}/tokens"), "").await.error(403, "user_banned");
    let c2 = browser();
    sign_in_create(&srv, &c2, "ada.lovelace@example.com", None).await.error(403, "user_banned");
    sign_in_create(&srv, &c2, "ada_l", Some("correct horse battery staple")).await.error(403, "user_banned");
    sign_in_create(&srv, &c2, "+15551234567", None).await.error(403, "user_banned");
    let ticket = srv.sign_in_token(&id).await;
    srv.ticket_sign_in(&c2, "", &ticket).await.error(403, "user_banned");
    assert_eq!(srv.token_status(&ticket).await, "pending", "the refused ticket stays unused");
    // The Frontend API's user JSON says so too.
    assert_eq!(dash_get(&srv, &format!("/dev/api/bapi/v1/users/{id}")).await.ok()["banned"], true);

    // Unban: sign-in works again.
    let unbanned = dash_json(&srv, Method::POST, &format!("/dev/api/bapi/v1/users/{id}/unban"), &json!({})).await.ok();
    assert_eq!(unbanned["banned"], false);
    let back = sign_in_create(&srv, &c2, "ada_l", Some("correct horse battery staple")).await.ok();
    assert_eq!(back["response"]["status"], "complete");
    assert_eq!(back["client"]["sessions"][0]["user"]["banned"], false);

    // Delete.
    let deleted = dash_json(&srv, Method::DELETE, &format!("/dev/api/bapi/v1/users/{id}"), &json!({})).await.ok();
    assert_eq!(deleted, json!({"object": "user", "id": id, "deleted": true}));
    dash_get(&srv, &format!("/dev/api/bapi/v1/users/{id}")).await.error(404, "resource_not_found");
    assert_eq!(search(&srv, "example.com").await, [other]);
}

#[tokio::test]
async fn a_banned_users_sign_in_in_progress_cannot_complete() {
    let srv = TestServer::start().await;
    let user = srv.create_user(json!({"email_address": ["step@example.com"], "password": "a long enough password"})).await;
    let id = user["id"].as_str().unwrap();
    let c = browser();
    let si = sign_in_create(&srv, &c, "step@example.com", None).await.ok()["response"].clone();
    srv.bapi_post(&format!("/v1/users/{id}/ban"), &json!({})).await.ok();
    let res = sign_in_step(&srv, &c, &si, "attempt_first_factor", &[("strategy", "password"), ("password", "a long enough password")]).await;
    res.error(403, "user_banned");
    assert_eq!(srv.count("sessions").await, 0);
}

#[tokio::test]
async fn dashboard_answers_carry_no_cors_headers_even_for_an_allowed_origin() {
    let srv = TestServer::start().await;
    // The page's own origin is also an allowed Frontend API origin: the FAPI answers it with CORS.
    let fapi = send(browser().get(srv.fapi("/v1/environment")).header(ORIGIN, &srv.base)).await;
    assert_eq!(fapi.header("access-control-allow-origin"), Some(srv.base.as_str()), "control: the FAPI's CORS");
    for path in ["/dev/", "/dev", "/dev/dashboard.js", "/dev/dashboard.css", "/dev/api/instance", "/dev/api/outbox", "/dev/api/bapi/v1/users"] {
        let res = send(dash(&srv, Method::GET, path).header(ORIGIN, &srv.base)).await;
        assert_eq!(res.status, 200, "{path}: {}", res.text);
        for (name, _) in res.headers.iter() {
            assert!(!name.as_str().starts_with("access-control-"), "{path}: {name}");
        }
    }
    let reset = send(dash(&srv, Method::POST, "/dev/api/reset")).await;
    assert_eq!(reset.status, 200);
    assert!(reset.headers.iter().all(|(n, _)| !n.as_str().starts_with("access-control-")));
    // A preflight gets nothing either.
    let pre = send(
        browser()
            .request(Method::OPTIONS, srv.fapi("/dev/api/reset"))
            .header(ORIGIN, "https://evil.example")
            .header("Access-Control-Request-Method", "POST"),
    )
    .await;
    assert!(pre.headers.iter().all(|(n, _)| !n.as_str().starts_with("access-control-")), "{:?}", pre.headers);
}

#[tokio::test]
async fn the_capture_keeps_backend_api_calls_with_status_and_duration_but_not_the_dashboards() {
    let srv = TestServer::start().await;
    let id = srv.new_user().await;
    dash_json(&srv, Method::DELETE, "/dev/api/requests", &json!({})).await.ok();
    // The dashboard's calls, forwarded ones included.
    dash_get(&srv, "/dev/api/bapi/v1/users?query=user").await.ok();
    dash_get(&srv, "/dev/api/instance").await.ok();
    dash_json(&srv, Method::PATCH, &format!("/dev/api/bapi/v1/users/{id}"), &json!({"first_name": "Dash"})).await.ok();
    send(browser().get(srv.fapi("/dev/"))).await;
    // A server's Backend API calls, one refused, and a Frontend API call.
    srv.bapi_get("/v1/users?limit=1").await.ok();
    srv.bapi_get("/bapi-nope").await;
    srv.bapi_get("/v1/users/user_nope").await.error(404, "resource_not_found");
    srv.get(&srv.http, "/v1/environment").await.ok();

    let all = dash_get(&srv, "/dev/api/requests").await.ok();
    let data = all["data"].as_array().unwrap();
    let summary: Vec<(&str, &str, &str, u64)> = data
        .iter()
        .map(|e| (e["api"].as_str().unwrap(), e["method"].as_str().unwrap(), e["path"].as_str().unwrap(), e["status"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        summary,
        [
            ("fapi", "GET", "/v1/environment", 200),
            ("bapi", "GET", "/bapi/v1/users/user_nope", 404),
            ("bapi", "GET", "/bapi/bapi-nope", 404),
            ("bapi", "GET", "/bapi/v1/users", 200),
        ],
        "{all}"
    );
    for e in data {
        assert!(e["durationMs"].as_f64().is_some_and(|d| d >= 0.0), "{e}");
        assert!(e["id"].as_str().unwrap().starts_with("req_") && e["createdAt"].is_i64(), "{e}");
    }
    assert_eq!(data[3]["query"], json!([["limit", "1"]]));
    assert!(!all.to_string().contains(&srv.secret_key), "never the Authorization header");
    assert!(!all.to_string().to_lowercase().contains("authorization"));
    // One API, a prefix.
    let bapi = dash_get(&srv, "/dev/api/requests?api=bapi&path_prefix=/bapi/v1/users").await.ok();
    assert_eq!(bapi["data"].as_array().unwrap().len(), 2);
    dash_get(&srv, "/dev/api/requests?api=nope").await.param_error(422, "form_param_value_invalid", "api");

    // `/dev/requests` (the tests' API) stays the Frontend API's unless asked.
    let http = Client::builder().no_proxy().build().unwrap();
    let fapi_only: Value = http.get(srv.fapi("/dev/requests")).bearer_auth(&srv.secret_key).send().await.unwrap().json().await.unwrap();
    let paths: Vec<&str> = fapi_only["data"].as_array().unwrap().iter().map(|e| e["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["/v1/environment"]);
    let both: Value = http.get(srv.fapi("/dev/requests?api=all")).bearer_auth(&srv.secret_key).send().await.unwrap().json().await.unwrap();
    assert_eq!(both["data"].as_array().unwrap().len(), 4);

    // Clearing from the dashboard empties it.
    dash_json(&srv, Method::DELETE, "/dev/api/requests", &json!({})).await.ok();
    assert_eq!(dash_get(&srv, "/dev/api/requests").await.ok()["data"], json!([]));
}

#[tokio::test]
async fn the_outbox_shows_each_codes_purpose_and_expiry() {
    let srv = TestServer::start().await;
    let c = browser();
    // sign_up
    let su = srv.post(&c, "/v1/client/sign_ups", &form(&[("email_address", "new@example.com")])).await.ok()["response"].clone();
    srv.post(&c, &format!("/v1/client/sign_ups/{}/prepare_verification", su["id"].as_str().unwrap()), "strategy=email_code").await.ok();
    srv.clock.advance(1_000);
    // sign_in, then reset_password
    let user = srv.create_user(json!({"email_address": ["old@example.com"], "password": "a long enough password"})).await;
    let email_id = user["email_addresses"][0]["id"].as_str().unwrap();
    let c2 = browser();
    let si = sign_in_create(&srv, &c2, "old@example.com", None).await.ok()["response"].clone();
    sign_in_step(&srv, &c2, &si, "prepare_first_factor", &[("strategy", "email_code"), ("email_address_id", email_id)]).await.ok();
    srv.clock.advance(1_000);
    sign_in_step(&srv, &c2, &si, "prepare_first_factor", &[("strategy", "reset_password_email_code"), ("email_address_id", email_id)]).await.ok();
    srv.clock.advance(1_000);
    // verification (a signed-in user's new address)
    let c3 = browser();
    srv.signed_in(&c3).await;
    let added = srv.post(&c3, "/v1/me/email_addresses", &form(&[("email_address", "added@example.com")])).await.ok();
    let added_id = added["response"]["id"].as_str().unwrap();
    srv.post(&c3, &format!("/v1/me/email_addresses/{added_id}/prepare_verification"), "strategy=email_code").await.ok();

    let list = dash_get(&srv, "/dev/api/outbox").await.ok();
    let rows: Vec<(&str, &str)> = list.as_array().unwrap().iter().map(|m| (m["to"].as_str().unwrap(), m["purpose"].as_str().unwrap())).collect();
    assert_eq!(
        rows,
        [
            ("added@example.com", "verification"),
            ("old@example.com", "reset_password"),
            ("old@example.com", "sign_in"),
            ("new@example.com", "sign_up")
        ]
    );
    for m in list.as_array().unwrap() {
        assert_eq!(m["expiresAt"].as_i64(), Some(m["createdAt"].as_i64().unwrap() + 10 * 60 * 1000), "{m}");
        assert!(m["code"].as_str().unwrap().len() == 6 && m["channel"] == "email" && m["subject"].is_string() && m["body"].is_string());
        assert!(m["id"].as_str().unwrap().starts_with("ema_"));
    }
    // The secret-key outbox shows the same.
    assert_eq!(srv.outbox(None).await, *list.as_array().unwrap());
}

#[tokio::test]
async fn the_secret_key_is_given_only_to_a_post_with_the_token_and_the_pages_origin() {
    let srv = TestServer::start().await;
    let instance = dash_get(&srv, "/dev/api/instance").await;
    let info = instance.ok();
    assert!(!instance.text.contains(&srv.secret_key), "{}", instance.text);
    let tail = &srv.secret_key[srv.secret_key.len() - 4..];
    assert_eq!(info["secretKeyMasked"], format!("sk_test_••••••••{tail}"));
    assert_eq!(info["publishableKey"], srv.publishable_key.as_str());
    assert_eq!(info["jwksUrl"], format!("{}/.well-known/jwks.json", srv.base));
    assert_eq!(info["bapiUrl"], format!("{}/bapi", srv.base));
    assert_eq!(info["config"]["identifiers"]["email_address"], true);
    assert_eq!(info["config"]["session"]["single_session_mode"], true);
    assert!(info["config"].get("jwt_templates").is_none());

    let get = dash_get(&srv, "/dev/api/secret-key").await;
    get.error(404, "resource_not_found");
    assert!(!get.text.contains(&srv.secret_key));
    let no_token = send(browser().post(srv.fapi("/dev/api/secret-key")).header(ORIGIN, &srv.base)).await;
    no_token.error(403, "csrf_token_invalid");
    let no_origin = send(browser().post(srv.fapi("/dev/api/secret-key")).header(CSRF, &srv.st.dashboard_csrf)).await;
    no_origin.error(403, "origin_missing");
    assert!(!no_token.text.contains(&srv.secret_key) && !no_origin.text.contains(&srv.secret_key));
    let ok = send(dash(&srv, Method::POST, "/dev/api/secret-key")).await.ok();
    assert_eq!(ok, json!({"secretKey": srv.secret_key}));
}

#[tokio::test]
async fn instance_shows_jwt_templates_without_their_signing_keys() {
    let config: clerk_devserver::config::Config = toml::from_str(
        r#"
[jwt_templates.supabase]
lifetime_secs = 120
claims = { role = "authenticated", email = "{{user.primary_email_address}}" }
signing_key = "super-secret-hs256-key"
"#,
    )
    .unwrap();
    let srv = TestServer::start_with(config).await;
    let res = dash_get(&srv, "/dev/api/instance").await;
    let info = res.ok();
    assert_eq!(
        info["jwtTemplates"],
        json!([{"name": "supabase", "lifetimeSecs": 120, "allowedClockSkewSecs": 5, "signingAlgorithm": "HS256",
                "claims": {"role": "authenticated", "email": "{{user.primary_email_address}}"}}])
    );
    assert!(!res.text.contains("super-secret-hs256-key"), "{}", res.text);
}

#[tokio::test]
async fn reset_empties_the_data_and_keeps_the_instance() {
    let srv = TestServer::start().await;
    let c = browser();
    srv.signed_in(&c).await;
    srv.post(&browser(), "/v1/client/sign_ups", &form(&[("email_address", "half@example.com")])).await.ok();
    let c2 = browser();
    let su = srv.post(&c2, "/v1/client/sign_ups", &form(&[("email_address", "coded@example.com")])).await.ok()["response"].clone();
    srv.post(&c2, &format!("/v1/client/sign_ups/{}/prepare_verification", su["id"].as_str().unwrap()), "strategy=email_code").await.ok();
    let db = srv.dev_browser().await;
    assert!(srv.count("users").await > 0 && srv.count("outbox").await > 0 && srv.count("sessions").await > 0);
    assert!(!dash_get(&srv, "/dev/api/requests").await.ok()["data"].as_array().unwrap().is_empty());
    let instance = dash_get(&srv, "/dev/api/instance").await.ok();

    let res = send(dash(&srv, Method::POST, "/dev/api/reset")).await.ok();
    assert_eq!(res, json!({"reset": true}));
    let snapshot = srv.snapshot().await;
    for (table, rows) in &snapshot.0 {
        if table != "kv" && table != "dev_browsers" {
            assert!(rows.is_empty(), "{table} still has {} rows", rows.len());
        }
    }
    assert_eq!(user_count(&srv).await, 0);
    assert_eq!(dash_get(&srv, "/dev/api/outbox").await.ok(), json!([]));
    assert_eq!(dash_get(&srv, "/dev/api/requests").await.ok()["data"], json!([]));
    // The instance stays: keys, and an open page's dev browser (signed out now).
    assert_eq!(dash_get(&srv, "/dev/api/instance").await.ok(), instance);
    srv.bapi_get("/v1/users").await.ok();
    let client = srv.get(&browser(), &format!("/v1/client?__clerk_db_jwt={db}")).await.ok();
    assert!(client["response"].is_null() || client["response"]["sessions"] == json!([]), "{client}");
    assert!(srv.query_text("SELECT value FROM kv WHERE key = ?1", "demo_user_seeded").await.is_none(), "no demo without --seed-demo");
}

#[tokio::test]
async fn reset_creates_the_demo_user_again_when_the_server_was_started_with_seed_demo() {
    let srv = TestServer::start_demo().await;
    let demo = clerk_devserver::demo::DEMO_EMAIL;
    let list = dash_get(&srv, "/dev/api/bapi/v1/users").await.ok();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let first_id = list[0]["id"].as_str().unwrap().to_string();
    srv.new_user().await;
    assert_eq!(user_count(&srv).await, 2);

    send(dash(&srv, Method::POST, "/dev/api/reset")).await.ok();
    let list = dash_get(&srv, "/dev/api/bapi/v1/users").await.ok();
    let users = list.as_array().unwrap();
    assert_eq!(users.len(), 1, "{list}");
    assert_eq!(users[0]["email_addresses"][0]["email_address"], demo);
    assert_eq!(users[0]["public_metadata"], json!({"role": "demo"}));
    assert_ne!(users[0]["id"], first_id.as_str(), "a new demo user");
    // Its password works.
    let signed = sign_in_create(&srv, &browser(), demo, Some(clerk_devserver::demo::DEMO_PASSWORD)).await.ok();
    assert_eq!(signed["response"]["status"], "complete");
    // Resetting twice leaves one demo user.
    send(dash(&srv, Method::POST, "/dev/api/reset")).await.ok();
    assert_eq!(user_count(&srv).await, 1);
}

#[tokio::test]
async fn unknown_dashboard_paths_are_json_404s_behind_the_guard() {
    let srv = TestServer::start().await;
    send(browser().get(srv.fapi("/dev/api/nope"))).await.error(403, "csrf_token_invalid");
    dash_get(&srv, "/dev/api/nope").await.error(404, "resource_not_found");
    dash_get(&srv, "/dev/api/bapi/v1/nope").await.error(404, "resource_not_found");
    // `/dev/api/bapix` is not the forward.
    dash_get(&srv, "/dev/api/bapix/v1/users").await.error(404, "resource_not_found");
    let res = send(browser().get(srv.fapi("/dev/api/bapi/v1/users")).header(CONTENT_TYPE, "application/json")).await;
    res.error(403, "csrf_token_invalid");
}

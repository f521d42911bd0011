//! `GET /v1/client` and `DELETE /v1/client` in cookie mode: the `__client` cookie, the client's
//! sessions with their `last_active_token`, no `private_metadata` on the Frontend API, and
//! forgetting the client.

mod common;

use common::{browser, has_key, jwt_parts, TestServer};
use serde_json::{json, Value};

#[tokio::test]
async fn without_a_cookie_there_is_no_client() {
    let srv = TestServer::start().await;
    let before = srv.snapshot().await;
    let res = srv.get(&srv.http, "/v1/client").await;
    assert_eq!(res.ok(), json!({"response": null, "client": null}));
    assert!(res.set_cookies().is_empty());
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn a_ticket_sign_in_sets_the_client_cookie_and_the_client_shows_the_session() {
    let srv = TestServer::start().await;
    let user_id = srv.new_user().await;
    let user = srv.bapi_get(&format!("/v1/users/{user_id}")).await.ok();
    assert_eq!(user["private_metadata"]["secret"], "bapi-only", "the BAPI user has private metadata");
    let ticket = srv.sign_in_token(&user_id).await;

    let res = srv.ticket_sign_in(&srv.http, "", &ticket).await;
    let signed = res.ok();
    let cookie = res.client_cookie().expect("a __client cookie");
    let attrs: Vec<&str> = cookie.split(';').map(str::trim).collect();
    assert!(attrs[0].len() > "__client=".len() + 20, "a long secret: {cookie}");
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(attrs.contains(&attr), "{attr} in {cookie}");
    }
    assert!(!has_key(&signed, "private_metadata"), "sign-in response leaks private_metadata: {signed}");

    let body = srv.get(&srv.http, "/v1/client").await.ok();
    assert_eq!(body["response"], body["client"]);
    let client = &body["response"];
    assert_eq!(client["object"], "client");
    assert_eq!(client["id"], signed["client"]["id"]);
    let sessions = client["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 1);
    let session = &sessions[0];
    assert_eq!(session["status"], "active");
    assert_eq!(client["last_active_session_id"], session["id"]);
    assert_eq!(session["user"]["id"], user_id.as_str());

    let jwt = session["last_active_token"]["jwt"].as_str().expect("last_active_token.jwt");
    let (header, claims) = jwt_parts(jwt);
    assert_eq!(header["alg"], "RS256");
    assert_eq!(claims["sid"], session["id"]);
    assert_eq!(claims["sub"], user_id.as_str());
    assert_eq!(claims["iss"], srv.base.as_str());
    let (iat, exp) = (claims["iat"].as_i64().unwrap(), claims["exp"].as_i64().unwrap());
    assert_eq!(exp - iat, 60);
    assert_eq!(iat, srv.st.now() / 1000, "issued at the server's clock");

    assert!(!has_key(&body, "private_metadata"), "the Frontend API leaks private_metadata: {body}");
}

#[tokio::test]
async fn deleting_the_client_forgets_it_and_clears_the_cookie() {
    let srv = TestServer::start().await;
    // The real verb, and the tunnelled form ClerkJS sends.
    for (method, path) in [("DELETE", "/v1/client"), ("POST", "/v1/client?_method=DELETE")] {
        let c = browser();
        let signed = srv.signed_in(&c).await;
        let (clients, sessions) = (srv.count("clients").await, srv.count("sessions").await);

        let res = match method {
            "DELETE" => srv.delete(&c, path).await,
            _ => srv.post(&c, path, "").await,
        };
        let body = res.ok();
        assert_eq!(body["response"]["id"], signed.client_id.as_str(), "{method}");
        assert_eq!(body["response"]["sessions"], json!([]));
        assert_eq!(body["client"], Value::Null);
        let cookie = res.client_cookie().expect("the cookie is cleared");
        assert!(cookie.starts_with("__client=;") && cookie.contains("Max-Age=0"), "{cookie}");

        assert_eq!(srv.count("clients").await, clients - 1);
        assert_eq!(srv.count("sessions").await, sessions - 1);
        assert_eq!(srv.get(&c, "/v1/client").await.ok(), json!({"response": null, "client": null}));
    }
}

#[tokio::test]
async fn deleting_without_a_client_is_client_not_found() {
    let srv = TestServer::start().await;
    srv.signed_in(&browser()).await; // someone else's client exists
    let before = srv.snapshot().await;
    srv.delete(&srv.http, "/v1/client").await.error(400, "client_not_found");
    srv.post(&srv.http, "/v1/client?_method=DELETE", "").await.error(400, "client_not_found");
    let stale = reqwest::Client::builder().no_proxy().build().unwrap();
    let res = common::send(stale.delete(srv.fapi("/v1/client")).header("cookie", "__client=not-a-real-token")).await;
    res.error(400, "client_not_found");
    srv.assert_unchanged(&before).await;
}

//! The pages and the SDK's files: what is served (index, `www/`, `pkg/`, and the ClerkJS CDN path
//! mapped onto `pkg/`), what never is (other files in the static root, traversal, `.clerk-dev`),
//! and the JSON 404s of unknown API paths and wrong methods.

mod common;

use common::{send, TestServer, A_HTML, CLERK_JS, INDEX_HTML, SECRET_CONTENT};

#[tokio::test]
async fn pages_and_the_sdk_bundle_are_served_publicly() {
    let srv = TestServer::start().await;
    let cases = [
        ("/", INDEX_HTML),
        ("/index.html", INDEX_HTML),
        ("/www/a.html", A_HTML),
        ("/pkg/clerk.browser.js", CLERK_JS),
        ("/npm/@clerk/clerk-js@latest/dist/clerk.browser.js", CLERK_JS),
        ("/npm/@clerk/clerk-js@6/dist/clerk.browser.js?v=1", CLERK_JS),
    ];
    for (path, content) in cases {
        let res = srv.get(&srv.http, path).await;
        assert_eq!(res.status, 200, "{path}");
        assert_eq!(res.text, content, "{path}");
        assert_eq!(res.header("access-control-allow-origin"), Some("*"), "{path}");
        assert_eq!(res.header("cache-control"), Some("no-cache"), "{path}");
    }
    let js = srv.get(&srv.http, "/pkg/clerk.browser.js").await;
    assert!(js.header("content-type").unwrap().contains("javascript"), "{:?}", js.header("content-type"));
}

#[tokio::test]
async fn nothing_else_under_the_static_root_is_served() {
    let srv = TestServer::start().await;
    let paths = [
        "/secret.txt",
        "/.clerk-dev/clerk-dev.sqlite3",
        "/www/../secret.txt",
        "/pkg/../secret.txt",
        "/www/%2e%2e/secret.txt",
        "/pkg/..%2fsecret.txt",
        "/pkg/%2e%2e%2f.clerk-dev/clerk-dev.sqlite3",
        "/www/..%5csecret.txt",
        "/../secret.txt",
        "/npm/@clerk/clerk-js@latest/dist/..%2f..%2fsecret.txt",
        "/npm/@clerk/clerk-js@latest/dist/../../secret.txt",
        "/npm/@clerk/clerk-js@latest/dist/",
        "/wwwsecret.txt",
        "/pkg/missing.js",
    ];
    for path in paths {
        // Sent byte for byte: reqwest would normalise the dot segments away.
        let (status, body) = srv.raw_get(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains(SECRET_CONTENT), "{path} leaked the file");
    }
    let res = srv.get(&srv.http, "/secret.txt").await;
    assert_eq!(res.status, 404);
}

#[tokio::test]
async fn unknown_api_paths_and_wrong_methods_are_json_404s() {
    let srv = TestServer::start().await;
    let before = srv.snapshot().await;
    for path in ["/v1/nope", "/v1", "/v1/client/nope", "/.well-known/nope", "/dev/nope", "/v1/tickets/accept?ticket=x"] {
        srv.get(&srv.http, path).await.error(404, "resource_not_found");
    }
    // POST-only FAPI routes answered for GET (and the reverse).
    for path in ["/v1/dev_browser", "/v1/client/sign_ins", "/v1/client/sessions/sess_x/tokens", "/v1/client/sessions/sess_x/touch"] {
        srv.get(&srv.http, path).await.error(404, "resource_not_found");
    }
    srv.post(&srv.http, "/v1/client", "").await.error(404, "resource_not_found");
    srv.post(&srv.http, "/.well-known/jwks.json", "").await.error(404, "resource_not_found");
    srv.bapi_get("/v1/nope").await.error(404, "resource_not_found");
    srv.bapi_delete("/v1/users").await.error(404, "resource_not_found");
    let res = send(srv.http.put(srv.fapi("/v1/environment"))).await;
    res.error(404, "resource_not_found");
    srv.assert_unchanged(&before).await;
}

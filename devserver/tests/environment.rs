//! `GET|PATCH /v1/environment`: the bare environment object (in every form ClerkJS requests it),
//! the `__clerk_api_version` check, and configuration overrides showing up in it.

mod common;

use clerk_devserver::config::Config;
use common::{send, TestServer, FORM};
use reqwest::header::CONTENT_TYPE;
use serde_json::Value;

const CLERKJS_QUERY: &str = "__clerk_api_version=2026-05-12&_clerk_js_version=6.40.0";

fn assert_environment(env: &Value) {
    assert_eq!(env["object"], "environment");
    assert!(env.get("response").is_none() && env.get("client").is_none(), "not enveloped");
    assert_eq!(env["auth_config"]["object"], "auth_config");
    assert_eq!(env["display_config"]["instance_environment_type"], "development");
    for provider in ["oauth_google", "oauth_github", "oauth_notion", "oauth_facebook"] {
        assert_eq!(env["user_settings"]["social"][provider]["enabled"], true, "{provider}");
    }
    assert_eq!(env["user_settings"]["social"]["oauth_discord"]["enabled"], false);
}

#[tokio::test]
async fn get_and_every_form_of_patch_return_the_same_bare_environment() {
    let srv = TestServer::start().await;
    let before = srv.snapshot().await;
    let get = srv.get(&srv.http, &format!("/v1/environment?{CLERKJS_QUERY}")).await.ok();
    assert_environment(&get);

    // What ClerkJS sends in development: a tunnelled PATCH, empty body, form content-type.
    let tunnelled = srv.post(&srv.http, &format!("/v1/environment?_method=PATCH&{CLERKJS_QUERY}"), "").await;
    assert_eq!(tunnelled.header("content-type"), Some("application/json"));
    assert_eq!(tunnelled.ok(), get);
    let patch = send(srv.http.patch(srv.fapi("/v1/environment")).header(CONTENT_TYPE, FORM)).await.ok();
    assert_eq!(patch, get);

    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn a_malformed_api_version_is_refused() {
    let srv = TestServer::start().await;
    for bad in ["latest", "2026-5-12", "2026-05-12x", ""] {
        let res = srv.get(&srv.http, &format!("/v1/environment?__clerk_api_version={bad}")).await;
        res.error(400, "api_version_invalid");
    }
    let before = srv.snapshot().await;
    let res = srv.post(&srv.http, "/v1/environment?_method=PATCH&__clerk_api_version=v1", "").await;
    res.error(400, "api_version_invalid");
    srv.post(&srv.http, "/v1/dev_browser?__clerk_api_version=nope", "").await.error(400, "api_version_invalid");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn a_config_file_override_shows_in_the_environment() {
    let config = Config::from_toml(
        "application_name = \"Acme Dev\"\n\
         oauth_providers = [\"github\"]\n\
         [password]\nmin_length = 12\n\
         [session]\nsingle_session_mode = false\n",
    )
    .unwrap();
    let srv = TestServer::start_with(config).await;
    let env = srv.get(&srv.http, "/v1/environment").await.ok();
    assert_eq!(env["display_config"]["application_name"], "Acme Dev");
    assert_eq!(env["user_settings"]["password_settings"]["min_length"], 12);
    assert_eq!(env["auth_config"]["single_session_mode"], false);
    assert_eq!(env["user_settings"]["social"]["oauth_github"]["enabled"], true);
    assert_eq!(env["user_settings"]["social"]["oauth_google"]["enabled"], false);
    // The URLs point at this server.
    assert_eq!(env["display_config"]["home_url"], format!("{}/", srv.base));
}

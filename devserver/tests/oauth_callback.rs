//! The mock provider and `/v1/oauth_callback` refusing what they must: forged, replayed and
//! expired states, codes used twice, expired or from another round trip, authorize requests
//! for another client or redirect URI; every refusal changing nothing. Also the consent page's
//! escaping and headers, the POST form of the callback, and the providers' logos.

mod common;
mod oauth_common;

use clerk_devserver::config::Config;
use common::{browser, form, send, TestServer};
use oauth_common::*;
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::json;

/// A signed-in user with a pending Notion connection; returns its provider URL.
async fn pending(srv: &TestServer) -> String {
    srv.signed_in(&srv.http).await;
    provider_url(&start_connect(srv, &srv.http, "oauth_notion").await["verification"])
}

/// The Notion account's verification status.
async fn status(srv: &TestServer) -> String {
    account(&me(srv, &srv.http).await, "oauth_notion")["verification"]["status"].as_str().unwrap().to_string()
}

/// A callback URL with other parameters.
fn callback_with(srv: &TestServer, pairs: &[(&str, &str)]) -> String {
    format!("{}/v1/oauth_callback?{}", srv.base, form(pairs))
}

#[tokio::test]
async fn a_forged_or_missing_state_is_refused_with_a_page_and_changes_nothing() {
    let srv = TestServer::start().await;
    let url = pending(&srv).await;
    let cb = callback_url(&srv, &url, "approve", &[]).await;
    let code = query_param(&cb, "code").unwrap();
    let before = srv.snapshot().await;

    let page = follow(&callback_with(&srv, &[("code", &code), ("state", "forged-state-value")])).await;
    assert_eq!(page.status, 400);
    assert!(page.header("content-type").unwrap().starts_with("text/html"));
    assert!(page.text.contains("oauth_callback_invalid") && page.text.contains("forged"), "{}", page.text);
    assert!(page.header("content-security-policy").unwrap().contains("default-src 'none'"));
    // A non-browser gets Clerk's JSON error body.
    follow_json(&callback_with(&srv, &[("code", &code), ("state", "forged")])).await.error(400, "oauth_callback_invalid");
    follow_json(&callback_with(&srv, &[("code", &code)])).await.error(400, "oauth_callback_invalid");
    follow_json(&callback_with(&srv, &[("error", "access_denied")])).await.error(400, "oauth_callback_invalid");
    // The mock provider refuses a forged state too.
    let mut forged = url::Url::parse(&url).unwrap();
    let q: Vec<(String, String)> =
        forged.query_pairs().map(|(k, v)| (k.to_string(), if k == "state" { "forged".into() } else { v.into_owned() })).collect();
    forged.query_pairs_mut().clear().extend_pairs(q);
    assert_eq!(consent(forged.as_str()).await.status, 400);
    srv.assert_unchanged(&before).await;

    // The real callback still works afterwards.
    see_other(&follow(&cb).await);
    assert_eq!(status(&srv).await, "verified");
}

#[tokio::test]
async fn a_replayed_state_is_refused() {
    let srv = TestServer::start().await;
    let url = pending(&srv).await;
    let cb = callback_url(&srv, &url, "deny", &[]).await;
    see_other(&follow(&cb).await);
    assert_eq!(status(&srv).await, "failed");
    let before = srv.snapshot().await;
    let again = follow_json(&cb).await.error(400, "oauth_callback_invalid");
    assert!(again["long_message"].as_str().unwrap().contains("already used"));
    // An approval forged onto the spent state does not connect anything either.
    follow_json(&callback_with(&srv, &[("code", "whatever"), ("state", &query_param(&cb, "state").unwrap())]))
        .await
        .error(400, "oauth_token_exchange_error");
    srv.assert_unchanged(&before).await;
    assert_eq!(status(&srv).await, "failed");
}

#[tokio::test]
async fn a_code_works_once_and_only_with_its_state() {
    let srv = TestServer::start().await;
    let url = pending(&srv).await;
    let cb = callback_url(&srv, &url, "approve", &[]).await;
    // A second round trip of another user, pending.
    let b = browser();
    srv.signed_in(&b).await;
    let other = provider_url(&start_connect(&srv, &b, "oauth_notion").await["verification"]);
    let other_state = query_param(&other, "state").unwrap();
    let code = query_param(&cb, "code").unwrap();

    let before = srv.snapshot().await;
    let e = follow_json(&callback_with(&srv, &[("code", &code), ("state", &other_state)])).await.error(400, "oauth_token_exchange_error");
    assert!(e["long_message"].as_str().unwrap().contains("not valid for this OAuth state"));
    follow_json(&callback_with(&srv, &[("code", "not-a-code"), ("state", &query_param(&cb, "state").unwrap())]))
        .await
        .error(400, "oauth_token_exchange_error");
    srv.assert_unchanged(&before).await;

    see_other(&follow(&cb).await);
    assert_eq!(status(&srv).await, "verified");
    let before = srv.snapshot().await;
    let e = follow_json(&cb).await.error(400, "oauth_token_exchange_error");
    assert!(e["long_message"].as_str().unwrap().contains("already used"));
    srv.assert_unchanged(&before).await;
    assert_eq!(account(&me(&srv, &b).await, "oauth_notion")["verification"]["status"], "unverified", "the other round trip is untouched");
}

#[tokio::test]
async fn an_expired_code_is_refused() {
    let srv = TestServer::start().await;
    let url = pending(&srv).await;
    let cb = callback_url(&srv, &url, "approve", &[]).await;
    srv.clock.advance(61_000);
    let before = srv.snapshot().await;
    let e = follow_json(&cb).await.error(400, "oauth_token_exchange_error");
    assert!(e["long_message"].as_str().unwrap().contains("expired"));
    srv.assert_unchanged(&before).await;
    assert_eq!(status(&srv).await, "unverified");
}

#[tokio::test]
async fn an_expired_state_is_refused_and_the_account_reads_expired() {
    let srv = TestServer::start().await;
    let url = pending(&srv).await;
    // Consent given late, callback after the state's ten minutes (the code itself still fresh).
    srv.clock.advance(9 * 60_000 + 30_000);
    let cb = callback_url(&srv, &url, "approve", &[]).await;
    srv.clock.advance(31_000);
    let before = srv.snapshot().await;
    let e = follow_json(&cb).await.error(400, "oauth_callback_invalid");
    assert!(e["long_message"].as_str().unwrap().contains("expired"));
    srv.assert_unchanged(&before).await;
    assert_eq!(status(&srv).await, "expired", "an unverified verification past its expiry reads expired");

    // The consent page refuses an expired state too.
    let url = provider_url(&start_connect(&srv, &srv.http, "oauth_notion").await["verification"]);
    srv.clock.advance(10 * 60_000);
    let page = consent(&url).await;
    assert_eq!(page.status, 400);
    assert!(page.text.contains("expired"));
}

#[tokio::test]
async fn the_callback_accepts_a_post_and_answers_303_to_the_get_form() {
    let srv = TestServer::start().await;
    let url = pending(&srv).await;
    let cb = callback_url(&srv, &url, "approve", &[]).await;
    let u = url::Url::parse(&cb).unwrap();
    let res = send(
        navigator()
            .post(srv.fapi("/v1/oauth_callback"))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(u.query().unwrap().to_string()),
    )
    .await;
    let to = see_other(&res);
    assert_eq!(to, format!("/v1/oauth_callback?{}", u.query().unwrap()));
    assert_eq!(see_other(&follow(&srv.fapi(&to)).await), format!("{APP}/done"));
    assert_eq!(status(&srv).await, "verified");
}

#[tokio::test]
async fn the_authorize_page_checks_client_redirect_uri_scope_and_provider() {
    let srv = TestServer::start().await;
    let url = pending(&srv).await;
    let before = srv.snapshot().await;
    let with = |key: &str, value: &str| {
        let mut u = url::Url::parse(&url).unwrap();
        let q: Vec<(String, String)> =
            u.query_pairs().map(|(k, v)| (k.to_string(), if k == key { value.to_string() } else { v.into_owned() })).collect();
        u.query_pairs_mut().clear().extend_pairs(q);
        u.to_string()
    };
    for (bad, code) in [
        (with("client_id", "someone-else"), "misconfigured_oauth_provider"),
        (with("redirect_uri", "https://evil.example/v1/oauth_callback"), "redirect_uri_mismatch"),
        (with("scope", "read_content read_user_with_email admin"), "misconfigured_oauth_provider"),
        (with("response_type", "token"), "misconfigured_oauth_provider"),
        (url.replace("/dev/oauth/notion/", "/dev/oauth/google/"), "misconfigured_oauth_provider"),
        (url.replace("/dev/oauth/notion/", "/dev/oauth/discord/"), "misconfigured_oauth_provider"),
    ] {
        let page = consent(&bad).await;
        assert_eq!(page.status, 400, "{bad}");
        assert!(page.text.contains(code), "{bad}: {}", page.text);
        assert!(!page.text.contains("id=\"approve\""), "no consent for {bad}");
    }
    // The google client with a notion state: the state is not the google client's.
    let google_client = with("client_id", &format!("google-{}", srv.st.instance_id)).replace("/dev/oauth/notion/", "/dev/oauth/google/");
    assert!(consent(&google_client).await.text.contains("oauth_callback_invalid"));
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn a_state_gets_one_decision_and_a_bad_identity_is_shown_again() {
    let srv = TestServer::start().await;
    let url = pending(&srv).await;
    let again = decide(&srv, &url, "approve", &[("email_address", "not-an-email")]).await;
    assert_eq!(again.status, 422);
    assert!(again.text.contains("id=\"consent-error\"") && again.text.contains("valid email"));
    assert!(again.text.contains("value=\"not-an-email\""), "the form keeps what was typed");
    let bad_id = decide(&srv, &url, "approve", &[("provider_user_id", "a b<c>")]).await;
    assert_eq!(bad_id.status, 422);
    assert!(bad_id.text.contains("value=\"a b&lt;c&gt;\""));
    assert_eq!(decide(&srv, &url, "maybe", &[]).await.status, 422);

    see_other(&decide(&srv, &url, "approve", &[]).await);
    let page = consent(&url).await;
    assert_eq!(page.status, 400);
    assert!(page.text.contains("already answered"));
}

#[tokio::test]
async fn the_consent_page_escapes_everything_and_allows_no_script() {
    let srv = TestServer::start_with(Config::from_toml("application_name = \"Acme <b>&\\\"Co\\\"\"").unwrap()).await;
    let user = srv
        .create_user(
            json!({"email_address": ["xss@example.com"], "first_name": "<script>alert(1)</script>", "last_name": "\"><img src=x onerror=alert(1)>"}),
        )
        .await;
    let ticket = srv.sign_in_token(user["id"].as_str().unwrap()).await;
    srv.ticket_sign_in(&srv.http, "", &ticket).await.ok();
    let a = start_connect(&srv, &srv.http, "oauth_notion").await;
    let page = consent(&provider_url(&a["verification"])).await;
    assert_eq!(page.status, 200);
    let html = &page.text;
    assert!(!html.contains("<script") && !html.contains("<img src=x") && !html.contains("<b>"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("value=\"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\""));
    assert!(html.contains("Acme &lt;b&gt;&amp;&quot;Co&quot;"));
    assert!(html.contains("<h1>Notion</h1>") && html.contains("<code>read_content</code>") && html.contains("<code>read_user_with_email</code>"));
    assert!(html.contains("id=\"approve\"") && html.contains("id=\"deny\""));
    assert!(html.contains("value=\"xss@example.com\""));
    let csp = page.header("content-security-policy").unwrap();
    for part in ["default-src 'none'", "form-action 'self' http://127.0.0.1:3999", "frame-ancestors 'none'", "base-uri 'none'", "style-src 'nonce-"] {
        assert!(csp.contains(part), "{part} in {csp}");
    }
    assert!(!csp.contains("script-src") && !csp.contains("unsafe-inline"));
    assert_eq!(page.header("x-frame-options"), Some("DENY"));
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert_eq!(page.header("referrer-policy"), Some("same-origin"));
}

#[tokio::test]
async fn the_providers_logos_are_served() {
    let srv = TestServer::start().await;
    let env = srv.post(&srv.http, "/v1/environment?_method=PATCH", "").await.json();
    for (strategy, p) in env["user_settings"]["social"].as_object().unwrap() {
        let url = p["logo_url"].as_str().unwrap();
        let res = send(browser().get(url).header(ACCEPT, "image/*")).await;
        assert_eq!(res.status, 200, "{strategy}");
        assert_eq!(res.header("content-type"), Some("image/svg+xml"));
        assert!(res.text.starts_with("<svg") && res.text.contains(p["name"].as_str().unwrap()), "{}", res.text);
    }
    assert_eq!(send(browser().get(srv.fapi("/dev/oauth/logo/myspace.svg"))).await.status, 404);
    assert_eq!(send(browser().get(srv.fapi("/dev/oauth/logo/google.png"))).await.status, 404);
}

//! Helpers of the OAuth integration tests: a browser that does not follow redirects (to see
//! each hop), the mock provider's consent page read and submitted like a browser would, and the
//! callback.

#![allow(dead_code)]

use crate::common::{form, send, Resp, TestServer, FORM};
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION, ORIGIN};
use reqwest::redirect::Policy;
use reqwest::Client;
use serde_json::Value;

/// A page origin the default configuration allows (a loopback one, not the dev server's).
pub const APP: &str = "http://127.0.0.1:3999";

/// A browser that shows every redirect instead of following it.
pub fn navigator() -> Client {
    Client::builder().cookie_store(true).no_proxy().redirect(Policy::none()).build().expect("reqwest client")
}

/// A FAPI POST from a page at `origin`, with ClerkJS's content-type.
pub async fn post_from(srv: &TestServer, c: &Client, origin: &str, path: &str, pairs: &[(&str, &str)]) -> Resp {
    send(c.post(srv.fapi(path)).header(CONTENT_TYPE, FORM).header(ORIGIN, origin).body(form(pairs))).await
}

/// `POST /v1/me/external_accounts` from `APP`.
pub async fn connect(srv: &TestServer, c: &Client, pairs: &[(&str, &str)]) -> Resp {
    post_from(srv, c, APP, "/v1/me/external_accounts", pairs).await
}

/// Connects `strategy` returning to `APP/done`; returns the (unverified) account JSON.
pub async fn start_connect(srv: &TestServer, c: &Client, strategy: &str) -> Value {
    let body = connect(srv, c, &[("strategy", strategy), ("redirect_url", "/done")]).await.ok();
    body["response"].clone()
}

/// The provider URL of a verification JSON.
pub fn provider_url(verification: &Value) -> String {
    verification["external_verification_redirect_url"].as_str().unwrap_or_else(|| panic!("no provider URL in {verification}")).to_string()
}

/// One query parameter of a URL.
pub fn query_param(url: &str, key: &str) -> Option<String> {
    let u = url::Url::parse(url).expect("absolute URL");
    u.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned())
}

/// `GET` of the consent page as a browser asks for it.
pub async fn consent(url: &str) -> Resp {
    send(navigator().get(url).header(ACCEPT, "text/html")).await
}

/// The `value` of the input named `name` in a page.
pub fn input_value(html: &str, name: &str) -> String {
    let at = html.find(&format!("name=\"{name}\"")).unwrap_or_else(|| panic!("no input {name} in {html}"));
    let rest = &html[at..];
    let v = rest.find("value=\"").expect("a value") + "value=\"".len();
    let end = rest[v..].find('"').expect("closing quote");
    rest[v..v + end].to_string()
}

/// Submits the consent form of the page at `url` with `decision`, the proposed identity
/// overridden by `changes`. Returns the provider's answer (a 303 to the callback, normally).
pub async fn decide(srv: &TestServer, url: &str, decision: &str, changes: &[(&str, &str)]) -> Resp {
    let page = consent(url).await;
    assert_eq!(page.status, 200, "consent page: {}", page.text);
    let mut fields: Vec<(String, String)> = ["state", "email_address", "first_name", "last_name", "provider_user_id"]
        .iter()
        .map(|k| (k.to_string(), input_value(&page.text, k)))
        .collect();
    for (k, v) in changes {
        match fields.iter_mut().find(|(name, _)| name == k) {
            Some(f) => f.1 = v.to_string(),
            None => fields.push((k.to_string(), v.to_string())),
        }
    }
    fields.push(("decision".into(), decision.into()));
    let provider = url::Url::parse(url).unwrap().path_segments().unwrap().nth(2).unwrap().to_string();
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    send(
        navigator()
            .post(srv.fapi(&format!("/dev/oauth/{provider}/authorize")))
            .header(CONTENT_TYPE, FORM)
            .header(ORIGIN, &srv.base)
            .header(ACCEPT, "text/html")
            .body(form(&pairs)),
    )
    .await
}

/// The `Location` of a 303.
pub fn see_other(res: &Resp) -> String {
    assert_eq!(res.status, 303, "expected a 303: {}", res.text);
    res.header(LOCATION.as_str()).expect("Location").to_string()
}

/// Approves (or denies) on the consent page and returns the callback URL the provider sent the
/// browser to.
pub async fn callback_url(srv: &TestServer, url: &str, decision: &str, changes: &[(&str, &str)]) -> String {
    let to = see_other(&decide(srv, url, decision, changes).await);
    assert!(to.starts_with(&format!("{}/v1/oauth_callback?", srv.base)), "{to}");
    to
}

/// `GET` of the callback, as a browser navigates to it (no Origin, not following the redirect).
pub async fn follow(url: &str) -> Resp {
    send(navigator().get(url).header(ACCEPT, "text/html")).await
}

/// The same, as a non-browser client (Clerk's JSON errors).
pub async fn follow_json(url: &str) -> Resp {
    send(navigator().get(url)).await
}

/// The whole round trip: consent, decision, callback; returns where the callback sent the browser.
pub async fn round_trip(srv: &TestServer, url: &str, decision: &str, changes: &[(&str, &str)]) -> String {
    let cb = callback_url(srv, url, decision, changes).await;
    see_other(&follow(&cb).await)
}

/// The signed-in user (`GET /v1/client`'s first session's user).
pub async fn me(srv: &TestServer, c: &Client) -> Value {
    let client = srv.get(c, "/v1/client").await.ok()["response"].clone();
    client["sessions"][0]["user"].clone()
}

/// The user's external account of `provider` (`oauth_notion`, …).
pub fn account<'a>(user: &'a Value, provider: &str) -> &'a Value {
    user["external_accounts"]
        .as_array()
        .expect("external_accounts")
        .iter()
        .find(|a| a["provider"] == provider)
        .unwrap_or_else(|| panic!("no {provider} account in {user}"))
}

//! Clerk's limits on both APIs (`limits.rs`): field lengths, control characters, metadata of at
//! most 8 KB per kind, bounded identifier lists and URLs, and Clerk's JSON 413 for a body over
//! the limit. Every refusal is checked to have written nothing.

mod common;
mod oauth_common;

use common::*;
use reqwest::Client;
use serde_json::{json, Value};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A JSON object of about `bytes` bytes.
fn big_object(bytes: usize) -> Value {
    json!({ "blob": "x".repeat(bytes) })
}

/// Sends `head` (request line and headers, without the blank line) and `body` over a new
/// connection and reads one response: status, lower-cased headers, body.
async fn raw_request(addr: std::net::SocketAddr, head: &str, body: &[u8]) -> (u16, String, String) {
    let (mut r, mut w) = tokio::net::TcpStream::connect(addr).await.unwrap().into_split();
    let sent = [format!("{head}\r\n\r\n").into_bytes(), body.to_vec()].concat();
    // Written while the answer is read: the server may stop reading once it has refused.
    let writer = tokio::spawn(async move {
        let _ = w.write_all(&sent).await;
        w
    });
    let mut buf = Vec::new();
    let read = async {
        let mut chunk = [0u8; 8192];
        loop {
            let n = r.read(&mut chunk).await.unwrap_or(0);
            buf.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&buf).into_owned();
            if let Some((h, b)) = text.split_once("\r\n\r\n") {
                let len = h.lines().find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length: ").map(|v| v.trim().parse::<usize>().unwrap()));
                if n == 0 || len.is_some_and(|len| b.len() >= len) {
                    return;
                }
            } else if n == 0 {
                return;
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(10), read).await.expect("an answer");
    writer.abort();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let (h, b) = text.split_once("\r\n\r\n").unwrap_or_else(|| panic!("no response: {text:?}"));
    let status = h.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap();
    (status, h.to_ascii_lowercase(), b.to_string())
}

/// Asserts a 422 with `code` at `param` (the body, when it is not, cut: it may echo a megabyte).
fn checked(r: Resp, code: &str, param: &str) {
    let cut: String = r.text.chars().take(300).collect();
    assert_eq!(r.status, 422, "{code} at {param}: {cut}");
    let e = &r.json()["errors"][0];
    assert_eq!((e["code"].as_str(), e["meta"]["param_name"].as_str()), (Some(code), Some(param)), "{cut}");
}

fn assert_too_large(status: u16, headers: &str, body: &str) {
    assert_eq!(status, 413, "{headers}\n{body}");
    assert!(headers.contains("content-type: application/json"), "{headers}");
    let v: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("not JSON ({e}): {body}"));
    assert_eq!(v["errors"][0]["code"], "request_body_too_large", "{body}");
    assert_eq!(v["errors"][0]["message"], "Request body too large");
    assert!(v["errors"][0]["long_message"].as_str().unwrap().contains("2097152 bytes"), "{body}");
    assert!(v["clerk_trace_id"].is_string(), "{body}");
}

#[tokio::test]
async fn a_body_over_the_limit_is_clerks_413_on_both_apis() {
    let s = TestServer::start().await;
    let before = s.snapshot().await;
    let big = 3 * 1024 * 1024;
    let part = vec![b'a'; 64 * 1024];
    let whole = vec![b'a'; big];
    let host = s.addr;
    // The Backend API, a declared length.
    let head = format!(
        "POST /bapi/v1/users HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {}\r\nContent-Type: application/json\r\nContent-Length: {big}",
        s.secret_key
    );
    let (status, headers, body) = raw_request(s.addr, &head, &whole).await;
    assert_too_large(status, &headers, &body);
    // The Frontend API, a declared length and a chunked body (the request capture reads that one).
    let head =
        format!("POST /v1/client/sign_ups HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {big}");
    let (status, headers, body) = raw_request(s.addr, &head, &whole).await;
    assert_too_large(status, &headers, &body);
    let head =
        format!("POST /v1/client/sign_ups HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked");
    let mut chunked = Vec::new();
    for _ in 0..(big / part.len()) {
        chunked.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
        chunked.extend_from_slice(&part);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let (status, headers, body) = raw_request(s.addr, &head, &chunked).await;
    assert_too_large(status, &headers, &body);
    s.assert_unchanged(&before).await;
}

#[tokio::test]
async fn the_backend_api_refuses_what_clerk_would_not_store_and_writes_nothing() {
    let s = TestServer::start().await;
    let user_id = s.new_user().await;
    let ok = |extra: Value| {
        let mut body = json!({"email_address": [format!("limits{}@example.com", next_unique())]});
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        body
    };
    let emails = |n: usize| -> Vec<String> { (0..n).map(|i| format!("many{i}@example.com")).collect() };
    let phones = |n: usize| -> Vec<String> { (0..n).map(|i| format!("+1555{:07}", i)).collect() };
    let many_keys: serde_json::Map<String, Value> = (0..10_000).map(|i| (format!("k{i}"), json!(i))).collect();
    let before = s.snapshot().await;
    let cases: Vec<(Value, &str, &str)> = vec![
        (ok(json!({"first_name": "x".repeat(1_000_000)})), "form_param_max_length_exceeded", "first_name"),
        (ok(json!({"last_name": "x".repeat(257)})), "form_param_max_length_exceeded", "last_name"),
        (ok(json!({"first_name": "a\u{0}b"})), "form_param_format_invalid", "first_name"),
        (ok(json!({"last_name": "Love\u{1b}[31mlace"})), "form_param_format_invalid", "last_name"),
        (ok(json!({"username": "ada\u{0}lace"})), "form_param_format_invalid", "username"),
        (ok(json!({"external_id": "e".repeat(1_000_000)})), "form_param_max_length_exceeded", "external_id"),
        (ok(json!({"external_id": "ext\u{0}1"})), "form_param_format_invalid", "external_id"),
        (ok(json!({"public_metadata": big_object(8 * 1024)})), "form_param_exceeds_allowed_size", "public_metadata"),
        (ok(json!({"private_metadata": big_object(1_000_000)})), "form_param_exceeds_allowed_size", "private_metadata"),
        (ok(json!({"unsafe_metadata": many_keys.clone()})), "form_param_exceeds_allowed_size", "unsafe_metadata"),
        (json!({"email_address": emails(101)}), "form_param_array_size_exceeded", "email_address"),
        (json!({"email_address": emails(10_000)}), "form_param_array_size_exceeded", "email_address"),
        (ok(json!({"phone_number": phones(101)})), "form_param_array_size_exceeded", "phone_number"),
    ];
    for (body, code, param) in cases {
        checked(s.bapi_post("/v1/users", &body).await, code, param);
    }
    let metadata = format!("/v1/users/{user_id}/metadata");
    checked(
        s.bapi_patch(&metadata, &json!({"private_metadata": big_object(1_000_000)})).await,
        "form_param_exceeds_allowed_size",
        "private_metadata",
    );
    checked(s.bapi_patch(&metadata, &json!({"public_metadata": many_keys})).await, "form_param_exceeds_allowed_size", "public_metadata");
    // A refused kind next to an accepted one: neither is written.
    let both = json!({"public_metadata": {"a": 1}, "unsafe_metadata": big_object(9000)});
    checked(s.bapi_patch(&metadata, &both).await, "form_param_exceeds_allowed_size", "unsafe_metadata");
    s.assert_unchanged(&before).await;

    // The limit holds for the merged value: two halves pass one by one, a third is refused.
    s.bapi_patch(&metadata, &json!({"private_metadata": {"a": "x".repeat(3000)}})).await.ok();
    s.bapi_patch(&metadata, &json!({"private_metadata": {"b": "x".repeat(3000)}})).await.ok();
    let before = s.snapshot().await;
    checked(
        s.bapi_patch(&metadata, &json!({"private_metadata": {"c": "x".repeat(3000)}})).await,
        "form_param_exceeds_allowed_size",
        "private_metadata",
    );
    s.assert_unchanged(&before).await;
    // Exactly at the limits is fine.
    let u = s.create_user(ok(json!({"first_name": "é".repeat(256), "email_address": emails(100)}))).await;
    assert_eq!(u["email_addresses"].as_array().unwrap().len(), 100);
}

/// A signed-in browser (a ticket sign-in) and the path that tunnels `PATCH` to `path`.
async fn signed_in(s: &TestServer) -> Client {
    let c = browser();
    s.signed_in(&c).await;
    c
}

#[tokio::test]
async fn the_frontend_api_refuses_what_clerk_would_not_store_and_writes_nothing() {
    let s = TestServer::start().await;
    let me = signed_in(&s).await;
    // A browser with a sign-up in progress, and one in the middle of an OAuth sign-in.
    let signing_up = browser();
    let su = s.post(&signing_up, "/v1/client/sign_ups", &form(&[("email_address", "new@example.com")])).await.ok();
    let su_path = format!("/v1/client/sign_ups/{}?_method=PATCH", su["response"]["id"].as_str().unwrap());
    let mb = "x".repeat(1_000_000);
    let big = json!({ "blob": mb }).to_string();
    let many_keys = Value::Object((0..10_000).map(|i| (format!("k{i}"), json!(i))).collect()).to_string();
    let long_url = format!("{}/{}", s.base, "a".repeat(1_000_000));
    let url_2049 = format!("{}/{}", s.base, "a".repeat(2049 - s.base.len() - 1));
    let ok_url = format!("{}/done", s.base);
    let before = s.snapshot().await;
    let cases: Vec<(&Client, String, String, &str, &str)> = vec![
        // The user's own changes.
        (&me, "/v1/me/metadata?_method=PATCH".into(), form(&[("unsafe_metadata", &big)]), "form_param_exceeds_allowed_size", "unsafe_metadata"),
        (&me, "/v1/me/metadata?_method=PATCH".into(), form(&[("unsafe_metadata", &many_keys)]), "form_param_exceeds_allowed_size", "unsafe_metadata"),
        (&me, "/v1/me?_method=PATCH".into(), form(&[("unsafe_metadata", &big)]), "form_param_exceeds_allowed_size", "unsafe_metadata"),
        (&me, "/v1/me?_method=PATCH".into(), form(&[("first_name", "a\u{0}b")]), "form_param_format_invalid", "first_name"),
        (&me, "/v1/me?_method=PATCH".into(), form(&[("first_name", "Eve"), ("last_name", "x\u{7}")]), "form_param_format_invalid", "last_name"),
        (&me, "/v1/me?_method=PATCH".into(), form(&[("username", "eve\u{0}eve")]), "form_param_format_invalid", "username"),
        (&me, "/v1/me?_method=PATCH".into(), form(&[("first_name", &mb)]), "form_param_max_length_exceeded", "first_name"),
        (
            &me,
            "/v1/me/external_accounts".into(),
            form(&[("strategy", "oauth_google"), ("redirect_url", &long_url)]),
            "form_param_max_length_exceeded",
            "redirect_url",
        ),
        (
            &me,
            "/v1/me/external_accounts".into(),
            form(&[("strategy", "oauth_google"), ("redirect_url", &url_2049)]),
            "form_param_max_length_exceeded",
            "redirect_url",
        ),
        // Sign-ups: create, update, OAuth.
        (
            &signing_up,
            "/v1/client/sign_ups".into(),
            form(&[("email_address", "b@example.com"), ("unsafe_metadata", &big)]),
            "form_param_exceeds_allowed_size",
            "unsafe_metadata",
        ),
        (
            &signing_up,
            "/v1/client/sign_ups".into(),
            form(&[("email_address", "b@example.com"), ("first_name", "a\u{0}b")]),
            "form_param_format_invalid",
            "first_name",
        ),
        (
            &signing_up,
            "/v1/client/sign_ups".into(),
            form(&[("email_address", "b@example.com"), ("last_name", &"y".repeat(257))]),
            "form_param_max_length_exceeded",
            "last_name",
        ),
        (
            &signing_up,
            "/v1/client/sign_ups".into(),
            form(&[("email_address", "b@example.com"), ("username", "bob\u{0}by")]),
            "form_param_format_invalid",
            "username",
        ),
        (&signing_up, su_path.clone(), form(&[("unsafe_metadata", &many_keys)]), "form_param_exceeds_allowed_size", "unsafe_metadata"),
        (&signing_up, su_path.clone(), form(&[("last_name", "\u{0}")]), "form_param_format_invalid", "last_name"),
        (
            &signing_up,
            "/v1/client/sign_ups".into(),
            form(&[("strategy", "oauth_google"), ("redirect_url", &ok_url), ("unsafe_metadata", &big)]),
            "form_param_exceeds_allowed_size",
            "unsafe_metadata",
        ),
        (
            &signing_up,
            "/v1/client/sign_ups".into(),
            form(&[("strategy", "oauth_google"), ("redirect_url", &long_url)]),
            "form_param_max_length_exceeded",
            "redirect_url",
        ),
        (
            &signing_up,
            "/v1/client/sign_ins".into(),
            form(&[("strategy", "oauth_google"), ("redirect_url", &long_url)]),
            "form_param_max_length_exceeded",
            "redirect_url",
        ),
        (
            &signing_up,
            "/v1/client/sign_ins".into(),
            form(&[("strategy", "oauth_google"), ("redirect_url", &ok_url), ("action_complete_redirect_url", &long_url)]),
            "form_param_max_length_exceeded",
            "action_complete_redirect_url",
        ),
    ];
    for (c, path, body, code, param) in cases {
        checked(s.post(c, &path, &body).await, code, param);
    }
    s.assert_unchanged(&before).await;
    // The merged value is what is measured.
    s.post(&me, "/v1/me/metadata?_method=PATCH", &form(&[("unsafe_metadata", &json!({"a": "x".repeat(5000)}).to_string())])).await.ok();
    let before = s.snapshot().await;
    let r = s.post(&me, "/v1/me/metadata?_method=PATCH", &form(&[("unsafe_metadata", &json!({"b": "x".repeat(5000)}).to_string())])).await;
    checked(r, "form_param_exceeds_allowed_size", "unsafe_metadata");
    s.assert_unchanged(&before).await;
}

#[tokio::test]
async fn the_mock_providers_names_have_no_control_characters_either() {
    let s = TestServer::start().await;
    let c = browser();
    let body = oauth_common::post_from(&s, &c, oauth_common::APP, "/v1/client/sign_ups", &[("strategy", "oauth_google"), ("redirect_url", "/cb")])
        .await
        .ok();
    let url = oauth_common::provider_url(&body["response"]["verifications"]["external_account"]);
    let before = s.snapshot().await;
    let page = oauth_common::decide(&s, &url, "approve", &[("first_name", "Ada\u{0}")]).await;
    assert_eq!(page.status, 422, "the consent page again, not a redirect: {}", page.text);
    assert!(page.text.contains("control characters"), "{}", page.text);
    s.assert_unchanged(&before).await;
}

//! The dev-server extras: `GET /dev/instance` (public facts about the instance, never the secret
//! key) and `GET /dev/avatar` (initials SVGs that cannot carry markup).

mod common;

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use common::TestServer;

#[tokio::test]
async fn instance_info_has_the_keys_and_urls_of_the_real_address() {
    let srv = TestServer::start().await;
    let res = srv.get(&srv.http, "/dev/instance").await;
    let info = res.ok();
    let host = srv.addr.to_string();
    assert!(host.starts_with("127.0.0.1:") && !host.ends_with(":0"), "{host}");
    assert_eq!(info["publishableKey"], format!("pk_test_{}", STANDARD_NO_PAD.encode(format!("{host}$"))));
    assert_eq!(info["publishableKey"], srv.publishable_key.as_str());
    assert_eq!(info["frontendApiUrl"], format!("http://{host}"));
    assert_eq!(info["bapiUrl"], format!("http://{host}/bapi"));
    assert_eq!(info["jwtTemplates"], serde_json::json!([]), "no templates by default");
    assert_eq!(info.as_object().unwrap().len(), 4);
    assert!(!res.text.contains(&srv.secret_key), "the secret key leaked: {}", res.text);
    assert!(!res.text.contains("sk_test_"), "{}", res.text);
}

#[tokio::test]
async fn avatars_draw_only_letters_and_digits() {
    let srv = TestServer::start().await;
    let res = srv.get(&srv.http, "/dev/avatar?initials=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), Some("image/svg+xml"));
    assert!(res.text.starts_with("<svg"), "{}", res.text);
    assert!(!res.text.contains("<script"), "{}", res.text);
    assert!(!res.text.contains("alert"), "{}", res.text);

    let res = srv.get(&srv.http, "/dev/avatar?initials=AL").await;
    assert!(res.text.contains(">AL</text>"), "{}", res.text);
    let res = srv.get(&srv.http, "/dev/avatar").await;
    assert_eq!(res.status, 200, "no initials is an empty avatar");
}

#[tokio::test]
async fn the_clock_moves_forward_only_for_the_secret_key_and_only_a_movable_clock() {
    let srv = TestServer::start().await;
    let url = srv.fapi("/dev/clock");
    let before = srv.st.now();
    // No key, a wrong key, a browser's Origin: refused, the clock unmoved.
    let c = reqwest::Client::new();
    assert_eq!(c.post(&url).json(&serde_json::json!({"advance_ms": 60_000})).send().await.unwrap().status(), 401);
    let wrong = c.post(&url).bearer_auth("sk_test_wrong").json(&serde_json::json!({"advance_ms": 60_000})).send().await.unwrap();
    assert_eq!(wrong.status(), 401);
    let from_page = c
        .post(&url)
        .bearer_auth(&srv.secret_key)
        .header("origin", "http://127.0.0.1:9")
        .json(&serde_json::json!({"advance_ms": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(from_page.status(), 400);
    let backwards = c.post(&url).bearer_auth(&srv.secret_key).json(&serde_json::json!({"advance_ms": -5})).send().await.unwrap();
    assert_eq!(backwards.status(), 422);
    assert!(srv.st.now() - before < 60_000);
    // The key moves it.
    let ok = c.post(&url).bearer_auth(&srv.secret_key).json(&serde_json::json!({"advance_ms": 600_000})).send().await.unwrap();
    assert_eq!(ok.status(), 200);
    assert!(srv.st.now() - before >= 600_000);
}

#[test]
fn only_movable_clocks_move() {
    use clerk_devserver::clock::{Clock, MovableClock, SystemClock};
    assert!(!SystemClock.advance_by(1000));
    let c = MovableClock::default();
    let t = c.now_ms();
    assert!(c.advance_by(3_600_000));
    assert!(c.now_ms() - t >= 3_600_000);
}

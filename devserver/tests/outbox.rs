//! `GET /dev/outbox`: the codes the dev server "sent", behind the secret key like the Backend
//! API, newest first, filtered by recipient.

mod common;

use common::{browser, form, send, TestServer};
use reqwest::header::{AUTHORIZATION, ORIGIN};
use serde_json::{json, Value};

/// Sends an email code for a new sign-up with this email address.
async fn email_code(srv: &TestServer, email: &str) {
    let c = browser();
    let su = srv.post(&c, "/v1/client/sign_ups", &form(&[("email_address", email)])).await.ok()["response"].clone();
    let path = format!("/v1/client/sign_ups/{}/prepare_verification", su["id"].as_str().unwrap());
    srv.post(&c, &path, "strategy=email_code").await.ok();
}

/// Sends an SMS code for a sign-in of a user with this phone number.
async fn sms_code(srv: &TestServer, phone: &str) {
    srv.create_user(json!({"phone_number": [phone]})).await;
    let c = browser();
    let si = srv.post(&c, "/v1/client/sign_ins", &form(&[("identifier", phone)])).await.ok()["response"].clone();
    let path = format!("/v1/client/sign_ins/{}/prepare_first_factor", si["id"].as_str().unwrap());
    srv.post(&c, &path, "strategy=phone_code").await.ok();
}

#[tokio::test]
async fn the_outbox_needs_the_secret_key_and_no_browser() {
    let srv = TestServer::start().await;
    email_code(&srv, "secret@example.com").await;
    let url = format!("{}/dev/outbox", srv.base);
    let before = srv.snapshot().await;

    send(browser().get(&url)).await.error(401, "authorization_header_format_invalid");
    send(browser().get(&url).header(AUTHORIZATION, srv.secret_key.as_str())).await.error(401, "authorization_header_format_invalid");
    let res = send(browser().get(&url).header(AUTHORIZATION, "Bearer sk_test_wrongwrongwrongwrong")).await;
    res.error(401, "authentication_invalid");
    assert!(!res.text.contains("secret@example.com"));
    // A page (any Origin, even an allowed one) never gets the codes.
    let res = send(browser().get(&url).header(AUTHORIZATION, format!("Bearer {}", srv.secret_key)).header(ORIGIN, &srv.base)).await;
    res.error(400, "origin_authorization_headers_conflict");
    let res = send(browser().get(&url).header(ORIGIN, "http://127.0.0.1:9")).await;
    assert!(res.status >= 400 && !res.text.contains("secret@example.com"), "{}", res.text);
    srv.assert_unchanged(&before).await;

    assert_eq!(srv.outbox(None).await.len(), 1);
}

#[tokio::test]
async fn messages_come_newest_first_and_filter_by_recipient() {
    let srv = TestServer::start().await;
    email_code(&srv, "Alpha@Example.com").await;
    srv.clock.advance(1_000);
    sms_code(&srv, "+15551234567").await;
    srv.clock.advance(1_000);
    email_code(&srv, "beta@example.com").await;
    // Same millisecond: insertion order decides.
    email_code(&srv, "alpha@example.com").await;

    let all = srv.outbox(None).await;
    let tos: Vec<&str> = all.iter().map(|m| m["to"].as_str().unwrap()).collect();
    assert_eq!(tos, ["alpha@example.com", "beta@example.com", "+15551234567", "Alpha@Example.com"]);
    let now = srv.st.now();
    let created: Vec<i64> = all.iter().map(|m| m["createdAt"].as_i64().unwrap()).collect();
    assert_eq!(created, [now, now, now - 1_000, now - 2_000]);

    let sms = &all[2];
    let keys: Vec<&String> = sms.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 9, "{sms}");
    // What the code is for (here a sign-in's first factor) and when it stops working.
    assert_eq!(sms["purpose"], "sign_in");
    assert_eq!(sms["expiresAt"].as_i64(), Some(now - 1_000 + 10 * 60 * 1000));
    assert!(sms["id"].as_str().unwrap().starts_with("sms_"));
    assert_eq!(sms["channel"], "sms");
    assert_eq!(sms["subject"], Value::Null);
    let code = sms["code"].as_str().unwrap();
    assert_eq!(sms["body"].as_str().unwrap(), format!("Your verification code is {code}. It expires in 10 minutes. (clerk-wasm dev)"));
    let email = &all[3];
    assert_eq!(email["purpose"], "sign_up");
    assert!(email["id"].as_str().unwrap().starts_with("ema_"));
    assert_eq!(email["channel"], "email");
    let code = email["code"].as_str().unwrap();
    assert_eq!(email["subject"], format!("{code} is your verification code"));
    assert!(email["body"].as_str().unwrap().starts_with(&format!("Your verification code is {code}.")));

    let alpha = srv.outbox(Some("ALPHA@example.COM")).await;
    assert_eq!(alpha.iter().map(|m| m["id"].clone()).collect::<Vec<_>>(), [all[0]["id"].clone(), all[3]["id"].clone()]);
    for notation in ["+15551234567", "15551234567", "+1 (555) 123-4567"] {
        let phone = srv.outbox(Some(notation)).await;
        assert_eq!(phone.len(), 1, "{notation}");
        assert_eq!(phone[0]["id"], all[2]["id"]);
    }
    assert!(srv.outbox(Some("nobody@example.com")).await.is_empty());
}

//! `/v1/me/email_addresses`, `/v1/me/phone_numbers`, `/v1/me/web3_wallets` over a real port:
//! creating (with the trailing-slash paths ClerkJS uses), verifying with outbox codes and with
//! EIP-191 signatures, second-factor settings, destroying; and every kind of bad input refused
//! with Clerk's code and status, changing nothing.

mod common;

use common::{browser, form, personal_sign, wallet_address, TestServer};
use k256::ecdsa::SigningKey;
use serde_json::Value;

/// The identification `id` of kind `list` (`email_addresses`, …) in a `{response, client}` body's user.
fn listed<'a>(body: &'a Value, list: &str, id: &str) -> Option<&'a Value> {
    body["client"]["sessions"][0]["user"][list].as_array()?.iter().find(|i| i["id"] == id)
}

fn user_of(body: &Value) -> &Value {
    &body["client"]["sessions"][0]["user"]
}

#[tokio::test]
async fn an_email_address_is_created_verified_by_code_and_becomes_primary_only_when_there_is_none() {
    let srv = TestServer::start().await;
    let c = browser();
    let me = srv.signed_in(&c).await;
    let primary_before = user_of(&me.body)["primary_email_address_id"].clone();

    let created = srv.post(&c, "/v1/me/email_addresses/", &form(&[("email_address", " Second@Example.com ")])).await.ok();
    let id = created["response"]["id"].as_str().unwrap().to_string();
    assert_eq!(created["response"]["object"], "email_address");
    assert_eq!(created["response"]["email_address"], "Second@Example.com");
    assert_eq!(created["response"]["verification"], Value::Null);
    assert!(listed(&created, "email_addresses", &id).is_some(), "the piggybacked client lists it");

    let prepared = srv.post(&c, &format!("/v1/me/email_addresses/{id}/prepare_verification"), "strategy=email_code").await.ok();
    assert_eq!(prepared["response"]["verification"]["status"], "unverified");
    assert_eq!(prepared["response"]["verification"]["strategy"], "email_code");
    let code = srv.latest_code("second@example.com").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    srv.post(&c, &format!("/v1/me/email_addresses/{id}/attempt_verification"), &form(&[("code", wrong)])).await.param_error(
        422,
        "form_code_incorrect",
        "code",
    );
    let verified = srv.post(&c, &format!("/v1/me/email_addresses/{id}/attempt_verification"), &form(&[("code", &code)])).await.ok();
    assert_eq!(verified["response"]["verification"]["status"], "verified");
    assert_eq!(verified["response"]["verification"]["attempts"], 2);
    // The user had a primary address: it stays.
    assert_eq!(user_of(&verified)["primary_email_address_id"], primary_before);
    srv.post(&c, &format!("/v1/me/email_addresses/{id}/attempt_verification"), &form(&[("code", &code)]))
        .await
        .error(400, "verification_already_verified");
    srv.post(&c, &format!("/v1/me/email_addresses/{id}/prepare_verification"), "strategy=email_code")
        .await
        .error(400, "verification_already_verified");

    // GET one and the list.
    let one = srv.get(&c, &format!("/v1/me/email_addresses/{id}")).await.ok();
    assert_eq!(one["response"]["id"], id.as_str());
    let all = srv.get(&c, "/v1/me/email_addresses").await.ok();
    assert_eq!(all["response"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn codes_expire_and_three_wrong_ones_fail_the_verification() {
    let srv = TestServer::start().await;
    let c = browser();
    srv.signed_in(&c).await;
    let mk = |email: &'static str| {
        let (srv, c) = (&srv, &c);
        async move {
            let r = srv.post(c, "/v1/me/email_addresses", &form(&[("email_address", email)])).await.ok();
            let id = r["response"]["id"].as_str().unwrap().to_string();
            srv.post(c, &format!("/v1/me/email_addresses/{id}/prepare_verification"), "strategy=email_code").await.ok();
            (id, srv.latest_code(email).await)
        }
    };
    let (id, code) = mk("late@example.com").await;
    srv.clock.advance(10 * 60 * 1000);
    srv.post(&c, &format!("/v1/me/email_addresses/{id}/attempt_verification"), &form(&[("code", &code)])).await.error(400, "verification_expired");
    let shown = srv.get(&c, &format!("/v1/me/email_addresses/{id}")).await.ok();
    assert_eq!(shown["response"]["verification"]["status"], "expired");
    // A new code works.
    srv.post(&c, &format!("/v1/me/email_addresses/{id}/prepare_verification"), "strategy=email_code").await.ok();
    let fresh = srv.latest_code("late@example.com").await;
    srv.post(&c, &format!("/v1/me/email_addresses/{id}/attempt_verification"), &form(&[("code", &fresh)])).await.ok();

    let (id, code) = mk("clumsy@example.com").await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let path = format!("/v1/me/email_addresses/{id}/attempt_verification");
    srv.post(&c, &path, &form(&[("code", wrong)])).await.error(422, "form_code_incorrect");
    srv.post(&c, &path, &form(&[("code", wrong)])).await.error(422, "form_code_incorrect");
    srv.post(&c, &path, &form(&[("code", wrong)])).await.error(400, "verification_failed");
    srv.post(&c, &path, &form(&[("code", &code)])).await.error(400, "verification_failed");
    let shown = srv.get(&c, &format!("/v1/me/email_addresses/{id}")).await.ok();
    assert_eq!(shown["response"]["verification"]["status"], "failed");
}

#[tokio::test]
async fn a_phone_number_is_normalised_verified_by_sms_and_reserved_for_the_second_factor() {
    let srv = TestServer::start().await;
    let c = browser();
    srv.signed_in(&c).await;
    let created = srv.post(&c, "/v1/me/phone_numbers/", "phone_number=15551234567").await.ok();
    let id = created["response"]["id"].as_str().unwrap().to_string();
    assert_eq!(created["response"]["phone_number"], "+15551234567");

    // Second-factor settings need a verified number.
    let before = srv.snapshot().await;
    srv.post(&c, &format!("/v1/me/phone_numbers/{id}?_method=PATCH"), "reserved_for_second_factor=true")
        .await
        .error(400, "identification_update_second_factor_unverified");
    srv.assert_unchanged(&before).await;

    // `strategy` defaults to phone_code.
    srv.post(&c, &format!("/v1/me/phone_numbers/{id}/prepare_verification"), "").await.ok();
    let outbox = srv.outbox(Some("+15551234567")).await;
    assert_eq!(outbox[0]["channel"], "sms");
    let code = outbox[0]["code"].as_str().unwrap().to_string();
    let verified = srv.post(&c, &format!("/v1/me/phone_numbers/{id}/attempt_verification"), &form(&[("code", &code)])).await.ok();
    assert_eq!(user_of(&verified)["primary_phone_number_id"], id.as_str(), "the first verified phone becomes primary");

    let reserved = srv.post(&c, &format!("/v1/me/phone_numbers/{id}?_method=PATCH"), "reserved_for_second_factor=true").await.ok();
    assert_eq!(reserved["response"]["reserved_for_second_factor"], true);
    assert_eq!(reserved["response"]["default_second_factor"], true, "the only reserved number is the default");
    assert_eq!(user_of(&reserved)["two_factor_enabled"], true);
    let unreserved = srv.post(&c, &format!("/v1/me/phone_numbers/{id}?_method=PATCH"), "reserved_for_second_factor=false").await.ok();
    assert_eq!(unreserved["response"]["reserved_for_second_factor"], false);
    assert_eq!(unreserved["response"]["default_second_factor"], false);
    let default = srv.post(&c, &format!("/v1/me/phone_numbers/{id}?_method=PATCH"), "default_second_factor=true").await.ok();
    assert_eq!(default["response"]["reserved_for_second_factor"], true);
    assert_eq!(default["response"]["default_second_factor"], true);
    srv.post(&c, &format!("/v1/me/phone_numbers/{id}?_method=PATCH"), "reserved_for_second_factor=maybe").await.param_error(
        422,
        "form_param_format_invalid",
        "reserved_for_second_factor",
    );
}

#[tokio::test]
async fn a_web3_wallet_is_verified_by_a_personal_sign_signature_of_its_nonce() {
    let srv = TestServer::start().await;
    let c = browser();
    srv.signed_in(&c).await;
    let key = SigningKey::from_slice(&[7u8; 32]).unwrap();
    let stranger = SigningKey::from_slice(&[9u8; 32]).unwrap();
    let created = srv.post(&c, "/v1/me/web3_wallets/", &form(&[("web3_wallet", &wallet_address(&key))])).await.ok();
    let id = created["response"]["id"].as_str().unwrap().to_string();

    let prepare = format!("/v1/me/web3_wallets/{id}/prepare_verification");
    srv.post(&c, &prepare, "strategy=email_code").await.param_error(422, "form_param_value_invalid", "strategy");
    let prepared = srv.post(&c, &prepare, "strategy=web3_metamask_signature").await.ok();
    let nonce = prepared["response"]["verification"]["message"].as_str().unwrap().to_string();
    assert!(nonce.len() >= 32);

    let attempt = format!("/v1/me/web3_wallets/{id}/attempt_verification");
    srv.post(&c, &attempt, "").await.param_error(422, "form_param_missing", "signature");
    srv.post(&c, &attempt, &form(&[("signature", &personal_sign(&stranger, &nonce))])).await.error(400, "verification_failed");
    let failed = srv.get(&c, &format!("/v1/me/web3_wallets/{id}")).await.ok();
    assert_eq!(failed["response"]["verification"]["status"], "failed");
    // The right key cannot rescue a failed nonce: a new one is needed.
    srv.post(&c, &attempt, &form(&[("signature", &personal_sign(&key, &nonce))])).await.error(400, "verification_failed");

    let again = srv.post(&c, &prepare, "strategy=web3_metamask_signature").await.ok();
    let nonce2 = again["response"]["verification"]["message"].as_str().unwrap().to_string();
    assert_ne!(nonce, nonce2);
    let ok = srv.post(&c, &attempt, &form(&[("signature", &personal_sign(&key, &nonce2))])).await.ok();
    assert_eq!(ok["response"]["verification"]["status"], "verified");
    assert_eq!(user_of(&ok)["primary_web3_wallet_id"], id.as_str());
}

#[tokio::test]
async fn identifiers_are_unique_and_checked_and_refusals_change_nothing() {
    let srv = TestServer::start().await;
    let (a, b) = (browser(), browser());
    let me = srv.signed_in(&a).await;
    srv.signed_in(&b).await;
    let mine = user_of(&me.body)["email_addresses"][0]["email_address"].as_str().unwrap().to_string();
    srv.post(&b, "/v1/me/phone_numbers", "phone_number=%2B15550000001").await.ok();
    let theirs = srv.post(&b, "/v1/me/web3_wallets", "web3_wallet=0x0123456789ABCDEF0123456789ABCDEF01234567").await.ok();
    let their_wallet = theirs["response"]["id"].as_str().unwrap().to_string();

    let before = srv.snapshot().await;
    let cases: Vec<(&str, String, u16, &str, Option<&str>)> = vec![
        ("/v1/me/email_addresses", form(&[("email_address", &mine)]), 422, "form_identifier_exists", Some("email_address")),
        ("/v1/me/email_addresses", form(&[("email_address", &mine.to_uppercase())]), 422, "form_identifier_exists", Some("email_address")),
        ("/v1/me/phone_numbers", "phone_number=15550000001".into(), 422, "form_identifier_exists", Some("phone_number")),
        ("/v1/me/web3_wallets", "web3_wallet=0x0123456789abcdef0123456789abcdef01234567".into(), 422, "form_identifier_exists", Some("web3_wallet")),
        ("/v1/me/email_addresses", "email_address=not-an-email".into(), 422, "form_param_format_invalid", Some("email_address")),
        ("/v1/me/phone_numbers", "phone_number=555-CALL-NOW".into(), 422, "form_param_format_invalid", Some("phone_number")),
        ("/v1/me/web3_wallets", "web3_wallet=0x0123".into(), 422, "form_param_format_invalid", Some("web3_wallet")),
        // Mixed case with a wrong EIP-55 checksum.
        (
            "/v1/me/web3_wallets",
            "web3_wallet=0x0123456789abcdef0123456789ABCDEF01234567".into(),
            422,
            "form_param_format_invalid",
            Some("web3_wallet"),
        ),
        ("/v1/me/email_addresses", "".into(), 422, "form_param_missing", Some("email_address")),
        ("/v1/me/phone_numbers", "phone_number=".into(), 422, "form_param_nil", Some("phone_number")),
        ("/v1/me/email_addresses/idn_unknown/prepare_verification", "strategy=email_code".into(), 404, "resource_not_found", None),
        ("/v1/me/email_addresses/idn_unknown/attempt_verification", "code=123456".into(), 404, "resource_not_found", None),
    ];
    for (path, body, status, code, param) in &cases {
        let r = srv.post(&a, path, body).await;
        match param {
            Some(p) => r.param_error(*status, code, p),
            None => r.error(*status, code),
        };
    }
    // Someone else's wallet: not found, whatever the verb.
    srv.get(&a, &format!("/v1/me/web3_wallets/{their_wallet}")).await.error(404, "resource_not_found");
    srv.delete(&a, &format!("/v1/me/web3_wallets/{their_wallet}")).await.error(404, "resource_not_found");
    srv.post(&a, &format!("/v1/me/web3_wallets/{their_wallet}/prepare_verification"), "strategy=web3_metamask_signature")
        .await
        .error(404, "resource_not_found");
    // An id of another kind is not found under this one.
    let email_id = user_of(&me.body)["email_addresses"][0]["id"].as_str().unwrap().to_string();
    srv.get(&a, &format!("/v1/me/phone_numbers/{email_id}")).await.error(404, "resource_not_found");
    // Signed out: no user to act for.
    srv.post(&browser(), "/v1/me/email_addresses", "email_address=x%40example.com").await.error(401, "authentication_invalid");
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn destroy_keeps_a_way_to_sign_in_and_moves_the_primary() {
    let srv = TestServer::start().await;
    let c = browser();
    let me = srv.signed_in(&c).await;
    let first = user_of(&me.body)["email_addresses"][0]["id"].as_str().unwrap().to_string();

    // The only (required) email address cannot go.
    let before = srv.snapshot().await;
    srv.delete(&c, &format!("/v1/me/email_addresses/{first}")).await.error(400, "last_required_identification_deletion_failed");
    srv.assert_unchanged(&before).await;

    // An unverified one can; so can the primary once another verified one exists, which takes its place.
    let extra = srv.post(&c, "/v1/me/email_addresses", "email_address=extra%40example.com").await.ok();
    let extra_id = extra["response"]["id"].as_str().unwrap().to_string();
    srv.post(&c, &format!("/v1/me/email_addresses/{extra_id}/prepare_verification"), "strategy=email_code").await.ok();
    let code = srv.latest_code("extra@example.com").await;
    srv.post(&c, &format!("/v1/me/email_addresses/{extra_id}/attempt_verification"), &form(&[("code", &code)])).await.ok();
    let gone = srv.delete(&c, &format!("/v1/me/email_addresses/{first}")).await.ok();
    assert_eq!(gone["response"]["deleted"], true);
    assert_eq!(gone["response"]["object"], "email_address");
    assert_eq!(user_of(&gone)["primary_email_address_id"], extra_id.as_str());
    assert_eq!(user_of(&gone)["email_addresses"].as_array().unwrap().len(), 1);

    let unverified = srv.post(&c, "/v1/me/phone_numbers", "phone_number=%2B15550000002").await.ok();
    let pid = unverified["response"]["id"].as_str().unwrap().to_string();
    srv.delete(&c, &format!("/v1/me/phone_numbers/{pid}")).await.ok();
    assert_eq!(srv.count("identifications").await, 1);
}

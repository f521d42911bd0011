//! Web3 wallets as a way in, as ClerkJS's `authenticateWithWeb3` drives it: a sign-in by wallet
//! address (`identifier=0x…` → a `web3_metamask_signature` factor, `prepare_first_factor` with
//! `web3_wallet_id` → a nonce as `message`, `attempt_first_factor` with the `personal_sign`
//! `signature` → complete), an unknown address → `form_identifier_not_found`; and the sign-up
//! with `web3_wallet` (`prepare_verification` → `verifications.web3_wallet.message`,
//! `attempt_verification` with `signature` → complete, a user owning the verified wallet).

mod common;

use clerk_devserver::config::Config;
use common::{browser, form, personal_sign, sign_in_step, wallet_address, TestServer};
use k256::ecdsa::SigningKey;
use serde_json::json;
use sha3::{Digest, Keccak256};

/// The EIP-55 form of a lower-case address.
fn checksummed(lower: &str) -> String {
    let hex = &lower[2..];
    let hash = Keccak256::digest(hex.as_bytes());
    let mixed: String = hex
        .chars()
        .enumerate()
        .map(|(i, ch)| {
            let nibble = (hash[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 0x0f;
            if ch.is_ascii_alphabetic() && nibble >= 8 {
                ch.to_ascii_uppercase()
            } else {
                ch
            }
        })
        .collect();
    format!("0x{mixed}")
}

fn key(n: u8) -> SigningKey {
    SigningKey::from_slice(&[n; 32]).unwrap()
}

/// A user owning a verified wallet (through the Frontend API, as a signed-in user adds one);
/// returns the wallet's identification id.
async fn user_with_wallet(srv: &TestServer, key: &SigningKey) -> (String, String) {
    let c = browser();
    let me = srv.signed_in(&c).await;
    let created = srv.post(&c, "/v1/me/web3_wallets", &form(&[("web3_wallet", &wallet_address(key))])).await.ok();
    let id = created["response"]["id"].as_str().unwrap().to_string();
    let prepared = srv.post(&c, &format!("/v1/me/web3_wallets/{id}/prepare_verification"), "strategy=web3_metamask_signature").await.ok();
    let nonce = prepared["response"]["verification"]["message"].as_str().unwrap().to_string();
    srv.post(&c, &format!("/v1/me/web3_wallets/{id}/attempt_verification"), &form(&[("signature", &personal_sign(key, &nonce))])).await.ok();
    (me.user_id.clone(), id)
}

#[tokio::test]
async fn a_verified_wallet_signs_in_with_a_signature_of_a_fresh_nonce() {
    let srv = TestServer::start().await;
    let k = key(11);
    let (user_id, wallet_id) = user_with_wallet(&srv, &k).await;
    let c = browser();

    // ClerkJS sends the address as the wallet gives it (EIP-55); any case matches.
    let typed = checksummed(&wallet_address(&k));
    let created = srv.post(&c, "/v1/client/sign_ins", &form(&[("identifier", &typed)])).await.ok();
    let si = created["response"].clone();
    assert_eq!(si["status"], "needs_first_factor");
    let factor = si["supported_first_factors"].as_array().unwrap().iter().find(|f| f["strategy"] == "web3_metamask_signature").cloned();
    let factor = factor.unwrap_or_else(|| panic!("a web3 factor: {si}"));
    assert_eq!(factor["web3_wallet_id"], wallet_id.as_str());
    assert_eq!(factor["safe_identifier"], typed.as_str());

    let prepared =
        sign_in_step(&srv, &c, &si, "prepare_first_factor", &[("strategy", "web3_metamask_signature"), ("web3_wallet_id", &wallet_id)]).await.ok();
    let v = &prepared["response"]["first_factor_verification"];
    assert_eq!(v["status"], "unverified");
    assert_eq!(v["strategy"], "web3_metamask_signature");
    let nonce = v["message"].as_str().expect("a nonce to sign").to_string();
    // Preparing again issues a fresh nonce.
    let again =
        sign_in_step(&srv, &c, &si, "prepare_first_factor", &[("strategy", "web3_metamask_signature"), ("web3_wallet_id", &wallet_id)]).await.ok();
    let nonce2 = again["response"]["first_factor_verification"]["message"].as_str().unwrap().to_string();
    assert_ne!(nonce, nonce2);

    // The old nonce's signature is of another message: refused, and the verification fails.
    let before = srv.snapshot().await;
    sign_in_step(&srv, &c, &si, "attempt_first_factor", &[("strategy", "web3_metamask_signature"), ("signature", &personal_sign(&k, &nonce))])
        .await
        .error(400, "verification_failed");
    srv.assert_unchanged_except(&before, &["verifications"]).await;
    sign_in_step(&srv, &c, &si, "attempt_first_factor", &[("strategy", "web3_metamask_signature"), ("signature", &personal_sign(&k, &nonce2))])
        .await
        .error(400, "verification_failed");

    let fresh =
        sign_in_step(&srv, &c, &si, "prepare_first_factor", &[("strategy", "web3_metamask_signature"), ("web3_wallet_id", &wallet_id)]).await.ok();
    let nonce3 = fresh["response"]["first_factor_verification"]["message"].as_str().unwrap().to_string();
    let done =
        sign_in_step(&srv, &c, &si, "attempt_first_factor", &[("strategy", "web3_metamask_signature"), ("signature", &personal_sign(&k, &nonce3))])
            .await
            .ok();
    let r = &done["response"];
    assert_eq!(r["status"], "complete");
    assert_eq!(r["first_factor_verification"]["status"], "verified");
    let session_id = r["created_session_id"].as_str().expect("a session");
    assert_eq!(done["client"]["last_active_session_id"], session_id);
    assert_eq!(done["client"]["sessions"][0]["user"]["id"], user_id.as_str());
}

#[tokio::test]
async fn another_signer_is_refused_and_unknown_addresses_are_not_found() {
    let srv = TestServer::start().await;
    let k = key(12);
    let (_, wallet_id) = user_with_wallet(&srv, &k).await;
    let c = browser();
    let si = srv.post(&c, "/v1/client/sign_ins", &form(&[("identifier", &wallet_address(&k))])).await.ok()["response"].clone();
    let prepared =
        sign_in_step(&srv, &c, &si, "prepare_first_factor", &[("strategy", "web3_metamask_signature"), ("web3_wallet_id", &wallet_id)]).await.ok();
    let nonce = prepared["response"]["first_factor_verification"]["message"].as_str().unwrap().to_string();
    sign_in_step(&srv, &c, &si, "attempt_first_factor", &[("strategy", "web3_metamask_signature"), ("signature", &personal_sign(&key(13), &nonce))])
        .await
        .error(400, "verification_failed");
    sign_in_step(&srv, &c, &si, "attempt_first_factor", &[("strategy", "web3_metamask_signature")]).await.param_error(
        422,
        "form_param_missing",
        "signature",
    );
    sign_in_step(&srv, &c, &si, "prepare_first_factor", &[("strategy", "web3_coinbase_wallet_signature")])
        .await
        .error(400, "strategy_for_user_invalid");
    sign_in_step(&srv, &c, &si, "prepare_first_factor", &[("strategy", "web3_solana_signature")]).await.error(400, "strategy_for_user_invalid");

    // An address nobody holds (ClerkJS then signs up instead).
    let before = srv.snapshot().await;
    srv.post(&browser(), "/v1/client/sign_ins", &form(&[("identifier", &wallet_address(&key(14)))])).await.param_error(
        422,
        "form_identifier_not_found",
        "identifier",
    );
    srv.assert_unchanged(&before).await;
}

#[tokio::test]
async fn a_wallet_sign_up_completes_once_the_signature_verifies_it() {
    let config = Config::from_toml("[identifiers]\nemail_address = false\nphone_number = false\nusername = false\nweb3_wallet = true").unwrap();
    let srv = TestServer::start_with(config).await;
    let k = key(21);
    let c = browser();
    let typed = checksummed(&wallet_address(&k));

    // Malformed addresses and a bad checksum are refused, changing nothing.
    let before = srv.snapshot().await;
    srv.post(&c, "/v1/client/sign_ups", "web3_wallet=0x1234").await.param_error(422, "form_param_format_invalid", "web3_wallet");
    let bad_checksum = format!(
        "0x{}",
        typed[2..].chars().map(|ch| if ch.is_ascii_uppercase() { ch.to_ascii_lowercase() } else { ch.to_ascii_uppercase() }).collect::<String>()
    );
    if bad_checksum[2..].chars().any(|ch| ch.is_ascii_lowercase()) && bad_checksum[2..].chars().any(|ch| ch.is_ascii_uppercase()) {
        srv.post(&c, "/v1/client/sign_ups", &form(&[("web3_wallet", &bad_checksum)])).await.param_error(
            422,
            "form_param_format_invalid",
            "web3_wallet",
        );
    }
    srv.assert_unchanged(&before).await;

    let created = srv.post(&c, "/v1/client/sign_ups", &form(&[("web3_wallet", &typed)])).await.ok();
    let su = created["response"].clone();
    assert_eq!(su["status"], "missing_requirements");
    assert_eq!(su["web3_wallet"], typed.as_str());
    assert_eq!(su["unverified_fields"], json!(["web3_wallet"]));
    assert_eq!(su["missing_fields"], json!([]), "a wallet sign-up needs no password");
    assert_eq!(su["verifications"]["web3_wallet"]["next_action"], "needs_prepare");
    let id = su["id"].as_str().unwrap().to_string();

    srv.post(&c, &format!("/v1/client/sign_ups/{id}/prepare_verification"), "strategy=web3_solana_signature").await.param_error(
        422,
        "form_param_value_invalid",
        "strategy",
    );
    srv.post(&c, &format!("/v1/client/sign_ups/{id}/prepare_verification"), "strategy=phone_code").await.error(400, "strategy_for_user_invalid");
    let prepared = srv.post(&c, &format!("/v1/client/sign_ups/{id}/prepare_verification"), "strategy=web3_metamask_signature").await.ok();
    let v = &prepared["response"]["verifications"]["web3_wallet"];
    assert_eq!(v["status"], "unverified");
    assert_eq!(v["strategy"], "web3_metamask_signature");
    assert_eq!(v["next_action"], "needs_attempt");
    let nonce = v["message"].as_str().expect("a nonce to sign").to_string();

    let attempt = format!("/v1/client/sign_ups/{id}/attempt_verification");
    srv.post(&c, &attempt, "strategy=web3_metamask_signature").await.param_error(422, "form_param_missing", "signature");
    let done = srv.post(&c, &attempt, &form(&[("strategy", "web3_metamask_signature"), ("signature", &personal_sign(&k, &nonce))])).await.ok();
    let r = &done["response"];
    assert_eq!(r["status"], "complete", "{r}");
    assert_eq!(r["verifications"]["web3_wallet"]["status"], "verified");
    let user_id = r["created_user_id"].as_str().expect("a user").to_string();
    assert!(r["created_session_id"].is_string());
    let user = &done["client"]["sessions"][0]["user"];
    assert_eq!(user["id"], user_id.as_str());
    assert_eq!(user["web3_wallets"][0]["web3_wallet"], typed.as_str());
    assert_eq!(user["web3_wallets"][0]["verification"]["status"], "verified");
    assert_eq!(user["web3_wallets"][0]["verification"]["strategy"], "web3_metamask_signature");
    assert_eq!(user["primary_web3_wallet_id"], user["web3_wallets"][0]["id"]);

    // The wallet is taken now; and it signs in.
    srv.post(&browser(), "/v1/client/sign_ups", &form(&[("web3_wallet", &wallet_address(&k))])).await.param_error(
        422,
        "form_identifier_exists",
        "web3_wallet",
    );
    let si = srv.post(&browser(), "/v1/client/sign_ins", &form(&[("identifier", &typed)])).await.ok();
    assert_eq!(si["response"]["supported_first_factors"][0]["strategy"], "web3_metamask_signature");
}

#[tokio::test]
async fn a_wallet_sign_up_is_refused_when_wallets_are_off() {
    let srv = TestServer::start_with(Config::from_toml("[identifiers]\nweb3_wallet = false").unwrap()).await;
    srv.post(&browser(), "/v1/client/sign_ups", &form(&[("web3_wallet", &wallet_address(&key(22)))])).await.param_error(
        422,
        "form_param_unknown",
        "web3_wallet",
    );
}

#[tokio::test]
async fn the_environment_offers_wallets_for_the_first_factor_and_sign_up() {
    let srv = TestServer::start().await;
    let env = srv.get(&srv.http, "/v1/environment").await.ok();
    let w = &env["user_settings"]["attributes"]["web3_wallet"];
    assert_eq!(w["enabled"], true);
    assert_eq!(w["used_for_first_factor"], true);
    assert_eq!(w["first_factors"], json!(["web3_metamask_signature"]));
    assert_eq!(w["verifications"], json!(["web3_metamask_signature"]));
}

//! Every captured or generated Frontend API payload in `tests/fixtures/` (see its SOURCES.md)
//! becomes the SDK's resources: unknown keys are ignored, missing ones get ClerkJS's defaults,
//! and the values JavaScript reads are the ones in the payload.

mod common;

use clerk_wasm::core::Core;
use clerk_wasm::key;
use clerk_wasm::resources::{client, email_address, environment, external_account, phone_number, session, sign_in, user};
use common::{get, text};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn core() -> Rc<Core> {
    let k = key::parse("pk_test_MTI3LjAuMC4xOjQwMDAk").unwrap();
    Core::new(k, "http://127.0.0.1:4000".into(), None, clerk_wasm::fapi::DEFAULT_TIMEOUT_MS)
}

fn parse(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("fixture is JSON")
}

fn date_ms(v: &JsValue) -> f64 {
    assert!(v.is_instance_of::<js_sys::Date>(), "{v:?} is not a Date");
    js_sys::Date::from(v.clone()).get_time()
}

#[wasm_bindgen_test]
fn captured_ios_client() {
    let core = core();
    let raw = parse(include_str!("fixtures/clerk-ios-2024-Client.json"));
    let c = client::build(&core, &raw);
    assert_eq!(text(&c, &["id"]), "client_2b60RSNNjLx1pXJGtXw6RApIXMM");
    let s = get(&get(&c, "sessions"), "0");
    assert_eq!(text(&s, &["status"]), "expired");
    assert_eq!(date_ms(&get(&s, "expireAt")), 1706615433911.0);
    let u = get(&s, "user");
    assert_eq!(text(&u, &["fullName"]), "Mike Pitre");
    assert_eq!(text(&u, &["primaryEmailAddress", "emailAddress"]), "mike@clerk.dev");
    assert_eq!(text(&u, &["primaryEmailAddress", "linkedTo", "0", "type"]), "oauth_google");
    assert_eq!(text(&u, &["primaryPhoneNumber", "phoneNumber"]), "+19083707882");
    assert_eq!(get(&get(&u, "primaryPhoneNumber"), "reservedForSecondFactor"), JsValue::TRUE);
    assert_eq!(get(&u, "twoFactorEnabled"), JsValue::TRUE);
    let apple = get(&get(&u, "externalAccounts"), "0");
    assert_eq!(text(&apple, &["provider"]), "apple", "oauth_ prefix dropped");
    assert_eq!(text(&apple, &["verification", "status"]), "expired");
    assert_eq!(text(&apple, &["verification", "error", "code"]), "oauth_identification_claimed");
    assert_eq!(
        text(&apple, &["verification", "error", "longMessage"]),
        "The email address associated with this OAuth account is already claimed by another user."
    );
    assert_eq!(get(&get(&u, "verifiedExternalAccounts"), "length").as_f64(), Some(1.0));
    assert_eq!(text(&u, &["verifiedExternalAccounts", "0", "provider"]), "google");
    assert_eq!(get(&get(&u, "unverifiedExternalAccounts"), "length").as_f64(), Some(1.0));
    assert_eq!(get(&get(&c, "signedInSessions"), "length").as_f64(), Some(0.0));
    let si = get(&c, "signIn");
    assert_eq!(text(&si, &["status"]), "needs_second_factor");
    assert_eq!(text(&si, &["supportedFirstFactors", "2", "safeIdentifier"]), "m***@c****.dev");
    assert_eq!(text(&si, &["supportedSecondFactors", "1", "phoneNumberId"]), "idn_2bBRe6VNHSregsfJqsRsX5IUkPS");
    assert_eq!(text(&si, &["firstFactorVerification", "strategy"]), "oauth_google");
    assert!(get(&get(&si, "secondFactorVerification"), "status").is_null(), "a null verification is an empty one");
    assert_eq!(text(&si, &["userData", "firstName"]), "Mike");

    // As the state of a Clerk: the only session is expired, so nobody is signed in.
    core.apply_client(Some(raw));
    assert!(core.js_session().is_null());
    assert!(core.js_user().is_null());
}

#[wasm_bindgen_test]
fn clerkjs_clients_choose_the_last_active_session() {
    for json in [include_str!("fixtures/clerkjs-test-client.json"), include_str!("fixtures/clerkjs-helpers-client-signed-in.json")] {
        let core = core();
        let raw = parse(json);
        core.apply_client(Some(raw.clone()));
        let last = text(&raw, &["last_active_session_id"]);
        assert_eq!(text(&core.js_session(), &["id"]), last);
        assert!(core.js_user().is_object());
        assert!(core.js_user() == get(&core.js_session(), "user"));
        assert!(get(&core.js_user(), "publicMetadata").is_object());
    }
}

#[wasm_bindgen_test]
fn users() {
    let core = core();
    let u = user::build(&core, &parse(include_str!("fixtures/clerk-ios-2024-User.json")));
    assert!(!text(&u, &["id"]).is_empty());
    assert!(get(&u, "createdAt").is_instance_of::<js_sys::Date>());
    let u = user::build(&core, &parse(include_str!("fixtures/clerkjs-test-user.json")));
    assert_eq!(text(&u, &["username"]), "testUsername");
    assert_eq!(text(&u, &["externalAccounts", "0", "provider"]), "google");
    assert!(get(&u, "primaryPhoneNumber").is_null() || get(&u, "primaryPhoneNumber").is_object());
    // A Backend API user: extra keys (private_metadata, banned) are ignored.
    let u = user::build(&core, &parse(include_str!("fixtures/backend-api-user.json")));
    assert_eq!(text(&u, &["fullName"]), "John Doe");
    assert_eq!(text(&u, &["primaryWeb3Wallet", "web3Wallet"]), "0x0000000000000000000000000000000000000000");
    assert!(get(&u, "privateMetadata").is_undefined());
    assert!(get(&u, "banned").is_undefined());
    // A minimal user gets ClerkJS's defaults.
    let u = user::build(&core, &parse(r#"{"id":"user_min"}"#));
    assert!(get(&u, "firstName").is_null());
    assert!(get(&u, "fullName").is_null());
    assert_eq!(get(&get(&u, "emailAddresses"), "length").as_f64(), Some(0.0));
    assert_eq!(get(&u, "passwordEnabled"), JsValue::FALSE);
    assert!(get(&u, "unsafeMetadata").is_object());
    assert!(get(&u, "lastSignInAt").is_null());
}

#[wasm_bindgen_test]
fn sessions() {
    let core = core();
    let list = parse(include_str!("fixtures/clerk-ios-2024-Sessions.json"));
    let list: js_sys::Array = wasm_bindgen::JsCast::dyn_into(list).unwrap();
    assert_eq!(list.length(), 3);
    for raw in list.iter() {
        let s = session::build(&core, &raw);
        assert!(text(&s, &["id"]).starts_with("sess_"));
        assert!(get(&s, "user").is_null());
        assert!(get(&s, "latestActivity").is_object());
    }
    let first = session::build(&core, &list.get(0));
    assert_eq!(text(&first, &["latestActivity", "browserName"]), "Safari");
    assert_eq!(text(&first, &["latestActivity", "ipAddress"]), "108.50.209.172");
    let s = session::build(&core, &parse(include_str!("fixtures/clerkjs-test-session.json")));
    assert_eq!(text(&s, &["status"]), "active");
    assert_eq!(text(&s, &["publicUserData", "identifier"]), "test@clerk.com");
}

#[wasm_bindgen_test]
fn identifications_and_sign_in() {
    let core = core();
    let e = email_address::build(&core, &parse(include_str!("fixtures/clerkjs-test-email_address.json")));
    assert_eq!(text(&e, &["emailAddress"]), "test@clerk.com");
    assert_eq!(text(&e, &["verification", "status"]), "verified");
    assert!(get(&get(&e, "verification"), "expireAt").is_instance_of::<js_sys::Date>());
    let to_string: js_sys::Function = wasm_bindgen::JsCast::dyn_into(get(&e, "toString")).unwrap();
    assert_eq!(to_string.call0(&e).unwrap().as_string().unwrap(), "test@clerk.com");
    let p = phone_number::build(&core, &parse(include_str!("fixtures/clerkjs-test-phone_number.json")));
    assert!(text(&p, &["phoneNumber"]).starts_with('+'));
    assert_eq!(get(&p, "reservedForSecondFactor"), JsValue::FALSE);
    let a = external_account::build(&core, &parse(include_str!("fixtures/clerkjs-test-external_account.json")));
    assert_eq!(text(&a, &["provider"]), "google");
    assert_eq!(text(&a, &["emailAddress"]), "test@clerk.com");
    assert_eq!(text(&a, &["verification", "status"]), "verified");
    assert!(get(&a, "phoneNumber").is_null(), "the stray camelCase key is not read");
    let s = sign_in::build(&core, &parse(include_str!("fixtures/clerkjs-test-sign_in.json")));
    assert_eq!(text(&s, &["status"]), "needs_first_factor");
    assert_eq!(text(&s, &["identifier"]), "test@clerk.com");
    assert_eq!(text(&s, &["supportedFirstFactors", "1", "emailAddressId"]), "idn_email_1");
    assert!(get(&s, "supportedSecondFactors").is_null());
}

#[wasm_bindgen_test]
fn environments() {
    let core = core();
    for (json, app, single) in [
        (include_str!("fixtures/clerk-ios-2024-Environment.json"), None, None),
        (include_str!("fixtures/clerkjs-test-environment.json"), None, None),
        (include_str!("fixtures/clerkjs-helpers-environment-email-password-google-github.json"), Some("TestApp"), Some(true)),
        (include_str!("fixtures/msw-environment-single-session.json"), Some("Acme Co"), Some(true)),
        (include_str!("fixtures/msw-environment-multi-session.json"), None, Some(false)),
    ] {
        let env = environment::build(&core, &parse(json));
        assert!(get(&env, "displayConfig").is_object());
        assert!(get(&env, "userSettings").is_object());
        assert!(get(&get(&env, "userSettings"), "attributes").is_object());
        if let Some(app) = app {
            assert_eq!(text(&env, &["displayConfig", "applicationName"]), app);
        }
        if let Some(single) = single {
            assert_eq!(get(&get(&env, "authConfig"), "singleSessionMode").as_bool(), Some(single));
        }
    }
    let env = environment::build(&core, &parse(include_str!("fixtures/msw-environment-single-session.json")));
    let is_production: js_sys::Function = wasm_bindgen::JsCast::dyn_into(get(&env, "isProduction")).unwrap();
    assert_eq!(is_production.call0(&env).unwrap(), JsValue::TRUE);
}

#[wasm_bindgen_test]
fn jwks_and_tokens() {
    // The JWKS is for servers; the SDK only reads token claims. Both fixtures parse.
    let jwks = parse(include_str!("fixtures/backend-jwks.json"));
    assert_eq!(text(&jwks, &["keys", "0", "kty"]), "RSA");
    let raw = parse(include_str!("fixtures/clerkjs-test-client.json"));
    let jwt = text(&raw, &["sessions", "0", "last_active_token", "jwt"]);
    let claims = clerk_wasm::jwt::claims(&jwt).unwrap();
    assert_eq!(claims.exp - claims.iat, 60);
    assert!(clerk_wasm::jwt::claims("a.b").is_none());
    assert!(clerk_wasm::jwt::claims("a.e30.c").is_none(), "no iat/exp");
}

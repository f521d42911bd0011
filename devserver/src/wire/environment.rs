//! The environment object (`GET|PATCH /v1/environment`): the instance configuration in the
//! shape ClerkJS reads (`EnvironmentJSON`: `auth_config`, `display_config`, `user_settings`, …).
//! Sent bare, not enveloped.

use crate::config::{Config, KNOWN_PROVIDERS};
use crate::state::AppState;
use serde_json::{json, Map, Value};

/// One `user_settings.attributes` entry.
fn attribute(enabled: bool, required: bool, first_factors: &[&str], second_factors: &[&str], verifications: &[&str]) -> Value {
    let enabled_list = |l: &[&str]| if enabled { l.iter().map(|s| json!(s)).collect::<Vec<_>>() } else { Vec::new() };
    json!({
        "enabled": enabled,
        "required": enabled && required,
        "used_for_first_factor": enabled && !first_factors.is_empty(),
        "first_factors": enabled_list(first_factors),
        "used_for_second_factor": enabled && !second_factors.is_empty(),
        "second_factors": enabled_list(second_factors),
        "verifications": enabled_list(verifications),
        "verify_at_sign_up": enabled && !verifications.is_empty(),
    })
}

fn attributes(c: &Config) -> Value {
    let ids = &c.identifiers;
    let names_on = c.names != "off";
    let names_required = c.names == "required";
    json!({
        // Email is what sign-up asks for first when it is on, as in Clerk's default instance.
        "email_address": attribute(ids.email_address, true, &["email_code"], &[], &["email_code"]),
        "phone_number": attribute(ids.phone_number, !ids.email_address && !ids.username, &["phone_code"], &["phone_code"], &["phone_code"]),
        "username": attribute(ids.username, false, &["username"], &[], &[]),
        "web3_wallet": attribute(ids.web3_wallet, false, &["web3_metamask_signature"], &[], &["web3_metamask_signature"]),
        "first_name": attribute(names_on, names_required, &[], &[], &[]),
        "last_name": attribute(names_on, names_required, &[], &[], &[]),
        "password": attribute(c.password.enabled, c.password.enabled, &[], &[], &[]),
        "authenticator_app": attribute(false, false, &[], &[], &[]),
        "backup_code": attribute(false, false, &[], &[], &[]),
        "passkey": attribute(false, false, &[], &[], &[]),
    })
}

fn social(st: &AppState) -> Value {
    let mut m = Map::new();
    for (provider, name) in KNOWN_PROVIDERS {
        let enabled = st.config.provider_name(provider).is_some();
        let strategy = format!("oauth_{provider}");
        m.insert(
            strategy.clone(),
            json!({
                "enabled": enabled,
                "required": false,
                "authenticatable": enabled,
                "block_email_subaddresses": false,
                "strategy": strategy,
                "not_selectable": false,
                "deprecated": false,
                "name": name,
                "logo_url": format!("{}/dev/oauth/logo/{provider}.svg", st.frontend_api_url),
            }),
        );
    }
    Value::Object(m)
}

/// The whole environment object for this instance.
pub fn environment(st: &AppState) -> Value {
    let c = &st.config;
    let base = &st.frontend_api_url;
    json!({
        "object": "environment",
        "id": format!("env_{}", st.instance_id.trim_start_matches("ins_")),
        "auth_config": {
            "object": "auth_config",
            "id": format!("aac_{}", st.instance_id.trim_start_matches("ins_")),
            "single_session_mode": c.session.single_session_mode,
            "claimed_at": Value::Null,
            "reverification": false,
            "preferred_channels": {},
            "session_minter": false,
        },
        "display_config": {
            "object": "display_config",
            "id": format!("display_config_{}", st.instance_id.trim_start_matches("ins_")),
            "instance_environment_type": "development",
            "application_name": c.application_name,
            "branded": false,
            "theme": {
                "buttons": {"font_color": "#ffffff", "font_family": "", "font_weight": ""},
                "general": {"color": "#4f46e5", "padding": "", "box_shadow": "", "font_color": "#111827", "font_family": "",
                            "border_radius": "", "background_color": "#ffffff", "label_font_weight": ""},
                "accounts": {"background_color": "#ffffff"},
            },
            "preferred_sign_in_strategy": "password",
            "logo_image_url": "",
            "favicon_image_url": "",
            "home_url": format!("{base}/"),
            "sign_in_url": format!("{base}/www/sign-in.html"),
            "sign_up_url": format!("{base}/www/sign-up.html"),
            "user_profile_url": format!("{base}/"),
            "waitlist_url": "",
            "after_sign_in_url": format!("{base}/"),
            "after_sign_up_url": format!("{base}/"),
            "after_sign_out_one_url": format!("{base}/"),
            "after_sign_out_all_url": format!("{base}/"),
            "after_switch_session_url": format!("{base}/"),
            "organization_profile_url": "",
            "create_organization_url": "",
            "after_leave_organization_url": "",
            "after_create_organization_url": "",
            "after_join_waitlist_url": "",
            "support_email": "",
            "terms_url": "",
            "privacy_policy_url": "",
            "clerk_js_version": "6",
            "show_devmode_warning": false,
            "captcha_public_key": Value::Null,
            "captcha_widget_type": Value::Null,
            "captcha_public_key_invisible": Value::Null,
            "captcha_provider": "turnstile",
            "captcha_oauth_bypass": [],
            "captcha_heartbeat": false,
            "google_one_tap_client_id": Value::Null,
        },
        "user_settings": {
            "attributes": attributes(c),
            "social": social(st),
            "saml": {"enabled": false},
            "enterprise_sso": {"enabled": false, "self_serve_sso": false},
            "actions": {"delete_self": c.delete_self, "create_organization": false},
            "sign_in": {"second_factor": {"required": false, "enabled": c.identifiers.phone_number}},
            "sign_up": {
                "mode": c.sign_up_mode,
                "progressive": true,
                "captcha_enabled": false,
                "captcha_widget_type": Value::Null,
                "custom_action_required": false,
                "legal_consent_enabled": false,
                "allowlist_only": false,
                "mfa": {"required": false},
            },
            "restrictions": {"allowlist": {"enabled": false}, "blocklist": {"enabled": false}, "block_email_subaddresses": {"enabled": false}},
            "password_settings": {
                "min_length": c.password.min_length,
                "max_length": c.password.max_length,
                "require_special_char": false,
                "require_numbers": false,
                "require_uppercase": false,
                "require_lowercase": false,
                "disable_hibp": true,
                "show_zxcvbn": false,
                "min_zxcvbn_strength": 0,
                "allowed_special_characters": "!\"#$%&'()*+,-./:;<=>?@[]^_`{|}~",
            },
            "passkey_settings": {"allow_autofill": false, "show_sign_in_button": false},
            "username_settings": {"min_length": 4, "max_length": 64},
            "attack_protection": {
                "user_lockout": {"enabled": true, "max_attempts": c.lockout.max_attempts, "duration_in_minutes": c.lockout.duration_secs / 60},
                "pii": {"enabled": false},
                "email_link": {"require_same_client": false},
                "enumeration_protection": {"enabled": false},
            },
        },
        "organization_settings": {
            "enabled": false,
            "max_allowed_memberships": 5,
            "force_organization_selection": false,
            "actions": {"admin_delete": false},
            "domains": {"enabled": false, "enrollment_modes": [], "default_role": Value::Null},
            "slug": {"disabled": true},
            "organization_creation_defaults": {"enabled": false},
        },
        "commerce_settings": {
            "object": "commerce_settings",
            "id": "commerce_settings_dev",
            "billing": {
                "user": {"enabled": false, "has_paid_plans": false},
                "organization": {"enabled": false, "has_paid_plans": false},
                "stripe_publishable_key": "",
            },
        },
        "api_keys_settings": {"enabled": false, "user_api_keys_enabled": false, "orgs_api_keys_enabled": false},
        "protect_config": {"object": "protect_config", "id": "protect_config_dev", "loaders": []},
        "fraud_settings": {"native": {"device_attestation_mode": "disabled"}},
        "maintenance_mode": false,
        "client_debug_mode": false,
        "partitioned_cookies": false,
    })
}

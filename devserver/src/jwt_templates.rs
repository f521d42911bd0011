//! JWT templates (`[jwt_templates.NAME]` in the configuration): tokens with the claims a
//! template describes, for services that verify JWTs of their own shape (Supabase, Hasura, …).
//!
//! As Clerk documents them (clerk-docs `guides/sessions/jwt-templates.mdx`):
//!
//! - Every token carries the default claims `azp` (when the request had an Origin), `exp`, `iat`,
//!   `iss`, `jti`, `nbf` and `sub`, and no session claims (`sid`, `v`, …): a template token is
//!   not bound to a session. A template may not set a default claim (refused at config load).
//! - A claim value that is a string made of exactly one shortcode (`"{{user.public_metadata}}"`)
//!   takes the JSON value of the field: an object, a boolean, a number, or `null` when the user
//!   has no such field. Shortcodes inside a longer string are interpolated as text (`null` for a
//!   missing value, as Clerk's "null John").
//! - A shortcode may be a conditional expression, `{{user.public_metadata.plan || 'free'}}`: the
//!   first operand that is neither `null` nor `false`, else the last. Operands are fields,
//!   single-quoted strings, numbers and booleans.
//! - Metadata fields take dot paths (`{{user.public_metadata.addresses.Home}}`).
//!
//! The shortcodes are the fields of `user_context`. Tokens are RS256 with the instance key (its
//! `kid`, verifiable with the JWKS), or HS256 with the template's own `signing_key`.

use crate::config::JwtTemplate;
use crate::jwt::{self, Keys};
use serde_json::{json, Map, Value};

/// What a template token is minted for: the issuer, the page origin, the user and the time.
pub struct Mint<'a> {
    pub issuer: &'a str,
    pub authorized_party: Option<&'a str>,
    pub user_id: &'a str,
    /// The user as the Backend API renders it (`Render::user_bapi`), the source of the shortcodes.
    pub user: &'a Value,
    pub now_ms: i64,
    pub token_id: &'a str,
}

/// The signed token of `template` for `mint`.
pub fn sign(template: &JwtTemplate, keys: &Keys, mint: &Mint) -> String {
    let claims = claims(template, mint);
    match &template.signing_key {
        Some(secret) => jwt::sign_hs256(secret.as_bytes(), &claims),
        None => keys.sign(&claims),
    }
}

/// The claims of a template token: the template's, shortcodes expanded, then the default ones.
pub fn claims(template: &JwtTemplate, mint: &Mint) -> Value {
    let context = json!({ "user": user_context(mint.user) });
    let mut out = Map::new();
    for (key, value) in &template.claims {
        out.insert(key.clone(), expand(&toml_to_json(value), &context));
    }
    let iat = mint.now_ms / 1000;
    if let Some(azp) = mint.authorized_party {
        out.insert("azp".into(), json!(azp));
    }
    out.insert("exp".into(), json!(iat + template.lifetime_secs));
    out.insert("iat".into(), json!(iat));
    out.insert("iss".into(), json!(mint.issuer));
    out.insert("jti".into(), json!(mint.token_id));
    out.insert("nbf".into(), json!(iat - template.allowed_clock_skew_secs));
    out.insert("sub".into(), json!(mint.user_id));
    Value::Object(out)
}

/// The fields the `{{user.…}}` shortcodes name, from the Backend API's user JSON. Times are Unix
/// seconds (Clerk's example: `"registration_date": "{{user.created_at}}"` → `1227618844`).
pub fn user_context(u: &Value) -> Value {
    let primary = |list: &str, id_key: &str| -> Option<&Value> {
        let id = u[id_key].as_str()?;
        u[list].as_array()?.iter().find(|i| i["id"].as_str() == Some(id))
    };
    let verified = |i: Option<&Value>| i.is_some_and(|i| i["verification"]["status"] == "verified");
    let email = primary("email_addresses", "primary_email_address_id");
    let phone = primary("phone_numbers", "primary_phone_number_id");
    let wallet = primary("web3_wallets", "primary_web3_wallet_id");
    let names: Vec<&str> = [&u["first_name"], &u["last_name"]].iter().filter_map(|v| v.as_str()).filter(|s| !s.is_empty()).collect();
    let seconds = |v: &Value| v.as_i64().map(|ms| json!(ms / 1000)).unwrap_or(Value::Null);
    json!({
        "id": u["id"],
        "external_id": u["external_id"],
        "first_name": u["first_name"],
        "last_name": u["last_name"],
        "full_name": if names.is_empty() { Value::Null } else { json!(names.join(" ")) },
        "username": u["username"],
        "primary_email_address": email.map(|e| e["email_address"].clone()).unwrap_or(Value::Null),
        "primary_phone_number": phone.map(|p| p["phone_number"].clone()).unwrap_or(Value::Null),
        "primary_web3_wallet": wallet.map(|w| w["web3_wallet"].clone()).unwrap_or(Value::Null),
        "email_verified": verified(email),
        "phone_number_verified": verified(phone),
        "image_url": u["image_url"],
        "profile_image_url": u["image_url"],
        "has_image": u["has_image"],
        "two_factor_enabled": u["two_factor_enabled"],
        "public_metadata": u["public_metadata"],
        "unsafe_metadata": u["unsafe_metadata"],
        "private_metadata": u["private_metadata"],
        "created_at": seconds(&u["created_at"]),
        "updated_at": seconds(&u["updated_at"]),
    })
}

/// A TOML value as JSON (a date-time becomes its RFC 3339 text).
fn toml_to_json(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => json!(s),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => json!(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.iter().map(|(k, v)| (k.clone(), toml_to_json(v))).collect()),
    }
}

/// Expands the shortcodes in every string of `v`, at any depth.
pub fn expand(v: &Value, context: &Value) -> Value {
    match v {
        Value::String(s) => expand_string(s, context),
        Value::Array(a) => Value::Array(a.iter().map(|v| expand(v, context)).collect()),
        Value::Object(m) => Value::Object(m.iter().map(|(k, v)| (k.clone(), expand(v, context))).collect()),
        other => other.clone(),
    }
}

/// A string with shortcodes: exactly one shortcode → its typed value; otherwise text.
fn expand_string(s: &str, context: &Value) -> Value {
    let trimmed = s.trim();
    if let Some(inner) = trimmed.strip_prefix("{{").and_then(|r| r.strip_suffix("}}")) {
        if !inner.contains("{{") && !inner.contains("}}") {
            return evaluate(inner, context);
        }
    }
    if !s.contains("{{") {
        return Value::String(s.to_string());
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start + 2..].find("}}") else { break };
        out.push_str(&rest[..start]);
        match evaluate(&rest[start + 2..start + 2 + len], context) {
            Value::String(text) => out.push_str(&text),
            other => out.push_str(&other.to_string()),
        }
        rest = &rest[start + 2 + len + 2..];
    }
    out.push_str(rest);
    Value::String(out)
}

/// A shortcode's expression: operands joined by `||`, the first that is neither `null` nor
/// `false` (else the last).
fn evaluate(expr: &str, context: &Value) -> Value {
    let operands: Vec<Value> = expr.split("||").map(|o| operand(o.trim(), context)).collect();
    let last = operands.last().cloned().unwrap_or(Value::Null);
    operands.into_iter().find(|v| !matches!(v, Value::Null | Value::Bool(false))).unwrap_or(last)
}

/// One operand: a quoted string, a boolean, a number, or a dotted field path (`null` when absent).
fn operand(o: &str, context: &Value) -> Value {
    if let Some(text) = o.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
        return json!(text);
    }
    match o {
        "true" => return json!(true),
        "false" => return json!(false),
        _ => {}
    }
    if let Ok(n) = o.parse::<i64>() {
        return json!(n);
    }
    if let Some(n) = o.parse::<f64>().ok().and_then(serde_json::Number::from_f64) {
        return Value::Number(n);
    }
    let mut at = context;
    for key in o.split('.') {
        match at.get(key) {
            Some(v) => at = v,
            None => return Value::Null,
        }
    }
    at.clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user() -> Value {
        json!({
            "id": "user_1",
            "external_id": null,
            "first_name": "Maria",
            "last_name": null,
            "username": "maria",
            "image_url": "http://x/avatar",
            "has_image": false,
            "two_factor_enabled": false,
            "primary_email_address_id": "idn_e",
            "primary_phone_number_id": null,
            "primary_web3_wallet_id": null,
            "email_addresses": [{"id": "idn_e", "email_address": "maria@example.com", "verification": {"status": "verified"}}],
            "phone_numbers": [],
            "web3_wallets": [],
            "public_metadata": {"profile": {"interests": ["reading"]}, "age": 0},
            "unsafe_metadata": {},
            "private_metadata": {"secret": 1},
            "created_at": 1_227_618_844_123i64,
            "updated_at": 1_227_618_845_000i64,
        })
    }

    fn ctx() -> Value {
        json!({ "user": user_context(&user()) })
    }

    #[test]
    fn one_shortcode_is_typed_and_embedded_ones_are_text() {
        let c = ctx();
        assert_eq!(expand(&json!("{{user.public_metadata}}"), &c), json!({"profile": {"interests": ["reading"]}, "age": 0}));
        assert_eq!(expand(&json!("{{ user.email_verified }}"), &c), json!(true));
        assert_eq!(expand(&json!("{{user.phone_number_verified}}"), &c), json!(false));
        assert_eq!(expand(&json!("{{user.created_at}}"), &c), json!(1_227_618_844));
        assert_eq!(expand(&json!("{{user.public_metadata.profile.interests}}"), &c), json!(["reading"]));
        assert_eq!(expand(&json!("{{user.public_metadata.nope.deeper}}"), &c), Value::Null);
        assert_eq!(expand(&json!("{{user.i_dont_exist}}"), &c), Value::Null);
        assert_eq!(expand(&json!("{{user.last_name}} {{user.first_name}}"), &c), json!("null Maria"));
        assert_eq!(expand(&json!("id:{{user.id}}/{{user.public_metadata.profile}}"), &c), json!("id:user_1/{\"interests\":[\"reading\"]}"));
        assert_eq!(expand(&json!({"a": ["{{user.username}}", 1]}), &c), json!({"a": ["maria", 1]}));
        assert_eq!(expand(&json!("{{unclosed"), &c), json!("{{unclosed"));
        assert_eq!(expand(&json!("{{user.full_name}}"), &c), json!("Maria"));
        assert_eq!(expand(&json!("{{user.primary_email_address}}"), &c), json!("maria@example.com"));
    }

    #[test]
    fn conditional_expressions_take_the_first_truthy_operand() {
        let c = ctx();
        assert_eq!(expand(&json!("{{user.last_name || 'Doe'}}"), &c), json!("Doe"));
        assert_eq!(expand(&json!("{{user.phone_number_verified || user.email_verified}}"), &c), json!(true));
        assert_eq!(expand(&json!("{{user.public_metadata.plan || 30}}"), &c), json!(30));
        assert_eq!(expand(&json!("{{user.public_metadata.age || 30}}"), &c), json!(0), "0 is not falsy");
        assert_eq!(expand(&json!("{{user.last_name || user.public_metadata.x}}"), &c), Value::Null);
    }

    #[test]
    fn default_claims_come_last_and_template_claims_stay() {
        let t = crate::config::Config::from_toml("[jwt_templates.t]\nlifetime_secs = 120\nallowed_clock_skew_secs = 7\n[jwt_templates.t.claims]\naud = \"x\"\nemail = \"{{user.primary_email_address}}\"\n")
            .unwrap()
            .jwt_templates["t"]
            .clone();
        let u = user();
        let mint = Mint { issuer: "http://iss", authorized_party: None, user_id: "user_1", user: &u, now_ms: 1_000_500, token_id: "j" };
        let c = claims(&t, &mint);
        assert_eq!(
            c,
            json!({"aud": "x", "email": "maria@example.com", "exp": 1120, "iat": 1000, "iss": "http://iss", "jti": "j", "nbf": 993, "sub": "user_1"})
        );
    }
}

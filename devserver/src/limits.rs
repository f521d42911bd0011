//! Clerk's limits on what a request may store, the same on the Frontend API and the Backend API:
//! names, external ids, metadata, URLs, how many identifiers one request may bring, and the size
//! of a request body. Every check runs before any transaction, or inside it before anything is
//! written, so a refused request changes nothing; the refusals are Clerk's `form_param_*` errors
//! with `meta.param_name` (`request_body_too_large` for a body).

use crate::error::AppError;
use serde_json::Value;

/// The longest first or last name (characters).
pub const MAX_NAME_CHARS: usize = 256;
/// The longest `external_id` (characters), as the Backend API's other ids and names.
pub const MAX_EXTERNAL_ID_CHARS: usize = 255;
/// The largest public, private or unsafe metadata, serialised as JSON (bytes): Clerk's
/// documented limit ("Metadata is limited to 8KB maximum"), per kind, after a merge.
pub const MAX_METADATA_BYTES: usize = 8 * 1024;
/// The most email addresses, phone numbers or Web3 wallets one `createUser` may bring (each kind).
pub const MAX_IDENTIFIERS: usize = 100;
/// The longest URL a request may give (`redirect_url`, `action_complete_redirect_url`).
pub const MAX_URL_CHARS: usize = 2048;
/// The largest request body (bytes): axum's default, stated so that the refusal can say it.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// Refuses control characters (Unicode `Cc`: NUL, escape, line breaks, …) in a value that is
/// stored and shown as one line.
pub fn no_control_chars(param: &str, value: &str) -> Result<(), AppError> {
    if value.chars().any(char::is_control) {
        return Err(AppError::param_format_invalid(param, format!("{param} must not contain control characters.")));
    }
    Ok(())
}

/// Refuses a value longer than `max` characters.
pub fn max_chars(param: &str, value: &str, max: usize) -> Result<(), AppError> {
    if value.chars().count() > max {
        return Err(AppError::max_length_exceeded(param, max));
    }
    Ok(())
}

/// A first or last name: trimmed, at most `MAX_NAME_CHARS`, no control characters (possibly
/// empty: what an empty name means is the caller's).
pub fn name(param: &str, raw: &str) -> Result<String, AppError> {
    let v = raw.trim();
    max_chars(param, v, MAX_NAME_CHARS)?;
    no_control_chars(param, v)?;
    Ok(v.to_string())
}

/// An `external_id`: trimmed, at most `MAX_EXTERNAL_ID_CHARS`, no control characters.
pub fn external_id(raw: &str) -> Result<String, AppError> {
    let v = raw.trim();
    max_chars("external_id", v, MAX_EXTERNAL_ID_CHARS)?;
    no_control_chars("external_id", v)?;
    Ok(v.to_string())
}

/// Refuses metadata whose JSON is larger than `MAX_METADATA_BYTES`.
pub fn metadata(param: &str, value: &Value) -> Result<(), AppError> {
    let size = serde_json::to_string(value).map(|s| s.len()).unwrap_or(usize::MAX);
    if size > MAX_METADATA_BYTES {
        return Err(AppError::exceeds_allowed_size(
            param,
            format!("{param} exceeds the maximum allowed size of {MAX_METADATA_BYTES} bytes (it is {size} bytes as JSON)."),
        ));
    }
    Ok(())
}

/// Refuses more than `MAX_IDENTIFIERS` items in one array parameter.
pub fn identifiers(param: &str, count: usize) -> Result<(), AppError> {
    if count > MAX_IDENTIFIERS {
        return Err(AppError::array_size_exceeded(param, MAX_IDENTIFIERS));
    }
    Ok(())
}

/// Refuses a URL longer than `MAX_URL_CHARS`.
pub fn url(param: &str, raw: &str) -> Result<(), AppError> {
    max_chars(param, raw, MAX_URL_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names() {
        assert_eq!(name("first_name", "  Ada ").unwrap(), "Ada");
        assert_eq!(name("first_name", &"é".repeat(256)).unwrap().chars().count(), 256);
        assert_eq!(name("first_name", &"x".repeat(257)).unwrap_err().code(), "form_param_max_length_exceeded");
        for bad in ["a\u{0}b", "a\u{1b}[31mb", "a\nb", "a\u{7f}", "a\u{85}b"] {
            let e = name("last_name", bad).unwrap_err();
            assert_eq!((e.code(), e.errors[0].meta["param_name"].as_str()), ("form_param_format_invalid", Some("last_name")), "{bad:?}");
        }
    }

    #[test]
    fn metadata_is_measured_as_json() {
        metadata("public_metadata", &json!({ "k": "x".repeat(MAX_METADATA_BYTES - 8) })).unwrap();
        let e = metadata("public_metadata", &json!({ "k": "x".repeat(MAX_METADATA_BYTES - 7) })).unwrap_err();
        assert_eq!((e.code(), e.status.as_u16()), ("form_param_exceeds_allowed_size", 422));
    }

    #[test]
    fn counts_and_urls() {
        identifiers("email_address", MAX_IDENTIFIERS).unwrap();
        assert_eq!(identifiers("email_address", MAX_IDENTIFIERS + 1).unwrap_err().code(), "form_param_array_size_exceeded");
        url("redirect_url", &"x".repeat(MAX_URL_CHARS)).unwrap();
        assert_eq!(url("redirect_url", &"x".repeat(MAX_URL_CHARS + 1)).unwrap_err().code(), "form_param_max_length_exceeded");
        assert_eq!(external_id(&"1".repeat(256)).unwrap_err().code(), "form_param_max_length_exceeded");
    }
}

//! Form parameters: the `application/x-www-form-urlencoded` bodies (and query strings) ClerkJS
//! sends, with repeated keys kept (`additional_scope=a&additional_scope=b`), and the typed
//! accessors handlers use to turn a missing, empty or malformed value into Clerk's error.
//!
//! ClerkJS sends a form content-type even on bodiless requests (PROTOCOL.md §3), so an empty body
//! is an empty form whatever the content-type says. A body that is not valid UTF-8 after
//! percent-decoding is refused as a whole rather than silently "repaired".

use crate::error::AppError;
use crate::limits;
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use percent_encoding::percent_decode;
use serde_json::Value;

/// Decoded parameters, in order, duplicates kept.
#[derive(Debug, Clone, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Parses `a=1&b=x+y&c=%20`. Fails on invalid UTF-8.
    pub fn parse(input: &[u8]) -> Result<Params, AppError> {
        let mut pairs = Vec::new();
        for part in input.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
            let (k, v) = match part.iter().position(|&b| b == b'=') {
                Some(i) => (&part[..i], &part[i + 1..]),
                None => (part, &[][..]),
            };
            let key = decode(k).ok_or_else(AppError::malformed_parameters)?;
            let value = decode(v).ok_or_else(|| AppError::invalid_encoding(&key))?;
            pairs.push((key, value));
        }
        Ok(Params { pairs })
    }

    /// The first value of `key`, as sent (possibly empty).
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// Every value of a repeated key, in order.
    pub fn all(&self, key: &str) -> Vec<&str> {
        self.pairs.iter().filter(|(k, _)| k == key).map(|(_, v)| v.as_str()).collect()
    }

    pub fn has(&self, key: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == key)
    }

    /// A value that must be present and non-blank.
    pub fn required(&self, key: &str) -> Result<&str, AppError> {
        match self.get(key) {
            None => Err(AppError::param_missing(key)),
            Some(v) if v.trim().is_empty() => Err(AppError::param_nil(key)),
            Some(v) => Ok(v),
        }
    }

    /// A value that may be absent; an empty one counts as absent (ClerkJS sends `null` as `key=`).
    pub fn optional(&self, key: &str) -> Option<&str> {
        self.get(key).filter(|v| !v.trim().is_empty())
    }

    /// `true` / `false`, or absent.
    pub fn bool(&self, key: &str) -> Result<Option<bool>, AppError> {
        match self.optional(key) {
            None => Ok(None),
            Some("true") => Ok(Some(true)),
            Some("false") => Ok(Some(false)),
            Some(_) => Err(AppError::param_format_invalid(key, format!("{key} must be true or false."))),
        }
    }

    /// A JSON object (metadata), or absent.
    pub fn json_object(&self, key: &str) -> Result<Option<Value>, AppError> {
        match self.optional(key) {
            None => Ok(None),
            Some(text) => match serde_json::from_str::<Value>(text) {
                Ok(v @ Value::Object(_)) => Ok(Some(v)),
                _ => Err(AppError::param_format_invalid(key, format!("{key} must be a JSON object."))),
            },
        }
    }

    /// Refuses any of `forbidden` with `form_param_unknown` (e.g. `public_metadata` on `PATCH /v1/me`).
    pub fn refuse(&self, forbidden: &[&str]) -> Result<(), AppError> {
        match forbidden.iter().find(|f| self.has(f)) {
            Some(f) => Err(AppError::param_unknown(f)),
            None => Ok(()),
        }
    }
}

fn decode(raw: &[u8]) -> Option<String> {
    let plus_as_space: Vec<u8> = raw.iter().map(|&b| if b == b'+' { b' ' } else { b }).collect();
    percent_decode(&plus_as_space).decode_utf8().ok().map(|c| c.into_owned())
}

impl<S: Send + Sync> FromRequest<S> for Params {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type =
            req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
        let RawBody(bytes) = RawBody::from_request(req, state).await?;
        if bytes.is_empty() {
            return Ok(Params::default());
        }
        match content_type.as_deref() {
            None | Some("application/x-www-form-urlencoded") => Params::parse(&bytes),
            Some(other) => Err(AppError::unsupported_content_type(other, "application/x-www-form-urlencoded")),
        }
    }
}

/// A request body read whole. One larger than the body limit (`limits::MAX_BODY_BYTES`, applied
/// to every request in `lib.rs`) is Clerk's 413 `request_body_too_large`, not axum's plain-text
/// rejection; any other failure to read it is `request_body_invalid`.
pub struct RawBody(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Bytes::from_request(req, state).await.map(RawBody).map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::body_too_large(limits::MAX_BODY_BYTES)
            } else {
                AppError::body_invalid(e.body_text())
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_what_clerkjs_sends() {
        // The encoding example of PROTOCOL.md §3.
        let p = Params::parse(b"strategy=oauth_google&redirect_url=https%3A%2F%2Fapp.test%2Fsign-in%23%2Fsso-callback&additional_scope=repo&additional_scope=read%3Aorg&organization_id=&transfer=true&unsafe_metadata=%7B%22a%22%3A1%7D").unwrap();
        assert_eq!(p.get("strategy"), Some("oauth_google"));
        assert_eq!(p.get("redirect_url"), Some("https://app.test/sign-in#/sso-callback"));
        assert_eq!(p.all("additional_scope"), ["repo", "read:org"]);
        assert_eq!(p.get("organization_id"), Some(""));
        assert_eq!(p.optional("organization_id"), None);
        assert_eq!(p.bool("transfer").unwrap(), Some(true));
        assert_eq!(p.json_object("unsafe_metadata").unwrap().unwrap()["a"], 1);
    }

    #[test]
    fn plus_is_space_and_errors_have_clerks_codes() {
        let p = Params::parse(b"first_name=Ada+Lovelace&x").unwrap();
        assert_eq!(p.get("first_name"), Some("Ada Lovelace"));
        assert_eq!(p.get("x"), Some(""));
        assert_eq!(p.required("missing").unwrap_err().code(), "form_param_missing");
        assert_eq!(p.required("x").unwrap_err().code(), "form_param_nil");
        assert_eq!(Params::parse(b"bad=%FF").unwrap_err().code(), "form_param_value_invalid");
        assert_eq!(Params::parse(b"%FF=1").unwrap_err().code(), "malformed_request_parameters");
        let q = Params::parse(b"m=%5B1%5D&b=yes").unwrap();
        assert_eq!(q.json_object("m").unwrap_err().code(), "form_param_format_invalid");
        assert_eq!(q.bool("b").unwrap_err().code(), "form_param_format_invalid");
        assert_eq!(q.refuse(&["b"]).unwrap_err().code(), "form_param_unknown");
    }
}

//! Form bodies, encoded the way ClerkJS encodes them (`packages/shared/src/internal/clerk-js/querystring.ts`,
//! PROTOCOL.md §3): top-level keys camelCase → snake_case, `undefined` dropped (the caller never
//! adds it), `null` → empty string, booleans and numbers as text, arrays as repeated keys, plain
//! objects as JSON text; serialised like `URLSearchParams`.

/// One parameter value before encoding. (Numbers arrive as text: the caller formats them with
/// JavaScript's own `String(n)`, which also keeps float formatting code out of the `.wasm`.)
#[derive(Debug, Clone, PartialEq)]
pub enum FormValue {
    Str(String),
    Null,
    Bool(bool),
    List(Vec<FormValue>),
    /// A plain object, already JSON text.
    Json(String),
}

/// An ordered list of encoded-to-be pairs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Form {
    pairs: Vec<(String, String)>,
}

impl Form {
    pub fn new() -> Form {
        Form::default()
    }

    /// Adds `key=value`, with `key` already in wire (snake_case) form.
    pub fn push(mut self, key: &str, value: impl Into<String>) -> Form {
        self.pairs.push((key.to_string(), value.into()));
        self
    }

    /// Adds a value under a JS-style key, converting the key and the value as ClerkJS does.
    pub fn push_js(mut self, key: &str, value: FormValue) -> Form {
        let key = camel_to_snake(key);
        self.push_value(&key, value);
        self
    }

    fn push_value(&mut self, key: &str, value: FormValue) {
        match value {
            FormValue::Str(s) => self.pairs.push((key.to_string(), s)),
            FormValue::Null => self.pairs.push((key.to_string(), String::new())),
            FormValue::Bool(b) => self.pairs.push((key.to_string(), (if b { "true" } else { "false" }).to_string())),
            FormValue::List(items) => {
                for item in items {
                    self.push_value(key, item);
                }
            }
            FormValue::Json(text) => self.pairs.push((key.to_string(), text)),
        }
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.pairs
    }

    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }

    /// `application/x-www-form-urlencoded` text.
    pub fn encode(&self) -> String {
        encode_pairs(self.pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

/// ClerkJS's `camelToSnake`: every capital letter becomes `_` + its lower case.
pub fn camel_to_snake(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Serialises pairs as `URLSearchParams.toString()` does.
pub fn encode_pairs<'a>(pairs: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode_component(&mut out, k);
        out.push('=');
        encode_component(&mut out, v);
    }
    out
}

fn encode_component(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(b as char),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_like_clerkjs() {
        // The object and expected string of PROTOCOL.md §3, checked there against ClerkJS.
        let form = Form::new()
            .push_js("strategy", FormValue::Str("oauth_google".into()))
            .push_js("redirectUrl", FormValue::Str("https://app.test/sign-in#/sso-callback".into()))
            .push_js("additional_scope", FormValue::List(vec![FormValue::Str("repo".into()), FormValue::Str("read:org".into())]))
            .push_js("organizationId", FormValue::Null)
            .push_js("transfer", FormValue::Bool(true))
            .push_js("unsafeMetadata", FormValue::Json(r#"{"a":1}"#.into()));
        assert_eq!(
            form.encode(),
            "strategy=oauth_google&redirect_url=https%3A%2F%2Fapp.test%2Fsign-in%23%2Fsso-callback&additional_scope=repo&additional_scope=read%3Aorg&organization_id=&transfer=true&unsafe_metadata=%7B%22a%22%3A1%7D"
        );
    }

    #[test]
    fn spaces_unicode_and_numbers() {
        let f = Form::new().push("first_name", "Zoë Ann").push_js("limit", FormValue::Str("10".into()));
        assert_eq!(f.encode(), "first_name=Zo%C3%AB+Ann&limit=10");
        assert_eq!(camel_to_snake("emailAddressId"), "email_address_id");
        assert_eq!(camel_to_snake("already_snake"), "already_snake");
    }
}

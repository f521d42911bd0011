//! What Frontend API handlers answer: a JSON body (the `{response, client}` envelope, or a bare
//! object for the few routes ClerkJS reads unwrapped) plus any `Set-Cookie`.

use axum::http::header::SET_COOKIE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// A Frontend API answer.
#[derive(Debug)]
pub struct Reply {
    status: StatusCode,
    body: Value,
    cookies: Vec<String>,
}

impl Reply {
    /// `{"response": …, "client": …}`, the envelope of every FAPI route but a few.
    pub fn envelope(response: Value, client: Option<Value>) -> Reply {
        Reply::bare(json!({ "response": response, "client": client }))
    }

    /// A body sent as is (`/v1/environment`, tokens, dev browser).
    pub fn bare(body: Value) -> Reply {
        Reply { status: StatusCode::OK, body, cookies: Vec::new() }
    }

    /// Adds a `Set-Cookie` header when `cookie` is `Some`, replacing one of the same name: an
    /// answer never sets one cookie twice.
    pub fn cookie(mut self, cookie: Option<String>) -> Reply {
        if let Some(c) = cookie {
            let name = cookie_name(&c).to_string();
            self.cookies.retain(|old| cookie_name(old) != name);
            self.cookies.push(c);
        }
        self
    }

    pub fn body(&self) -> &Value {
        &self.body
    }
}

/// The name of a `Set-Cookie` value (`__client` in `__client=…; Path=/`).
fn cookie_name(set_cookie: &str) -> &str {
    set_cookie.split(['=', ';']).next().unwrap_or("").trim()
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut res = (self.status, axum::Json(self.body)).into_response();
        for c in self.cookies {
            if let Ok(v) = HeaderValue::from_str(&c) {
                res.headers_mut().append(SET_COOKIE, v);
            }
        }
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_set_once() {
        let r = Reply::bare(json!({})).cookie(Some("__client=a; Path=/".into())).cookie(None).cookie(Some("__client=b; Path=/".into()));
        assert_eq!(r.cookies, ["__client=b; Path=/"]);
        let r = r.cookie(Some("__session=x".into()));
        assert_eq!(r.cookies.len(), 2);
    }
}

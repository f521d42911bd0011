//! The Frontend API client: the only module that talks to the network.
//!
//! It turns a [`Request`] into a `fetch` the way ClerkJS's `core/fapiClient.ts` does:
//! `credentials: "include"` so the `__client` cookie travels; only GET and POST on the wire, with
//! PATCH/PUT/DELETE tunnelled as `POST …?_method=…` and bodies form-encoded, because those keep
//! the request CORS-"simple" (no preflight, which breaks Safari's cookie handling); the dev
//! browser's `__clerk_db_jwt` on every request of a development instance, refreshed from the
//! `Clerk-Db-Jwt` response header. Network failures are retried for GETs only (a POST may have
//! reached the server); HTTP errors are never retried here. Answers come back as text for the
//! caller to decode with [`decode`] into a typed [`Envelope`] — no `Response` or `JsValue` leaves
//! this module.

pub mod dev_browser;
pub mod form;
pub mod url;

use crate::error::Error;
use form::Form;
use gloo_net::http::RequestBuilder;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use web_sys::RequestCredentials;

/// The HTTP method a call means (what is sent may be a tunnelled POST).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

impl Method {
    /// The `_method` value for methods that travel as POST.
    pub fn tunnelled(self) -> Option<&'static str> {
        match self {
            Method::Patch => Some("PATCH"),
            Method::Put => Some("PUT"),
            Method::Delete => Some("DELETE"),
            Method::Get | Method::Post => None,
        }
    }
}

/// One Frontend API call.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    /// The path after `/v1`, e.g. `/client/sign_ins`.
    pub path: String,
    /// The caller's own query parameters (they come first).
    pub query: Vec<(String, String)>,
    pub body: Option<Form>,
}

impl Request {
    pub fn new(method: Method, path: impl Into<String>) -> Request {
        Request { method, path: path.into(), query: Vec::new(), body: None }
    }

    pub fn get(path: impl Into<String>) -> Request {
        Request::new(Method::Get, path)
    }

    pub fn post(path: impl Into<String>, body: Form) -> Request {
        Request { body: Some(body), ..Request::new(Method::Post, path) }
    }

    pub fn patch(path: impl Into<String>, body: Form) -> Request {
        Request { body: Some(body), ..Request::new(Method::Patch, path) }
    }

    pub fn delete(path: impl Into<String>) -> Request {
        Request::new(Method::Delete, path)
    }

    pub fn query(mut self, key: &str, value: impl Into<String>) -> Request {
        self.query.push((key.to_string(), value.into()));
        self
    }
}

/// `{"response": T, "client": C}`; some answers carry the client under `meta.client` instead.
#[derive(Debug, Deserialize)]
pub struct Envelope<T, C> {
    #[serde(default = "none")]
    pub response: Option<T>,
    #[serde(default = "none")]
    client: Option<C>,
    #[serde(default = "none")]
    meta: Option<EnvelopeMeta<C>>,
}

#[derive(Debug, Deserialize)]
struct EnvelopeMeta<C> {
    #[serde(default = "none")]
    client: Option<C>,
}

fn none<T>() -> Option<T> {
    None
}

impl<T, C> Envelope<T, C> {
    /// The piggybacked client, from `client` or `meta.client`.
    pub fn take_client(&mut self) -> Option<C> {
        self.client.take().or_else(|| self.meta.take().and_then(|m| m.client))
    }
}

/// Decodes an answer's JSON text.
pub fn decode<T: DeserializeOwned>(body: &str) -> Result<T, Error> {
    Ok(serde_json::from_str(if body.trim().is_empty() { "null" } else { body })?)
}

/// The transport for one instance.
pub struct Fapi {
    base: String,
    dev_browser: Option<dev_browser::DevBrowser>,
}

/// How many times a GET is tried when the network fails (ClerkJS: 4 while online).
const GET_TRIES: u32 = 4;

impl Fapi {
    /// `base` is the Frontend API URL without `/v1`; `dev_browser` is set for development hosts
    /// that use the dev-browser machinery.
    pub fn new(base: String, dev_browser: Option<dev_browser::DevBrowser>) -> Fapi {
        Fapi { base, dev_browser }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub fn dev_browser(&self) -> Option<&dev_browser::DevBrowser> {
        self.dev_browser.as_ref()
    }

    /// Sends a request and returns the answer's body text. Status ≥ 400 is an [`Error::Api`].
    pub async fn send(&self, req: &Request, session_id: Option<&str>) -> Result<String, Error> {
        let db = self.dev_browser.as_ref().and_then(|d| d.id());
        let url = url::build(&url::UrlParts {
            base: &self.base,
            path: &req.path,
            method: req.method,
            query: &req.query,
            session_id,
            dev_browser: db.as_deref(),
        });
        let tries = if req.method == Method::Get { GET_TRIES } else { 1 };
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.fetch_once(&url, req).await {
                Err(Error::Network { .. }) if attempt < tries => {
                    // First retry at once, then 700 ms doubling, at most 5 s (ClerkJS's schedule).
                    let wait = if attempt == 1 { 0 } else { (700u32 << (attempt - 2)).min(5000) };
                    crate::browser::sleep(wait).await;
                }
                other => return other,
            }
        }
    }

    async fn fetch_once(&self, url: &str, req: &Request) -> Result<String, Error> {
        let net = |e: gloo_net::Error| Error::Network { url: url.to_string(), detail: e.to_string() };
        let builder = RequestBuilder::new(url).credentials(RequestCredentials::Include);
        let res = if req.method == Method::Get {
            builder.method(gloo_net::http::Method::GET).build().map_err(net)?.send().await.map_err(net)?
        } else {
            // ClerkJS sends the form content-type even without a body.
            let body = req.body.as_ref().map(Form::encode).unwrap_or_default();
            builder
                .method(gloo_net::http::Method::POST)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body)
                .map_err(net)?
                .send()
                .await
                .map_err(net)?
        };
        if let (Some(db), Some(fresh)) = (&self.dev_browser, res.headers().get("Clerk-Db-Jwt")) {
            db.set(Some(fresh));
        }
        let status = res.status();
        let body = if status == 204 { String::new() } else { res.text().await.map_err(net)? };
        if status >= 400 {
            let retry_after = res.headers().get("Retry-After").and_then(|v| v.trim().parse().ok());
            return Err(Error::from_response(status, &body, retry_after));
        }
        Ok(body)
    }

    /// `POST /v1/dev_browser`: a plain fetch, no body, no credentials option (as ClerkJS).
    pub async fn create_dev_browser(&self) -> Result<String, Error> {
        let url = format!(
            "{}/v1/dev_browser?__clerk_api_version={}&_clerk_js_version={}",
            self.base,
            url::API_VERSION,
            url::CLERK_JS_COMPAT_VERSION
        );
        let net = |e: gloo_net::Error| Error::Network { url: url.clone(), detail: e.to_string() };
        let res = RequestBuilder::new(&url).method(gloo_net::http::Method::POST).send().await.map_err(net)?;
        let status = res.status();
        let body = res.text().await.map_err(net)?;
        if status >= 400 {
            return Err(Error::from_response(status, &body, None));
        }
        #[derive(Deserialize)]
        struct Created {
            id: Option<String>,
            token: Option<String>,
        }
        let created: Created = decode(&body)?;
        created.id.or(created.token).filter(|s| !s.is_empty()).ok_or_else(|| Error::Decode("dev_browser answer has no id".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelopes_take_client_from_either_place() {
        let mut e: Envelope<serde_json::Value, serde_json::Value> = decode(r#"{"response":{"id":"a"},"client":{"id":"c"}}"#).unwrap();
        assert_eq!(e.take_client().unwrap()["id"], "c");
        let mut e: Envelope<serde_json::Value, serde_json::Value> = decode(r#"{"response":null,"meta":{"client":{"id":"m"}}}"#).unwrap();
        assert!(e.response.is_none());
        assert_eq!(e.take_client().unwrap()["id"], "m");
        let mut e: Envelope<serde_json::Value, serde_json::Value> = decode(r#"{"response":null,"client":null}"#).unwrap();
        assert!(e.take_client().is_none());
    }
}

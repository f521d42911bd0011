//! The Frontend API client: the only module that talks to the network, through gloo-net's
//! `http::Request` (the browser's `fetch`).
//!
//! It turns a [`Request`] into a `fetch` the way ClerkJS's `core/fapiClient.ts` does:
//! `credentials: "include"` so the `__client` cookie travels; only GET and POST on the wire, with
//! PATCH/PUT/DELETE tunnelled as `POST …?_method=…` and bodies form-encoded, because those keep
//! the request CORS-"simple" (no preflight, which breaks Safari's cookie handling); the dev
//! browser's `__clerk_db_jwt` on every request of a development instance, refreshed from the
//! `Clerk-Db-Jwt` response header. Network failures are retried for GETs only (a POST may have
//! reached the server); HTTP errors are never retried here. No call waits forever: each has a
//! deadline (an `AbortSignal.timeout`, covering its retries and the reading of the body) after
//! which the fetch is aborted and the call fails with a network error. Answers come back as text for the
//! caller to parse with [`parse`] or [`envelope`] — no `Response` or `JsValue` leaves
//! this module.

pub mod dev_browser;
pub mod form;
pub mod url;

use crate::error::Error;
use crate::js;
use form::Form;
use gloo_net::http;
use wasm_bindgen::JsValue;
use web_sys::AbortSignal;

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
    /// A body sent as it is instead of a form (`user.setProfileImage`, as ClerkJS uploads): a
    /// `FormData`, whose multipart content-type the browser writes, or a string, sent as
    /// `application/octet-stream`.
    pub upload: Option<JsValue>,
    /// A deadline of its own in milliseconds, shorter than the instance's (`load()`'s client
    /// fetch); `None`: the instance's.
    pub timeout_ms: Option<u32>,
}

impl Request {
    pub fn new(method: Method, path: impl Into<String>) -> Request {
        Request { method, path: path.into(), query: Vec::new(), body: None, upload: None, timeout_ms: None }
    }

    pub fn get(path: impl Into<String>) -> Request {
        Request::new(Method::Get, path)
    }

    pub fn post(path: impl Into<String>, body: Form) -> Request {
        Request { body: Some(body), ..Request::new(Method::Post, path) }
    }

    /// `POST path` with an upload (see [`Request::upload`]).
    pub fn upload(path: impl Into<String>, upload: JsValue) -> Request {
        Request { upload: Some(upload), ..Request::new(Method::Post, path) }
    }

    pub fn patch(path: impl Into<String>, body: Form) -> Request {
        Request { body: Some(body), ..Request::new(Method::Patch, path) }
    }

    pub fn delete(path: impl Into<String>) -> Request {
        Request::new(Method::Delete, path)
    }

    pub fn with_body(mut self, body: Form) -> Request {
        self.body = Some(body);
        self
    }

    /// Gives up after `ms` milliseconds, or after the instance's deadline if that is shorter.
    pub fn timeout(mut self, ms: u32) -> Request {
        self.timeout_ms = Some(ms);
        self
    }

    pub fn query(mut self, key: &str, value: impl Into<String>) -> Request {
        self.query.push((key.to_string(), value.into()));
        self
    }
}

/// A decoded `{"response": …, "client": …}` answer. Some answers carry the client under
/// `meta.client` instead; `client` is whichever is present.
pub struct Envelope {
    /// The resource (or `null`).
    pub response: JsValue,
    /// The piggybacked client, when the answer has one.
    pub client: Option<JsValue>,
}

/// Parses an answer's JSON text (an empty body reads as `null`).
pub fn parse(body: &str) -> Result<JsValue, Error> {
    if body.trim().is_empty() {
        return Ok(JsValue::NULL);
    }
    js::parse(body).ok_or(Error::Decode("the answer is not JSON"))
}

/// Parses an enveloped answer.
pub fn envelope(body: &str) -> Result<Envelope, Error> {
    let v = parse(body)?;
    // A few answers are bare arrays (`GET /me/sessions/active`), as ClerkJS takes them.
    if js_sys::Array::is_array(&v) {
        return Ok(Envelope { response: v, client: None });
    }
    let answer: crate::wire::Envelope = crate::wire::view(&v);
    let client = Some(answer.client).filter(JsValue::is_object).or_else(|| Some(answer.meta.client).filter(JsValue::is_object));
    Ok(Envelope { response: if answer.response.is_object() { answer.response } else { JsValue::NULL }, client })
}

/// The transport for one instance.
pub struct Fapi {
    base: String,
    dev_browser: Option<dev_browser::DevBrowser>,
    /// The longest any call may take, in milliseconds (the `requestTimeout` option).
    timeout_ms: u32,
}

/// The instance's deadline when `requestTimeout` is not given: 30 s. ClerkJS sets none but for
/// `load()`'s client fetch; a page waiting half a minute is better told the network failed.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

/// How many times a GET is tried when the network fails (ClerkJS: 4 while online).
const GET_TRIES: u32 = 4;

impl Fapi {
    /// `base` is the Frontend API URL without `/v1`; `dev_browser` is set for development hosts
    /// that use the dev-browser machinery.
    /// `timeout_ms` is the instance's deadline for any call.
    pub fn new(base: String, dev_browser: Option<dev_browser::DevBrowser>, timeout_ms: u32) -> Fapi {
        Fapi { base, dev_browser, timeout_ms }
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
        let limit = req.timeout_ms.map_or(self.timeout_ms, |ms| ms.min(self.timeout_ms));
        let deadline = AbortSignal::timeout_with_u32(limit);
        let tries = if req.method == Method::Get { GET_TRIES } else { 1 };
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.fetch_once(&url, req, &deadline).await {
                Err(Error::Network { .. }) if deadline.aborted() => return Err(timed_out(&url, limit)),
                Err(Error::Network { .. }) if attempt < tries => {
                    // First retry at once, then 700 ms doubling, at most 5 s (ClerkJS's schedule).
                    let wait = if attempt == 1 { 0 } else { (700u32 << (attempt - 2)).min(5000) };
                    crate::browser::sleep(wait).await;
                    if deadline.aborted() {
                        return Err(timed_out(&url, limit));
                    }
                }
                other => return other,
            }
        }
    }

    async fn fetch_once(&self, url: &str, req: &Request, deadline: &AbortSignal) -> Result<String, Error> {
        let answer = if req.method == Method::Get {
            fetch(url, http::Method::GET, None, true, deadline).await?
        } else {
            let body = match &req.upload {
                Some(b) => (b.clone(), if b.is_string() { "application/octet-stream" } else { "" }),
                // ClerkJS sends the form content-type even without a body.
                None => (JsValue::from_str(&req.body.as_ref().map(Form::encode).unwrap_or_default()), "application/x-www-form-urlencoded"),
            };
            fetch(url, http::Method::POST, Some(body), true, deadline).await?
        };
        if let (Some(db), Some(fresh)) = (&self.dev_browser, answer.dev_browser) {
            db.set(Some(fresh));
        }
        if answer.status >= 400 {
            return Err(Error::from_response(answer.status, &answer.body, answer.retry_after));
        }
        Ok(answer.body)
    }

    /// `POST /v1/dev_browser`: a plain fetch, no body, no credentials option (as ClerkJS).
    pub async fn create_dev_browser(&self) -> Result<String, Error> {
        let url =
            [&self.base, "/v1/dev_browser?__clerk_api_version=", url::API_VERSION, "&_clerk_js_version=", url::CLERK_JS_COMPAT_VERSION].concat();
        let deadline = AbortSignal::timeout_with_u32(self.timeout_ms);
        let answer = match fetch(&url, http::Method::POST, None, false, &deadline).await {
            Err(Error::Network { .. }) if deadline.aborted() => return Err(timed_out(&url, self.timeout_ms)),
            other => other?,
        };
        if answer.status >= 400 {
            return Err(Error::from_response(answer.status, &answer.body, None));
        }
        let created: crate::wire::Issued = crate::wire::view(&parse(&answer.body)?);
        created.id.or(created.token).filter(|id| !id.is_empty()).ok_or(Error::Decode("the dev_browser answer has no id"))
    }
}

/// What the SDK keeps of an HTTP answer.
struct Answer {
    status: u16,
    body: String,
    dev_browser: Option<String>,
    retry_after: Option<u32>,
}

/// The error of a call that had no answer by its deadline.
fn timed_out(url: &str, limit_ms: u32) -> Error {
    Error::Network { url: url.to_string(), detail: ["no answer within ", &limit_ms.to_string(), " ms"].concat() }
}

/// One `fetch` through gloo-net. `body`: what to send and its content-type (`""`: the one the
/// browser writes for it); `credentials` means `credentials: "include"`; `deadline` aborts the
/// fetch, body included.
/// The browser's `fetch` is called at call time, so a page's fetch wrapper sees the SDK's
/// requests as it sees ClerkJS's.
async fn fetch(url: &str, method: http::Method, body: Option<(JsValue, &str)>, credentials: bool, deadline: &AbortSignal) -> Result<Answer, Error> {
    let net = |e: gloo_net::Error| Error::Network { url: url.to_string(), detail: e.to_string() };
    let mut builder = http::RequestBuilder::new(url).method(method).abort_signal(Some(deadline));
    if credentials {
        builder = builder.credentials(web_sys::RequestCredentials::Include);
    }
    let request = match body {
        Some((b, content_type)) => {
            if !content_type.is_empty() {
                builder = builder.header("Content-Type", content_type);
            }
            builder.body(b)
        }
        None => builder.build(),
    }
    .map_err(net)?;
    let res = request.send().await.map_err(net)?;
    let status = res.status();
    let headers = res.headers();
    let dev_browser = headers.get("Clerk-Db-Jwt").filter(|v| !v.is_empty());
    let retry_after = headers.get("Retry-After").and_then(|v| v.trim().parse().ok());
    let body = if status == 204 { String::new() } else { res.text().await.map_err(net)? };
    Ok(Answer { status, body, dev_browser, retry_after })
}

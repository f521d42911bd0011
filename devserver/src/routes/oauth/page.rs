//! The HTML the mock provider and the callback show: the consent screen, error pages, and the
//! providers' monogram logos. Every value is escaped; every page carries a strict CSP (no
//! scripts at all, a per-response nonce for its one style block, forms only to this server and
//! to the page the round trip returns to), may not be framed, is never cached, and its URL (which
//! holds the state) is never sent as a referrer to another origin.

use crate::auth::identity::Identity;
use crate::auth::oauth::flow::Provider;
use crate::config::KNOWN_PROVIDERS;
use crate::error::AppError;
use crate::ids;
use axum::http::header::{ACCEPT, CACHE_CONTROL, CONTENT_TYPE, LOCATION, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

const CSP: HeaderName = HeaderName::from_static("content-security-policy");

/// Escapes text for HTML content and double-quoted attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether the caller is a browser that wants a page rather than Clerk's JSON error body.
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers.get(ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

const STYLE: &str = "\
body{margin:0;min-height:100vh;display:grid;place-items:center;background:#f4f5f8;font:15px/1.45 system-ui,sans-serif;color:#1f2330}\
main{background:#fff;border-radius:12px;box-shadow:0 2px 14px rgba(0,0,0,.08);padding:28px 32px;width:min(440px,92vw)}\
header{display:flex;gap:12px;align-items:center}h1{font-size:20px;margin:0}h2{font-size:15px;margin:18px 0 6px}\
.mock{color:#6b7080;font-size:13px;margin:2px 0 0}ul{margin:0;padding-left:20px}code{font-size:13px;word-break:break-all}\
fieldset{border:1px solid #e2e4ea;border-radius:8px;margin:16px 0;padding:10px 14px}legend{font-weight:600;padding:0 4px}\
label{display:block;margin:8px 0;font-size:13px;color:#444a5a}input{display:block;box-sizing:border-box;width:100%;padding:7px 9px;margin-top:3px;border:1px solid #cfd3dc;border-radius:6px;font:inherit}\
.buttons{display:flex;gap:10px;justify-content:flex-end}button{font:inherit;padding:8px 18px;border-radius:6px;border:1px solid #cfd3dc;background:#fff;cursor:pointer}\
#approve{background:#3a54d6;border-color:#3a54d6;color:#fff}.error{color:#b42318;font-weight:600}.code{font-family:monospace;color:#6b7080}";

/// A complete page with its security headers. `form_action` lists the origins forms may
/// submit to besides this server (Chromium also checks the redirects that follow a submission).
fn page(status: StatusCode, title: &str, body: &str, form_action: Option<&str>) -> Response {
    let nonce = ids::secret(24);
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style nonce=\"{nonce}\">{STYLE}</style></head><body><main>{body}</main></body></html>",
        escape(title)
    );
    let forms = match form_action {
        Some(origin) => format!("'self' {origin}"),
        None => "'none'".into(),
    };
    let csp = format!("default-src 'none'; style-src 'nonce-{nonce}'; img-src 'self'; form-action {forms}; frame-ancestors 'none'; base-uri 'none'");
    let mut res = (status, html).into_response();
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Not `no-referrer`: Chromium then sends `Origin: null` with the consent form's POST, which
    // the Frontend API's origin check refuses. `same-origin` keeps the page's URL (with its
    // state) from ever leaving this server.
    h.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(CSP, v);
    }
    res
}

/// An error: a page for browsers, Clerk's JSON error body for everyone else.
pub fn error_response(e: AppError, html: bool) -> Response {
    if !html {
        return e.into_response();
    }
    let (code, message, long) = match e.errors.first() {
        Some(x) => (x.code, x.message.as_str(), x.long_message.as_str()),
        None => ("", "", ""),
    };
    let body = format!(
        "<h1>{}</h1><p class=\"error\" id=\"error-message\">{}</p><p class=\"code\" id=\"error-code\">{}</p>\
         <p>Nothing was connected or signed in. Go back to the application and start again.</p>",
        escape(message),
        escape(long),
        escape(code)
    );
    page(e.status, "OAuth error", &body, None)
}

/// `303 See Other` to `location`, never cached, never referred.
pub fn see_other(location: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(LOCATION, v);
    }
    res.headers_mut().insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res.headers_mut().insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    res
}

/// What the consent screen shows.
pub struct Consent<'a> {
    pub provider: &'a Provider,
    pub application: &'a str,
    /// "connect" (to a signed-in user) or a sign-in / sign-up.
    pub purpose: &'a str,
    pub state: &'a str,
    pub identity: &'a Identity,
    /// Shown above the buttons after a refused submission.
    pub error: Option<&'a str>,
    /// The origin the round trip returns to (allowed in `form-action`).
    pub return_origin: &'a str,
}

/// The consent screen: the provider, who asks, the scopes, the identity (editable), Approve / Deny.
pub fn consent(status: StatusCode, c: &Consent) -> Response {
    let p = c.provider;
    let name = escape(p.name);
    let app = escape(c.application);
    let asks = if c.purpose == "connect" {
        format!("<strong>{app}</strong> wants to connect your {name} account.")
    } else {
        format!("Sign in to <strong>{app}</strong> with your {name} account.")
    };
    let scopes: String = c.identity.scopes.split(' ').filter(|s| !s.is_empty()).map(|s| format!("<li><code>{}</code></li>", escape(s))).collect();
    let field = |id: &str, label: &str, value: &str, kind: &str, required: bool| {
        format!(
            "<label for=\"{id}\">{label}<input id=\"{id}\" name=\"{id}\" type=\"{kind}\" value=\"{}\" autocomplete=\"off\"{}></label>",
            escape(value),
            if required { " required" } else { "" }
        )
    };
    let i = c.identity;
    let error = c.error.map(|e| format!("<p class=\"error\" role=\"alert\" id=\"consent-error\">{}</p>", escape(e))).unwrap_or_default();
    let body = format!(
        "<header><img src=\"/dev/oauth/logo/{key}.svg\" alt=\"\" width=\"40\" height=\"40\"><div><h1>{name}</h1>\
         <p class=\"mock\">Mock OAuth provider of the clerk-wasm dev server</p></div></header>\
         <p id=\"asks\">{asks}</p><h2>It will be able to</h2><ul id=\"scopes\">{scopes}</ul>\
         <form method=\"post\" action=\"/dev/oauth/{key}/authorize\">\
         <input type=\"hidden\" name=\"state\" value=\"{state}\">\
         <fieldset><legend>Your {name} account</legend>{email}{first}{last}{uid}</fieldset>{error}\
         <div class=\"buttons\"><button id=\"approve\" type=\"submit\" name=\"decision\" value=\"approve\">Approve</button>\
         <button id=\"deny\" type=\"submit\" name=\"decision\" value=\"deny\" formnovalidate>Deny</button></div></form>",
        key = escape(p.key),
        state = escape(c.state),
        email = field("email_address", "Email address", &i.email_address, "email", true),
        first = field("first_name", "First name", i.first_name.as_deref().unwrap_or(""), "text", false),
        last = field("last_name", "Last name", i.last_name.as_deref().unwrap_or(""), "text", false),
        uid = field("provider_user_id", &format!("{} user id", p.name), &i.provider_user_id, "text", true),
    );
    page(status, &format!("{} — authorize {}", p.name, c.application), &body, Some(c.return_origin))
}

/// A provider's logo: a round monogram in a colour of its brand.
pub fn logo(file: &str) -> Response {
    let found = file.strip_suffix(".svg").and_then(|key| KNOWN_PROVIDERS.iter().find(|(k, _)| *k == key));
    let Some((key, name)) = found else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    let color = match *key {
        "google" => "#4285F4",
        "github" => "#24292F",
        "notion" => "#191919",
        "facebook" => "#1877F2",
        "discord" => "#5865F2",
        "gitlab" => "#FC6D26",
        "microsoft" => "#737373",
        "apple" => "#000000",
        "linkedin_oidc" => "#0A66C2",
        "slack" => "#4A154B",
        _ => "#555555",
    };
    let letter: String = name.chars().take(1).collect();
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"64\" viewBox=\"0 0 64 64\"><title>{name}</title>\
         <circle cx=\"32\" cy=\"32\" r=\"32\" fill=\"{color}\"/><text x=\"32\" y=\"34\" font-family=\"system-ui,sans-serif\" \
         font-size=\"34\" font-weight=\"700\" fill=\"#fff\" text-anchor=\"middle\" dominant-baseline=\"middle\">{letter}</text></svg>"
    );
    let mut res = svg.into_response();
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    h.insert(CACHE_CONTROL, HeaderValue::from_static("public, max-age=86400"));
    h.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(CSP, HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'"));
    res
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
    }
}

//! `latest_activity` of a session (ClerkJS's `SessionActivity`): the browser, device and address
//! it was created from, read from its user agent, as `GET /v1/me/sessions/active` shows it; and
//! the Backend API's session, which carries it too.

use super::Render;
use crate::db::clients::SessionRow;
use crate::error::AppError;
use rusqlite::Transaction;
use serde_json::{json, Map, Value};

impl Render<'_> {
    /// A session as the active-sessions list shows it (Clerk's `Client.ActiveSessions`, as the
    /// captured answer in `fixtures/clerk-ios-2024-Sessions.json`): with `latest_activity`, and
    /// `user`, `public_user_data` and `last_active_token` null (a device list, not tokens).
    pub fn active_session(&self, tx: &Transaction, s: &SessionRow) -> Result<Value, AppError> {
        let mut json = self.session(tx, s)?;
        if let Some(m) = json.as_object_mut() {
            for key in ["user", "public_user_data", "last_active_token"] {
                m.insert(key.into(), Value::Null);
            }
            m.insert("latest_activity".into(), activity(s));
        }
        Ok(json)
    }

    /// A session as the Backend API shows it (its `Session` schema): no user, no token; the
    /// status and `expire_at` as of now (inactivity included), with `latest_activity`.
    pub fn session_bapi(&self, s: &SessionRow) -> Value {
        let inactivity = self.st.inactivity_ms();
        json!({
            "object": "session",
            "id": s.id,
            "client_id": s.client_id,
            "user_id": s.user_id,
            "status": s.status_at(self.now, inactivity),
            "last_active_at": s.last_active_at,
            "last_active_organization_id": s.last_active_organization_id,
            "actor": Value::Null,
            "latest_activity": activity(s),
            "expire_at": s.expires_at(inactivity),
            "abandon_at": s.abandon_at,
            "created_at": s.created_at,
            "updated_at": s.updated_at,
            "tasks": Value::Null,
        })
    }
}

/// `latest_activity` of a session, from the user agent and address it was created with. As in
/// Clerk's answers, what is not known is left out (`city` and `country` always: no geolocation
/// here); `id`, `object` and `is_mobile` are always there.
fn activity(s: &SessionRow) -> Value {
    let ua = s.user_agent.as_deref().unwrap_or("");
    let (device, is_mobile) = device_of(ua);
    let (browser, version) = browser_of(ua);
    let mut m = Map::new();
    m.insert("object".into(), json!("session_activity"));
    m.insert("id".into(), json!(format!("sess_activity_{}", s.id.trim_start_matches("sess_"))));
    m.insert("is_mobile".into(), json!(is_mobile));
    let known = [
        ("device_type", device.map(str::to_string)),
        ("browser_name", browser.map(str::to_string)),
        ("browser_version", version),
        ("ip_address", s.ip_address.clone()),
    ];
    for (key, value) in known {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            m.insert(key.into(), json!(v));
        }
    }
    Value::Object(m)
}

/// The browser and its version as the user agent gives it (`Chrome/142.0.0.0` → `142.0.0.0`;
/// Safari's comes from `Version/17.3`, as in Clerk's captured answer). Order matters: Edge and
/// Opera also say "Chrome", Chrome also says "Safari".
fn browser_of(ua: &str) -> (Option<&'static str>, Option<String>) {
    const BROWSERS: [(&str, &str); 10] = [
        ("Edg/", "Edge"),
        ("EdgA/", "Edge"),
        ("EdgiOS/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("HeadlessChrome/", "Chrome"),
        ("CriOS/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Chrome/", "Chrome"),
    ];
    for (token, name) in BROWSERS {
        if let Some(at) = ua.find(token) {
            return (Some(name), version(&ua[at + token.len()..]));
        }
    }
    if ua.contains("Safari/") || ua.contains("AppleWebKit/") && (ua.contains("iPhone") || ua.contains("iPad")) {
        let v = ua.find("Version/").and_then(|at| version(&ua[at + "Version/".len()..]));
        return (Some("Safari"), v);
    }
    (None, None)
}

/// The dotted version at the start of `rest` (`120.0.6099.71 Safari/…` → `120.0.6099.71`).
fn version(rest: &str) -> Option<String> {
    let v: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
    let v = v.trim_end_matches('.');
    (!v.is_empty()).then(|| v.to_string())
}

/// The device as Clerk names it (the handset, or the desktop OS: "Macintosh" in Clerk's captured
/// answer) and whether it is a mobile one.
fn device_of(ua: &str) -> (Option<&'static str>, bool) {
    if ua.contains("iPhone") {
        (Some("iPhone"), true)
    } else if ua.contains("iPad") {
        (Some("iPad"), true)
    } else if ua.contains("Android") {
        // Android tablets leave out "Mobile".
        (Some("Android"), ua.contains("Mobile"))
    } else if ua.contains("Macintosh") || ua.contains("Mac OS X") {
        (Some("Macintosh"), false)
    } else if ua.contains("Windows") {
        (Some("Windows"), false)
    } else if ua.contains("CrOS") {
        (Some("Chrome OS"), false)
    } else if ua.contains("Linux") || ua.contains("X11") {
        (Some("Linux"), false)
    } else {
        (None, ua.contains("Mobile"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::status::SessionStatus;

    #[test]
    fn user_agents_name_browsers_and_devices() {
        let cases = [
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/142.0.0.0 Safari/537.36",
                Some("Chrome"),
                Some("142.0.0.0"),
                Some("Linux"),
                false,
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
                Some("Safari"),
                Some("17.3"),
                Some("Macintosh"),
                false,
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
                Some("Safari"),
                Some("17.0"),
                Some("iPhone"),
                true,
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91",
                Some("Edge"),
                Some("120.0.2210.91"),
                Some("Windows"),
                false,
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
                Some("Firefox"),
                Some("121.0"),
                Some("Windows"),
                false,
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36",
                Some("Chrome"),
                Some("120.0.6099.144"),
                Some("Android"),
                true,
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/119.0.6045.105 Chrome/119.0.6045.105 Safari/537.36",
                Some("Chromium"),
                Some("119.0.6045.105"),
                Some("Linux"),
                false,
            ),
            (
                "Mozilla/5.0 (iPad; CPU OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
                Some("Chrome"),
                Some("120.0.6099.119"),
                Some("iPad"),
                true,
            ),
            ("curl/8.0", None, None, None, false),
        ];
        for (ua, browser, version, device, mobile) in cases {
            let (b, v) = browser_of(ua);
            assert_eq!((b, v.as_deref()), (browser, version), "{ua}");
            assert_eq!(device_of(ua), (device, mobile), "{ua}");
        }
    }

    #[test]
    fn activity_leaves_out_what_is_unknown() {
        let s = SessionRow {
            id: "sess_abc".into(),
            client_id: "client_1".into(),
            user_id: "user_1".into(),
            status: SessionStatus::Active,
            expire_at: 0,
            abandon_at: 0,
            last_active_at: 0,
            last_active_organization_id: None,
            first_factor_at: None,
            second_factor_at: None,
            user_agent: Some("curl/8.0".into()),
            ip_address: Some("127.0.0.1".into()),
            created_at: 0,
            updated_at: 0,
        };
        assert_eq!(activity(&s), json!({"object": "session_activity", "id": "sess_activity_abc", "is_mobile": false, "ip_address": "127.0.0.1"}));
    }
}

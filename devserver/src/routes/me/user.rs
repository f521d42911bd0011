//! The signed-in user itself (PROTOCOL.md §4; ClerkJS's `User`):
//!
//! - `GET /v1/me`; `PATCH /v1/me` (`first_name`, `last_name`, `username`, and the primary
//!   email address, phone number and Web3 wallet, which must be verified identifications of the
//!   user); `PATCH /v1/me/metadata` (`unsafe_metadata`, deep-merged, `null` deletes a key).
//!   `public_metadata` and `private_metadata` cannot be written from the browser.
//! - `POST /v1/me/change_password` (`current_password`, `new_password`,
//!   `sign_out_of_other_sessions`).
//! - `GET /v1/me/sessions/active` — the user's active sessions on every client, each with its
//!   `latest_activity` (browser, device, IP) — and `GET /v1/me/sessions` (all of them); both
//!   bare arrays, as Clerk answers them. `POST /v1/me/sessions/{id}/revoke`.
//! - `DELETE /v1/me`, refused (`user_delete_self_not_enabled`) unless the instance sets
//!   `delete_self`.
//!
//! Every handler runs in one transaction (`Fapi::signed_in`): a refusal changes nothing.

use crate::accounts;
use crate::db::clients::{self, SessionRow};
use crate::db::users::{self, Kind, UserRow};
use crate::error::AppError;
use crate::fapi::{Fapi, Reply};
use crate::form::Params;
use crate::password;
use crate::state::AppState;
use crate::wire::Render;
use axum::extract::{Path, RawQuery, State};
use axum::routing::{get, patch, post};
use axum::Router;
use rusqlite::Transaction;
use serde_json::{json, Map, Value};

/// Clerk's limit on first and last names.
const MAX_NAME_CHARS: usize = 256;

/// The API version from which `PATCH /v1/me` no longer takes `unsafe_metadata` ([SPEC]
/// 2026-05-12, `/v1/me` patch: "use `PATCH /v1/me/metadata`").
const METADATA_ROUTE_VERSION: &str = "2026-05-12";

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/me", get(me_get).patch(me_update).delete(me_delete))
        .route("/v1/me/metadata", patch(metadata_update))
        .route("/v1/me/change_password", post(password_change))
        .route("/v1/me/sessions", get(sessions_list))
        .route("/v1/me/sessions/active", get(sessions_active))
        .route("/v1/me/sessions/{id}/revoke", post(session_revoke))
}

/// Answers `{response: user, client}`.
fn reply_user(tx: &Transaction, st: &AppState, ctx: &Fapi, client_id: &str, user_id: &str) -> Result<Reply, AppError> {
    let r = Render::new(st, ctx.origin.as_deref());
    let user = users::must_get(tx, user_id)?;
    Ok(Reply::envelope(r.user_fapi(tx, &user)?, Some(r.client_by_id(tx, client_id)?)))
}

async fn me_get(ctx: Fapi, State(st): State<AppState>) -> Result<Reply, AppError> {
    ctx.signed_in(&st, |tx, st, ctx, client, session| reply_user(tx, st, ctx, &client.id, &session.user_id)).await
}

/// A name: `None` when absent; trimmed, at most 256 characters; empty clears it (unless the
/// instance requires names). An instance without names does not know the parameter.
fn name_param(st: &AppState, params: &Params, key: &str) -> Result<Option<Option<String>>, AppError> {
    let Some(raw) = params.get(key) else { return Ok(None) };
    if st.config.names == "off" {
        return Err(AppError::param_unknown(key));
    }
    let v = raw.trim();
    if v.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::max_length_exceeded(key, MAX_NAME_CHARS));
    }
    if v.is_empty() && st.config.names == "required" {
        return Err(AppError::param_nil(key));
    }
    Ok(Some((!v.is_empty()).then(|| v.to_string())))
}

/// Whether this request's API version still lets `PATCH /v1/me` set `unsafe_metadata` (no
/// version, or one older than 2026-05-12; versions are `YYYY-MM-DD`, checked by `Fapi`, so
/// they order as strings).
fn update_takes_metadata(query: Option<&str>) -> bool {
    let params = query.and_then(|q| Params::parse(q.as_bytes()).ok()).unwrap_or_default();
    params.optional("__clerk_api_version").is_none_or(|v| v < METADATA_ROUTE_VERSION)
}

/// A JSON-object parameter that must be present: missing or empty → `form_param_missing` /
/// `form_param_nil`; not a JSON object → `form_param_format_invalid`.
fn json_object_param(params: &Params, key: &str) -> Result<Value, AppError> {
    params.required(key)?;
    params.json_object(key)?.ok_or_else(|| AppError::param_missing(key))
}

async fn me_update(ctx: Fapi, State(st): State<AppState>, RawQuery(query): RawQuery, params: Params) -> Result<Reply, AppError> {
    if params.has("password") {
        return Err(AppError::password_update_deprecated());
    }
    // Read-only from the browser (the Backend API writes them).
    params.refuse(&["public_metadata", "private_metadata", "external_id"])?;
    // Older API versions replaced the unsafe metadata here (no merge: ClerkJS's docs tell callers
    // to spread the old value in); from 2026-05-12 only `PATCH /v1/me/metadata` writes it.
    let unsafe_metadata = match params.has("unsafe_metadata") {
        false => None,
        true if update_takes_metadata(query.as_deref()) => Some(json_object_param(&params, "unsafe_metadata")?),
        true => return Err(AppError::param_unknown("unsafe_metadata")),
    };
    let first = name_param(&st, &params, "first_name")?;
    let last = name_param(&st, &params, "last_name")?;
    let username = match params.get("username") {
        None => None,
        Some(_) if !st.config.identifiers.username => return Err(AppError::param_unknown("username")),
        Some(raw) if raw.trim().is_empty() => Some(None),
        Some(raw) => Some(Some(accounts::username_param(raw)?)),
    };
    let primaries: Vec<(Kind, &'static str, String)> = [
        (Kind::EmailAddress, "primary_email_address_id"),
        (Kind::PhoneNumber, "primary_phone_number_id"),
        (Kind::Web3Wallet, "primary_web3_wallet_id"),
    ]
    .into_iter()
    .filter_map(|(k, p)| params.optional(p).map(|v| (k, p, v.trim().to_string())))
    .collect();
    ctx.signed_in(&st, move |tx, st, ctx, client, session| {
        let mut user = users::must_get(tx, &session.user_id)?;
        if let Some(v) = first {
            user.first_name = v;
        }
        if let Some(v) = last {
            user.last_name = v;
        }
        if let Some(v) = username {
            match &v {
                Some(name) if users::by_username(tx, name)?.is_some_and(|other| other.id != user.id) => {
                    return Err(AppError::identifier_exists("username"));
                }
                None if user.username.is_some() && !has_verified_identification(tx, &user)? => {
                    // The username is the only way this user signs in.
                    return Err(AppError::last_identification());
                }
                _ => {}
            }
            user.username = v;
        }
        for (kind, param, id) in &primaries {
            // Unknown, another user's, or of another kind: "not found" (never revealed).
            let ident = users::get_identification(tx, id)?
                .filter(|i| i.kind == *kind && i.user_id == user.id)
                .ok_or_else(|| AppError::form_resource_not_found(param))?;
            if !accounts::is_verified(tx, &ident)? {
                return Err(AppError::verification_needed(param));
            }
            let slot = match kind {
                Kind::EmailAddress => &mut user.primary_email_address_id,
                Kind::PhoneNumber => &mut user.primary_phone_number_id,
                Kind::Web3Wallet => &mut user.primary_web3_wallet_id,
            };
            *slot = Some(ident.id);
        }
        if let Some(m) = unsafe_metadata {
            user.unsafe_metadata = m;
        }
        user.updated_at = st.now();
        users::update(tx, &user)?;
        reply_user(tx, st, ctx, &client.id, &user.id)
    })
    .await
}

/// Whether the user has some verified identification (email, phone, wallet) to sign in with.
fn has_verified_identification(tx: &Transaction, user: &UserRow) -> Result<bool, AppError> {
    for i in users::identifications(tx, &user.id)? {
        if accounts::is_verified(tx, &i)? {
            return Ok(true);
        }
    }
    Ok(false)
}

async fn metadata_update(ctx: Fapi, State(st): State<AppState>, params: Params) -> Result<Reply, AppError> {
    params.refuse(&["public_metadata", "private_metadata"])?;
    let patch = json_object_param(&params, "unsafe_metadata")?;
    ctx.signed_in(&st, move |tx, st, ctx, client, session| {
        let mut user = users::must_get(tx, &session.user_id)?;
        if !user.unsafe_metadata.is_object() {
            user.unsafe_metadata = json!({});
        }
        accounts::merge_metadata(&mut user.unsafe_metadata, &patch);
        user.updated_at = st.now();
        users::update(tx, &user)?;
        reply_user(tx, st, ctx, &client.id, &user.id)
    })
    .await
}

/// Sets or changes the password. A user who has one must give it as `current_password`; one
/// who has none (signed up with a code or OAuth) sets it without (ClerkJS's "Set password").
///
/// A wrong `current_password` does not count toward the lockout (`accounts::check_sign_in_password`):
/// Clerk's lockout counts failed *sign-in* attempts, and the caller here is already signed in —
/// so, like every refusal of this server, it changes nothing. The code is `form_password_incorrect`
/// at `current_password`. (ClerkJS's localization also has `form_password_validation_failed`,
/// "Incorrect Password", which real FAPI may use here; the SDK's tests expect the former.)
async fn password_change(ctx: Fapi, State(st): State<AppState>, params: Params) -> Result<Reply, AppError> {
    let new = params.required("new_password")?.to_string();
    let current = params.optional("current_password").map(str::to_string);
    let sign_out_others = params.bool("sign_out_of_other_sessions")?.unwrap_or(false);
    accounts::check_password(&st, &new).map_err(|e| e.param("new_password"))?;
    ctx.signed_in(&st, move |tx, st, ctx, client, session| {
        let now = st.now();
        let mut user = users::must_get(tx, &session.user_id)?;
        if let Some(stored) = &user.password_hash {
            let Some(current) = &current else { return Err(AppError::param_missing("current_password")) };
            if !password::verify(current, stored) {
                return Err(AppError::password_incorrect().param("current_password"));
            }
            if password::verify(&new, stored) {
                return Err(AppError::new_password_matches_current());
            }
        }
        user.password_hash = Some(password::hash(&new).map_err(AppError::internal)?);
        user.updated_at = now;
        users::update(tx, &user)?;
        if sign_out_others {
            for s in clients::sessions_of_user(tx, &user.id)? {
                if s.id != session.id && s.is_active_at(now) {
                    revoke(tx, s, now)?;
                }
            }
        }
        reply_user(tx, st, ctx, &client.id, &user.id)
    })
    .await
}

/// Revokes a session (on any client) and unsets it as its client's last active one.
fn revoke(tx: &Transaction, mut s: SessionRow, now: i64) -> Result<SessionRow, AppError> {
    s.status = "revoked".into();
    s.updated_at = now;
    clients::update_session(tx, &s)?;
    if let Some(mut c) = clients::get_client(tx, &s.client_id)? {
        if c.last_active_session_id.as_deref() == Some(s.id.as_str()) {
            c.last_active_session_id = None;
            c.updated_at = now;
            clients::update_client(tx, &c)?;
        }
    }
    Ok(s)
}

/// `GET /v1/me/sessions/active`: a bare array (Clerk's `Client.ActiveSessions`), as the captured
/// answer in `fixtures/clerk-ios-2024-Sessions.json`: sessions with `latest_activity`, and
/// `user`, `public_user_data` and `last_active_token` null (a device list, not tokens).
async fn sessions_active(ctx: Fapi, State(st): State<AppState>) -> Result<Reply, AppError> {
    ctx.signed_in(&st, move |tx, st, ctx, _, session| {
        let now = st.now();
        let r = Render::new(st, ctx.origin.as_deref());
        let mut list = Vec::new();
        for s in clients::sessions_of_user(tx, &session.user_id)?.into_iter().filter(|s| s.is_active_at(now)) {
            let mut json = r.session(tx, &s)?;
            if let Some(m) = json.as_object_mut() {
                for key in ["user", "public_user_data", "last_active_token"] {
                    m.insert(key.into(), Value::Null);
                }
                m.insert("latest_activity".into(), activity(&s));
            }
            list.push(json);
        }
        Ok(Reply::bare(Value::Array(list)))
    })
    .await
}

/// `GET /v1/me/sessions`: every session of the user, whatever its status, on every client — a
/// bare array of sessions (Clerk's `Server.Sessions`). Only the caller's own client's sessions
/// carry a token; another device's token never reaches this one.
async fn sessions_list(ctx: Fapi, State(st): State<AppState>) -> Result<Reply, AppError> {
    ctx.signed_in(&st, move |tx, st, ctx, client, session| {
        let r = Render::new(st, ctx.origin.as_deref());
        let mut list = Vec::new();
        for s in clients::sessions_of_user(tx, &session.user_id)? {
            let mut json = r.session(tx, &s)?;
            if s.client_id != client.id {
                if let Some(m) = json.as_object_mut() {
                    m.insert("last_active_token".into(), Value::Null);
                }
            }
            list.push(json);
        }
        Ok(Reply::bare(Value::Array(list)))
    })
    .await
}

/// `POST /v1/me/sessions/{id}/revoke`: ends one of the user's sessions (on any device). Another
/// user's session, or an unknown id, is not found; an already finished one is answered as is.
async fn session_revoke(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    ctx.signed_in(&st, move |tx, st, ctx, client, session| {
        let now = st.now();
        let mut target =
            clients::get_session(tx, &id)?.filter(|s| s.user_id == session.user_id).ok_or_else(|| AppError::not_found("session", &id))?;
        if target.is_active_at(now) {
            target = revoke(tx, target, now)?;
        }
        let r = Render::new(st, ctx.origin.as_deref());
        Ok(Reply::envelope(r.session(tx, &target)?, Some(r.client_by_id(tx, &client.id)?)))
    })
    .await
}

/// `DELETE /v1/me`: deletes the user as the Backend API does (identifications, sessions and
/// everything else of theirs go with them) and answers the deleted object with the client.
async fn me_delete(ctx: Fapi, State(st): State<AppState>) -> Result<Reply, AppError> {
    ctx.signed_in(&st, move |tx, st, ctx, client, session| {
        if !st.config.delete_self {
            return Err(AppError::delete_self_not_enabled());
        }
        let user_id = session.user_id.clone();
        tx.execute(
            "UPDATE clients SET last_active_session_id = NULL WHERE last_active_session_id IN (SELECT id FROM sessions WHERE user_id = ?1)",
            [&user_id],
        )?;
        users::delete(tx, &user_id)?;
        let r = Render::new(st, ctx.origin.as_deref());
        Ok(Reply::envelope(json!({"object": "user", "id": user_id, "deleted": true}), Some(r.client_by_id(tx, &client.id)?)))
    })
    .await
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
            status: "active".into(),
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

    #[test]
    fn metadata_on_update_depends_on_the_api_version() {
        assert!(update_takes_metadata(None));
        assert!(update_takes_metadata(Some("_method=PATCH")));
        assert!(update_takes_metadata(Some("__clerk_api_version=2025-04-10&_method=PATCH")));
        assert!(!update_takes_metadata(Some("__clerk_api_version=2026-05-12")));
        assert!(!update_takes_metadata(Some("__clerk_api_version=2026-08-20&_clerk_js_version=6.40.0")));
    }
}

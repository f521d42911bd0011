//! The signed-in user itself (PROTOCOL.md §4; ClerkJS's `User`):
//!
//! - `GET /v1/me`; `PATCH /v1/me` (`first_name`, `last_name`, `username`, and the primary
//!   email address, phone number and Web3 wallet, which must be verified identifications of the
//!   user); `PATCH /v1/me/metadata` (`unsafe_metadata`, deep-merged, `null` deletes a key).
//!   `public_metadata` and `private_metadata` cannot be written from the browser.
//! - `POST /v1/me/change_password` (`current_password`, `new_password`,
//!   `sign_out_of_other_sessions`).
//! - `GET /v1/me/sessions/active` (a bare array, as Clerk answers it) — the user's active
//!   sessions on every client, each with its `latest_activity` (browser, OS, IP);
//!   `POST /v1/me/sessions/{id}/revoke`.
//! - `DELETE /v1/me`, refused (`user_delete_self_not_enabled`) unless the instance sets
//!   `delete_self`.

use crate::accounts;
use crate::db::clients::{self, SessionRow};
use crate::db::users::{self, Kind, UserRow};
use crate::error::AppError;
use crate::fapi::{Fapi, Reply};
use crate::form::Params;
use crate::password;
use crate::state::AppState;
use crate::wire::Render;
use axum::extract::{Path, State};
use axum::routing::{get, patch, post};
use axum::Router;
use rusqlite::Transaction;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/me", get(me_get).patch(me_update).delete(me_delete))
        .route("/v1/me/metadata", patch(metadata_update))
        .route("/v1/me/change_password", post(password_change))
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

/// A name: trimmed, at most 256 characters; empty clears it.
fn name_param(params: &Params, key: &str) -> Result<Option<Option<String>>, AppError> {
    let Some(raw) = params.get(key) else { return Ok(None) };
    let v = raw.trim();
    if v.chars().count() > 256 {
        return Err(AppError::param_format_invalid(key, format!("{key} must be at most 256 characters long.")));
    }
    Ok(Some((!v.is_empty()).then(|| v.to_string())))
}

async fn me_update(ctx: Fapi, State(st): State<AppState>, params: Params) -> Result<Reply, AppError> {
    // Read-only from the browser; and since 2026-05-12 metadata has its own route.
    params.refuse(&["public_metadata", "private_metadata", "unsafe_metadata", "password", "external_id"])?;
    let first = name_param(&params, "first_name")?;
    let last = name_param(&params, "last_name")?;
    let username = match params.get("username") {
        None => None,
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
        let now = st.now();
        let mut user = users::must_get(tx, &session.user_id)?;
        if let Some(v) = first {
            user.first_name = v;
        }
        if let Some(v) = last {
            user.last_name = v;
        }
        if let Some(v) = username {
            if let Some(name) = &v {
                if users::by_username(tx, name)?.is_some_and(|other| other.id != user.id) {
                    return Err(AppError::identifier_exists("username"));
                }
            } else if !has_other_way_in(tx, &user, None)? {
                return Err(AppError::last_identification());
            }
            user.username = v;
        }
        for (kind, param, id) in &primaries {
            let ident = users::get_identification(tx, id)?
                .filter(|i| i.kind == *kind && i.user_id == user.id)
                .ok_or_else(|| AppError::param_value_invalid(param, format!("{id} is not one of your identifications")))?;
            if !accounts::is_verified(tx, &ident)? {
                return Err(AppError::param_value_invalid(param, format!("{param} must name a verified identification.")));
            }
            let slot = match kind {
                Kind::EmailAddress => &mut user.primary_email_address_id,
                Kind::PhoneNumber => &mut user.primary_phone_number_id,
                Kind::Web3Wallet => &mut user.primary_web3_wallet_id,
            };
            *slot = Some(ident.id);
        }
        user.updated_at = now;
        users::update(tx, &user)?;
        reply_user(tx, st, ctx, &client.id, &user.id)
    })
    .await
}

/// Whether the user could still sign in without `except` (an identification id) and without a
/// username: some other verified identification.
fn has_other_way_in(tx: &Transaction, user: &UserRow, except: Option<&str>) -> Result<bool, AppError> {
    for i in users::identifications(tx, &user.id)? {
        if Some(i.id.as_str()) != except && accounts::is_verified(tx, &i)? {
            return Ok(true);
        }
    }
    Ok(false)
}

async fn metadata_update(ctx: Fapi, State(st): State<AppState>, params: Params) -> Result<Reply, AppError> {
    params.refuse(&["public_metadata", "private_metadata"])?;
    let patch = params.json_object("unsafe_metadata")?.ok_or_else(|| AppError::param_missing("unsafe_metadata"))?;
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
                return Err(AppError::new(
                    422,
                    "form_new_password_matches_current",
                    "is invalid",
                    "New password cannot be the same as the current password.",
                )
                .param("new_password"));
            }
        }
        user.password_hash = Some(password::hash(&new).map_err(AppError::internal)?);
        user.updated_at = now;
        users::update(tx, &user)?;
        if sign_out_others {
            for mut s in clients::sessions_of_user(tx, &user.id)? {
                if s.id != session.id && s.is_active_at(now) {
                    s.status = "revoked".into();
                    s.updated_at = now;
                    clients::update_session(tx, &s)?;
                }
            }
        }
        reply_user(tx, st, ctx, &client.id, &user.id)
    })
    .await
}

async fn sessions_active(ctx: Fapi, State(st): State<AppState>) -> Result<Reply, AppError> {
    ctx.signed_in(&st, move |tx, st, ctx, _, session| {
        let now = st.now();
        let r = Render::new(st, ctx.origin.as_deref());
        let mut list = Vec::new();
        for s in clients::sessions_of_user(tx, &session.user_id)?.into_iter().filter(|s| s.is_active_at(now)) {
            let mut json = r.session(tx, &s)?;
            if let Some(m) = json.as_object_mut() {
                // The list shows devices, not tokens or the whole user again.
                m.remove("last_active_token");
                m.remove("user");
                m.insert("latest_activity".into(), activity(&s));
            }
            list.push(json);
        }
        Ok(Reply::bare(Value::Array(list)))
    })
    .await
}

/// `POST /v1/me/sessions/{id}/revoke`: ends one of the user's sessions (on any device).
async fn session_revoke(ctx: Fapi, State(st): State<AppState>, Path(id): Path<String>) -> Result<Reply, AppError> {
    ctx.signed_in(&st, move |tx, st, ctx, client, session| {
        let now = st.now();
        let mut target =
            clients::get_session(tx, &id)?.filter(|s| s.user_id == session.user_id).ok_or_else(|| AppError::not_found("session", &id))?;
        if target.is_active_at(now) {
            target.status = "revoked".into();
            target.updated_at = now;
            clients::update_session(tx, &target)?;
        }
        let r = Render::new(st, ctx.origin.as_deref());
        Ok(Reply::envelope(r.session(tx, &target)?, Some(r.client(tx, &client)?)))
    })
    .await
}

async fn me_delete(ctx: Fapi, State(st): State<AppState>) -> Result<Reply, AppError> {
    ctx.signed_in(&st, move |tx, st, ctx, client, session| {
        if !st.config.delete_self {
            return Err(AppError::new(
                403,
                "user_delete_self_not_enabled",
                "delete self not enabled",
                "Self deletion is not enabled for this user",
            ));
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

/// `latest_activity` of a session, from the user agent and address it was created with.
fn activity(s: &SessionRow) -> Value {
    let ua = s.user_agent.as_deref().unwrap_or("");
    let device = device_of(ua);
    let (browser, version) = browser_of(ua);
    json!({
        "object": "session_activity",
        "id": format!("sess_activity_{}", s.id.trim_start_matches("sess_")),
        "browser_name": browser,
        "browser_version": version,
        "device_type": device.0,
        "is_mobile": device.1,
        "ip_address": s.ip_address,
        "city": Value::Null,
        "country": Value::Null,
    })
}

/// The browser and its major version, from a user agent. Order matters: Edge and Opera say
/// "Chrome", Chrome says "Safari".
fn browser_of(ua: &str) -> (Option<&'static str>, Option<String>) {
    const BROWSERS: [(&str, &str); 7] = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("FxiOS/", "Firefox"),
        ("HeadlessChrome/", "Chrome"),
        ("Chrome/", "Chrome"),
        ("CriOS/", "Chrome"),
    ];
    for (token, name) in BROWSERS {
        if let Some(at) = ua.find(token) {
            return (Some(name), Some(major(&ua[at + token.len()..])));
        }
    }
    if ua.contains("Safari/") {
        let version = ua.find("Version/").map(|at| major(&ua[at + "Version/".len()..]));
        return (Some("Safari"), version);
    }
    (None, None)
}

fn major(rest: &str) -> String {
    rest.chars().take_while(char::is_ascii_digit).collect()
}

/// The device (as Clerk names it: the OS or the handset) and whether it is a mobile one.
fn device_of(ua: &str) -> (Option<&'static str>, bool) {
    if ua.contains("iPhone") {
        (Some("iPhone"), true)
    } else if ua.contains("iPad") {
        (Some("iPad"), true)
    } else if ua.contains("Android") {
        (Some("Android"), ua.contains("Mobile"))
    } else if ua.contains("Macintosh") || ua.contains("Mac OS X") {
        (Some("Macintosh"), false)
    } else if ua.contains("Windows") {
        (Some("Windows"), false)
    } else if ua.contains("Linux") || ua.contains("X11") {
        (Some("Linux"), false)
    } else {
        (None, false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agents_name_browsers_and_devices() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/142.0.0.0 Safari/537.36";
        assert_eq!(browser_of(chrome), (Some("Chrome"), Some("142".into())));
        assert_eq!(device_of(chrome), (Some("Linux"), false));
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
        assert_eq!(browser_of(iphone), (Some("Safari"), Some("17".into())));
        assert_eq!(device_of(iphone), (Some("iPhone"), true));
        let edge =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0.1";
        assert_eq!(browser_of(edge), (Some("Edge"), Some("120".into())));
        assert_eq!(device_of(edge), (Some("Windows"), false));
        assert_eq!(browser_of("curl/8.0"), (None, None));
    }
}

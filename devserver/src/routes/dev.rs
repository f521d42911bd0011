//! Dev-server extras that Clerk has no equivalent for: `GET /dev/instance` (the keys and URLs a
//! page or test needs to talk to this instance), the initials avatars users' `image_url` points
//! at, the uploaded profile images (`GET /dev/images/{id}`), `GET /dev/outbox`, the emails and SMS messages with the one-time codes the server
//! "sent" (`codes::send`, each with its purpose and expiry), and `GET|DELETE /dev/requests`, the
//! Frontend API requests as they arrived (`middleware::record`; `?api=bapi` or `?api=all` for the
//! Backend API's too). The outbox and the requests need the secret key. The dashboard's own API
//! (`/dev/api/*`, `routes/dashboard.rs`) shows the same data through `message_json` and
//! `requests_of`.

use crate::codes;
use crate::db::images;
use crate::db::outbox::{self, MessageRow};
use crate::error::AppError;
use crate::form::Params;
use crate::secret_key::SecretKey;
use crate::state::AppState;
use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/dev/instance", get(instance_get))
        .route("/dev/avatar", get(avatar_get))
        .route("/dev/images/{id}", get(image_get))
        .route("/dev/outbox", get(outbox_get))
        .route("/dev/requests", get(requests_list).delete(requests_clear))
}

/// `{publishableKey, frontendApiUrl, bapiUrl, jwtTemplates}`: public facts only (never the
/// secret key, nor a template's signing key). `jwtTemplates`: `[{name, lifetimeSecs,
/// allowedClockSkewSecs, signingAlgorithm}]`, by name.
async fn instance_get(State(st): State<AppState>) -> Json<Value> {
    Json(json!({
        "publishableKey": st.publishable_key,
        "frontendApiUrl": st.frontend_api_url,
        "bapiUrl": st.bapi_url,
        "jwtTemplates": jwt_templates_json(&st, false),
    }))
}

/// The instance's JWT templates by name, `[{name, lifetimeSecs, allowedClockSkewSecs,
/// signingAlgorithm}]` (+ `claims` when asked); never a template's signing key.
pub fn jwt_templates_json(st: &AppState, with_claims: bool) -> Vec<Value> {
    st.config
        .jwt_templates
        .iter()
        .map(|(name, t)| {
            let mut v = json!({
                "name": name,
                "lifetimeSecs": t.lifetime_secs,
                "allowedClockSkewSecs": t.allowed_clock_skew_secs,
                "signingAlgorithm": if t.signing_key.is_some() { "HS256" } else { "RS256" },
            });
            if with_claims {
                v["claims"] = serde_json::to_value(&t.claims).unwrap_or_default();
            }
            v
        })
        .collect()
}

#[derive(Deserialize)]
struct AvatarQuery {
    initials: Option<String>,
}

/// A round SVG avatar with up to two initials. Only letters and digits are drawn, so the
/// query cannot inject markup.
async fn avatar_get(Query(q): Query<AvatarQuery>) -> impl IntoResponse {
    let initials: String = q.initials.unwrap_or_default().chars().filter(|c| c.is_alphanumeric()).take(2).collect();
    let hue = initials.chars().map(|c| c as u32).sum::<u32>() * 47 % 360;
    let svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"96\" height=\"96\" viewBox=\"0 0 96 96\">\
         <circle cx=\"48\" cy=\"48\" r=\"48\" fill=\"hsl({hue},55%,45%)\"/>\
         <text x=\"48\" y=\"50\" font-family=\"system-ui,sans-serif\" font-size=\"38\" font-weight=\"600\" fill=\"#fff\" \
         text-anchor=\"middle\" dominant-baseline=\"middle\">{initials}</text></svg>"
    );
    ([(CONTENT_TYPE, "image/svg+xml"), (CACHE_CONTROL, "public, max-age=86400")], svg)
}

/// An uploaded image (`POST /v1/me/profile_image`): its bytes with the type sniffed at upload,
/// never sniffed again by the browser (`nosniff`), cached for a year (an image never changes:
/// a new upload is a new id). An unknown id is Clerk's `image_not_found`.
async fn image_get(State(st): State<AppState>, Path(id): Path<String>) -> Result<Response, AppError> {
    let image = st.tx(move |tx, _| images::get(tx, &id)).await?;
    let image = image.ok_or_else(|| AppError::new(404, "image_not_found", "Image not found", "Image not found"))?;
    Ok((
        [
            (CONTENT_TYPE, image.content_type),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (CACHE_CONTROL, "public, max-age=31536000, immutable".to_string()),
        ],
        image.data,
    )
        .into_response())
}

/// `[{id, channel, to, subject, body, code, purpose, createdAt, expiresAt}]`, newest first;
/// `?to=<address>` keeps the messages to one email address (any case) or phone number (any notation).
async fn outbox_get(_: SecretKey, State(st): State<AppState>, uri: Uri) -> Result<Json<Value>, AppError> {
    let query = Params::parse(uri.query().unwrap_or("").as_bytes())?;
    let to = query.optional("to").map(codes::recipient_key);
    let messages = st.tx(move |tx, _| outbox::list(tx, to.as_deref())).await?;
    Ok(Json(Value::Array(messages.iter().map(message_json).collect())))
}

/// An outbox message as `/dev/outbox` and `/dev/api/outbox` show it: `purpose` is
/// `verification`, `sign_in`, `sign_up` or `reset_password`; `expiresAt` when the code stops
/// working (ms since the epoch), null if none.
pub fn message_json(m: &MessageRow) -> Value {
    json!({
        "id": m.id,
        "channel": m.channel,
        "to": m.to_address,
        "subject": m.subject,
        "body": m.body,
        "code": m.code,
        "purpose": m.purpose,
        "createdAt": m.created_at,
        "expiresAt": m.expires_at,
    })
}

#[derive(Deserialize)]
pub struct RequestsQuery {
    path_prefix: Option<String>,
    api: Option<String>,
}

/// The captured requests `q` asks for (`path_prefix`; `api`: `fapi`, `bapi` or `all`, else
/// `default_api`), newest first, as `{data: [...]}`.
pub fn requests_of(st: &AppState, q: &RequestsQuery, default_api: Option<&str>) -> Result<Value, AppError> {
    let api = match q.api.as_deref() {
        None | Some("") => default_api,
        Some("all") => None,
        Some("fapi") => Some("fapi"),
        Some("bapi") => Some("bapi"),
        Some(other) => return Err(AppError::param_value_invalid("api", format!("{other} is not one of fapi, bapi, all."))),
    };
    Ok(json!({ "data": st.requests.list(q.path_prefix.as_deref().unwrap_or(""), api) }))
}

/// `{data: [{id, api, method, path, query: [[k, v], …], body, contentType, origin, status,
/// durationMs, createdAt}]}`, newest first; `?path_prefix=/v1/me` keeps the requests whose path
/// (as sent) starts with it. The Frontend API's only, unless `?api=bapi` or `?api=all` (tests
/// that compare the Frontend API requests of two SDKs read the list as it always was).
async fn requests_list(_: SecretKey, State(st): State<AppState>, Query(q): Query<RequestsQuery>) -> Result<Json<Value>, AppError> {
    Ok(Json(requests_of(&st, &q, Some("fapi"))?))
}

/// Forgets every captured request.
async fn requests_clear(_: SecretKey, State(st): State<AppState>) -> Result<Json<Value>, AppError> {
    st.requests.clear();
    Ok(Json(json!({ "deleted": true })))
}

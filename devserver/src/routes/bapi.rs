//! The Backend API subset, mounted at `/bapi` (so `@clerk/backend`'s `apiUrl` is
//! `http://<host:port>/bapi`): users (create, list and count — with Clerk's `query` search —,
//! get, update, metadata merged or replaced, ban and unban, delete), sessions (list, get, revoke),
//! sign-in tokens, and the JWKS. JSON bodies, `Authorization: Bearer <secret key>`. The local
//! dashboard calls these same routes (`/dev/api/bapi/*`, forwarded by `middleware::dashboard_guard`).
//!
//! Every route sits behind `require_secret_key` (the `SecretKey` extractor): a missing or wrong
//! key is a 401 before any handler runs, and a request carrying an `Origin` header (a browser) is
//! refused outright, so the secret key has no use in a page.

use crate::accounts::{self, NewUser};
use crate::auth::admin::{self, UserUpdate};
use crate::auth::session;
use crate::db::clients::{self, SignInTokenRow};
use crate::db::users::{self, ListFilter};
use crate::error::AppError;
use crate::form::{Params, RawBody};
use crate::ids;
use crate::limits;
use crate::password;
use crate::secret_key::SecretKey;
use crate::state::AppState;
use crate::wire::Render;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::middleware::{from_fn_with_state, Next};
use axum::response::Response;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

pub fn router(st: AppState) -> Router<AppState> {
    Router::new()
        .route("/v1/users", post(users_create).get(users_list))
        .route("/v1/users/count", get(users_count))
        .route("/v1/users/{id}", get(users_get).patch(users_update).delete(users_delete))
        .route("/v1/users/{id}/metadata", patch(users_metadata_update).put(users_metadata_replace))
        .route("/v1/users/{id}/ban", post(users_ban))
        .route("/v1/users/{id}/unban", post(users_unban))
        .route("/v1/sessions", get(sessions_list))
        .route("/v1/sessions/{id}", get(sessions_get))
        .route("/v1/sessions/{id}/revoke", post(sessions_revoke))
        .route("/v1/sign_in_tokens", post(sign_in_tokens_create))
        .route("/v1/jwks", get(jwks_get))
        .layer(from_fn_with_state(st, require_secret_key))
}

/// Every Backend API route runs only for a caller with the secret key (`secret_key.rs`).
async fn require_secret_key(_: SecretKey, req: Request, next: Next) -> Response {
    next.run(req).await
}

/// A JSON body decoded into `T`; an empty body reads as `{}`. Decoding errors are Clerk's
/// `request_body_invalid`, not axum's plain-text rejection.
fn json_body<T: DeserializeOwned>(bytes: &Bytes) -> Result<T, AppError> {
    let text: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) { b"{}" } else { bytes };
    serde_json::from_slice(text).map_err(|e| AppError::body_invalid(format!("The request body is invalid: {e}")))
}

/// `createUser`'s parameters (snake_case, as `@clerk/backend` sends them). Unknown keys are ignored.
/// A password is optional: users created here may sign in by code or ticket.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct CreateUserBody {
    pub external_id: Option<String>,
    pub email_address: Option<Vec<String>>,
    pub phone_number: Option<Vec<String>>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub public_metadata: Option<Value>,
    pub private_metadata: Option<Value>,
    pub unsafe_metadata: Option<Value>,
    pub skip_password_checks: Option<bool>,
}

/// Validates `createUser` input into a `NewUser` and the password to hash (off the database lock).
fn new_user_from_bapi(st: &AppState, b: CreateUserBody) -> Result<(NewUser, Option<String>), AppError> {
    let id = &st.config.identifiers;
    let emails = b.email_address.unwrap_or_default();
    let phones = b.phone_number.unwrap_or_default();
    limits::identifiers("email_address", emails.len())?;
    limits::identifiers("phone_number", phones.len())?;
    if !emails.is_empty() && !id.email_address {
        return Err(AppError::param_unknown("email_address"));
    }
    if !phones.is_empty() && !id.phone_number {
        return Err(AppError::param_unknown("phone_number"));
    }
    if b.username.is_some() && !id.username {
        return Err(AppError::param_unknown("username"));
    }
    let email_addresses = emails.iter().map(|e| accounts::email_param("email_address", e)).collect::<Result<Vec<_>, _>>()?;
    let phone_numbers = phones.iter().map(|p| accounts::phone_param("phone_number", p)).collect::<Result<Vec<_>, _>>()?;
    let username = b.username.as_deref().filter(|u| !u.trim().is_empty()).map(accounts::username_param).transpose()?;
    let password = b.password.filter(|p| !p.is_empty());
    if let Some(pw) = &password {
        if !b.skip_password_checks.unwrap_or(false) {
            accounts::check_password(st, pw)?;
        }
    }
    if email_addresses.is_empty() && phone_numbers.is_empty() && username.is_none() {
        return Err(AppError::new(
            422,
            "form_param_missing",
            "at least one parameter must be provided",
            "at least one of `email_address`, `phone_number` or `username` must be provided",
        )
        .param("email_address"));
    }
    let name = |param: &str, s: Option<String>| s.map(|s| limits::name(param, &s)).transpose().map(|s| s.filter(|s| !s.is_empty()));
    let external_id = b.external_id.map(|s| limits::external_id(&s)).transpose()?.filter(|s| !s.is_empty());
    let (first_name, last_name) = (name("first_name", b.first_name)?, name("last_name", b.last_name)?);
    let (public_metadata, private_metadata, unsafe_metadata) = metadata_params(b.public_metadata, b.private_metadata, b.unsafe_metadata)?;
    let new = NewUser {
        external_id,
        email_addresses,
        phone_numbers,
        username,
        password_hash: None,
        first_name,
        last_name,
        public_metadata,
        private_metadata,
        unsafe_metadata,
        verified_by: "admin",
        ..NewUser::default()
    };
    Ok((new, password))
}

/// Creates a user through the Backend API's rules: the input checked, the password hashed off
/// the database lock, then one transaction.
async fn users_create(State(st): State<AppState>, RawBody(bytes): RawBody) -> Result<Json<Value>, AppError> {
    let body: CreateUserBody = json_body(&bytes)?;
    let (mut new, password) = new_user_from_bapi(&st, body)?;
    if let Some(pw) = password {
        new.password_hash = Some(password::hash_off_lock(pw).await?);
    }
    let user = st
        .tx(move |tx, st| {
            let user = accounts::create_user(tx, st, new)?;
            Render::new(st, None).user_bapi(tx, &user)
        })
        .await?;
    Ok(Json(user))
}

/// A whole number query parameter within `min..=max`, or `default` when absent.
fn number_param(q: &Params, k: &str, default: usize, min: usize, max: usize) -> Result<usize, AppError> {
    match q.optional(k) {
        None => Ok(default),
        Some(v) => v
            .parse::<usize>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .ok_or_else(|| AppError::param_format_invalid(k, format!("{k} must be a whole number from {min} to {max}."))),
    }
}

/// Reads the list filters and pagination from the query string (repeated keys allowed).
fn list_query(q: &Params) -> Result<(ListFilter, usize, usize), AppError> {
    let strings = |k: &str| -> Vec<String> {
        let bracketed = format!("{k}[]");
        q.all(k).into_iter().chain(q.all(&bracketed)).map(str::to_string).collect()
    };
    let number = |k: &str, default: usize, max: usize| -> Result<usize, AppError> {
        match q.optional(k) {
            None => Ok(default),
            Some(v) => v
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= max)
                .ok_or_else(|| AppError::param_format_invalid(k, format!("{k} must be a whole number up to {max}."))),
        }
    };
    let newest_first = match q.optional("order_by") {
        None | Some("-created_at") => true,
        Some("+created_at") | Some("created_at") => false,
        Some(other) => return Err(AppError::param_value_invalid("order_by", format!("{other} is not a supported order_by value."))),
    };
    let filter = ListFilter {
        user_ids: strings("user_id"),
        external_ids: strings("external_id"),
        usernames: strings("username"),
        email_addresses: strings("email_address"),
        phone_numbers: strings("phone_number"),
        query: q.optional("query").map(str::trim).filter(|v| !v.is_empty()).map(str::to_string),
        newest_first,
    };
    Ok((filter, number("limit", 10, 500)?, number("offset", 0, usize::MAX)?))
}

async fn users_list(State(st): State<AppState>, uri: axum::http::Uri) -> Result<Json<Value>, AppError> {
    let q = Params::parse(uri.query().unwrap_or("").as_bytes())?;
    let (filter, limit, offset) = list_query(&q)?;
    let list = st
        .tx(move |tx, st| {
            let r = Render::new(st, None);
            users::list(tx, &filter)?.iter().skip(offset).take(limit).map(|u| r.user_bapi(tx, u)).collect::<Result<Vec<_>, _>>()
        })
        .await?;
    Ok(Json(Value::Array(list)))
}

async fn users_count(State(st): State<AppState>, uri: axum::http::Uri) -> Result<Json<Value>, AppError> {
    let q = Params::parse(uri.query().unwrap_or("").as_bytes())?;
    let (filter, _, _) = list_query(&q)?;
    let n = st.tx(move |tx, _| Ok(users::list(tx, &filter)?.len())).await?;
    Ok(Json(json!({ "object": "total_count", "total_count": n })))
}

async fn users_get(State(st): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, AppError> {
    Ok(Json(st.tx(move |tx, st| Render::new(st, None).user_bapi(tx, &users::must_get(tx, &id)?)).await?))
}

/// A nullable field's three states: absent (`None`), `null` (`Some(None)`), a value.
fn nullable<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// `updateUser`'s parameters this server takes (unknown keys are ignored). A `null` or blank
/// name, username or external id clears it.
#[derive(Deserialize, Default)]
#[serde(default)]
struct UpdateUserBody {
    #[serde(deserialize_with = "nullable")]
    first_name: Option<Option<String>>,
    #[serde(deserialize_with = "nullable")]
    last_name: Option<Option<String>>,
    #[serde(deserialize_with = "nullable")]
    username: Option<Option<String>>,
    #[serde(deserialize_with = "nullable")]
    external_id: Option<Option<String>>,
    public_metadata: Option<Value>,
    private_metadata: Option<Value>,
    unsafe_metadata: Option<Value>,
}

/// Checks each value as `createUser` does (`new_user_from_bapi`): names and external id within
/// Clerk's limits, a username only where the instance has them and of a valid form, metadata
/// JSON objects within 8 KB.
fn user_update_from_bapi(st: &AppState, b: UpdateUserBody) -> Result<UserUpdate, AppError> {
    let blank_is_none = |v: Option<Option<String>>| v.map(|v| v.filter(|s| !s.trim().is_empty()));
    let name = |param: &str, v: Option<Option<String>>| -> Result<Option<Option<String>>, AppError> {
        blank_is_none(v).map(|v| v.map(|s| limits::name(param, &s)).transpose()).transpose()
    };
    let username = blank_is_none(b.username);
    if matches!(username, Some(Some(_))) && !st.config.identifiers.username {
        return Err(AppError::param_unknown("username"));
    }
    let (public, private, unsafe_) = metadata_params(b.public_metadata, b.private_metadata, b.unsafe_metadata)?;
    Ok(UserUpdate {
        first_name: name("first_name", b.first_name)?,
        last_name: name("last_name", b.last_name)?,
        username: username.map(|v| v.as_deref().map(accounts::username_param).transpose()).transpose()?,
        external_id: blank_is_none(b.external_id).map(|v| v.as_deref().map(limits::external_id).transpose()).transpose()?,
        public_metadata: public,
        private_metadata: private,
        unsafe_metadata: unsafe_,
    })
}

/// The three metadata parameters, each a JSON object within Clerk's size limit (`null`: absent).
type MetadataParams = (Option<Value>, Option<Value>, Option<Value>);

fn metadata_params(public: Option<Value>, private: Option<Value>, unsafe_: Option<Value>) -> Result<MetadataParams, AppError> {
    let one = |param: &str, v: Option<Value>| -> Result<Option<Value>, AppError> {
        let m = accounts::metadata_param(param, v.as_ref())?;
        m.iter().try_for_each(|m| limits::metadata(param, m))?;
        Ok(m)
    };
    Ok((one("public_metadata", public)?, one("private_metadata", private)?, one("unsafe_metadata", unsafe_)?))
}

/// `PATCH /v1/users/{id}` (Clerk's `updateUser`): names, username, external id; metadata given
/// here *replaces* the stored object (as `updateUser` did before API version 2026-05-12;
/// `PATCH …/metadata` deep-merges).
async fn users_update(State(st): State<AppState>, Path(id): Path<String>, RawBody(bytes): RawBody) -> Result<Json<Value>, AppError> {
    let changes = user_update_from_bapi(&st, json_body(&bytes)?)?;
    apply_update(st, id, changes).await
}

/// `PUT /v1/users/{id}/metadata` (`replaceUserMetadata`, and `updateUser` with metadata in
/// `@clerk/backend`): each metadata object given replaces the stored one.
async fn users_metadata_replace(State(st): State<AppState>, Path(id): Path<String>, RawBody(bytes): RawBody) -> Result<Json<Value>, AppError> {
    let body: MetadataBody = json_body(&bytes)?;
    let (public, private, unsafe_) = metadata_params(body.public_metadata, body.private_metadata, body.unsafe_metadata)?;
    let changes = UserUpdate { public_metadata: public, private_metadata: private, unsafe_metadata: unsafe_, ..UserUpdate::default() };
    apply_update(st, id, changes).await
}

/// Applies `changes` to user `id` in one transaction; the user as the Backend API renders it.
async fn apply_update(st: AppState, id: String, changes: UserUpdate) -> Result<Json<Value>, AppError> {
    let user = st
        .tx(move |tx, st| {
            let u = admin::update(tx, st, &id, changes)?;
            Render::new(st, None).user_bapi(tx, &u)
        })
        .await?;
    Ok(Json(user))
}

/// `POST /v1/users/{id}/ban`: the user, `banned: true`; their sessions are revoked.
async fn users_ban(State(st): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, AppError> {
    set_banned(st, id, true).await
}

/// `POST /v1/users/{id}/unban`: the user, `banned: false`.
async fn users_unban(State(st): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, AppError> {
    set_banned(st, id, false).await
}

async fn set_banned(st: AppState, id: String, banned: bool) -> Result<Json<Value>, AppError> {
    let user = st
        .tx(move |tx, st| {
            let u = admin::set_banned(tx, st, &id, banned)?;
            Render::new(st, None).user_bapi(tx, &u)
        })
        .await?;
    Ok(Json(user))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MetadataBody {
    public_metadata: Option<Value>,
    private_metadata: Option<Value>,
    unsafe_metadata: Option<Value>,
}

/// Deep-merges the given metadata into the user's (`null` deletes a key).
async fn users_metadata_update(State(st): State<AppState>, Path(id): Path<String>, RawBody(bytes): RawBody) -> Result<Json<Value>, AppError> {
    let body: MetadataBody = json_body(&bytes)?;
    let public = accounts::metadata_param("public_metadata", body.public_metadata.as_ref())?;
    let private = accounts::metadata_param("private_metadata", body.private_metadata.as_ref())?;
    let unsafe_ = accounts::metadata_param("unsafe_metadata", body.unsafe_metadata.as_ref())?;
    let user = st
        .tx(move |tx, st| {
            let mut u = users::must_get(tx, &id)?;
            for (param, target, patch) in [
                ("public_metadata", &mut u.public_metadata, &public),
                ("private_metadata", &mut u.private_metadata, &private),
                ("unsafe_metadata", &mut u.unsafe_metadata, &unsafe_),
            ] {
                if let Some(p) = patch {
                    accounts::merge_metadata(target, p);
                    // What is stored must fit, whatever the patch was; a refusal rolls back.
                    limits::metadata(param, target)?;
                }
            }
            u.updated_at = st.now();
            users::update(tx, &u)?;
            Render::new(st, None).user_bapi(tx, &u)
        })
        .await?;
    Ok(Json(user))
}

/// Deletes a user with everything that belongs to them; their sessions end with them.
async fn users_delete(State(st): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, AppError> {
    let deleted = id.clone();
    st.tx(move |tx, _| {
        users::must_get(tx, &id)?;
        users::delete(tx, &id)?;
        Ok(())
    })
    .await?;
    Ok(Json(json!({ "object": "user", "id": deleted, "deleted": true })))
}

/// `GET /v1/sessions`: the sessions of `user_id` and/or `client_id` (one of them is required, as
/// Clerk requires since 2024-01-01), newest first, optionally of one `status`, paged by `limit`
/// (1–500, default 10) and `offset`. A bare array, as the spec's `Session.List`; with
/// `paginated=true` (what `@clerk/backend`'s `getSessionList` sends) `{data, total_count}`.
async fn sessions_list(State(st): State<AppState>, uri: axum::http::Uri) -> Result<Json<Value>, AppError> {
    let q = Params::parse(uri.query().unwrap_or("").as_bytes())?;
    let user_id = q.optional("user_id").filter(|v| !v.is_empty()).map(str::to_string);
    let client_id = q.optional("client_id").filter(|v| !v.is_empty()).map(str::to_string);
    if user_id.is_none() && client_id.is_none() {
        return Err(AppError::new(422, "form_param_missing", "is missing", "Either user_id or client_id must be included.").param("user_id"));
    }
    const STATUSES: [&str; 7] = ["abandoned", "active", "ended", "expired", "removed", "replaced", "revoked"];
    let status = match q.optional("status") {
        None | Some("") => None,
        Some(v) if STATUSES.contains(&v) => Some(v.to_string()),
        Some(v) => {
            let msg = format!("{v} is not a session status: one of {}.", STATUSES.join(", "));
            return Err(AppError::param_value_invalid("status", msg));
        }
    };
    let limit = number_param(&q, "limit", 10, 1, 500)?;
    let offset = number_param(&q, "offset", 0, 0, usize::MAX)?;
    let paginated = match q.optional("paginated") {
        None | Some("false") => false,
        Some("true") => true,
        Some(_) => return Err(AppError::param_format_invalid("paginated", "paginated must be true or false.")),
    };
    let (page, total) = st
        .tx(move |tx, st| {
            let r = Render::new(st, None);
            let inactivity = st.inactivity_ms();
            let matching: Vec<_> = clients::sessions_matching(tx, user_id.as_deref(), client_id.as_deref())?
                .into_iter()
                .filter(|s| status.as_deref().is_none_or(|want| s.status_at(r.now, inactivity).as_str() == want))
                .collect();
            let page: Vec<Value> = matching.iter().skip(offset).take(limit).map(|s| r.session_bapi(s)).collect();
            Ok((page, matching.len()))
        })
        .await?;
    Ok(Json(if paginated { json!({ "data": page, "total_count": total }) } else { Value::Array(page) }))
}

async fn sessions_get(State(st): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, AppError> {
    let s = st
        .tx(move |tx, st| {
            let s = clients::get_session(tx, &id)?.ok_or_else(|| AppError::not_found("session", &id))?;
            Ok(Render::new(st, None).session_bapi(&s))
        })
        .await?;
    Ok(Json(s))
}

/// Revokes a session (`revoked`: its client is signed out of it); one no longer active is
/// answered as it is.
async fn sessions_revoke(State(st): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, AppError> {
    let s = st
        .tx(move |tx, st| {
            let mut s = clients::get_session(tx, &id)?.ok_or_else(|| AppError::not_found("session", &id))?;
            if s.is_active_at(st.now(), st.inactivity_ms()) {
                session::revoke(tx, st, &mut s)?;
            }
            Ok(Render::new(st, None).session_bapi(&s))
        })
        .await?;
    Ok(Json(s))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SignInTokenBody {
    user_id: Option<String>,
    expires_in_seconds: Option<i64>,
}

/// Mints a single-use sign-in token (a "ticket") for a user.
async fn sign_in_tokens_create(State(st): State<AppState>, RawBody(bytes): RawBody) -> Result<Json<Value>, AppError> {
    let body: SignInTokenBody = json_body(&bytes)?;
    let user_id = body.user_id.filter(|u| !u.is_empty()).ok_or_else(|| AppError::param_missing("user_id"))?;
    let ttl = body.expires_in_seconds.unwrap_or(30 * 24 * 3600);
    if !(1..=10 * 365 * 24 * 3600).contains(&ttl) {
        return Err(AppError::param_value_invalid("expires_in_seconds", "expires_in_seconds must be between 1 and 315360000."));
    }
    let row = st
        .tx(move |tx, st| {
            users::must_get(tx, &user_id)?;
            let now = st.now();
            let row = SignInTokenRow {
                id: st.ids.new_id("sit"),
                user_id,
                token: ids::secret(48),
                status: "pending".into(),
                expires_at: now + ttl * 1000,
                created_at: now,
                updated_at: now,
            };
            clients::insert_sign_in_token(tx, &row)?;
            Ok(row)
        })
        .await?;
    Ok(Json(json!({
        "object": "sign_in_token",
        "id": row.id,
        "user_id": row.user_id,
        "token": row.token,
        "status": row.status,
        "url": format!("{}/v1/tickets/accept?ticket={}", st.frontend_api_url, row.token),
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    })))
}

async fn jwks_get(State(st): State<AppState>) -> Json<Value> {
    Json(st.keys.jwks())
}

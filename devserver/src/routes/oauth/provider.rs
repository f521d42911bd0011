//! The mock OAuth provider: `GET /dev/oauth/{provider}/authorize` shows the consent screen for
//! a round trip this instance started (checking `client_id`, `redirect_uri`, `scope` and `state`
//! the way a real provider checks its registered client), and `POST` to the same path records the
//! decision — Approve issues a single-use, short-lived authorization code carrying the identity
//! in the form and redirects to the callback with `code` and `state`; Deny redirects with
//! `error=access_denied`. A state gets one decision. `GET /dev/oauth/logo/{provider}.svg` serves
//! the logos the environment names.

use super::page::{self, Consent};
use crate::accounts;
use crate::auth::identity::Identity;
use crate::auth::oauth::flow::{self, Provider, CODE_LIFETIME_MS};
use crate::db::oauth::{self as oauth_rows, CodeRow, StateRow};
use crate::error::AppError;
use crate::form::Params;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;
use rusqlite::Transaction;

/// Longest first or last name, and provider user id, the consent form accepts.
const MAX_NAME_CHARS: usize = 100;
const MAX_PROVIDER_USER_ID: usize = 64;

pub async fn logo_get(Path(file): Path<String>) -> Response {
    page::logo(&file)
}

/// The state of a round trip still waiting for its consent, for `provider`.
fn pending_state(tx: &Transaction, st: &AppState, provider: &Provider, state: Option<&str>) -> Result<StateRow, AppError> {
    let state = state.ok_or_else(|| AppError::oauth_callback_invalid("The authorization request has no state."))?;
    let row = oauth_rows::get_state(tx, state)?
        .filter(|s| s.provider == provider.key)
        .ok_or_else(|| AppError::oauth_callback_invalid("This authorization request is unknown to this instance."))?;
    if row.used_at.is_some() || row.decided_at.is_some() {
        return Err(AppError::oauth_callback_invalid("This authorization request was already answered."));
    }
    if st.now() >= row.expire_at {
        return Err(AppError::oauth_callback_invalid("This authorization request has expired. Start again from the application."));
    }
    Ok(row)
}

fn provider_or_error(st: &AppState, key: &str) -> Result<Provider, AppError> {
    flow::enabled_provider(st, key)
        .ok_or_else(|| AppError::misconfigured_oauth_provider(format!("{key} is not an enabled OAuth provider of this instance.")))
}

/// The origin the round trip returns to, for the consent page's `form-action`.
fn return_origin(state: &StateRow) -> String {
    url::Url::parse(&state.redirect_url).map(|u| u.origin().ascii_serialization()).unwrap_or_default()
}

/// `GET /dev/oauth/{provider}/authorize?response_type=code&client_id&redirect_uri&scope&state`.
pub async fn authorize_get(State(st): State<AppState>, Path(key): Path<String>, headers: HeaderMap, uri: Uri) -> Response {
    let html = page::wants_html(&headers);
    let shown = st
        .tx(move |tx, st| {
            let q = Params::parse(uri.query().unwrap_or("").as_bytes())?;
            let provider = provider_or_error(st, &key)?;
            if q.get("response_type") != Some("code") {
                return Err(AppError::misconfigured_oauth_provider("response_type must be code."));
            }
            if q.get("client_id") != Some(flow::client_id(st, provider.key).as_str()) {
                return Err(AppError::misconfigured_oauth_provider("The client_id is not a client of this provider."));
            }
            if q.get("redirect_uri") != Some(flow::callback_url(st).as_str()) {
                return Err(AppError::redirect_uri_mismatch());
            }
            let state = pending_state(tx, st, &provider, q.optional("state"))?;
            if q.get("scope") != Some(state.scopes.as_str()) {
                return Err(AppError::misconfigured_oauth_provider("The scope does not match the authorization request."));
            }
            let identity = flow::proposed(tx, st, &provider, &state)?;
            Ok((provider, state, identity))
        })
        .await;
    match shown {
        Ok((provider, state, identity)) => consent_page(&st, StatusCode::OK, &provider, &state, &identity, None),
        Err(e) => page::error_response(e, html),
    }
}

fn consent_page(st: &AppState, status: StatusCode, provider: &Provider, state: &StateRow, identity: &Identity, error: Option<&str>) -> Response {
    page::consent(
        status,
        &Consent {
            provider,
            application: &st.config.application_name,
            purpose: &state.purpose,
            state: &state.state,
            identity,
            error,
            return_origin: &return_origin(state),
        },
    )
}

/// The identity in a submitted consent form, and why it cannot be approved, if it cannot.
fn submitted_identity(params: &Params, provider: &Provider, scopes: &str) -> (Identity, Option<String>) {
    let text = |k: &str| params.get(k).map(|v| v.trim().to_string()).unwrap_or_default();
    let name = |k: &str| Some(text(k)).filter(|v| !v.is_empty());
    let identity = Identity {
        provider: provider.key.to_string(),
        provider_user_id: text("provider_user_id"),
        email_address: text("email_address"),
        first_name: name("first_name"),
        last_name: name("last_name"),
        scopes: scopes.to_string(),
    };
    let uid_ok =
        |s: &str| !s.is_empty() && s.len() <= MAX_PROVIDER_USER_ID && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    let problem = if !accounts::valid_email(&identity.email_address) {
        Some("Enter a valid email address.".to_string())
    } else if !uid_ok(&identity.provider_user_id) {
        Some(format!("The user id must be 1 to {MAX_PROVIDER_USER_ID} letters, digits, dots, dashes or underscores."))
    } else if [&identity.first_name, &identity.last_name].iter().any(|n| n.as_deref().is_some_and(|n| n.chars().count() > MAX_NAME_CHARS)) {
        Some(format!("Names must be at most {MAX_NAME_CHARS} characters."))
    } else if [&identity.first_name, &identity.last_name].iter().any(|n| n.as_deref().is_some_and(|n| n.chars().any(char::is_control))) {
        // As every way in (`limits::name`): the names become the user's.
        Some("Names must not contain control characters.".to_string())
    } else {
        None
    };
    (identity, problem)
}

/// What the decision leads to.
enum Decided {
    Redirect(String),
    /// The form was not acceptable: show it again with the error.
    Again(Box<(Provider, StateRow, Identity, String)>),
}

/// `POST /dev/oauth/{provider}/authorize`: `state`, `decision` (`approve` or `deny`) and, to
/// approve, `email_address`, `first_name`, `last_name`, `provider_user_id`.
pub async fn authorize_post(State(st): State<AppState>, Path(key): Path<String>, headers: HeaderMap, params: Params) -> Response {
    let html = page::wants_html(&headers);
    let decided = st
        .tx(move |tx, st| {
            let now = st.now();
            let provider = provider_or_error(st, &key)?;
            let state = pending_state(tx, st, &provider, params.optional("state"))?;
            let callback = flow::callback_url(st);
            let mut query = url::form_urlencoded::Serializer::new(String::new());
            match params.get("decision") {
                Some("approve") => {
                    let identity = match submitted_identity(&params, &provider, &state.scopes) {
                        (identity, Some(problem)) => return Ok(Decided::Again(Box::new((provider, state, identity, problem)))),
                        (identity, None) => identity,
                    };
                    let code = flow::new_secret();
                    oauth_rows::insert_code(
                        tx,
                        &CodeRow {
                            code_hash: flow::code_hash(&code),
                            state: state.state.clone(),
                            provider_user_id: identity.provider_user_id,
                            email_address: identity.email_address,
                            first_name: identity.first_name,
                            last_name: identity.last_name,
                            scopes: state.scopes.clone(),
                            expire_at: now + CODE_LIFETIME_MS,
                            used_at: None,
                            created_at: now,
                        },
                    )?;
                    query.append_pair("code", &code).append_pair("state", &state.state).append_pair("scope", &state.scopes);
                }
                Some("deny") => {
                    query
                        .append_pair("error", "access_denied")
                        .append_pair("error_description", "The user denied the request.")
                        .append_pair("state", &state.state);
                }
                _ => return Err(AppError::param_value_invalid("decision", "decision must be approve or deny.")),
            }
            oauth_rows::mark_state_decided(tx, &state.state, now)?;
            Ok(Decided::Redirect(format!("{callback}?{}", query.finish())))
        })
        .await;
    match decided {
        Ok(Decided::Redirect(to)) => page::see_other(&to),
        Ok(Decided::Again(again)) => {
            let (provider, state, identity, problem) = *again;
            consent_page(&st, StatusCode::UNPROCESSABLE_ENTITY, &provider, &state, &identity, Some(&problem))
        }
        Err(e) => page::error_response(e, html),
    }
}

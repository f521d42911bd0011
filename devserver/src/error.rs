//! `AppError`: the one error type every handler returns, and its single rendering as Clerk's
//! error body `{"errors":[{code, message, long_message, meta}], "clerk_trace_id": …}`.
//!
//! Codes and statuses come from Clerk's FAPI error catalog (`data/fapi-error-codes.json` holds the
//! code → status facts; a unit test checks every constructor against it). Messages are ours.
//! Unexpected failures become a generic 500 `internal_clerk_error`; the real cause travels in a
//! response extension to `log_internal_errors`, so it reaches the log and never the client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value};

/// One entry of the `errors` array.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ErrorEntry {
    pub code: &'static str,
    pub message: String,
    pub long_message: String,
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub meta: Map<String, Value>,
}

/// An error answer: an HTTP status and one or more Clerk error entries.
#[derive(Debug, Clone)]
pub struct AppError {
    pub status: StatusCode,
    pub errors: Vec<ErrorEntry>,
    /// Details of an unexpected failure, for the log only.
    internal: Option<String>,
}

/// The cause of a 500, handed from `AppError::into_response` to the logging middleware.
#[derive(Clone)]
pub struct InternalDetail(pub String);

impl AppError {
    /// An error with a catalog code, its status, and our own messages.
    pub fn new(status: u16, code: &'static str, message: impl Into<String>, long_message: impl Into<String>) -> Self {
        AppError {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
            errors: vec![ErrorEntry { code, message: message.into(), long_message: long_message.into(), meta: Map::new() }],
            internal: None,
        }
    }

    /// Adds a `meta` key to the (first) error entry.
    pub fn meta(mut self, key: &str, value: impl Into<Value>) -> Self {
        if let Some(e) = self.errors.first_mut() {
            e.meta.insert(key.to_string(), value.into());
        }
        self
    }

    /// Sets `meta.param_name`, which ClerkJS exposes as `meta.paramName` and UIs use to place the error.
    pub fn param(self, name: &str) -> Self {
        self.meta("param_name", name.to_string())
    }

    /// The code of the first entry (for tests and logs).
    pub fn code(&self) -> &'static str {
        self.errors.first().map(|e| e.code).unwrap_or("")
    }

    // ---- form parameters -------------------------------------------------------------------

    pub fn param_missing(param: &str) -> Self {
        AppError::new(422, "form_param_missing", "is missing", format!("{param} must be included.")).param(param)
    }

    pub fn param_nil(param: &str) -> Self {
        AppError::new(422, "form_param_nil", "is missing or empty", format!("{param} must not be empty.")).param(param)
    }

    pub fn param_format_invalid(param: &str, long_message: impl Into<String>) -> Self {
        AppError::new(422, "form_param_format_invalid", "is invalid", long_message).param(param)
    }

    pub fn param_value_invalid(param: &str, long_message: impl Into<String>) -> Self {
        AppError::new(422, "form_param_value_invalid", "is invalid", long_message).param(param)
    }

    pub fn param_unknown(param: &str) -> Self {
        AppError::new(422, "form_param_unknown", "is unknown", format!("{param} is not a valid parameter for this request.")).param(param)
    }

    pub fn identifier_exists(param: &str) -> Self {
        let what = param.replace('_', " ");
        AppError::new(422, "form_identifier_exists", format!("That {what} is taken."), format!("That {what} is taken. Please try another."))
            .param(param)
    }

    pub fn password_too_short(min: u32) -> Self {
        AppError::new(422, "form_password_length_too_short", "is too short", format!("Passwords must be {min} characters or more."))
            .param("password")
            .meta("min_length", min)
    }

    pub fn password_too_long(max: u32) -> Self {
        AppError::new(422, "form_password_length_too_long", "is too long", format!("Passwords must be {max} characters or fewer."))
            .param("password")
            .meta("max_length", max)
    }

    pub fn malformed_parameters() -> Self {
        AppError::new(
            400,
            "malformed_request_parameters",
            "Malformed request parameters",
            "The request parameters could not be parsed: the body must be valid application/x-www-form-urlencoded UTF-8.",
        )
    }

    pub fn invalid_encoding(param: &str) -> Self {
        AppError::param_value_invalid(param, format!("{param} contains invalid UTF-8 characters"))
    }

    pub fn body_invalid(detail: impl Into<String>) -> Self {
        AppError::new(400, "request_body_invalid", "Request body invalid", detail)
    }

    /// A body larger than `max` bytes (`limits::MAX_BODY_BYTES`), on either API.
    pub fn body_too_large(max: usize) -> Self {
        AppError::new(
            413,
            "request_body_too_large",
            "Request body too large",
            format!("The request body exceeds the maximum allowed size of {max} bytes."),
        )
    }

    /// A request that did not complete within `secs` seconds (`timeouts.request_secs`): the
    /// catalog's one timeout code.
    pub fn request_timeout(secs: u64) -> Self {
        AppError::new(
            504,
            "gateway_timeout",
            "Gateway Timeout",
            format!("The request did not complete within {secs} seconds: the client was too slow to send it, or the server to answer it."),
        )
    }

    /// A value larger than Clerk stores (metadata over 8 KB, `limits`).
    pub fn exceeds_allowed_size(param: &str, long_message: impl Into<String>) -> Self {
        AppError::new(422, "form_param_exceeds_allowed_size", "exceeds the allowed size", long_message).param(param)
    }

    /// An array parameter with more than `max` items.
    pub fn array_size_exceeded(param: &str, max: usize) -> Self {
        AppError::new(422, "form_param_array_size_exceeded", "exceeds maximum size", format!("{param} should not exceed {max} items.")).param(param)
    }

    pub fn unsupported_content_type(actual: &str, expected: &str) -> Self {
        AppError::new(
            415,
            "unsupported_content_type",
            "Content-Type is unsupported",
            format!("Content-Type {actual} is unsupported. You should use {expected} instead."),
        )
    }

    pub fn api_version_invalid(value: &str) -> Self {
        AppError::new(400, "api_version_invalid", "invalid API version", format!("Invalid Clerk API version: {value:?} is not a YYYY-MM-DD date."))
    }

    // ---- authentication and clients ----------------------------------------------------------

    pub fn dev_browser_unauthenticated() -> Self {
        AppError::new(
            401,
            "dev_browser_unauthenticated",
            "Browser unauthenticated",
            "This browser is not known to this development instance: its __clerk_db_jwt is missing or unknown. Create a new dev browser and try again.",
        )
    }

    pub fn authentication_invalid() -> Self {
        AppError::new(
            401,
            "authentication_invalid",
            "Invalid authentication",
            "Unable to authenticate the request, you need to supply an active session",
        )
    }

    pub fn signed_out() -> Self {
        AppError::new(401, "signed_out", "Signed out", "You are signed out")
    }

    pub fn client_not_found() -> Self {
        AppError::new(400, "client_not_found", "No client found", "This request is expecting a client and did not find one")
    }

    pub fn session_exists() -> Self {
        AppError::new(400, "session_exists", "Session already exists", "You're already signed in.")
    }

    pub fn origin_invalid(origin: &str) -> Self {
        AppError::new(
            400,
            "origin_invalid",
            "Invalid HTTP Origin header",
            format!("The origin {origin} is not allowed to use this development instance. Add it to allowed_origins in the instance configuration."),
        )
    }

    pub fn origin_with_secret_key() -> Self {
        AppError::new(
            400,
            "origin_authorization_headers_conflict",
            "Setting both the 'Origin' and 'Authorization' headers is forbidden",
            "The Backend API takes a secret key and must not be called from a browser. Call it from your server.",
        )
    }

    pub fn bapi_authorization_format() -> Self {
        AppError::new(
            401,
            "authorization_header_format_invalid",
            "Invalid Authorization header format",
            "Invalid Authorization header format. Must be 'Bearer <YOUR_SECRET_KEY>'",
        )
    }

    pub fn bapi_key_invalid() -> Self {
        AppError::new(401, "authentication_invalid", "Invalid authentication", "The secret key in the Authorization header is not this instance's.")
    }

    // ---- resources ---------------------------------------------------------------------------

    /// `resource_not_found` for a kind of object ("user", "session", "sign in") and an id.
    pub fn not_found(kind: &str, id: &str) -> Self {
        AppError::new(404, "resource_not_found", "not found", format!("No {kind} was found with id {id}"))
    }

    /// `resource_not_found` for a JWT template name this instance does not have (Clerk's
    /// `JWTTemplateNotFound`).
    pub fn jwt_template_not_found(name: &str) -> Self {
        AppError::new(404, "resource_not_found", "JWT template not found", format!("No JWT template exists with name: {name}"))
    }

    /// `resource_not_found` for a path that exists on Clerk but not on this dev server, or no path at all.
    pub fn route_not_found(path: &str) -> Self {
        AppError::new(404, "resource_not_found", "not found", format!("{path} is not a route of this development instance"))
    }

    // ---- sign-in tokens (tickets) ------------------------------------------------------------

    pub fn ticket_invalid() -> Self {
        AppError::new(
            400,
            "ticket_invalid_code",
            "ticket is invalid",
            "This ticket is invalid. Make sure you're using a valid ticket generated by this instance.",
        )
        .param("ticket")
    }

    pub fn ticket_expired() -> Self {
        AppError::new(400, "ticket_expired_code", "ticket has expired", "This ticket has expired and cannot be used anymore.").param("ticket")
    }

    pub fn sign_in_token_used() -> Self {
        AppError::new(
            400,
            "sign_in_token_already_used_code",
            "sign in token has already been used",
            "This sign in token has already been used. Each token can only be used once.",
        )
        .param("ticket")
    }

    pub fn sign_in_token_revoked() -> Self {
        AppError::new(
            400,
            "sign_in_token_revoked_code",
            "sign in token has been revoked",
            "This sign in token has been revoked and cannot be used anymore.",
        )
        .param("ticket")
    }

    // ---- sign-in and sign-up steps ------------------------------------------------------------

    pub fn identifier_not_found() -> Self {
        AppError::new(422, "form_identifier_not_found", "Couldn't find your account.", "Couldn't find your account.").param("identifier")
    }

    /// `identifier_already_signed_in`: the identified user already has a session on this client
    /// (multi-session mode); ClerkJS switches to `meta.session_id`.
    pub fn identifier_already_signed_in(session_id: &str) -> Self {
        AppError::new(400, "identifier_already_signed_in", "You're already signed in", "You're already signed in")
            .meta("session_id", session_id.to_string())
    }

    pub fn password_incorrect() -> Self {
        let msg = "Password is incorrect. Try again, or use another method.";
        AppError::new(422, "form_password_incorrect", msg, msg).param("password")
    }

    pub fn no_password_set() -> Self {
        AppError::new(400, "no_password_set", "no password set", "This user does not have a password set for their account").param("strategy")
    }

    /// A strategy this instance knows but the user (or sign-up) cannot use.
    pub fn strategy_for_user_invalid() -> Self {
        AppError::new(400, "strategy_for_user_invalid", "Invalid verification strategy", "The verification strategy is not valid for this account")
            .param("strategy")
    }

    pub fn no_second_factors(strategy: &str) -> Self {
        AppError::new(400, "no_second_factors", "no second factors", format!("No second factors were found for strategy {strategy}."))
    }

    pub fn code_incorrect() -> Self {
        AppError::new(422, "form_code_incorrect", "is incorrect", "Incorrect code").param("code")
    }

    pub fn verification_missing() -> Self {
        AppError::new(400, "verification_missing", "is missing", "This strategy requires verification preparation before attempting to validate it.")
    }

    pub fn verification_expired() -> Self {
        AppError::new(400, "verification_expired", "expired", "This verification has expired. You must create a new one.")
    }

    pub fn verification_failed() -> Self {
        AppError::new(400, "verification_failed", "failed", "Too many failed attempts. You have to try again with the same or another method.")
    }

    pub fn verification_already_verified() -> Self {
        AppError::new(400, "verification_already_verified", "already verified", "This verification has already been verified.")
    }

    /// `user_locked`, with the seconds left in `meta.lockout_expires_in_seconds`.
    pub fn user_locked(expires_in_secs: i64) -> Self {
        let minutes = (expires_in_secs + 59) / 60;
        let left = if minutes <= 1 { "1 minute".to_string() } else { format!("{minutes} minutes") };
        AppError::new(
            403,
            "user_locked",
            "Account locked",
            format!("Your account is locked. You will be able to try again in {left}. For more information, please contact the developer of this application."),
        )
        .meta("lockout_expires_in_seconds", expires_in_secs)
    }

    /// A step that the attempt's state does not allow yet (a second factor before the first).
    pub fn client_state_invalid(action: &str, resolution: &str) -> Self {
        AppError::new(400, "client_state_invalid", "Invalid action", format!("We were unable to complete {action} for this Client. {resolution}"))
    }

    /// A step on a sign-in that is no longer the client's current one (completed or replaced).
    pub fn sign_in_not_current() -> Self {
        AppError::new(
            403,
            "resource_forbidden",
            "Update operations are not allowed on older sign ins",
            "Update operations are not allowed on older sign ins",
        )
    }

    /// A change to a sign-up that is no longer the client's current one (completed or replaced).
    pub fn sign_up_not_current() -> Self {
        AppError::new(403, "resource_forbidden", "Sign up forbidden", "Access to this sign up is forbidden")
    }

    pub fn sign_up_restricted() -> Self {
        AppError::new(403, "sign_up_mode_restricted", "Sign-ups restricted", "New sign-ups are currently restricted.")
    }

    /// `transfer=true` with no transferable sign-in on the client.
    pub fn account_transfer_invalid() -> Self {
        AppError::new(400, "account_transfer_invalid", "Invalid account transfer", "There is no account to transfer")
    }

    // ---- the signed-in user's identifications (/v1/me) --------------------------------------

    /// Removing the user's last identification of a kind the instance requires.
    pub fn last_required_identification(what: &str) -> Self {
        AppError::new(
            400,
            "last_required_identification_deletion_failed",
            "Deletion failed",
            format!("You are required to maintain at least one {what} in your account at all times"),
        )
    }

    /// Removing the identification a user needs to sign in at all.
    pub fn last_identification() -> Self {
        AppError::new(400, "identification_deletion_failed", "Deletion failed", "You cannot delete your last identification.")
    }

    /// Second-factor settings on a phone number that is not verified.
    pub fn second_factor_unverified() -> Self {
        AppError::new(
            400,
            "identification_update_second_factor_unverified",
            "Update failed",
            "Cannot update second factor attributes for unverified identification",
        )
    }

    // ---- bans ----------------------------------------------------------------------------------

    /// A banned user (Backend API `banUser`) signing in, or a session of theirs minting a token.
    pub fn user_banned() -> Self {
        AppError::new(403, "user_banned", "User banned", "You have been banned. If you think this was by mistake, please contact support.")
    }

    // ---- the dashboard's guard ---------------------------------------------------------------
    //
    // The dashboard (`/dev/`) is the dev server's own page, not Clerk's API: its guard refuses
    // with the catalog's codes but always with 403 Forbidden (the catalog gives `host_invalid`,
    // `origin_missing` and `origin_invalid` 400; the dashboard contract asks 403 for every refusal).

    /// A dashboard request from a peer that is not on this machine.
    pub fn dashboard_peer_refused() -> Self {
        AppError::new(
            403,
            "authorization_invalid",
            "Unauthorized request",
            "The dashboard of this development instance only answers requests from this machine (a loopback address).",
        )
    }

    /// A dashboard request whose `Host` is not this server's own address (DNS rebinding).
    pub fn dashboard_host_invalid() -> Self {
        AppError::new(
            403,
            "host_invalid",
            "Invalid host",
            "The Host header must be this development server's own address: 127.0.0.1, localhost or [::1] with the port it listens on.",
        )
    }

    /// A dashboard API call without the page's CSRF token (`X-Clerk-Dev-Csrf`), or with another.
    pub fn csrf_token_invalid() -> Self {
        AppError::new(
            403,
            "csrf_token_invalid",
            "Invalid or missing CSRF token",
            "To protect against CSRF attacks, the given request must include a valid CSRF token.",
        )
    }

    /// A mutating dashboard call without an `Origin` header.
    pub fn dashboard_origin_missing() -> Self {
        AppError::new(403, "origin_missing", "Origin header missing", "This request requires an Origin header to be set, but it is missing")
    }

    /// A dashboard call from another origin than the dashboard's own.
    pub fn dashboard_origin_invalid() -> Self {
        AppError::new(
            403,
            "origin_invalid",
            "Invalid HTTP Origin header",
            "The dashboard of this development instance only takes calls from its own page.",
        )
    }

    // ---- unexpected --------------------------------------------------------------------------

    /// A 500 whose cause is logged, never sent.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        let mut e = AppError::new(
            500,
            "internal_clerk_error",
            "Oops, an unexpected error occurred",
            "There was an internal error in the development server. Its log has the details.",
        );
        e.internal = Some(detail.to_string());
        e
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.errors.first() {
            Some(e) => write!(f, "{} {}: {}", self.status.as_u16(), e.code, e.long_message),
            None => write!(f, "{}", self.status),
        }
    }
}

impl From<rusqlite::Error> for AppError {
    fn from(e: rusqlite::Error) -> Self {
        AppError::internal(format!("sqlite: {e}"))
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::internal(format!("json: {e}"))
    }
}

#[derive(Serialize)]
struct Body<'a> {
    errors: &'a [ErrorEntry],
    clerk_trace_id: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let trace = crate::ids::trace_id();
        let body = Body { errors: &self.errors, clerk_trace_id: trace };
        let mut res = (self.status, axum::Json(&body)).into_response();
        if let Some(detail) = self.internal {
            res.extensions_mut().insert(InternalDetail(detail));
        }
        res
    }
}

// ---- the signed-in user itself (/v1/me, routes/me/user.rs) ----------------------------------

impl AppError {
    /// `DELETE /v1/me` on an instance that does not let users delete themselves.
    pub fn delete_self_not_enabled() -> Self {
        AppError::new(403, "user_delete_self_not_enabled", "delete self not enabled", "Self deletion is not enabled for this user")
    }

    /// `PATCH /v1/me` with `password`: passwords change only through `/v1/me/change_password`.
    pub fn password_update_deprecated() -> Self {
        AppError::new(
            403,
            "updating_user_password_deprecated",
            "deprecated feature",
            "Password is not a valid parameter and can only be updated via /v1/me/change_password",
        )
        .param("password")
    }

    /// A `primary_*_id` naming no identification of this user (unknown, another user's, or of
    /// another kind).
    pub fn form_resource_not_found(param: &str) -> Self {
        AppError::new(422, "form_resource_not_found", "is missing", format!("The resource associated with the supplied {param} was not found."))
            .param(param)
    }

    /// A `primary_*_id` naming an identification that is not verified.
    pub fn verification_needed(param: &str) -> Self {
        AppError::new(
            422,
            "form_verification_needed",
            "is unverified",
            "This identification needs to be verified before you can perform this action.",
        )
        .param(param)
    }

    /// A value longer than Clerk allows (names, external ids, URLs: `limits`).
    pub fn max_length_exceeded(param: &str, max: usize) -> Self {
        AppError::new(422, "form_param_max_length_exceeded", "exceeds maximum length", format!("{param} should not exceed {max} characters."))
            .param(param)
    }

    /// `POST /v1/me/change_password` with the password the user already has.
    pub fn new_password_matches_current() -> Self {
        AppError::new(422, "form_new_password_matches_current", "is invalid", "New password cannot be the same as the current password.")
            .param("new_password")
    }
}

/// Middleware: logs the hidden cause of every 500 built by `AppError::internal`.
pub async fn log_internal_errors(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    if let Some(InternalDetail(detail)) = res.extensions().get::<InternalDetail>() {
        tracing::error!(%method, %path, "internal error: {detail}");
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Every code a constructor can produce, with the status it uses.
    fn all_constructed() -> Vec<AppError> {
        vec![
            AppError::param_missing("x"),
            AppError::param_nil("x"),
            AppError::param_format_invalid("x", "m"),
            AppError::param_value_invalid("x", "m"),
            AppError::param_unknown("x"),
            AppError::identifier_exists("email_address"),
            AppError::password_too_short(8),
            AppError::password_too_long(72),
            AppError::malformed_parameters(),
            AppError::invalid_encoding("x"),
            AppError::body_invalid("m"),
            AppError::body_too_large(10),
            AppError::request_timeout(30),
            AppError::exceeds_allowed_size("x", "m"),
            AppError::array_size_exceeded("x", 10),
            AppError::unsupported_content_type("a", "b"),
            AppError::api_version_invalid("x"),
            AppError::dev_browser_unauthenticated(),
            AppError::authentication_invalid(),
            AppError::signed_out(),
            AppError::client_not_found(),
            AppError::session_exists(),
            AppError::origin_invalid("http://x"),
            AppError::origin_with_secret_key(),
            AppError::bapi_authorization_format(),
            AppError::bapi_key_invalid(),
            AppError::not_found("user", "u"),
            AppError::route_not_found("/x"),
            AppError::jwt_template_not_found("t"),
            AppError::ticket_invalid(),
            AppError::ticket_expired(),
            AppError::sign_in_token_used(),
            AppError::sign_in_token_revoked(),
            AppError::identifier_not_found(),
            AppError::identifier_already_signed_in("sess_x"),
            AppError::password_incorrect(),
            AppError::no_password_set(),
            AppError::strategy_for_user_invalid(),
            AppError::no_second_factors("phone_code"),
            AppError::code_incorrect(),
            AppError::verification_missing(),
            AppError::verification_expired(),
            AppError::verification_failed(),
            AppError::verification_already_verified(),
            AppError::user_locked(60),
            AppError::client_state_invalid("a", "b"),
            AppError::sign_in_not_current(),
            AppError::sign_up_not_current(),
            AppError::sign_up_restricted(),
            AppError::account_transfer_invalid(),
            AppError::user_banned(),
            AppError::dashboard_peer_refused(),
            AppError::csrf_token_invalid(),
            AppError::internal("x"),
        ]
    }

    #[test]
    fn every_code_and_status_is_in_clerks_catalog() {
        let catalog: HashMap<String, Vec<u16>> = serde_json::from_str(include_str!("../data/fapi-error-codes.json")).expect("catalog parses");
        for e in all_constructed() {
            let code = e.code();
            let statuses = catalog.get(code).unwrap_or_else(|| panic!("{code} is not in Clerk's FAPI error catalog"));
            assert!(statuses.contains(&e.status.as_u16()), "{code}: status {} not among {statuses:?}", e.status);
        }
    }

    /// The dashboard guard's refusals use the catalog's codes, always as 403 (see their constructors).
    #[test]
    fn the_dashboard_guard_codes_are_in_clerks_catalog_and_forbidden() {
        let catalog: HashMap<String, Vec<u16>> = serde_json::from_str(include_str!("../data/fapi-error-codes.json")).expect("catalog parses");
        for e in [AppError::dashboard_host_invalid(), AppError::dashboard_origin_missing(), AppError::dashboard_origin_invalid()] {
            assert!(catalog.contains_key(e.code()), "{} is not in Clerk's FAPI error catalog", e.code());
            assert_eq!(e.status, StatusCode::FORBIDDEN, "{}", e.code());
        }
    }

    #[test]
    fn body_shape() {
        let e = AppError::param_missing("email_address");
        assert_eq!(e.errors[0].meta.get("param_name").and_then(Value::as_str), Some("email_address"));
        let v = serde_json::to_value(&e.errors[0]).unwrap();
        assert_eq!(v["long_message"], "email_address must be included.");
        assert!(serde_json::to_value(&AppError::signed_out().errors[0]).unwrap().get("meta").is_none());
    }
}

#[cfg(test)]
mod me_user_codes {
    use super::AppError;
    use std::collections::HashMap;

    #[test]
    fn the_me_user_codes_are_in_clerks_catalog() {
        let catalog: HashMap<String, Vec<u16>> = serde_json::from_str(include_str!("../data/fapi-error-codes.json")).expect("catalog parses");
        for e in [
            AppError::delete_self_not_enabled(),
            AppError::password_update_deprecated(),
            AppError::form_resource_not_found("primary_email_address_id"),
            AppError::verification_needed("primary_email_address_id"),
            AppError::max_length_exceeded("first_name", 256),
            AppError::new_password_matches_current(),
        ] {
            let code = e.code();
            let statuses = catalog.get(code).unwrap_or_else(|| panic!("{code} is not in Clerk's FAPI error catalog"));
            assert!(statuses.contains(&e.status.as_u16()), "{code}: status {} not among {statuses:?}", e.status);
        }
    }
}

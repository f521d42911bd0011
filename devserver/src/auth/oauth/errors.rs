//! The errors of the OAuth flows, as `AppError` constructors. Codes and statuses come from
//! Clerk's FAPI error catalog (`data/fapi-error-codes.json`); the unit test below checks them the
//! way `error.rs` checks its own. One deliberate exception, `external_account_exists`: ClerkJS
//! (`ERROR_CODES`, `_handleRedirectCallback`) and PROTOCOL.md §7b rely on it as the error of a
//! sign-up's `transferable` external-account verification, but the catalog does not list it. It
//! only ever appears inside a verification's `error`, never as an HTTP error body.

use crate::error::AppError;

impl AppError {
    /// An `oauth_<provider>` strategy whose provider this instance knows but has not enabled.
    pub fn oauth_provider_not_enabled(provider_name: &str) -> Self {
        AppError::new(
            400,
            "oauth_provider_not_enabled",
            "OAuth provider not enabled",
            format!("Single-sign on with {provider_name} OAuth provider is not enabled in the instance settings."),
        )
        .param("strategy")
    }

    /// A `redirect_url` that is not an http(s) URL on an allowed origin.
    pub fn invalid_redirect_url(param: &str, why: &str) -> Self {
        AppError::new(422, "invalid_redirect_url", "Redirect url invalid", format!("The provided redirect url is not valid: {why}")).param(param)
    }

    pub fn oauth_account_already_connected(provider_name: &str) -> Self {
        AppError::new(
            400,
            "oauth_account_already_connected",
            "Already connected",
            format!("Another account is already connected for this particular provider ({provider_name})"),
        )
    }

    pub fn external_account_not_found() -> Self {
        AppError::new(404, "external_account_not_found", "Invalid external account", "The External Account was not found.")
    }

    /// The user denied the consent (`error=access_denied` on the callback).
    pub fn oauth_access_denied(provider_name: &str) -> Self {
        AppError::new(403, "oauth_access_denied", "Access denied", format!("You did not grant access to your {provider_name} account"))
    }

    /// The provider identity (or its email address) already belongs to another user.
    pub fn oauth_identification_claimed() -> Self {
        AppError::new(
            400,
            "oauth_identification_claimed",
            "Identification claimed by another user",
            "The email address associated with this OAuth account is already claimed by another user.",
        )
    }

    /// A sign-up's identity that another user took between the callback and the sign-up.
    pub fn identification_claimed() -> Self {
        AppError::new(
            400,
            "identification_claimed",
            "Identification claimed by another user",
            "One or more identifiers on this sign up have since been connected to a different User. Please sign up again.",
        )
    }

    /// A sign-up's OAuth identity that belongs to an existing user: transfer to a sign-in.
    /// (Not in Clerk's catalog; see the module documentation.)
    pub fn external_account_exists() -> Self {
        AppError::new(400, "external_account_exists", "External account exists", "This external account already belongs to a user. Sign in instead.")
    }

    /// A callback (or consent) request whose `state` cannot be used: missing, unknown, used,
    /// expired, or for a flow that is over.
    pub fn oauth_callback_invalid(why: impl Into<String>) -> Self {
        AppError::new(400, "oauth_callback_invalid", "Invalid OAuth callback", why)
    }

    /// The authorization code cannot be exchanged: missing, unknown, used or expired.
    pub fn oauth_token_exchange_error(why: impl Into<String>) -> Self {
        AppError::new(400, "oauth_token_exchange_error", "Token exchange error", why)
    }

    /// An authorize request whose `redirect_uri` is not this instance's callback.
    pub fn redirect_uri_mismatch() -> Self {
        AppError::new(
            400,
            "redirect_uri_mismatch",
            "invalid redirect uri provided",
            "The redirect_uri does not exactly match a redirect URI registered for this OAuth application.",
        )
    }

    /// An authorize request the mock provider cannot serve (unknown client, wrong response type).
    pub fn misconfigured_oauth_provider(why: impl Into<String>) -> Self {
        AppError::new(400, "misconfigured_oauth_provider", "Misconfigured OAuth provider", why)
    }
}

#[cfg(test)]
mod tests {
    use crate::error::AppError;
    use std::collections::HashMap;

    /// Codes used although the catalog lacks them (see the module documentation).
    const NOT_IN_CATALOG: &[&str] = &["external_account_exists"];

    #[test]
    fn every_code_and_status_is_in_clerks_catalog() {
        let catalog: HashMap<String, Vec<u16>> = serde_json::from_str(include_str!("../../../data/fapi-error-codes.json")).expect("catalog parses");
        let all = [
            AppError::oauth_provider_not_enabled("Google"),
            AppError::invalid_redirect_url("redirect_url", "x"),
            AppError::oauth_account_already_connected("Google"),
            AppError::external_account_not_found(),
            AppError::oauth_access_denied("Google"),
            AppError::oauth_identification_claimed(),
            AppError::identification_claimed(),
            AppError::external_account_exists(),
            AppError::oauth_callback_invalid("x"),
            AppError::oauth_token_exchange_error("x"),
            AppError::redirect_uri_mismatch(),
            AppError::misconfigured_oauth_provider("x"),
        ];
        for e in all {
            let code = e.code();
            if NOT_IN_CATALOG.contains(&code) {
                assert!(!catalog.contains_key(code), "{code} is in the catalog now: drop the exception");
                continue;
            }
            let statuses = catalog.get(code).unwrap_or_else(|| panic!("{code} is not in Clerk's FAPI error catalog"));
            assert!(statuses.contains(&e.status.as_u16()), "{code}: status {} not among {statuses:?}", e.status);
        }
    }
}

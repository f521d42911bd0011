//! The statuses of the Frontend API's objects as typed enums: a sign-in, a sign-up, a
//! verification, a session. Each is stored and sent as Clerk's string (`needs_first_factor`,
//! `missing_requirements`, `transferable`, `active`, …) — `as_str` for both, `Serialize` for
//! `wire/`, `ToSql`/`FromSql` for `db/` — so the code compares variants, not strings.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// A status enum and its Clerk strings, with the conversions every status needs.
macro_rules! status {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Clerk's string.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }

            /// The status Clerk's string names.
            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }

        impl FromSql for $name {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                let text = value.as_str()?;
                $name::parse(text).ok_or_else(|| FromSqlError::Other(format!("{text:?} is not a {}", stringify!($name)).into()))
            }
        }
    };
}

status! {
    /// Where a sign-in attempt is.
    SignInStatus {
        /// Started without an identifier (an OAuth sign-in, until the provider answers).
        NeedsIdentifier = "needs_identifier",
        NeedsFirstFactor = "needs_first_factor",
        NeedsSecondFactor = "needs_second_factor",
        /// A reset-password code was verified: `reset_password` sets the new password.
        NeedsNewPassword = "needs_new_password",
        /// Signed in: `created_session_id` names the session.
        Complete = "complete",
    }
}

status! {
    /// Where a sign-up attempt is.
    SignUpStatus {
        /// Something the instance requires is missing or unverified.
        MissingRequirements = "missing_requirements",
        /// The user was created and signed in.
        Complete = "complete",
    }
}

status! {
    /// The state of proving something: a code, an OAuth round trip, a signature, a password.
    VerificationStatus {
        Unverified = "unverified",
        Verified = "verified",
        /// An OAuth identity to carry over from a sign-in to a sign-up, or back.
        Transferable = "transferable",
        Failed = "failed",
        Expired = "expired",
    }
}

// What a new verification is (the `status!` derive list, shared by every status, has no `Default`).
#[allow(clippy::derivable_impls)]
impl Default for VerificationStatus {
    fn default() -> Self {
        VerificationStatus::Unverified
    }
}

status! {
    /// The state of a session.
    SessionStatus {
        Active = "active",
        /// Signed out on this client.
        Ended = "ended",
        /// Removed from this client.
        Removed = "removed",
        /// Revoked from another device.
        Revoked = "revoked",
        /// Past its `expire_at`.
        Expired = "expired",
        /// Past its `abandon_at`.
        Abandoned = "abandoned",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip() {
        for s in [
            SignInStatus::NeedsIdentifier,
            SignInStatus::NeedsFirstFactor,
            SignInStatus::NeedsSecondFactor,
            SignInStatus::NeedsNewPassword,
            SignInStatus::Complete,
        ] {
            assert_eq!(SignInStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(SessionStatus::parse("revoked"), Some(SessionStatus::Revoked));
        assert_eq!(VerificationStatus::Transferable.as_str(), "transferable");
        assert_eq!(serde_json::to_value(SignUpStatus::MissingRequirements).ok(), Some(serde_json::json!("missing_requirements")));
        assert_eq!(SignInStatus::parse("completed"), None);
    }
}

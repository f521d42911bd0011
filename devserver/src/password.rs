//! Password hashing with argon2id (OWASP's recommended KDF), in PHC string format.
//!
//! A hash or a check costs tens of milliseconds of CPU, so request handlers never run one inside
//! a transaction (the one SQLite connection would wait for it) nor on an async worker:
//! `hash_off_lock` and `check` run the KDF on tokio's blocking pool with no lock held, and the
//! transaction that acts on a `Checked` outcome first makes sure the hash it was checked against
//! is still the user's (`AppState::tx_checking_password`). At most one core fewer than the
//! machine has runs a KDF at a time (`KDF_SLOTS`): a burst of sign-ins queues for a slot instead
//! of taking every core from the other requests (and argon2's 19 MiB each stay bounded).

use crate::error::AppError;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::sync::OnceLock;
use tokio::sync::Semaphore;

/// Hashes a password with a fresh random salt and argon2id's default parameters
/// (19 MiB of memory, 2 passes, 1 lane).
pub fn hash(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| e.to_string())
}

/// Checks a password against a stored PHC hash. A malformed hash never verifies.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A password checked against a stored hash, and that hash: whoever acts on the outcome in a
/// later transaction compares it with the hash stored then.
#[derive(Debug, Clone)]
pub struct Checked {
    pub hash: String,
    pub matches: bool,
}

impl Checked {
    /// Whether this outcome is about `stored`, the hash a user has now.
    pub fn is_about(&self, stored: Option<&str>) -> bool {
        stored == Some(self.hash.as_str())
    }
}

/// The KDFs that may run at once: one core fewer than the machine has, at least one.
fn kdf_slots() -> &'static Semaphore {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        Semaphore::new(cores.saturating_sub(1).max(1))
    })
}

/// Runs `f` (a KDF) on the blocking pool once a KDF slot is free: no lock held, no async worker
/// blocked, and never every core at once.
pub async fn off_lock<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let _slot = kdf_slots().acquire().await.map_err(|e| AppError::internal(format!("KDF slots closed: {e}")))?;
    tokio::task::spawn_blocking(f).await.map_err(|e| AppError::internal(format!("password task failed: {e}")))
}

/// `hash`, off the lock (`off_lock`).
pub async fn hash_off_lock(password: String) -> Result<String, AppError> {
    off_lock(move || hash(&password)).await?.map_err(AppError::internal)
}

/// `verify`, off the lock (`off_lock`).
pub async fn check(password: String, stored: String) -> Result<Checked, AppError> {
    off_lock(move || {
        let matches = verify(&password, &stored);
        Checked { hash: stored, matches }
    })
    .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn hash_and_verify() {
        let h = super::hash("correct horse").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(super::verify("correct horse", &h));
        assert!(!super::verify("correct horsE", &h));
        assert!(!super::verify("x", "not a hash"));
        assert_ne!(super::hash("correct horse").unwrap(), h, "salts differ");
    }
}

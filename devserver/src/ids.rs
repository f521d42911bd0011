//! Identifiers and secrets.
//!
//! Object ids look like Clerk's: a type prefix (`user_`, `sess_`, `idn_`, …) and 27 base62
//! characters. They come from `Ids`, which an `AppState` owns, so a test can seed it and get the
//! same ids on every run. Secrets a browser or a server presents back to us (cookie values, sign-in
//! tokens, OAuth states and codes) come from `secret`, which always draws from the OS.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::sync::Mutex;

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Generator of object ids.
pub struct Ids {
    rng: Mutex<StdRng>,
}

impl Ids {
    /// Ids drawn from OS entropy.
    pub fn random() -> Ids {
        Ids { rng: Mutex::new(StdRng::from_entropy()) }
    }

    /// A reproducible sequence, for tests.
    pub fn seeded(seed: u64) -> Ids {
        Ids { rng: Mutex::new(StdRng::seed_from_u64(seed)) }
    }

    /// A new id with this prefix, e.g. `new("user")` → `user_2m3…`.
    pub fn new_id(&self, prefix: &str) -> String {
        let mut rng = self.rng.lock().unwrap_or_else(|p| p.into_inner());
        let mut s = String::with_capacity(prefix.len() + 28);
        s.push_str(prefix);
        s.push('_');
        // Clerk's ids start with a digit (a time component); keep that look.
        s.push('2');
        for _ in 0..26 {
            s.push(BASE62[rng.gen_range(0..BASE62.len())] as char);
        }
        s
    }
}

/// A secret of `len` base62 characters (about 5.95 bits each) from the OS's generator.
pub fn secret(len: usize) -> String {
    rand::rngs::OsRng.sample_iter(&rand::distributions::Alphanumeric).take(len).map(char::from).collect()
}

/// `bytes` random bytes from the OS's generator, as lower-case hex (the dashboard's CSRF token).
pub fn hex_secret(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill(buf.as_mut_slice());
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// A trace id for error bodies (`clerk_trace_id`).
pub fn trace_id() -> String {
    secret(32).to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_have_prefix_and_length() {
        let ids = Ids::seeded(1);
        let id = ids.new_id("user");
        assert!(id.starts_with("user_2"));
        assert_eq!(id.len(), "user_".len() + 27);
        assert_ne!(ids.new_id("user"), id);
        assert_eq!(Ids::seeded(7).new_id("sess"), Ids::seeded(7).new_id("sess"));
    }

    #[test]
    fn secrets_are_base62_and_distinct() {
        let a = secret(40);
        assert_eq!(a.len(), 40);
        assert!(a.bytes().all(|b| b.is_ascii_alphanumeric()));
        assert_ne!(a, secret(40));
        let h = hex_secret(32);
        assert_eq!(h.len(), 64);
        assert!(h.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        assert_ne!(h, hex_secret(32));
    }
}

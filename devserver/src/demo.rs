//! The demo user of `--seed-demo`: created at start once per database (`main.rs`), and again by
//! the dashboard's "Reset data" when the server was started with `--seed-demo`. Made with
//! `accounts::create_user`, as the Backend API's `createUser` makes users (identifications
//! verified by an administrator).

use crate::accounts::{self, NewUser};
use crate::db::kv;
use crate::error::AppError;
use crate::state::AppState;
use rusqlite::Transaction;

pub const DEMO_EMAIL: &str = "demo@example.com";
pub const DEMO_PASSWORD: &str = "clerk-wasm-demo";

/// Creates the demo user, unless this database already has it; `password_hash` is
/// `DEMO_PASSWORD`'s, hashed before the transaction (no KDF under the database lock).
pub fn seed(tx: &Transaction, st: &AppState, password_hash: String) -> Result<(), AppError> {
    if kv::get(tx, kv::DEMO_USER_SEEDED)?.is_some() {
        return Ok(());
    }
    let demo = NewUser {
        email_addresses: vec![DEMO_EMAIL.into()],
        password_hash: Some(password_hash),
        first_name: Some("Demo".into()),
        last_name: Some("User".into()),
        // Only where the instance has usernames, as `createUser` would refuse one otherwise.
        username: st.config.identifiers.username.then(|| "demo_user".into()),
        public_metadata: Some(serde_json::json!({"role": "demo"})),
        verified_by: "admin",
        ..NewUser::default()
    };
    accounts::create_user(tx, st, demo)?;
    kv::set(tx, kv::DEMO_USER_SEEDED, "1")?;
    Ok(())
}

//! The integration-test harness: a real dev server on 127.0.0.1 (port 0) with an in-memory
//! database, a `ManualClock`, a temporary static directory and a signing key shared by every test
//! in the process; plus HTTP helpers (FAPI, BAPI, raw requests), database snapshots for "a refused
//! request changed nothing", and session-token checks.

#![allow(dead_code)]

use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use base64::Engine;
use clerk_devserver::clock::ManualClock;
use clerk_devserver::config::Config;
use clerk_devserver::db::Db;
use clerk_devserver::ids::{self, Ids};
use clerk_devserver::jwt::Keys;
use clerk_devserver::state::{AppState, StateOptions};
use reqwest::header::{HeaderMap, AUTHORIZATION, CONTENT_TYPE, SET_COOKIE};
use reqwest::{Client, RequestBuilder};
use rsa::pkcs1v15::{Signature, VerifyingKey};
use rsa::signature::Verifier;
use rsa::{BigUint, RsaPublicKey};
use rusqlite::OptionalExtension;
use serde_json::{json, Value};
use sha2::Sha256;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::oneshot;

/// The form content-type ClerkJS sends on every non-GET request.
pub const FORM: &str = "application/x-www-form-urlencoded";

/// Contents of the files in the static directory, so tests can tell them apart.
pub const INDEX_HTML: &str = "<!doctype html><title>index</title>";
pub const A_HTML: &str = "<!doctype html><title>page a</title>";
pub const CLERK_JS: &str = "export const clerk = 'browser bundle';";
/// A file at the static root that must never be served (like the repository's own files).
pub const SECRET_FILE: &str = "secret.txt";
pub const SECRET_CONTENT: &str = "top secret: not for browsers";

/// RSA key generation is slow, so every server in the process signs with the same key.
fn shared_keys() -> Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| Keys::generate("ins_test").expect("RSA key generation")).clone()
}

/// Makes emails, usernames and external ids unique across a test's users.
fn unique() -> usize {
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

/// A dev server running on a real TCP port for the length of one test.
pub struct TestServer {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    pub addr: std::net::SocketAddr,
    pub secret_key: String,
    pub publishable_key: String,
    pub clock: Arc<ManualClock>,
    pub st: AppState,
    /// A browser-like client with its own cookie store.
    pub http: Client,
    static_dir: PathBuf,
    shutdown: Option<oneshot::Sender<()>>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        let _ = std::fs::remove_dir_all(&self.static_dir);
    }
}

/// A reqwest client with its own cookie jar that never goes through a proxy.
pub fn browser() -> Client {
    Client::builder().cookie_store(true).no_proxy().build().expect("reqwest client")
}

/// Creates a temporary static directory with the pages, the SDK bundle, and files that must stay private.
fn make_static_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clerk-devserver-test-{}", ids::secret(12)));
    let write = |rel: &str, content: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    };
    write("index.html", INDEX_HTML);
    write("www/a.html", A_HTML);
    write("pkg/clerk.browser.js", CLERK_JS);
    write(SECRET_FILE, SECRET_CONTENT);
    write(".clerk-dev/clerk-dev.sqlite3", SECRET_CONTENT);
    dir
}

/// The state of a test server at `addr`: an in-memory database, `clock`, the shared signing key.
pub fn test_state(addr: std::net::SocketAddr, config: Config, clock: Arc<ManualClock>, static_dir: Option<PathBuf>) -> AppState {
    let mut opts = StateOptions::new(Db::open(None).expect("in-memory db"), addr);
    opts.config = config;
    opts.clock = clock;
    opts.ids = Ids::random();
    opts.static_dir = static_dir;
    opts.keys = Some(shared_keys());
    AppState::build(opts).expect("state")
}

impl TestServer {
    /// A server with the default configuration.
    pub async fn start() -> TestServer {
        TestServer::start_with(Config::default()).await
    }

    /// A server with this configuration.
    pub async fn start_with(config: Config) -> TestServer {
        TestServer::start_inner(config, false).await
    }

    /// A server started as with `--seed-demo`: the demo user exists (`demo::seed`), and a reset
    /// creates it again.
    pub async fn start_demo() -> TestServer {
        TestServer::start_inner(Config::default(), true).await
    }

    async fn start_inner(config: Config, seed_demo: bool) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().unwrap();
        let clock = Arc::new(ManualClock::new());
        let static_dir = make_static_dir();
        let st = if seed_demo {
            let mut opts = StateOptions::new(Db::open(None).expect("in-memory db"), addr);
            opts.config = config;
            opts.clock = clock.clone();
            opts.static_dir = Some(static_dir.clone());
            opts.keys = Some(shared_keys());
            opts.seed_demo = true;
            let st = AppState::build(opts).expect("state");
            let hash = clerk_devserver::password::hash(clerk_devserver::demo::DEMO_PASSWORD).expect("hash");
            st.db.tx_blocking(|tx| clerk_devserver::demo::seed(tx, &st, hash)).expect("demo seed");
            st
        } else {
            test_state(addr, config, clock.clone(), Some(static_dir.clone()))
        };
        let (tx, rx) = oneshot::channel::<()>();
        let served = st.clone();
        tokio::spawn(async move {
            clerk_devserver::serve(listener, served, async {
                let _ = rx.await;
            })
            .await
            .expect("serve");
        });
        TestServer {
            base: format!("http://{addr}"),
            addr,
            secret_key: st.secret_key.clone(),
            publishable_key: st.publishable_key.clone(),
            clock,
            st,
            http: browser(),
            static_dir,
            shutdown: Some(tx),
        }
    }

    /// The absolute URL of a path (with its query) on this server.
    pub fn fapi(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    // ---- Frontend API ------------------------------------------------------------------------

    pub async fn get(&self, c: &Client, path: &str) -> Resp {
        send(c.get(self.fapi(path))).await
    }

    /// A POST with a form body and ClerkJS's content-type (also when the body is empty).
    pub async fn post(&self, c: &Client, path: &str, form: &str) -> Resp {
        send(c.post(self.fapi(path)).header(CONTENT_TYPE, FORM).body(form.to_string())).await
    }

    pub async fn delete(&self, c: &Client, path: &str) -> Resp {
        send(c.delete(self.fapi(path))).await
    }

    /// `POST /v1/dev_browser`, as ClerkJS sends it (no body, no content-type); returns the id.
    pub async fn dev_browser(&self) -> String {
        let body = send(self.http.post(self.fapi("/v1/dev_browser"))).await.ok();
        body["id"].as_str().expect("dev browser id").to_string()
    }

    /// `POST /v1/client/sign_ins` with `strategy=ticket`; `query` is appended to the path as is.
    pub async fn ticket_sign_in(&self, c: &Client, query: &str, ticket: &str) -> Resp {
        let path = format!("/v1/client/sign_ins{query}");
        self.post(c, &path, &format!("strategy=ticket&ticket={ticket}")).await
    }

    /// Creates a user and signs them in on `c` with a ticket.
    pub async fn signed_in(&self, c: &Client) -> SignedIn {
        self.signed_in_with(c, "").await
    }

    /// Like `signed_in`, with a query (such as `?__clerk_db_jwt=…`) on the sign-in request.
    pub async fn signed_in_with(&self, c: &Client, query: &str) -> SignedIn {
        let user_id = self.new_user().await;
        let ticket = self.sign_in_token(&user_id).await;
        let body = self.ticket_sign_in(c, query, &ticket).await.ok();
        let client = &body["client"];
        SignedIn {
            user_id,
            session_id: body["response"]["created_session_id"].as_str().expect("created_session_id").to_string(),
            client_id: client["id"].as_str().expect("client id").to_string(),
            body,
        }
    }

    // ---- Backend API -------------------------------------------------------------------------

    fn bapi(&self, req: RequestBuilder) -> RequestBuilder {
        req.header(AUTHORIZATION, format!("Bearer {}", self.secret_key))
    }

    fn bapi_url(&self, path: &str) -> String {
        format!("{}/bapi{path}", self.base)
    }

    pub async fn bapi_get(&self, path: &str) -> Resp {
        send(self.bapi(self.http.get(self.bapi_url(path)))).await
    }

    pub async fn bapi_post(&self, path: &str, body: &Value) -> Resp {
        send(self.bapi(self.http.post(self.bapi_url(path))).json(body)).await
    }

    pub async fn bapi_patch(&self, path: &str, body: &Value) -> Resp {
        send(self.bapi(self.http.patch(self.bapi_url(path))).json(body)).await
    }

    pub async fn bapi_delete(&self, path: &str) -> Resp {
        send(self.bapi(self.http.delete(self.bapi_url(path)))).await
    }

    /// A BAPI request built by the caller (for custom headers), sent without the secret key.
    pub fn bapi_unauthenticated(&self, method: reqwest::Method, path: &str) -> RequestBuilder {
        browser().request(method, self.bapi_url(path))
    }

    /// `POST /bapi/v1/users`, which must succeed; returns the user JSON.
    pub async fn create_user(&self, body: Value) -> Value {
        self.bapi_post("/v1/users", &body).await.ok()
    }

    /// A user with a unique email address and some private metadata; returns its id.
    pub async fn new_user(&self) -> String {
        let n = unique();
        let user = self
            .create_user(json!({
                "email_address": [format!("user{n}@example.com")],
                "first_name": "Test",
                "last_name": format!("User{n}"),
                "private_metadata": {"secret": "bapi-only"},
            }))
            .await;
        user["id"].as_str().unwrap().to_string()
    }

    /// `POST /bapi/v1/sign_in_tokens`, which must succeed; returns the token (the ticket).
    pub async fn sign_in_token(&self, user_id: &str) -> String {
        self.sign_in_token_for(json!({ "user_id": user_id })).await
    }

    pub async fn sign_in_token_for(&self, body: Value) -> String {
        let t = self.bapi_post("/v1/sign_in_tokens", &body).await.ok();
        t["token"].as_str().expect("token").to_string()
    }

    /// The status of a sign-in token, read from the database.
    pub async fn token_status(&self, token: &str) -> String {
        self.query_text("SELECT status FROM sign_in_tokens WHERE token = ?1", token).await.expect("token exists")
    }

    // ---- the database ------------------------------------------------------------------------

    /// `SELECT COUNT(*) FROM <table>`.
    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        self.st.db.tx(move |tx| Ok(tx.query_row(&sql, [], |r| r.get(0))?)).await.unwrap()
    }

    /// The first column of the first row of `sql` (one `?1` parameter), as text; `None` for no row or NULL.
    pub async fn query_text(&self, sql: &str, arg: &str) -> Option<String> {
        let (sql, arg) = (sql.to_string(), arg.to_string());
        let row = self.st.db.tx(move |tx| Ok(tx.query_row(&sql, [&arg], |r| r.get::<_, Option<String>>(0)).optional()?));
        row.await.unwrap().flatten()
    }

    /// Every row of every table, rendered as text.
    pub async fn snapshot(&self) -> Snapshot {
        self.st
            .db
            .tx(|tx| {
                let tables: Vec<String> = tx
                    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")?
                    .query_map([], |r| r.get(0))?
                    .collect::<Result<_, _>>()?;
                let mut out = BTreeMap::new();
                for t in tables {
                    let mut stmt = tx.prepare(&format!("SELECT * FROM {t} ORDER BY rowid"))?;
                    let n = stmt.column_count();
                    let rows = stmt
                        .query_map([], |r| (0..n).map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}"))).collect())?
                        .collect::<Result<Vec<Vec<String>>, _>>()?;
                    out.insert(t, rows);
                }
                Ok(Snapshot(out))
            })
            .await
            .unwrap()
    }

    /// Asserts that the database is exactly as it was at `before`.
    pub async fn assert_unchanged(&self, before: &Snapshot) {
        let now = self.snapshot().await;
        for (table, rows) in &before.0 {
            assert_eq!(now.0.get(table), Some(rows), "table {table} changed");
        }
        assert_eq!(now.0.len(), before.0.len(), "tables were added or dropped");
    }

    /// Runs one SQL statement with one `?1` parameter (to set up what no API can yet, such as a
    /// phone number reserved for the second factor); returns the number of rows changed.
    pub async fn exec(&self, sql: &str, arg: &str) -> usize {
        let (sql, arg) = (sql.to_string(), arg.to_string());
        self.st.db.tx(move |tx| Ok(tx.execute(&sql, [&arg])?)).await.unwrap()
    }

    /// Asserts that every table but `changed` is exactly as it was at `before`.
    pub async fn assert_unchanged_except(&self, before: &Snapshot, changed: &[&str]) {
        let now = self.snapshot().await;
        for (table, rows) in &before.0 {
            if !changed.contains(&table.as_str()) {
                assert_eq!(now.0.get(table), Some(rows), "table {table} changed");
            }
        }
        assert_eq!(now.0.len(), before.0.len(), "tables were added or dropped");
    }

    // ---- the dev outbox ----------------------------------------------------------------------

    /// `GET /dev/outbox` with the secret key (optionally `?to=`), which must succeed.
    pub async fn outbox(&self, to: Option<&str>) -> Vec<Value> {
        let url = match to {
            Some(to) => format!("{}/dev/outbox?{}", self.base, form(&[("to", to)])),
            None => format!("{}/dev/outbox", self.base),
        };
        let res = send(browser().get(url).header(AUTHORIZATION, format!("Bearer {}", self.secret_key))).await;
        res.ok().as_array().expect("an array").clone()
    }

    /// The code of the newest message to `to`.
    pub async fn latest_code(&self, to: &str) -> String {
        let messages = self.outbox(Some(to)).await;
        let newest = messages.first().unwrap_or_else(|| panic!("no message to {to}"));
        newest["code"].as_str().expect("a code").to_string()
    }

    // ---- raw HTTP ----------------------------------------------------------------------------

    /// Sends `GET <raw_path>` byte for byte (no URL normalisation, unlike reqwest), returning the
    /// status and the body.
    pub async fn raw_get(&self, raw_path: &str) -> (u16, String) {
        let mut s = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        let req = format!("GET {raw_path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.addr);
        s.write_all(req.as_bytes()).await.unwrap();
        let mut buf = Vec::new();
        s.read_to_end(&mut buf).await.unwrap();
        let text = String::from_utf8_lossy(&buf).into_owned();
        let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("bad response: {text}"));
        let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
        (status, body)
    }
}

/// The whole database content at one moment.
#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot(pub BTreeMap<String, Vec<Vec<String>>>);

/// The ids of a user signed in through a ticket, and the sign-in response.
pub struct SignedIn {
    pub user_id: String,
    pub session_id: String,
    pub client_id: String,
    pub body: Value,
}

/// A response, read completely.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HeaderMap,
    pub text: String,
}

/// Sends a request and reads the whole response.
pub async fn send(req: RequestBuilder) -> Resp {
    let res = req.send().await.expect("request sent");
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    let text = res.text().await.expect("response body");
    Resp { status, headers, text }
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// Asserts a 200 and returns the JSON body.
    pub fn ok(&self) -> Value {
        assert_eq!(self.status, 200, "expected 200, got {}: {}", self.status, self.text);
        self.json()
    }

    /// Asserts Clerk's error body with this status and `errors[0].code`; returns `errors[0]`.
    pub fn error(&self, status: u16, code: &str) -> Value {
        assert_eq!(self.status, status, "status of {}", self.text);
        let body = self.json();
        assert_eq!(body["errors"][0]["code"], code, "code of {}", self.text);
        assert!(body["errors"][0]["long_message"].is_string(), "long_message in {}", self.text);
        body["errors"][0].clone()
    }

    /// Like `error`, and asserts `meta.param_name`.
    pub fn param_error(&self, status: u16, code: &str, param: &str) -> Value {
        let e = self.error(status, code);
        assert_eq!(e["meta"]["param_name"], param, "param_name of {}", self.text);
        e
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn set_cookies(&self) -> Vec<String> {
        self.headers.get_all(SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).map(str::to_string).collect()
    }

    /// The `Set-Cookie` of the `__client` cookie, if any.
    pub fn client_cookie(&self) -> Option<String> {
        self.set_cookies().into_iter().find(|c| c.starts_with("__client="))
    }
}

/// An `application/x-www-form-urlencoded` body (or query) from pairs.
pub fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

/// A number that is different on every call in the process (for unique emails and usernames).
pub fn next_unique() -> usize {
    unique()
}

/// Whether `key` appears as an object key anywhere in `v`.
pub fn has_key(v: &Value, key: &str) -> bool {
    match v {
        Value::Object(m) => m.iter().any(|(k, v)| k == key || has_key(v, key)),
        Value::Array(a) => a.iter().any(|v| has_key(v, key)),
        _ => false,
    }
}

/// The header and payload of a compact JWT (3 parts), without verifying it.
pub fn jwt_parts(jwt: &str) -> (Value, Value) {
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "a JWT has 3 parts: {jwt}");
    let decode = |p: &str| -> Value { serde_json::from_slice(&B64URL.decode(p).expect("base64url")).expect("JSON") };
    (decode(parts[0]), decode(parts[1]))
}

/// Verifies an RS256 JWT against the JWKS key with the header's `kid`; returns the payload, or
/// why the signature does not verify.
pub fn verify_rs256(jwt: &str, jwks: &Value) -> Result<Value, String> {
    let (header, payload) = jwt_parts(jwt);
    assert_eq!(header["alg"], "RS256");
    let jwk = jwks["keys"]
        .as_array()
        .expect("keys")
        .iter()
        .find(|k| k["kid"] == header["kid"])
        .unwrap_or_else(|| panic!("no key {} in {jwks}", header["kid"]));
    assert_eq!((&jwk["kty"], &jwk["alg"], &jwk["use"]), (&json!("RSA"), &json!("RS256"), &json!("sig")));
    let int = |name: &str| BigUint::from_bytes_be(&B64URL.decode(jwk[name].as_str().expect("n/e")).expect("base64url"));
    let key = RsaPublicKey::new(int("n"), int("e")).expect("RSA public key");
    let (signed, sig) = jwt.rsplit_once('.').unwrap();
    let sig = Signature::try_from(B64URL.decode(sig).expect("signature").as_slice()).map_err(|e| e.to_string())?;
    VerifyingKey::<Sha256>::new(key).verify(signed.as_bytes(), &sig).map_err(|e| e.to_string())?;
    Ok(payload)
}

// ---- sign-in steps and wallets, shared by the flow tests -------------------------------------

/// `POST /v1/client/sign_ins/{id}/<action>` with these form pairs.
pub async fn sign_in_step(srv: &TestServer, c: &Client, sign_in: &Value, action: &str, pairs: &[(&str, &str)]) -> Resp {
    let id = sign_in["id"].as_str().expect("sign-in id");
    srv.post(c, &format!("/v1/client/sign_ins/{id}/{action}"), &form(pairs)).await
}

/// A code that is certainly not `code`.
pub fn wrong_code(code: &str) -> &'static str {
    if code == "000000" {
        "111111"
    } else {
        "000000"
    }
}

/// `personal_sign` of `message` with `key`, as a wallet does: 0x + r‖s‖v.
pub fn personal_sign(key: &k256::ecdsa::SigningKey, message: &str) -> String {
    use sha3::{Digest, Keccak256};
    let mut h = Keccak256::new();
    h.update(format!("\x19Ethereum Signed Message:\n{}", message.len()).as_bytes());
    h.update(message.as_bytes());
    let (sig, recid) = key.sign_prehash_recoverable(&h.finalize()).unwrap();
    let mut out = String::from("0x");
    for b in sig.to_bytes().iter().chain(std::iter::once(&(27 + recid.to_byte()))) {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The wallet address of `key` (lower case).
pub fn wallet_address(key: &k256::ecdsa::SigningKey) -> String {
    clerk_devserver::web3::address_of(key.verifying_key())
}

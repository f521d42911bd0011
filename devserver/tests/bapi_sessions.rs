//! The Backend API's sessions: `GET /v1/sessions` (by user or client, status, pages; a bare array
//! or `{data, total_count}` with `paginated=true`), `GET /v1/sessions/{id}`, `POST
//! /v1/sessions/{id}/revoke`; and the official `@clerk/backend` reading them (when Node and the
//! package are installed).

mod common;

use clerk_devserver::config::Config;
use common::{browser, TestServer};
use serde_json::{json, Value};

fn multi() -> Config {
    Config::from_toml("[session]\nsingle_session_mode = false").unwrap()
}

/// The keys of the Backend API's `Session` schema (additionalProperties: false).
const SESSION_KEYS: [&str; 14] = [
    "object",
    "id",
    "client_id",
    "user_id",
    "status",
    "last_active_at",
    "last_active_organization_id",
    "actor",
    "latest_activity",
    "expire_at",
    "abandon_at",
    "created_at",
    "updated_at",
    "tasks",
];

fn assert_session_shape(s: &Value) {
    let mut keys: Vec<&str> = s.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    let mut want = SESSION_KEYS.to_vec();
    want.sort();
    assert_eq!(keys, want, "{s}");
    assert_eq!(s["object"], "session");
    assert_eq!(s["latest_activity"]["object"], "session_activity");
}

#[tokio::test]
async fn sessions_are_listed_by_user_or_client_newest_first() {
    let srv = TestServer::start_with(multi()).await;
    let a = srv.signed_in(&srv.http).await;
    srv.clock.advance(1_000);
    let b = srv.signed_in(&srv.http).await;
    // The first user also on another device.
    let phone = browser();
    srv.clock.advance(1_000);
    let ticket = srv.sign_in_token(&a.user_id).await;
    let a2 = srv.ticket_sign_in(&phone, "", &ticket).await.ok()["response"]["created_session_id"].as_str().unwrap().to_string();

    let list = srv.bapi_get(&format!("/v1/sessions?user_id={}", a.user_id)).await.ok();
    let ids: Vec<&str> = list.as_array().expect("a bare array").iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [a2.as_str(), a.session_id.as_str()]);
    for s in list.as_array().unwrap() {
        assert_session_shape(s);
        assert_eq!(s["user_id"], a.user_id.as_str());
        assert_eq!(s["status"], "active");
        assert!(s.get("user").is_none() && s.get("last_active_token").is_none(), "no user, no token: {s}");
    }
    let list = srv.bapi_get(&format!("/v1/sessions?client_id={}", a.client_id)).await.ok();
    let ids: Vec<&str> = list.as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [b.session_id.as_str(), a.session_id.as_str()]);
    let both = srv.bapi_get(&format!("/v1/sessions?client_id={}&user_id={}", a.client_id, b.user_id)).await.ok();
    assert_eq!(both.as_array().unwrap().len(), 1);
    assert_eq!(both[0]["id"], b.session_id.as_str());

    // Status filter, pages, and the paginated form.
    srv.post(&srv.http, &format!("/v1/client/sessions/{}/end", a.session_id), "").await.ok();
    let ended = srv.bapi_get(&format!("/v1/sessions?user_id={}&status=ended", a.user_id)).await.ok();
    assert_eq!(ended.as_array().unwrap().len(), 1);
    assert_eq!(ended[0]["id"], a.session_id.as_str());
    let active = srv.bapi_get(&format!("/v1/sessions?user_id={}&status=active", a.user_id)).await.ok();
    assert_eq!(active[0]["id"], a2.as_str());
    assert_eq!(srv.bapi_get(&format!("/v1/sessions?user_id={}&status=replaced", a.user_id)).await.ok(), json!([]));
    let page = srv.bapi_get(&format!("/v1/sessions?user_id={}&limit=1&offset=1", a.user_id)).await.ok();
    assert_eq!(page.as_array().unwrap().len(), 1);
    assert_eq!(page[0]["id"], a.session_id.as_str());
    let paginated = srv.bapi_get(&format!("/v1/sessions?user_id={}&limit=1&paginated=true", a.user_id)).await.ok();
    assert_eq!(paginated["total_count"], 2);
    assert_eq!(paginated["data"].as_array().unwrap().len(), 1);
    assert_eq!(paginated["data"][0]["id"], a2.as_str());
    assert_eq!(srv.bapi_get("/v1/sessions?user_id=user_nobody&paginated=true").await.ok(), json!({"data": [], "total_count": 0}));
}

#[tokio::test]
async fn a_list_needs_a_user_or_a_client_and_valid_parameters() {
    let srv = TestServer::start().await;
    srv.signed_in(&srv.http).await;
    srv.bapi_get("/v1/sessions").await.param_error(422, "form_param_missing", "user_id");
    srv.bapi_get("/v1/sessions?user_id=&client_id=").await.param_error(422, "form_param_missing", "user_id");
    srv.bapi_get("/v1/sessions?user_id=u&status=sleeping").await.param_error(422, "form_param_value_invalid", "status");
    srv.bapi_get("/v1/sessions?user_id=u&limit=0").await.param_error(422, "form_param_format_invalid", "limit");
    srv.bapi_get("/v1/sessions?user_id=u&limit=501").await.param_error(422, "form_param_format_invalid", "limit");
    srv.bapi_get("/v1/sessions?user_id=u&offset=-1").await.param_error(422, "form_param_format_invalid", "offset");
    srv.bapi_get("/v1/sessions?user_id=u&paginated=maybe").await.param_error(422, "form_param_format_invalid", "paginated");
    let res = send_unauthenticated(&srv, "/v1/sessions?user_id=u").await;
    assert_eq!(res.status, 401);
}

async fn send_unauthenticated(srv: &TestServer, path: &str) -> common::Resp {
    common::send(srv.bapi_unauthenticated(reqwest::Method::GET, path)).await
}

#[tokio::test]
async fn get_and_revoke_one_session() {
    let srv = TestServer::start().await;
    let s = srv.signed_in(&srv.http).await;
    let got = srv.bapi_get(&format!("/v1/sessions/{}", s.session_id)).await.ok();
    assert_session_shape(&got);
    assert_eq!((&got["id"], &got["client_id"], &got["user_id"]), (&json!(s.session_id), &json!(s.client_id), &json!(s.user_id)));
    assert_eq!(got["status"], "active");
    srv.bapi_get("/v1/sessions/sess_nope").await.error(404, "resource_not_found");

    srv.clock.advance(1_000);
    let revoked = srv.bapi_post(&format!("/v1/sessions/{}/revoke", s.session_id), &json!({})).await.ok();
    assert_session_shape(&revoked);
    assert_eq!(revoked["status"], "revoked");
    assert_eq!(revoked["updated_at"], srv.st.now());
    let client = srv.get(&srv.http, "/v1/client").await.ok()["response"].clone();
    assert_eq!(client["sessions"], json!([]));
    assert_eq!(client["last_active_session_id"], Value::Null);

    // Revoking again, or an ended session, answers it as it is.
    let before = srv.snapshot().await;
    let again = srv.bapi_post(&format!("/v1/sessions/{}/revoke", s.session_id), &json!({})).await.ok();
    assert_eq!(again["status"], "revoked");
    srv.assert_unchanged(&before).await;
    let other = srv.signed_in(&srv.http).await;
    srv.post(&srv.http, &format!("/v1/client/sessions/{}/end", other.session_id), "").await.ok();
    let ended = srv.bapi_post(&format!("/v1/sessions/{}/revoke", other.session_id), &json!({})).await.ok();
    assert_eq!(ended["status"], "ended");
    srv.bapi_post("/v1/sessions/sess_nope/revoke", &json!({})).await.error(404, "resource_not_found");
}

#[tokio::test]
async fn the_expiry_shown_is_the_effective_one() {
    let srv = TestServer::start_with(Config::from_toml("[session]\ninactivity_timeout_secs = 60").unwrap()).await;
    let s = srv.signed_in(&srv.http).await;
    let got = srv.bapi_get(&format!("/v1/sessions/{}", s.session_id)).await.ok();
    assert_eq!(got["expire_at"], srv.st.now() + 60_000);
    srv.clock.advance(60_000);
    let got = srv.bapi_get(&format!("/v1/sessions/{}", s.session_id)).await.ok();
    assert_eq!(got["status"], "expired");
    let expired = srv.bapi_get(&format!("/v1/sessions?user_id={}&status=expired", s.user_id)).await.ok();
    assert_eq!(expired.as_array().unwrap().len(), 1);
    // An expired session is answered as it is, not revoked.
    assert_eq!(srv.bapi_post(&format!("/v1/sessions/{}/revoke", s.session_id), &json!({})).await.ok()["status"], "expired");
}

/// Where `node_modules/@clerk/backend` is: `$CLERK_NODE_MODULES_PARENT`, else the repository root.
fn node_project() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("CLERK_NODE_MODULES_PARENT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".."));
    dir.join("node_modules/@clerk/backend/package.json").exists().then_some(dir)
}

#[tokio::test]
async fn the_official_backend_sdk_lists_gets_and_revokes_sessions() {
    let Some(project) = node_project() else {
        eprintln!("skipped: no node_modules/@clerk/backend (set CLERK_NODE_MODULES_PARENT)");
        return;
    };
    let srv = TestServer::start().await;
    let s = srv.signed_in(&srv.http).await;
    let script = r#"
        import { createClerkClient } from '@clerk/backend';
        // The bundle names its classes `_Session` and so on.
        const kind = (o) => o?.constructor.name.replace(/^_/, '');
        const clerk = createClerkClient({ secretKey: process.env.SK, apiUrl: process.env.API });
        const list = await clerk.sessions.getSessionList({ userId: process.env.USER_ID });
        const one = await clerk.sessions.getSession(process.env.SESSION_ID);
        const revoked = await clerk.sessions.revokeSession(process.env.SESSION_ID);
        const after = await clerk.sessions.getSessionList({ userId: process.env.USER_ID, status: 'revoked' });
        let missing;
        try { await clerk.sessions.getSession('sess_nope'); } catch (e) { missing = { status: e.status, code: e.errors?.[0]?.code }; }
        console.log(JSON.stringify({
          totalCount: list.totalCount,
          listed: list.data.map((s) => [kind(s), s.id, s.status, s.userId, s.clientId]),
          one: [kind(one), one.id, one.status, typeof one.lastActiveAt, typeof one.expireAt, kind(one.latestActivity)],
          revoked: [revoked.id, revoked.status],
          after: [after.totalCount, after.data.map((s) => s.status)],
          missing,
        }));
    "#;
    let (sk, api, user_id, session_id) = (srv.secret_key.clone(), srv.st.bapi_url.clone(), s.user_id.clone(), s.session_id.clone());
    // Off the runtime's thread: the server answers node on it meanwhile.
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .args(["--input-type=module", "-e", script])
            .current_dir(&project)
            .env("SK", sk)
            .env("API", api)
            .env("USER_ID", user_id)
            .env("SESSION_ID", session_id)
            .output()
    })
    .await
    .unwrap();
    let out = match out {
        Ok(out) => out,
        Err(e) => {
            eprintln!("skipped: node did not run: {e}");
            return;
        }
    };
    assert!(out.status.success(), "node failed: {}", String::from_utf8_lossy(&out.stderr));
    let got: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    assert_eq!(
        got,
        json!({
            "totalCount": 1,
            "listed": [["Session", s.session_id, "active", s.user_id, s.client_id]],
            "one": ["Session", s.session_id, "active", "number", "number", "SessionActivity"],
            "revoked": [s.session_id, "revoked"],
            "after": [1, ["revoked"]],
            "missing": {"status": 404, "code": "resource_not_found"},
        })
    );
}

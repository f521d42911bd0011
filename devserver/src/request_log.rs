//! The request capture behind `GET|DELETE /dev/requests` and the dashboard's `/dev/api/requests`:
//! the Frontend and Backend API requests as they arrived, with their answers' status and duration
//! (recorded by `middleware::record`), kept in memory in `AppState::requests`.

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::Mutex;

/// How many captured requests are kept.
const CAPTURE_CAPACITY: usize = 1000;

/// The captured requests, oldest first, each `{id, api, method, path, query, body, contentType,
/// origin, status, durationMs, createdAt}` (`truncated: true` when the body was cut); `api` is
/// `"fapi"` or `"bapi"`.
#[derive(Default)]
pub struct RequestLog {
    entries: Mutex<(u64, VecDeque<Value>)>,
}

impl RequestLog {
    /// Keeps `entry`, giving it the next id; the oldest goes when the log is full.
    pub fn push(&self, mut entry: Value) {
        let mut guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        guard.0 += 1;
        entry["id"] = json!(format!("req_{}", guard.0));
        if guard.1.len() == CAPTURE_CAPACITY {
            guard.1.pop_front();
        }
        guard.1.push_back(entry);
    }

    /// Newest first, those whose path starts with `prefix`, of one API (`"fapi"`, `"bapi"`) or
    /// of both (`None`).
    pub fn list(&self, prefix: &str, api: Option<&str>) -> Vec<Value> {
        let guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        guard
            .1
            .iter()
            .rev()
            .filter(|e| e["path"].as_str().is_some_and(|p| p.starts_with(prefix)))
            .filter(|e| api.is_none_or(|a| e["api"] == a))
            .cloned()
            .collect()
    }

    pub fn clear(&self) {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).1.clear();
    }
}

//! The request capture behind `GET|DELETE /dev/requests`: the Frontend API requests as they
//! arrived (recorded by `middleware::record`), kept in memory in `AppState::requests`.

use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::Mutex;

/// How many captured requests are kept.
const CAPTURE_CAPACITY: usize = 1000;

/// The captured requests, oldest first, each `{id, method, path, query, body, contentType,
/// origin, createdAt}` (`truncated: true` when the body was cut).
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

    /// Newest first, those whose path starts with `prefix`.
    pub fn list(&self, prefix: &str) -> Vec<Value> {
        let guard = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        guard.1.iter().rev().filter(|e| e["path"].as_str().is_some_and(|p| p.starts_with(prefix))).cloned().collect()
    }

    pub fn clear(&self) {
        self.entries.lock().unwrap_or_else(|p| p.into_inner()).1.clear();
    }
}

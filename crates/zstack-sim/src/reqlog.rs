//! The request log that `GET /_sim/requests` shows (never a token's value).

use serde::Serialize;
use std::collections::VecDeque;

const CAPACITY: usize = 10_000;

#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    pub id: u64,
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    /// The API name, when the path maps to one.
    pub api: Option<String>,
    /// `None` while unanswered, or when a fault hung or dropped the request.
    pub status: Option<u16>,
    /// Milliseconds since the server started.
    pub time_ms: u64,
    pub duration_ms: Option<u64>,
    pub has_auth: bool,
    /// `scripted`, `random`, `hang` or `drop` when a fault answered.
    pub fault: Option<String>,
}

#[derive(Debug, Default)]
pub struct RequestLog {
    next: u64,
    entries: VecDeque<Entry>,
}

impl RequestLog {
    pub fn begin(&mut self, mut e: Entry) -> u64 {
        self.next += 1;
        e.id = self.next;
        if self.entries.len() == CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(e);
        self.next
    }

    pub fn update(&mut self, id: u64, f: impl FnOnce(&mut Entry)) {
        if let Some(e) = self.entries.iter_mut().rev().find(|e| e.id == id) {
            f(e);
        }
    }

    pub fn all(&self) -> Vec<Entry> {
        self.entries.iter().cloned().collect()
    }

    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

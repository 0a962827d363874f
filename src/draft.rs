//! What the user is typing, kept per route in sessionStorage so that a dead
//! session (sign in again, come back) or a reload loses nothing.

use gloo_storage::{SessionStorage, Storage};
use leptos::prelude::*;

const PREFIX: &str = "zstack.draft:";

fn key(scope: &str, field: &str) -> String {
    format!("{PREFIX}{scope}:{field}")
}

/// A text signal restored from, and saved to, this tab's sessionStorage.
pub fn use_draft(scope: &str, field: &str, initial: &str) -> RwSignal<String> {
    let key = key(scope, field);
    let value =
        RwSignal::new(SessionStorage::get::<String>(&key).unwrap_or_else(|_| initial.to_owned()));
    Effect::new(move |_| {
        let v = value.get();
        let _ = SessionStorage::set(&key, v);
    });
    value
}

/// Forgets every draft (on an explicit sign-out: the next user must not see them).
pub fn clear_all() {
    let storage = SessionStorage::raw();
    let keys: Vec<String> = (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(PREFIX))
        .collect();
    for k in keys {
        let _ = storage.remove_item(&k);
    }
}

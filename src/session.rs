//! The ZStack session: kept in localStorage under `zstack.session`, mirrored in
//! a signal that every page reads, and kept consistent across tabs.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::cell::Cell;
use zstack_api::SessionInventory;

pub const STORAGE_KEY: &str = "zstack.session";

/// What the console keeps of a ZStack session. Never the password.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub uuid: String,
    #[serde(default)]
    pub account: Option<String>,
    /// Milliseconds since the epoch, when ZStack told us.
    #[serde(default, rename = "expiresAt")]
    pub expires_at: Option<f64>,
}

impl Session {
    /// Built from a login reply; the expiry is the session's lifetime added to
    /// our clock, since ZStack's dates carry no time zone.
    pub fn from_inventory(
        inv: &SessionInventory,
        account: Option<String>,
        now_ms: f64,
    ) -> Option<Session> {
        let uuid = inv
            .uuid
            .clone()
            .filter(|u| zstack_api::validate::uuid(u).is_ok())?;
        let expires_at = inv.lifetime_secs().map(|s| now_ms + s as f64 * 1000.0);
        Some(Session {
            uuid,
            account,
            expires_at,
        })
    }

    pub fn is_expired(&self, now_ms: f64) -> bool {
        self.expires_at.is_some_and(|t| now_ms >= t)
    }
}

/// The stored session, if it is well-formed. A corrupt or foreign value is removed.
pub fn load() -> Option<Session> {
    let raw = LocalStorage::raw().get_item(STORAGE_KEY).ok().flatten()?;
    match parse(&raw) {
        Some(s) => Some(s),
        None => {
            LocalStorage::delete(STORAGE_KEY);
            None
        }
    }
}

/// Reads a stored value; `None` for anything that is not a usable session.
pub fn parse(raw: &str) -> Option<Session> {
    serde_json::from_str::<Session>(raw)
        .ok()
        .filter(|s| zstack_api::validate::uuid(&s.uuid).is_ok())
}

pub fn store(session: &Session) {
    // Storage can be full or disabled; the session then lives for this tab only.
    let _ = LocalStorage::set(STORAGE_KEY, session);
}

pub fn remove() {
    LocalStorage::delete(STORAGE_KEY);
}

thread_local! {
    static CURRENT: Cell<Option<RwSignal<Option<Session>>>> = const { Cell::new(None) };
}

/// Creates the app-wide session signal. Called once by the app's root, so the
/// signal lives as long as the app (a signal belongs to the owner it is made in).
pub fn init() -> RwSignal<Option<Session>> {
    CURRENT.with(|c| {
        let s = RwSignal::new(load());
        c.set(Some(s));
        s
    })
}

/// The app-wide session signal.
pub fn current() -> RwSignal<Option<Session>> {
    CURRENT.with(|c| c.get()).unwrap_or_else(init)
}

/// The session to send with a request, unless it has expired by our clock.
pub fn usable(now_ms: f64) -> Option<Session> {
    current().get_untracked().filter(|s| !s.is_expired(now_ms))
}

/// Signs in this tab (and, through storage, others).
pub fn begin(session: Session) {
    store(&session);
    current().set(Some(session));
}

/// Drops the session here and in storage (sign-out, or ZStack said it is dead).
pub fn end() {
    remove();
    current().set(None);
}

/// Follows sign-in and sign-out done in other tabs (the `storage` event).
pub fn follow_other_tabs() {
    let handle = window_event_listener(leptos::ev::storage, |ev| {
        if ev.key().as_deref() == Some(STORAGE_KEY) || ev.key().is_none() {
            let next = ev.new_value().as_deref().and_then(parse);
            if current().get_untracked() != next {
                current().set(next);
            }
        }
    });
    // Lives as long as the app.
    std::mem::forget(handle);
}

/// Where to go after signing in: a path on this site, never another origin.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.starts_with("/\\")
                && !n.starts_with("/login") =>
        {
            n.to_owned()
        }
        _ => "/vms".to_owned(),
    }
}

/// The sign-in page that brings the user back to `here` (path and query).
pub fn login_path(here: &str) -> String {
    format!("/login?next={}", zstack_api::endpoint::percent_encode(here))
}

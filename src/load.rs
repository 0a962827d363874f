//! The state of one read a page shows, and running a call into it.

use crate::api;
use leptos::prelude::*;
use zstack_api::{ApiError, Endpoint};

#[derive(Debug, Clone, PartialEq)]
pub enum Load<T> {
    Loading,
    Ready(T),
    Failed(ApiError),
}

impl<T> Load<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Load::Ready(t) => Some(t),
            _ => None,
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Load<U> {
        match self {
            Load::Loading => Load::Loading,
            Load::Ready(t) => Load::Ready(f(t)),
            Load::Failed(e) => Load::Failed(e),
        }
    }

    pub fn error(&self) -> Option<&ApiError> {
        match self {
            Load::Failed(e) => Some(e),
            _ => None,
        }
    }
}

/// Starts a call now and puts its outcome in `into`. With `keep`, the old value
/// stays on screen while the new one loads (refreshes do not flicker).
pub fn spawn_into<E, T, F>(into: RwSignal<Load<T>>, endpoint: E, keep: bool, map: F)
where
    E: Endpoint + 'static,
    T: Send + Sync + 'static,
    F: FnOnce(E::Reply) -> T + 'static,
{
    if !keep || !into.with_untracked(|l| matches!(l, Load::Ready(_))) {
        into.set(Load::Loading);
    }
    leptos::task::spawn_local(async move {
        let result = api::call(&endpoint).await;
        // The page may be gone by now.
        let _ = into.try_set(match result {
            Ok(reply) => Load::Ready(map(reply)),
            Err(e) => Load::Failed(e),
        });
    });
}

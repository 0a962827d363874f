//! Light and dark: the system's choice (`prefers-color-scheme`, all in CSS)
//! unless the user picks one in the header, which is remembered and set as
//! `<html data-theme>`.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;

pub const STORAGE_KEY: &str = "zstack.theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    pub fn id(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn from_id(id: &str) -> Theme {
        Theme::ALL
            .into_iter()
            .find(|t| t.id() == id)
            .unwrap_or(Theme::System)
    }
}

// Reference-counted, not arena-owned: the first read may happen inside an
// effect, and an arena signal would be disposed with that effect's owner.
thread_local! {
    static THEME: ArcRwSignal<Theme> = ArcRwSignal::new(
        LocalStorage::raw()
            .get_item(STORAGE_KEY)
            .ok()
            .flatten()
            .map(|s| Theme::from_id(&s))
            .unwrap_or(Theme::System),
    );
}

/// The user's choice (tracked).
pub fn theme() -> Theme {
    THEME.with(|s| s.get())
}

/// Mirrors the choice on `<html data-theme>`; "system" removes it.
pub fn init() {
    Effect::new(move |_| {
        let Some(root) = document().document_element() else {
            return;
        };
        let _ = match theme() {
            Theme::System => root.remove_attribute("data-theme"),
            t => root.set_attribute("data-theme", t.id()),
        };
    });
}

pub fn set_theme(t: Theme) {
    let _ = match t {
        Theme::System => LocalStorage::raw().remove_item(STORAGE_KEY),
        t => LocalStorage::raw().set_item(STORAGE_KEY, t.id()),
    };
    THEME.with(|s| s.set(t));
}

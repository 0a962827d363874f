//! Small facts about the page's DOM that widgets share.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use std::sync::atomic::{AtomicUsize, Ordering};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// A document-unique id, so that several widgets (or tests) never share one.
pub fn next_id(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// The element that has the keyboard focus, if it is an HTML element.
pub fn focused_element() -> Option<web_sys::HtmlElement> {
    document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Local date and time, `2026-11-23 14:05:09`. Not `toLocaleString`: its
/// first call loads Intl data and was measured as a 53 ms main-thread task.
pub fn local_datetime(at_ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(at_ms));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

/// Whether the tab is hidden, kept by the document's `visibilitychange`
/// event. By hand: Leptos has listener helpers for the window only.
pub fn page_hidden() -> ReadSignal<bool> {
    let hidden = RwSignal::new(document().hidden());
    let on_change = Closure::<dyn Fn()>::new(move || {
        let _ = hidden.try_set(document().hidden());
    });
    let _ = document()
        .add_event_listener_with_callback("visibilitychange", on_change.as_ref().unchecked_ref());
    let on_change = SendWrapper::new(on_change);
    on_cleanup(move || {
        let _ = document().remove_event_listener_with_callback(
            "visibilitychange",
            on_change.as_ref().unchecked_ref(),
        );
    });
    hidden.read_only()
}

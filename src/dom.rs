//! Small facts about the page's DOM that widgets share.

use leptos::prelude::document;
use std::sync::atomic::{AtomicUsize, Ordering};
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

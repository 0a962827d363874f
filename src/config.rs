//! Deploy-time configuration read from `index.html`.

use std::cell::OnceCell;

const DEFAULT_API_ROOT: &str = "/zstack/v1";
/// How often guest-tools states are read again in the background.
const REFRESH_SECS: u32 = 30;

/// The background refresh period: localStorage `zstack.toolsRefreshSeconds`
/// (a test's or a demo's choice), else 30 s.
pub fn refresh_secs() -> u32 {
    use gloo_storage::{LocalStorage, Storage};
    LocalStorage::get::<u32>("zstack.toolsRefreshSeconds")
        .ok()
        .filter(|s| *s > 0)
        .unwrap_or(REFRESH_SECS)
}

thread_local! {
    static API_ROOT: OnceCell<String> = const { OnceCell::new() };
}

/// The API root from `<meta name="zstack-api-root">`, without a trailing slash.
///
/// Only same-origin paths are accepted: the token must never leave the origin.
pub fn api_root() -> String {
    API_ROOT.with(|cell| cell.get_or_init(read_api_root).clone())
}

fn read_api_root() -> String {
    let content = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[name='zstack-api-root']")
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"));
    sanitize_api_root(content.as_deref())
}

/// An absolute path on this origin, else the default.
pub fn sanitize_api_root(content: Option<&str>) -> String {
    match content.map(str::trim) {
        Some(root)
            if root.starts_with('/')
                && !root.starts_with("//")
                && !root.contains(['\\', '?', '#']) =>
        {
            root.trim_end_matches('/').to_owned()
        }
        _ => DEFAULT_API_ROOT.to_owned(),
    }
}

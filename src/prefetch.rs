//! Answers `assets/boot.js` asked for while the wasm downloaded and compiled
//! (the VM page's first reads: `zstack_api::prefetch`). Each is taken once,
//! by the request with the very same URL and session; anything else asks
//! the network as usual, so nothing is sent twice.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::AbortController;

/// Where boot.js leaves them: a `Map` of URL → `{answer, ctrl, auth}`.
const SLOT: &str = "__zsPrefetch";

pub struct Prefetched {
    /// The promise of `[status, ArrayBuffer]`: the body read in full.
    pub answer: js_sys::Promise,
    /// Aborts that fetch: the caller's timeout and drop guard use it.
    pub controller: AbortController,
}

/// The answer boot.js started for `url` with the session `auth`, if any;
/// removed as it is taken.
pub fn take(url: &str, auth: Option<&str>) -> Option<Prefetched> {
    let window = web_sys::window()?;
    let map: js_sys::Map = js_sys::Reflect::get(&window, &JsValue::from_str(SLOT))
        .ok()?
        .dyn_into()
        .ok()?;
    let key = JsValue::from_str(url);
    let entry = map.get(&key);
    if entry.is_undefined() {
        return None;
    }
    map.delete(&key);
    let field = |k: &str| js_sys::Reflect::get(&entry, &JsValue::from_str(k)).ok();
    let controller: AbortController = field("ctrl")?.dyn_into().ok()?;
    // Asked with another session than the one now signed in: not ours.
    if field("auth")?.as_string().as_deref() != auth {
        controller.abort();
        return None;
    }
    Some(Prefetched {
        answer: field("answer")?.dyn_into().ok()?,
        controller,
    })
}

/// Drops what no read took (aborting it), so that no later read, a refresh
/// minutes on, ever gets an answer from the page's start.
pub fn forget_rest() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let slot = JsValue::from_str(SLOT);
    if let Some(map) = js_sys::Reflect::get(&window, &slot)
        .ok()
        .and_then(|m| m.dyn_into::<js_sys::Map>().ok())
    {
        map.for_each(&mut |entry, _| {
            if let Some(c) = js_sys::Reflect::get(&entry, &JsValue::from_str("ctrl"))
                .ok()
                .and_then(|c| c.dyn_into::<AbortController>().ok())
            {
                c.abort();
            }
        });
        map.clear();
    }
    let _ = js_sys::Reflect::delete_property(&window, &slot);
}

/// [`forget_rest`] once the reads started in this task have taken theirs:
/// each takes its answer on its first poll, a microtask, before any timer.
pub fn forget_rest_soon() {
    gloo_timers::callback::Timeout::new(0, forget_rest).forget();
}

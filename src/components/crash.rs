//! The last resort. After a panic the app's reactive state can no longer be
//! trusted (and with `panic = "abort"` the WebAssembly instance may not run
//! again), so instead of a frozen or half-drawn screen the whole page is
//! replaced with a plain message and a Reload button.
//!
//! Everything here is built with DOM calls (text nodes, no HTML parsing, no
//! inline script or style, so the CSP holds), and the button is wired straight
//! to `location.reload`: no Rust code runs when it is clicked.

use crate::i18n::{k, Msg};
use wasm_bindgen::{JsCast, JsValue};

/// The id of the element that replaces the page.
pub const ELEMENT_ID: &str = "zs-crash";

/// Chains the crash screen after the panic hook already installed (the
/// console_error_panic_hook logging, which keeps the message and the stack).
pub fn install() {
    install_with(show);
}

/// [`install`] with another action after the previous hook (tests use a
/// container of their own instead of the whole page).
pub fn install_with(on_panic: fn()) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        previous(info);
        on_panic();
    }));
}

/// Replaces the page's content with the crash message. Calling it again
/// changes nothing; it never panics itself.
pub fn show() {
    let body = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.body());
    if let Some(body) = body {
        // Nothing more can be done if even this fails; the panic is logged already.
        let _ = replace(&body);
    }
}

/// A message in the current language. Untracked: the effect that was running
/// when the panic came must not gain a dependency now. The language signal's
/// lock is held only while its value is copied or set, never while other code
/// runs, so a panic cannot leave it held and this read cannot panic again.
fn text(m: Msg) -> &'static str {
    leptos::prelude::untrack(|| crate::i18n::t(m))
}

/// Replaces everything inside `root` with the crash message, unless it is
/// there already.
pub fn replace(root: &web_sys::Element) -> Result<(), JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    if document.get_element_by_id(ELEMENT_ID).is_some() {
        return Ok(());
    }
    let element = |tag: &str, class: &str, text: Option<&str>| {
        let el = document.create_element(tag)?;
        if !class.is_empty() {
            el.set_class_name(class);
        }
        if text.is_some() {
            el.set_text_content(text);
        }
        Ok::<_, JsValue>(el)
    };

    let main = element("main", "page page--narrow", None)?;
    main.set_id(ELEMENT_ID);
    let card = element("div", "card", None)?;
    let heading = element("h1", "", Some(text(k::common::BRAND)))?;
    card.append_child(&heading)?;
    let alert = element("p", "alert alert--error", Some(text(k::crash::MESSAGE)))?;
    alert.set_attribute("role", "alert")?;
    card.append_child(&alert)?;
    let kept = element("p", "muted", Some(text(k::crash::KEPT)))?;
    card.append_child(&kept)?;
    let button = element(
        "button",
        "button button--primary",
        Some(text(k::crash::RELOAD)),
    )?;
    button.set_attribute("type", "button")?;
    // `location.reload` bound to `location`: a plain JS function as the listener.
    let location = window.location();
    let reload: js_sys::Function = js_sys::Reflect::get(&location, &"reload".into())?.dyn_into()?;
    button.add_event_listener_with_callback("click", &reload.bind0(&location))?;
    card.append_child(&button)?;
    main.append_child(&card)?;

    // Drop the app's whole tree (it may be mid-update) and show only this.
    root.set_text_content(None);
    root.append_child(&main)?;
    document.set_title(text(k::crash::PAGE_TITLE));
    if let Ok(b) = button.dyn_into::<web_sys::HtmlElement>() {
        let _ = b.focus();
    }
    Ok(())
}

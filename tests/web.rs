//! Browser tests (wasm-bindgen-test in headless Chromium): components mounted
//! into a real DOM, and the storage-backed session.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen_test::*;
use zstack_console::components::badge::{Badge, Tone, VmStateBadge};
use zstack_console::session;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts a view into a fresh container and returns the container.
fn mount<F, V>(f: F) -> web_sys::HtmlElement
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    use wasm_bindgen::JsCast;
    let el: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&el).unwrap();
    let handle = leptos::mount::mount_to(el.clone(), f);
    std::mem::forget(handle);
    el
}

#[wasm_bindgen_test]
async fn badge_shows_value_as_text_with_icon_and_description() {
    let el = mount(
        || view! { <Badge text="<b>Not Connected</b>" tone=Tone::Bad description="The agent is away" testid="b"/> },
    );
    leptos::task::tick().await;
    let value = el.query_selector("[data-testid=b]").unwrap().unwrap();
    assert_eq!(value.text_content().unwrap(), "<b>Not Connected</b>");
    assert!(
        el.query_selector("b").unwrap().is_none(),
        "markup must stay text"
    );
    assert!(el.query_selector(".badge__icon").unwrap().is_some());
    assert!(el.text_content().unwrap().contains("The agent is away"));
}

#[wasm_bindgen_test]
async fn unknown_vm_state_is_shown_neutrally() {
    let el = mount(
        || view! { <VmStateBadge state=Some(zstack_api::VmState::from("Hibernating")) testid="s"/> },
    );
    leptos::task::tick().await;
    let value = el.query_selector("[data-testid=s]").unwrap().unwrap();
    assert_eq!(value.text_content().unwrap(), "Hibernating");
    assert!(el.query_selector(".badge--neutral").unwrap().is_some());
}

#[wasm_bindgen_test]
fn session_store_round_trips_and_discards_garbage() {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let s = session::Session {
        uuid: "0123456789abcdef0123456789abcdef".into(),
        account: Some("admin".into()),
        expires_at: Some(1e13),
    };
    session::store(&s);
    assert_eq!(session::load(), Some(s));
    for junk in [
        "not json",
        "{\"uuid\":\"short\"}",
        "42",
        "{\"token\":\"x\"}",
    ] {
        storage.set_item(session::STORAGE_KEY, junk).unwrap();
        assert_eq!(session::load(), None, "{junk}");
        assert_eq!(
            storage.get_item(session::STORAGE_KEY).unwrap(),
            None,
            "garbage is removed"
        );
    }
    session::remove();
}

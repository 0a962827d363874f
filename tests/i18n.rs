//! Browser tests of the language machinery: the switch re-renders text in
//! place, is remembered, and sets `<html lang>`.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen_test::*;
use zstack_console::i18n::{self, fill, k, tr, Lang};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

#[wasm_bindgen_test]
fn fills_placeholders_and_keeps_unknown_ones() {
    assert_eq!(
        fill("{n} of {total} VMs", &[("n", &3), ("total", &12)]),
        "3 of 12 VMs"
    );
    assert_eq!(fill("{x} and {", &[]), "{x} and {");
    assert_eq!(fill("已选 {n} 台", &[("n", &2)]), "已选 2 台");
}

#[wasm_bindgen_test]
fn browser_tags_map_to_our_languages() {
    assert_eq!(Lang::from_tag("zh-Hans-CN"), Some(Lang::ZhCn));
    assert_eq!(Lang::from_tag("zh_TW"), Some(Lang::ZhCn));
    assert_eq!(Lang::from_tag("en-GB"), Some(Lang::En));
    assert_eq!(Lang::from_tag("fr-FR"), None);
}

#[wasm_bindgen_test]
async fn switching_language_rewrites_text_in_place_and_is_remembered() {
    use wasm_bindgen::JsCast;
    let el: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&el).unwrap();
    i18n::set_lang(Lang::En);
    let handle = leptos::mount::mount_to(el.clone(), || {
        i18n::init();
        view! { <p>{tr(k::common::NOT_FOUND_TITLE)}</p> }
    });
    let english = el.text_content().unwrap();
    assert_eq!(english, "Page not found");

    i18n::set_lang(Lang::ZhCn);
    gloo_timers::future::TimeoutFuture::new(0).await;
    assert_eq!(el.text_content().unwrap(), "页面不存在");
    assert_eq!(
        document()
            .document_element()
            .unwrap()
            .get_attribute("lang")
            .as_deref(),
        Some("zh-CN")
    );
    let stored = web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .get_item(i18n::STORAGE_KEY)
        .unwrap();
    assert_eq!(stored.as_deref(), Some("zh-CN"));

    i18n::set_lang(Lang::En);
    gloo_timers::future::TimeoutFuture::new(0).await;
    assert_eq!(el.text_content().unwrap(), "Page not found");
    drop(handle);
}

#[wasm_bindgen_test]
fn zstack_dates_show_in_the_chosen_language() {
    let date = |s: &str| i18n::date(&zstack_api::Timestamp(s.into()));
    i18n::set_lang(Lang::ZhCn);
    assert_eq!(
        date("Nov 23, 2026 2:01:02 PM").as_deref(),
        Some("2026年11月23日 14:01")
    );
    assert_eq!(
        date("Jan 5, 2024 12:07:00 AM").as_deref(),
        Some("2024年1月5日 00:07")
    );
    i18n::set_lang(Lang::En);
    assert_eq!(
        date("Nov 23, 2026 2:01:02 PM").as_deref(),
        Some("Nov 23, 2026, 2:01 PM")
    );
    assert_eq!(
        date("Jan 5, 2024 12:07:00 AM").as_deref(),
        Some("Jan 5, 2024, 12:07 AM")
    );
    assert_eq!(
        date("Jan 5, 2024 12:30:00 PM").as_deref(),
        Some("Jan 5, 2024, 12:30 PM")
    );
    assert_eq!(date("not a date"), None);
}

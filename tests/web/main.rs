//! Browser tests (wasm-bindgen-test in headless Chromium): components mounted
//! into a real DOM, and the storage-backed session.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen_test::*;
use zstack_console::components::badge::{Badge, Tone, VmStateBadge};
use zstack_console::session;

mod choice;
mod console;
mod lifecycle;
mod routes;

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

mod transport {
    use super::*;
    use std::{cell::RefCell, rc::Rc};
    use wasm_bindgen::{prelude::Closure, JsCast, JsValue};
    use zstack_console::{api, config::sanitize_api_root};

    type Seen = Rc<RefCell<Vec<(String, Option<String>)>>>;

    /// Replaces `window.fetch` with a recorder that answers `body` with status 200.
    fn fake_fetch(body: &'static str) -> Seen {
        let seen: Seen = Rc::default();
        let log = seen.clone();
        let f = Closure::<dyn FnMut(web_sys::Request) -> js_sys::Promise>::new(
            move |req: web_sys::Request| {
                log.borrow_mut()
                    .push((req.url(), req.headers().get("Authorization").unwrap()));
                let init = web_sys::ResponseInit::new();
                init.set_status(200);
                let resp = web_sys::Response::new_with_opt_str_and_init(Some(body), &init).unwrap();
                js_sys::Promise::resolve(&JsValue::from(resp))
            },
        );
        let window: JsValue = web_sys::window().unwrap().into();
        js_sys::Reflect::set(&window, &"fetch".into(), f.as_ref().unchecked_ref()).unwrap();
        f.forget();
        seen
    }

    #[wasm_bindgen_test]
    async fn the_session_goes_only_with_calls_that_need_it_and_only_to_the_api_root() {
        let seen = fake_fetch(r#"{"inventories":[],"valid":true}"#);
        session::begin(session::Session {
            uuid: "a".repeat(32),
            account: None,
            expires_at: None,
        });
        api::call(&zstack_api::QueryVmInstance::by_uuid(&"b".repeat(32)))
            .await
            .unwrap();
        api::call(&zstack_api::ValidateSession {
            session_uuid: "c".repeat(32),
        })
        .await
        .unwrap();
        let seen = seen.borrow();
        let origin = web_sys::window().unwrap().location().origin().unwrap();
        assert!(
            seen[0]
                .0
                .starts_with(&format!("{origin}/zstack/v1/vm-instances")),
            "{}",
            seen[0].0
        );
        assert_eq!(
            seen[0].1.as_deref(),
            Some(format!("OAuth {}", "a".repeat(32)).as_str())
        );
        assert!(
            !seen[0].0.contains(&"a".repeat(32)),
            "the token is never in a URL"
        );
        assert_eq!(seen[1].1, None, "ValidateSession needs no Authorization");
        session::end();
    }

    #[wasm_bindgen_test]
    fn the_api_root_must_be_a_path_on_this_origin() {
        assert_eq!(sanitize_api_root(Some("/zstack/v1/")), "/zstack/v1");
        assert_eq!(
            sanitize_api_root(Some("/mn-2/zstack/v1")),
            "/mn-2/zstack/v1"
        );
        for bad in [
            "https://evil.example/zstack/v1",
            "//evil.example/zstack/v1",
            "zstack/v1",
            "/\\evil",
            "",
        ] {
            assert_eq!(sanitize_api_root(Some(bad)), "/zstack/v1", "{bad}");
        }
        assert_eq!(sanitize_api_root(None), "/zstack/v1");
    }
}

mod long_output {
    use super::*;
    use zstack_console::components::console::OutputView;

    #[wasm_bindgen_test]
    async fn a_megabyte_of_output_keeps_only_the_lines_in_view_in_the_dom() {
        let line = "0123456789 <b>not bold</b> abcdefghijklmnopqrstuvwxyz\n";
        let stdout: String = line.repeat(20_000);
        let stream = format!("standardStream: {stdout}, errorStream: oops");
        let el = mount(move || view! { <OutputView stream=stream/> });
        leptos::task::tick().await;
        let pane = el
            .query_selector("[data-testid=console-stdout]")
            .unwrap()
            .unwrap();
        let chars: usize = pane.get_attribute("data-chars").unwrap().parse().unwrap();
        assert_eq!(chars, stdout.chars().count());
        let shown = pane.text_content().unwrap();
        assert!(
            shown.len() < 20_000,
            "only a slice is in the DOM, got {} bytes",
            shown.len()
        );
        assert!(
            shown.starts_with("0123456789 <b>not bold</b>"),
            "as text, from the first line"
        );
        assert!(el.query_selector("b").unwrap().is_none());
        // Small panes stay plain text.
        let err = el
            .query_selector("[data-testid=console-stderr]")
            .unwrap()
            .unwrap();
        assert_eq!(err.text_content().unwrap(), "oops");
    }

    /// Lost 4-byte characters are said once, and only for output the
    /// management node stored (a script run's), where they are lost.
    #[wasm_bindgen_test]
    async fn stored_output_with_lost_characters_says_why_once() {
        let stream = "standardStream: ok \u{FFFD} and \u{FFFD}, errorStream: ";
        let el = mount(move || view! { <OutputView stream=stream stored=true/> });
        leptos::task::tick().await;
        let note = el
            .query_selector("[data-testid=output-lost-chars]")
            .unwrap()
            .expect("the note is shown")
            .text_content()
            .unwrap();
        assert!(note.contains("5.5.6"), "{note}");
        let all = el.text_content().unwrap();
        assert_eq!(all.matches("5.5.6").count(), 1, "said once: {all}");
        let el = mount(move || view! { <OutputView stream=stream/> });
        leptos::task::tick().await;
        assert!(el
            .query_selector("[data-testid=output-lost-chars]")
            .unwrap()
            .is_none());
    }
}

mod tool_badges {
    use super::*;
    use zstack_api::reason::{qga_severity, tools_status_severity, zwatch_severity, Severity};
    use zstack_api::{GuestToolsStatus, QgaState, ZWatchState};
    use zstack_console::components::reason::{qga_text, tools_status_text, zwatch_text};
    use zstack_console::i18n::{k, t, Msg};

    /// Mounts the badge for one value as the panel words it (ours translated,
    /// an unknown value as sent) and checks what a user and a screen reader get.
    async fn check(value: &str, severity: Severity, text: Option<(Msg, Msg)>) {
        // Read once, as the panel's closures would.
        let (shown, description) = untrack(|| match text {
            Some((m, d)) => (t(m).to_owned(), t(d)),
            None => (value.to_owned(), t(k::guest_tools::DESC_UNKNOWN)),
        });
        let text = shown.clone();
        let el = mount(
            move || view! { <Badge text=text tone=severity.into() description=description testid="v"/> },
        );
        leptos::task::tick().await;
        let shown_el = el.query_selector("[data-testid=v]").unwrap().unwrap();
        assert_eq!(
            shown_el.text_content().unwrap(),
            shown,
            "the value as worded"
        );
        assert!(!description.is_empty(), "{value} has a description");
        assert!(
            el.text_content().unwrap().contains(description),
            "{value}: description readable"
        );
        let icon = el.query_selector(".badge__icon").unwrap().unwrap();
        assert_eq!(icon.get_attribute("aria-hidden").as_deref(), Some("true"));
        let class = el.first_element_child().unwrap().class_name();
        let expected = match severity {
            Severity::Good => "badge--good",
            Severity::Warn => "badge--warn",
            Severity::Bad => "badge--bad",
            Severity::Busy => "badge--busy",
            Severity::Neutral => "badge--neutral",
        };
        assert!(class.contains(expected), "{value}: {class}");
    }

    #[wasm_bindgen_test]
    async fn every_tools_status_qga_and_zwatch_value_has_its_badge_and_unknowns_are_neutral() {
        for s in GuestToolsStatus::KNOWN
            .iter()
            .cloned()
            .chain([GuestToolsStatus::from("Hibernating")])
        {
            check(s.as_str(), tools_status_severity(&s), tools_status_text(&s)).await;
        }
        for q in QgaState::KNOWN
            .iter()
            .cloned()
            .chain([QgaState::from("Upgrading")])
        {
            check(q.as_str(), qga_severity(&q), qga_text(&q)).await;
        }
        for z in ZWatchState::KNOWN
            .iter()
            .cloned()
            .chain([ZWatchState::from("Paused")])
        {
            check(z.as_str(), zwatch_severity(&z), zwatch_text(&z)).await;
        }
        assert!(matches!(
            qga_severity(&QgaState::from("Upgrading")),
            Severity::Neutral
        ));
        assert!(qga_text(&QgaState::from("Upgrading")).is_none());
        assert!(matches!(
            tools_status_severity(&GuestToolsStatus::NotConnected),
            Severity::Bad | Severity::Warn
        ));
        assert!(matches!(qga_severity(&QgaState::Running), Severity::Good));
    }
}

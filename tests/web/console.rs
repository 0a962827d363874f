//! The command console: refusals beside the fields, the platform preset, history recall.

use super::*;
use wasm_bindgen::JsCast;
use zstack_api::history::{to_json, HistoryEntry, Outcome};
use zstack_console::{
    components::console::CommandConsole,
    vm_data::{Answers, VmData},
};

const VM: &str = "0123456789abcdef0123456789abcdef";

/// The console of a Windows VM whose agent runs, with no drafts left from earlier tests.
fn mount_console() -> web_sys::HtmlElement {
    mount_console_with(zstack_api::QgaState::Running)
}

/// The console alone (no guest-tools panel on the page), the agent as given.
fn mount_console_with(qga: zstack_api::QgaState) -> web_sys::HtmlElement {
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    mount(|| {
        let vm = zstack_api::VmInstanceInventory {
            uuid: Some(VM.into()),
            state: Some(zstack_api::VmState::Running),
            platform: Some(zstack_api::Platform::Windows),
            ..Default::default()
        };
        let info = zstack_api::VmGuestToolsInfo {
            status: Some(zstack_api::GuestToolsStatus::Running),
            ..Default::default()
        };
        let state = zstack_api::GuestToolsStateInventory {
            qga_state: Some(qga),
            ..Default::default()
        };
        provide_context(VmData::from_answers(
            VM.to_owned(),
            Answers {
                vm: Ok(Some(vm)),
                info: Ok(info),
                state: Ok(Some(state)),
                candidates: Ok(Vec::new().into()),
                latest: Ok(None),
                qga_enabled: Ok(Some(true)),
            },
        ));
        view! { <CommandConsole/> }
    })
}

fn input(el: &web_sys::HtmlElement, selector: &str, value: &str) {
    let field = el.query_selector(selector).unwrap().unwrap();
    js_sys::Reflect::set(&field, &"value".into(), &value.into()).unwrap();
    field
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

fn text(el: &web_sys::HtmlElement, selector: &str) -> String {
    el.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
        .unwrap_or_default()
}

fn click_run(el: &web_sys::HtmlElement) {
    let run: web_sys::HtmlElement = el
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    run.click();
}

#[wasm_bindgen_test]
async fn refused_values_say_why_beside_the_field() {
    let el = mount_console();
    leptos::task::tick().await;
    click_run(&el);
    leptos::task::tick().await;
    assert_eq!(text(&el, "#console-command-error"), "Enter a command.");
    input(&el, "#console-command", "hostname");
    input(&el, "#console-timeout", "5");
    click_run(&el);
    leptos::task::tick().await;
    assert_eq!(text(&el, "#console-command-error"), "");
    assert!(
        text(&el, "#console-timeout-error").contains("10"),
        "{}",
        text(&el, "#console-timeout-error")
    );
    input(&el, "#console-command", &"x".repeat(65_537));
    input(&el, "#console-timeout", "");
    click_run(&el);
    leptos::task::tick().await;
    assert!(
        text(&el, "#console-command-error").contains("65,536"),
        "{}",
        text(&el, "#console-command-error")
    );
    // The platform was preset from the VM's.
    let select = el.query_selector("#console-platform").unwrap().unwrap();
    assert_eq!(
        js_sys::Reflect::get(&select, &"value".into()).unwrap(),
        "Windows"
    );
}

#[wasm_bindgen_test]
async fn arrow_keys_recall_earlier_commands() {
    let entry = |cmd: &str, at: f64| HistoryEntry {
        at_ms: at,
        platform: "Linux".into(),
        command: cmd.into(),
        timeout_secs: None,
        duration_ms: Some(10),
        outcome: Outcome::Cancelled,
    };
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let key = zstack_api::history::storage_key(VM);
    storage
        .set_item(
            &key,
            &to_json(&[entry("whoami", 2.0), entry("hostname", 1.0)]),
        )
        .unwrap();
    let el = mount_console();
    leptos::task::tick().await;
    input(&el, "#console-command", "half-typed");
    let area: web_sys::HtmlTextAreaElement = el
        .query_selector("#console-command")
        .unwrap()
        .unwrap()
        .unchecked_into();
    let key_down = |k: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(k);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        area.set_selection_range(0, 0).unwrap();
        area.dispatch_event(&ev).unwrap();
    };
    key_down("ArrowUp");
    leptos::task::tick().await;
    assert_eq!(area.value(), "whoami");
    key_down("ArrowUp");
    leptos::task::tick().await;
    assert_eq!(area.value(), "hostname");
    area.set_selection_range(8, 8).unwrap();
    key_down("ArrowDown");
    leptos::task::tick().await;
    assert_eq!(area.value(), "whoami");
    key_down("ArrowDown");
    leptos::task::tick().await;
    assert_eq!(
        area.value(),
        "half-typed",
        "past the newest, the text being typed comes back"
    );
    storage.remove_item(&key).unwrap();
}

/// The console reads the page's one assessment itself: with no guest-tools
/// panel created before it, a VM whose agent is down still cannot run.
#[wasm_bindgen_test]
async fn without_the_panel_a_vm_whose_agent_is_down_cannot_run() {
    let el = mount_console_with(zstack_api::QgaState::NotRunning);
    for _ in 0..3 {
        leptos::task::tick().await;
    }
    let run: web_sys::HtmlButtonElement = el
        .query_selector("button[type=submit]")
        .unwrap()
        .unwrap()
        .unchecked_into();
    assert!(run.disabled(), "Run is disabled");
    assert!(
        text(&el, "#console-blocked").contains("not running"),
        "the reason is shown: {}",
        text(&el, "#console-blocked")
    );
}

//! Browser tests (wasm-bindgen-test, headless Chromium) for the hardening
//! pieces: the crash screen and the panic hook, the transport's handling of a
//! dead session and of a server that never answers, the test-only timing
//! overrides, replies that are not a command's result, and hostile text.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use std::{cell::RefCell, rc::Rc};
use wasm_bindgen::{prelude::Closure, JsCast, JsValue};
use wasm_bindgen_test::*;
use zstack_api::{ApiError, ErrorCode, ExecReply};
use zstack_console::{
    api,
    command::{check_exec_reply, wait_budget_ms},
    components::{alert::ErrorAlert, console::OutputView, crash},
    session,
};

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

fn document() -> web_sys::Document {
    window().document().unwrap()
}

fn storage() -> web_sys::Storage {
    window().local_storage().unwrap().unwrap()
}

/// A fresh container in the body (the test runner's own output must stay).
fn container(id: &str) -> web_sys::HtmlElement {
    if let Some(old) = document().get_element_by_id(id) {
        old.remove();
    }
    let el: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    el.set_id(id);
    document().body().unwrap().append_child(&el).unwrap();
    el
}

fn mount<F, V>(f: F) -> web_sys::HtmlElement
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    let el = container("hardening-mount");
    std::mem::forget(leptos::mount::mount_to(el.clone(), f));
    el
}

async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

mod crash_screen {
    use super::*;

    const ROOT: &str = "crash-root";

    fn in_root() {
        if let Some(root) = document().get_element_by_id(ROOT) {
            crash::replace(&root).unwrap();
        }
    }

    fn clear_previous_screen() {
        if let Some(old) = document().get_element_by_id(crash::ELEMENT_ID) {
            old.remove();
        }
    }

    #[wasm_bindgen_test]
    fn replaces_everything_with_a_plain_message_and_a_reload_button() {
        clear_previous_screen();
        let root = container(ROOT);
        root.set_text_content(Some("a half-drawn page"));
        let widget = document().create_element("section").unwrap();
        widget.set_text_content(Some("Command console"));
        root.append_child(&widget).unwrap();

        crash::replace(&root).unwrap();

        let text = root.text_content().unwrap();
        assert!(!text.contains("half-drawn") && !text.contains("Command console"));
        assert_eq!(root.child_element_count(), 1);
        let screen = root.first_element_child().unwrap();
        assert_eq!(screen.id(), crash::ELEMENT_ID);
        let alert = screen.query_selector("[role=alert]").unwrap().unwrap();
        assert_eq!(
            alert.text_content().unwrap(),
            "Something went wrong. Reload the page."
        );
        let button = screen.query_selector("button").unwrap().unwrap();
        assert_eq!(button.text_content().unwrap(), "Reload");
        assert_eq!(button.get_attribute("type").as_deref(), Some("button"));
        // Wired with addEventListener, not an inline handler (the CSP forbids those).
        assert!(button.get_attribute("onclick").is_none());
        assert!(screen.query_selector("[style], script").unwrap().is_none());
        let focused = document().active_element().unwrap();
        assert!(
            focused.is_same_node(Some(&button)),
            "the button has the focus"
        );

        // A second panic changes nothing.
        crash::replace(&root).unwrap();
        assert_eq!(root.child_element_count(), 1);
        clear_previous_screen();
    }

    #[wasm_bindgen_test]
    async fn a_panic_runs_the_logging_hook_and_then_shows_the_crash_screen() {
        clear_previous_screen();
        let root = container(ROOT);
        root.set_text_content(Some("the app"));
        // On top of the test harness's hook (which logs), as main.rs puts it
        // on top of console_error_panic_hook's.
        crash::install_with(in_root);
        // Panic in a task of its own, as an event handler or a timer would.
        let boom = Closure::once_into_js(|| -> () {
            panic!("deliberate panic for the crash screen test")
        });
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(boom.unchecked_ref(), 0)
            .unwrap();
        for _ in 0..50 {
            if document().get_element_by_id(crash::ELEMENT_ID).is_some() {
                break;
            }
            sleep(20).await;
        }
        let screen = document()
            .get_element_by_id(crash::ELEMENT_ID)
            .expect("the crash screen after a panic");
        assert!(root.contains(Some(&screen)));
        assert!(!root.text_content().unwrap().contains("the app"));
        assert!(screen
            .text_content()
            .unwrap()
            .contains("Something went wrong. Reload the page."));
        // The hook stays (std refuses to change it once a panic has happened);
        // without the root, later panics in this binary only log.
        root.remove();
    }
}

mod transport {
    use super::*;

    type Seen = Rc<RefCell<Vec<String>>>;

    /// `window.fetch` answering `status` and `body`, or never (`None`): then
    /// it only settles when the request is aborted, as a real fetch does.
    fn fake_fetch(answer: Option<(u16, &'static str)>) -> Seen {
        let seen: Seen = Rc::default();
        let log = seen.clone();
        let f = Closure::<dyn FnMut(web_sys::Request) -> js_sys::Promise>::new(
            move |req: web_sys::Request| {
                log.borrow_mut().push(req.url());
                match answer {
                    Some((status, body)) => {
                        let init = web_sys::ResponseInit::new();
                        init.set_status(status);
                        let resp = web_sys::Response::new_with_opt_str_and_init(Some(body), &init)
                            .unwrap();
                        js_sys::Promise::resolve(&JsValue::from(resp))
                    }
                    None => {
                        let signal = req.signal();
                        js_sys::Promise::new(&mut |_resolve, reject| {
                            let on_abort = Closure::once_into_js(move || {
                                // A real fetch rejects with a DOMException, which is an Error.
                                let e = js_sys::Error::new("The operation was aborted.");
                                e.set_name("AbortError");
                                let _ = reject.call1(&JsValue::NULL, &e);
                            });
                            signal
                                .add_event_listener_with_callback("abort", on_abort.unchecked_ref())
                                .unwrap();
                        })
                    }
                }
            },
        );
        let w: JsValue = window().into();
        js_sys::Reflect::set(&w, &"fetch".into(), f.as_ref().unchecked_ref()).unwrap();
        f.forget();
        seen
    }

    fn sign_in() {
        session::begin(session::Session {
            uuid: "d".repeat(32),
            account: Some("admin".into()),
            expires_at: None,
        });
    }

    #[wasm_bindgen_test]
    async fn id_1001_drops_the_session_from_storage_and_memory() {
        let seen = fake_fetch(Some((
            503,
            r#"{"error":{"code":"ID.1001","description":"The session is invalid","details":"Session expired"}}"#,
        )));
        sign_in();
        assert!(storage().get_item(session::STORAGE_KEY).unwrap().is_some());
        let result = api::call(&zstack_api::QueryVmInstance::by_uuid(&"b".repeat(32))).await;
        assert!(
            matches!(result, Err(ApiError::SessionInvalid(_))),
            "{result:?}"
        );
        assert_eq!(storage().get_item(session::STORAGE_KEY).unwrap(), None);
        assert_eq!(session::current().get_untracked(), None);
        // And nothing more is sent with it: the next call fails before the network.
        let sent = seen.borrow().len();
        let again = api::call(&zstack_api::QueryVmInstance::by_uuid(&"b".repeat(32))).await;
        assert!(matches!(again, Err(ApiError::SessionInvalid(_))));
        assert_eq!(seen.borrow().len(), sent);
    }

    #[wasm_bindgen_test]
    async fn a_server_that_never_answers_times_out_at_the_overridden_timeout() {
        storage()
            .set_item("zstack.requestTimeoutMs", "150")
            .unwrap();
        assert_eq!(api::request_timeout_ms(), 150);
        let seen = fake_fetch(None);
        sign_in();
        let started = api::now_ms();
        let result = api::call(&zstack_api::QueryVmInstance::by_uuid(&"b".repeat(32))).await;
        let took = api::now_ms() - started;
        storage().remove_item("zstack.requestTimeoutMs").unwrap();
        assert_eq!(result, Err(ApiError::TimedOut { after_ms: 150 }));
        assert!((140.0..2_000.0).contains(&took), "took {took} ms");
        assert_eq!(seen.borrow().len(), 1);
        // The session is not dropped for a timeout.
        assert!(session::current().get_untracked().is_some());
        session::end();
    }

    #[wasm_bindgen_test]
    fn the_timing_overrides_default_to_the_real_values() {
        let s = storage();
        s.remove_item("zstack.requestTimeoutMs").unwrap();
        s.remove_item("zstack.waitMarginSeconds").unwrap();
        assert_eq!(api::request_timeout_ms(), api::REQUEST_TIMEOUT_MS);
        assert_eq!(api::REQUEST_TIMEOUT_MS, 30_000);
        assert_eq!(wait_budget_ms(Some(10)), 40_000);
        assert_eq!(wait_budget_ms(None), 330_000);
        for junk in ["0", "-5", "abc", ""] {
            s.set_item("zstack.requestTimeoutMs", junk).unwrap();
            assert_eq!(api::request_timeout_ms(), 30_000, "{junk:?}");
        }
        s.set_item("zstack.waitMarginSeconds", "0").unwrap();
        // The command's own timeout always counts in full.
        assert_eq!(wait_budget_ms(Some(10)), 10_000);
        s.set_item("zstack.waitMarginSeconds", "nonsense").unwrap();
        assert_eq!(wait_budget_ms(Some(10)), 40_000);
        s.remove_item("zstack.requestTimeoutMs").unwrap();
        s.remove_item("zstack.waitMarginSeconds").unwrap();
    }
}

#[wasm_bindgen_test]
fn a_reply_without_stream_or_vm_is_not_a_command_result() {
    let empty = check_exec_reply(ExecReply::default());
    assert!(
        matches!(&empty, Err(ApiError::Malformed { status: 200, .. })),
        "{empty:?}"
    );
    assert!(empty
        .unwrap_err()
        .headline()
        .contains("could not be read (200 OK)"));
    let quiet = ExecReply {
        stream: None,
        vm_instance: Some(Default::default()),
    };
    assert!(check_exec_reply(quiet).is_ok());
    let normal = ExecReply {
        stream: Some("standardStream: , errorStream: ".into()),
        vm_instance: None,
    };
    assert!(check_exec_reply(normal).is_ok());
}

#[wasm_bindgen_test]
async fn hostile_error_text_is_shown_as_text() {
    let payload = "<img src=x onerror=window.__pwned=1>";
    let error = ApiError::Api {
        status: 503,
        error: ErrorCode {
            code: Some(format!("SYS.1000{payload}")),
            description: Some("<script>window.__pwned=2</script>".into()),
            details: Some(payload.into()),
            cause: Some(Box::new(ErrorCode {
                code: Some("<b>X</b>".into()),
                description: Some(payload.into()),
                ..Default::default()
            })),
            ..Default::default()
        },
    };
    let el = mount(move || {
        view! {
            <ErrorAlert error=Signal::derive(move || Some(error.clone()))/>
            <OutputView stream=format!("standardStream: {payload}, errorStream: <script>x</script>")/>
        }
    });
    leptos::task::tick().await;
    let text = el.text_content().unwrap();
    assert!(text.contains(&format!(
        "SYS.1000{payload}: <script>window.__pwned=2</script>"
    )));
    assert!(text.contains("<b>X</b>"));
    assert!(text.contains("<script>x</script>"));
    assert!(
        el.query_selector("img, script, b").unwrap().is_none(),
        "markup must stay text"
    );
    sleep(50).await;
    let pwned = js_sys::Reflect::get(&window(), &"__pwned".into()).unwrap();
    assert!(pwned.is_undefined());
}

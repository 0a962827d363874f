//! Browser tests of the script pages (wasm-bindgen-test, headless Chromium):
//! the whole app mounted at a route over a fake ZStack (`window.fetch`
//! answered per method and path, async APIs through a job), so routing, the
//! header, drafts and the session guard are the real ones.
#![cfg(target_arch = "wasm32")]

mod form;
mod library;
mod record;
mod run;

use leptos::prelude::*;
use std::{cell::RefCell, collections::HashMap, rc::Rc};
use wasm_bindgen::{prelude::Closure, JsCast, JsValue};
use wasm_bindgen_test::*;
use zstack_console::{app::App, draft, i18n, session};

wasm_bindgen_test_configure!(run_in_browser);

pub const SCRIPT: &str = "5c000000000000000000000000000001";
pub const RECORD: &str = "4ec00000000000000000000000000001";
pub const VM1: &str = "1a000000000000000000000000000001";
pub const VM2: &str = "1a000000000000000000000000000002";
pub const VM3: &str = "1a000000000000000000000000000003";

pub fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

pub fn document() -> web_sys::Document {
    window().document().unwrap()
}

/// One request as the fake server saw it.
#[derive(Clone, Debug)]
pub struct Req {
    pub method: String,
    /// After the API root, without the query.
    pub path: String,
    /// Decoded pairs.
    pub query: Vec<(String, String)>,
    pub body: Option<String>,
}

impl Req {
    pub fn param(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn conds(&self) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == "q")
            .map(|(_, v)| v.as_str())
            .collect()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(self.body.as_deref().unwrap_or("null")).unwrap()
    }
}

/// How the fake answers: now, or through an async job (202, then the body
/// at the job's poll).
pub enum Answer {
    Now(u16, String),
    Job(String),
}

pub fn ok(v: serde_json::Value) -> Answer {
    Answer::Now(200, v.to_string())
}

pub type Log = Rc<RefCell<Vec<Req>>>;

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

/// Replaces `window.fetch` with `answer`; job polls (`/api-jobs/`) are
/// answered here and not logged.
pub fn serve(answer: impl Fn(&Req) -> Answer + 'static) -> Log {
    let log: Log = Rc::default();
    let seen = log.clone();
    let jobs: Rc<RefCell<HashMap<String, String>>> = Rc::default();
    let answer = Rc::new(answer);
    let f = Closure::<dyn FnMut(web_sys::Request) -> js_sys::Promise>::new(
        move |request: web_sys::Request| {
            let (seen, jobs, answer) = (seen.clone(), jobs.clone(), answer.clone());
            wasm_bindgen_futures::future_to_promise(async move {
                let url = request.url();
                let tail = url.split_once("/zstack/v1").map(|(_, t)| t).unwrap_or(&url);
                let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
                let method = request.method();
                let body = if method == "GET" || method == "DELETE" {
                    None
                } else {
                    let text = wasm_bindgen_futures::JsFuture::from(request.text().unwrap())
                        .await
                        .unwrap();
                    text.as_string()
                };
                let respond = |status: u16, body: &str| {
                    let init = web_sys::ResponseInit::new();
                    init.set_status(status);
                    let body = (!body.is_empty()).then_some(body);
                    Ok(JsValue::from(
                        web_sys::Response::new_with_opt_str_and_init(body, &init).unwrap(),
                    ))
                };
                if let Some(id) = path.strip_prefix("/api-jobs/") {
                    let done = jobs.borrow().get(id).cloned();
                    return match done {
                        Some(b) => respond(200, &b),
                        None => respond(404, "the job has been expired"),
                    };
                }
                let req = Req {
                    method,
                    path: path.to_owned(),
                    query: query
                        .split('&')
                        .filter(|p| !p.is_empty())
                        .map(|p| {
                            let (k, v) = p.split_once('=').unwrap_or((p, ""));
                            (decode(k), decode(v))
                        })
                        .collect(),
                    body,
                };
                seen.borrow_mut().push(req.clone());
                match answer(&req) {
                    Answer::Now(status, body) => respond(status, &body),
                    Answer::Job(body) => {
                        let id = format!("{:032x}", jobs.borrow().len() + 1);
                        jobs.borrow_mut().insert(id.clone(), body);
                        respond(
                            202,
                            &format!(
                                r#"{{"location":"http://10.0.0.1:8080/zstack/v1/api-jobs/{id}"}}"#
                            ),
                        )
                    }
                }
            })
        },
    );
    let w: JsValue = window().into();
    js_sys::Reflect::set(&w, &"fetch".into(), f.as_ref().unchecked_ref()).unwrap();
    f.forget();
    log
}

/// The requests with this method and path.
pub fn sent(log: &Log, method: &str, path: &str) -> Vec<Req> {
    log.borrow()
        .iter()
        .filter(|r| r.method == method && r.path == path)
        .cloned()
        .collect()
}

pub fn sign_in() {
    session::store(&session::Session {
        uuid: "a".repeat(32),
        account: Some("admin".into()),
        expires_at: None,
    });
}

/// The app mounted at `path`, signed in, in English, with fast polling.
/// Dropping it unmounts the app (and its router's listeners).
pub struct Mounted {
    pub root: web_sys::HtmlElement,
    /// The app's reactive owner: disposed on drop, so that its router's
    /// window listeners go too (dropping the mount handle alone leaves
    /// them while anything still holds the owner).
    owner: Owner,
    handle: Option<Box<dyn std::any::Any>>,
}

pub fn mount_at(path: &str) -> Mounted {
    draft::clear_all();
    sign_in();
    i18n::set_lang(i18n::Lang::En);
    let storage = window().local_storage().unwrap().unwrap();
    storage.set_item("zstack.recordPollMs", "40").unwrap();
    window()
        .history()
        .unwrap()
        .push_state_with_url(&JsValue::NULL, "", Some(path))
        .unwrap();
    remount()
}

/// The app mounted again at the current location, drafts kept.
pub fn remount() -> Mounted {
    let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let owner = Owner::new();
    let handle =
        owner.with(|| leptos::mount::mount_to(root.clone(), || view! { <App/> }.into_any()));
    Mounted {
        root,
        owner,
        handle: Some(Box::new(handle)),
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.root.remove();
        drop(self.handle.take());
        self.owner.cleanup();
    }
}

pub async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Waits up to 5 s for `cond`.
pub async fn until(what: &str, cond: impl Fn() -> bool) {
    for _ in 0..250 {
        if cond() {
            return;
        }
        sleep(20).await;
    }
    panic!("timed out waiting for {what}");
}

pub fn pathname() -> String {
    window().location().pathname().unwrap()
}

pub fn find(root: &web_sys::Element, selector: &str) -> Option<web_sys::Element> {
    root.query_selector(selector).unwrap()
}

pub fn all(root: &web_sys::Element, selector: &str) -> Vec<web_sys::Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

pub fn text(root: &web_sys::Element, selector: &str) -> Option<String> {
    find(root, selector).map(|e| e.text_content().unwrap_or_default())
}

/// An element's accessible name as our markup gives it: `aria-labelledby`,
/// `aria-label`, a `<label for>`, else its text.
pub fn name_of(el: &web_sys::Element) -> String {
    if let Some(ids) = el.get_attribute("aria-labelledby") {
        return ids
            .split_whitespace()
            .filter_map(|id| document().get_element_by_id(id))
            .map(|e| e.text_content().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(" ");
    }
    if let Some(l) = el.get_attribute("aria-label") {
        return l;
    }
    if !el.id().is_empty() {
        let selector = format!("label[for='{}']", el.id());
        if let Some(label) = document().query_selector(&selector).unwrap() {
            return label.text_content().unwrap_or_default();
        }
    }
    el.text_content().unwrap_or_default().trim().to_owned()
}

/// The element matching `selector` whose accessible name is `name`.
pub fn named(root: &web_sys::Element, selector: &str, name: &str) -> Option<web_sys::HtmlElement> {
    all(root, selector)
        .into_iter()
        .find(|e| name_of(e) == name)
        .map(|e| e.unchecked_into())
}

pub fn button(root: &web_sys::Element, name: &str) -> web_sys::HtmlElement {
    named(root, "button", name).unwrap_or_else(|| panic!("no button {name:?}"))
}

/// Types `value` into an input or textarea as a user would (an `input` event).
pub fn type_into(el: &web_sys::HtmlElement, value: &str) {
    js_sys::Reflect::set(el, &"value".into(), &value.into()).unwrap();
    el.dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
}

/// Chooses `value` in a select (a `change` event).
pub fn choose(el: &web_sys::HtmlElement, value: &str) {
    js_sys::Reflect::set(el, &"value".into(), &value.into()).unwrap();
    el.dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

pub fn value_of(el: &web_sys::Element) -> String {
    js_sys::Reflect::get(el, &"value".into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

/// The header's navigation has the three links on a script page, each once.
#[wasm_bindgen_test]
async fn the_navigation_has_vms_scripts_and_runs() {
    let _log = serve(|_| ok(serde_json::json!({"inventories": [], "total": 0})));
    let app = mount_at("/scripts");
    until("the nav", || find(&app.root, "nav.app-nav").is_some()).await;
    let nav = find(&app.root, "nav.app-nav").unwrap();
    let links: Vec<(String, String)> = all(&nav, "a")
        .iter()
        .map(|a| (name_of(a), a.get_attribute("href").unwrap_or_default()))
        .collect();
    assert_eq!(
        links,
        vec![
            ("Virtual machines".into(), "/vms".into()),
            ("Scripts".into(), "/scripts".into()),
            ("Runs".into(), "/scripts/records".into()),
        ]
    );
    // No other link on the page is named like the navigation's.
    for a in all(&app.root, "main a") {
        let n = name_of(&a).to_lowercase();
        assert!(!n.contains("scripts") && !n.contains("runs"), "{n}");
    }
}

//! Browser tests of the ISO candidate listbox (wasm-bindgen-test in headless
//! Chromium): filtering through the searchbox, keyboard navigation through
//! KeyboardEvents on the listbox, virtualisation and the empty-list sentence.
#![cfg(target_arch = "wasm32")]

mod keyboard;
mod listing;

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use zstack_api::{
    iso::IsoRow,
    testing::{GIB, MIB},
    ImageInventory, VmState,
};
use zstack_console::components::iso_picker::{IsoCandidates, IsoRows};

wasm_bindgen_test_configure!(run_in_browser);

/// An option's ISO name: the first part of its accessible name (its content).
fn option_name(el: &web_sys::Element) -> String {
    el.query_selector(".iso-option__name")
        .unwrap()
        .expect("an option shows its name")
        .text_content()
        .unwrap_or_default()
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// An ISO candidate on backup storage `bs<uuid>` (zstack-api's shared builder).
fn image(
    uuid: &str,
    name: &str,
    size: u64,
    platform: &str,
    arch: &str,
    os: &str,
) -> ImageInventory {
    zstack_api::testing::iso_image(uuid, name, Some(size), platform, arch, os)
}

/// Six candidates; sorted by name they read: alpine, centos, debian, ubuntu, <b>…, windows
/// (`<` sorts before letters, so the markup one comes first).
fn sample() -> Vec<IsoRow> {
    [
        image(
            "u1",
            "ubuntu-22.04.4-live-server-amd64.iso",
            2 * GIB + 100 * MIB,
            "Linux",
            "x86_64",
            "Ubuntu 22.04",
        ),
        image(
            "c1",
            "CentOS-7-x86_64-Minimal-2009.iso",
            973 * MIB,
            "Linux",
            "x86_64",
            "CentOS 7",
        ),
        image(
            "w1",
            "Windows_Server_2019_zh-cn.iso",
            5 * GIB,
            "Windows",
            "x86_64",
            "Windows Server 2019",
        ),
        image(
            "a1",
            "alpine-virt-3.19.iso",
            60 * MIB,
            "Linux",
            "aarch64",
            "Alpine",
        ),
        image(
            "d1",
            "debian-11.9.0-amd64-netinst.iso",
            389 * MIB,
            "Linux",
            "x86_64",
            "Debian 11",
        ),
        image(
            "m1",
            "<b>bold</b><img src=x onerror=alert(3)>.iso",
            10 * MIB,
            "Other",
            "x86_64",
            "Other",
        ),
    ]
    .iter()
    .map(IsoRow::from_image)
    .collect()
}

struct Picker {
    root: web_sys::HtmlElement,
    filter: RwSignal<String>,
    selected: RwSignal<Option<String>>,
}

/// The app's stylesheet, so that the list has its real height and scrolls.
fn ensure_stylesheet() {
    if document().get_element_by_id("app-css").is_none() {
        let style = document().create_element("style").unwrap();
        style.set_id("app-css");
        style.set_text_content(Some(include_str!("../../style/main.css")));
        document().body().unwrap().append_child(&style).unwrap();
    }
}

impl Picker {
    fn mount(rows: Vec<IsoRow>, state: Option<VmState>) -> Picker {
        ensure_stylesheet();
        let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
        document().body().unwrap().append_child(&root).unwrap();
        let owner = Owner::new();
        let (filter, selected) =
            owner.with(|| (RwSignal::new(String::new()), RwSignal::new(None::<String>)));
        let rows = IsoRows::new(rows);
        let handle = owner.with(|| {
            leptos::mount::mount_to(root.clone(), move || {
                view! { <IsoCandidates rows=rows.clone() filter=filter selected=selected vm_state=state.clone()/> }
            })
        });
        std::mem::forget(handle);
        std::mem::forget(owner);
        Picker {
            root,
            filter,
            selected,
        }
    }

    fn listbox(&self) -> web_sys::HtmlElement {
        self.root
            .query_selector("[role=listbox]")
            .unwrap()
            .expect("a listbox")
            .unchecked_into()
    }

    fn searchbox(&self) -> web_sys::HtmlInputElement {
        self.root
            .query_selector("input[type=search]")
            .unwrap()
            .expect("a searchbox")
            .unchecked_into()
    }

    /// The option elements in the DOM, in document order.
    fn options(&self) -> Vec<web_sys::Element> {
        let mut out = Vec::new();
        let spacer = self
            .listbox()
            .first_element_child()
            .expect("the listbox's spacer");
        let mut next = spacer.first_element_child();
        while let Some(el) = next {
            if el.get_attribute("role").as_deref() == Some("option") {
                out.push(el.clone());
            }
            next = el.next_element_sibling();
        }
        out
    }

    /// The ISO names of the options in the DOM, top to bottom.
    fn option_names(&self) -> Vec<String> {
        let mut opts: Vec<(u32, String)> = self
            .options()
            .iter()
            .map(|el| {
                let pos = el.get_attribute("aria-posinset").unwrap().parse().unwrap();
                (pos, option_name(el))
            })
            .collect();
        opts.sort();
        opts.into_iter().map(|(_, n)| n).collect()
    }

    fn selected_names(&self) -> Vec<String> {
        self.options()
            .iter()
            .filter(|el| el.get_attribute("aria-selected").as_deref() == Some("true"))
            .map(option_name)
            .collect()
    }

    /// The option that aria-activedescendant points at, by its name.
    fn active_name(&self) -> Option<String> {
        let id = self.listbox().get_attribute("aria-activedescendant")?;
        let el = document()
            .get_element_by_id(&id)
            .expect("the active descendant exists");
        assert!(
            self.root.contains(Some(&el)),
            "the active descendant is inside the listbox"
        );
        Some(option_name(&el))
    }

    async fn type_filter(&self, text: &str) {
        let input = self.searchbox();
        input.set_value(text);
        input
            .dispatch_event(&web_sys::Event::new("input").unwrap())
            .unwrap();
        settle().await;
    }

    async fn key(&self, key: &str) {
        let init = js_sys::Object::new();
        js_sys::Reflect::set(&init, &"key".into(), &key.into()).unwrap();
        js_sys::Reflect::set(&init, &"bubbles".into(), &JsValue::TRUE).unwrap();
        js_sys::Reflect::set(&init, &"cancelable".into(), &JsValue::TRUE).unwrap();
        let ctor: js_sys::Function =
            js_sys::Reflect::get(&web_sys::window().unwrap(), &"KeyboardEvent".into())
                .unwrap()
                .unchecked_into();
        let event =
            js_sys::Reflect::construct(&ctor, &js_sys::Array::of2(&"keydown".into(), &init))
                .unwrap();
        let event: web_sys::Event = event.unchecked_into();
        self.listbox().dispatch_event(&event).unwrap();
        assert!(event.default_prevented(), "{key} is handled by the listbox");
        settle().await;
    }

    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }
}

async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

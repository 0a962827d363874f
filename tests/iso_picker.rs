//! Browser tests of the ISO candidate listbox (wasm-bindgen-test in headless
//! Chromium): filtering through the searchbox, keyboard navigation through
//! KeyboardEvents on the listbox, virtualisation and the empty-list sentence.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use zstack_api::{iso::IsoRow, ImageBackupStorageRefInventory, ImageInventory, Platform, VmState};
use zstack_console::components::iso_picker::{IsoCandidates, IsoRows};

wasm_bindgen_test_configure!(run_in_browser);

const GIB: u64 = 1 << 30;
const MIB: u64 = 1 << 20;

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

fn image(
    uuid: &str,
    name: &str,
    size: u64,
    platform: &str,
    arch: &str,
    os: &str,
) -> ImageInventory {
    ImageInventory {
        uuid: Some(uuid.into()),
        name: Some(name.into()),
        size: Some(size),
        platform: Some(Platform::from(platform)),
        architecture: Some(arch.into()),
        guest_os_type: Some(os.into()),
        backup_storage_refs: vec![ImageBackupStorageRefInventory {
            backup_storage_uuid: Some("bs0000000000000000000000000beijing".into()),
            ..Default::default()
        }],
        ..Default::default()
    }
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
        style.set_text_content(Some(include_str!("../style/main.css")));
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

#[wasm_bindgen_test]
async fn lists_every_candidate_sorted_by_name_with_size_platform_and_storage() {
    let p = Picker::mount(sample(), Some(VmState::Running));
    settle().await;
    assert_eq!(
        p.option_names(),
        [
            "<b>bold</b><img src=x onerror=alert(3)>.iso",
            "alpine-virt-3.19.iso",
            "CentOS-7-x86_64-Minimal-2009.iso",
            "debian-11.9.0-amd64-netinst.iso",
            "ubuntu-22.04.4-live-server-amd64.iso",
            "Windows_Server_2019_zh-cn.iso",
        ]
    );
    let text = p.text();
    for shown in [
        "2.1 GiB",
        "973.0 MiB",
        "Windows · x86_64 · Windows Server 2019",
        "aarch64",
        "bs0000000000000000000000000beijing",
        "6 ISOs",
    ] {
        assert!(text.contains(shown), "{shown:?} is shown");
    }
    // Markup in a name stays text.
    assert!(
        p.root.query_selector("b, img").unwrap().is_none(),
        "no element from an ISO name"
    );
    assert_eq!(
        p.listbox().get_attribute("aria-label").as_deref(),
        Some("ISO candidates")
    );
}

#[wasm_bindgen_test]
async fn filter_narrows_by_name_platform_and_size_units() {
    let p = Picker::mount(sample(), Some(VmState::Running));
    settle().await;

    p.type_filter("UBUNTU").await;
    assert_eq!(p.option_names(), ["ubuntu-22.04.4-live-server-amd64.iso"]);
    assert!(p.text().contains("1 of 6 ISOs"));

    p.type_filter("windows").await;
    assert_eq!(p.option_names(), ["Windows_Server_2019_zh-cn.iso"]);

    p.type_filter("gib").await;
    assert_eq!(
        p.option_names(),
        [
            "ubuntu-22.04.4-live-server-amd64.iso",
            "Windows_Server_2019_zh-cn.iso"
        ]
    );

    p.type_filter("MiB linux").await;
    assert_eq!(
        p.option_names(),
        [
            "alpine-virt-3.19.iso",
            "CentOS-7-x86_64-Minimal-2009.iso",
            "debian-11.9.0-amd64-netinst.iso"
        ]
    );

    p.type_filter("aarch64").await;
    assert_eq!(p.option_names(), ["alpine-virt-3.19.iso"]);
    assert_eq!(
        p.filter.get_untracked(),
        "aarch64",
        "the searchbox drives the filter signal"
    );

    p.type_filter("").await;
    assert_eq!(p.option_names().len(), 6);
}

#[wasm_bindgen_test]
async fn a_filter_that_matches_nothing_says_so_and_hides_the_listbox() {
    let p = Picker::mount(sample(), Some(VmState::Running));
    settle().await;
    p.type_filter("no-such-iso").await;
    assert!(p.option_names().is_empty());
    assert!(p.listbox().has_attribute("hidden"));
    let empty = p
        .root
        .query_selector("[data-testid=iso-empty]")
        .unwrap()
        .expect("an explanation");
    assert_eq!(empty.text_content().unwrap(), "No ISO matches the filter.");
}

#[wasm_bindgen_test]
async fn no_candidates_for_a_paused_vm_names_the_state() {
    let p = Picker::mount(Vec::new(), Some(VmState::Paused));
    settle().await;
    let empty = p
        .root
        .query_selector("[data-testid=iso-empty]")
        .unwrap()
        .expect("an explanation");
    let text = empty.text_content().unwrap();
    assert!(
        text.contains("Running or Stopped") && text.contains("Paused"),
        "{text}"
    );

    let q = Picker::mount(Vec::new(), Some(VmState::Running));
    settle().await;
    let text = q
        .root
        .query_selector("[data-testid=iso-empty]")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    assert!(text.contains("Enabled and Ready"), "{text}");
}

#[wasm_bindgen_test]
async fn arrows_home_end_move_the_selection_and_active_descendant() {
    let p = Picker::mount(sample(), Some(VmState::Running));
    settle().await;
    assert_eq!(p.active_name(), None);
    assert!(p.selected_names().is_empty());

    p.key("ArrowDown").await;
    assert_eq!(
        p.active_name().as_deref(),
        Some("<b>bold</b><img src=x onerror=alert(3)>.iso")
    );
    assert_eq!(
        p.selected_names(),
        ["<b>bold</b><img src=x onerror=alert(3)>.iso"]
    );

    p.key("ArrowDown").await;
    p.key("ArrowDown").await;
    assert_eq!(
        p.active_name().as_deref(),
        Some("CentOS-7-x86_64-Minimal-2009.iso")
    );
    assert_eq!(p.selected.get_untracked().as_deref(), Some("c1"));

    p.key("ArrowUp").await;
    assert_eq!(p.active_name().as_deref(), Some("alpine-virt-3.19.iso"));

    p.key("End").await;
    assert_eq!(
        p.active_name().as_deref(),
        Some("Windows_Server_2019_zh-cn.iso")
    );
    p.key("ArrowDown").await;
    assert_eq!(
        p.active_name().as_deref(),
        Some("Windows_Server_2019_zh-cn.iso"),
        "stays on the last"
    );

    p.key("Home").await;
    assert_eq!(
        p.active_name().as_deref(),
        Some("<b>bold</b><img src=x onerror=alert(3)>.iso")
    );
    assert_eq!(p.selected_names().len(), 1, "one option selected at a time");
}

#[wasm_bindgen_test]
async fn type_ahead_jumps_by_prefix_and_cycles_on_a_repeated_letter() {
    let rows: Vec<IsoRow> = [
        image("c1", "centos-7.iso", MIB, "Linux", "x86_64", "CentOS"),
        image("c2", "centos-8.iso", MIB, "Linux", "x86_64", "CentOS"),
        image("d1", "debian.iso", MIB, "Linux", "x86_64", "Debian"),
        image("w1", "win2019.iso", MIB, "Windows", "x86_64", "Windows"),
        image("w2", "win2022.iso", MIB, "Windows", "x86_64", "Windows"),
    ]
    .iter()
    .map(IsoRow::from_image)
    .collect();
    let p = Picker::mount(rows, Some(VmState::Stopped));
    settle().await;

    p.key("w").await;
    assert_eq!(p.active_name().as_deref(), Some("win2019.iso"));
    p.key("i").await;
    p.key("n").await;
    p.key("2").await;
    p.key("0").await;
    p.key("2").await;
    p.key("2").await;
    assert_eq!(
        p.active_name().as_deref(),
        Some("win2022.iso"),
        "\"win2022\" typed quickly"
    );

    // After a pause, one letter pressed again cycles through the rows with it.
    gloo_timers::future::TimeoutFuture::new(700).await;
    p.key("c").await;
    assert_eq!(p.active_name().as_deref(), Some("centos-7.iso"));
    p.key("c").await;
    assert_eq!(p.active_name().as_deref(), Some("centos-8.iso"));
    p.key("c").await;
    assert_eq!(
        p.active_name().as_deref(),
        Some("centos-7.iso"),
        "wraps around"
    );
}

#[wasm_bindgen_test]
async fn five_thousand_candidates_render_only_the_rows_in_view() {
    let rows: Vec<IsoRow> = (1..=5000)
        .map(|n| {
            image(
                &format!("b{n:05}"),
                &format!("bulk-{n:05}.iso"),
                (100 + n % 900) * MIB,
                "Linux",
                "x86_64",
                "Other",
            )
        })
        .map(|i| IsoRow::from_image(&i))
        .collect();
    let p = Picker::mount(rows, Some(VmState::Running));
    settle().await;
    let rendered = p.option_names();
    assert!(rendered.len() < 40, "{} options in the DOM", rendered.len());
    assert_eq!(rendered[0], "bulk-00001.iso");
    assert!(p.text().contains("5,000 ISOs"));
    let first: web_sys::Element = p.root.query_selector("[role=option]").unwrap().unwrap();
    assert_eq!(first.get_attribute("aria-setsize").as_deref(), Some("5000"));

    p.key("End").await;
    assert_eq!(p.active_name().as_deref(), Some("bulk-05000.iso"));
    let list = p.listbox();
    assert_eq!(
        list.scroll_top() + list.client_height(),
        list.scroll_height(),
        "scrolled to the end"
    );
    let rendered = p.option_names();
    assert!(rendered.len() < 40, "{} options in the DOM", rendered.len());
    assert!(
        rendered.contains(&"bulk-04995.iso".to_owned()),
        "the rows above the last are in view"
    );

    p.type_filter("bulk-0499").await;
    assert_eq!(p.option_names().len(), 10);
    assert!(p.text().contains("10 of 5,000 ISOs"));
    assert_eq!(p.active_name(), None, "the chosen row is filtered out");
    p.key("Home").await;
    assert_eq!(p.active_name().as_deref(), Some("bulk-04990.iso"));
}

#[wasm_bindgen_test]
async fn sorts_by_size_and_reverses_on_a_second_click() {
    let p = Picker::mount(sample(), Some(VmState::Running));
    settle().await;
    let button = |label: &str| -> web_sys::HtmlElement {
        let group = p
            .root
            .query_selector("[role=group]")
            .unwrap()
            .expect("the sort buttons");
        let mut next = group.first_element_child();
        while let Some(el) = next {
            if el.text_content().unwrap_or_default().starts_with(label) {
                return el.unchecked_into();
            }
            next = el.next_element_sibling();
        }
        panic!("no button {label}");
    };
    button("Sort by size").click();
    settle().await;
    assert_eq!(
        button("Sort by size")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    assert_eq!(
        button("Sort by name")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("false")
    );
    assert_eq!(
        p.option_names(),
        [
            "<b>bold</b><img src=x onerror=alert(3)>.iso",
            "alpine-virt-3.19.iso",
            "debian-11.9.0-amd64-netinst.iso",
            "CentOS-7-x86_64-Minimal-2009.iso",
            "ubuntu-22.04.4-live-server-amd64.iso",
            "Windows_Server_2019_zh-cn.iso",
        ]
    );
    button("Sort by size").click();
    settle().await;
    assert!(button("Sort by size")
        .text_content()
        .unwrap()
        .contains("largest first"));
    assert_eq!(p.option_names()[0], "Windows_Server_2019_zh-cn.iso");
    assert_eq!(
        p.option_names()[5],
        "<b>bold</b><img src=x onerror=alert(3)>.iso"
    );
    // A selection survives a new order and stays the active descendant.
    p.key("Home").await;
    button("Sort by name").click();
    settle().await;
    assert_eq!(
        p.active_name().as_deref(),
        Some("Windows_Server_2019_zh-cn.iso")
    );
    assert_eq!(
        p.option_names()[0],
        "<b>bold</b><img src=x onerror=alert(3)>.iso"
    );
}

#[wasm_bindgen_test]
async fn clicking_an_option_chooses_it() {
    let p = Picker::mount(sample(), None);
    settle().await;
    let third: web_sys::HtmlElement = p.options()[2].clone().unchecked_into();
    third.click();
    settle().await;
    assert_eq!(p.selected_names(), ["CentOS-7-x86_64-Minimal-2009.iso"]);
    assert_eq!(p.selected.get_untracked().as_deref(), Some("c1"));
}

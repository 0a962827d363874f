//! What the list shows: rows, filtering, the empty list, sorting, a click.

use super::*;
use leptos::prelude::*;
use wasm_bindgen_test::*;

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
        "bsu1",
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

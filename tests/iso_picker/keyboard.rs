//! The keyboard and scale: arrows, Home/End, type-ahead, 5,000 rows.

use super::*;
use leptos::prelude::*;
use wasm_bindgen_test::*;

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
    // The ten matches, from the first, as many as the view (and its overscan) holds.
    let names = p.option_names();
    let expected: Vec<String> = (4990..5000).map(|n| format!("bulk-{n:05}.iso")).collect();
    assert!(names.len() >= 5, "{names:?}");
    assert_eq!(names, expected[..names.len()]);
    assert!(p.text().contains("10 of 5,000 ISOs"));
    assert_eq!(p.active_name(), None, "the chosen row is filtered out");
    p.key("Home").await;
    assert_eq!(p.active_name().as_deref(), Some("bulk-04990.iso"));
}

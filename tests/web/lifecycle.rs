//! The guest-tools panel over ZStack's lifecycle answers: the upgrade offer,
//! the drive the tools ISO takes, the eviction question, the agent switch.

use super::*;
use wasm_bindgen::JsCast;
use zstack_api::{
    ApiError, GuestToolsInventory, GuestToolsStateInventory, GuestToolsStatus, Platform, QgaState,
    VmCdRomInventory, VmGuestToolsInfo, VmInstanceInventory, VmState,
};
use zstack_console::{
    components::guest_tools::GuestToolsPanel,
    vm_data::{Answers, VmData},
};

const VM: &str = "fedcba9876543210fedcba9876543210";

fn drive(id: u64, iso: Option<&str>, occupant: Option<&str>) -> VmCdRomInventory {
    VmCdRomInventory {
        device_id: Some(id),
        iso_uuid: iso.map(Into::into),
        occupant: occupant.map(Into::into),
        ..Default::default()
    }
}

/// What a test changes from a healthy running Linux VM at 0.9.0.
struct Case {
    drives: Vec<VmCdRomInventory>,
    platform: Platform,
    qga: QgaState,
    latest: Result<Option<GuestToolsInventory>, ApiError>,
    qga_enabled: Option<bool>,
}

impl Default for Case {
    fn default() -> Case {
        Case {
            drives: vec![drive(0, None, None)],
            platform: Platform::Linux,
            qga: QgaState::Running,
            latest: Ok(None),
            qga_enabled: Some(true),
        }
    }
}

fn offer(version: &str) -> Result<Option<GuestToolsInventory>, ApiError> {
    Ok(Some(GuestToolsInventory {
        version: Some(version.into()),
        ..Default::default()
    }))
}

fn mount_panel(c: Case) -> web_sys::HtmlElement {
    mount(move || {
        let vm = VmInstanceInventory {
            uuid: Some(VM.into()),
            state: Some(VmState::Running),
            platform: Some(c.platform),
            vm_cd_roms: c.drives,
            ..Default::default()
        };
        provide_context(VmData::from_answers(
            VM.to_owned(),
            Answers {
                vm: Ok(Some(vm)),
                info: Ok(VmGuestToolsInfo {
                    status: Some(GuestToolsStatus::Running),
                    version: Some("0.9.0".into()),
                    ..Default::default()
                }),
                state: Ok(Some(GuestToolsStateInventory {
                    qga_state: Some(c.qga),
                    ..Default::default()
                })),
                candidates: Ok(Vec::new().into()),
                latest: c.latest,
                qga_enabled: Ok(c.qga_enabled),
            },
        ));
        view! { <GuestToolsPanel/> }
    })
}

fn text_of(el: &web_sys::HtmlElement, selector: &str) -> Option<String> {
    el.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
}

fn buttons(el: &web_sys::HtmlElement) -> Vec<web_sys::HtmlButtonElement> {
    let list = el.query_selector_all("button").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

fn button(el: &web_sys::HtmlElement, starts: &str) -> Option<web_sys::HtmlButtonElement> {
    buttons(el)
        .into_iter()
        .find(|b| b.text_content().unwrap_or_default().starts_with(starts))
}

#[wasm_bindgen_test]
async fn zstacks_offer_is_the_upgrade_and_the_first_action() {
    let el = mount_panel(Case {
        latest: offer("1.0.0"),
        ..Case::default()
    });
    leptos::task::tick().await;
    assert_eq!(
        text_of(&el, "[data-testid=tools-upgrade]").as_deref(),
        Some("Upgrade available: 1.0.0")
    );
    let attach = button(&el, "Attach guest tools ISO").unwrap();
    assert_eq!(
        attach.text_content().unwrap(),
        "Attach guest tools ISO to upgrade to 1.0.0"
    );
    assert!(attach.class_name().contains("button--primary"));
    assert!(text_of(&el, "[data-testid=tools-reason]")
        .unwrap()
        .contains("out of date"));
}

#[wasm_bindgen_test]
async fn no_offer_is_up_to_date_and_a_failure_is_unknown() {
    let el = mount_panel(Case::default());
    leptos::task::tick().await;
    assert!(text_of(&el, "[data-testid=tools-upgrade]").is_none());
    assert_eq!(
        text_of(&el, "[data-testid=tools-latest]").as_deref(),
        Some("The installed version is the newest")
    );
    // Up to date, nothing to install, no tools ISO in: nothing is primary.
    let attach = button(&el, "Attach guest tools ISO").unwrap();
    assert_eq!(attach.text_content().unwrap(), "Attach guest tools ISO");
    assert!(!attach.class_name().contains("button--primary"));

    let el = mount_panel(Case {
        latest: Err(ApiError::Rest {
            status: 503,
            message: "the VM is not running".into(),
        }),
        ..Case::default()
    });
    leptos::task::tick().await;
    assert!(text_of(&el, "[data-testid=tools-upgrade]").is_none());
    let latest = text_of(&el, "[data-testid=tools-latest]").unwrap();
    assert!(latest.starts_with("Unknown"), "{latest}");
    assert!(!latest.contains("newest"), "{latest}");
}

#[wasm_bindgen_test]
async fn a_drive_holding_the_tools_iso_offers_detach_and_says_so() {
    let el = mount_panel(Case {
        drives: vec![
            drive(0, Some("user-iso"), Some("ISO")),
            drive(1, None, Some("GuestTools")),
        ],
        platform: Platform::Windows,
        ..Case::default()
    });
    leptos::task::tick().await;
    assert_eq!(
        text_of(&el, "[data-testid=tools-drive]").as_deref(),
        Some("The guest tools ISO is in CD-ROM 2.")
    );
    let detach = button(&el, "Detach guest tools ISO").unwrap();
    // Tools current and running, ISO still in: ejecting is what is left.
    assert!(detach.class_name().contains("button--primary"));
    assert!(text_of(&el, "#detach-note")
        .unwrap()
        .contains("temporary driver disk"));
}

#[wasm_bindgen_test]
async fn evicting_an_iso_asks_first_and_cancel_sends_nothing() {
    let el = mount_panel(Case {
        drives: vec![
            drive(1, Some("iso-b"), Some("ISO")),
            drive(0, Some("iso-a"), Some("ISO")),
        ],
        ..Case::default()
    });
    leptos::task::tick().await;
    let line = text_of(&el, "[data-testid=tools-drive]").unwrap();
    assert!(
        line.contains("iso-a") && line.contains("CD-ROM 1"),
        "{line}"
    );
    assert!(button(&el, "Detach guest tools ISO").is_none());
    button(&el, "Attach guest tools ISO").unwrap().click();
    leptos::task::tick().await;
    let dialog = el.query_selector("[role=alertdialog]").unwrap().unwrap();
    assert!(dialog.text_content().unwrap().contains("iso-a"));
    let attach = button(&el, "Attach guest tools ISO").unwrap();
    assert!(attach.disabled(), "no second click while asking");
    button(&el, "Cancel").unwrap().click();
    leptos::task::tick().await;
    assert!(el.query_selector("[role=alertdialog]").unwrap().is_none());
    // Nothing was sent: no job is under way and the button is back.
    assert!(!attach.disabled());
    assert_eq!(
        text_of(&el, "[data-testid=tools-status-message]").as_deref(),
        Some("")
    );
}

#[wasm_bindgen_test]
async fn no_cdrom_is_said_before_the_click() {
    let el = mount_panel(Case {
        drives: Vec::new(),
        qga: QgaState::NotInstalled,
        ..Case::default()
    });
    leptos::task::tick().await;
    let attach = button(&el, "Attach guest tools ISO").unwrap();
    assert!(attach.disabled());
    assert!(text_of(&el, "#attach-why").unwrap().contains("GT.1001"));
    assert!(text_of(&el, "[data-testid=tools-drive]").is_none());
}

#[wasm_bindgen_test]
async fn the_agent_switch_off_is_the_reason_and_the_box_shows_it() {
    let el = mount_panel(Case {
        qga_enabled: Some(false),
        ..Case::default()
    });
    leptos::task::tick().await;
    let reason = text_of(&el, "[data-testid=tools-reason]").unwrap();
    assert!(reason.contains("Guest agent enabled"), "{reason}");
    let boxes = el.query_selector_all("input[type=checkbox]").unwrap();
    assert_eq!(boxes.length(), 1);
    let b: web_sys::HtmlInputElement = boxes.item(0).unwrap().unchecked_into();
    assert!(!b.checked());
    let label = b.closest("label").unwrap().unwrap().text_content().unwrap();
    assert_eq!(label.trim(), "Guest agent enabled");
}

#[wasm_bindgen_test]
async fn features_read_as_phrases_with_the_raw_pair_kept() {
    let el = mount(|| {
        let mut features = std::collections::BTreeMap::new();
        features.insert("pvpanic".to_owned(), "enable".to_owned());
        features.insert("lighttpd.pid".to_owned(), "42".to_owned());
        provide_context(VmData::from_answers(
            VM.to_owned(),
            Answers {
                vm: Ok(None),
                info: Ok(VmGuestToolsInfo {
                    features,
                    ..Default::default()
                }),
                state: Ok(None),
                candidates: Ok(Vec::new().into()),
                latest: Ok(None),
                qga_enabled: Ok(None),
            },
        ));
        view! { <GuestToolsPanel/> }
    });
    leptos::task::tick().await;
    let list = el
        .query_selector("[data-testid=tools-features]")
        .unwrap()
        .unwrap();
    let items = list.query_selector_all("li").unwrap();
    let texts: Vec<String> = (0..items.length())
        .map(|i| items.item(i).unwrap().text_content().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "lighttpd.pid: 42",
            "The VM has a pvpanic device pvpanic: enable"
        ]
    );
}

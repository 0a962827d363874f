//! Running a script from its page: the VM choice carried in, each VM checked
//! before sending, then exactly one ExecuteGuestVmScript.

use super::*;
use serde_json::json;

fn vm(uuid: &str, name: &str, state: &str) -> serde_json::Value {
    json!({"uuid": uuid, "name": name, "state": state, "platform": "Linux"})
}

/// Three Linux VMs: web-1 ready, web-2 stopped, web-3 still running an
/// earlier run.
fn world(execute: Answer) -> Log {
    let execute = RefCell::new(Some(execute));
    serve(move |r| match (r.method.as_str(), r.path.as_str()) {
        ("GET", p) if p == format!("/scripts/{SCRIPT}") => ok(json!({"inventories": [{
            "uuid": SCRIPT, "name": "uptime", "scriptContent": "uptime", "platform": "Linux",
            "scriptType": "Shell", "scriptTimeout": 60
        }]})),
        ("GET", "/vm-instances") => ok(json!({"inventories": [
            vm(VM1, "web-1", "Running"), vm(VM2, "<b>web-2</b>", "Stopped"), vm(VM3, "web-3", "Running")
        ], "total": 3})),
        ("GET", "/guesttools") => ok(json!({"inventories": [
            {"vmInstanceUuid": VM1, "qgaState": "Running"},
            {"vmInstanceUuid": VM2, "qgaState": "Running"},
            {"vmInstanceUuid": VM3, "qgaState": "Running"}
        ]})),
        ("GET", "/scripts/records/details") => ok(json!({"inventories": [
            {"recordUuid": "0ld00000000000000000000000000000", "vmInstanceUuid": VM3, "status": "Running"}
        ]})),
        ("PUT", _) => execute
            .borrow_mut()
            .take()
            .unwrap_or_else(|| Answer::Now(500, "sent twice".into())),
        _ => ok(json!({"inventories": [], "total": 0})),
    })
}

fn verdict_of(root: &web_sys::Element, vm_name: &str) -> String {
    all(root, "[data-testid=run-check] li")
        .into_iter()
        .find(|li| text(li, ".script-chosen__name").as_deref() == Some(vm_name))
        .and_then(|li| text(&li, "[data-testid=run-verdict]"))
        .unwrap_or_else(|| panic!("no verdict for {vm_name}"))
}

#[wasm_bindgen_test]
async fn each_vm_is_checked_and_one_execute_carries_the_ones_that_can_run() {
    let record = json!({"inventory": {"uuid": RECORD, "scriptUuid": SCRIPT, "status": "Running"}});
    let log = world(Answer::Job(record.to_string()));
    let app = mount_at(&format!("/scripts/{SCRIPT}?vms={VM1},{VM2},{VM3}"));
    until("the verdicts", || {
        find(&app.root, "[data-testid=run-check]").is_some()
    })
    .await;
    assert!(verdict_of(&app.root, "web-1").starts_with("Ready"));
    assert!(verdict_of(&app.root, "<b>web-2</b>").contains("not running"));
    assert!(verdict_of(&app.root, "web-3").contains("has not finished"));
    assert!(
        find(&app.root, "[data-testid=run-check] b").is_none(),
        "names stay text"
    );
    assert_eq!(
        text(&app.root, "[data-testid=run-check-summary]").unwrap(),
        "1 will run it, 2 skipped"
    );
    // One query each for the chosen VMs and their agents, by UUID list.
    let tools = sent(&log, "GET", "/guesttools");
    assert_eq!(
        tools[0].conds(),
        vec![format!("vmInstanceUuid?={VM1},{VM2},{VM3}")]
    );
    assert_eq!(
        sent(&log, "GET", "/scripts/records/details")[0].conds(),
        vec!["status?=Uploading,Running"]
    );
    // The picker's checkbox names each VM.
    until("the picker", || {
        named(&app.root, "input[type=checkbox]", "Select web-1").is_some()
    })
    .await;
    let check: web_sys::HtmlInputElement = named(&app.root, "input[type=checkbox]", "Select web-1")
        .unwrap()
        .unchecked_into();
    assert!(check.checked(), "preselected from ?vms=");

    button(&app.root, "Run on selected VMs").click();
    until("the run's page", || {
        pathname() == format!("/scripts/records/{RECORD}")
    })
    .await;
    let puts = sent(&log, "PUT", &format!("/scripts/{SCRIPT}/actions"));
    assert_eq!(puts.len(), 1);
    assert_eq!(
        puts[0].json(),
        json!({"executeGuestVmScript": {"vmInstanceUuids": [VM1]}})
    );
}

#[wasm_bindgen_test]
async fn nothing_is_sent_when_no_chosen_vm_can_run_it() {
    let log = world(Answer::Now(500, "must not be sent".into()));
    let app = mount_at(&format!("/scripts/{SCRIPT}?vms={VM2},{VM3}"));
    until("the verdicts", || {
        find(&app.root, "[data-testid=run-check]").is_some()
    })
    .await;
    button(&app.root, "Run on selected VMs").click();
    until("the refusal", || {
        all(&app.root, "[role=alert]")
            .iter()
            .any(|a| a.text_content().unwrap().contains("nothing was sent"))
    })
    .await;
    assert!(sent(&log, "PUT", &format!("/scripts/{SCRIPT}/actions")).is_empty());
    assert_eq!(pathname(), format!("/scripts/{SCRIPT}"));
}

#[wasm_bindgen_test]
async fn a_vm_refused_only_at_the_click_is_shown_before_anything_is_sent() {
    // web-1 passes the first check; by the click an earlier run holds it.
    let checks = Rc::new(std::cell::Cell::new(0));
    let seen = checks.clone();
    let log = serve(move |r| match (r.method.as_str(), r.path.as_str()) {
        ("GET", p) if p == format!("/scripts/{SCRIPT}") => ok(json!({"inventories": [{
            "uuid": SCRIPT, "name": "uptime", "platform": "Linux", "scriptType": "Shell"
        }]})),
        ("GET", "/vm-instances") => {
            ok(json!({"inventories": [vm(VM1, "web-1", "Running")], "total": 1}))
        }
        ("GET", "/guesttools") => {
            ok(json!({"inventories": [{"vmInstanceUuid": VM1, "qgaState": "Running"}]}))
        }
        ("GET", "/scripts/records/details") => {
            seen.set(seen.get() + 1);
            let rows = if seen.get() > 1 {
                json!([{"recordUuid": RECORD, "vmInstanceUuid": VM1, "status": "Uploading"}])
            } else {
                json!([])
            };
            ok(json!({"inventories": rows}))
        }
        _ => Answer::Now(500, "must not be sent".into()),
    });
    let app = mount_at(&format!("/scripts/{SCRIPT}?vms={VM1}"));
    until("ready", || {
        find(&app.root, "[data-testid=run-check]").is_some()
            && verdict_of(&app.root, "web-1").starts_with("Ready")
    })
    .await;
    button(&app.root, "Run on selected VMs").click();
    until("the new refusal", || {
        find(&app.root, "[data-testid=run-check]").is_some()
            && verdict_of(&app.root, "web-1").contains("has not finished")
    })
    .await;
    assert!(sent(&log, "PUT", &format!("/scripts/{SCRIPT}/actions")).is_empty());
    assert!(checks.get() >= 2);
}

#[wasm_bindgen_test]
async fn past_twenty_vms_the_multi_vm_run_offers_a_script_with_the_command() {
    let _log = serve(|_| ok(json!({"inventories": [], "total": 0})));
    let many: Vec<String> = (1..=21).map(|i| format!("1c{i:030}")).collect();
    let app = mount_at(&format!("/run?vms={}", many[..20].join(",")));
    until("the form", || {
        named(&app.root, "textarea", "Command").is_some()
    })
    .await;
    assert!(
        find(&app.root, "[data-testid=multi-suggest-script]").is_none(),
        "20 VMs: not offered"
    );
    drop(app);

    let app = mount_at(&format!("/run?vms={}", many.join(",")));
    until("the form", || {
        named(&app.root, "textarea", "Command").is_some()
    })
    .await;
    type_into(
        &named(&app.root, "textarea", "Command").unwrap(),
        "uname -a",
    );
    // Each VM in the run's table is a link to its page.
    let vm_links = all(&app.root, "main table a");
    assert_eq!(vm_links.len(), 21);
    assert_eq!(
        vm_links[0].get_attribute("href").unwrap(),
        format!("/vms/{}", many[0])
    );
    let link = named(&app.root, "a", "Save this command as a script").expect("offered past 20");
    assert!(text(&app.root, "[data-testid=multi-suggest-script]")
        .unwrap()
        .contains("20"));
    link.click();
    until("the new script", || pathname() == "/scripts/new").await;
    until("the command in it", || {
        named(&app.root, "textarea", "Script").is_some_and(|c| value_of(&c) == "uname -a")
    })
    .await;
    assert!(window().location().search().unwrap().contains(&many[20]));
}

#[wasm_bindgen_test]
async fn a_long_choice_is_read_in_chunks_and_listed_odd_ones_first() {
    let many: Vec<String> = (1..=250).map(|i| format!("1d{i:030}")).collect();
    let log = serve(move |r| match (r.method.as_str(), r.path.as_str()) {
        ("GET", p) if p == format!("/scripts/{SCRIPT}") => ok(json!({"inventories": [{
            "uuid": SCRIPT, "name": "uptime", "platform": "Linux", "scriptType": "Shell"
        }]})),
        ("GET", "/vm-instances") => {
            let wanted: Vec<String> = r
                .conds()
                .iter()
                .filter_map(|c| c.strip_prefix("uuid?="))
                .flat_map(|l| l.split(',').map(str::to_owned).collect::<Vec<_>>())
                .collect();
            // The last VM is stopped: it is listed first.
            let rows: Vec<_> = wanted
                .iter()
                .map(|u| {
                    vm(
                        u,
                        &format!("vm-{}", &u[29..]),
                        if u.ends_with("250") {
                            "Stopped"
                        } else {
                            "Running"
                        },
                    )
                })
                .collect();
            ok(json!({"inventories": rows, "total": rows.len()}))
        }
        _ => ok(json!({"inventories": []})),
    });
    let app = mount_at(&format!("/scripts/{SCRIPT}?vms={}", many.join(",")));
    until("the verdicts", || {
        find(&app.root, "[data-testid=run-check]").is_some()
    })
    .await;
    let items = all(&app.root, "[data-testid=run-check] li");
    assert_eq!(items.len(), 200, "200 listed");
    assert_eq!(
        text(&items[0], ".script-chosen__name").unwrap(),
        "vm-250",
        "the refused one first"
    );
    assert!(app
        .root
        .text_content()
        .unwrap()
        .contains("…and 50 more chosen VMs."));
    let by_uuid: Vec<usize> = sent(&log, "GET", "/vm-instances")
        .iter()
        .filter_map(|r| {
            r.conds()
                .first()
                .and_then(|c| c.strip_prefix("uuid?="))
                .map(|l| l.split(',').count())
        })
        .collect();
    assert_eq!(by_uuid, [100, 100, 50], "chunks of 100 UUIDs");
}

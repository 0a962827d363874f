//! `/scripts/records/{uuid}`: the status followed to its end, paused while
//! the tab is hidden, each VM's row as sent, the groups, large runs paged.

use super::*;
use serde_json::json;
use std::cell::Cell;

fn detail(
    vm: &str,
    name: &str,
    status: &str,
    code: Option<i64>,
    out: &str,
    err: &str,
    cause: Option<&str>,
) -> serde_json::Value {
    let mut d = json!({
        "recordUuid": RECORD, "vmInstanceUuid": vm, "vmName": name, "status": status,
        "stdout": out, "stderr": err
    });
    if let Some(c) = code {
        d["exitCode"] = json!(c);
    }
    if let Some(c) = cause {
        d["errCause"] = json!(c);
    }
    d
}

/// A run that reads `Running` for `polls` answers, then `Succeed`.
fn run_world(polls: usize, details: Vec<serde_json::Value>) -> (Log, Rc<Cell<usize>>) {
    let reads = Rc::new(Cell::new(0));
    let count = reads.clone();
    let log = serve(move |r| match (r.method.as_str(), r.path.as_str()) {
        ("GET", p) if p == format!("/scripts/records/{RECORD}") => {
            count.set(count.get() + 1);
            // ZStack writes a running record's endTime equal to its startTime.
            let (status, end) = if count.get() > polls {
                ("Succeed", "Jan 6, 2017 3:52:16 AM")
            } else {
                ("Running", "Jan 6, 2017 3:51:16 AM")
            };
            ok(json!({"inventories": [{
                "uuid": RECORD, "scriptUuid": SCRIPT, "recordName": "uptime",
                "status": status, "executor": "admin", "startTime": "Jan 6, 2017 3:51:16 AM",
                "endTime": end
            }]}))
        }
        ("GET", "/scripts/records/details") => {
            let start: usize = r.param("start").unwrap_or("0").parse().unwrap();
            let limit: usize = r.param("limit").unwrap_or("1000").parse().unwrap();
            let page: Vec<_> = details.iter().skip(start).take(limit).cloned().collect();
            ok(json!({"inventories": page, "total": details.len()}))
        }
        ("GET", p) if p == format!("/scripts/{SCRIPT}") => ok(json!({"inventories": [{
            "uuid": SCRIPT, "name": "uptime", "platform": "Linux", "scriptType": "Shell"
        }]})),
        _ => ok(json!({"inventories": []})),
    });
    (log, reads)
}

fn row_of(root: &web_sys::Element, vm_name: &str) -> web_sys::Element {
    all(root, "table.script-details tbody tr")
        .into_iter()
        .find(|tr| text(tr, "th a").as_deref() == Some(vm_name))
        .unwrap_or_else(|| panic!("no row for {vm_name}"))
}

#[wasm_bindgen_test]
async fn a_run_is_followed_to_its_end_and_each_vm_shows_as_sent() {
    let details = vec![
        detail(VM1, "web-1", "Completed", Some(0), "ok\n", "", None),
        detail(VM2, "web-2", "Completed", Some(0), "ok\n", "", None),
        detail(
            VM3,
            "<b>web-3</b>",
            "Failed",
            Some(1),
            "<img src=x onerror=alert(1)>",
            "boom",
            None,
        ),
        detail(
            "1a000000000000000000000000000004",
            "web-4",
            "Failed",
            None,
            "",
            "",
            Some("agent not running"),
        ),
    ];
    let (log, reads) = run_world(2, details);
    let app = mount_at(&format!("/scripts/records/{RECORD}"));
    until("running", || {
        text(&app.root, "[data-testid=record-status]").as_deref() == Some("Running")
    })
    .await;
    let ended = || {
        let facts = find(&app.root, "dl.facts").unwrap();
        let dts = all(&facts, "dt");
        let at = dts
            .iter()
            .position(|dt| dt.text_content().unwrap() == "Ended")
            .unwrap();
        all(&facts, "dd")[at].text_content().unwrap()
    };
    assert_eq!(ended(), "—", "a running record's endTime is not its end");
    until("its end", || {
        text(&app.root, "[data-testid=record-status]").as_deref() == Some("Succeed")
    })
    .await;
    assert_eq!(ended(), "Jan 6, 2017, 3:52 AM");
    let after_end = reads.get();
    sleep(300).await;
    assert_eq!(reads.get(), after_end, "no poll after the end");
    // One details request per poll for a small run, never one per VM.
    let detail_reads = sent(&log, "GET", "/scripts/records/details");
    assert_eq!(detail_reads.len(), after_end);
    assert_eq!(
        detail_reads[0].conds(),
        vec![format!("recordUuid={RECORD}")]
    );

    let row = row_of(&app.root, "<b>web-3</b>");
    assert_eq!(text(&row, "[data-testid=detail-status]").unwrap(), "Failed");
    assert_eq!(text(&row, "[data-testid=detail-exit-code]").unwrap(), "1");
    assert_eq!(
        text(&row, "[data-testid=detail-stdout]").unwrap(),
        "<img src=x onerror=alert(1)>"
    );
    assert_eq!(text(&row, "[data-testid=detail-stderr]").unwrap(), "boom");
    assert_eq!(text(&row, "[data-testid=detail-err-cause]").unwrap(), "");
    assert!(
        find(&app.root, "main img, main b").is_none(),
        "output and names stay text"
    );
    assert!(
        row.text_content().unwrap().contains("not the script's"),
        "the Linux exit-code caveat"
    );
    assert_eq!(
        text(&row, "th a").map(|_| find(&row, "th a").unwrap().get_attribute("href").unwrap()),
        Some(format!("/vms/{VM3}"))
    );
    let gone = row_of(&app.root, "web-4");
    assert_eq!(
        text(&gone, "[data-testid=detail-err-cause]").unwrap(),
        "agent not running"
    );
    assert_eq!(text(&gone, "[data-testid=detail-exit-code]").unwrap(), "");
    assert_eq!(text(&gone, "[data-testid=detail-stderr]").unwrap(), "");
    // Nothing to copy or save where ZStack never ran it; a VM with output offers both.
    let offered = |row: &web_sys::Element| -> Vec<String> {
        all(row, "button")
            .iter()
            .filter(|b| !b.has_attribute("hidden"))
            .map(|b| b.text_content().unwrap())
            .collect()
    };
    assert_eq!(offered(&gone), Vec::<String>::new());
    assert_eq!(offered(&row), ["Copy output", "Download output"]);

    let groups = find(&app.root, "[data-testid=record-groups]").unwrap();
    let summary = text(&groups, ".script-groups__summary").unwrap();
    assert_eq!(
        summary,
        "2 VMs: same output, 1 VM differs, 1 could not run, 1 failed"
    );
    let titles: Vec<String> = all(&groups, "summary")
        .iter()
        .map(|s| s.text_content().unwrap())
        .collect();
    // Odd ones first; a group of up to three names its VMs.
    assert_eq!(
        titles[0], "1 VM could not run: agent not running — web-4",
        "odd ones first"
    );
    assert!(titles[1].starts_with("1 VM differs — "), "{titles:?}");
    assert!(titles[2].starts_with("2 VMs: same output — "), "{titles:?}");
    // ZStack never ran it there: opened, the group lists the VM, no output.
    let could_not = all(&groups, "details").remove(0);
    could_not.set_attribute("open", "").unwrap();
    until("the opened group's members", || {
        find(&could_not, ".script-groups__members a").is_some()
    })
    .await;
    assert!(find(&could_not, "[data-testid=group-stdout]").is_none());
    assert!(find(&could_not, "[data-testid=group-stderr]").is_none());
}

#[wasm_bindgen_test]
async fn polling_pauses_while_the_tab_is_hidden_and_resumes_on_return() {
    let (_log, reads) = run_world(
        usize::MAX,
        vec![detail(VM1, "web-1", "Running", None, "", "", None)],
    );
    let app = mount_at(&format!("/scripts/records/{RECORD}"));
    until("polling", || reads.get() >= 3).await;
    let doc: JsValue = document().into();
    let set_hidden = |hidden: bool| {
        let desc = js_sys::Object::new();
        let getter = Closure::<dyn Fn() -> bool>::new(move || hidden);
        js_sys::Reflect::set(&desc, &"get".into(), getter.as_ref()).unwrap();
        js_sys::Reflect::set(&desc, &"configurable".into(), &true.into()).unwrap();
        getter.forget();
        js_sys::Reflect::define_property(&doc.clone().into(), &"hidden".into(), &desc).unwrap();
        document()
            .dispatch_event(&web_sys::Event::new("visibilitychange").unwrap())
            .unwrap();
    };
    set_hidden(true);
    sleep(100).await;
    let hidden_at = reads.get();
    sleep(600).await;
    assert_eq!(reads.get(), hidden_at, "no poll while hidden");
    set_hidden(false);
    until("resumed", || reads.get() > hidden_at).await;
    // Back to the document's own `hidden`.
    js_sys::Reflect::delete_property(&doc.into(), &"hidden".into()).unwrap();
    drop(app);
}

#[wasm_bindgen_test]
async fn a_large_run_is_read_by_pages_and_drawn_by_pages() {
    let details: Vec<_> = (0..1_200)
        .map(|i| {
            detail(
                &format!("1b{i:030}"),
                &format!("vm-{i:04}"),
                "Completed",
                Some(0),
                "ok",
                "",
                None,
            )
        })
        .collect();
    let (log, _reads) = run_world(0, details);
    let app = mount_at(&format!("/scripts/records/{RECORD}"));
    until("rows", || {
        find(&app.root, "table.script-details tbody tr").is_some()
    })
    .await;
    let pages: Vec<String> = sent(&log, "GET", "/scripts/records/details")
        .iter()
        .map(|r| r.param("start").unwrap().to_owned())
        .collect();
    assert_eq!(pages, ["0", "500", "1000"], "one request per page of 500");
    assert_eq!(
        all(&app.root, "table.script-details tbody tr").len(),
        50,
        "50 rows drawn"
    );
    assert_eq!(
        text(&app.root, "[data-testid=detail-page]").unwrap(),
        "Page 1 of 24"
    );
    let summary = text(
        &app.root,
        "[data-testid=record-groups] .script-groups__summary",
    )
    .unwrap();
    assert_eq!(summary, "1,200 VMs: same output");
    button(&app.root, "Next page").click();
    until("page 2", || {
        text(&app.root, "table.script-details tbody tr th a").as_deref() == Some("vm-0050")
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_dead_session_while_following_returns_to_the_same_run_and_follows_on() {
    let reads = Rc::new(Cell::new(0));
    let count = reads.clone();
    let _log = serve(move |r| match (r.method.as_str(), r.path.as_str()) {
        ("GET", p) if p == format!("/scripts/records/{RECORD}") => {
            count.set(count.get() + 1);
            let status = match count.get() {
                2 => return Answer::Now(
                    503,
                    json!({"error": {"code": "ID.1001", "description": "The session is invalid"}})
                        .to_string(),
                ),
                n if n < 5 => "Running",
                _ => "Failed",
            };
            ok(json!({"inventories": [{"uuid": RECORD, "status": status}]}))
        }
        _ => ok(json!({"inventories": [], "total": 0})),
    });
    let app = mount_at(&format!("/scripts/records/{RECORD}"));
    until("sign-in", || pathname() == "/login").await;
    sign_in();
    session::begin(session::load().unwrap());
    until("back", || {
        pathname() == format!("/scripts/records/{RECORD}")
    })
    .await;
    until("followed to its end", || {
        text(&app.root, "[data-testid=record-status]").as_deref() == Some("Failed")
    })
    .await;
}

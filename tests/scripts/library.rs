//! `/scripts` and `/scripts/records`: lists paged and searched on the server.

use super::*;
use serde_json::json;

fn script(uuid: &str, name: &str) -> serde_json::Value {
    json!({
        "uuid": uuid, "name": name, "description": "<i>desc</i>",
        "platform": "Linux", "scriptType": "Shell", "scriptContent": "echo hi",
        "scriptTimeout": 60, "lastOpDate": "Jan 6, 2017 3:51:16 AM"
    })
}

#[wasm_bindgen_test]
async fn the_library_lists_scripts_as_text_links_carrying_the_vm_choice() {
    let log = serve(|r| {
        let searched = r.conds().iter().any(|c| c.starts_with("name~="));
        let rows = if searched {
            vec![]
        } else {
            vec![script(SCRIPT, "<b>deploy</b>")]
        };
        let total = rows.len();
        ok(json!({"inventories": rows, "total": total}))
    });
    let app = mount_at(&format!("/scripts?vms={VM1},{VM2}"));
    until("the row", || find(&app.root, "main tbody a").is_some()).await;
    let link = find(&app.root, "main tbody a").unwrap();
    assert_eq!(link.text_content().unwrap(), "<b>deploy</b>");
    assert!(
        find(&app.root, "main tbody b, main tbody i").is_none(),
        "names stay text"
    );
    assert_eq!(
        link.get_attribute("href").unwrap(),
        format!("/scripts/{SCRIPT}?vms={VM1},{VM2}")
    );
    let new = named(&app.root, "a", "New script").expect("link New script");
    assert_eq!(
        new.get_attribute("href").unwrap(),
        format!("/scripts/new?vms={VM1},{VM2}")
    );
    assert!(text(&app.root, "[data-testid=carried-vms]")
        .unwrap()
        .contains("2 VMs chosen"));
    let row = text(&app.root, "main tbody tr").unwrap();
    assert!(
        row.contains("Linux") && row.contains("Shell") && row.contains("Jan 6, 2017"),
        "{row}"
    );
    assert_eq!(
        text(&app.root, "[data-testid=script-count]").unwrap(),
        "1 script"
    );

    let first = sent(&log, "GET", "/scripts");
    assert_eq!(first[0].param("limit"), Some("50"));
    assert_eq!(first[0].param("start"), Some("0"));
    assert_eq!(first[0].param("replyWithCount"), Some("true"));
    assert_eq!(first[0].param("sort"), Some("+name"));

    let search = named(&app.root, "input", "Search scripts").expect("searchbox");
    assert_eq!(search.get_attribute("type").as_deref(), Some("search"));
    type_into(&search, "dep");
    until("the search sent", || {
        sent(&log, "GET", "/scripts")
            .iter()
            .any(|r| r.conds() == vec!["name~=%dep%"])
    })
    .await;
    until("no match said", || {
        text(&app.root, "[data-testid=script-empty]").is_some_and(|t| t.contains("“dep”"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn an_empty_library_says_how_to_begin() {
    let _log = serve(|_| ok(json!({"inventories": [], "total": 0})));
    let app = mount_at("/scripts");
    until("the empty sentence", || {
        find(&app.root, "[data-testid=script-empty]").is_some()
    })
    .await;
    let t = text(&app.root, "[data-testid=script-empty]").unwrap();
    assert!(
        t.contains("The library is empty") && t.contains("New script"),
        "{t}"
    );
}

#[wasm_bindgen_test]
async fn the_runs_list_is_newest_first_each_a_link() {
    let log = serve(|_| {
        ok(json!({"inventories": [{
            "uuid": RECORD, "scriptUuid": SCRIPT, "recordName": "<b>deploy</b>",
            "status": "Succeed", "executor": "admin",
            "startTime": "Jan 6, 2017 3:51:16 AM", "endTime": "Jan 6, 2017 3:52:16 AM"
        }, {
            "uuid": SCRIPT, "scriptUuid": SCRIPT, "recordName": "running",
            "status": "Running", "executor": "admin",
            "startTime": "Jan 6, 2017 4:00:00 AM", "endTime": "Jan 6, 2017 4:00:00 AM"
        }], "total": 2}))
    });
    let app = mount_at("/scripts/records");
    until("the row", || find(&app.root, "main tbody a").is_some()).await;
    let link = find(&app.root, "main tbody a").unwrap();
    assert_eq!(link.text_content().unwrap(), "<b>deploy</b>");
    assert_eq!(
        link.get_attribute("href").unwrap(),
        format!("/scripts/records/{RECORD}")
    );
    let cells = |tr: &web_sys::Element| -> Vec<String> {
        all(tr, "td")
            .iter()
            .map(|td| td.text_content().unwrap())
            .collect()
    };
    let rows = all(&app.root, "main tbody tr");
    assert_eq!(
        cells(&rows[0])[1..],
        [
            "admin",
            "Succeed",
            "Jan 6, 2017, 3:51 AM",
            "Jan 6, 2017, 3:52 AM"
        ]
    );
    assert_eq!(cells(&rows[1])[4], "—", "a running record has no end yet");
    let q = &sent(&log, "GET", "/scripts/records")[0];
    assert_eq!(q.param("sort"), Some("-startTime"));
    assert_eq!(q.param("replyWithCount"), Some("true"));
    assert_eq!(
        text(&app.root, "[data-testid=runs-count]").unwrap(),
        "2 runs"
    );
}

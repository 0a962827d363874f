//! Reading the library and its runs back: search, sort, paging and counts,
//! and a run over 2,000 VMs that starts, ends and pages cheaply.

use crate::common::scripts::*;
use crate::common::*;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[tokio::test]
async fn queries_page_search_sort_and_count() {
    let sim = start(quick()).await;
    let s = sim.login().await;
    for name in ["backup-db", "Backup-web", "restart nginx", "清理日志"] {
        create_ok(&sim, &s, shell(name, "true")).await;
    }
    let q = [
        ("q", "name~=%backup%"),
        ("sort", "+name"),
        ("replyWithCount", "true"),
    ];
    let a = sim.query("/scripts", &s, &q).await.json();
    assert_eq!(a["total"], 2);
    let names: Vec<&str> = a["inventories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["backup-db", "Backup-web"]);
    let page = sim
        .query(
            "/scripts",
            &s,
            &[
                ("start", "1"),
                ("limit", "2"),
                ("sort", "-name"),
                ("replyWithCount", "true"),
            ],
        )
        .await
        .json();
    assert_eq!(
        (
            page["total"].as_u64(),
            page["inventories"].as_array().unwrap().len()
        ),
        (Some(4), 2)
    );
    let count = sim
        .query(
            "/scripts",
            &s,
            &[("q", "platform=Linux"), ("count", "true")],
        )
        .await
        .json();
    assert_eq!(count, json!({"total": 4}));
    sim.query("/scripts", &s, &[("q", "colour=red")])
        .await
        .assert_api_error("SYS.1007");

    // A run's VMs, paged on the server, sorted by VM UUID.
    let mut vms = Vec::new();
    for n in [WEB, APP, LEGACY, FRESH, BATCH, ARCHIVE, DB] {
        vms.push(sim.vm(&s, n).await);
    }
    let (r, all) = run_to_end(&sim, &s, "hostname", &vms).await;
    let rec = r["uuid"].as_str().unwrap();
    let cond = format!("recordUuid={rec}");
    let page = sim
        .query(
            "/scripts/records/details",
            &s,
            &[
                ("q", cond.as_str()),
                ("start", "2"),
                ("limit", "3"),
                ("replyWithCount", "true"),
                ("sort", "+vmInstanceUuid"),
            ],
        )
        .await
        .json();
    assert_eq!(page["total"], 7);
    let got: Vec<&Value> = page["inventories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| &d["vmInstanceUuid"])
        .collect();
    let want: Vec<&Value> = all[2..5].iter().map(|d| &d["vmInstanceUuid"]).collect();
    assert_eq!(got, want);
    let failed = count_details(&sim, &s, &cond, "Failed").await;
    assert_eq!(
        failed["total"], 4,
        "app-02, legacy-03, fresh-05 (agent) and archive-07 (stopped)"
    );
    // Every run, newest first.
    run_to_end(&sim, &s, "true", &vms[..1]).await;
    let runs = sim
        .query(
            "/scripts/records",
            &s,
            &[("sort", "-startTime"), ("replyWithCount", "true")],
        )
        .await
        .json();
    assert_eq!(runs["total"], 2);
    // startTime has ZStack's one-second resolution: both may share it.
    let mut counts: Vec<u64> = runs["inventories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["executionCount"].as_u64().unwrap())
        .collect();
    counts.sort_unstable();
    assert_eq!(counts, [1, 7]);
}

#[tokio::test]
async fn a_run_over_two_thousand_vms_is_cheap() {
    let sim = start(fast_with(|c| {
        c.vms = 2_000;
        c.runtime.script_upload_ms = 200;
        c.runtime.script_run_ms = 300;
    }))
    .await;
    let s = sim.login().await;
    let all = rows(
        &sim,
        &s,
        "/vm-instances",
        &[("fields", "uuid"), ("limit", "2000")],
    )
    .await;
    let vms: Vec<String> = all.iter().map(uuid_of).collect();
    assert_eq!(vms.len(), 2_000);
    let script = create_uuid(&sim, &s, shell("fleet", "uname -r\nhostname")).await;
    let started = Instant::now();
    let uuid = &run_uuid(&sim, &s, &script, &vms).await;
    let start = started.elapsed();
    assert!(start < Duration::from_secs(2), "start: {start:?}");
    let r = settled(&sim, &s, uuid).await;
    let whole = started.elapsed();
    assert!(whole < Duration::from_secs(4), "whole run: {whole:?}");
    assert_eq!(r["status"], "Failed", "a fleet has stopped VMs");
    assert_eq!(r["executionCount"], 2_000);

    let cond = format!("recordUuid={uuid}");
    let q = [
        ("q", cond.as_str()),
        ("start", "1500"),
        ("limit", "100"),
        ("replyWithCount", "true"),
        ("sort", "+vmInstanceUuid"),
    ];
    let t = Instant::now();
    let page = sim.query("/scripts/records/details", &s, &q).await.json();
    let took = t.elapsed();
    eprintln!(
        "2,000-VM run: started in {start:?}, settled in {whole:?}, a details page in {took:?}"
    );
    assert_eq!(
        (
            page["total"].as_u64(),
            page["inventories"].as_array().unwrap().len()
        ),
        (Some(2_000), 100)
    );
    assert!(
        took < Duration::from_millis(500),
        "a details page took {took:?}"
    );
    let ok = count_details(&sim, &s, &cond, "Completed").await;
    assert!(ok["total"].as_u64().unwrap() > 1_000, "{ok}");
}

/// The run's VM details with `status`, counted (`cond` names the run).
async fn count_details(sim: &Sim, session: &str, cond: &str, status: &str) -> Value {
    let status = format!("status={status}");
    sim.query(
        "/scripts/records/details",
        session,
        &[("q", cond), ("q", &status), ("count", "true")],
    )
    .await
    .json()
}

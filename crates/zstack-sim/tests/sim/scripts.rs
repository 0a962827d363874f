//! The script library (ZSTACK-API.md §6): routing of the shared actions path
//! and the literal records paths, writes as jobs, ZStack's checks, both
//! `encodingType` generations, runs with per-VM outcomes and their state
//! machines, timeouts, parameters, queries, and a run over 2,000 VMs.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use zstack_sim::Config;

/// Runs that move fast but slowly enough to watch: 150 ms Uploading, then
/// 150 ms Running plus the guest time (at 0.01 s per guest second).
fn scripted() -> Config {
    fast_with(|c| {
        c.runtime.script_upload_ms = 150;
        c.runtime.script_run_ms = 150;
    })
}

/// `GET path` with these query pairs (encoded by the client, `q` repeatable).
async fn query(sim: &Sim, s: &str, path: &str, params: &[(&str, &str)]) -> Answer {
    let rsp = sim
        .http
        .get(format!("{}{path}", sim.api))
        .header("Authorization", format!("OAuth {s}"))
        .query(params)
        .send()
        .await
        .unwrap();
    let status = rsp.status();
    let content_type = rsp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    Answer {
        status,
        content_type,
        text: rsp.text().await.unwrap(),
    }
}

async fn rows(sim: &Sim, s: &str, path: &str, params: &[(&str, &str)]) -> Vec<Value> {
    let a = query(sim, s, path, params).await;
    assert_eq!(a.status, StatusCode::OK, "{path} {params:?}: {}", a.text);
    a.json()["inventories"].as_array().unwrap().clone()
}

/// POST /scripts with these params: the 202 answer.
async fn post_script(sim: &Sim, s: &str, params: Value) -> Answer {
    let url = format!("{}/scripts", sim.api);
    sim.send(
        Method::POST,
        &url,
        Some(s),
        Some(json!({ "params": params })),
    )
    .await
}

/// A Linux shell script with this content, as a newer server takes it.
fn shell(name: &str, content: &str) -> Value {
    json!({"name": name, "scriptContent": content, "platform": "Linux",
           "scriptType": "Shell", "encodingType": "PlainText"})
}

/// CreateGuestVmScript to its end: the job's final answer.
async fn create(sim: &Sim, s: &str, params: Value) -> Answer {
    let accepted = post_script(sim, s, params).await;
    sim.finish(&accepted, s).await
}

/// CreateGuestVmScript that must succeed: the inventory.
async fn create_ok(sim: &Sim, s: &str, params: Value) -> Value {
    let done = create(sim, s, params).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    done.json()["inventory"].clone()
}

async fn action(sim: &Sim, s: &str, script: &str, body: Value) -> Answer {
    let accepted = sim
        .put(&format!("/scripts/{script}/actions"), s, body)
        .await;
    sim.finish(&accepted, s).await
}

/// ExecuteGuestVmScript to the end of its job: the final answer.
async fn execute(sim: &Sim, s: &str, script: &str, vms: &[String], timeout: Option<u64>) -> Answer {
    let mut p = json!({ "vmInstanceUuids": vms });
    if let Some(t) = timeout {
        p["scriptTimeout"] = json!(t);
    }
    action(sim, s, script, json!({ "executeGuestVmScript": p })).await
}

/// A run that must start: its record.
async fn run_ok(sim: &Sim, s: &str, script: &str, vms: &[String]) -> Value {
    let done = execute(sim, s, script, vms, None).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    done.json()["inventory"].clone()
}

async fn record(sim: &Sim, s: &str, uuid: &str) -> Value {
    let r = rows(sim, s, &format!("/scripts/records/{uuid}"), &[]).await;
    assert_eq!(r.len(), 1);
    r[0].clone()
}

/// Every VM of a run, by VM UUID.
async fn details(sim: &Sim, s: &str, record: &str) -> Vec<Value> {
    let cond = format!("recordUuid={record}");
    let q = [("q", cond.as_str()), ("sort", "+vmInstanceUuid")];
    rows(sim, s, "/scripts/records/details", &q).await
}

async fn detail_of(sim: &Sim, s: &str, record: &str, vm: &str) -> Value {
    let all = details(sim, s, record).await;
    let found = all.into_iter().find(|d| d["vmInstanceUuid"] == vm);
    found.unwrap_or_else(|| panic!("no detail for {vm}"))
}

/// Polls the record until it is no longer Running; returns it.
async fn settled(sim: &Sim, s: &str, uuid: &str) -> Value {
    let started = Instant::now();
    loop {
        let r = record(sim, s, uuid).await;
        if r["status"] != "Running" {
            return r;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "still Running: {r}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Runs `content` (a Linux shell script) on these VMs and waits for the end.
async fn run_to_end(sim: &Sim, s: &str, content: &str, vms: &[String]) -> (Value, Vec<Value>) {
    let script = create_ok(sim, s, shell("probe", content)).await;
    let rec = run_ok(sim, s, script["uuid"].as_str().unwrap(), vms).await;
    let uuid = rec["uuid"].as_str().unwrap();
    let done = settled(sim, s, uuid).await;
    (done, details(sim, s, uuid).await)
}

#[tokio::test]
async fn the_shared_path_and_the_literal_records_paths_route_as_zstack_does() {
    let sim = start(scripted()).await;
    let s = sim.login().await;
    let script = create_ok(&sim, &s, shell("route", "echo hi")).await;
    let uuid = script["uuid"].as_str().unwrap();
    let web = sim.vm(&s, WEB).await;

    // One path, two APIs: the body's key picks.
    let upd = action(
        &sim,
        &s,
        uuid,
        json!({"updateGuestVmScript": {"description": "d"}}),
    )
    .await;
    assert_eq!(upd.status, StatusCode::OK, "{}", upd.text);
    assert_eq!(upd.json()["inventory"]["description"], "d");
    let run = execute(&sim, &s, uuid, std::slice::from_ref(&web), None).await;
    assert_eq!(run.status, StatusCode::OK, "{}", run.text);
    assert_eq!(run.json()["inventory"]["scriptUuid"], uuid);
    let record_uuid = run.json()["inventory"]["uuid"].as_str().unwrap().to_owned();

    // A body without a known key: the REST layer's plain-text 400, at once.
    let bad = sim
        .put(
            &format!("/scripts/{uuid}/actions"),
            &s,
            json!({"runGuestVmScript": {}}),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.is_plain_text()
            && bad
                .text
                .starts_with("the body doesn't contain action mapping")
    );
    let wrong = sim
        .send(
            Method::POST,
            &format!("{}/scripts/{uuid}/actions", sim.api),
            Some(&s),
            Some(json!({"updateGuestVmScript": {}})),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::METHOD_NOT_ALLOWED);

    // `records` and `details` are paths, never a script UUID.
    let records = rows(&sim, &s, "/scripts/records", &[]).await;
    assert_eq!(records.len(), 1);
    assert_eq!(records[0]["uuid"], record_uuid.as_str());
    let one = rows(&sim, &s, &format!("/scripts/records/{record_uuid}"), &[]).await;
    assert_eq!(
        one[0]["recordName"].as_str().unwrap().len(),
        "yyyyMMddHHmm_route".len()
    );
    let d = rows(&sim, &s, "/scripts/records/details", &[]).await;
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["vmInstanceUuid"], web.as_str());
    for (method, path) in [
        (Method::DELETE, "/scripts/records"),
        (Method::POST, "/scripts/records/details"),
        (Method::PUT, "/scripts"),
        (Method::POST, &format!("/scripts/{uuid}") as &str),
    ] {
        let a = sim
            .send(
                method.clone(),
                &format!("{}{path}", sim.api),
                Some(&s),
                None,
            )
            .await;
        assert_eq!(
            a.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}: {}",
            a.text
        );
        assert!(a.is_plain_text());
    }
    let a = sim.get("/scripts/a/b/c", &s).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);

    // The request log names ZStack's APIs, so faults can target them.
    let log = sim.control(Method::GET, "/requests", None).await.json();
    let apis: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["api"].as_str())
        .collect();
    for api in [
        "CreateGuestVmScript",
        "UpdateGuestVmScript",
        "ExecuteGuestVmScript",
        "QueryGuestVmScriptExecutedRecord",
        "QueryGuestVmScriptExecutedRecordDetail",
    ] {
        assert!(apis.contains(&api), "{api} in {apis:?}");
    }
}

#[tokio::test]
async fn records_takes_any_other_segment_as_a_record_uuid() {
    // `/scripts/records/details` is literal; `/scripts/records/{uuid}` takes
    // any other segment as a record UUID (none here); deeper paths map to nothing.
    let sim = start(scripted()).await;
    let s = sim.login().await;
    assert!(rows(
        &sim,
        &s,
        "/scripts/records/0123456789abcdef0123456789abcdef",
        &[]
    )
    .await
    .is_empty());
    let a = sim.get("/scripts/records/details/more", &s).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND, "{}", a.text);
}

#[tokio::test]
async fn create_update_and_delete_are_jobs() {
    let sim = start(scripted()).await;
    let s = sim.login().await;
    let accepted = post_script(&sim, &s, shell("backup-db", "echo start")).await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED);
    assert!(accepted.json()["location"]
        .as_str()
        .unwrap()
        .contains("/zstack/v1/api-jobs/"));
    let done = sim.finish(&accepted, &s).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let inv = done.json()["inventory"].clone();
    let uuid = inv["uuid"].as_str().unwrap().to_owned();
    assert_eq!(uuid.len(), 32);
    assert_eq!(inv["name"], "backup-db");
    assert_eq!(inv["scriptTimeout"], 60, "the default timeout");
    assert_eq!(inv["encodingType"], "PlainText");
    assert_eq!(inv["scriptContent"], "echo start");
    assert!(
        inv.get("description").is_none(),
        "nulls are left out: {inv}"
    );
    assert!(inv["createDate"].is_string() && inv["lastOpDate"].is_string());

    let upd = action(
        &sim,
        &s,
        &uuid,
        json!({"updateGuestVmScript": {"name": "backup db (nightly)", "scriptTimeout": 120, "renderParams": ""}}),
    )
    .await;
    assert_eq!(upd.status, StatusCode::OK, "{}", upd.text);
    let after = upd.json()["inventory"].clone();
    assert_eq!(after["name"], "backup db (nightly)");
    assert_eq!(after["scriptTimeout"], 120);
    assert_eq!(
        after["scriptContent"], "echo start",
        "unchanged fields stay"
    );
    let listed = rows(&sim, &s, &format!("/scripts/{uuid}"), &[]).await;
    assert_eq!(listed[0]["name"], "backup db (nightly)");

    // Update of a script that does not exist fails the job.
    let none = action(
        &sim,
        &s,
        "0123456789abcdef0123456789abcdef",
        json!({"updateGuestVmScript": {"name": "x"}}),
    )
    .await;
    none.assert_api_error("SYS.1007");

    let url = format!("{}/scripts/{uuid}?deleteMode=Permissive", sim.api);
    let del = sim.send(Method::DELETE, &url, Some(&s), None).await;
    assert_eq!(del.status, StatusCode::ACCEPTED);
    let gone = sim.finish(&del, &s).await;
    assert_eq!((gone.status, gone.json()), (StatusCode::OK, json!({})));
    assert!(rows(&sim, &s, "/scripts", &[]).await.is_empty());
    // Deleting again is no error; an unknown mode is.
    let again = sim.send(Method::DELETE, &url, Some(&s), None).await;
    assert_eq!(sim.finish(&again, &s).await.status, StatusCode::OK);
    let bad = format!("{}/scripts/{uuid}?deleteMode=Gently", sim.api);
    let bad = sim.send(Method::DELETE, &bad, Some(&s), None).await;
    sim.finish(&bad, &s).await.assert_api_error("SYS.1007");

    // A dead session fails the job, as for every async API.
    sim.control(Method::POST, "/expire-sessions", None).await;
    let dead = create(&sim, &s, shell("late", "true")).await;
    dead.assert_api_error("ID.1001");
}

#[tokio::test]
async fn zstack_checks_every_field() {
    let sim = start(scripted()).await;
    let s = sim.login().await;
    let base = shell("ok", "echo ok");
    let with = |k: &str, v: Value| {
        let mut p = base.clone();
        p[k] = v;
        p
    };
    let without = |k: &str| {
        let mut p = base.clone();
        p.as_object_mut().unwrap().remove(k);
        p
    };
    let long_name = "n".repeat(129);
    let cases: Vec<(Value, &str)> = vec![
        (without("name"), "field[name]"),
        (with("name", json!("")), "field[name]"),
        (with("name", json!(long_name)), "max length"),
        (with("name", json!("a/b")), "invalid script name"),
        (with("name", json!(" lead")), "invalid script name"),
        (
            with("description", json!("d".repeat(257))),
            "field[description]",
        ),
        (without("scriptContent"), "field[scriptContent]"),
        (with("scriptContent", json!("")), "field[scriptContent]"),
        (
            with("scriptContent", json!("x".repeat(65_537))),
            "expected was <= 65536",
        ),
        (without("platform"), "field[platform]"),
        (with("platform", json!("Solaris")), "field[platform]"),
        (with("scriptType", json!("Ruby")), "field[scriptType]"),
        (
            with("scriptType", json!("Bat")),
            "not supported on platform[Linux]",
        ),
        (with("scriptTimeout", json!(0)), "field[scriptTimeout]"),
        (with("scriptTimeout", json!(86_401)), "field[scriptTimeout]"),
        (
            with("renderParams", json!("{\"a\":1}")),
            "invalid renderParams",
        ),
        (
            with("renderParams", json!("[{\"value\":\"v\"}]")),
            "invalid renderParams",
        ),
    ];
    for (params, says) in cases {
        let a = create(&sim, &s, params.clone()).await;
        a.assert_api_error("SYS.1007");
        let details = a.json()["error"]["details"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        assert!(details.contains(says), "{params}: {details}");
    }
    // The edges that pass.
    for (k, v) in [
        ("name", json!("n".repeat(128))),
        ("name", json!("数据库 备份-1.(x):y+z_")),
        ("description", json!("d".repeat(256))),
        ("scriptContent", json!("中".repeat(65_536))),
        ("scriptTimeout", json!(86_400)),
        ("scriptTimeout", json!("1")),
        (
            "renderParams",
            json!("[{\"key\":\"k\",\"value\":\"v\",\"description\":\"\"}]"),
        ),
    ] {
        let a = create(&sim, &s, with(k, v.clone())).await;
        assert_eq!(a.status, StatusCode::OK, "{k}={v}: {}", a.text);
    }
    // What cannot become the message at all: a plain-text 400 at once.
    for (k, v) in [
        ("name", json!(["a"])),
        ("scriptTimeout", json!("soon")),
        ("scriptTimeout", json!(1.5)),
    ] {
        let a = post_script(&sim, &s, with(k, v)).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{k}");
        assert!(
            a.is_plain_text() && a.text.contains(&format!("field[{k}]")),
            "{}",
            a.text
        );
    }
    let a = sim
        .send(
            Method::POST,
            &format!("{}/scripts", sim.api),
            Some(&s),
            Some(json!({"params": "x"})),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);

    // Execute's own checks.
    let script = create_ok(&sim, &s, base.clone()).await;
    let uuid = script["uuid"].as_str().unwrap();
    let web = sim.vm(&s, WEB).await;
    for (p, says) in [
        (json!({}), "field[vmInstanceUuids]"),
        (json!({"vmInstanceUuids": []}), "empty list"),
        (
            json!({"vmInstanceUuids": [web], "scriptTimeout": 9}),
            "[10, 86400]",
        ),
        (
            json!({"vmInstanceUuids": [web, "0123456789abcdef0123456789abcdef"]}),
            "VmInstanceVO",
        ),
    ] {
        let a = action(&sim, &s, uuid, json!({"executeGuestVmScript": p})).await;
        a.assert_api_error("SYS.1007");
        assert!(a.text.contains(says), "{p}: {}", a.text);
    }
    let a = sim
        .put(
            &format!("/scripts/{uuid}/actions"),
            &s,
            json!({"executeGuestVmScript": {"vmInstanceUuids": web}}),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "a list, not one text");
    let none = execute(&sim, &s, "0123456789abcdef0123456789abcdef", &[web], None).await;
    none.assert_api_error("SYS.1007");
    assert!(none.text.contains("GuestVmScriptVO"));
    assert!(
        rows(&sim, &s, "/scripts/records", &[]).await.is_empty(),
        "no run started"
    );
}

#[tokio::test]
async fn a_newer_server_requires_encoding_type_and_keeps_base64_as_sent() {
    let sim = start(scripted()).await;
    let s = sim.login().await;
    let mut p = shell("b64", "");
    p.as_object_mut().unwrap().remove("encodingType");
    p["scriptContent"] = json!("echo hi");
    let a = create(&sim, &s, p.clone()).await;
    a.assert_api_error("SYS.1007");
    assert!(a.text.contains("encodingType"), "{}", a.text);
    p["encodingType"] = json!("Rot13");
    create(&sim, &s, p.clone())
        .await
        .assert_api_error("SYS.1007");
    p["encodingType"] = json!("Base64");
    p["scriptContent"] = json!("not base64 at all!");
    let a = create(&sim, &s, p.clone()).await;
    a.assert_api_error("SYS.1007");
    assert!(a.text.contains("Base64"));

    let text = "echo 中文 {{x}}\n";
    let encoded =
        zstack_api::scripts::encode_content(text, Some(&zstack_api::EncodingType::Base64));
    p["scriptContent"] = json!(encoded);
    let inv = create_ok(&sim, &s, p).await;
    assert_eq!(
        (&inv["encodingType"], &inv["scriptContent"]),
        (&json!("Base64"), &json!(encoded))
    );
    // The guest runs the decoded text.
    let web = sim.vm(&s, WEB).await;
    let rec = run_ok(
        &sim,
        &s,
        inv["uuid"].as_str().unwrap(),
        std::slice::from_ref(&web),
    )
    .await;
    assert_eq!(rec["encodingType"], "Base64");
    assert_eq!(rec["scriptContent"], json!(encoded));
    let uuid = rec["uuid"].as_str().unwrap();
    settled(&sim, &s, uuid).await;
    assert_eq!(
        detail_of(&sim, &s, uuid, &web).await["stdout"],
        "中文 {{x}}\n"
    );

    // Query by it.
    let q = [("q", "encodingType=Base64")];
    assert_eq!(rows(&sim, &s, "/scripts", &q).await.len(), 1);
}

#[tokio::test]
async fn a_5_2_server_ignores_encoding_type_and_never_returns_it() {
    let sim = start(fast_with(|c| {
        c.runtime.script_encoding = false;
        c.runtime.script_upload_ms = 20;
        c.runtime.script_run_ms = 20;
    }))
    .await;
    let s = sim.login().await;
    // Unknown to this release: dropped whatever it says (a list too).
    for enc in [json!("Base64"), json!("PlainText"), json!(["anything"])] {
        let mut p = shell("legacy", "echo old");
        p["encodingType"] = enc.clone();
        let inv = create_ok(&sim, &s, p).await;
        assert!(inv.get("encodingType").is_none(), "{inv}");
        assert_eq!(inv["scriptContent"], "echo old", "content as sent ({enc})");
    }
    let mut p = shell("plain", "echo old");
    p.as_object_mut().unwrap().remove("encodingType");
    let inv = create_ok(&sim, &s, p).await;
    let uuid = inv["uuid"].as_str().unwrap().to_owned();
    let upd = action(
        &sim,
        &s,
        &uuid,
        json!({"updateGuestVmScript": {"scriptContent": "ZWNobyBoaQ==", "encodingType": "Base64"}}),
    )
    .await;
    assert_eq!(upd.status, StatusCode::OK, "{}", upd.text);
    assert!(upd.json()["inventory"].get("encodingType").is_none());
    let web = sim.vm(&s, WEB).await;
    let rec = run_ok(&sim, &s, &uuid, std::slice::from_ref(&web)).await;
    assert!(rec.get("encodingType").is_none());
    let rec_uuid = rec["uuid"].as_str().unwrap();
    settled(&sim, &s, rec_uuid).await;
    // Stored and run as sent: the guest has no command by that name.
    let d = detail_of(&sim, &s, rec_uuid, &web).await;
    assert!(
        d["stderr"].as_str().unwrap().contains("ZWNobyBoaQ=="),
        "{d}"
    );
    for path in ["/scripts", "/scripts/records"] {
        for row in rows(&sim, &s, path, &[]).await {
            assert!(row.get("encodingType").is_none(), "{path}: {row}");
        }
        let a = query(&sim, &s, path, &[("q", "encodingType=PlainText")]).await;
        a.assert_api_error("SYS.1007");
    }

    // Upgraded (the run-time switch): what 5.2 stored reads PlainText.
    let cfg = sim
        .control(
            Method::POST,
            "/config",
            Some(json!({"scriptEncoding": true})),
        )
        .await;
    assert_eq!(cfg.json()["script_encoding"], true);
    let all = rows(&sim, &s, "/scripts", &[]).await;
    assert!(
        all.iter().all(|r| r["encodingType"] == "PlainText"),
        "{all:?}"
    );
}

#[tokio::test]
async fn each_vm_ends_as_the_world_decides() {
    let sim = start(scripted()).await;
    let s = sim.login().await;
    let names = [WEB, ARCHIVE, APP, QGA_OFF, WIN, BATCH, MARKUP];
    let mut vms = Vec::new();
    for n in names {
        vms.push(sim.vm(&s, n).await);
    }
    let script = create_ok(&sim, &s, json!({"name": "hello", "description": "<b>d</b>",
        "scriptContent": "#!/bin/bash\n# say hello\necho hi", "platform": "Linux", "scriptType": "Shell",
        "encodingType": "PlainText", "renderParams": "[]"}))
    .await;
    let mut asked = vms.clone();
    asked.push(vms[0].clone()); // a repeat counts once
    let rec = run_ok(&sim, &s, script["uuid"].as_str().unwrap(), &asked).await;
    assert_eq!(rec["status"], "Running");
    assert_eq!(rec["executor"], "admin");
    assert_eq!(rec["executionCount"], names.len());
    assert_eq!(rec["version"], 1);
    assert_eq!(rec["scriptTimeout"], 60);
    assert_eq!(rec["renderParams"], "[]");
    assert!(rec["scriptContent"].as_str().unwrap().contains("echo hi"));
    assert_eq!(
        rec["startTime"], rec["endTime"],
        "as ZStack's example shows a Running record"
    );
    let uuid = rec["uuid"].as_str().unwrap();
    let done = settled(&sim, &s, uuid).await;
    assert_eq!(done["status"], "Failed", "some VMs failed");
    let all = details(&sim, &s, uuid).await;
    assert_eq!(all.len(), names.len());
    let by = |n: usize| {
        all.iter()
            .find(|d| d["vmInstanceUuid"] == vms[n].as_str())
            .unwrap()
    };

    for ok in [0, 5, 6] {
        let d = by(ok);
        assert_eq!(
            (
                &d["status"],
                &d["exitCode"],
                &d["stdout"],
                &d["stderr"],
                &d["errCause"]
            ),
            (
                &json!("Completed"),
                &json!(0),
                &json!("hi\n"),
                &json!(""),
                &json!("")
            ),
            "{d}"
        );
        assert_eq!(d["recordUuid"], uuid);
    }
    assert_eq!(by(6)["vmName"], MARKUP);
    for (n, says) in [
        (1, "current state is Stopped"),
        (2, "qga is not running"),
        (3, "qga is disabled"),
        (4, "runs Windows"),
    ] {
        let d = by(n);
        assert_eq!(d["status"], "Failed", "{d}");
        assert!(d["errCause"].as_str().unwrap().contains(says), "{d}");
        for absent in ["stdout", "stderr", "exitCode"] {
            assert!(d.get(absent).is_none(), "{absent} of {d}");
        }
    }
}

#[tokio::test]
async fn details_move_from_uploading_through_running_to_their_end() {
    let sim = start(fast_with(|c| {
        c.runtime.script_upload_ms = 500;
        c.runtime.script_run_ms = 500;
    }))
    .await;
    let s = sim.login().await;
    let (web, archive) = (sim.vm(&s, WEB).await, sim.vm(&s, ARCHIVE).await);
    let script = create_ok(&sim, &s, shell("slow", "echo done")).await;
    let started = Instant::now();
    let rec = run_ok(
        &sim,
        &s,
        script["uuid"].as_str().unwrap(),
        &[web.clone(), archive.clone()],
    )
    .await;
    let uuid = rec["uuid"].as_str().unwrap();
    let status = |d: &Value| d["status"].as_str().unwrap().to_owned();
    let seen_at = |ms: u64| started + Duration::from_millis(ms);

    let d = details(&sim, &s, uuid).await;
    assert!(
        started.elapsed() < Duration::from_millis(450),
        "too slow to watch"
    );
    assert!(d.iter().all(|d| status(d) == "Uploading"), "{d:?}");
    assert!(d
        .iter()
        .all(|d| d.get("stdout").is_none() && d.get("exitCode").is_none()));
    // The in-flight query the console makes before a run.
    let flying = rows(
        &sim,
        &s,
        "/scripts/records/details",
        &[("q", "status?=Uploading,Running")],
    )
    .await;
    assert_eq!(flying.len(), 2);

    tokio::time::sleep_until(seen_at(800).into()).await;
    assert_eq!(status(&detail_of(&sim, &s, uuid, &web).await), "Running");
    let stopped = detail_of(&sim, &s, uuid, &archive).await;
    assert_eq!(status(&stopped), "Failed", "a stopped VM fails at upload");
    assert_eq!(record(&sim, &s, uuid).await["status"], "Running");

    tokio::time::sleep_until(seen_at(1_300).into()).await;
    let d = detail_of(&sim, &s, uuid, &web).await;
    assert_eq!(
        (status(&d), d["stdout"].as_str()),
        ("Completed".into(), Some("done\n"))
    );
    assert_ne!(d["endTime"], Value::Null);
    let r = record(&sim, &s, uuid).await;
    assert_eq!(r["status"], "Failed");
    assert!(rows(
        &sim,
        &s,
        "/scripts/records/details",
        &[("q", "status?=Uploading,Running")]
    )
    .await
    .is_empty());

    // All Completed: Succeed.
    let (r, d) = run_to_end(&sim, &s, "echo ok", std::slice::from_ref(&web)).await;
    assert_eq!(
        (r["status"].as_str(), d[0]["status"].as_str()),
        (Some("Succeed"), Some("Completed"))
    );
}

#[tokio::test]
async fn exit_codes_and_stderr_follow_the_host_agent() {
    let sim = start(fast_with(|c| {
        c.runtime.script_upload_ms = 10;
        c.runtime.script_run_ms = 10;
    }))
    .await;
    let s = sim.login().await;
    let web = vec![sim.vm(&s, WEB).await];
    // Linux: the exit code is the output reader's (0), whatever the script did.
    let (_, d) = run_to_end(&sim, &s, "echo before\nexit 3", &web).await;
    assert_eq!(
        (&d[0]["status"], &d[0]["exitCode"]),
        (&json!("Completed"), &json!(0))
    );
    // Anything on stderr makes ZStack call the run failed.
    let (r, d) = run_to_end(&sim, &s, "echo out\nnosuchcmd", &web).await;
    assert_eq!(r["status"], "Failed");
    assert_eq!(
        (&d[0]["status"], &d[0]["exitCode"], &d[0]["stdout"]),
        (&json!("Failed"), &json!(0), &json!("out\n"))
    );
    assert!(d[0]["stderr"]
        .as_str()
        .unwrap()
        .contains("command not found"));
    assert_eq!(d[0]["errCause"], "");
    // Markup in output comes back as it is.
    let (_, d) = run_to_end(&sim, &s, "print-markup", &web).await;
    assert!(d[0]["stdout"]
        .as_str()
        .unwrap()
        .starts_with("<script>alert(1)</script>"));

    // Windows reports the script's own exit code.
    let win = vec![sim.vm(&s, WIN).await];
    let bat = create_ok(&sim, &s, json!({"name": "bat", "platform": "Windows", "scriptType": "Bat",
        "encodingType": "PlainText", "scriptContent": "@echo off\r\nrem a comment\r\necho hello\r\nexit /b 3\r\necho never"})).await;
    let rec = run_ok(&sim, &s, bat["uuid"].as_str().unwrap(), &win).await;
    let rec_uuid = rec["uuid"].as_str().unwrap();
    settled(&sim, &s, rec_uuid).await;
    let d = detail_of(&sim, &s, rec_uuid, &win[0]).await;
    assert_eq!(
        (&d["status"], &d["exitCode"], &d["stdout"]),
        (&json!("Completed"), &json!(3), &json!("hello\r\n"))
    );
    let ps = create_ok(
        &sim,
        &s,
        json!({"name": "ps", "platform": "Windows", "scriptType": "Powershell",
        "encodingType": "PlainText", "scriptContent": "# c\nWrite-Output \"from ps\"\nhostname"}),
    )
    .await;
    let rec = run_ok(&sim, &s, ps["uuid"].as_str().unwrap(), &win).await;
    let rec_uuid = rec["uuid"].as_str().unwrap();
    settled(&sim, &s, rec_uuid).await;
    let d = detail_of(&sim, &s, rec_uuid, &win[0]).await;
    assert!(
        d["stdout"].as_str().unwrap().starts_with("from ps\r\n"),
        "{d}"
    );

    // Python and Perl: a little of each language; the rest fails as it would.
    let py = create_ok(&sim, &s, json!({"name": "py", "platform": "Linux", "scriptType": "Python",
        "encodingType": "PlainText", "scriptContent": "import sys\nprint(\"py says hi\")\nfrobnicate()\nprint('never')"})).await;
    let rec = run_ok(&sim, &s, py["uuid"].as_str().unwrap(), &web).await;
    let rec_uuid = rec["uuid"].as_str().unwrap();
    settled(&sim, &s, rec_uuid).await;
    let d = detail_of(&sim, &s, rec_uuid, &web[0]).await;
    assert_eq!(
        (&d["status"], &d["stdout"], &d["exitCode"]),
        (&json!("Failed"), &json!("py says hi\n"), &json!(0))
    );
    assert!(d["stderr"]
        .as_str()
        .unwrap()
        .contains("NameError: name 'frobnicate' is not defined"));
    let pl = create_ok(
        &sim,
        &s,
        json!({"name": "pl", "platform": "Linux", "scriptType": "Perl",
        "encodingType": "PlainText", "scriptContent": "use strict;\nprint \"perl\\n\";"}),
    )
    .await;
    let rec = run_ok(&sim, &s, pl["uuid"].as_str().unwrap(), &web).await;
    let rec_uuid = rec["uuid"].as_str().unwrap();
    settled(&sim, &s, rec_uuid).await;
    let d = detail_of(&sim, &s, rec_uuid, &web[0]).await;
    assert_eq!(
        (&d["status"], &d["stdout"]),
        (&json!("Completed"), &json!("perl\n"))
    );
}

#[tokio::test]
async fn a_script_past_its_timeout_fails_with_zstacks_reason() {
    let sim = start(fast_with(|c| {
        c.runtime.script_upload_ms = 10;
        c.runtime.script_run_ms = 10;
    }))
    .await;
    let s = sim.login().await;
    let web = sim.vm(&s, WEB).await;
    let script = create_ok(&sim, &s, shell("sleepy", "sleep 100\necho late")).await;
    let started = Instant::now();
    let done = execute(
        &sim,
        &s,
        script["uuid"].as_str().unwrap(),
        std::slice::from_ref(&web),
        Some(10),
    )
    .await;
    let rec = done.json()["inventory"].clone();
    assert_eq!(rec["scriptTimeout"], 10, "the execute's timeout wins");
    let uuid = rec["uuid"].as_str().unwrap();
    let r = settled(&sim, &s, uuid).await;
    // 10 guest seconds at 0.01: about 100 ms, not the sleep's 1 s.
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(r["status"], "Failed");
    let d = detail_of(&sim, &s, uuid, &web).await;
    assert_eq!(d["status"], "Failed");
    assert!(
        d["errCause"]
            .as_str()
            .unwrap()
            .contains("timeout after 10 seconds"),
        "{d}"
    );
    assert!(d.get("stdout").is_none());
    // The script's own timeout when the execute gives none.
    let short = create_ok(
        &sim,
        &s,
        json!({"name": "short", "platform": "Linux", "scriptType": "Shell",
        "encodingType": "PlainText", "scriptContent": "sleep 5", "scriptTimeout": 2}),
    )
    .await;
    let rec = run_ok(
        &sim,
        &s,
        short["uuid"].as_str().unwrap(),
        std::slice::from_ref(&web),
    )
    .await;
    assert_eq!(rec["scriptTimeout"], 2);
    let uuid = rec["uuid"].as_str().unwrap();
    settled(&sim, &s, uuid).await;
    assert!(detail_of(&sim, &s, uuid, &web).await["errCause"]
        .as_str()
        .unwrap()
        .contains("timeout after 2 seconds"));
}

#[tokio::test]
async fn parameters_render_names_in_the_script() {
    let sim = start(fast_with(|c| {
        c.runtime.script_upload_ms = 10;
        c.runtime.script_run_ms = 10;
    }))
    .await;
    let s = sim.login().await;
    let web = sim.vm(&s, WEB).await;
    let params = r#"[{"key":"who","value":"world","description":"whom to greet"}]"#;
    let with = create_ok(&sim, &s, json!({"name": "greet", "platform": "Linux", "scriptType": "Shell",
        "encodingType": "PlainText", "scriptContent": "echo hello {{ who }} {{nobody}}.", "renderParams": params})).await;
    let rec = run_ok(
        &sim,
        &s,
        with["uuid"].as_str().unwrap(),
        std::slice::from_ref(&web),
    )
    .await;
    assert_eq!(rec["renderParams"], params);
    let uuid = rec["uuid"].as_str().unwrap();
    settled(&sim, &s, uuid).await;
    assert_eq!(
        detail_of(&sim, &s, uuid, &web).await["stdout"],
        "hello world .\n"
    );
    // Without parameters nothing is rendered.
    let (_, d) = run_to_end(&sim, &s, "echo {{who}}", std::slice::from_ref(&web)).await;
    assert_eq!(d[0]["stdout"], "{{who}}\n");
}

#[tokio::test]
async fn a_second_run_on_a_busy_vm_overwrites_the_first() {
    let sim = start(scripted()).await;
    let s = sim.login().await;
    let (web, batch) = (sim.vm(&s, WEB).await, sim.vm(&s, BATCH).await);
    // 30 guest seconds: 300 ms of Running at 0.01.
    let first = create_ok(&sim, &s, shell("first", "sleep 30\necho first")).await;
    let second = create_ok(&sim, &s, shell("second", "echo second")).await;
    let a = run_ok(
        &sim,
        &s,
        first["uuid"].as_str().unwrap(),
        &[web.clone(), batch.clone()],
    )
    .await;
    let b = run_ok(
        &sim,
        &s,
        second["uuid"].as_str().unwrap(),
        std::slice::from_ref(&web),
    )
    .await;
    let (a, b) = (a["uuid"].as_str().unwrap(), b["uuid"].as_str().unwrap());
    settled(&sim, &s, a).await;
    settled(&sim, &s, b).await;
    // ZStack keeps one script file per VM: web-01's first run read the second's output.
    assert_eq!(detail_of(&sim, &s, a, &web).await["stdout"], "second\n");
    assert_eq!(detail_of(&sim, &s, a, &batch).await["stdout"], "first\n");
    assert_eq!(detail_of(&sim, &s, b, &web).await["stdout"], "second\n");
}

#[tokio::test]
async fn a_run_that_goes_wrong_on_the_management_node_ends_exception() {
    let sim = start(scripted()).await;
    let s = sim.login().await;
    let web = sim.vm(&s, WEB).await;
    let script = create_ok(&sim, &s, shell("doomed", "echo hi")).await;
    sim.control(
        Method::POST,
        "/config",
        Some(json!({"fail": {"ExecuteGuestVmScript": 1.0}})),
    )
    .await;
    let done = execute(
        &sim,
        &s,
        script["uuid"].as_str().unwrap(),
        std::slice::from_ref(&web),
        None,
    )
    .await;
    assert_eq!(
        done.status,
        StatusCode::OK,
        "the call itself succeeds: {}",
        done.text
    );
    let uuid = done.json()["inventory"]["uuid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(settled(&sim, &s, &uuid).await["status"], "Exception");
    let d = detail_of(&sim, &s, &uuid, &web).await;
    assert_eq!(d["status"], "Failed");
    assert!(
        d["errCause"].as_str().unwrap().starts_with("SYS.1000"),
        "{d}"
    );
}

#[tokio::test]
async fn queries_page_search_sort_and_count() {
    let sim = start(fast_with(|c| {
        c.runtime.script_upload_ms = 10;
        c.runtime.script_run_ms = 10;
    }))
    .await;
    let s = sim.login().await;
    for name in ["backup-db", "Backup-web", "restart nginx", "清理日志"] {
        create_ok(&sim, &s, shell(name, "true")).await;
    }
    let q = [
        ("q", "name~=%backup%"),
        ("sort", "+name"),
        ("replyWithCount", "true"),
    ];
    let a = query(&sim, &s, "/scripts", &q).await.json();
    assert_eq!(a["total"], 2);
    let names: Vec<&str> = a["inventories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["backup-db", "Backup-web"]);
    let page = query(
        &sim,
        &s,
        "/scripts",
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
    let count = query(
        &sim,
        &s,
        "/scripts",
        &[("q", "platform=Linux"), ("count", "true")],
    )
    .await
    .json();
    assert_eq!(count, json!({"total": 4}));
    query(&sim, &s, "/scripts", &[("q", "colour=red")])
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
    let page = query(
        &sim,
        &s,
        "/scripts/records/details",
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
    let failed = query(
        &sim,
        &s,
        "/scripts/records/details",
        &[
            ("q", cond.as_str()),
            ("q", "status=Failed"),
            ("count", "true"),
        ],
    )
    .await
    .json();
    assert_eq!(
        failed["total"], 4,
        "app-02, legacy-03, fresh-05 (agent) and archive-07 (stopped)"
    );
    // Every run, newest first.
    run_to_end(&sim, &s, "true", &vms[..1]).await;
    let runs = query(
        &sim,
        &s,
        "/scripts/records",
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
    let vms: Vec<String> = all
        .iter()
        .map(|v| v["uuid"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(vms.len(), 2_000);
    let script = create_ok(&sim, &s, shell("fleet", "uname -r\nhostname")).await;
    let started = Instant::now();
    let rec = run_ok(&sim, &s, script["uuid"].as_str().unwrap(), &vms).await;
    let uuid = rec["uuid"].as_str().unwrap();
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
    let page = query(&sim, &s, "/scripts/records/details", &q).await.json();
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
    let ok = query(
        &sim,
        &s,
        "/scripts/records/details",
        &[
            ("q", cond.as_str()),
            ("q", "status=Completed"),
            ("count", "true"),
        ],
    )
    .await
    .json();
    assert!(ok["total"].as_u64().unwrap() > 1_000, "{ok}");
}

#[tokio::test]
async fn the_control_api_puts_scripts_past_the_checks_and_reset_empties_the_library() {
    let sim = start(scripted()).await;
    let s = sim.login().await;
    let odd = json!({"name": "<img src=x onerror=alert(7)>", "scriptContent": "echo hi", "platform": "Linux", "scriptType": "Shell"});
    let a = sim.control(Method::POST, "/scripts", Some(odd)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let listed = rows(&sim, &s, "/scripts", &[]).await;
    assert_eq!(listed[0]["name"], "<img src=x onerror=alert(7)>");
    assert_eq!(listed[0]["encodingType"], "PlainText");
    sim.control(Method::POST, "/reset", None).await;
    assert!(rows(&sim, &s, "/scripts", &[]).await.is_empty());
}

async fn probe(base: String) -> Vec<zstack_sim::probe::Check> {
    tokio::task::spawn_blocking(move || {
        zstack_sim::probe::Probe::new(&base, Duration::from_secs(10)).run("admin", "password")
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_probe_decodes_the_library_its_runs_and_their_vms() {
    let sim = start(scripted()).await;
    let s = sim.login().await;
    let web = sim.vm(&s, WEB).await;
    run_to_end(&sim, &s, "echo hi", std::slice::from_ref(&web)).await;
    let checks = probe(sim.base.clone()).await;
    let ours: Vec<_> = checks
        .iter()
        .filter(|c| c.name.starts_with("QueryGuestVmScript"))
        .collect();
    assert_eq!(ours.len(), 3);
    for c in &checks {
        assert!(c.ok, "{}: {}", c.name, c.detail);
    }
    assert!(
        ours[0].detail.contains("a newer release"),
        "{}",
        ours[0].detail
    );
    assert!(
        ours[2].detail.contains("1 VM rows of the newest run"),
        "{}",
        ours[2].detail
    );

    // A server that took `records` for a script UUID would answer scripts.
    let fault = json!({"api": "QueryGuestVmScriptExecutedRecord", "status": 200,
        "content_type": "application/json",
        "body": "{\"inventories\":[{\"uuid\":\"0123456789abcdef0123456789abcdef\",\"name\":\"records\",\"scriptType\":\"Shell\"}]}"});
    sim.control(Method::POST, "/faults", Some(fault)).await;
    let checks = probe(sim.base.clone()).await;
    let failed: Vec<&str> = checks.iter().filter(|c| !c.ok).map(|c| c.name).collect();
    assert_eq!(
        failed,
        ["QueryGuestVmScriptExecutedRecord: /scripts/records is runs, not a script"]
    );
}

#[tokio::test]
async fn a_vm_stopped_before_zstack_plans_the_run_fails_with_its_state() {
    let sim = start(fast_with(|c| {
        c.runtime.job_duration_ms = 400;
        c.runtime.script_upload_ms = 20;
        c.runtime.script_run_ms = 20;
    }))
    .await;
    let s = sim.login().await;
    let (web, batch) = (sim.vm(&s, WEB).await, sim.vm(&s, BATCH).await);
    let script = create_ok(&sim, &s, shell("late-stop", "echo hi")).await;
    let body = json!({"executeGuestVmScript": {"vmInstanceUuids": [web, batch]}});
    let path = format!("/scripts/{}/actions", script["uuid"].as_str().unwrap());
    let accepted = sim.put(&path, &s, body).await;
    // Someone else stops batch-06 while ZStack has not yet started the run.
    let stop = json!({"uuid": batch, "state": "Stopped"});
    let a = sim.control(Method::POST, "/vm-state", Some(stop)).await;
    assert_eq!(
        (a.status, a.json()["state"].as_str()),
        (StatusCode::OK, Some("Stopped"))
    );
    assert_eq!(sim.world_vm(BATCH).await["state"], "Stopped");
    let done = sim.finish(&accepted, &s).await;
    let uuid = done.json()["inventory"]["uuid"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(settled(&sim, &s, &uuid).await["status"], "Failed");
    let d = detail_of(&sim, &s, &uuid, &batch).await;
    assert!(
        d["errCause"]
            .as_str()
            .unwrap()
            .contains("current state is Stopped"),
        "{d}"
    );
    assert_eq!(
        detail_of(&sim, &s, &uuid, &web).await["status"],
        "Completed"
    );
    let vm = sim.get(&format!("/vm-instances/{batch}"), &s).await.json();
    assert!(vm["inventories"][0].get("hostUuid").is_none());
    // Started again, it runs the next one.
    let start = json!({"uuid": batch, "state": "Running"});
    sim.control(Method::POST, "/vm-state", Some(start)).await;
    let (r, _) = run_to_end(&sim, &s, "true", std::slice::from_ref(&batch)).await;
    assert_eq!(r["status"], "Succeed");
    for bad in [
        json!({"uuid": batch, "state": "Asleep"}),
        json!({"state": "Stopped"}),
    ] {
        let a = sim.control(Method::POST, "/vm-state", Some(bad)).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
    }
}

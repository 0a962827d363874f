//! The library itself: routing of the shared actions path and the literal
//! records paths, create/update/delete as jobs, ZStack's checks on every
//! field, and the control API's way past them.

use crate::common::scripts::*;
use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

#[tokio::test]
async fn the_shared_path_and_the_literal_records_paths_route_as_zstack_does() {
    let sim = start(scripted()).await;
    let (s, web) = sim.login_vm(WEB).await;
    let uuid = &create_uuid(&sim, &s, shell("route", "echo hi")).await;

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
    assert_eq!(run.json()["inventory"]["scriptUuid"], uuid.as_str());
    let record_uuid = uuid_of(&run.json()["inventory"]);

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
    let uuid = uuid_of(&inv);
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
    let uuid = &create_uuid(&sim, &s, base.clone()).await;
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

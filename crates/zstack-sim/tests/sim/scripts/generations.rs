//! Server generations: a newer ZStack requires `encodingType` and keeps
//! Base64 as sent, a 5.2/5.3 one never reads nor returns it; and the probe
//! tells which generation it speaks to.

use crate::common::scripts::*;
use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use std::time::Duration;

#[tokio::test]
async fn a_newer_server_requires_encoding_type_and_keeps_base64_as_sent() {
    let sim = start(scripted()).await;
    let (s, web) = sim.login_vms(&[WEB]).await;
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
    let run = run_settled(&sim, &s, p, &web).await;
    assert_eq!(
        (&run.script["encodingType"], &run.script["scriptContent"]),
        (&json!("Base64"), &json!(encoded))
    );
    assert_eq!(run.started["encodingType"], "Base64");
    assert_eq!(run.started["scriptContent"], json!(encoded));
    // The guest runs the decoded text.
    assert_eq!(run.detail(&web[0])["stdout"], "中文 {{x}}\n");

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
    let uuid = create_uuid(&sim, &s, p).await;
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
        let a = sim
            .query(path, &s, &[("q", "encodingType=PlainText")])
            .await;
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
    let (s, web) = sim.login_vms(&[WEB]).await;
    run_to_end(&sim, &s, "echo hi", &web).await;
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

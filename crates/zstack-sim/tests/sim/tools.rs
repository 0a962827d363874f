use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

async fn info(sim: &Sim, s: &str, name: &str) -> Value {
    let vm = sim.vm(s, name).await;
    let a = sim
        .get(&format!("/vm-instances/{vm}/guest-tools-infos"), s)
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    a.json()
}

#[tokio::test]
async fn every_guest_tools_situation() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    assert_eq!(
        info(&sim, &s, WEB).await,
        json!({"version": "4.8.0", "status": "Running", "features": {"pvpanic": "enable"}})
    );
    assert_eq!(info(&sim, &s, APP).await["status"], "NotRunning");
    assert_eq!(info(&sim, &s, LEGACY).await["status"], "Not Connected");
    assert_eq!(
        info(&sim, &s, APPLIANCE).await,
        json!({"status": "Not Supported"})
    );
    assert_eq!(info(&sim, &s, FRESH).await, json!({"status": "NotRunning"}));
    assert_eq!(info(&sim, &s, BATCH).await["version"], "4.6.11");
    assert_eq!(info(&sim, &s, ARCHIVE).await["status"], "Not Connected");
    let win = info(&sim, &s, WIN).await;
    assert_eq!(win["features"].as_object().unwrap().len(), 4);
    assert_eq!(
        info(&sim, &s, "install-failed-12").await["version"],
        "InstallFailed"
    );

    let a = sim
        .get(
            "/vm-instances/0123456789abcdef0123456789abcdef/guest-tools-infos",
            &s,
        )
        .await;
    a.assert_api_error("SYS.1007");
}

#[tokio::test]
async fn update_state_returns_the_inventory_and_bumps_last_op_date() {
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(BATCH).await;
    let before = sim
        .get(&format!("/guesttools?q=vmInstanceUuid={vm}"), &s)
        .await
        .json()["inventories"][0]
        .clone();
    // The body may be the documented object or nothing at all.
    for body in [json!({"updateGuestToolsState": {}}), json!({})] {
        let a = sim
            .put(&format!("/vm-instances/{vm}/guesttools-state"), &s, body)
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        let inv = &a.json()["inventory"];
        for f in [
            "vmInstanceUuid",
            "qgaState",
            "zwatchState",
            "version",
            "platform",
            "osType",
            "createDate",
            "lastOpDate",
        ] {
            assert!(inv.get(f).is_some(), "missing {f}");
        }
        assert_eq!(
            (inv["qgaState"].as_str(), inv["platform"].as_str()),
            (Some("NotUpgraded"), Some("Kylin"))
        );
        assert_ne!(inv["lastOpDate"], before["lastOpDate"]);
        assert_eq!(inv["createDate"], before["createDate"]);
    }
}

#[tokio::test]
async fn attaching_tools_installs_them_after_a_delay() {
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(FRESH).await;
    let a = sim.attach_tools(&s, &vm).await;
    assert_eq!(sim.finish(&a, &s).await.status, StatusCode::OK);

    // Mounted at once (in drive 0, as ZStack marks it: occupant GuestTools,
    // no isoUuid), running only later.
    let drives = sim.drives(&s, &vm).await;
    assert_eq!(drives[0]["occupant"], "GuestTools");
    assert!(drives[0].get("isoUuid").is_none());
    assert!(drives[0].get("isoInstallPath").is_none());
    assert_eq!(info(&sim, &s, FRESH).await["status"], "NotRunning");

    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(
        info(&sim, &s, FRESH).await,
        json!({"version": "4.8.0", "status": "Running", "features": {"pvpanic": "enable"}})
    );
    let st = sim
        .get(&format!("/guesttools?q=vmInstanceUuid={vm}"), &s)
        .await
        .json();
    assert_eq!(st["inventories"][0]["qgaState"], "Running");
    assert_eq!(st["inventories"][0]["zwatchState"], "Running");
}

#[tokio::test]
async fn attaching_tools_upgrades_an_old_version_but_not_a_stopped_guest() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    for name in [BATCH, ARCHIVE] {
        let vm = sim.vm(&s, name).await;
        let a = sim.attach_tools(&s, &vm).await;
        assert_eq!(sim.finish(&a, &s).await.status, StatusCode::OK, "{name}");
    }
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(info(&sim, &s, BATCH).await["version"], "4.8.0");
    assert_eq!(info(&sim, &s, ARCHIVE).await["status"], "Not Connected");
}

#[tokio::test]
async fn attaching_tools_needs_a_drive_a_supported_os_and_a_fit_state() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    for (name, code) in [
        (NO_CDROM, "GT.1001"),
        (APPLIANCE, "SYS.1006"),
        (PAUSED, "SYS.1006"),
    ] {
        let vm = sim.vm(&s, name).await;
        let a = sim.attach_tools(&s, &vm).await;
        sim.finish(&a, &s).await.assert_api_error(code);
    }
}

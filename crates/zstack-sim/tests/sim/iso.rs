use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use std::collections::BTreeSet;

async fn candidates(sim: &Sim, s: &str, vm: &str) -> BTreeSet<String> {
    let a = sim
        .get(&format!("/vm-instances/{vm}/iso-candidates"), s)
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    a.json()["inventories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

const UBUNTU: &str = "ubuntu-22.04.4-live-server-amd64.iso";
const WINDOWS: &str = "Windows_Server_2019_zh-cn.iso";
const VIRTIO: &str = "virtio-win-0.1.240.iso";
const EULER: &str = "openEuler-22.03-LTS-SP3-aarch64-dvd.iso";
const CENTOS: &str = "CentOS-7-x86_64-Minimal-2009.iso";
const RHEL: &str = "rhel-9.3-x86_64-dvd.iso";
const MARKUP_ISO: &str = "<b>bold</b><img src=x onerror=alert(3)>.iso";

#[tokio::test]
async fn candidates_follow_zstack_rules() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    // Running, zone 1, CentOS already in a drive; Disabled, Downloading,
    // system, other-zone ISOs and templates never show.
    let web = sim.vm(&s, WEB).await;
    assert_eq!(
        candidates(&sim, &s, &web).await,
        set(&[UBUNTU, WINDOWS, VIRTIO, EULER, MARKUP_ISO])
    );
    let archive = sim.vm(&s, ARCHIVE).await;
    assert_eq!(
        candidates(&sim, &s, &archive).await,
        set(&[CENTOS, UBUNTU, WINDOWS, VIRTIO, EULER, MARKUP_ISO])
    );
    let db = sim.vm(&s, DB).await;
    assert_eq!(candidates(&sim, &s, &db).await, set(&[UBUNTU, EULER, RHEL]));
    let paused = sim.vm(&s, PAUSED).await;
    assert!(candidates(&sim, &s, &paused).await.is_empty());

    let unknown = sim
        .get(
            "/vm-instances/0123456789abcdef0123456789abcdef/iso-candidates",
            &s,
        )
        .await;
    unknown.assert_api_error("SYS.1007");
}

#[tokio::test]
async fn five_thousand_extra_isos_are_all_candidates() {
    let sim = start(fast_with(|c| c.extra_isos = 5000)).await;
    let (s, web) = sim.login_vm(WEB).await;
    assert_eq!(candidates(&sim, &s, &web).await.len(), 5005);
}

fn drives(inventory: &Value) -> Vec<Option<String>> {
    inventory["vmCdRoms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["isoUuid"].as_str().map(String::from))
        .collect()
}

#[tokio::test]
async fn attach_and_detach_change_the_drives() {
    let sim = start(fast()).await;
    let (s, web) = sim.login_vm(WEB).await;
    let (ubuntu, centos, windows) = (
        sim.image(&s, UBUNTU).await,
        sim.image(&s, CENTOS).await,
        sim.image(&s, WINDOWS).await,
    );

    let done = sim
        .finish(&sim.attach_iso(&s, &web, &ubuntu).await, &s)
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    let inv = &done.json()["inventory"];
    assert_eq!(inv["uuid"], web.as_str());
    assert_eq!(drives(inv), [Some(ubuntu.clone()), Some(centos.clone())]);
    assert!(!candidates(&sim, &s, &web).await.contains(UBUNTU));

    // Both drives hold an ISO now.
    let full = sim
        .finish(&sim.attach_iso(&s, &web, &windows).await, &s)
        .await;
    full.assert_api_error("SYS.1006");
    let again = sim
        .finish(&sim.attach_iso(&s, &web, &centos).await, &s)
        .await;
    assert_eq!(again.status, StatusCode::SERVICE_UNAVAILABLE);

    let url = format!("{}/vm-instances/{web}/iso?isoUuid={ubuntu}", sim.api);
    let done = sim
        .finish(&sim.send(Method::DELETE, &url, Some(&s), None).await, &s)
        .await;
    assert_eq!(done.status, StatusCode::OK);
    assert_eq!(drives(&done.json()["inventory"]), [None, Some(centos)]);
    assert!(candidates(&sim, &s, &web).await.contains(UBUNTU));

    // The VM's own query shows the same drives.
    let v = sim.get(&format!("/vm-instances/{web}"), &s).await.json();
    assert_eq!(drives(&v["inventories"][0])[0], None);

    let url = format!("{}/vm-instances/{web}/iso", sim.api);
    let done = sim
        .finish(&sim.send(Method::DELETE, &url, Some(&s), None).await, &s)
        .await;
    assert_eq!(drives(&done.json()["inventory"]), [None, None]);
}

#[tokio::test]
async fn attach_refusals() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    let cases = [
        (PAUSED, UBUNTU, "SYS.1006"),
        (WEB, "debian-11.9.0-amd64-netinst.iso", "SYS.1006"),
        (WEB, "Kylin-Server-V10-SP3-x86_64.iso", "SYS.1006"),
        (WEB, RHEL, "SYS.1006"),
        (WEB, "TinyLinux", "SYS.1006"),
        (FULL, WINDOWS, "SYS.1006"),
    ];
    for (vm_name, iso_name, code) in cases {
        let (vm, iso) = (sim.vm(&s, vm_name).await, sim.image(&s, iso_name).await);
        let done = sim.finish(&sim.attach_iso(&s, &vm, &iso).await, &s).await;
        assert_eq!(
            done.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{vm_name} {iso_name}"
        );
        assert_eq!(done.error_code(), code, "{vm_name} {iso_name}");
    }
    let web = sim.vm(&s, WEB).await;
    let unknown = "0123456789abcdef0123456789abcdef";
    let done = sim
        .finish(&sim.attach_iso(&s, &web, unknown).await, &s)
        .await;
    assert_eq!(done.error_code(), "SYS.1007");
}

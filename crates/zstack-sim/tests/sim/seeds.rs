//! Replies compared with the vendor's samples (shared/seeds): the same field
//! names, nesting and JSON types, plus the fields ZSTACK-API.md lists.

use crate::common::*;
use reqwest::StatusCode;
use serde_json::{json, Value};

/// Every member of `sample` is in `got` with the same kind of JSON value.
fn same_shape(sample: &Value, got: &Value, at: &str) {
    match (sample, got) {
        (Value::Object(s), Value::Object(g)) => {
            for (k, v) in s {
                let child = g
                    .get(k)
                    .unwrap_or_else(|| panic!("{at}.{k} missing in {got}"));
                same_shape(v, child, &format!("{at}.{k}"));
            }
        }
        (Value::Array(s), Value::Array(g)) => {
            assert!(!g.is_empty(), "{at} is empty, the sample is not");
            for item in g {
                same_shape(&s[0], item, &format!("{at}[]"));
            }
        }
        (Value::String(_), Value::String(_))
        | (Value::Number(_), Value::Number(_))
        | (Value::Bool(_), Value::Bool(_)) => {}
        _ => panic!("{at}: sample {sample} but got {got}"),
    }
}

fn has_fields(v: &Value, fields: &str, what: &str) {
    for f in fields.split(',').map(str::trim) {
        assert!(v.get(f).is_some(), "{what} lacks {f}: {v}");
    }
}

#[tokio::test]
async fn get_vm_guest_tools_info_matches_the_seed() {
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let got = sim
        .get(&format!("/vm-instances/{vm}/guest-tools-infos"), &s)
        .await
        .json();
    same_shape(&json!({"version": "1.0.0", "status": "Running"}), &got, "");
    assert!(got["features"].is_object());
}

#[tokio::test]
async fn update_guest_tools_state_matches_the_seed() {
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(BATCH).await;
    let got = sim
        .put(
            &format!("/vm-instances/{vm}/guesttools-state"),
            &s,
            json!({"systemTags": [], "userTags": []}),
        )
        .await
        .json();
    let sample = json!({ "inventory": { "vmInstanceUuid": "321e85ca08b335e09f172041f7e710b5", "qgaState": "Running", "zwatchState": "Running", "version": "4.6.11", "platform": "Kylin", "osType": "Kylin" } });
    same_shape(&sample, &got, "");
}

#[tokio::test]
async fn attach_guest_tools_iso_matches_the_seed() {
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let a = sim
        .put(
            &format!("/vm-instances/{vm}/actions"),
            &s,
            json!({"attachGuestToolsIsoToVm": {}, "systemTags": [], "userTags": []}),
        )
        .await;
    assert_eq!(sim.finish(&a, &s).await.json(), json!({}));
    let vm = sim.vm(&s, NO_CDROM).await;
    let a = sim.attach_tools(&s, &vm).await;
    let failed = sim.finish(&a, &s).await;
    assert_eq!(failed.status, StatusCode::SERVICE_UNAVAILABLE);
    let sample = json!({"error": {"code": "SYS.1001", "description": "A message or a operation timeout", "details": "Create VM on KVM timeout after 300s"}});
    same_shape(&sample, &failed.json(), "");
}

#[tokio::test]
async fn execute_guest_vm_command_matches_the_seed() {
    let sim = start(fast_with(|c| {
        c.runtime.exec_mode = zstack_sim::ExecMode::Sync
    }))
    .await;
    let (s, vm) = sim.login_vm(WEB).await;
    let got = sim
        .exec(&s, &vm, "Linux", "echo hello world; 1/0", Some(10))
        .await
        .json();
    let sample = json!({ "stream": "standardStream: hello world, errorStream: 1/0 is not a goodScript", "vmInstance": { "uuid": "fc022ba201c135d8809c5e02bf6bf156", "name": "vm_1" } });
    same_shape(&sample, &got, "");
    assert_eq!(
        got["stream"],
        "standardStream: hello world\n, errorStream: bash: 1/0: No such file or directory\n"
    );
}

#[tokio::test]
async fn iso_candidates_match_the_seed() {
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let got = sim
        .get(&format!("/vm-instances/{vm}/iso-candidates"), &s)
        .await
        .json();
    let sample = json!({"inventories": [{"uuid": "154c6715c5994bfd8c822fd6fc5792f8", "name": "TinyLinux", "url": "http://192.168.1.20/share/images/tinylinux.qcow2", "mediaType": "RootVolumeTemplate", "platform": "Linux", "format": "qcow2",
        "backupStorageRefs": [{"id": 0.0, "imageUuid": "154c6715c5994bfd8c822fd6fc5792f8", "backupStorageUuid": "e7eed90ff5fd4448b3bee5e029c96636", "installPath": "ceph://zs-images/f0b149e053b34c7eb7fe694b182ebffd", "status": "Ready"}]}]});
    same_shape(&sample, &got, "");
    for img in got["inventories"].as_array().unwrap() {
        has_fields(img, "uuid, name, description, state, status, size, actualSize, md5Sum, url, mediaType, guestOsType, type, platform, architecture, format, system, virtio, createDate, lastOpDate, backupStorageRefs", "ImageInventory");
        assert_eq!(
            (img["mediaType"].as_str(), img["format"].as_str()),
            (Some("ISO"), Some("iso"))
        );
    }
}

#[tokio::test]
async fn vm_inventory_has_the_documented_fields() {
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let v = sim.get(&format!("/vm-instances/{vm}"), &s).await.json();
    let inv = &v["inventories"][0];
    has_fields(inv, "uuid, name, description, zoneUuid, clusterUuid, imageUuid, hostUuid, lastHostUuid, instanceOfferingUuid, rootVolumeUuid, platform, architecture, defaultL3NetworkUuid, type, hypervisorType, memorySize, reservedMemorySize, cpuNum, cpuSpeed, allocatorStrategy, createDate, lastOpDate, state, guestOsType, vmNics, allVolumes, vmCdRoms", "VmInstanceInventory");
    has_fields(
        &inv["vmNics"][0],
        "uuid, ip, mac, netmask, gateway, l3NetworkUuid, deviceId, ipVersion, driverType",
        "VmNicInventory",
    );
    let cds = inv["vmCdRoms"].as_array().unwrap();
    for cd in cds {
        has_fields(
            cd,
            "uuid, vmInstanceUuid, deviceId, name, createDate, lastOpDate",
            "VmCdRomInventory",
        );
        assert_eq!(cd["name"], format!("vm-{vm}-cdRom"));
    }
    // An empty drive has no isoUuid; a full one has it and its path.
    assert!(cds[0].get("isoUuid").is_none());
    has_fields(&cds[1], "isoUuid, isoInstallPath", "VmCdRomInventory");
    for date in ["createDate", "lastOpDate"] {
        let t = zstack_api::Timestamp(inv[date].as_str().unwrap().into());
        assert!(t.parse().is_some(), "{date} not in Java's form: {t:?}");
    }
    // Nulls are left out, as Gson does.
    assert!(!v.to_string().contains("null"));
}

#[tokio::test]
async fn uuids_are_fixed_32_lower_hex() {
    let (a, b) = (start(fast()).await, start(fast()).await);
    let (sa, sb) = (a.login().await, b.login().await);
    for name in [WEB, DB, MARKUP] {
        let (ua, ub) = (a.vm(&sa, name).await, b.vm(&sb, name).await);
        assert_eq!(ua, ub);
        assert!(ua.len() == 32 && ua.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')));
    }
}

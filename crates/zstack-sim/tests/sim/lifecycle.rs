//! The guest-tools lifecycle (ZSTACK-API.md §5): which drive the tools ISO
//! takes, ejecting it, the latest release, the qemuga switch, QueryVmCdRom.

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

const CENTOS: &str = "CentOS-7-x86_64-Minimal-2009.iso";
const UBUNTU: &str = "ubuntu-22.04.4-live-server-amd64.iso";

/// `(isoUuid, occupant)` of each drive, in deviceId order.
fn slots(drives: &[Value]) -> Vec<(Option<String>, Option<String>)> {
    let mut d: Vec<&Value> = drives.iter().collect();
    d.sort_by_key(|c| c["deviceId"].as_u64());
    let text = |v: &Value| v.as_str().map(String::from);
    d.iter()
        .map(|c| (text(&c["isoUuid"]), text(&c["occupant"])))
        .collect()
}

fn tools_slot() -> (Option<String>, Option<String>) {
    (None, Some("GuestTools".into()))
}

fn iso_slot(uuid: &str) -> (Option<String>, Option<String>) {
    (Some(uuid.into()), Some("ISO".into()))
}

async fn attach_ok(sim: &Sim, s: &str, vm: &str) {
    let done = sim.finish(&sim.attach_tools(s, vm).await, s).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
}

#[tokio::test]
async fn the_tools_iso_takes_the_drive_zstack_picks() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    let (centos, ubuntu) = (sim.image(&s, CENTOS).await, sim.image(&s, UBUNTU).await);

    // The first empty drive: web-01 has [empty, CentOS].
    let web = sim.vm(&s, WEB).await;
    attach_ok(&sim, &s, &web).await;
    let web_drives = slots(&sim.drives(&s, &web).await);
    assert_eq!(web_drives, [tools_slot(), iso_slot(&centos)]);
    // Attaching again reuses that drive.
    attach_ok(&sim, &s, &web).await;
    assert_eq!(slots(&sim.drives(&s, &web).await), web_drives);

    // A drive already holding it wins over an earlier empty one.
    let cd = sim.vm(&s, TOOLS_CD).await;
    attach_ok(&sim, &s, &cd).await;
    assert_eq!(
        slots(&sim.drives(&s, &cd).await),
        [(None, None), tools_slot()]
    );

    // All drives full: drive 0's ISO is detached and gone.
    let full = sim.vm(&s, DRIVES_FULL).await;
    assert_eq!(
        slots(&sim.drives(&s, &full).await),
        [iso_slot(&centos), iso_slot(&ubuntu)]
    );
    attach_ok(&sim, &s, &full).await;
    assert_eq!(
        slots(&sim.drives(&s, &full).await),
        [tools_slot(), iso_slot(&ubuntu)]
    );
    let candidates = sim
        .get(&format!("/vm-instances/{full}/iso-candidates"), &s)
        .await
        .json();
    assert!(candidates["inventories"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["uuid"] == centos.as_str()));

    // No drive at all.
    let none = sim.vm(&s, NO_CDROM).await;
    let done = sim.finish(&sim.attach_tools(&s, &none).await, &s).await;
    done.assert_api_error("GT.1001");
    assert!(done.json()["error"]["details"]
        .as_str()
        .unwrap()
        .contains(&none));
}

#[tokio::test]
async fn a_tools_drive_is_not_empty_for_a_user_iso() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    let (full, ubuntu) = (sim.vm(&s, FULL).await, sim.image(&s, UBUNTU).await);
    // full-cdrom-13: its one drive holds Ubuntu; the tools evict it.
    attach_ok(&sim, &s, &full).await;
    assert_eq!(slots(&sim.drives(&s, &full).await), [tools_slot()]);
    let done = sim
        .finish(&sim.attach_iso(&s, &full, &ubuntu).await, &s)
        .await;
    done.assert_api_error("SYS.1006");
    // DetachIsoFromVmInstance without isoUuid leaves the tools drive alone.
    let url = format!("{}/vm-instances/{full}/iso", sim.api);
    let done = sim
        .finish(&sim.send(Method::DELETE, &url, Some(&s), None).await, &s)
        .await;
    assert_eq!(
        slots(
            &done.json()["inventory"]["vmCdRoms"]
                .as_array()
                .unwrap()
                .clone()
        ),
        [tools_slot()]
    );
}

#[tokio::test]
async fn detaching_the_tools_iso_empties_its_drive() {
    let sim = start(fast()).await;
    let (s, cd) = sim.login_vm(TOOLS_CD).await;
    let done = sim.finish(&sim.detach_tools(&s, &cd).await, &s).await;
    assert_eq!((done.status, done.json()), (StatusCode::OK, json!({})));
    assert_eq!(
        slots(&sim.drives(&s, &cd).await),
        [(None, None), (None, None)]
    );
    // Nothing to eject is no error; neither is a stopped VM.
    for name in [TOOLS_CD, WEB, ARCHIVE, NO_CDROM] {
        let vm = sim.vm(&s, name).await;
        let done = sim.finish(&sim.detach_tools(&s, &vm).await, &s).await;
        assert_eq!(done.status, StatusCode::OK, "{name}: {}", done.text);
    }
    let paused = sim.vm(&s, PAUSED).await;
    let done = sim.finish(&sim.detach_tools(&s, &paused).await, &s).await;
    done.assert_api_error("SYS.1006");

    // A Windows VM without the virtio tag gets a driver disk with the ISO,
    // and loses it with the ISO; it is no ZStack volume.
    let win = sim.vm(&s, WIN_OLD).await;
    attach_ok(&sim, &s, &win).await;
    assert_eq!(sim.world_vm(WIN_OLD).await["driverDisk"], true);
    let v = sim.get(&format!("/vm-instances/{win}"), &s).await.json();
    assert_eq!(
        v["inventories"][0]["allVolumes"].as_array().unwrap().len(),
        1
    );
    sim.finish(&sim.detach_tools(&s, &win).await, &s).await;
    assert_eq!(sim.world_vm(WIN_OLD).await["driverDisk"], false);
    assert_eq!(
        slots(&sim.drives(&s, &win).await),
        [(None, None), (None, None)]
    );
}

async fn latest(sim: &Sim, s: &str, name: &str) -> Answer {
    let vm = sim.vm(s, name).await;
    sim.get(&format!("/vm-instances/{vm}/latest-guest-tools"), s)
        .await
}

#[tokio::test]
async fn the_latest_tools_are_offered_only_when_they_differ() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    for name in [
        BATCH,
        LEGACY,
        DRIVES_FULL,
        FRESH,
        WIN_OLD,
        "install-failed-12",
    ] {
        let a = latest(&sim, &s, name).await;
        assert_eq!(a.status, StatusCode::OK, "{name}: {}", a.text);
        let inv = &a.json()["inventory"];
        assert_eq!(inv["version"], "4.8.0", "{name}");
        assert_eq!(inv["name"], "GuestTools-4.8.0");
        for f in "uuid, name, description, managementNodeUuid, architecture, hypervisorType, version, agentType, createDate, lastOpDate".split(", ") {
            assert!(inv.get(f).is_some(), "{name}: no {f} in {inv}");
        }
        assert_eq!(inv["hypervisorType"], "KVM");
    }
    let win = latest(&sim, &s, WIN_OLD).await.json();
    assert_eq!(win["inventory"]["agentType"], "WindowsOnKvm");
    assert_eq!(
        latest(&sim, &s, BATCH).await.json()["inventory"]["agentType"],
        "LinuxOnKvm"
    );

    // Current: no inventory at all (Gson leaves the null out).
    for name in [WEB, WIN, TOOLS_CD, QGA_OFF] {
        let a = latest(&sim, &s, name).await;
        assert_eq!((a.status, a.json()), (StatusCode::OK, json!({})), "{name}");
    }
    // Not Running, or no tools for the platform: a failure, not "current".
    for name in [ARCHIVE, PAUSED, APPLIANCE] {
        latest(&sim, &s, name).await.assert_api_error("SYS.1007");
    }
    let a = sim
        .get(
            "/vm-instances/0123456789abcdef0123456789abcdef/latest-guest-tools",
            &s,
        )
        .await;
    a.assert_api_error("SYS.1007");

    // Installing the tools makes the VM current.
    let batch = sim.vm(&s, BATCH).await;
    attach_ok(&sim, &s, &batch).await;
    tokio::time::sleep(Duration::from_millis(250)).await;
    assert_eq!(latest(&sim, &s, BATCH).await.json(), json!({}));
}

async fn qga(sim: &Sim, s: &str, vm: &str) -> Value {
    let a = sim.get(&format!("/vm-instances/{vm}/qga"), s).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    a.json()
}

async fn qga_state(sim: &Sim, s: &str, vm: &str) -> Value {
    let st = sim
        .get(&format!("/guesttools?q=vmInstanceUuid={vm}"), s)
        .await
        .json();
    st["inventories"][0]["qgaState"].clone()
}

#[tokio::test]
async fn the_qga_switch_round_trips_and_gates_exec() {
    let sim = start(fast()).await;
    let (s, web) = sim.login_vm(WEB).await;
    assert_eq!(qga(&sim, &s, &web).await, json!({"enable": true}));
    let off = sim.vm(&s, QGA_OFF).await;
    assert_eq!(qga(&sim, &s, &off).await, json!({"enable": false}));
    assert_eq!(qga_state(&sim, &s, &off).await, "NotRunning");
    let done = sim
        .finish(&sim.exec(&s, &off, "Linux", "hostname", None).await, &s)
        .await;
    done.assert_api_error("SYS.1006");
    assert!(done.json()["error"]["details"]
        .as_str()
        .unwrap()
        .contains("qga is disabled"));

    // On: the agent answers again.
    let done = sim.finish(&sim.set_qga(&s, &off, true).await, &s).await;
    assert_eq!((done.status, done.json()), (StatusCode::OK, json!({})));
    assert_eq!(qga(&sim, &s, &off).await, json!({"enable": true}));
    assert_eq!(qga_state(&sim, &s, &off).await, "Running");
    let done = sim
        .finish(&sim.exec(&s, &off, "Linux", "hostname", None).await, &s)
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);

    // Off on a healthy VM: refused, and recorded NotRunning.
    sim.finish(&sim.set_qga(&s, &web, false).await, &s).await;
    assert_eq!(qga(&sim, &s, &web).await, json!({"enable": false}));
    assert_eq!(qga_state(&sim, &s, &web).await, "NotRunning");
    let done = sim
        .finish(&sim.exec(&s, &web, "Linux", "hostname", None).await, &s)
        .await;
    done.assert_api_error("SYS.1006");

    // Missing `enable` is false, as Gson fills a boolean; a number is a 400.
    let url = format!("/vm-instances/{web}/actions");
    sim.finish(&sim.set_qga(&s, &web, true).await, &s).await;
    let a = sim.put(&url, &s, json!({"setVmQga": {}})).await;
    sim.finish(&a, &s).await;
    assert_eq!(qga(&sim, &s, &web).await, json!({"enable": false}));
    let a = sim.put(&url, &s, json!({"setVmQga": {"enable": 1}})).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.is_plain_text());
}

#[tokio::test]
async fn cdroms_are_queryable() {
    let sim = start(fast()).await;
    let (s, full) = sim.login_vm(DRIVES_FULL).await;
    let a = sim
        .get(
            &format!("/vm-instances/cdroms?q=vmInstanceUuid={full}&sort=-deviceId"),
            &s,
        )
        .await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
    let invs = a.json()["inventories"].as_array().unwrap().clone();
    let ids: Vec<u64> = invs
        .iter()
        .map(|c| c["deviceId"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, [1, 0]);
    assert!(invs
        .iter()
        .all(|c| c["occupant"] == "ISO" && c["name"] == format!("vm-{full}-cdRom")));

    let one = invs[0]["uuid"].as_str().unwrap();
    let a = sim
        .get(&format!("/vm-instances/cdroms/{one}"), &s)
        .await
        .json();
    assert_eq!(a["inventories"].as_array().unwrap().len(), 1);
    assert_eq!(a["inventories"][0]["vmInstanceUuid"], full.as_str());

    let count = |q: &'static str| {
        let sim = &sim;
        let s = &s;
        async move {
            let a = sim
                .get(&format!("/vm-instances/cdroms?{q}&count=true"), s)
                .await;
            assert_eq!(a.status, StatusCode::OK, "{q}: {}", a.text);
            a.json()["total"].as_u64().unwrap()
        }
    };
    // tools-cd-16 and install-failed-12 hold the tools ISO.
    assert_eq!(count("q=occupant=GuestTools").await, 2);
    assert_eq!(count("q=occupant=ISO").await, 5);
    let paged = sim
        .get(
            "/vm-instances/cdroms?limit=2&start=1&replyWithCount=true",
            &s,
        )
        .await
        .json();
    assert_eq!(paged["inventories"].as_array().unwrap().len(), 2);
    assert!(paged["total"].as_u64().unwrap() > 20);
    let a = sim.get("/vm-instances/cdroms?q=noSuchField=1", &s).await;
    a.assert_api_error("SYS.1007");
}

#[tokio::test]
async fn cdroms_is_no_vm_name() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    let a = sim.get("/vm-instances/cdroms", &s).await.json();
    // Drives, not VMs: no VM has a `vmInstanceUuid`.
    let first = &a["inventories"][0];
    assert!(first.get("vmInstanceUuid").is_some() && first.get("vmNics").is_none());
    let a = sim
        .send(
            Method::PUT,
            &format!("{}/vm-instances/cdroms", sim.api),
            Some(&s),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn an_old_release_cannot_detach_and_has_no_occupant() {
    let sim = start(fast_with(|c| c.runtime.old_release = true)).await;
    let (s, cd) = sim.login_vm(TOOLS_CD).await;
    let a = sim.detach_tools(&s, &cd).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        a.text,
        format!(
            "the body doesn't contain action mapping to the URL[/v1/vm-instances/{cd}/actions]"
        )
    );
    let log = sim.control(Method::GET, "/requests", None).await.json();
    assert!(log.as_array().unwrap().last().unwrap()["api"].is_null());

    // No `occupant` anywhere, though the drive still holds the tools ISO.
    let v = sim.get(&format!("/vm-instances/{cd}"), &s).await;
    assert!(!v.text.contains("occupant"), "{}", v.text);
    let c = sim
        .get(&format!("/vm-instances/cdroms?q=vmInstanceUuid={cd}"), &s)
        .await;
    assert!(!c.text.contains("occupant") && c.status == StatusCode::OK);
    sim.get("/vm-instances/cdroms?q=occupant=ISO", &s)
        .await
        .assert_api_error("SYS.1007");
    assert_eq!(
        sim.world_vm(TOOLS_CD).await["drives"][1]["occupant"],
        "GuestTools"
    );
    // The other actions are still there.
    let done = sim.finish(&sim.set_qga(&s, &cd, false).await, &s).await;
    assert_eq!(done.status, StatusCode::OK);

    // The switch works at run time too, either spelling.
    let a = sim
        .control(Method::POST, "/config", Some(json!({"oldRelease": false})))
        .await;
    assert_eq!(a.json()["old_release"], false);
    let done = sim.finish(&sim.detach_tools(&s, &cd).await, &s).await;
    assert_eq!(done.status, StatusCode::OK);
    let full = sim.vm(&s, FULL).await;
    assert_eq!(sim.drives(&s, &full).await[0]["occupant"], "ISO");
}

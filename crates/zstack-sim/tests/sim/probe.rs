use crate::common::*;
use reqwest::Method;
use serde_json::json;
use std::time::Duration;
use zstack_sim::probe::{Check, Probe};

async fn probe(base: String) -> Vec<Check> {
    probe_exec(base, None).await
}

async fn probe_exec(base: String, vm: Option<String>) -> Vec<Check> {
    tokio::task::spawn_blocking(move || {
        Probe::new(&base, Duration::from_secs(10))
            .with_exec_vm(vm)
            .run("admin", "password")
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_probe_passes_against_the_simulator() {
    let sim = start(fast()).await;
    let checks = probe(format!("{}/zstack/v1/", sim.base)).await;
    assert!(checks.len() >= 8);
    for c in &checks {
        assert!(c.ok, "{}: {}", c.name, c.detail);
    }
}

#[tokio::test]
async fn the_probe_notices_a_server_that_answers_401() {
    let sim = start(fast()).await;
    let fault =
        json!({"api": "QueryVmInstance", "status": 401, "body": "Unauthorized", "times": 5});
    sim.control(Method::POST, "/faults", Some(fault)).await;
    let checks = probe(sim.base.clone()).await;
    let failed: Vec<&str> = checks.iter().filter(|c| !c.ok).map(|c| c.name).collect();
    assert_eq!(
        failed,
        [
            "no Authorization header: 400 plain text",
            "bogus session: 503 ID.1001"
        ]
    );
}

#[tokio::test]
async fn the_exec_checks_pass_against_the_simulator() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    for (name, want) in [
        (
            WEB,
            vec![
                "exec: stdout may contain the separator (split on the last)",
                "exec: a stream keeps its last 1,000 lines",
                "exec: a command past its timeout still runs in the guest",
            ],
        ),
        (
            WIN_ZH,
            vec![
                "exec: stdout may contain the separator (split on the last)",
                "exec: after `chcp 65001>nul & ` output arrives as UTF-8",
                "exec: the guest's own code page (shown, not judged)",
            ],
        ),
    ] {
        let vm = sim.vm(&s, name).await;
        let checks = probe_exec(sim.base.clone(), Some(vm)).await;
        for c in &checks {
            assert!(c.ok, "{name}: {}: {}", c.name, c.detail);
        }
        let exec: Vec<&str> = checks
            .iter()
            .map(|c| c.name)
            .filter(|n| n.starts_with("exec:"))
            .collect();
        assert_eq!(exec, want, "{name}");
    }
    // A guest that cannot run commands fails them.
    let app = sim.vm(&s, APP).await;
    let checks = probe_exec(sim.base.clone(), Some(app)).await;
    assert!(checks.iter().any(|c| c.name.starts_with("exec:") && !c.ok));
}

#[tokio::test]
async fn the_lifecycle_checks_tell_which_release_answers() {
    for old in [false, true] {
        let sim = start(fast_with(|c| c.runtime.old_release = old)).await;
        let checks = probe(sim.base.clone()).await;
        for c in &checks {
            assert!(c.ok, "old={old}: {}: {}", c.name, c.detail);
        }
        let detail = |prefix: &str| {
            let c = checks.iter().find(|c| c.name.starts_with(prefix));
            c.unwrap_or_else(|| panic!("no check {prefix}"))
                .detail
                .clone()
        };
        let (detach, drives) = (detail("DetachGuestToolsIsoFromVm"), detail("QueryVmCdRom"));
        if old {
            assert!(detach.starts_with("400"), "{detach}");
            assert!(drives.contains(" 0 with occupant"), "{drives}");
        } else {
            assert!(detach.starts_with("202"), "{detach}");
            assert!(drives.contains("a newer release"), "{drives}");
        }
        assert!(detail("GetVmQga").contains("enable"));
    }
    // A stopped VM: GetLatestGuestToolsForVm fails, which is an answer too.
    let sim = start(fast()).await;
    let (_, archive) = sim.login_vm(ARCHIVE).await;
    let checks = probe_exec(sim.base.clone(), Some(archive)).await;
    let latest = checks
        .iter()
        .find(|c| c.name.starts_with("GetLatestGuestToolsForVm"))
        .unwrap();
    assert!(
        latest.ok && latest.detail == "503 SYS.1007",
        "{}",
        latest.detail
    );
}

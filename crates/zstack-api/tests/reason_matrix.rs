//! The guest-tools reason over every combination of the states ZStack
//! reports: invariants that must hold whatever the order of the checks.

use zstack_api::reason::*;
use zstack_api::{GuestToolsStatus, QgaState, VmState, ZWatchState};

const LATEST: &str = "4.8.0";

fn with_other<T: Clone>(known: &[T], other: T) -> Vec<Option<T>> {
    let mut v: Vec<Option<T>> = known.iter().cloned().map(Some).collect();
    v.push(Some(other));
    v.push(None);
    v
}

const BUSY: &[&str] = &[
    "Starting",
    "Stopping",
    "Rebooting",
    "Migrating",
    "Pausing",
    "Resuming",
    "Destroying",
    "Expunging",
    "VolumeMigrating",
    "VolumeRecovering",
];

/// The reasons that do not say commands cannot run; the console words every
/// other one as a block.
const NOT_BLOCKING: &[Reason] = &[
    Reason::Ready,
    Reason::UpgradePending,
    Reason::OldTools,
    Reason::Unknown,
];

/// Every VM state × tools status × qga × zwatch × version kind, known values
/// plus one unknown and "not loaded" for each.
#[test]
fn invariants_over_the_cross_product() {
    let vms = with_other(VmState::KNOWN, VmState::Other("Hibernated".into()));
    let statuses = with_other(
        GuestToolsStatus::KNOWN,
        GuestToolsStatus::Other("Upgrading".into()),
    );
    let qgas = with_other(QgaState::KNOWN, QgaState::Other("Upgrading".into()));
    let zwatches = with_other(ZWatchState::KNOWN, ZWatchState::Other("Degraded".into()));
    let versions = [
        None,
        Some(""),
        Some(LATEST),
        Some("4.6.11"),
        Some("InstallFailed"),
    ];
    let mut seen = std::collections::BTreeSet::new();
    let mut count = 0;
    for vm in &vms {
        for status in &statuses {
            for qga in &qgas {
                for (version, qga_enabled) in versions
                    .iter()
                    .flat_map(|v| [None, Some(true), Some(false)].map(|e| (*v, e)))
                {
                    let base = ToolsPicture {
                        vm_state: vm.as_ref(),
                        tools_status: status.as_ref(),
                        tools_version: version,
                        qga: qga.as_ref(),
                        zwatch: None,
                        latest_version: Some(LATEST),
                        upgrade_offered: false,
                        qga_enabled,
                    };
                    let expected = assess(&base);
                    for zwatch in &zwatches {
                        let p = ToolsPicture {
                            zwatch: zwatch.as_ref(),
                            ..base
                        };
                        let a = assess(&p);
                        // ZWatch is monitoring only: it never changes the verdict.
                        assert_eq!(a, expected, "zwatch changed {p:?}");
                        check(&p, &a);
                        seen.insert(a.reason.key());
                        count += 1;
                    }
                }
            }
        }
    }
    assert_eq!(count, 21 * 6 * 6 * 5 * 3 * 5);
    assert_eq!(
        seen.len(),
        Reason::ALL.len(),
        "every reason reachable: {seen:?}"
    );
}

fn check(p: &ToolsPicture, a: &Assessment) {
    let vm_running = p.vm_state == Some(&VmState::Running);
    let qga_answers = matches!(p.qga, Some(QgaState::Running | QgaState::NotUpgraded));
    let ctx = || format!("{p:?} -> {a:?}");
    if a.can_run_commands {
        assert!(vm_running && qga_answers, "can run: {}", ctx());
    }
    if !vm_running {
        let allowed = [Reason::VmNotRunning, Reason::VmBusy, Reason::Unknown];
        assert!(allowed.contains(&a.reason), "VM not running: {}", ctx());
    }
    let busy = p.vm_state.is_some_and(|s| BUSY.contains(&s.as_str()));
    assert_eq!(a.reason == Reason::VmBusy, busy, "busy: {}", ctx());
    match a.reason {
        Reason::Ready => assert!(a.can_run_commands && !a.upgrade_available, "{}", ctx()),
        Reason::UpgradePending | Reason::OldTools => {
            assert!(a.can_run_commands && a.upgrade_available, "{}", ctx())
        }
        Reason::Unknown => {}
        _ => assert!(!a.can_run_commands, "{}", ctx()),
    }
    // A reason that blocks commands comes exactly when they cannot run;
    // Unknown is the one that may go either way.
    assert_eq!(
        !NOT_BLOCKING.contains(&a.reason),
        !a.can_run_commands && a.reason != Reason::Unknown,
        "blocking: {}",
        ctx()
    );
    let attachable = matches!(p.vm_state, Some(VmState::Running | VmState::Stopped));
    let not_supported = p.tools_status == Some(&GuestToolsStatus::NotSupported);
    assert_eq!(
        a.can_attach_tools_iso,
        attachable && !not_supported,
        "attach: {}",
        ctx()
    );
    if matches!(p.qga, Some(QgaState::Other(_))) {
        assert!(!a.can_run_commands, "unknown qga: {}", ctx());
    }
    // An unknown tools status on a live VM with a live agent ZStack may use:
    // unknown, but runnable.
    if vm_running
        && matches!(p.tools_status, Some(GuestToolsStatus::Other(_)))
        && p.qga == Some(&QgaState::Running)
        && p.qga_enabled != Some(false)
    {
        assert_eq!(
            (a.reason, a.can_run_commands),
            (Reason::Unknown, true),
            "{}",
            ctx()
        );
    }
    // The agent switch off blocks every running VM ZStack has tools for.
    let switched_off = p.qga_enabled == Some(false);
    assert_eq!(
        a.reason == Reason::AgentDisabled,
        vm_running && switched_off && !not_supported,
        "switch: {}",
        ctx()
    );
    if vm_running && p.qga == Some(&QgaState::NotInstalled) && !not_supported && !switched_off {
        let failed = p.tools_version == Some("InstallFailed");
        let want = if failed {
            Reason::InstallFailed
        } else {
            Reason::ToolsNotInstalled
        };
        assert_eq!(a.reason, want, "{}", ctx());
    }
}

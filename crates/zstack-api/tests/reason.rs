//! The guest-tools panel's one reason: the seeded situations and the
//! edges (reason_matrix.rs has the invariants over every combination,
//! reason_parts.rs the keys, severities and version strings).

use zstack_api::reason::*;
use zstack_api::{GuestToolsStatus, QgaState, VmState, ZWatchState};

const LATEST: &str = "4.8.0";

struct Row {
    vm: VmState,
    status: &'static str,
    version: Option<&'static str>,
    qga: &'static str,
    zwatch: &'static str,
}

fn assess_row(r: &Row) -> Assessment {
    let status = GuestToolsStatus::from(r.status);
    let qga = QgaState::from(r.qga);
    let zwatch = ZWatchState::from(r.zwatch);
    assess(&ToolsPicture {
        vm_state: Some(&r.vm),
        tools_status: Some(&status),
        tools_version: r.version,
        qga: Some(&qga),
        zwatch: Some(&zwatch),
        latest_version: Some(LATEST),
        ..ToolsPicture::default()
    })
}

const HEALTHY: Row = Row {
    vm: VmState::Running,
    status: "Running",
    version: Some(LATEST),
    qga: "Running",
    zwatch: "Running",
};

/// The simulator's seeded VMs, each with the reason it must show.
#[test]
fn seeded_situations() {
    let rows = [
        ("healthy", HEALTHY, Reason::Ready, true, true, false),
        (
            "agent not running",
            Row {
                status: "NotRunning",
                qga: "NotRunning",
                ..HEALTHY
            },
            Reason::AgentNotRunning,
            false,
            true,
            false,
        ),
        (
            "not connected",
            Row {
                status: "Not Connected",
                version: Some("4.6.11"),
                qga: "NotRunning",
                zwatch: "NotRunning",
                ..HEALTHY
            },
            Reason::NotConnected,
            false,
            true,
            true,
        ),
        (
            "not supported",
            Row {
                status: "Not Supported",
                version: None,
                qga: "NotInstalled",
                zwatch: "NotInstalled",
                ..HEALTHY
            },
            Reason::ToolsNotSupported,
            false,
            false,
            false,
        ),
        (
            "not installed",
            Row {
                status: "NotRunning",
                version: None,
                qga: "NotInstalled",
                zwatch: "NotInstalled",
                ..HEALTHY
            },
            Reason::ToolsNotInstalled,
            false,
            true,
            false,
        ),
        (
            "older version",
            Row {
                version: Some("4.6.11"),
                qga: "NotUpgraded",
                ..HEALTHY
            },
            Reason::OldTools,
            true,
            true,
            true,
        ),
        (
            "stopped VM",
            Row {
                vm: VmState::Stopped,
                status: "Not Connected",
                qga: "NotRunning",
                zwatch: "NotRunning",
                ..HEALTHY
            },
            Reason::VmNotRunning,
            false,
            true,
            false,
        ),
        (
            "paused VM",
            Row {
                vm: VmState::Paused,
                status: "Not Connected",
                ..HEALTHY
            },
            Reason::VmNotRunning,
            false,
            false,
            false,
        ),
        (
            "install failure",
            Row {
                status: "NotRunning",
                version: Some("InstallFailed"),
                qga: "NotInstalled",
                zwatch: "NotInstalled",
                ..HEALTHY
            },
            Reason::InstallFailed,
            false,
            true,
            false,
        ),
    ];
    for (name, row, reason, run, attach, upgrade) in rows {
        let a = assess_row(&row);
        assert_eq!(a.reason, reason, "{name}");
        assert_eq!(a.can_run_commands, run, "{name}: can_run_commands");
        assert_eq!(
            a.can_attach_tools_iso, attach,
            "{name}: can_attach_tools_iso"
        );
        assert_eq!(a.upgrade_available, upgrade, "{name}: upgrade_available");
    }
}

#[test]
fn older_version_with_running_agent_is_an_upgrade_not_a_block() {
    let a = assess_row(&Row {
        version: Some("4.6.11"),
        ..HEALTHY
    });
    assert_eq!(a.reason, Reason::UpgradePending);
    assert!(a.can_run_commands && a.upgrade_available);
    // Without a known latest version only qga can say so.
    let picture = ToolsPicture {
        vm_state: Some(&VmState::Running),
        tools_status: Some(&GuestToolsStatus::Running),
        tools_version: Some("4.6.11"),
        qga: Some(&QgaState::Running),
        ..ToolsPicture::default()
    };
    assert_eq!(assess(&picture).reason, Reason::Ready);
}

#[test]
fn nothing_loaded_yet_is_unknown() {
    let a = assess(&ToolsPicture::default());
    assert_eq!(a.reason, Reason::Unknown);
    assert!(!a.can_run_commands && !a.can_attach_tools_iso && !a.upgrade_available);
    let vm_only = assess(&ToolsPicture {
        vm_state: Some(&VmState::Running),
        ..ToolsPicture::default()
    });
    assert_eq!(vm_only.reason, Reason::Unknown);
    assert!(!vm_only.can_run_commands && vm_only.can_attach_tools_iso);
}

#[test]
fn tools_info_alone_still_names_the_cause() {
    let only_status = |status: GuestToolsStatus, version: Option<&str>| {
        assess(&ToolsPicture {
            vm_state: Some(&VmState::Running),
            tools_status: Some(&status),
            tools_version: version,
            ..ToolsPicture::default()
        })
        .reason
    };
    assert_eq!(
        only_status(GuestToolsStatus::NotRunning, None),
        Reason::ToolsNotInstalled
    );
    assert_eq!(
        only_status(GuestToolsStatus::NotRunning, Some("4.8.0")),
        Reason::AgentNotRunning
    );
    assert_eq!(
        only_status(GuestToolsStatus::NotConnected, None),
        Reason::NotConnected
    );
    assert_eq!(
        only_status(GuestToolsStatus::Running, Some("4.8.0")),
        Reason::Unknown
    );
}

/// What the page sees for a healthy running VM, with the agent switch and
/// ZStack's upgrade answer as given.
fn healthy_with(version: &'static str, qga_enabled: Option<bool>, offered: bool) -> Assessment {
    assess(&ToolsPicture {
        vm_state: Some(&VmState::Running),
        tools_status: Some(&GuestToolsStatus::Running),
        tools_version: Some(version),
        qga: Some(&QgaState::Running),
        zwatch: Some(&ZWatchState::Running),
        latest_version: None,
        upgrade_offered: offered,
        qga_enabled,
    })
}

#[test]
fn agent_switch_off_is_the_one_reason_on_a_running_vm() {
    let off = healthy_with(LATEST, Some(false), false);
    assert_eq!(off.reason, Reason::AgentDisabled);
    assert!(!off.can_run_commands && off.can_attach_tools_iso);
    // On, or not known (an older server without GetVmQga): no effect.
    assert_eq!(
        healthy_with(LATEST, Some(true), false).reason,
        Reason::Ready
    );
    assert_eq!(healthy_with(LATEST, None, false).reason, Reason::Ready);
    // It beats what the guest says about its agent...
    let down = assess(&ToolsPicture {
        vm_state: Some(&VmState::Running),
        tools_status: Some(&GuestToolsStatus::NotRunning),
        qga: Some(&QgaState::NotInstalled),
        qga_enabled: Some(false),
        ..ToolsPicture::default()
    });
    assert_eq!(down.reason, Reason::AgentDisabled);
    // ...but not a stopped VM, nor a guest ZStack has no tools for.
    let stopped = assess(&ToolsPicture {
        vm_state: Some(&VmState::Stopped),
        qga_enabled: Some(false),
        ..ToolsPicture::default()
    });
    assert_eq!(stopped.reason, Reason::VmNotRunning);
    let unsupported = assess(&ToolsPicture {
        vm_state: Some(&VmState::Running),
        tools_status: Some(&GuestToolsStatus::NotSupported),
        qga_enabled: Some(false),
        ..ToolsPicture::default()
    });
    assert_eq!(unsupported.reason, Reason::ToolsNotSupported);
}

#[test]
fn zstacks_offer_is_the_upgrade_whatever_the_version_strings() {
    // GetLatestGuestToolsForVm's inventory means "newer exists" even when the
    // installed version is not numeric.
    let a = healthy_with("4.8.0-rc1", None, true);
    assert_eq!(a.reason, Reason::UpgradePending);
    assert!(a.upgrade_available && a.can_run_commands);
    // No offer and no known latest: up to date as far as anyone knows.
    let a = healthy_with("4.8.0-rc1", None, false);
    assert_eq!((a.reason, a.upgrade_available), (Reason::Ready, false));
}

#[test]
fn old_monitoring_agent_is_old_tools_not_agent_down() {
    let a = assess(&ToolsPicture {
        vm_state: Some(&VmState::Running),
        tools_status: Some(&GuestToolsStatus::Running),
        tools_version: None,
        qga: Some(&QgaState::NotUpgraded),
        ..ToolsPicture::default()
    });
    assert_eq!(a.reason, Reason::OldTools);
    assert!(a.can_run_commands && a.upgrade_available);
}

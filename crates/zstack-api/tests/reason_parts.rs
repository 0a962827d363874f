//! The parts of the guest-tools reason the page shows around it: the
//! reasons' text keys, badge severities, and how version strings and
//! install-failure markers read (reason.rs has the reason itself).

use zstack_api::reason::*;
use zstack_api::{GuestToolsStatus, QgaState, VmState, ZWatchState};

#[test]
fn keys_are_distinct_and_stable() {
    let mut keys: Vec<_> = Reason::ALL.iter().map(Reason::key).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), Reason::ALL.len());
    for r in Reason::ALL {
        assert!(r.key().starts_with("reason."), "{r:?}");
    }
    assert_eq!(Reason::VmNotRunning.key(), "reason.vm_not_running");
}

/// Each known value's severity, by name, so that a new value shows up.
fn severities<T>(
    known: &[T],
    name: fn(&T) -> &str,
    severity: fn(&T) -> Severity,
) -> Vec<(&str, Severity)> {
    known.iter().map(|s| (name(s), severity(s))).collect()
}

#[test]
fn badge_severities() {
    use Severity::*;
    assert_eq!(
        severities(
            GuestToolsStatus::KNOWN,
            GuestToolsStatus::as_str,
            tools_status_severity
        ),
        [
            ("Running", Good),
            ("NotRunning", Bad),
            ("Not Connected", Bad),
            ("Not Supported", Warn),
        ]
    );
    assert_eq!(
        severities(QgaState::KNOWN, QgaState::as_str, qga_severity),
        [
            ("NotInstalled", Bad),
            ("Running", Good),
            ("NotRunning", Bad),
            ("NotUpgraded", Warn),
        ]
    );
    // Monitoring only: never worse than a warning.
    assert_eq!(
        severities(ZWatchState::KNOWN, ZWatchState::as_str, zwatch_severity),
        [
            ("NotInstalled", Warn),
            ("Running", Good),
            ("NotRunning", Warn)
        ]
    );
    for s in VmState::KNOWN {
        let want = match s.as_str() {
            "Running" => Good,
            "Stopped" | "Created" | "Destroyed" => Neutral,
            "Paused" => Warn,
            "Error" | "Crashed" | "Unknown" | "NoState" => Bad,
            _ => Busy,
        };
        assert_eq!(vm_state_severity(s), want, "{s:?}");
    }
    for s in ["Starting", "Migrating", "VolumeRecovering"] {
        assert_eq!(vm_state_severity(&VmState::from(s)), Busy, "{s}");
    }
    // A value this console does not know is neither good nor a fault.
    assert_eq!(
        [
            tools_status_severity(&GuestToolsStatus::Other("x".into())),
            qga_severity(&QgaState::Other("x".into())),
            zwatch_severity(&ZWatchState::Other("x".into())),
            vm_state_severity(&VmState::Other("x".into())),
        ],
        [Neutral; 4]
    );
}

#[test]
fn version_comparison() {
    assert_eq!(version_older("4.6.11", "4.8.0"), Some(true));
    assert_eq!(version_older("4.8.0", "4.8.0"), Some(false));
    assert_eq!(version_older("4.8", "4.8.0"), Some(false));
    assert_eq!(version_older("4.10.0", "4.9.9"), Some(false));
    assert_eq!(version_older("4.8.0", "4.8.0.1"), Some(true));
    assert_eq!(version_older("1.0.0", "1.0.0"), Some(false));
    assert_eq!(version_older("v4.6", "4.8.0"), Some(true));
    assert_eq!(version_older(" 5.0.0 ", "4.8.0"), Some(false));
    for bad in ["InstallFailed", "", "4..8", "4.8.0-rc1", "+4.8", "4.x"] {
        assert_eq!(version_older(bad, "4.8.0"), None, "{bad}");
        assert_eq!(version_older("4.8.0", bad), None, "{bad}");
    }
}

#[test]
fn install_failure_markers() {
    for marker in [
        "InstallFailed",
        "install failed",
        "failed",
        "4.8.0-failed",
        "Error",
    ] {
        assert!(is_install_failure(marker), "{marker}");
    }
    for version in ["4.8.0", "v4.8.0", "1.0.0", "", "  "] {
        assert!(!is_install_failure(version), "{version}");
    }
}

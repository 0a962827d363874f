//! `zstack_api::lifecycle`'s decisions: drive choice, upgrade, the first action, pvpanic phrases.

use zstack_api::lifecycle::*;
use zstack_api::reason::Reason;
use zstack_api::*;

fn drive(id: Option<u64>, iso: Option<&str>, occupant: Option<&str>) -> VmCdRomInventory {
    VmCdRomInventory {
        device_id: id,
        iso_uuid: iso.map(Into::into),
        occupant: occupant.map(Into::into),
        ..Default::default()
    }
}

fn choice(drives: &[VmCdRomInventory]) -> DriveChoice {
    tools_drive_choice(drives)
}

#[test]
fn drive_choice_order() {
    use DriveChoice::*;
    assert_eq!(choice(&[]), NoCdRom);
    // The tools ISO is already in a drive, even behind an empty one.
    let d = [
        drive(Some(0), None, None),
        drive(Some(1), None, Some("GuestTools")),
    ];
    assert_eq!(choice(&d), AlreadyHolds { device_id: Some(1) });
    // Else the first empty drive, by deviceId, whatever the list order.
    let d = [
        drive(Some(2), None, None),
        drive(Some(0), Some("iso"), Some("ISO")),
        drive(Some(1), None, None),
    ];
    assert_eq!(choice(&d), Empty { device_id: Some(1) });
    // An ISO drive without `occupant` (older release) is not empty.
    let d = [
        drive(Some(0), Some("iso"), None),
        drive(Some(1), None, None),
    ];
    assert_eq!(choice(&d), Empty { device_id: Some(1) });
    // No isoUuid but an occupant: not empty.
    let d = [
        drive(Some(0), None, Some("ISO")),
        drive(Some(1), Some(""), None),
    ];
    assert_eq!(choice(&d), Empty { device_id: Some(1) });
    // All full: drive 0's ISO goes.
    let d = [
        drive(Some(1), Some("b"), None),
        drive(Some(0), Some("a"), Some("ISO")),
    ];
    let evict_a = Evicts {
        device_id: Some(0),
        iso_uuid: Some("a".into()),
    };
    assert_eq!(choice(&d), evict_a);
    // A drive without deviceId sorts last.
    let d = [
        drive(None, Some("x"), None),
        drive(Some(3), Some("a"), None),
    ];
    assert_eq!(
        choice(&d),
        Evicts {
            device_id: Some(3),
            iso_uuid: Some("a".into())
        }
    );
    // Full by an occupant without isoUuid: evicted, ISO unnamed.
    let d = [drive(Some(0), None, Some("ISO"))];
    assert_eq!(
        choice(&d),
        Evicts {
            device_id: Some(0),
            iso_uuid: None
        }
    );
}

#[test]
fn drive_choice_without_occupant_info() {
    // Unknown occupant (older release): never "already holds".
    assert_eq!(
        tools_drive_choice(&[drive(Some(0), None, None)]),
        DriveChoice::Empty { device_id: Some(0) }
    );
    assert_eq!(
        tools_drive_choice(&[drive(Some(0), None, Some(" GuestTools "))]),
        DriveChoice::AlreadyHolds { device_id: Some(0) }
    );
}

#[test]
fn upgrade_answers() {
    let inv = GuestToolsInventory {
        version: Some("4.10.20".into()),
        ..Default::default()
    };
    assert_eq!(
        upgrade_status(Ok(Some(&inv))),
        Upgrade::Available {
            version: Some("4.10.20".into())
        }
    );
    let blank = GuestToolsInventory {
        version: Some("  ".into()),
        ..Default::default()
    };
    assert_eq!(
        upgrade_status(Ok(Some(&blank))),
        Upgrade::Available { version: None }
    );
    assert_eq!(upgrade_status(Ok(None)), Upgrade::UpToDate);
    let errors = [
        ApiError::Api {
            status: 503,
            error: ErrorCode::new("SYS.1001", "VM not running", ""),
        },
        ApiError::Rest {
            status: 404,
            message: "no api mapping".into(),
        },
        ApiError::Network("down".into()),
        ApiError::Aborted,
    ];
    for e in &errors {
        assert_eq!(upgrade_status(Err(e)), Upgrade::Unknown, "{e:?}");
    }
}

#[test]
fn pvpanic_phrases() {
    use FeaturePhrase::*;
    let known = [
        ("pvpanic", "enable", PvpanicEnabled),
        ("pvpanic", "disable", PvpanicDisabled),
        ("pvpanic_host_enable", "enable", HostEnabled),
        ("pvpanic_host_enable", "disable", HostDisabled),
        ("pvpanic_host_enable", "unknown", HostUnknown),
        ("pvpanic_guest_tools_enable", "enable", GuestToolsEnabled),
        ("pvpanic_guest_tools_enable", "disable", GuestToolsDisabled),
        (
            "pvpanic_guest_tools_enable",
            "not supported",
            GuestToolsNotSupported,
        ),
        (
            "pvpanic_guest_kernel_supported",
            "supported",
            KernelSupported,
        ),
        (
            "pvpanic_guest_kernel_supported",
            "not supported",
            KernelNotSupported,
        ),
        ("pvpanic_guest_kernel_supported", "unknown", KernelUnknown),
    ];
    for (k, v, p) in known {
        assert_eq!(feature_phrase(k, v), Some(p), "{k}={v}");
    }
    assert_eq!(feature_phrase("pvpanic", " Enable "), Some(PvpanicEnabled));
    for (k, v) in [
        ("pvpanic", "unknown"),
        ("pvpanic", "supported"),
        ("pvpanic_host_enable", "not supported"),
        ("pvpanic_guest_tools_enable", "unknown"),
        ("pvpanic_guest_kernel_supported", "enable"),
        ("lighttpd.pid", "123"),
        ("PVPANIC", "enable"),
        ("", ""),
    ] {
        assert_eq!(feature_phrase(k, v), None, "{k}={v}");
    }
}

fn assessed(reason: Reason, can_attach: bool, upgrade: bool) -> zstack_api::reason::Assessment {
    zstack_api::reason::Assessment {
        reason,
        can_run_commands: matches!(
            reason,
            Reason::Ready | Reason::UpgradePending | Reason::OldTools
        ),
        can_attach_tools_iso: can_attach,
        upgrade_available: upgrade,
    }
}

#[test]
fn the_first_action_is_what_the_vm_needs_now() {
    use zstack_api::reason::Reason::*;
    use DriveChoice::*;
    use NextStep as N;
    let empty = Empty { device_id: Some(0) };
    let holds = AlreadyHolds { device_id: Some(1) };
    let evicts = Evicts {
        device_id: Some(0),
        iso_uuid: Some("iso".into()),
    };
    let newer = Upgrade::Available {
        version: Some("4.8.0".into()),
    };
    let cases = [
        // Not installed: install, wherever the ISO goes, unless it is in already.
        (
            assessed(ToolsNotInstalled, true, false),
            None,
            &empty,
            N::Install,
        ),
        (
            assessed(InstallFailed, true, false),
            None,
            &evicts,
            N::Install,
        ),
        (assessed(OldTools, true, true), None, &empty, N::Install),
        (
            assessed(ToolsNotInstalled, true, false),
            None,
            &holds,
            N::Nothing,
        ),
        // Newer tools: upgrade (not while the ISO sits in a drive already).
        (
            assessed(UpgradePending, true, true),
            Some(&newer),
            &empty,
            N::Upgrade,
        ),
        (
            assessed(UpgradePending, true, true),
            Some(&newer),
            &holds,
            N::Nothing,
        ),
        // Current and running with the ISO still in: eject; unknown newest is
        // not "newer", an offer is.
        (
            assessed(Ready, true, false),
            Some(&Upgrade::UpToDate),
            &holds,
            N::Eject,
        ),
        (
            assessed(Ready, true, false),
            Some(&Upgrade::Unknown),
            &holds,
            N::Eject,
        ),
        (
            assessed(Ready, true, false),
            Some(&newer),
            &holds,
            N::Nothing,
        ),
        (
            assessed(Ready, true, false),
            Some(&Upgrade::UpToDate),
            &empty,
            N::Nothing,
        ),
        // The agent is down with the ISO in: nothing the console can do first.
        (
            assessed(AgentNotRunning, true, false),
            None,
            &holds,
            N::Nothing,
        ),
        // No CD-ROM, or a VM in no state for CD-ROM changes: nothing.
        (
            assessed(ToolsNotInstalled, true, false),
            None,
            &NoCdRom,
            N::Nothing,
        ),
        (assessed(VmBusy, false, false), None, &holds, N::Nothing),
    ];
    for (a, u, d, want) in cases {
        assert_eq!(next_step(&a, u, d), want, "{a:?} {u:?} {d:?}");
    }
}

#[test]
fn a_release_without_the_action_is_told_apart() {
    let old = ApiError::Rest {
        status: 400,
        message: "the body doesn't contain action mapping to the URL[/v1/vm-instances/x/actions]"
            .into(),
    };
    assert!(action_unknown_to_server(&old));
    let other = ApiError::Rest {
        status: 400,
        message: "bad json".into(),
    };
    assert!(!action_unknown_to_server(&other));
    assert!(!action_unknown_to_server(&ApiError::Http { status: 400 }));
}

//! `zstack_api::lifecycle`'s decisions: drive choice, upgrade, pvpanic phrases.

use zstack_api::lifecycle::*;
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

//! Decisions of the guest-tools lifecycle (ZSTACK-API.md §5): which CD-ROM
//! drive AttachGuestToolsIsoToVm takes, whether an upgrade is offered, and
//! what the pvpanic `features` say.

use crate::error::ApiError;
use crate::models::{GuestToolsInventory, VmCdRomInventory};
use crate::reason::{Assessment, Reason};

/// The `occupant` of a drive holding the guest-tools ISO.
pub const GUEST_TOOLS_OCCUPANT: &str = "GuestTools";
/// ZStack's error code when a VM has no CD-ROM drive for the tools ISO.
pub const NO_CDROM_CODE: &str = "GT.1001";

/// The drive AttachGuestToolsIsoToVm will use, and what it costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriveChoice {
    /// A drive already holds the tools ISO: ZStack reuses it, nothing changes.
    AlreadyHolds { device_id: Option<u64> },
    /// The first empty drive: nothing is ejected.
    Empty { device_id: Option<u64> },
    /// No drive is free: ZStack detaches the ISO in the first drive.
    Evicts {
        device_id: Option<u64>,
        iso_uuid: Option<String>,
    },
    /// No CD-ROM at all: ZStack answers `GT.1001`.
    NoCdRom,
}

/// ZStack's order over a VM's drives (`vmCdRoms` or QueryVmCdRom's); a drive
/// without `occupant` (older releases) is not the tools ISO.
pub fn tools_drive_choice(drives: &[VmCdRomInventory]) -> DriveChoice {
    choose(drives.iter().map(|d| (d, d.occupant.as_deref())))
}

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

fn choose<'a>(
    drives: impl Iterator<Item = (&'a VmCdRomInventory, Option<&'a str>)>,
) -> DriveChoice {
    let mut drives: Vec<_> = drives.collect();
    // "Drive 0" is the lowest deviceId; a drive without one sorts last.
    drives.sort_by_key(|(d, _)| (d.device_id.is_none(), d.device_id));
    if let Some((d, _)) = drives
        .iter()
        .find(|(_, o)| o.is_some_and(|o| o.trim() == GUEST_TOOLS_OCCUPANT))
    {
        return DriveChoice::AlreadyHolds {
            device_id: d.device_id,
        };
    }
    if let Some((d, _)) = drives
        .iter()
        .find(|(d, o)| blank(d.iso_uuid.as_deref()) && blank(*o))
    {
        return DriveChoice::Empty {
            device_id: d.device_id,
        };
    }
    match drives.first() {
        Some((d, _)) => DriveChoice::Evicts {
            device_id: d.device_id,
            iso_uuid: d.iso_uuid.clone().filter(|u| !u.trim().is_empty()),
        },
        None => DriveChoice::NoCdRom,
    }
}

/// Whether newer guest tools exist for a VM.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Upgrade {
    /// ZStack offered a release: it differs from the installed one.
    Available { version: Option<String> },
    /// ZStack offered nothing: the VM has the newest tools.
    UpToDate,
    /// The question failed (VM not Running, unsupported platform, old server...).
    Unknown,
}

/// An inventory means "newer exists", none means "up to date", a failure is
/// never "up to date" (ZStack fails for stopped or unsupported VMs).
pub fn upgrade_status(latest: Result<Option<&GuestToolsInventory>, &ApiError>) -> Upgrade {
    match latest {
        Ok(Some(inv)) => Upgrade::Available {
            version: inv
                .version
                .as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_owned),
        },
        Ok(None) => Upgrade::UpToDate,
        Err(_) => Upgrade::Unknown,
    }
}

/// A known pvpanic `features` entry, for the app to put into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeaturePhrase {
    /// `pvpanic=enable`: the VM has the pvpanic device.
    PvpanicEnabled,
    /// `pvpanic=disable`.
    PvpanicDisabled,
    /// `pvpanic_host_enable=enable`: the host supports pvpanic.
    HostEnabled,
    /// `pvpanic_host_enable=disable`.
    HostDisabled,
    /// `pvpanic_host_enable=unknown`.
    HostUnknown,
    /// `pvpanic_guest_tools_enable=enable`: the guest tools report panics.
    GuestToolsEnabled,
    /// `pvpanic_guest_tools_enable=disable`.
    GuestToolsDisabled,
    /// `pvpanic_guest_tools_enable=not supported`: these tools cannot.
    GuestToolsNotSupported,
    /// `pvpanic_guest_kernel_supported=supported`: the guest kernel has the driver.
    KernelSupported,
    /// `pvpanic_guest_kernel_supported=not supported`.
    KernelNotSupported,
    /// `pvpanic_guest_kernel_supported=unknown`.
    KernelUnknown,
}

/// The documented pvpanic keys and values only (case and outer spaces
/// ignored); anything else is shown as it comes, so None.
pub fn feature_phrase(key: &str, value: &str) -> Option<FeaturePhrase> {
    use FeaturePhrase::*;
    let value = value.trim().to_ascii_lowercase();
    let phrase = match (key.trim(), value.as_str()) {
        ("pvpanic", "enable") => PvpanicEnabled,
        ("pvpanic", "disable") => PvpanicDisabled,
        ("pvpanic_host_enable", "enable") => HostEnabled,
        ("pvpanic_host_enable", "disable") => HostDisabled,
        ("pvpanic_host_enable", "unknown") => HostUnknown,
        ("pvpanic_guest_tools_enable", "enable") => GuestToolsEnabled,
        ("pvpanic_guest_tools_enable", "disable") => GuestToolsDisabled,
        ("pvpanic_guest_tools_enable", "not supported") => GuestToolsNotSupported,
        ("pvpanic_guest_kernel_supported", "supported") => KernelSupported,
        ("pvpanic_guest_kernel_supported", "not supported") => KernelNotSupported,
        ("pvpanic_guest_kernel_supported", "unknown") => KernelUnknown,
        _ => return None,
    };
    Some(phrase)
}

/// The one action the guest-tools panel puts first: what this VM needs now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// No tools (or a failed install, or only the old agent): attach the ISO.
    Install,
    /// Newer tools exist: attach the ISO to upgrade.
    Upgrade,
    /// The tools run as they should and their ISO is still in a drive.
    Eject,
    /// Nothing the console can do first (the install runs inside the guest,
    /// the VM is not in a state for it, or there is no CD-ROM).
    Nothing,
}

/// Decides [`NextStep`]. With the tools ISO already in a drive, installing is
/// the guest's business: attaching again would change nothing.
pub fn next_step(a: &Assessment, upgrade: Option<&Upgrade>, drive: &DriveChoice) -> NextStep {
    let holds = matches!(drive, DriveChoice::AlreadyHolds { .. });
    if !a.can_attach_tools_iso || *drive == DriveChoice::NoCdRom {
        return NextStep::Nothing;
    }
    let needs_install = matches!(
        a.reason,
        Reason::ToolsNotInstalled | Reason::InstallFailed | Reason::OldTools
    );
    match (holds, needs_install, a.upgrade_available) {
        (true, true, _) | (true, _, true) => NextStep::Nothing,
        (false, true, _) => NextStep::Install,
        (false, false, true) => NextStep::Upgrade,
        (true, false, false) => {
            let newest = !matches!(upgrade, Some(Upgrade::Available { .. }));
            if a.reason == Reason::Ready && newest {
                NextStep::Eject
            } else {
                NextStep::Nothing
            }
        }
        (false, false, false) => NextStep::Nothing,
    }
}

/// A server that predates an action answers 400 in plain text naming no
/// action for the body ("the body doesn't contain action mapping to the
/// URL[...]"): the release lacks the API, nothing failed on the VM.
pub fn action_unknown_to_server(e: &ApiError) -> bool {
    matches!(e, ApiError::Rest { status: 400, message } if message.contains("action mapping"))
}

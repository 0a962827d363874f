//! The one clear reason shown on the VM page's guest-tools panel: whether
//! commands can run and, if not, the most likely cause and its fix.
//!
//! The inputs come from three calls that can disagree or be missing; the
//! order of the checks below decides which single cause is named.

use crate::{GuestToolsStatus, QgaState, VmState, ZWatchState};

/// What the page knows so far; `None` is "not loaded (yet)".
#[derive(Debug, Clone, Copy, Default)]
pub struct ToolsPicture<'a> {
    pub vm_state: Option<&'a VmState>,
    pub tools_status: Option<&'a GuestToolsStatus>,
    pub tools_version: Option<&'a str>,
    pub qga: Option<&'a QgaState>,
    pub zwatch: Option<&'a ZWatchState>,
    /// The version this management node ships, where known.
    pub latest_version: Option<&'a str>,
    /// GetLatestGuestToolsForVm returned an inventory: ZStack itself says a
    /// newer release exists, whatever the version strings look like.
    pub upgrade_offered: bool,
    /// GetVmQga's `enable`: whether ZStack talks to the guest agent at all.
    pub qga_enabled: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    Ready,
    VmNotRunning,
    /// Starting, Stopping, Rebooting, Migrating and the like.
    VmBusy,
    ToolsNotSupported,
    ToolsNotInstalled,
    AgentNotRunning,
    NotConnected,
    /// The VM's guest-agent switch (GetVmQga) is off: ZStack does not talk
    /// to the agent, so commands cannot run whatever the guest has.
    AgentDisabled,
    /// Commands still run; a newer version is available.
    UpgradePending,
    /// `qgaState` NotUpgraded: the old monitoring agent runs, the current
    /// guest tools are missing; reinstalling them is the fix.
    OldTools,
    /// The version field holds an install-failure marker instead of a version.
    InstallFailed,
    /// Not enough information yet, or a value this console does not know.
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessment {
    pub reason: Reason,
    pub can_run_commands: bool,
    pub can_attach_tools_iso: bool,
    pub upgrade_available: bool,
}

impl Reason {
    pub const ALL: &'static [Reason] = &[
        Reason::Ready,
        Reason::VmNotRunning,
        Reason::VmBusy,
        Reason::ToolsNotSupported,
        Reason::ToolsNotInstalled,
        Reason::AgentNotRunning,
        Reason::NotConnected,
        Reason::AgentDisabled,
        Reason::UpgradePending,
        Reason::OldTools,
        Reason::InstallFailed,
        Reason::Unknown,
    ];

    /// A stable key for translations.
    pub fn key(&self) -> &'static str {
        match self {
            Reason::Ready => "reason.ready",
            Reason::VmNotRunning => "reason.vm_not_running",
            Reason::VmBusy => "reason.vm_busy",
            Reason::ToolsNotSupported => "reason.tools_not_supported",
            Reason::ToolsNotInstalled => "reason.tools_not_installed",
            Reason::AgentNotRunning => "reason.agent_not_running",
            Reason::NotConnected => "reason.not_connected",
            Reason::AgentDisabled => "reason.agent_disabled",
            Reason::UpgradePending => "reason.upgrade_pending",
            Reason::OldTools => "reason.old_tools",
            Reason::InstallFailed => "reason.install_failed",
            Reason::Unknown => "reason.unknown",
        }
    }
}

/// Decides the single reason: the VM's state first, then (on a running VM)
/// the checks in `running_vm`. `upgrade_available` is a fact about the
/// installed version, so it holds whatever the VM's state.
pub fn assess(p: &ToolsPicture) -> Assessment {
    let qga_answers = matches!(p.qga, Some(QgaState::Running | QgaState::NotUpgraded));
    let not_supported = p.tools_status == Some(&GuestToolsStatus::NotSupported);
    let upgrade_available = !not_supported
        && (p.qga == Some(&QgaState::NotUpgraded)
            || p.upgrade_offered
            || matches!(
                (p.tools_version, p.latest_version),
                (Some(v), Some(l)) if version_older(v, l) == Some(true)
            ));
    // ZStack changes CD-ROMs only on Running and Stopped VMs, and refuses the
    // tools ISO where it has no tools for the guest.
    let can_attach_tools_iso =
        matches!(p.vm_state, Some(VmState::Running | VmState::Stopped)) && !not_supported;

    let (reason, can_run_commands) = match p.vm_state {
        Some(VmState::Running) => running_vm(p, qga_answers, upgrade_available),
        Some(s) if vm_busy(s) => (Reason::VmBusy, false),
        Some(VmState::Other(_)) | None => (Reason::Unknown, false),
        Some(_) => (Reason::VmNotRunning, false),
    };
    Assessment {
        reason,
        can_run_commands,
        can_attach_tools_iso,
        upgrade_available,
    }
}

fn vm_busy(s: &VmState) -> bool {
    use VmState::*;
    matches!(
        s,
        Starting
            | Stopping
            | Rebooting
            | Migrating
            | Pausing
            | Resuming
            | Destroying
            | Expunging
            | VolumeMigrating
            | VolumeRecovering
    )
}

fn running_vm(p: &ToolsPicture, qga_answers: bool, upgrade: bool) -> (Reason, bool) {
    let status = p.tools_status;
    let no_version = p.tools_version.is_none_or(|v| v.trim().is_empty());
    let status_not_running = status == Some(&GuestToolsStatus::NotRunning);
    // The qga state is what exec depends on, so it wins over the tools
    // status wherever the two disagree, except for the two statuses that
    // say ZStack will not (Not Supported) or cannot (Not Connected) reach it.
    if status == Some(&GuestToolsStatus::NotSupported) {
        return (Reason::ToolsNotSupported, false);
    }
    // Whatever the guest has, ZStack will not use the agent: the switch is the fix.
    if p.qga_enabled == Some(false) {
        return (Reason::AgentDisabled, false);
    }
    // A failed install also leaves qga NotInstalled: name the failure.
    if !qga_answers && p.tools_version.is_some_and(is_install_failure) {
        return (Reason::InstallFailed, false);
    }
    if p.qga == Some(&QgaState::NotInstalled)
        || (p.qga.is_none() && status_not_running && no_version)
    {
        return (Reason::ToolsNotInstalled, false);
    }
    // Before qga NotRunning: ZStack reports the agent down when it cannot reach it at all.
    if status == Some(&GuestToolsStatus::NotConnected) {
        return (Reason::NotConnected, false);
    }
    if p.qga == Some(&QgaState::NotRunning) || (p.qga.is_none() && status_not_running) {
        return (Reason::AgentNotRunning, false);
    }
    if matches!(status, Some(GuestToolsStatus::Other(_))) {
        return (Reason::Unknown, qga_answers);
    }
    if p.qga == Some(&QgaState::NotUpgraded) {
        return (Reason::OldTools, true);
    }
    match (qga_answers, upgrade) {
        (true, true) => (Reason::UpgradePending, true),
        (true, false) => (Reason::Ready, true),
        // qga unknown (Other) or not loaded yet.
        (false, _) => (Reason::Unknown, false),
    }
}

/// After a failed Linux install ZStack puts a marker such as `InstallFailed`
/// where the version goes; a real version starts with a digit (or `v`).
pub fn is_install_failure(version: &str) -> bool {
    let v = version.trim();
    if v.is_empty() {
        return false;
    }
    let digits = v.strip_prefix(['v', 'V']).unwrap_or(v);
    !digits.starts_with(|c: char| c.is_ascii_digit()) || v.to_ascii_lowercase().contains("fail")
}

/// Whether dotted numeric `installed` is older than `latest` (`4.6.11` <
/// `4.8.0`; missing parts count as 0). `None` when either is not numeric.
pub fn version_older(installed: &str, latest: &str) -> Option<bool> {
    let a = parse_version(installed)?;
    let b = parse_version(latest)?;
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (
            a.get(i).copied().unwrap_or(0),
            b.get(i).copied().unwrap_or(0),
        );
        if x != y {
            return Some(x < y);
        }
    }
    Some(false)
}

fn parse_version(v: &str) -> Option<Vec<u64>> {
    let v = v.trim();
    let v = v.strip_prefix(['v', 'V']).unwrap_or(v);
    v.split('.')
        .map(|part| {
            // `parse` alone would take a leading `+`.
            (!part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse().ok())
                .flatten()
        })
        .collect()
}

/// How a badge looks; the UI maps each to a colour and an icon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Severity {
    Good,
    Warn,
    Bad,
    /// A transition in progress.
    Busy,
    /// A fact, or a value this console does not know.
    Neutral,
}

// A value this console does not know gets `Neutral` in every function below:
// it may be harmless, so it must not look like a fault.

/// The badge of a tools status.
pub fn tools_status_severity(s: &GuestToolsStatus) -> Severity {
    match s {
        GuestToolsStatus::Running => Severity::Good,
        GuestToolsStatus::NotRunning | GuestToolsStatus::NotConnected => Severity::Bad,
        // Nothing is broken: ZStack has no tools for the guest's OS.
        GuestToolsStatus::NotSupported => Severity::Warn,
        GuestToolsStatus::Other(_) => Severity::Neutral,
    }
}

/// The badge of the QEMU guest agent state.
pub fn qga_severity(s: &QgaState) -> Severity {
    match s {
        QgaState::Running => Severity::Good,
        QgaState::NotRunning | QgaState::NotInstalled => Severity::Bad,
        // Commands still run; an upgrade is pending.
        QgaState::NotUpgraded => Severity::Warn,
        QgaState::Other(_) => Severity::Neutral,
    }
}

/// The badge of the ZWatch monitoring agent state: at worst `Warn`, since
/// only in-guest metrics depend on it, not commands.
pub fn zwatch_severity(s: &ZWatchState) -> Severity {
    match s {
        ZWatchState::Running => Severity::Good,
        ZWatchState::NotRunning | ZWatchState::NotInstalled => Severity::Warn,
        ZWatchState::Other(_) => Severity::Neutral,
    }
}

/// The badge of a VM state.
pub fn vm_state_severity(s: &VmState) -> Severity {
    match s {
        VmState::Running => Severity::Good,
        // Stopped, created or destroyed (recoverable) are facts, not faults.
        VmState::Stopped | VmState::Created | VmState::Destroyed => Severity::Neutral,
        VmState::Paused => Severity::Warn,
        // A problem with the VM, or ZStack cannot reach its host.
        VmState::Error | VmState::Crashed | VmState::Unknown | VmState::NoState => Severity::Bad,
        VmState::Other(_) => Severity::Neutral,
        _ => Severity::Busy,
    }
}

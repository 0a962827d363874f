//! Our words for ZStack's guest-tools values and for the one reason commands
//! can or cannot run: used by the guest-tools panel and the console alike.

use crate::i18n::{k, t, with_data, Msg};
use leptos::prelude::*;
use zstack_api::{reason::Reason, GuestToolsStatus, QgaState, ZWatchState};

/// The reason's sentence. Two of them name the agent's service, which the
/// catalogue holds as `{service}` and `{windows_service}`: see [`reason_view`].
pub fn reason_msg(r: Reason) -> Msg {
    use k::reason::*;
    match r {
        Reason::Ready => READY,
        Reason::VmNotRunning => VM_NOT_RUNNING,
        Reason::VmBusy => VM_BUSY,
        Reason::ToolsNotSupported => TOOLS_NOT_SUPPORTED,
        Reason::ToolsNotInstalled => TOOLS_NOT_INSTALLED,
        Reason::AgentNotRunning => AGENT_NOT_RUNNING,
        Reason::NotConnected => NOT_CONNECTED,
        Reason::AgentDisabled => AGENT_DISABLED,
        Reason::UpgradePending => UPGRADE_PENDING,
        Reason::OldTools => OLD_TOOLS,
        Reason::InstallFailed => INSTALL_FAILED,
        Reason::Unknown => UNKNOWN,
    }
}

/// Service names are what the admin types inside the guest: never translated.
pub const SERVICES: [(&str, &str); 2] = [
    ("service", "qemu-guest-agent"),
    ("windows_service", "QEMU Guest Agent"),
];

/// The reason's sentence as a view (re-drawn on a language switch), the
/// service names marked as not ours to translate.
pub fn reason_view(r: Reason) -> impl IntoView {
    move || with_data(t(reason_msg(r)), &SERVICES)
}

/// A known tools status in the user's language (in English ZStack's own
/// word) and what it means; `None` for a value this console does not know.
pub fn tools_status_text(s: &GuestToolsStatus) -> Option<(Msg, Msg)> {
    use k::guest_tools::*;
    Some(match s {
        GuestToolsStatus::Running => (STATUS_RUNNING, DESC_STATUS_RUNNING),
        GuestToolsStatus::NotRunning => (STATUS_NOT_RUNNING, DESC_STATUS_NOT_RUNNING),
        GuestToolsStatus::NotConnected => (STATUS_NOT_CONNECTED, DESC_STATUS_NOT_CONNECTED),
        GuestToolsStatus::NotSupported => (STATUS_NOT_SUPPORTED, DESC_STATUS_NOT_SUPPORTED),
        GuestToolsStatus::Other(_) => return None,
    })
}

/// A known `qgaState`, as [`tools_status_text`].
pub fn qga_text(s: &QgaState) -> Option<(Msg, Msg)> {
    use k::guest_tools::*;
    Some(match s {
        QgaState::NotInstalled => (QGA_NOT_INSTALLED, DESC_QGA_NOT_INSTALLED),
        QgaState::Running => (QGA_RUNNING, DESC_QGA_RUNNING),
        QgaState::NotRunning => (QGA_NOT_RUNNING, DESC_QGA_NOT_RUNNING),
        QgaState::NotUpgraded => (QGA_NOT_UPGRADED, DESC_QGA_NOT_UPGRADED),
        QgaState::Other(_) => return None,
    })
}

/// A known `zwatchState`, as [`tools_status_text`].
pub fn zwatch_text(s: &ZWatchState) -> Option<(Msg, Msg)> {
    use k::guest_tools::*;
    Some(match s {
        ZWatchState::NotInstalled => (ZWATCH_NOT_INSTALLED, DESC_ZWATCH_NOT_INSTALLED),
        ZWatchState::Running => (ZWATCH_RUNNING, DESC_ZWATCH_RUNNING),
        ZWatchState::NotRunning => (ZWATCH_NOT_RUNNING, DESC_ZWATCH_NOT_RUNNING),
        ZWatchState::Other(_) => return None,
    })
}

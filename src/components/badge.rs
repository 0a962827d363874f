//! Values as ZStack sent them: status badges, and the values that appear
//! inside our own sentences.

use crate::i18n::{k, t, Msg};
use leptos::prelude::*;
use zstack_api::{reason::Severity, VmState};

/// How a value reads at a glance. Colour is never the only signal: each tone
/// has its own icon, and the text is always there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Warn,
    Bad,
    Busy,
    Neutral,
}

impl From<Severity> for Tone {
    fn from(s: Severity) -> Tone {
        match s {
            Severity::Good => Tone::Good,
            Severity::Warn => Tone::Warn,
            Severity::Bad => Tone::Bad,
            Severity::Busy => Tone::Busy,
            Severity::Neutral => Tone::Neutral,
        }
    }
}

impl Tone {
    fn class(self) -> &'static str {
        match self {
            Tone::Good => "badge badge--good",
            Tone::Warn => "badge badge--warn",
            Tone::Bad => "badge badge--bad",
            Tone::Busy => "badge badge--busy",
            Tone::Neutral => "badge badge--neutral",
        }
    }

    fn icon(self) -> &'static str {
        match self {
            Tone::Good => "✔",
            Tone::Warn => "▲",
            Tone::Bad => "✖",
            Tone::Busy => "◌",
            Tone::Neutral => "●",
        }
    }
}

/// A status badge: icon, the value, and a description for screen readers.
#[component]
pub fn Badge(
    /// The value: ours translated, or exactly as ZStack sent it (`raw`).
    #[prop(into)]
    text: String,
    tone: Tone,
    /// What the value means for the admin (read by screen readers, shown as a tooltip).
    #[prop(into, optional)]
    description: String,
    /// `data-testid` of the element holding the value.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// The text is a value this console does not know, shown as sent: not ours to translate.
    #[prop(optional)]
    raw: bool,
) -> impl IntoView {
    let desc = (!description.is_empty()).then_some(description);
    let title = desc.clone();
    view! {
        <span class=tone.class() title=title>
            <span class="badge__icon" aria-hidden="true">{tone.icon()}</span>
            <span class="badge__text" data-testid=testid translate=raw.then_some("no")>{text}</span>
            {desc.map(|d| view! { <span class="visually-hidden">{format!(" — {d}")}</span> })}
        </span>
    }
}

pub fn vm_state_tone(state: &VmState) -> Tone {
    match state {
        VmState::Running => Tone::Good,
        VmState::Stopped | VmState::Paused | VmState::Created | VmState::Destroyed => Tone::Neutral,
        VmState::Error | VmState::Crashed | VmState::Unknown | VmState::NoState => Tone::Bad,
        VmState::Other(_) => Tone::Neutral,
        _ => Tone::Busy,
    }
}

/// A known VM state in the user's language (English: ZStack's own word);
/// `None` for a value this console does not know.
pub fn vm_state_msg(state: &VmState) -> Option<Msg> {
    use k::badge::*;
    Some(match state {
        VmState::Created => VM_CREATED,
        VmState::Starting => VM_STARTING,
        VmState::Running => VM_RUNNING,
        VmState::Stopping => VM_STOPPING,
        VmState::Stopped => VM_STOPPED,
        VmState::Rebooting => VM_REBOOTING,
        VmState::Destroying => VM_DESTROYING,
        VmState::Destroyed => VM_DESTROYED,
        VmState::Migrating => VM_MIGRATING,
        VmState::Expunging => VM_EXPUNGING,
        VmState::Pausing => VM_PAUSING,
        VmState::Paused => VM_PAUSED,
        VmState::Resuming => VM_RESUMING,
        VmState::VolumeMigrating => VM_VOLUME_MIGRATING,
        VmState::VolumeRecovering => VM_VOLUME_RECOVERING,
        VmState::Error => VM_ERROR,
        VmState::NoState => VM_NO_STATE,
        VmState::Unknown => VM_UNKNOWN,
        VmState::Crashed => VM_CRASHED,
        VmState::Other(_) => return None,
    })
}

/// A VM's state as a badge; an unknown value shows neutrally, as sent.
#[component]
pub fn VmStateBadge(
    state: Option<VmState>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    let testid = testid.unwrap_or("vm-state-badge");
    // Re-drawn on a language switch.
    move || {
        match &state {
        Some(s) => {
            let (text, raw) = match vm_state_msg(s) {
                Some(m) => (t(m), false),
                None => (s.as_str(), true),
            };
            view! { <Badge text=text tone=vm_state_tone(s) testid=testid raw=raw/> }.into_any()
        }
        None => view! {
            <Badge text="—" tone=Tone::Neutral description=t(k::badge::MISSING_STATE) testid=testid/>
        }
        .into_any(),
    }
    }
}

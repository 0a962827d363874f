use leptos::prelude::*;
use zstack_api::VmState;

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

/// A status badge: icon, the value as sent, and a description for screen readers.
#[component]
pub fn Badge(
    /// The value exactly as ZStack sent it.
    #[prop(into)]
    text: String,
    tone: Tone,
    /// What the value means for the admin (read by screen readers, shown as a tooltip).
    #[prop(into, optional)]
    description: String,
    /// `data-testid` of the element holding the raw value.
    #[prop(optional)]
    testid: Option<&'static str>,
) -> impl IntoView {
    let desc = (!description.is_empty()).then_some(description);
    let title = desc.clone();
    view! {
        <span class=tone.class() title=title>
            <span class="badge__icon" aria-hidden="true">{tone.icon()}</span>
            <span class="badge__text" data-testid=testid>{text}</span>
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

/// A VM's state as a badge; an unknown value shows neutrally, as sent.
#[component]
pub fn VmStateBadge(
    state: Option<VmState>,
    #[prop(optional)] testid: Option<&'static str>,
) -> impl IntoView {
    match state {
        Some(s) => view! { <Badge text=s.as_str().to_owned() tone=vm_state_tone(&s) testid=testid.unwrap_or("vm-state-badge")/> }.into_any(),
        None => view! { <Badge text="—" tone=Tone::Neutral description="ZStack did not report a state" testid=testid.unwrap_or("vm-state-badge")/> }.into_any(),
    }
}

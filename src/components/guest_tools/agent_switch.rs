//! The VM's guest-agent switch (GetVmQga / SetVmQga): whether ZStack talks to
//! the QEMU guest agent at all. Not whether the agent runs: that is qgaState.

use crate::{
    api,
    components::alert::{headline, ErrorAlert},
    dom::next_id,
    i18n::{k, t, tf, tr},
    vm_data::VmData,
};
use leptos::prelude::*;
use zstack_api::{ApiError, SetVmQga};

#[component]
pub fn AgentSwitch() -> impl IntoView {
    let data = expect_context::<VmData>();
    let error = RwSignal::new(None::<ApiError>);
    let input = NodeRef::<leptos::html::Input>::new();
    let known = move || data.qga_enabled.with(|l| matches!(l, Some(Ok(Some(true)))));
    let set = Action::new_local(move |enable: &bool| {
        let enable = *enable;
        async move {
            error.set(None);
            let uuid = data.uuid.get_untracked();
            if let Err(e) = api::call(&SetVmQga { uuid, enable }).await {
                let _ = error.try_set(Some(e));
            }
            // Whatever the job said, show what ZStack holds now: the box
            // follows the switch, never the click.
            futures::future::join(data.refresh_qga(), data.refresh_state()).await;
            // Set by hand: after a failure the value is unchanged, so nothing
            // reactive would undo the click.
            if let Some(i) = input.get_untracked() {
                i.set_checked(known());
            }
        }
    });
    let pending = set.pending();
    let help = next_id("agent-switch-help");
    // Which view: loading, unreadable, unsaid, or the box (kept while its value changes).
    let shown = Memo::new(move |_| {
        data.qga_enabled.with(|l| match l {
            None => None,
            Some(Err(e)) => Some(Err(e.clone())),
            Some(Ok(v)) => Some(Ok(v.is_some())),
        })
    });

    view! {
        <div class="agent-switch" data-testid="agent-switch">
            {
                let help = help.clone();
                move || match shown.get() {
                    None => view! { <p class="muted">{tr(k::guest_tools::LOADING)}</p> }.into_any(),
                    Some(Err(e)) => view! {
                        <p class="muted">{move || tf(k::guest_tools::AGENT_SWITCH_UNREAD, &[("error", &headline(&e))])}</p>
                    }.into_any(),
                    Some(Ok(false)) => view! { <p class="muted">{tr(k::guest_tools::AGENT_SWITCH_UNKNOWN)}</p> }.into_any(),
                    Some(Ok(true)) => view! {
                        <label class="checkbox">
                            <input type="checkbox" node_ref=input prop:checked=known aria-describedby=help.clone()
                                disabled=move || pending.get()
                                on:change=move |ev| {
                                    if !pending.get_untracked() {
                                        set.dispatch_local(event_target_checked(&ev));
                                    }
                                }/>
                            {tr(k::guest_tools::AGENT_SWITCH)}
                        </label>
                    }.into_any(),
                }
            }
            <p id=help class="muted">{tr(k::guest_tools::AGENT_SWITCH_HELP)}</p>
            <p role="status" class="status-line">{move || pending.get().then(|| t(k::guest_tools::AGENT_SWITCHING))}</p>
            <ErrorAlert error=error what=k::guest_tools::AGENT_SWITCH_FAILED/>
        </div>
    }
}

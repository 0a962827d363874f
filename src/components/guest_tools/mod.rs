//! The "Guest tools" region: badges, the one clear reason, refresh, the
//! tools ISO's life (attach, watch the agent come up, detach) and the
//! agent switch.

mod agent_switch;
mod badges;
mod drive;
mod refresh;

use crate::{
    api,
    components::{
        alert::ErrorAlert,
        confirm::ConfirmDialog,
        reason::{reason_msg, reason_view, SERVICES},
    },
    i18n::{fill, k, t, tf, tr, with_data},
    load::LoadedExt,
    vm_data::{vm_of, VmData},
};
use agent_switch::AgentSwitch;
use badges::ToolsBadges;
use drive::{drive_line, evicted_name};
use leptos::prelude::*;
use zstack_api::{
    lifecycle::{
        action_unknown_to_server, next_step, tools_drive_choice, DriveChoice, NextStep, Upgrade,
    },
    ApiError, AttachGuestToolsIsoToVm, DetachGuestToolsIsoFromVm, Platform, QgaState,
    UpdateGuestToolsState,
};

/// Where the closed loop of an install stands: attach, wait for the agent,
/// then offer to eject the ISO.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Install {
    Idle,
    /// Attached; waiting for the agent to report Running inside the guest.
    Watching,
    AgentUp,
    Detached,
}

#[component]
pub fn GuestToolsPanel() -> impl IntoView {
    let data = expect_context::<VmData>();
    let assessment = data.assessment;
    let install = RwSignal::new(Install::Idle);
    let error = RwSignal::new(None::<ApiError>);
    // The server predates DetachGuestToolsIsoFromVm.
    let no_detach_api = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let failures = RwSignal::new(0u32);
    let watching = Signal::derive(move || install.get() == Install::Watching);
    refresh::auto_refresh(data, watching, failures);

    let choice = Memo::new(move |_| {
        data.vm
            .with(|l| vm_of(l).map(|vm| tools_drive_choice(&vm.vm_cd_roms)))
    });
    let windows = Memo::new(move |_| {
        data.vm
            .with(|l| vm_of(l).is_some_and(|vm| vm.platform == Some(Platform::Windows)))
    });
    let step = Memo::new(move |_| {
        let a = assessment.get()?;
        let c = choice.get()?;
        Some(data.upgrade.with(|u| next_step(&a, u.as_ref(), &c)))
    });
    let holds_tools =
        Memo::new(move |_| matches!(choice.get(), Some(DriveChoice::AlreadyHolds { .. })));

    // "Refresh" re-reads everything about the tools and asks the guest
    // (UpdateGuestToolsState), whose fresher answer is shown last.
    let refresh = Action::new_local(move |_: &()| async move {
        error.set(None);
        let uuid = data.uuid.get_untracked();
        let (_, update, _, _) = futures::future::join4(
            data.refresh_tools(),
            api::call(&UpdateGuestToolsState {
                vm_instance_uuid: uuid,
            }),
            data.refresh_latest(),
            data.refresh_qga(),
        )
        .await;
        match update {
            Ok(r) => {
                let _ = data.state.try_set(Some(Ok(r.inventory)));
            }
            Err(e) => {
                let _ = error.try_set(Some(e));
            }
        }
    });

    let attach = Action::new_local(move |_: &()| async move {
        error.set(None);
        let uuid = data.uuid.get_untracked();
        if let Err(e) = api::call(&AttachGuestToolsIsoToVm { uuid }).await {
            let _ = error.try_set(Some(e));
            return;
        }
        // The job answers nothing: read which drive took the ISO.
        data.reread_vm().await;
        let _ = install.try_set(Install::Watching);
        if !data.candidates.is_disposed() {
            // An ISO the attach evicted is a candidate again.
            data.candidates.refetch();
        }
        data.refresh_tools().await;
    });

    let detach = Action::new_local(move |_: &()| async move {
        error.set(None);
        let uuid = data.uuid.get_untracked();
        match api::call(&DetachGuestToolsIsoFromVm { uuid }).await {
            Ok(_) => {
                data.reread_vm().await;
                let _ = install.try_set(Install::Detached);
            }
            Err(e) if action_unknown_to_server(&e) => {
                let _ = no_detach_api.try_set(true);
            }
            Err(e) => {
                let _ = error.try_set(Some(e));
            }
        }
    });

    // Once the agent answers after an install, say so, and ask ZStack again
    // whether these are the newest tools (then detaching is what is left).
    Effect::new(move |_| {
        let qga = data.state.with(|l| {
            l.ready()
                .and_then(Option::as_ref)
                .and_then(|s| s.qga_state.clone())
        });
        if install.get() == Install::Watching && qga == Some(QgaState::Running) {
            install.set(Install::AgentUp);
            leptos::task::spawn_local(data.refresh_latest());
        }
    });

    let (attaching, detaching, refreshing) =
        (attach.pending(), detach.pending(), refresh.pending());
    let no_cdrom = move || choice.get() == Some(DriveChoice::NoCdRom);
    let attach_disabled = move || {
        attaching.get()
            || detaching.get()
            || confirming.get()
            || no_cdrom()
            || choice.with(Option::is_none)
            || assessment.with(|a| a.is_none_or(|a| !a.can_attach_tools_iso))
    };
    let attach_why = move || match assessment.get() {
        Some(a) if !a.can_attach_tools_iso => {
            // The reason goes in first; its service names stay placeholders
            // until `with_data` marks them.
            let text = fill(
                t(k::guest_tools::ATTACH_UNAVAILABLE),
                &[("reason", &t(reason_msg(a.reason)))],
            );
            Some(with_data(&text, &SERVICES))
        }
        _ if no_cdrom() => Some(with_data::<&str>(t(k::guest_tools::NO_CDROM), &[])),
        _ => None,
    };
    let attach_label = move || {
        if attaching.get() {
            return t(k::guest_tools::ATTACHING).to_owned();
        }
        match (step.get(), data.upgrade.get()) {
            (Some(NextStep::Upgrade), Some(Upgrade::Available { version: Some(v) })) => {
                tf(k::guest_tools::ATTACH_UPGRADE, &[("version", &v)])
            }
            (Some(NextStep::Upgrade), _) => t(k::guest_tools::ATTACH_UPGRADE_ANY).to_owned(),
            _ => t(k::guest_tools::ATTACH).to_owned(),
        }
    };
    let primary = |on: bool| {
        if on {
            "button button--primary"
        } else {
            "button"
        }
    };
    let attach_ref = NodeRef::<leptos::html::Button>::new();
    let on_attach = move |_| {
        if attaching.get_untracked() || confirming.get_untracked() {
            return;
        }
        // Never evict the user's ISO without asking.
        if matches!(choice.get_untracked(), Some(DriveChoice::Evicts { .. })) {
            confirming.set(true);
        } else {
            attach.dispatch_local(());
        }
    };
    let dialog = move || {
        confirming.get().then(|| {
            let name = choice.with(|c| c.as_ref().and_then(|c| evicted_name(data, c)));
            view! {
                <ConfirmDialog title=k::guest_tools::EVICT_TITLE message=k::guest_tools::EVICT_MESSAGE
                    name=name.unwrap_or_default() confirm=k::guest_tools::EVICT_CONFIRM focus_cancel=true
                    on_confirm=Callback::new(move |_| {
                        confirming.set(false);
                        attach.dispatch_local(());
                    })
                    on_cancel=Callback::new(move |_| {
                        confirming.set(false);
                        // Next frame: the button is enabled again only once the view updates.
                        request_animation_frame(move || {
                            if let Some(b) = attach_ref.get_untracked() {
                                let _ = b.focus();
                            }
                        });
                    })/>
            }
        })
    };

    let status_text = move || {
        let m = if attaching.get() {
            k::guest_tools::ATTACHING_JOB
        } else if detaching.get() {
            k::guest_tools::DETACHING
        } else {
            match install.get() {
                Install::Idle => refreshing.get().then_some(k::guest_tools::ASKING)?,
                Install::Watching => k::guest_tools::ATTACHED_NEXT,
                Install::AgentUp if step.get() == Some(NextStep::Eject) => {
                    k::guest_tools::AGENT_UP_EJECT
                }
                Install::AgentUp => k::guest_tools::AGENT_UP,
                Install::Detached => k::guest_tools::DETACHED,
            }
        };
        Some(t(m))
    };
    let drive_text = move || {
        let c = choice.get()?;
        data.vm.with(|l| drive_line(data, vm_of(l)?, &c))
    };

    view! {
        <section class="card" aria-labelledby="tools-h">
            <h2 id="tools-h">{tr(k::guest_tools::TITLE)}</h2>
            {move || assessment.get().map(|a| view! {
                <p class=if a.can_run_commands { "reason reason--ok" } else { "reason reason--blocked" } data-testid="tools-reason">
                    {reason_view(a.reason)}
                </p>
            })}
            <ToolsBadges failures=failures/>
            <AgentSwitch/>
            <div class="actions">
                <button type="button" class="button" disabled=move || refreshing.get()
                    data-shortcut="refresh"
                    on:click=move |_| { if !refreshing.get_untracked() { refresh.dispatch_local(()); } }>
                    {tr(k::guest_tools::REFRESH)}
                </button>
                <button type="button" node_ref=attach_ref
                    class=move || primary(matches!(step.get(), Some(NextStep::Install | NextStep::Upgrade)))
                    disabled=attach_disabled aria-describedby="attach-why" on:click=on_attach>
                    {attach_label}
                </button>
                {move || (holds_tools.get() && !no_detach_api.get()).then(|| view! {
                    <button type="button" class=move || primary(step.get() == Some(NextStep::Eject))
                        disabled=move || detaching.get() || attaching.get()
                        aria-describedby="detach-note"
                        on:click=move |_| { if !detaching.get_untracked() { detach.dispatch_local(()); } }>
                        {tr(k::guest_tools::DETACH)}
                    </button>
                })}
            </div>
            {dialog}
            {drive_text}
            <p id="attach-why" class="muted">{attach_why}</p>
            <p id="detach-note" class="muted">
                {move || (holds_tools.get() && windows.get() && !no_detach_api.get()).then(|| t(k::guest_tools::DETACH_WINDOWS))}
                {move || no_detach_api.get().then(|| t(k::guest_tools::DETACH_UNSUPPORTED))}
            </p>
            <p role="status" class="status-line" data-testid="tools-status-message">{status_text}</p>
            <ErrorAlert error=error what=k::guest_tools::ACTION_FAILED/>
        </section>
    }
}

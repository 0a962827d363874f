//! The "Guest tools" region: badges, the one clear reason, refresh, and
//! attaching the guest-tools ISO (then watching the agent come up).

mod badges;
mod refresh;

use crate::{
    api,
    components::{
        alert::ErrorAlert,
        reason::{reason_msg, reason_view, SERVICES},
    },
    i18n::{fill, k, t, tr, with_data},
    load::LoadedExt,
    vm_data::VmData,
};
use badges::ToolsBadges;
use leptos::prelude::*;
use zstack_api::{
    ApiError, AttachGuestToolsIsoToVm, DetachIsoFromVmInstance, QgaState, QueryVmInstance,
    UpdateGuestToolsState,
};

/// Where the closed loop of an install stands: attach, wait for the agent,
/// then offer to eject the ISO.
#[derive(Debug, Clone, PartialEq)]
enum Install {
    Idle,
    /// Attached; waiting for the agent to report Running inside the guest.
    Watching {
        iso: Option<String>,
    },
    AgentUp {
        iso: Option<String>,
    },
    Detached,
}

#[component]
pub fn GuestToolsPanel() -> impl IntoView {
    let data = expect_context::<VmData>();
    let assessment = data.assessment;
    let install = RwSignal::new(Install::Idle);
    let error = RwSignal::new(None::<ApiError>);
    let failures = RwSignal::new(0u32);
    let watching = Signal::derive(move || install.with(|i| matches!(i, Install::Watching { .. })));
    refresh::auto_refresh(data, watching, failures);

    // "Refresh" re-reads the badges and asks the guest (UpdateGuestToolsState),
    // whose fresher answer is shown last.
    let refresh = Action::new_local(move |_: &()| async move {
        error.set(None);
        let uuid = data.uuid.get_untracked();
        let (_, update) = futures::future::join(
            data.refresh_tools(),
            api::call(&UpdateGuestToolsState {
                vm_instance_uuid: uuid,
            }),
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
        let before: Vec<String> = data
            .vm_now()
            .map(|v| v.attached_iso_uuids().map(str::to_owned).collect())
            .unwrap_or_default();
        let uuid = data.uuid.get_untracked();
        if let Err(e) = api::call(&AttachGuestToolsIsoToVm { uuid: uuid.clone() }).await {
            let _ = error.try_set(Some(e));
            return;
        }
        // Which drive got the tools ISO: the one that was empty before.
        let vm = api::call(&QueryVmInstance::by_uuid(&uuid))
            .await
            .ok()
            .and_then(|r| r.inventories.into_iter().next());
        let iso = vm.as_ref().and_then(|v| {
            v.attached_iso_uuids()
                .find(|u| !before.iter().any(|b| b == u))
                .map(str::to_owned)
        });
        if let Some(vm) = vm {
            data.set_vm(vm);
        }
        let _ = install.try_set(Install::Watching { iso });
        data.refresh_tools().await;
    });

    let detach = Action::new_local(move |iso: &String| {
        let iso = iso.clone();
        async move {
            error.set(None);
            let result = api::call(&DetachIsoFromVmInstance {
                vm_instance_uuid: data.uuid.get_untracked(),
                iso_uuid: iso,
            })
            .await;
            match result {
                Ok(r) => {
                    match r.inventory {
                        Some(vm) => data.set_vm(vm),
                        None => data.vm.refetch(),
                    }
                    let _ = install.try_set(Install::Detached);
                    data.candidates.refetch();
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        }
    });

    // Once the agent answers after an install, say so and offer to eject the CD.
    Effect::new(move |_| {
        let qga = data.state.with(|l| {
            l.ready()
                .and_then(Option::as_ref)
                .and_then(|s| s.qga_state.clone())
        });
        if let Install::Watching { iso } = install.get() {
            if qga == Some(QgaState::Running) {
                install.set(Install::AgentUp { iso });
            }
        }
    });

    let (attaching, detaching, refreshing) =
        (attach.pending(), detach.pending(), refresh.pending());
    let attach_disabled = move || {
        attaching.get()
            || detaching.get()
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
        _ => None,
    };

    let status_text = move || {
        let m = if attaching.get() {
            k::guest_tools::ATTACHING_JOB
        } else if detaching.get() {
            k::guest_tools::DETACHING
        } else {
            match install.get() {
                Install::Idle => refreshing.get().then_some(k::guest_tools::ASKING)?,
                Install::Watching { .. } => k::guest_tools::ATTACHED_NEXT,
                Install::AgentUp { .. } => k::guest_tools::AGENT_UP,
                Install::Detached => k::guest_tools::DETACHED,
            }
        };
        Some(t(m))
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
            <div class="actions">
                <button type="button" class="button" disabled=move || refreshing.get()
                    data-shortcut="refresh"
                    on:click=move |_| { if !refreshing.get_untracked() { refresh.dispatch_local(()); } }>
                    {tr(k::guest_tools::REFRESH)}
                </button>
                <button type="button" class="button button--primary"
                    disabled=attach_disabled aria-describedby="attach-why"
                    on:click=move |_| { if !attaching.get_untracked() { attach.dispatch_local(()); } }>
                    {move || t(if attaching.get() { k::guest_tools::ATTACHING } else { k::guest_tools::ATTACH })}
                </button>
                {move || match install.get() {
                    Install::AgentUp { iso: Some(iso) } => view! {
                        <button type="button" class="button" disabled=move || detaching.get()
                            on:click=move |_| { if !detaching.get_untracked() { detach.dispatch_local(iso.clone()); } }>
                            {tr(k::guest_tools::DETACH)}
                        </button>
                    }.into_any(),
                    _ => ().into_any(),
                }}
            </div>
            <p id="attach-why" class="muted">{attach_why}</p>
            <p role="status" class="status-line" data-testid="tools-status-message">{status_text}</p>
            <ErrorAlert error=error what=k::guest_tools::ACTION_FAILED/>
        </section>
    }
}

//! The "Guest tools" region: badges, the one clear reason, refresh, and
//! attaching the guest-tools ISO (then watching the agent come up).

use crate::{
    api,
    components::{
        alert::ErrorAlert,
        badge::{Badge, Tone},
    },
    load::Load,
    pages::vm_detail::VmData,
};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use zstack_api::{
    reason::{
        assess, describe_qga, describe_tools_status, describe_zwatch, Assessment, Severity,
        ToolsPicture,
    },
    ApiError, AttachGuestToolsIsoToVm, DetachIsoFromVmInstance, QgaState, UpdateGuestToolsState,
};

const REFRESH_SECS: u32 = 30;
const MAX_BACKOFF_SECS: u32 = 300;
/// While waiting for the agent after an attach, look more often.
const WATCH_SECS: u32 = 3;

pub fn tone(s: Severity) -> Tone {
    match s {
        Severity::Good => Tone::Good,
        Severity::Warn => Tone::Warn,
        Severity::Bad => Tone::Bad,
        Severity::Busy => Tone::Busy,
        Severity::Neutral => Tone::Neutral,
    }
}

/// The assessment of what can be done with this VM's guest tools right now.
pub fn assessment(data: VmData) -> Memo<Option<Assessment>> {
    Memo::new(move |_| {
        let vm = data.vm.with(|l| l.ready().cloned().flatten())?;
        let info = data.info.with(|l| l.ready().cloned());
        let state = data.state.with(|l| l.ready().cloned().flatten());
        Some(assess(&ToolsPicture {
            vm_state: vm.state.as_ref(),
            tools_status: info.as_ref().and_then(|i| i.status.as_ref()),
            tools_version: info
                .as_ref()
                .and_then(|i| i.version.as_deref())
                .or(state.as_ref().and_then(|s| s.version.as_deref())),
            qga: state.as_ref().and_then(|s| s.qga_state.as_ref()),
            zwatch: state.as_ref().and_then(|s| s.zwatch_state.as_ref()),
            latest_version: None,
        }))
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Attach {
    Idle,
    Running,
    /// Attached; waiting for the agent to report Running inside the guest.
    Installing {
        iso: Option<String>,
    },
    AgentUp {
        iso: Option<String>,
    },
    Detaching {
        iso: String,
    },
    Done,
}

#[component]
pub fn GuestToolsPanel() -> impl IntoView {
    let data = expect_context::<VmData>();
    let assessment = assessment(data);
    provide_context(assessment);

    let attach = RwSignal::new(Attach::Idle);
    let error = RwSignal::new(None::<ApiError>);
    let refreshing = RwSignal::new(false);
    let failures = RwSignal::new(0u32);
    auto_refresh(data, attach, failures);

    let refresh = move |_| {
        if refreshing.get_untracked() {
            return;
        }
        refreshing.set(true);
        error.set(None);
        let uuid = data.uuid.get_untracked();
        data.reload_tools(true);
        leptos::task::spawn_local(async move {
            let result = api::call(&UpdateGuestToolsState {
                vm_instance_uuid: uuid,
            })
            .await;
            let _ = refreshing.try_set(false);
            match result {
                Ok(r) => {
                    let _ = data.state.try_set(Load::Ready(r.inventory));
                }
                Err(e) => {
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };

    let start_attach = move |_| {
        if attach.get_untracked() == Attach::Running {
            return;
        }
        let before: Vec<String> = data
            .vm_now()
            .map(|v| v.attached_iso_uuids().map(str::to_owned).collect())
            .unwrap_or_default();
        attach.set(Attach::Running);
        error.set(None);
        let uuid = data.uuid.get_untracked();
        leptos::task::spawn_local(async move {
            let result = api::call(&AttachGuestToolsIsoToVm { uuid: uuid.clone() }).await;
            match result {
                Ok(_) => {
                    // Which drive got the tools ISO: the one that was empty before.
                    let vm = api::call(&zstack_api::QueryVmInstance::by_uuid(&uuid))
                        .await
                        .ok();
                    let vm = vm.and_then(|r| r.inventories.into_iter().next());
                    let iso = vm.as_ref().and_then(|v| {
                        v.attached_iso_uuids()
                            .find(|u| !before.iter().any(|b| b == u))
                            .map(str::to_owned)
                    });
                    if let Some(vm) = vm {
                        let _ = data.vm.try_set(Load::Ready(Some(vm)));
                    }
                    let _ = attach.try_set(Attach::Installing { iso });
                    data.reload_tools(true);
                }
                Err(e) => {
                    let _ = attach.try_set(Attach::Idle);
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };

    // Once the agent answers after an install, say so and offer to eject the CD.
    Effect::new(move |_| {
        let qga = data
            .state
            .with(|l| l.ready().cloned().flatten().and_then(|s| s.qga_state));
        if let Attach::Installing { iso } = attach.get() {
            if qga == Some(QgaState::Running) {
                attach.set(Attach::AgentUp { iso });
            }
        }
    });

    let detach = move |iso: String| {
        attach.set(Attach::Detaching { iso: iso.clone() });
        error.set(None);
        let uuid = data.uuid.get_untracked();
        leptos::task::spawn_local(async move {
            let result = api::call(&DetachIsoFromVmInstance {
                vm_instance_uuid: uuid,
                iso_uuid: iso.clone(),
            })
            .await;
            match result {
                Ok(r) => {
                    if let Some(vm) = r.inventory {
                        let _ = data.vm.try_set(Load::Ready(Some(vm)));
                    } else {
                        data.reload_vm();
                    }
                    let _ = attach.try_set(Attach::Done);
                    data.reload_candidates();
                }
                Err(e) => {
                    let _ = attach.try_set(Attach::AgentUp { iso: Some(iso) });
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };

    let attach_disabled = move || {
        matches!(attach.get(), Attach::Running | Attach::Detaching { .. })
            || assessment.get().is_none_or(|a| !a.can_attach_tools_iso)
    };
    let attach_why = move || match assessment.get() {
        Some(a) if !a.can_attach_tools_iso => Some(a.reason.sentence()),
        _ => None,
    };

    let status_text = move || {
        match attach.get() {
        Attach::Idle => refreshing.get().then(|| "Asking the guest for its tools state…".to_owned()),
        Attach::Running => Some("Attaching the guest tools ISO… (ZStack runs this as a job)".to_owned()),
        Attach::Installing { .. } => Some(
            "Guest tools ISO attached. Next: inside the guest, open the CD-ROM and run the installer. \
             This page watches for the guest agent to start."
                .to_owned(),
        ),
        Attach::AgentUp { .. } => {
            Some("The QEMU guest agent reports Running: the guest tools are installed.".to_owned())
        }
        Attach::Detaching { .. } => Some("Detaching the guest tools ISO…".to_owned()),
        Attach::Done => Some("Guest tools ISO detached.".to_owned()),
    }
    };

    view! {
        <section class="card" aria-labelledby="tools-h">
            <h2 id="tools-h">"Guest tools"</h2>
            {move || assessment.get().map(|a| view! {
                <p class=if a.can_run_commands { "reason reason--ok" } else { "reason reason--blocked" } data-testid="tools-reason">
                    {a.reason.sentence()}
                </p>
            })}
            <ToolsBadges failures=failures/>
            <div class="actions">
                <button type="button" class="button" on:click=refresh disabled=move || refreshing.get()>
                    "Refresh guest tools state"
                </button>
                <button type="button" class="button button--primary" on:click=start_attach
                    disabled=attach_disabled aria-describedby="attach-why">
                    {move || if attach.get() == Attach::Running { "Attaching guest tools ISO…" } else { "Attach guest tools ISO" }}
                </button>
                {move || match attach.get() {
                    Attach::AgentUp { iso: Some(iso) } => view! {
                        <button type="button" class="button" on:click=move |_| detach(iso.clone())>
                            "Detach guest tools ISO"
                        </button>
                    }.into_any(),
                    _ => ().into_any(),
                }}
            </div>
            <p id="attach-why" class="muted">{move || attach_why().map(|w| format!("Attach is unavailable. {w}"))}</p>
            <p role="status" class="status-line" data-testid="tools-status-message">{status_text}</p>
            <ErrorAlert error=error what=crate::i18n::k::guest_tools::ACTION_FAILED/>
        </section>
    }
}

#[component]
fn ToolsBadges(failures: RwSignal<u32>) -> impl IntoView {
    let data = expect_context::<VmData>();
    let assessment = expect_context::<Memo<Option<Assessment>>>();
    let info = move || data.info.get();
    let state = move || data.state.get();
    let upgrade = move || assessment.get().is_some_and(|a| a.upgrade_available);
    view! {
        <dl class="badges">
            <dt>"Guest tools"</dt>
            <dd>
                {move || value_badge(
                    info().map(|i| i.status.map(|s| (s.as_str().to_owned(), describe_tools_status(&s)))),
                    "tools-status",
                    "ZStack reported no status",
                )}
                {move || upgrade().then(|| view! {
                    <Badge text="Upgrade available" tone=Tone::Warn
                        description="A newer guest tools version is available: attach the guest tools ISO and run its installer."
                        testid="tools-upgrade"/>
                })}
            </dd>
            <dt>"Version"</dt>
            <dd data-testid="tools-version">
                {move || info().ready().and_then(|i| i.version.clone()).filter(|v| !v.is_empty()).unwrap_or_else(|| "—".into())}
            </dd>
            <dt>"Features"</dt>
            <dd>
                {move || {
                    let features = info().ready().map(|i| i.features.clone()).unwrap_or_default();
                    if features.is_empty() {
                        view! { <span class="muted" data-testid="tools-features">"None reported"</span> }.into_any()
                    } else {
                        view! {
                            <ul class="plain-list" data-testid="tools-features">
                                {features.into_iter().map(|(k, v)| view! { <li>{format!("{k}: {v}")}</li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </dd>
            <dt>"QEMU guest agent"</dt>
            <dd>
                {move || value_badge(
                    state().map(|s| s.and_then(|s| s.qga_state).map(|q| (q.as_str().to_owned(), describe_qga(&q)))),
                    "qga-state",
                    "ZStack has recorded no agent state",
                )}
            </dd>
            <dt>"Monitoring agent"</dt>
            <dd>
                {move || value_badge(
                    state().map(|s| s.and_then(|s| s.zwatch_state).map(|z| (z.as_str().to_owned(), describe_zwatch(&z)))),
                    "zwatch-state",
                    "ZStack has recorded no monitoring-agent state",
                )}
            </dd>
        </dl>
        {move || data.info.get().error().cloned().map(|e| view! {
            <div class="section-error"><ErrorAlert error=Signal::derive(move || Some(e.clone())) what=crate::i18n::k::guest_tools::INFO_FAILED/></div>
        })}
        {move || data.state.get().error().cloned().map(|e| view! {
            <div class="section-error"><ErrorAlert error=Signal::derive(move || Some(e.clone())) what=crate::i18n::k::guest_tools::STATE_FAILED/></div>
        })}
        {move || (failures.get() > 0).then(|| view! {
            <p class="muted">{format!("Automatic refresh failed {} time(s); retrying less often.", failures.get())}</p>
        })}
    }
}

/// One reported value as a badge: loading, unavailable, absent ("—") or as sent.
fn value_badge(
    value: Load<Option<(String, (Severity, &'static str))>>,
    testid: &'static str,
    missing: &'static str,
) -> AnyView {
    match value {
        Load::Loading => view! { <span class="muted">"Loading…"</span> }.into_any(),
        Load::Failed(_) => view! { <span class="muted">"Unavailable"</span> }.into_any(),
        Load::Ready(Some((text, (severity, description)))) => {
            view! { <Badge text=text tone=tone(severity) description=description testid=testid/> }
                .into_any()
        }
        Load::Ready(None) => {
            view! { <Badge text="—" tone=Tone::Neutral description=missing testid=testid/> }
                .into_any()
        }
    }
}

/// Refreshes the badges every 30 s while the tab is visible, more often while
/// an install is being watched, and less often after failures.
fn auto_refresh(data: VmData, attach: RwSignal<Attach>, failures: RwSignal<u32>) {
    // A test or a demo can shorten the period (localStorage `zstack.toolsRefreshSeconds`).
    let base = LocalStorage::get::<u32>("zstack.toolsRefreshSeconds")
        .ok()
        .filter(|s| *s > 0)
        .unwrap_or(REFRESH_SECS);
    let visible_secs = std::rc::Rc::new(std::cell::Cell::new(0u32));
    // Failures are counted from the loads' outcomes.
    Effect::new(move |_| {
        let failed =
            data.info.with(|l| l.error().is_some()) || data.state.with(|l| l.error().is_some());
        let ready =
            data.info.with(|l| l.ready().is_some()) && data.state.with(|l| l.ready().is_some());
        if failed {
            failures.update(|f| *f += 1);
        } else if ready {
            failures.set(0);
        }
    });
    let tick = gloo_timers::callback::Interval::new(1_000, move || {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.hidden());
        if hidden {
            return;
        }
        let period = match attach.get_untracked() {
            Attach::Installing { .. } => WATCH_SECS,
            _ => base
                .saturating_mul(1 << failures.get_untracked().min(4))
                .min(MAX_BACKOFF_SECS.max(base)),
        };
        visible_secs.set(visible_secs.get() + 1);
        if visible_secs.get() >= period {
            visible_secs.set(0);
            data.reload_tools(true);
        }
    });
    let tick = StoredValue::new_local(Some(tick));
    on_cleanup(move || {
        tick.try_update_value(|t| t.take());
    });
}

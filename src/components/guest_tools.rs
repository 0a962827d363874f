//! The "Guest tools" region: badges, the one clear reason, refresh, and
//! attaching the guest-tools ISO (then watching the agent come up).

use crate::{
    api,
    components::{
        alert::ErrorAlert,
        badge::{Badge, Tone},
    },
    i18n::{fill, k, t, tf, tr, with_data, Msg},
    load::Load,
    pages::vm_detail::VmData,
};
use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use zstack_api::{
    reason::{
        assess, describe_qga, describe_tools_status, describe_zwatch, Assessment, Reason, Severity,
        ToolsPicture,
    },
    ApiError, AttachGuestToolsIsoToVm, DetachIsoFromVmInstance, GuestToolsStatus, QgaState,
    UpdateGuestToolsState, ZWatchState,
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
        Reason::UpgradePending => UPGRADE_PENDING,
        Reason::InstallFailed => INSTALL_FAILED,
        Reason::Unknown => UNKNOWN,
    }
}

/// Service names are what the admin types inside the guest: never translated.
const SERVICES: [(&str, &str); 2] = [
    ("service", "qemu-guest-agent"),
    ("windows_service", "QEMU Guest Agent"),
];

/// The reason's sentence as a view (re-drawn on a language switch), the
/// service names marked as not ours to translate.
pub fn reason_view(r: Reason) -> impl IntoView {
    move || with_data(t(reason_msg(r)), &SERVICES)
}

/// A known tools status, qga or zwatch value in the user's language (in
/// English ZStack's own word), and what it means.
fn tools_status_text(s: &GuestToolsStatus) -> Option<(Msg, Msg)> {
    use k::guest_tools::*;
    Some(match s {
        GuestToolsStatus::Running => (STATUS_RUNNING, DESC_STATUS_RUNNING),
        GuestToolsStatus::NotRunning => (STATUS_NOT_RUNNING, DESC_STATUS_NOT_RUNNING),
        GuestToolsStatus::NotConnected => (STATUS_NOT_CONNECTED, DESC_STATUS_NOT_CONNECTED),
        GuestToolsStatus::NotSupported => (STATUS_NOT_SUPPORTED, DESC_STATUS_NOT_SUPPORTED),
        GuestToolsStatus::Other(_) => return None,
    })
}

fn qga_text(s: &QgaState) -> Option<(Msg, Msg)> {
    use k::guest_tools::*;
    Some(match s {
        QgaState::NotInstalled => (QGA_NOT_INSTALLED, DESC_QGA_NOT_INSTALLED),
        QgaState::Running => (QGA_RUNNING, DESC_QGA_RUNNING),
        QgaState::NotRunning => (QGA_NOT_RUNNING, DESC_QGA_NOT_RUNNING),
        QgaState::NotUpgraded => (QGA_NOT_UPGRADED, DESC_QGA_NOT_UPGRADED),
        QgaState::Other(_) => return None,
    })
}

fn zwatch_text(s: &ZWatchState) -> Option<(Msg, Msg)> {
    use k::guest_tools::*;
    Some(match s {
        ZWatchState::NotInstalled => (ZWATCH_NOT_INSTALLED, DESC_ZWATCH_NOT_INSTALLED),
        ZWatchState::Running => (ZWATCH_RUNNING, DESC_ZWATCH_RUNNING),
        ZWatchState::NotRunning => (ZWATCH_NOT_RUNNING, DESC_ZWATCH_NOT_RUNNING),
        ZWatchState::Other(_) => return None,
    })
}

/// One reported value as the badges show it.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    severity: Severity,
    /// Ours to translate, or `None` for a value this console does not know.
    text: Option<(Msg, Msg)>,
    /// As sent, for an unknown value.
    raw: String,
}

impl Shown {
    fn new(value: &str, severity: Severity, text: Option<(Msg, Msg)>) -> Shown {
        Shown {
            severity,
            text,
            raw: value.to_owned(),
        }
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
        let m = match attach.get() {
            Attach::Idle => refreshing.get().then_some(k::guest_tools::ASKING)?,
            Attach::Running => k::guest_tools::ATTACHING_JOB,
            Attach::Installing { .. } => k::guest_tools::ATTACHED_NEXT,
            Attach::AgentUp { .. } => k::guest_tools::AGENT_UP,
            Attach::Detaching { .. } => k::guest_tools::DETACHING,
            Attach::Done => k::guest_tools::DETACHED,
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
                <button type="button" class="button" on:click=refresh disabled=move || refreshing.get()
                    data-shortcut="refresh">
                    {tr(k::guest_tools::REFRESH)}
                </button>
                <button type="button" class="button button--primary" on:click=start_attach
                    disabled=attach_disabled aria-describedby="attach-why">
                    {move || t(if attach.get() == Attach::Running { k::guest_tools::ATTACHING } else { k::guest_tools::ATTACH })}
                </button>
                {move || match attach.get() {
                    Attach::AgentUp { iso: Some(iso) } => view! {
                        <button type="button" class="button" on:click=move |_| detach(iso.clone())>
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

#[component]
fn ToolsBadges(failures: RwSignal<u32>) -> impl IntoView {
    let data = expect_context::<VmData>();
    let assessment = expect_context::<Memo<Option<Assessment>>>();
    let info = move || data.info.get();
    let state = move || data.state.get();
    let upgrade = move || assessment.get().is_some_and(|a| a.upgrade_available);
    view! {
        <dl class="badges">
            <dt>{tr(k::guest_tools::TITLE)}</dt>
            <dd>
                {move || value_badge(
                    info().map(|i| i.status.map(|s| {
                        let (severity, _) = describe_tools_status(&s);
                        Shown::new(s.as_str(), severity, tools_status_text(&s))
                    })),
                    "tools-status",
                    k::guest_tools::NO_STATUS,
                )}
                {move || upgrade().then(|| view! {
                    <Badge text=t(k::guest_tools::UPGRADE) tone=Tone::Warn
                        description=t(k::guest_tools::UPGRADE_DESC)
                        testid="tools-upgrade"/>
                })}
            </dd>
            <dt>{tr(k::guest_tools::VERSION)}</dt>
            // The version is the guest's (it may be a marker like InstallFailed).
            <dd data-testid="tools-version" translate="no">
                {move || info().ready().and_then(|i| i.version.clone()).filter(|v| !v.is_empty()).unwrap_or_else(|| "—".into())}
            </dd>
            <dt>{tr(k::guest_tools::FEATURES)}</dt>
            <dd>
                {move || {
                    let features = info().ready().map(|i| i.features.clone()).unwrap_or_default();
                    if features.is_empty() {
                        view! { <span class="muted" data-testid="tools-features">{tr(k::guest_tools::NO_FEATURES)}</span> }.into_any()
                    } else {
                        view! {
                            <ul class="plain-list" data-testid="tools-features" translate="no">
                                {features.into_iter().map(|(k, v)| view! { <li>{format!("{k}: {v}")}</li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </dd>
            <dt>{tr(k::guest_tools::QGA)}</dt>
            <dd>
                {move || value_badge(
                    state().map(|s| s.and_then(|s| s.qga_state).map(|q| {
                        Shown::new(q.as_str(), describe_qga(&q).0, qga_text(&q))
                    })),
                    "qga-state",
                    k::guest_tools::NO_QGA,
                )}
            </dd>
            <dt>{tr(k::guest_tools::ZWATCH)}</dt>
            <dd>
                {move || value_badge(
                    state().map(|s| s.and_then(|s| s.zwatch_state).map(|z| {
                        Shown::new(z.as_str(), describe_zwatch(&z).0, zwatch_text(&z))
                    })),
                    "zwatch-state",
                    k::guest_tools::NO_ZWATCH,
                )}
            </dd>
        </dl>
        {move || data.info.get().error().cloned().map(|e| view! {
            <div class="section-error"><ErrorAlert error=Signal::derive(move || Some(e.clone())) what=k::guest_tools::INFO_FAILED/></div>
        })}
        {move || data.state.get().error().cloned().map(|e| view! {
            <div class="section-error"><ErrorAlert error=Signal::derive(move || Some(e.clone())) what=k::guest_tools::STATE_FAILED/></div>
        })}
        {move || (failures.get() > 0).then(|| view! {
            <p class="muted">{move || tf(k::guest_tools::REFRESH_FAILED, &[("count", &failures.get())])}</p>
        })}
    }
}

/// One reported value as a badge: loading, unavailable, absent ("—"), known
/// (translated) or unknown (as sent). Called in a reactive closure, so the
/// badge is re-drawn on a language switch.
fn value_badge(value: Load<Option<Shown>>, testid: &'static str, missing: Msg) -> AnyView {
    match value {
        Load::Loading => {
            view! { <span class="muted">{tr(k::guest_tools::LOADING)}</span> }.into_any()
        }
        Load::Failed(_) => {
            view! { <span class="muted">{tr(k::guest_tools::UNAVAILABLE)}</span> }.into_any()
        }
        Load::Ready(Some(shown)) => {
            let (text, description, raw) = match shown.text {
                Some((text, description)) => (t(text).to_owned(), t(description), false),
                None => (shown.raw, t(k::guest_tools::DESC_UNKNOWN), true),
            };
            view! {
                <Badge text=text tone=tone(shown.severity) description=description testid=testid raw=raw/>
            }
            .into_any()
        }
        Load::Ready(None) => {
            view! { <Badge text="—" tone=Tone::Neutral description=t(missing) testid=testid/> }
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

//! "Run on selected VMs": the chosen VMs with what each will do (run, or
//! be skipped and why), checked again on the click, then exactly one
//! ExecuteGuestVmScript with the VMs that may run it.

use super::run_check::{check, RunCheck};
use super::vm_picker::VmPicker;
use super::words::{count_text, invalid_view, verdict_view};
use crate::components::alert::ErrorAlert;
use crate::components::vm_choice::{toggled, uuids as chosen_uuids};
use crate::i18n::{k, t, tf, tr, Msg};
use crate::{api, dom::next_id};
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use zstack_api::scripts::{validate, validate_run, FieldError, RunVerdict, ScriptField};
use zstack_api::validate::thousands;
use zstack_api::{ApiError, ExecuteGuestVmScript, ScriptPlatform};

/// The run section of a script's page.
#[component]
pub fn RunOnVms(
    /// The saved script's UUID.
    script_uuid: String,
    /// The saved script's platform (what the VMs are checked against).
    platform: ScriptPlatform,
    /// The saved script's own timeout, shown as the default.
    default_timeout: Option<u64>,
    /// The chosen VMs' UUIDs, comma-separated (a draft: it survives sign-in).
    selected: RwSignal<String>,
) -> impl IntoView {
    let timeout = RwSignal::new(String::new());
    let timeout_error = RwSignal::new(None::<FieldError>);
    let notice = RwSignal::new(None::<Msg>);
    let error = RwSignal::new(None::<ApiError>);
    let uuids = Memo::new(move |_| {
        selected.with(|s| {
            chosen_uuids(s)
                .into_iter()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
    });
    let check_platform = platform.clone();
    // The verdicts shown: the latest choice's answer wins.
    let shown = LocalResource::new(move || {
        let (ids, platform) = (uuids.get(), check_platform.clone());
        async move { (ids.clone(), check(ids, platform).await) }
    });
    let current = move || {
        shown.with(|s| match s {
            Some((ids, Ok(c))) if *ids == uuids.get() => Some(c.clone()),
            _ => None,
        })
    };
    let navigate = use_navigate();
    let run = Action::new_local(move |(ids, secs): &(Vec<String>, Option<u32>)| {
        let (ids, secs, platform) = (ids.clone(), *secs, platform.clone());
        let (script, navigate) = (script_uuid.clone(), navigate.clone());
        // What the reader saw before clicking: a VM refused only now is
        // shown first, never skipped unseen.
        let seen = current();
        async move {
            let fresh = match check(ids, platform).await {
                Ok(c) => c,
                Err(e) => return error.set(Some(e)),
            };
            let newly_refused = fresh
                .refused()
                .iter()
                .any(|u| seen.as_ref().is_none_or(|s| !s.refused().contains(u)));
            if newly_refused {
                shown.refetch();
                return notice.set(Some(k::script_run::CHANGED_SINCE));
            }
            let sent = fresh.sent();
            if sent.is_empty() {
                return notice.set(Some(k::script_run::NONE_CAN_RUN));
            }
            let request = ExecuteGuestVmScript {
                uuid: script,
                vm_instance_uuids: sent,
                script_timeout: secs,
            };
            match api::call(&request).await {
                Ok(reply) => match reply.inventory.and_then(|r| r.uuid) {
                    Some(u) => navigate(&format!("/scripts/records/{u}"), Default::default()),
                    None => navigate("/scripts/records", Default::default()),
                },
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let busy = run.pending();
    let chosen_error = RwSignal::new(None::<FieldError>);
    let timeout_input = NodeRef::<leptos::html::Input>::new();
    let start = move |_| {
        if busy.get_untracked() {
            return;
        }
        notice.set(None);
        error.set(None);
        let secs =
            validate::timeout_text(&timeout.get_untracked(), validate::EXECUTE_TIMEOUT_RANGE);
        let ids = uuids.get_untracked();
        let problems = validate_run(&ids, secs.clone().ok().flatten());
        let of = |f: ScriptField| problems.iter().find(|p| p.field == f).cloned();
        let timeout_problem = secs
            .clone()
            .err()
            .map(|reason| FieldError {
                field: ScriptField::ScriptTimeout,
                reason,
            })
            .or_else(|| of(ScriptField::ScriptTimeout));
        let vms_problem = of(ScriptField::VmInstanceUuids);
        let ok = timeout_problem.is_none() && vms_problem.is_none();
        let focus_timeout = timeout_problem.is_some();
        timeout_error.set(timeout_problem);
        chosen_error.set(vms_problem);
        // The refused time limit takes the focus, so its reason is read
        // out with it (the VMs' reason is an alert of its own).
        if focus_timeout {
            if let Some(el) = timeout_input.get_untracked() {
                let _ = el.focus();
            }
        }
        if ok {
            run.dispatch_local((ids, secs.ok().flatten()));
        }
    };
    let chosen_heading = NodeRef::<leptos::html::H3>::new();
    let timeout_id = next_id("run-timeout");
    let timeout_error_id = format!("{timeout_id}-error");
    let placeholder = default_timeout
        .map(|t| t.to_string())
        .unwrap_or_else(|| "60".into());

    view! {
        <section class="card script-run" aria-labelledby="script-run-h">
            <h2 id="script-run-h">{tr(k::script_run::RUN_HEADING)}</h2>
            <p class="muted small">{tr(k::script_run::RUN_HELP)}</p>
            <VmPicker selected=selected/>
            // Focused after a VM is taken out (its button is gone): the new count.
            <h3 tabindex="-1" node_ref=chosen_heading>
                {move || count_text(uuids.with(Vec::len), k::script_run::CHOSEN_ONE, k::script_run::CHOSEN)}
            </h3>
            <ChosenList selected=selected uuids=uuids shown=shown heading=chosen_heading/>
            <p class="field-error" role="alert">{move || chosen_error.get().map(|e| invalid_view(&e))}</p>
            <div class="console__row">
                <label for=timeout_id.clone()>{tr(k::script_run::RUN_TIMEOUT)}</label>
                <input id=timeout_id type="number" min="10" max="86400" step="1" inputmode="numeric"
                    class="console__timeout" placeholder=placeholder node_ref=timeout_input
                    aria-invalid=move || timeout_error.with(Option::is_some).to_string()
                    aria-describedby=timeout_error_id.clone() bind:value=timeout/>
            </div>
            <p id=timeout_error_id class="field-error">{move || timeout_error.get().map(|e| invalid_view(&e))}</p>
            {move || notice.get().map(|m| view! { <p role="alert" class="alert alert--error">{tr(m)}</p> })}
            <ErrorAlert error=error what=k::script_run::RUN_FAILED/>
            <div class="actions">
                <button type="button" class="button button--primary" disabled=move || busy.get() on:click=start>
                    {tr(k::script_run::RUN_ON_SELECTED)}
                </button>
                <span role="status" class="muted">{move || busy.get().then(|| t(k::script_run::STARTING))}</span>
            </div>
        </section>
    }
}

/// Chosen VMs listed one by one, those to look at first; the rest are counted.
const MAX_LISTED: usize = 200;

/// The chosen VMs, each with its verdict and a way to take it out.
#[component]
fn ChosenList(
    selected: RwSignal<String>,
    uuids: Memo<Vec<String>>,
    shown: LocalResource<(Vec<String>, Result<RunCheck, ApiError>)>,
    /// Where the focus goes from a Remove button, which the list redraws away.
    heading: NodeRef<leptos::html::H3>,
) -> impl IntoView {
    let remove = move |u: String| {
        selected.update(|s| *s = toggled(s, &u, false));
        if let Some(h) = heading.get_untracked() {
            let _ = h.focus();
        }
    };
    move || {
        if uuids.with(Vec::is_empty) {
            return view! { <p class="muted">{tr(k::script_run::NONE_CHOSEN)}</p> }.into_any();
        }
        shown.with(|s| match s {
            Some((ids, Ok(c))) if *ids == uuids.get() => {
                let sent = c.sent().len();
                let skipped = c.vms.len() + c.missing.len() - sent;
                // What needs a look first (gone, refused, unsure), then the
                // ready; past MAX_LISTED only counted: 2,000 rows of
                // sentences would be one long task.
                let mut rows: Vec<(u8, String, String, Option<RunVerdict>)> = c.missing.iter()
                    .map(|u| (0, u.clone(), u.clone(), None))
                    .chain(c.vms.iter().zip(&c.verdicts).map(|(vm, v)| {
                        let uuid = vm.uuid.clone().unwrap_or_default();
                        let name = vm.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| uuid.clone());
                        let rank = match v { RunVerdict::Refused(_) => 0, RunVerdict::Unverified(_) => 1, RunVerdict::Ready => 2 };
                        (rank, uuid, name, Some(v.clone()))
                    }))
                    .collect();
                rows.sort_by_key(|r| r.0);
                let more = rows.len().saturating_sub(MAX_LISTED);
                let rows = rows.into_iter().take(MAX_LISTED).map(|(_, u, n, v)| chosen_row(u, n, v, remove)).collect_view();
                view! {
                    <p data-testid="run-check-summary">{move || {
                        let mut s = count_text(sent, k::script_run::WILL_RUN_ONE, k::script_run::WILL_RUN);
                        if skipped > 0 {
                            s.push_str(t(k::scripts::SEPARATOR));
                            s.push_str(&count_text(skipped, k::script_run::SKIPPED_ONE, k::script_run::SKIPPED));
                        }
                        s
                    }}</p>
                    <ul class="plain-list script-chosen" data-testid="run-check">{rows}</ul>
                    {(more > 0).then(|| view! { <p class="muted">{move || tf(k::script_run::MORE_CHOSEN, &[("count", &thousands(more))])}</p> })}
                }.into_any()
            }
            Some((ids, Err(e))) if *ids == uuids.get() => {
                let e = e.clone();
                view! { <ErrorAlert error=Signal::derive(move || Some(e.clone())) what=k::script_run::CHECK_FAILED/> }.into_any()
            }
            _ => view! { <p class="muted">{tr(k::script_run::CHECKING)}</p> }.into_any(),
        })
    }
}

fn chosen_row(
    uuid: String,
    name: String,
    verdict: Option<RunVerdict>,
    remove: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    let name_id = next_id("chosen-name");
    let button_id = next_id("chosen-remove");
    let refused = verdict.as_ref().is_none_or(|v| !v.is_sent());
    let class = if refused {
        "script-chosen__vm script-chosen__vm--refused"
    } else {
        "script-chosen__vm"
    };
    let label = format!("{button_id} {name_id}");
    view! {
        <li class=class>
            <span id=name_id.clone() class="script-chosen__name" translate="no">{name}</span>
            <span class="script-chosen__verdict" data-testid="run-verdict">
                {match verdict {
                    Some(v) => verdict_view(&v),
                    None => (move || t(k::script_run::VM_GONE)).into_any(),
                }}
            </span>
            <button type="button" id=button_id.clone() class="button button--small"
                aria-labelledby=label on:click=move |_| remove(uuid.clone())>
                {tr(k::script_run::REMOVE)}
            </button>
        </li>
    }
}

//! `/run?vms=a,b,c`: one command on several VMs, four at a time, with results
//! grouped by identical output ("12 identical, 2 differ").

use crate::{
    api::{self, CallOptions},
    components::{
        alert::{headline, ErrorAlert},
        console::{invalid_text, msg_with_data, CommandFields, OutputView},
    },
    i18n::{k, t, tf, tr},
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};
use std::collections::HashMap;
use zstack_api::{
    group::{group_results, tally, Group, GroupKey, Scheduler, VmRunResult},
    validate, ApiError, ExecuteGuestVmCommand, Op, Query, QueryVmInstance,
};

/// How many VMs run the command at once.
pub const MAX_PARALLEL: usize = 4;

#[derive(Debug, Clone, PartialEq)]
enum VmRun {
    Queued,
    Running,
    Done(String),
    Failed(ApiError),
}

/// The run's one-line summary in the user's language (tracked), from the
/// counts behind `zstack_api::group::summary`.
fn summary_text(groups: &[Group]) -> String {
    let c = tally(groups);
    let mut parts: Vec<String> = Vec::new();
    match (c.identical, c.differ) {
        (1, 0) => parts.push(t(k::group::ONE_OUTPUT).into()),
        (0, 0) => {}
        (0, n) => parts.push(tf(k::group::DIFFER, &[("count", &n)])),
        (i, n) => {
            parts.push(tf(k::group::IDENTICAL, &[("count", &i)]));
            if n > 0 {
                parts.push(tf(k::group::DIFFER, &[("count", &n)]));
            }
        }
    }
    if c.failed > 0 {
        parts.push(tf(k::group::FAILED, &[("count", &c.failed)]));
    }
    if parts.is_empty() {
        return t(k::group::NONE).into();
    }
    parts.join(t(k::group::SEPARATOR))
}

/// The VM UUIDs named in `?vms=`, well-formed and without repeats.
pub fn selected_uuids(param: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for u in param.split(',').map(str::trim) {
        if validate::uuid(u).is_ok() && !out.iter().any(|o| o == u) {
            out.push(u.to_owned());
        }
    }
    out
}

#[component]
pub fn MultiRun() -> impl IntoView {
    let query = use_query_map();
    let uuids = Memo::new(move |_| selected_uuids(&query.read().get("vms").unwrap_or_default()));
    let names = RwSignal::new(HashMap::<String, String>::new());
    let names_error = RwSignal::new(None::<ApiError>);
    Effect::new(move |_| {
        let ids = uuids.get();
        if ids.is_empty() {
            return;
        }
        let q = Query::new()
            .cond("uuid", Op::In, ids.join(","))
            .fields(&["uuid", "name"]);
        leptos::task::spawn_local(async move {
            match api::call(&QueryVmInstance { query: q }).await {
                Ok(r) => {
                    let map = r
                        .inventories
                        .into_iter()
                        .filter_map(|v| Some((v.uuid?, v.name.unwrap_or_default())))
                        .collect();
                    let _ = names.try_set(map);
                }
                Err(e) => {
                    let _ = names_error.try_set(Some(e));
                }
            }
        });
    });
    let name_of = move |uuid: &str| {
        names
            .with(|n| n.get(uuid).cloned())
            .unwrap_or_else(|| uuid.to_owned())
    };

    let fields = CommandFields::new("/run", "Linux");
    let CommandFields {
        command,
        timeout,
        platform,
        command_error,
        timeout_error,
    } = fields;
    let runs = RwSignal::new(Vec::<(String, VmRun)>::new());
    let busy = RwSignal::new(false);

    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some((text, timeout_secs, platform)) = fields.checked() else {
            return;
        };
        let ids = uuids.get_untracked();
        if ids.is_empty() {
            return;
        }
        runs.set(ids.iter().map(|u| (u.clone(), VmRun::Queued)).collect());
        busy.set(true);
        let scheduler = std::rc::Rc::new(std::cell::RefCell::new(Scheduler::new(
            ids.len(),
            MAX_PARALLEL,
        )));
        let budget = crate::components::console::wait_budget_ms(timeout_secs);
        // Each worker takes the next queued VM until none is left.
        for _ in 0..MAX_PARALLEL.min(ids.len()) {
            let (scheduler, ids, text, platform) = (
                scheduler.clone(),
                ids.clone(),
                text.clone(),
                platform.clone(),
            );
            leptos::task::spawn_local(async move {
                loop {
                    let next = scheduler.borrow_mut().next_to_start();
                    let Some(i) = next else { break };
                    let _ = runs.try_update(|r| r[i].1 = VmRun::Running);
                    let request = ExecuteGuestVmCommand {
                        vm_instance_uuid: ids[i].clone(),
                        platform: platform.clone(),
                        command: text.clone(),
                        command_timeout: timeout_secs,
                    };
                    let opts = CallOptions {
                        timeout_ms: Some(budget as u32),
                        job_deadline_ms: Some(budget),
                        cancel: None,
                    };
                    let result = api::call_with(&request, opts)
                        .await
                        .and_then(crate::components::console::check_exec_reply);
                    let state = match result {
                        Ok(reply) => VmRun::Done(reply.stream.unwrap_or_default()),
                        Err(e) => VmRun::Failed(e),
                    };
                    let _ = runs.try_update(|r| r[i].1 = state);
                    scheduler.borrow_mut().finished(i);
                    if scheduler.borrow().is_done() {
                        let _ = busy.try_set(false);
                    }
                }
            });
        }
    };

    let groups = Memo::new(move |_| {
        let list = runs.get();
        if list.is_empty()
            || list
                .iter()
                .any(|(_, r)| matches!(r, VmRun::Queued | VmRun::Running))
        {
            return None;
        }
        let results: Vec<(String, VmRunResult)> = list
            .into_iter()
            .map(|(u, r)| {
                let result = match r {
                    VmRun::Done(s) => VmRunResult::Output(s),
                    VmRun::Failed(e) => VmRunResult::Failed {
                        code: e.code().map(str::to_owned),
                        headline: e.headline(),
                    },
                    _ => unreachable!("filtered above"),
                };
                (u, result)
            })
            .collect();
        Some(group_results(&results))
    });

    view! {
        <section class="page">
            <p class="breadcrumb"><A href="/vms">{tr(k::common::NAV_VMS)}</A></p>
            <h1>{move || match uuids.get().len() {
                1 => t(k::multi_run::TITLE_ONE).to_owned(),
                n => tf(k::multi_run::TITLE, &[("count", &n)]),
            }}</h1>
            <ErrorAlert error=names_error what=k::multi_run::NAMES_FAILED/>
            <form class="card console__form" on:submit=start novalidate aria-labelledby="multi-h">
                <h2 id="multi-h">{tr(k::console::COMMAND)}</h2>
                <div class="console__row">
                    <label for="multi-platform">{tr(k::console::PLATFORM)}</label>
                    <select id="multi-platform" prop:value=move || platform.get() on:change=move |ev| platform.set(event_target_value(&ev))>
                        <option value="Linux" selected=move || platform.get() != "Windows">"Linux"</option>
                        <option value="Windows" selected=move || platform.get() == "Windows">"Windows"</option>
                    </select>
                    <label for="multi-timeout">{tr(k::console::TIMEOUT)}</label>
                    <input id="multi-timeout" type="number" min="10" max="86400" class="console__timeout" placeholder="300"
                        aria-invalid=move || timeout_error.get().is_some().to_string() aria-describedby="multi-timeout-error" bind:value=timeout/>
                </div>
                <p id="multi-timeout-error" class="field-error">{move || timeout_error.get().map(|e| invalid_text(&e))}</p>
                <label for="multi-command">{tr(k::console::COMMAND)}</label>
                <textarea id="multi-command" rows="3" spellcheck="false" aria-describedby="multi-command-error"
                    aria-invalid=move || command_error.get().is_some().to_string() bind:value=command></textarea>
                <p id="multi-command-error" class="field-error">{move || command_error.get().map(|e| invalid_text(&e))}</p>
                <div class="actions">
                    <button type="submit" class="button button--primary" data-shortcut="run"
                        disabled=move || busy.get() || uuids.get().is_empty()>
                        {tr(k::multi_run::RUN_ALL)}
                    </button>
                    <span role="status" data-testid="multi-summary">
                        {move || groups.get().map(|g| summary_text(&g)).or_else(|| {
                            let list = runs.get();
                            (!list.is_empty()).then(|| {
                                let done = list.iter().filter(|(_, r)| matches!(r, VmRun::Done(_) | VmRun::Failed(_))).count();
                                tf(k::multi_run::PROGRESS, &[("done", &done), ("total", &list.len())])
                            })
                        })}
                    </span>
                </div>
            </form>
            <table class="table" aria-label=tr(k::multi_run::RUNS)>
                <thead><tr><th scope="col">{tr(k::multi_run::COL_VM)}</th><th scope="col">{tr(k::multi_run::COL_STATUS)}</th></tr></thead>
                <tbody>
                    {move || {
                        let list = runs.get();
                        let rows: Vec<(String, VmRun)> = if list.is_empty() {
                            uuids.get().into_iter().map(|u| (u, VmRun::Queued)).collect()
                        } else {
                            list
                        };
                        rows.into_iter().map(|(u, r)| {
                            let status = match (&r, runs.with(Vec::is_empty)) {
                                (_, true) => t(k::multi_run::SELECTED).into_any(),
                                (VmRun::Queued, _) => t(k::multi_run::QUEUED).into_any(),
                                (VmRun::Running, _) => t(k::multi_run::RUNNING).into_any(),
                                (VmRun::Done(_), _) => t(k::multi_run::DONE).into_any(),
                                (VmRun::Failed(e), _) => msg_with_data(k::multi_run::FAILED, &[("error", headline(e))]).into_any(),
                            };
                            view! { <tr><td translate="no">{name_of(&u)}</td><td data-testid="multi-status">{status}</td></tr> }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            {move || groups.get().map(|groups| view! {
                <h2>{tr(k::multi_run::RESULTS)}</h2>
                <ul class="plain-list groups" data-testid="multi-groups">
                    {groups.into_iter().map(|g| {
                        let who: Vec<String> = g.vm_uuids.iter().map(|u| name_of(u)).collect();
                        let count = who.len();
                        // The group's first failure, to word its headline in the user's language.
                        let error = g.vm_uuids.first().and_then(|u| runs.with(|r| {
                            r.iter().find_map(|(v, run)| match run {
                                VmRun::Failed(e) if v == u => Some(e.clone()),
                                _ => None,
                            })
                        }));
                        let title = {
                            let (key, error) = (g.key.clone(), error.clone());
                            move || match &key {
                                GroupKey::Output(_) => tf(k::multi_run::GROUP_OUTPUT, &[("count", &count)]).into_any(),
                                GroupKey::Error { code, headline: h } => {
                                    let what = code.clone().unwrap_or_else(|| error.as_ref().map_or_else(|| h.clone(), headline));
                                    msg_with_data(k::multi_run::GROUP_FAILED, &[("count", count.to_string()), ("error", what)]).into_any()
                                }
                            }
                        };
                        view! {
                            <li class="card">
                                <details>
                                    <summary>{title}</summary>
                                    <p class="muted" translate="no">{who.join(", ")}</p>
                                    {match g.key {
                                        GroupKey::Output(stream) => view! { <OutputView stream=stream/> }.into_any(),
                                        GroupKey::Error { headline: h, .. } => {
                                            // ZStack's own "code: description" is data; our headline is not.
                                            let from_server = error.as_ref().is_none_or(|e| e.server_line().is_some());
                                            view! {
                                                <p translate=from_server.then_some("no")>
                                                    {move || error.as_ref().map_or_else(|| h.clone(), headline)}
                                                </p>
                                            }.into_any()
                                        }
                                    }}
                                </details>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
    }
}

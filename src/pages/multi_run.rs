//! `/run?vms=a,b,c`: one command on several VMs, four at a time, with results
//! grouped by identical output ("12 identical, 2 differ").

use crate::{
    api,
    command::{call_options, check_exec_reply, may_still_run, CommandFields},
    components::{
        alert::{headline, ErrorAlert},
        command_form::CommandForm,
        console::OutputView,
        scripts::hand_over_command,
    },
    i18n::{k, msg_with_data, t, tf, tr},
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};
use std::{collections::HashMap, sync::Arc};
use zstack_api::{
    group::{group_results, tally, Group, GroupKey, Scheduler, VmRunResult},
    scripts::{suggest_script, BROWSER_FAN_OUT_MAX},
    validate, ApiError, ExecuteGuestVmCommand, Op, Query, QueryVmInstance,
};

/// How many VMs run the command at once.
pub const MAX_PARALLEL: usize = 4;

#[derive(Debug, Clone, PartialEq)]
enum VmRun {
    Queued,
    Running,
    /// The reply's `stream`, shared: groups and rows read it without copies.
    Done(Arc<str>),
    Failed(ApiError),
}

/// The run's one-line summary in the user's language (tracked), from
/// `zstack_api::group::tally`'s counts.
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
    // The latest selection's names win; without them the UUIDs show.
    let names = LocalResource::new(move || {
        let ids = uuids.get();
        async move {
            if ids.is_empty() {
                return Ok(HashMap::new());
            }
            let q = Query::new()
                .cond("uuid", Op::In, ids.join(","))
                .fields(&["uuid", "name"]);
            api::call(&QueryVmInstance { query: q }).await.map(|r| {
                r.inventories
                    .into_iter()
                    .filter_map(|v| Some((v.uuid?, v.name.unwrap_or_default())))
                    .collect::<HashMap<_, _>>()
            })
        }
    });
    let names_error = Signal::derive(move || names.with(|n| n.as_ref()?.as_ref().err().cloned()));
    let name_of = move |uuid: &str| {
        names
            .with(|n| n.as_ref()?.as_ref().ok()?.get(uuid).cloned())
            .unwrap_or_else(|| uuid.to_owned())
    };

    let fields = CommandFields::new("/run", "Linux");
    let runs = RwSignal::new(Vec::<(String, VmRun)>::new());
    let busy = RwSignal::new(false);

    let start = move || {
        if busy.get_untracked() {
            return;
        }
        let Some(checked) = fields.checked() else {
            return;
        };
        let (text, timeout_secs, platform) =
            (checked.command, checked.timeout_secs, checked.platform);
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
                    let result = api::call_with(&request, call_options(timeout_secs, None))
                        .await
                        .and_then(check_exec_reply);
                    let state = match result {
                        Ok(reply) => VmRun::Done(Arc::from(reply.stream.unwrap_or_default())),
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
        runs.with(|list| {
            if list.is_empty()
                || list
                    .iter()
                    .any(|(_, r)| matches!(r, VmRun::Queued | VmRun::Running))
            {
                return None;
            }
            let results: Vec<(String, VmRunResult)> = list
                .iter()
                .map(|(u, r)| {
                    let result = match r {
                        VmRun::Done(s) => VmRunResult::Output(s.to_string()),
                        VmRun::Failed(e) => VmRunResult::Failed {
                            code: e.code().map(str::to_owned),
                            headline: e.headline(),
                        },
                        _ => unreachable!("filtered above"),
                    };
                    (u.clone(), result)
                })
                .collect();
            Some(group_results(&results))
        })
    });

    view! {
        <section class="page">
            <p class="breadcrumb"><A href="/vms">{tr(k::common::NAV_VMS)}</A></p>
            <h1>{move || match uuids.get().len() {
                1 => t(k::multi_run::TITLE_ONE).to_owned(),
                n => tf(k::multi_run::TITLE, &[("count", &n)]),
            }}</h1>
            <ErrorAlert error=names_error what=k::multi_run::NAMES_FAILED/>
            <CommandForm fields=fields id="multi" submit=k::multi_run::RUN_ALL heading=k::console::COMMAND
                disabled=Signal::derive(move || busy.get() || uuids.with(Vec::is_empty))
                on_submit=Callback::new(move |()| start())>
                <span role="status" data-testid="multi-summary">
                    {move || groups.with(|g| g.as_ref().map(|g| summary_text(g))).or_else(|| {
                        runs.with(|list| (!list.is_empty()).then(|| {
                            let done = list.iter().filter(|(_, r)| matches!(r, VmRun::Done(_) | VmRun::Failed(_))).count();
                            tf(k::multi_run::PROGRESS, &[("done", &done), ("total", &list.len())])
                        }))
                    })}
                </span>
            </CommandForm>
            {move || suggest_script(uuids.with(Vec::len)).then(|| {
                let hand_over = move |_| hand_over_command(
                    fields.command.get_untracked(),
                    fields.platform.get_untracked(),
                );
                view! {
                    <p class="output__note" data-testid="multi-suggest-script">
                        {move || tf(k::multi_run::SUGGEST_SCRIPT, &[("count", &BROWSER_FAN_OUT_MAX)])}" "
                        // Before the router's own click handler (on the window) navigates.
                        <span on:click=hand_over>
                            <A href=move || format!("/scripts/new?vms={}", uuids.get().join(","))>{tr(k::multi_run::SAVE_AS_SCRIPT)}</A>
                        </span>
                    </p>
                }
            })}
            <table class="table" aria-label=tr(k::multi_run::RUNS)>
                <thead><tr><th scope="col">{tr(k::multi_run::COL_VM)}</th><th scope="col">{tr(k::multi_run::COL_STATUS)}</th></tr></thead>
                <tbody>
                    {move || {
                        // Outputs are shared (`Arc`): re-drawing a status copies none.
                        let rows: Vec<(String, VmRun)> = runs.with(|list| if list.is_empty() {
                            uuids.get().into_iter().map(|u| (u, VmRun::Queued)).collect()
                        } else {
                            list.clone()
                        });
                        rows.into_iter().map(|(u, r)| {
                            let status = match (&r, runs.with(Vec::is_empty)) {
                                (_, true) => t(k::multi_run::SELECTED).into_any(),
                                (VmRun::Queued, _) => t(k::multi_run::QUEUED).into_any(),
                                (VmRun::Running, _) => t(k::multi_run::RUNNING).into_any(),
                                (VmRun::Done(_), _) => t(k::multi_run::DONE).into_any(),
                                (VmRun::Failed(e), _) => msg_with_data(k::multi_run::FAILED, &[("error", headline(e))]).into_any(),
                            };
                            let name = name_of(&u);
                            view! { <tr><td translate="no"><A href=format!("/vms/{u}")>{name}</A></td><td data-testid="multi-status">{status}</td></tr> }
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
                                // "1 VM", "2 VMs": English counts in two forms, Chinese in one.
                                GroupKey::Output(_) if count == 1 => t(k::multi_run::GROUP_OUTPUT_ONE).into_any(),
                                GroupKey::Output(_) => tf(k::multi_run::GROUP_OUTPUT, &[("count", &count)]).into_any(),
                                GroupKey::Error { code, headline: h } => {
                                    let what = code.clone().unwrap_or_else(|| error.as_ref().map_or_else(|| h.clone(), headline));
                                    let m = if count == 1 { k::multi_run::GROUP_FAILED_ONE } else { k::multi_run::GROUP_FAILED };
                                    msg_with_data(m, &[("count", count.to_string()), ("error", what)]).into_any()
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
                                            let may_still_run = error.as_ref().is_some_and(may_still_run);
                                            view! {
                                                <p translate=from_server.then_some("no")>
                                                    {move || error.as_ref().map_or_else(|| h.clone(), headline)}
                                                </p>
                                                {may_still_run.then(|| view! {
                                                    <p class="output__note" data-testid="console-may-still-run">{tr(k::console::MAY_STILL_RUN)}</p>
                                                })}
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

//! The finished run's summary line and its groups of identical results.

use super::VmRun;
use crate::{
    command::may_still_run,
    components::{alert::headline, console::OutputView},
    i18n::{k, msg_with_data, t, tf, tr},
};
use leptos::prelude::*;
use std::collections::HashMap;
use zstack_api::group::{group_results, tally, Group, GroupKey, VmRunResult};

/// The groups once every VM sent has its answer; `None` before.
pub fn groups_of(list: &[(String, VmRun)]) -> Option<Vec<Group>> {
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
                VmRun::Queued | VmRun::Running => unreachable!("filtered above"),
            };
            (u.clone(), result)
        })
        .collect();
    Some(group_results(&results))
}

/// The run's one-line summary in the user's language (tracked), from
/// `zstack_api::group::tally`'s counts; `skipped` VMs were never sent.
pub fn summary_text(groups: &[Group], skipped: usize) -> String {
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
    if skipped > 0 {
        parts.push(skipped_text(skipped));
    }
    if parts.is_empty() {
        return t(k::group::NONE).into();
    }
    parts.join(t(k::group::SEPARATOR))
}

pub fn skipped_text(n: usize) -> String {
    match n {
        1 => t(k::multi_run::SKIPPED_ONE).into(),
        n => tf(k::multi_run::SKIPPED, &[("count", &n)]),
    }
}

/// The groups, odd ones first (`group_results`' order). A run with one
/// group shows its output without a click.
#[component]
pub fn Results(
    groups: Vec<Group>,
    runs: RwSignal<Vec<(String, VmRun)>>,
    names: Signal<HashMap<String, String>>,
) -> impl IntoView {
    let single = groups.len() == 1;
    let name_of = move |u: &str| {
        names
            .with(|n| n.get(u).cloned())
            .unwrap_or_else(|| u.to_owned())
    };
    view! {
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
                        <details open=single>
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
    }
}

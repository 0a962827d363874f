//! A run's VMs grouped by identical results (zstack-api's `group_details`),
//! odd ones first, each group one click from its output.

use super::words::count_text;
use crate::components::console::TextView;
use crate::i18n::{k, msg_with_data, t, tr};
use leptos::prelude::*;
use leptos_router::components::A;
use std::sync::Arc;
use zstack_api::scripts::{cause_without_uuids, run_tally, DetailGroup, DetailGroupKind, RunTally};
use zstack_api::GuestVmScriptExecutedRecordDetailInventory as Detail;

/// The one-line summary (tracked): "3 VMs: same output, 1 VM differs, …".
pub fn tally_text(c: &RunTally) -> String {
    use k::script_groups as g;
    let mut parts: Vec<String> = Vec::new();
    match (c.same, c.differ) {
        (0, 0) => {}
        (1, 0) => parts.push(t(g::RAN_ONE).into()),
        (same, differ) => {
            if same > 0 {
                parts.push(count_text(same, g::SAME_ONE, g::SAME));
            }
            if differ > 0 {
                parts.push(count_text(differ, g::DIFFER_ONE, g::DIFFER));
            }
        }
    }
    if c.could_not_run > 0 {
        parts.push(count_text(
            c.could_not_run,
            g::COULD_NOT_RUN_ONE,
            g::COULD_NOT_RUN,
        ));
    }
    if c.pending > 0 {
        parts.push(count_text(c.pending, g::PENDING_ONE, g::PENDING));
    }
    if c.failed > 0 {
        parts.push(count_text(c.failed, g::FAILED_ONE, g::FAILED));
    }
    if parts.is_empty() {
        return t(g::NONE).into();
    }
    parts.join(t(k::scripts::SEPARATOR))
}

/// Groups this small name their VMs in the title.
const NAMED_IN_TITLE: usize = 3;

fn vm_name(d: &Detail) -> String {
    d.vm_name
        .clone()
        .filter(|n| !n.is_empty())
        .or_else(|| d.vm_instance_uuid.clone())
        .unwrap_or_default()
}

/// `record-groups`: the summary and one collapsed group per result.
#[component]
pub fn RunGroups(details: Arc<[Detail]>, groups: Arc<[DetailGroup]>) -> impl IntoView {
    let tally = run_tally(&groups);
    // The group the summary calls "same output": the first that ran with
    // the tally's size.
    let same_at = groups.iter().position(|g| {
        matches!(g.kind, DetailGroupKind::Output | DetailGroupKind::Failed)
            && g.members.len() == tally.same
            && tally.same > 1
    });
    // A run with one group shows it without a click.
    let single = groups.len() == 1;
    let items = groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let sample = details[g.members[0]].clone();
            view! { <GroupItem group=g.clone() sample=sample details=details.clone() same=same_at == Some(i) start_open=single/> }
        })
        .collect_view();
    view! {
        <div class="script-groups" data-testid="record-groups">
            <p class="script-groups__summary" role="status">{move || tally_text(&tally)}</p>
            <ul class="plain-list groups">{items}</ul>
        </div>
    }
}

#[component]
fn GroupItem(
    group: DetailGroup,
    sample: Detail,
    details: Arc<[Detail]>,
    same: bool,
    start_open: bool,
) -> impl IntoView {
    use k::script_groups as g;
    let n = group.members.len();
    // A small group names its VMs in its title: "1 VM differs" alone does
    // not say which one without opening it.
    let named = (n <= NAMED_IN_TITLE).then(|| {
        group
            .members
            .iter()
            .map(|&i| vm_name(&details[i]))
            .collect::<Vec<_>>()
            .join(", ")
    });
    let failed = group.kind == DetailGroupKind::Failed;
    // The group's reason as ZStack words it, without the one VM's UUID
    // when the group has more than that VM.
    let cause = sample.err_cause.clone().unwrap_or_default();
    let cause = if n > 1 {
        cause_without_uuids(&cause).into_owned()
    } else {
        cause
    };
    let title = move || match group.kind {
        DetailGroupKind::CouldNotRun => {
            let m = if n == 1 {
                g::GROUP_COULD_NOT_RUN_ONE
            } else {
                g::GROUP_COULD_NOT_RUN
            };
            msg_with_data(m, &[("count", n.to_string()), ("cause", cause.clone())])
        }
        DetailGroupKind::Pending => vec![count_text(n, g::PENDING_ONE, g::PENDING).into_any()],
        _ if same => vec![count_text(n, g::SAME_ONE, g::SAME).into_any()],
        _ => vec![count_text(n, g::DIFFER_ONE, g::DIFFER).into_any()],
    };
    // Members and output are drawn once opened: a group of 1,800 VMs costs
    // nothing while closed.
    let open = RwSignal::new(start_open);
    let members = group.members.clone();
    // ZStack never ran the script there: no output to show, only who.
    let ran = group.kind != DetailGroupKind::CouldNotRun;
    let body = move || {
        open.get().then(|| {
            let details = details.clone();
            let links = members.iter().map(move |&i| {
                let d = &details[i];
                let uuid = d.vm_instance_uuid.clone().unwrap_or_default();
                let name = vm_name(d);
                view! { <li><A href=format!("/vms/{uuid}")><span translate="no">{name}</span></A></li> }
            }).collect_view();
            let stdout: Arc<str> = Arc::from(sample.stdout.clone().unwrap_or_default());
            let stderr: Arc<str> = Arc::from(sample.stderr.clone().unwrap_or_default());
            let class = Signal::derive(|| "output".to_owned());
            view! {
                <ul class="script-groups__members">{links}</ul>
                {ran.then(|| view! {
                    <h3 class="output__label">{tr(k::script_run::STDOUT)}</h3>
                    <TextView text=stdout.clone() class=class testid="group-stdout"/>
                    <h3 class="output__label">{tr(k::script_run::STDERR)}</h3>
                    <TextView text=stderr.clone() class=class testid="group-stderr"/>
                })}
            }
        })
    };
    view! {
        <li class="card script-group">
            <details open=start_open on:toggle=move |ev| {
                open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"));
            }>
                <summary>
                    {title}
                    {named.map(|names| view! { " — " <span class="script-group__names" translate="no">{names}</span> })}
                    {failed.then(|| view! { " " <span class="badge badge--bad">{tr(g::FAILED_TAG)}</span> })}
                </summary>
                {body}
            </details>
        </li>
    }
}

//! Attach or detach the guest-tools ISO on the selected VMs: the buttons,
//! the progress, and each VM's outcome (done, ZStack's error, or skipped
//! with the reason). The run itself is the app's (`crate::bulk`).

use crate::components::vm_choice::uuids;
use crate::{
    bulk::{BulkRow, BulkRun, Outcome},
    components::alert::{headline, ErrorAlert},
    i18n::{k, t, tf, tr, with_data},
};
use leptos::prelude::*;
use zstack_api::fleet::{BulkAction, Skip};

/// Our words for a skip, with ZStack's values (a state, an ISO) kept as data.
fn skip_text(s: &Skip) -> Vec<AnyView> {
    let state = |s: &Option<zstack_api::VmState>| {
        s.as_ref()
            .map(|s| s.to_string())
            .unwrap_or_else(|| "—".into())
    };
    let reason = match s {
        Skip::NotRunning(st) => with_data(t(k::vms::SKIP_NOT_RUNNING), &[("state", state(st))]),
        Skip::WrongState(st) => with_data(t(k::vms::SKIP_WRONG_STATE), &[("state", state(st))]),
        Skip::NoCdRom => with_data::<&str>(t(k::vms::SKIP_NO_CDROM), &[]),
        Skip::WouldEvict { iso_uuid } => with_data(
            t(k::vms::SKIP_WOULD_EVICT),
            &[("name", iso_uuid.clone().unwrap_or_default())],
        ),
        Skip::NoToolsIso => with_data::<&str>(t(k::vms::SKIP_NO_TOOLS_ISO), &[]),
        Skip::Gone => with_data::<&str>(t(k::vms::SKIP_GONE), &[]),
    };
    let text = t(k::vms::OUTCOME_SKIPPED);
    let (before, after) = text.split_once("{reason}").unwrap_or((text, ""));
    let mut out = vec![before.into_any()];
    out.extend(reason);
    out.push(after.into_any());
    out
}

fn outcome_view(o: &Outcome) -> AnyView {
    match o {
        Outcome::Waiting => t(k::vms::OUTCOME_WAITING).into_any(),
        Outcome::InFlight => t(k::vms::OUTCOME_IN_FLIGHT).into_any(),
        Outcome::Done => t(k::vms::OUTCOME_DONE).into_any(),
        Outcome::Failed(e) => view! { <span translate="no">{headline(e)}</span> }.into_any(),
        Outcome::Skipped(s) => skip_text(s).into_any(),
    }
}

#[component]
pub fn BulkPanel(selected: RwSignal<String>) -> impl IntoView {
    let run = expect_context::<BulkRun>();
    let start = move |action: BulkAction| {
        let chosen: Vec<String> = uuids(&selected.get_untracked())
            .into_iter()
            .map(str::to_owned)
            .collect();
        run.start(action, chosen);
    };
    let busy = move || run.running.get();
    let has_selection = move || selected.with(|s| !uuids(s).is_empty());
    let failed = Memo::new(move |_| {
        run.rows.with(|r| {
            r.iter()
                .filter(|r| matches!(r.outcome, Outcome::Failed(_)))
                .map(|r| (r.name.clone(), headline_of(&r.outcome)))
                .collect::<Vec<_>>()
        })
    });
    let waiting = move || {
        run.rows
            .with(|r| r.iter().any(|r| r.outcome == Outcome::Waiting))
    };
    let summary = move || {
        let (done, all) = run.progress();
        if all == 0 {
            return run
                .running
                .get()
                .then(|| t(k::vms::BULK_READING).to_owned());
        }
        if done < all || run.running.get() {
            return Some(tf(k::vms::BULK_PROGRESS, &[("done", &done), ("all", &all)]));
        }
        let (ok, skipped) = run.rows.with(|r| {
            let n = |f: fn(&Outcome) -> bool| r.iter().filter(|r| f(&r.outcome)).count();
            (
                n(|o| *o == Outcome::Done),
                n(|o| matches!(o, Outcome::Skipped(_))),
            )
        });
        let failed = failed.with(Vec::len);
        Some(tf(
            k::vms::BULK_FINISHED,
            &[("ok", &ok), ("skipped", &skipped), ("failed", &failed)],
        ))
    };

    view! {
        {move || has_selection().then(|| view! {
            <div class="actions">
                <button type="button" class="button" disabled=busy
                    on:click=move |_| start(BulkAction::AttachToolsIso)>{tr(k::vms::BULK_ATTACH)}</button>
                <button type="button" class="button" disabled=busy
                    on:click=move |_| start(BulkAction::DetachToolsIso)>{tr(k::vms::BULK_DETACH)}</button>
            </div>
        })}
        <ErrorAlert error=run.load_error what=k::vms::BULK_FAILED_LOAD/>
        {move || (run.action.get().is_some() && (busy() || run.rows.with(|r| !r.is_empty()))).then(|| view! {
            <section class="card bulk" aria-labelledby="bulk-h" data-testid="bulk-run">
                <h2 id="bulk-h">{tr(k::vms::BULK_TITLE)}</h2>
                <p role="status" data-testid="bulk-progress">{summary}</p>
                {move || (!failed.with(Vec::is_empty)).then(|| view! {
                    <div role="alert" class="alert alert--error">
                        <p>{move || match failed.with(Vec::len) {
                            1 => t(k::vms::BULK_FAILED_ONE).to_owned(),
                            n => tf(k::vms::BULK_FAILED, &[("count", &n)]),
                        }}</p>
                        <ul>
                            {move || failed.get().into_iter().map(|(name, why)| view! {
                                <li translate="no">{name}": "{why}</li>
                            }).collect_view()}
                        </ul>
                    </div>
                })}
                {move || run.interrupted.get().then(|| view! { <p class="muted">{tr(k::vms::INTERRUPTED)}</p> })}
                <div class="actions">
                    {move || (!busy() && !failed.with(Vec::is_empty)).then(|| view! {
                        <button type="button" class="button button--primary"
                            on:click=move |_| run.rerun_failed()>{tr(k::vms::RERUN_FAILED)}</button>
                    })}
                    {move || (!busy() && waiting()).then(|| view! {
                        <button type="button" class="button" on:click=move |_| run.resume()>{tr(k::vms::CONTINUE)}</button>
                    })}
                    {move || (!busy()).then(|| view! {
                        <button type="button" class="button" on:click=move |_| {
                            run.rows.set(Vec::new());
                            run.action.set(None);
                        }>{tr(k::vms::BULK_DISMISS)}</button>
                    })}
                </div>
                <table class="table" data-testid="bulk-outcomes">
                    <thead><tr>
                        <th scope="col">{tr(k::vms::BULK_VM)}</th>
                        <th scope="col">{tr(k::vms::BULK_OUTCOME)}</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || run.rows.get().into_iter().enumerate()
                            key=|(i, r): &(usize, BulkRow)| (*i, outcome_key(&r.outcome))
                            let((_, r))>
                            <tr data-testid="bulk-outcome">
                                <td translate="no">{r.name.clone()}</td>
                                <td>{outcome_view(&r.outcome)}</td>
                            </tr>
                        </For>
                    </tbody>
                </table>
            </section>
        })}
    }
}

fn headline_of(o: &Outcome) -> String {
    match o {
        Outcome::Failed(e) => headline(e),
        _ => String::new(),
    }
}

/// Rows are re-drawn when their outcome changes kind.
fn outcome_key(o: &Outcome) -> u8 {
    match o {
        Outcome::Waiting => 0,
        Outcome::InFlight => 1,
        Outcome::Done => 2,
        Outcome::Failed(_) => 3,
        Outcome::Skipped(_) => 4,
    }
}

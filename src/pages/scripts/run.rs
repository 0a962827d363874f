//! `/scripts/records/{uuid}`: one run. Its status is followed while
//! `Running`; its VMs are read a server page at a time (one request per
//! page per poll, never one per VM), grouped by result and listed.

use crate::api;
use crate::components::alert::ErrorAlert;
use crate::components::files::{file_part, save_text};
use crate::components::scripts::details::DetailTable;
use crate::components::scripts::groups::RunGroups;
use crate::components::scripts::poll::follow;
use crate::components::server_list::page_count;
use crate::i18n::{date, k, msg_with_data, t, tr, with_data, Msg};
use futures::future::{join, join_all};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use std::sync::Arc;
use zstack_api::scripts::{
    details_csv, ended_at, exit_code_is_reader, group_details, record_done, run_json,
};
use zstack_api::{
    ApiError, GuestVmScriptExecutedRecordDetailInventory as Detail,
    GuestVmScriptExecutedRecordInventory as Record, GuestVmScriptInventory, QueryGuestVmScript,
    QueryGuestVmScriptExecutedRecord, QueryGuestVmScriptExecutedRecordDetail, Timestamp,
};

/// VMs per details request: 2,000 VMs are four requests.
pub const DETAIL_PAGE: u32 = 500;

#[component]
pub fn RunPage() -> impl IntoView {
    let params = use_params_map();
    let uuid = Memo::new(move |_| params.read().get("uuid").unwrap_or_default());
    view! {
        <section class="page">
            <p class="breadcrumb"><A href="/scripts/records">{tr(k::script_run::BACK_TO_RUNS)}</A></p>
            {move || {
                let id = uuid.get();
                if zstack_api::validate::uuid(&id).is_ok() {
                    view! { <RunView uuid=id/> }.into_any()
                } else {
                    view! {
                        <h1>{tr(k::script_run::RUN_NOT_FOUND)}</h1>
                        <p role="alert" class="alert alert--error">
                            {move || with_data(t(k::script_run::BAD_UUID), &[("uuid", &id)])}
                        </p>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// What the page holds of the run; the last good answer stays on screen
/// while a later poll fails.
#[derive(Clone, Copy)]
struct RunState {
    record: RwSignal<Option<Record>>,
    gone: RwSignal<bool>,
    details: RwSignal<Arc<[Detail]>>,
    script: RwSignal<Option<GuestVmScriptInventory>>,
    error: RwSignal<Option<ApiError>>,
    /// Bumped by each answer: it arms the next poll.
    answered: RwSignal<u32>,
    loading: StoredValue<bool>,
}

impl RunState {
    fn new() -> Self {
        RunState {
            record: RwSignal::new(None),
            gone: RwSignal::new(false),
            details: RwSignal::new(Arc::from(Vec::new())),
            script: RwSignal::new(None),
            error: RwSignal::new(None),
            answered: RwSignal::new(0),
            loading: StoredValue::new(false),
        }
    }

    /// Round trip 1: the record and the first page of VMs together; round
    /// trip 2: the other pages (and the script, once) together.
    async fn load(self, uuid: String) {
        if self.loading.try_get_value() != Some(false) {
            return;
        }
        self.loading.set_value(true);
        let (record, first) = join(
            api::call(&QueryGuestVmScriptExecutedRecord::one(&uuid)),
            api::call(&QueryGuestVmScriptExecutedRecordDetail::of_record(
                &uuid,
                0,
                DETAIL_PAGE,
            )),
        )
        .await;
        let mut problem = None;
        let script_uuid = match record {
            Ok(r) => {
                let rec = r.inventories.into_iter().next();
                let _ = self.gone.try_set(rec.is_none());
                let script_uuid = rec.as_ref().and_then(|r| r.script_uuid.clone());
                let _ = self.record.try_set(rec);
                script_uuid
            }
            Err(e) => {
                problem = Some(e);
                None
            }
        };
        let want_script =
            script_uuid.filter(|_| self.script.try_with_untracked(Option::is_none) == Some(true));
        match first {
            Ok(first) => {
                let total = first.total.unwrap_or(first.inventories.len() as u64);
                let pages = page_count(total, DETAIL_PAGE);
                let requests: Vec<_> = (1..pages)
                    .map(|p| {
                        QueryGuestVmScriptExecutedRecordDetail::of_record(
                            &uuid,
                            p * DETAIL_PAGE,
                            DETAIL_PAGE,
                        )
                    })
                    .collect();
                let rest = requests.iter().map(api::call);
                let script = async {
                    match &want_script {
                        Some(s) => api::call(&QueryGuestVmScript::one(s)).await.ok(),
                        None => None,
                    }
                };
                let (rest, script) = join(join_all(rest), script).await;
                if let Some(s) = script.and_then(|r| r.inventories.into_iter().next()) {
                    let _ = self.script.try_set(Some(s));
                }
                let mut all = first.inventories;
                for page in rest {
                    match page {
                        Ok(p) => all.extend(p.inventories),
                        Err(e) => problem = problem.or(Some(e)),
                    }
                }
                let _ = self.details.try_set(Arc::from(all));
            }
            Err(e) => problem = problem.or(Some(e)),
        }
        let _ = self.error.try_set(problem);
        self.loading.try_set_value(false);
        self.answered.try_update(|n| *n += 1);
    }
}

#[component]
fn RunView(uuid: String) -> impl IntoView {
    let state = RunState::new();
    let start = uuid.clone();
    leptos::task::spawn_local(state.load(start));
    let active = Signal::derive(move || {
        !state.gone.get()
            && !state
                .record
                .with(|r| record_done(r.as_ref().and_then(|r| r.status.as_ref())))
    });
    let poll_uuid = uuid.clone();
    follow(
        active,
        state.answered.into(),
        Callback::new(move |()| leptos::task::spawn_local(state.load(poll_uuid.clone()))),
    );
    let groups = Memo::new(move |_| state.details.with(|d| Arc::<[_]>::from(group_details(d))));
    let reader = Signal::derive(move || {
        state.script.with(|s| {
            let s = s.as_ref()?;
            Some(exit_code_is_reader(
                s.platform.as_ref()?,
                s.script_type.as_ref()?,
            ))
        })
    });
    // A memo: the section is drawn once, not again on every poll.
    let show = Memo::new(move |_| state.answered.get() > 0 && !state.gone.get());
    let said = RwSignal::new(None::<Msg>);
    let download = Callback::new(move |csv: bool| {
        let name = state.record.with_untracked(|r| {
            r.as_ref()
                .and_then(|r| r.record_name.clone())
                .unwrap_or_default()
        });
        let base = format!("run-{}-{}", file_part(&name), &uuid[..8.min(uuid.len())]);
        let result = state.details.with_untracked(|d| {
            if csv {
                save_text(
                    &details_csv(d),
                    &format!("{base}.csv"),
                    "text/csv;charset=utf-8",
                    k::script_run::SAVE_FAILED,
                )
            } else {
                let json = state.record.with_untracked(|r| run_json(r.as_ref(), d));
                save_text(
                    &json,
                    &format!("{base}.json"),
                    "application/json",
                    k::script_run::SAVE_FAILED,
                )
            }
        });
        said.set(result.err());
    });

    view! {
        <h1>{move || state.record.with(|r| match r {
            Some(r) => view! { <span translate="no">{r.record_name.clone().filter(|n| !n.is_empty()).or(r.uuid.clone()).unwrap_or_default()}</span> }.into_any(),
            None if state.gone.get() => t(k::script_run::RUN_NOT_FOUND).into_any(),
            None => t(k::script_run::RUN_LOADING).into_any(),
        })}</h1>
        <ErrorAlert error=state.error what=k::script_run::RUN_LOAD_FAILED/>
        {move || state.record.get().map(|r| view! { <RecordFacts record=r script=state.script/> })}
        {move || show.get().then(|| view! {
            <section class="card" aria-labelledby="run-results-h">
                <h2 id="run-results-h">{tr(k::script_run::RESULTS)}</h2>
                {move || {
                    let details = state.details.get();
                    if details.is_empty() {
                        return view! { <p class="muted">{tr(k::script_run::NO_DETAILS)}</p> }.into_any();
                    }
                    view! { <RunGroups details=details groups=groups.get()/> }.into_any()
                }}
                <div class="actions">
                    <button type="button" class="button" on:click=move |_| download.run(true)>{move || msg_with_data(k::script_run::DOWNLOAD_CSV, &[("format", "CSV")])}</button>
                    <button type="button" class="button" on:click=move |_| download.run(false)>{move || msg_with_data(k::script_run::DOWNLOAD_JSON, &[("format", "JSON")])}</button>
                    <span role="status" class="muted">{move || said.get().map(t)}</span>
                </div>
                <DetailTable details=state.details exit_code_is_reader=reader/>
            </section>
        })}
    }
}

/// The run's status (as sent, followed while `Running`), who started it and when.
#[component]
fn RecordFacts(record: Record, script: RwSignal<Option<GuestVmScriptInventory>>) -> impl IntoView {
    let status = record
        .status
        .as_ref()
        .map(|s| s.as_str().to_owned())
        .unwrap_or_default();
    let running = !record_done(record.status.as_ref());
    let when = |ts: Option<Timestamp>| {
        move || {
            ts.as_ref()
                .map(|t| date(t).unwrap_or_else(|| t.0.clone()))
                .unwrap_or_else(|| "—".into())
        }
    };
    let script_uuid = record.script_uuid.clone();
    view! {
        <dl class="facts">
            <dt>{tr(k::script_run::STATUS)}</dt>
            <dd>
                <span data-testid="record-status" translate="no">{status}</span>
                {running.then(|| view! { " "<span class="muted small">{tr(k::script_run::FOLLOWING)}</span> })}
            </dd>
            <dt>{tr(k::script_run::SCRIPT)}</dt>
            <dd>{script_uuid.map(|u| view! {
                <A href=format!("/scripts/{u}")>
                    {move || script.with(|s| s.as_ref().and_then(|s| s.name.clone())).map(|n| view! { <span translate="no">{n}</span> }.into_any())
                        .unwrap_or_else(|| t(k::script_run::OPEN_SCRIPT).into_any())}
                </A>
            })}</dd>
            <dt>{tr(k::script_run::EXECUTOR)}</dt>
            <dd translate="no">{record.executor.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{tr(k::script_run::STARTED)}</dt>
            <dd>{when(record.start_time.clone())}</dd>
            <dt>{tr(k::script_run::ENDED)}</dt>
            <dd>{when(ended_at(&record).cloned())}</dd>
            <dt>{tr(k::script_run::TIMEOUT)}</dt>
            <dd>{record.script_timeout.map(|s| s.to_string()).unwrap_or_else(|| "—".into())}</dd>
        </dl>
    }
}

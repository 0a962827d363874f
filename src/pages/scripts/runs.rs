//! `/scripts/records`: every run, newest first, paged on the server: who
//! ran which script when, and how it went.

use super::PAGE_SIZE;
use crate::api;
use crate::components::scripts::words::count_text;
use crate::components::server_list::{failed_row, message_row, page_count, Pager};
use crate::i18n::{date, k, tr};
use leptos::prelude::*;
use leptos_router::components::A;
use std::sync::Arc;
use zstack_api::scripts::ended_at;
use zstack_api::{
    GuestVmScriptExecutedRecordInventory as Record, QueryGuestVmScriptExecutedRecord, Timestamp,
};

#[component]
pub fn RunList() -> impl IntoView {
    let page = RwSignal::new(0u32);
    let attempt = RwSignal::new(0u32);
    let key = Memo::new(move |_| (page.get(), attempt.get()));
    let list = LocalResource::new(move || {
        let k = key.get();
        let request = QueryGuestVmScriptExecutedRecord::page(k.0 * PAGE_SIZE, PAGE_SIZE);
        async move { (k, api::call(&request).await.map(Arc::new)) }
    });
    let loading =
        Memo::new(move |_| key.with(|k| list.with(|l| l.as_ref().is_none_or(|(a, _)| a != k))));
    let total = move || {
        if loading.get() {
            return None;
        }
        list.with(|l| match l {
            Some((_, Ok(r))) => Some(r.total.unwrap_or(r.inventories.len() as u64)),
            _ => None,
        })
    };
    let pages = Signal::derive(move || total().map(|n| page_count(n, PAGE_SIZE)));
    let body = move || {
        let loading_row = || message_row("5", k::script_run::RUNS_LOADING);
        if loading.get() {
            return loading_row();
        }
        list.with(|l| match l {
            None => loading_row(),
            Some((_, Err(e))) => failed_row("5", e, k::script_run::RUNS_FAILED, attempt),
            Some((_, Ok(r))) if r.inventories.is_empty() => view! {
                <tr><td colspan="5" class="muted" data-testid="runs-empty">{tr(k::script_run::NO_RUNS)}</td></tr>
            }.into_any(),
            Some((_, Ok(r))) => r.inventories.iter().map(|rec| view! { <RunRow record=rec.clone()/> }).collect_view().into_any(),
        })
    };
    view! {
        <section class="page">
            <h1>{tr(k::script_run::RUNS_TITLE)}</h1>
            <p class="muted">{tr(k::script_run::RUNS_INTRO)}</p>
            <p class="toolbar__count" role="status" data-testid="runs-count">
                {move || total().map(|n| count_text(n as usize, k::script_run::RUNS_COUNT_ONE, k::script_run::RUNS_COUNT))}
            </p>
            <table class="table" aria-busy=move || loading.get().to_string() aria-label=tr(k::script_run::RUNS_TABLE)>
                <thead><tr>
                    <th scope="col">{tr(k::script_run::SCRIPT)}</th>
                    <th scope="col">{tr(k::script_run::EXECUTOR)}</th>
                    <th scope="col">{tr(k::script_run::STATUS)}</th>
                    <th scope="col">{tr(k::script_run::STARTED)}</th>
                    <th scope="col">{tr(k::script_run::ENDED)}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
            <Pager page=page pages=pages label=k::script_run::RUN_PAGES testid="runs-page"/>
        </section>
    }
}

#[component]
fn RunRow(record: Record) -> impl IntoView {
    let uuid = record.uuid.clone().unwrap_or_default();
    let name = record
        .record_name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| uuid.clone());
    let when = |ts: Option<Timestamp>| {
        move || {
            ts.as_ref()
                .map(|t| date(t).unwrap_or_else(|| t.0.clone()))
                .unwrap_or_else(|| "—".into())
        }
    };
    let status = record.status.as_ref().map(|s| s.as_str().to_owned());
    view! {
        <tr>
            // Names are data: text, never markup.
            <td><A href=format!("/scripts/records/{uuid}")><span translate="no">{name}</span></A></td>
            <td translate="no">{record.executor.clone().unwrap_or_else(|| "—".into())}</td>
            <td translate="no" data-testid="run-status">{status.unwrap_or_else(|| "—".into())}</td>
            <td>{when(record.start_time.clone())}</td>
            <td>{when(ended_at(&record).cloned())}</td>
        </tr>
    }
}

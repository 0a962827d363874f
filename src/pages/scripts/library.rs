//! `/scripts`: ZStack's script library, searched by name and paged on the
//! server. `?vms=a,b` carries a VM choice into the script opened from here.

use super::{carried_suffix, PAGE_SIZE};
use crate::components::scripts::{learn, script_name, take_flash, words::count_text};
use crate::components::server_list::{failed_row, message_row, page_count, settled_search, Pager};
use crate::i18n::{date, k, t, tr, with_data};
use crate::{api, draft::use_draft};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};
use std::sync::Arc;
use zstack_api::{GuestVmScriptInventory, QueryGuestVmScript};

#[component]
pub fn ScriptLibrary() -> impl IntoView {
    let query = use_query_map();
    let carried = Memo::new(move |_| {
        crate::pages::multi_run::selected_uuids(&query.read().get("vms").unwrap_or_default())
    });
    let suffix = move || carried.with(|c| carried_suffix(c));
    let search = use_draft("/scripts", "search", "");
    let page = RwSignal::new(0u32);
    let attempt = RwSignal::new(0u32);
    let debounced = settled_search(search, page);
    let key = Memo::new(move |_| (debounced.get(), page.get(), attempt.get()));
    let list = LocalResource::new(move || {
        let k = key.get();
        let request = QueryGuestVmScript::page(&k.0, k.1 * PAGE_SIZE, PAGE_SIZE);
        async move {
            let answer = api::call(&request).await;
            if let Ok(r) = &answer {
                learn(&r.inventories);
            }
            (k, answer.map(Arc::new))
        }
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
    // What the page before said (a script deleted).
    let said = take_flash();

    let body = move || {
        let loading_row = || message_row("4", k::scripts::LOADING);
        if loading.get() {
            return loading_row();
        }
        list.with(|l| match l {
            None => loading_row(),
            Some((_, Err(e))) => failed_row("4", e, k::scripts::LOAD_FAILED, attempt),
            Some(((searched, _, _), Ok(r))) if r.inventories.is_empty() => {
                let searched = searched.trim().to_owned();
                view! { <tr><td colspan="4" class="muted" data-testid="script-empty">{move || if searched.is_empty() {
                    vec![t(k::scripts::EMPTY).into_any()]
                } else {
                    with_data(t(k::scripts::NO_MATCH), &[("search", &searched)])
                }}</td></tr> }.into_any()
            }
            Some((_, Ok(r))) => r.inventories.iter()
                .map(|s| view! { <ScriptRow script=s.clone() suffix=suffix()/> })
                .collect_view().into_any(),
        })
    };

    view! {
        <section class="page">
            <h1>{tr(k::scripts::TITLE)}</h1>
            {said.map(|m| view! { <p role="status" class="alert alert--ok">{tr(m)}</p> })}
            <p class="muted">{tr(k::scripts::INTRO)}</p>
            {move || {
                let n = carried.with(Vec::len);
                (n > 0).then(|| view! {
                    <p class="alert alert--ok" data-testid="carried-vms">
                        {move || count_text(n, k::scripts::CARRIED_ONE, k::scripts::CARRIED)}
                    </p>
                })
            }}
            <div class="toolbar">
                <label for="script-search" class="visually-hidden">{tr(k::scripts::SEARCH_LABEL)}</label>
                <input id="script-search" type="search" aria-label=tr(k::scripts::SEARCH_LABEL)
                    placeholder=tr(k::scripts::SEARCH_PLACEHOLDER) data-shortcut="search" bind:value=search/>
                <span class="toolbar__count" role="status" data-testid="script-count">
                    {move || total().map(|n| count_text(n as usize, k::scripts::COUNT_ONE, k::scripts::COUNT))}
                </span>
                <A href=move || format!("/scripts/new{}", suffix()) attr:class="button button--primary">
                    {tr(k::scripts::NEW)}
                </A>
            </div>
            <table class="table" aria-busy=move || loading.get().to_string() aria-label=tr(k::scripts::TABLE)>
                <thead><tr>
                    <th scope="col">{tr(k::scripts::COL_NAME)}</th>
                    <th scope="col">{tr(k::scripts::COL_PLATFORM)}</th>
                    <th scope="col">{tr(k::scripts::COL_TYPE)}</th>
                    <th scope="col">{tr(k::scripts::COL_CHANGED)}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
            <Pager page=page pages=pages label=k::scripts::PAGES testid="script-page"/>
        </section>
    }
}

#[component]
fn ScriptRow(script: GuestVmScriptInventory, suffix: String) -> impl IntoView {
    let uuid = script.uuid.clone().unwrap_or_default();
    let name = script_name(&script);
    let description = script.description.clone().filter(|d| !d.is_empty());
    let value = |v: Option<String>| v.unwrap_or_else(|| "—".into());
    let changed = script.last_op_date.clone().or(script.create_date.clone());
    view! {
        <tr>
            // Names and descriptions are ZStack's data: text, never markup.
            <td>
                <A href=format!("/scripts/{uuid}{suffix}")><span translate="no">{name}</span></A>
                {description.map(|d| view! { <div class="muted small" translate="no">{d}</div> })}
            </td>
            <td translate="no">{value(script.platform.map(|p| p.to_string()))}</td>
            <td translate="no">{value(script.script_type.map(|p| p.to_string()))}</td>
            <td>{move || changed.as_ref().map(|ts| date(ts).unwrap_or_else(|| ts.0.clone())).unwrap_or_else(|| "—".into())}</td>
        </tr>
    }
}

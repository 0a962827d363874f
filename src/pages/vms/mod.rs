//! `/vms`: the VM list, searched, sorted and paged on the server, with each
//! VM's recorded guest-tools state, the fleet's "needs attention" and bulk
//! attach/detach of the tools ISO on the selection.

mod bulk;
mod fleet;
mod row;

use crate::{
    components::server_list::{failed_row, message_row, page_count, settled_search, Pager},
    components::vm_choice::uuids,
    config::refresh_secs,
    dom::page_hidden,
    draft::use_draft,
    i18n::{k, t, tf, tr, with_data},
};
use bulk::BulkPanel;
use fleet::{read_ids, read_page, read_states, ListKey, ToolsFilter};
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use leptos_router::components::A;
use row::VmRow;
use zstack_api::{Op, Query};

pub const PAGE_SIZE: u32 = 50;

/// The query for one page of the list.
pub fn list_query(search: &str, sort: &str, descending: bool, page: u32) -> Query {
    let mut q = Query::new()
        .limit(PAGE_SIZE)
        .start(page * PAGE_SIZE)
        .reply_with_count()
        .sort(sort, !descending);
    let text = search.trim();
    if !text.is_empty() {
        // `%` and `_` are LIKE wildcards; a user typing them means them literally
        // rarely enough that passing them through is the useful choice.
        q = q.cond("name", Op::Like, format!("%{text}%"));
    }
    q
}

#[component]
pub fn VmList() -> impl IntoView {
    let search = use_draft("/vms", "search", "");
    // Selected VMs for a multi-VM run, as a comma-separated list of UUIDs.
    let selected = use_draft("/vms", "selected", "");
    let filter = use_draft("/vms", "tools-filter", "all");
    let navigate = leptos_router::hooks::use_navigate();
    let sort = RwSignal::new("name".to_owned());
    let descending = RwSignal::new(false);
    let page = RwSignal::new(0u32);
    let attempt = RwSignal::new(0u32);
    let debounced = settled_search(search, page);

    let key = Memo::new(move |_| ListKey {
        search: debounced.get(),
        sort: sort.get(),
        descending: descending.get(),
        page: page.get(),
        filter: ToolsFilter::from_value(&filter.get()),
        attempt: attempt.get(),
    });
    // "Needs attention" reads the fleet's ids once per search, order and
    // attempt; a page change reuses them.
    let ids_key = Memo::new(move |_| {
        key.with(|k| {
            (k.filter == ToolsFilter::NeedsAttention).then(|| ListKey {
                page: 0,
                ..k.clone()
            })
        })
    });
    let ids = LocalResource::new(move || {
        let k = ids_key.get();
        async move {
            match k {
                Some(k) => Some(read_ids(&k).await),
                None => None,
            }
        }
    });
    // The latest query's answer wins. It keeps the key it answered, so the
    // list shows "Loading…" rather than the last answer's rows under a new
    // sort or page (a `<Transition>` would keep them). Shared as `Arc`.
    let list = LocalResource::new(move || {
        let k = key.get();
        async move {
            let ids = ids.await;
            let answer = read_page(&k, ids).await;
            (k, answer)
        }
    });
    let loading = Memo::new(move |_| {
        key.with(|k| list.with(|l| l.as_ref().is_none_or(|(answered, _)| answered != k)))
    });
    // The page's recorded states, in one call once its VMs are known; the
    // rows do not wait for it.
    let page_uuids = Memo::new(move |_| {
        list.with(|l| match l {
            Some((_, Ok(p))) => p.uuids(),
            _ => Vec::new(),
        })
    });
    let states = LocalResource::new(move || read_states(page_uuids.get()));
    live_refresh(ids, list, states);

    let sort_by = move |field: &'static str| {
        move |_| {
            if sort.get_untracked() == field {
                descending.update(|d| *d = !*d);
            } else {
                sort.set(field.to_owned());
                descending.set(false);
            }
            page.set(0);
        }
    };
    let aria_sort = move |field: &'static str| {
        move || match (sort.get() == field, descending.get()) {
            (false, _) => "none",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    };
    let total = move || {
        if loading.get() {
            return None;
        }
        list.with(|l| match l {
            Some((_, Ok(r))) => Some((r.total, r.of)),
            _ => None,
        })
    };
    let pages = move || total().map(|(t, _)| page_count(t, PAGE_SIZE));

    view! {
        <section class="page">
            <h1>{tr(k::vms::TITLE)}</h1>
            <div class="toolbar">
                <label for="vm-search" class="visually-hidden">{tr(k::vms::SEARCH_LABEL)}</label>
                <input id="vm-search" type="search" placeholder=tr(k::vms::SEARCH_PLACEHOLDER) aria-label=tr(k::vms::SEARCH_LABEL)
                    data-shortcut="search" bind:value=search/>
                <label for="vm-tools-filter">{tr(k::vms::TOOLS_FILTER)}</label>
                <select id="vm-tools-filter" prop:value=move || filter.get()
                    on:change=move |ev| { page.set(0); filter.set(event_target_value(&ev)); }>
                    <option value="all">{tr(k::vms::FILTER_ALL)}</option>
                    <option value="attention">{tr(k::vms::FILTER_ATTENTION)}</option>
                </select>
                <span class="toolbar__count" role="status" data-testid="vm-count">
                    {move || total().map(|(n, of)| match (n, of) {
                        (1, Some(all)) => tf(k::vms::ATTENTION_COUNT_ONE, &[("all", &all)]),
                        (n, Some(all)) => tf(k::vms::ATTENTION_COUNT, &[("count", &n), ("all", &all)]),
                        (1, None) => t(k::vms::COUNT_ONE).to_owned(),
                        (n, None) => tf(k::vms::COUNT, &[("count", &n)]),
                    })}
                </span>
                {move || {
                    let n = selected.with(|s| uuids(s).len());
                    let navigate = navigate.clone();
                    (n > 0).then(|| view! {
                        <A href=format!("/run?vms={}", selected.get()) attr:class="button button--primary">
                            {move || match n {
                                1 => t(k::vms::RUN_ON_SELECTED_ONE).to_owned(),
                                n => tf(k::vms::RUN_ON_SELECTED, &[("count", &n)]),
                            }}
                        </A>
                        // ZStack's own engine for more than a handful: the script library, the choice carried.
                        <button type="button" class="button"
                            on:click=move |_| navigate(&format!("/scripts?vms={}", selected.get_untracked()), Default::default())>
                            {tr(k::vms::RUN_SCRIPT)}
                        </button>
                        <button type="button" class="button" on:click=move |_| selected.set(String::new())>{tr(k::vms::CLEAR_SELECTION)}</button>
                    })
                }}
            </div>
            <BulkPanel selected=selected/>
            <table class="table" aria-busy=move || loading.get().to_string()>
                <thead>
                    <tr>
                        <th scope="col"><span id="vm-select-h" class="visually-hidden">{tr(k::vms::SELECT_COLUMN)}</span></th>
                        <th scope="col" aria-sort=aria_sort("name")>
                            <button type="button" class="th-button" on:click=sort_by("name")>{tr(k::vms::NAME)}</button>
                        </th>
                        <th scope="col" aria-sort=aria_sort("state")>
                            <button type="button" class="th-button" on:click=sort_by("state")>{tr(k::vms::STATE)}</button>
                        </th>
                        <th scope="col">{tr(k::vms::PLATFORM)}</th>
                        <th scope="col">{tr(k::vms::GUEST_OS)}</th>
                        <th scope="col">{tr(k::vms::IP)}</th>
                        <th scope="col">{tr(k::vms::TOOLS_COLUMN)}</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let loading_row = || message_row("7", k::vms::LOADING);
                        if loading.get() {
                            return loading_row();
                        }
                        list.with(|l| match l {
                            None => loading_row(),
                            Some((_, Err(e))) => failed_row("7", e, k::vms::LOAD_FAILED, attempt),
                            Some((answered, Ok(r))) if r.vms.is_empty() => {
                                let searched = answered.search.trim().to_owned();
                                let text = move || if searched.is_empty() {
                                    vec![t(k::vms::NONE).into_any()]
                                } else {
                                    // What was typed is shown as typed.
                                    with_data(t(k::vms::NO_MATCH), &[("search", &searched)])
                                };
                                view! { <tr><td colspan="7" class="muted" data-testid="vm-empty">{text}</td></tr> }.into_any()
                            }
                            Some((_, Ok(r))) => r.vms.iter().map(|vm| view! { <VmRow vm=vm.clone() selected=selected states=states/> }).collect_view().into_any(),
                        })
                    }}
                </tbody>
            </table>
            <Pager page=page pages=Signal::derive(pages) label=k::vms::PAGES testid="vm-page"/>
        </section>
    }
}

/// Reads the list and its states again every refresh period while the tab is
/// visible: selection, search and page stay as they are.
fn live_refresh<A: 'static, B: 'static, C: 'static>(
    ids: LocalResource<A>,
    list: LocalResource<B>,
    states: LocalResource<C>,
) {
    let hidden = page_hidden();
    let period = refresh_secs();
    let timer = StoredValue::new_local(None::<Timeout>);
    let cycles = RwSignal::new(0u32);
    Effect::new(move |_| {
        cycles.track();
        let next = (!hidden.get()).then(|| {
            Timeout::new(period * 1000, move || {
                if ids.is_disposed() {
                    return;
                }
                ids.refetch();
                // The list re-reads when the ids answer (it awaits them) and
                // itself otherwise; the states follow the list's uuids and are
                // read again too (a state changes without the uuids changing).
                list.refetch();
                states.refetch();
                cycles.update(|c| *c += 1);
            })
        });
        timer.set_value(next);
    });
    on_cleanup(move || {
        timer.try_update_value(|t| t.take());
    });
}

//! `/vms`: the VM list, searched, sorted and paged on the server.

use crate::{
    api,
    components::{alert::ErrorAlert, badge::VmStateBadge},
    draft::use_draft,
    i18n::{k, t, tf, tr, with_data},
};
use leptos::prelude::*;
use leptos_router::components::A;
use std::sync::Arc;
use zstack_api::{Op, Query, QueryVmInstance, VmInstanceInventory};

pub const PAGE_SIZE: u32 = 50;
const SEARCH_DEBOUNCE_MS: u64 = 300;

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

/// What the list shows: one page of a search in one order.
#[derive(Clone, Debug, PartialEq)]
struct ListKey {
    search: String,
    sort: String,
    descending: bool,
    page: u32,
    /// Bumped by "Try again" to repeat the same query.
    attempt: u32,
}

#[component]
pub fn VmList() -> impl IntoView {
    let search = use_draft("/vms", "search", "");
    // Selected VMs for a multi-VM run, as a comma-separated list of UUIDs.
    let selected = use_draft("/vms", "selected", "");
    let sort = RwSignal::new("name".to_owned());
    let descending = RwSignal::new(false);
    let page = RwSignal::new(0u32);
    let attempt = RwSignal::new(0u32);
    let debounced = RwSignal::new(search.get_untracked());

    // Typing waits for a pause before searching; a new search goes back to page 1.
    let mut settle = leptos::prelude::debounce(
        std::time::Duration::from_millis(SEARCH_DEBOUNCE_MS),
        move |text: String| {
            page.set(0);
            debounced.set(text);
        },
    );
    Effect::watch(
        move || search.get(),
        move |text, _, _| settle(text.clone()),
        false,
    );

    let key = Memo::new(move |_| ListKey {
        search: debounced.get(),
        sort: sort.get(),
        descending: descending.get(),
        page: page.get(),
        attempt: attempt.get(),
    });
    // The latest query's answer wins. It keeps the key it answered, so the
    // list shows "Loading…" rather than the last answer's rows under a new
    // sort or page (a `<Transition>` would keep them). Shared as `Arc`.
    let list = LocalResource::new(move || {
        let k = key.get();
        let query = list_query(&k.search, &k.sort, k.descending, k.page);
        async move {
            let answer = api::call(&QueryVmInstance { query }).await.map(Arc::new);
            (k, answer)
        }
    });
    let loading = Memo::new(move |_| {
        key.with(|k| list.with(|l| l.as_ref().is_none_or(|(answered, _)| answered != k)))
    });

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
            Some((_, Ok(r))) => Some(r.total.unwrap_or(r.inventories.len() as u64)),
            _ => None,
        })
    };
    let pages = move || total().map(|t| t.div_ceil(u64::from(PAGE_SIZE)).max(1) as u32);
    let retry = move |_| attempt.update(|n| *n += 1);

    view! {
        <section class="page">
            <h1>{tr(k::vms::TITLE)}</h1>
            <div class="toolbar">
                <label for="vm-search" class="visually-hidden">{tr(k::vms::SEARCH_LABEL)}</label>
                <input id="vm-search" type="search" placeholder=tr(k::vms::SEARCH_PLACEHOLDER) aria-label=tr(k::vms::SEARCH_LABEL)
                    data-shortcut="search" bind:value=search/>
                <span class="toolbar__count" role="status" data-testid="vm-count">
                    {move || total().map(|n| match n {
                        1 => t(k::vms::COUNT_ONE).to_owned(),
                        n => tf(k::vms::COUNT, &[("count", &n)]),
                    })}
                </span>
                {move || {
                    let n = selection(&selected.get()).len();
                    (n > 0).then(|| view! {
                        <A href=format!("/run?vms={}", selected.get()) attr:class="button button--primary">
                            {move || match n {
                                1 => t(k::vms::RUN_ON_SELECTED_ONE).to_owned(),
                                n => tf(k::vms::RUN_ON_SELECTED, &[("count", &n)]),
                            }}
                        </A>
                        <button type="button" class="button" on:click=move |_| selected.set(String::new())>{tr(k::vms::CLEAR_SELECTION)}</button>
                    })
                }}
            </div>
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
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let loading_row = || view! { <tr><td colspan="6" class="muted">{tr(k::vms::LOADING)}</td></tr> }.into_any();
                        if loading.get() {
                            return loading_row();
                        }
                        list.with(|l| match l {
                            None => loading_row(),
                            Some((_, Err(e))) => {
                                let e = e.clone();
                                view! {
                                    <tr><td colspan="6">
                                        <ErrorAlert error=Signal::derive(move || Some(e.clone())) what=k::vms::LOAD_FAILED/>
                                        <button type="button" class="button" on:click=retry>{tr(k::vms::TRY_AGAIN)}</button>
                                    </td></tr>
                                }.into_any()
                            }
                            Some((answered, Ok(r))) if r.inventories.is_empty() => {
                                let searched = answered.search.trim().to_owned();
                                let text = move || if searched.is_empty() {
                                    vec![t(k::vms::NONE).into_any()]
                                } else {
                                    // What was typed is shown as typed.
                                    with_data(t(k::vms::NO_MATCH), &[("search", &searched)])
                                };
                                view! { <tr><td colspan="6" class="muted" data-testid="vm-empty">{text}</td></tr> }.into_any()
                            }
                            Some((_, Ok(r))) => r.inventories.iter().map(|vm| view! { <VmRow vm=vm.clone() selected=selected/> }).collect_view().into_any(),
                        })
                    }}
                </tbody>
            </table>
            <nav class="pager" aria-label=tr(k::vms::PAGES)>
                <button type="button" class="button" disabled=move || page.get() == 0 on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>
                    {tr(k::vms::PREVIOUS_PAGE)}
                </button>
                <span data-testid="vm-page">
                    {move || pages().map(|n| tf(k::vms::PAGE_OF, &[("page", &(page.get() + 1)), ("pages", &n)]))}
                </span>
                <button type="button" class="button" disabled=move || pages().is_none_or(|n| page.get() + 1 >= n)
                    on:click=move |_| page.update(|p| *p += 1)>
                    {tr(k::vms::NEXT_PAGE)}
                </button>
            </nav>
        </section>
    }
}

/// The UUIDs in a comma-separated selection.
pub fn selection(list: &str) -> Vec<&str> {
    list.split(',').filter(|s| !s.is_empty()).collect()
}

fn toggle(list: &str, uuid: &str, on: bool) -> String {
    let mut v: Vec<&str> = selection(list).into_iter().filter(|u| *u != uuid).collect();
    if on {
        v.push(uuid);
    }
    v.join(",")
}

#[component]
fn VmRow(vm: VmInstanceInventory, selected: RwSignal<String>) -> impl IntoView {
    let uuid = vm.uuid.clone().unwrap_or_default();
    let name = vm
        .name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| uuid.clone());
    let ip = vm.default_ip().unwrap_or("—").to_owned();
    let (id_check, id_toggle) = (uuid.clone(), uuid.clone());
    // "Select web-01": the column's word and the name, which is data and so
    // cannot sit in an aria-label of ours.
    let name_id = format!("vm-name-{uuid}");
    let labelled_by = format!("vm-select-h {name_id}");
    view! {
        <tr>
            <td>
                <input type="checkbox" aria-labelledby=labelled_by
                    prop:checked=move || selection(&selected.get()).contains(&id_check.as_str())
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        selected.update(|s| *s = toggle(s, &id_toggle, on));
                    }/>
            </td>
            // Names, platforms, OS names and addresses are ZStack's data.
            <td><A href=format!("/vms/{uuid}")><span id=name_id translate="no">{name}</span></A></td>
            <td><VmStateBadge state=vm.state.clone()/></td>
            <td translate="no">{vm.platform.map(|p| p.to_string()).unwrap_or_else(|| "—".into())}</td>
            <td translate="no">{vm.guest_os_type.unwrap_or_else(|| "—".into())}</td>
            <td class="mono" translate="no">{ip}</td>
        </tr>
    }
}

//! Choosing VMs for a run: a search by name, paged on the server, with a
//! checkbox per VM. The choice is a comma-separated list of UUIDs.

use crate::components::server_list::{failed_row, message_row, page_count, settled_search, Pager};
use crate::components::vm_choice::ChoiceCells;
use crate::i18n::{k, t, tr, with_data};
use crate::{api, dom::next_id};
use leptos::prelude::*;
use std::sync::Arc;
use zstack_api::{Op, Query, QueryVmInstance, VmInstanceInventory};

const PAGE_SIZE: u32 = 20;

#[component]
pub fn VmPicker(
    /// The chosen VMs' UUIDs, comma-separated.
    selected: RwSignal<String>,
) -> impl IntoView {
    let search = RwSignal::new(String::new());
    let page = RwSignal::new(0u32);
    let attempt = RwSignal::new(0u32);
    let debounced = settled_search(search, page);
    let key = Memo::new(move |_| (debounced.get(), page.get(), attempt.get()));
    let list = LocalResource::new(move || {
        let k = key.get();
        let mut query = Query::new()
            .limit(PAGE_SIZE)
            .start(k.1 * PAGE_SIZE)
            .reply_with_count()
            .sort("name", true);
        let text = k.0.trim();
        if !text.is_empty() {
            query = query.cond("name", Op::Like, format!("%{text}%"));
        }
        async move { (k, api::call(&QueryVmInstance { query }).await.map(Arc::new)) }
    });
    let loading =
        Memo::new(move |_| key.with(|k| list.with(|l| l.as_ref().is_none_or(|(a, _)| a != k))));
    let pages = Signal::derive(move || {
        list.with(|l| match l {
            Some((_, Ok(r))) if !loading.get() => {
                let total = r.total.unwrap_or(r.inventories.len() as u64);
                Some(page_count(total, PAGE_SIZE))
            }
            _ => None,
        })
    });
    let select_h = next_id("vm-pick-h");
    let search_id = next_id("vm-pick-search");
    let rows = {
        let select_h = select_h.clone();
        move || {
            if loading.get() {
                return message_row("4", k::script_run::VMS_LOADING);
            }
            let select_h = select_h.clone();
            list.with(move |l| match l {
                None => ().into_any(),
                Some((_, Err(e))) => failed_row("4", e, k::script_run::VMS_FAILED, attempt),
                Some(((searched, _, _), Ok(r))) if r.inventories.is_empty() => {
                    let searched = searched.trim().to_owned();
                    view! { <tr><td colspan="4" class="muted">{move || if searched.is_empty() {
                        vec![t(k::script_run::NO_VMS).into_any()]
                    } else {
                        with_data(t(k::script_run::NO_VM_MATCH), &[("search", &searched)])
                    }}</td></tr> }.into_any()
                }
                Some((_, Ok(r))) => r.inventories.iter()
                    .map(|vm| view! { <PickRow vm=vm.clone() selected=selected select_h=select_h.clone()/> })
                    .collect_view().into_any(),
            })
        }
    };
    view! {
        <div class="toolbar">
            <label for=search_id.clone() class="visually-hidden">{tr(k::script_run::SEARCH_VMS)}</label>
            <input id=search_id type="search" aria-label=tr(k::script_run::SEARCH_VMS)
                placeholder=tr(k::script_run::SEARCH_VMS_PLACEHOLDER) bind:value=search/>
        </div>
        <table class="table" aria-busy=move || loading.get().to_string() aria-label=tr(k::script_run::VMS_TABLE)>
            <thead><tr>
                <th scope="col"><span id=select_h class="visually-hidden">{tr(k::script_run::SELECT)}</span></th>
                <th scope="col">{tr(k::script_run::COL_VM)}</th>
                <th scope="col">{tr(k::script_run::COL_STATE)}</th>
                <th scope="col">{tr(k::script_run::COL_PLATFORM)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <Pager page=page pages=pages label=k::script_run::VM_PAGES testid="script-vm-page"/>
    }
}

#[component]
fn PickRow(vm: VmInstanceInventory, selected: RwSignal<String>, select_h: String) -> impl IntoView {
    view! { <tr><ChoiceCells vm=vm selected=selected select_h=select_h/></tr> }
}

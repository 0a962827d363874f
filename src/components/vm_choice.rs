//! Choosing VMs among a list (the VM list's selection, a script's VM
//! picker): the choice is a comma-separated list of UUIDs, kept as a draft,
//! and each row starts with the same cells.

use crate::components::badge::VmStateBadge;
use crate::dom::next_id;
use leptos::prelude::*;
use leptos_router::components::A;
use zstack_api::VmInstanceInventory;

/// The UUIDs of a comma-separated choice.
pub fn uuids(list: &str) -> Vec<&str> {
    list.split(',').filter(|s| !s.is_empty()).collect()
}

/// The choice with `uuid` added or taken out, order kept.
pub fn toggled(list: &str, uuid: &str, on: bool) -> String {
    let mut v: Vec<&str> = uuids(list).into_iter().filter(|u| *u != uuid).collect();
    if on {
        v.push(uuid);
    }
    v.join(",")
}

/// A row's first cells: the checkbox, the name (a link to the VM's page),
/// the state and the platform.
#[component]
pub fn ChoiceCells(
    vm: VmInstanceInventory,
    selected: RwSignal<String>,
    /// The id of the column heading that says "Select".
    select_h: String,
) -> impl IntoView {
    let uuid = vm.uuid.clone().unwrap_or_default();
    let name = vm
        .name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| uuid.clone());
    // "Select web-01": our word and the name, which is data and so is
    // referenced rather than written into an aria-label of ours.
    let name_id = next_id("vm-choice-name");
    let labelled_by = format!("{select_h} {name_id}");
    let (id_check, id_toggle) = (uuid.clone(), uuid.clone());
    view! {
        <td>
            <input type="checkbox" aria-labelledby=labelled_by
                prop:checked=move || selected.with(|s| uuids(s).contains(&id_check.as_str()))
                on:change=move |ev| {
                    let on = event_target_checked(&ev);
                    selected.update(|s| *s = toggled(s, &id_toggle, on));
                }/>
        </td>
        // Names and platforms are ZStack's data.
        <td><A href=format!("/vms/{uuid}")><span id=name_id translate="no">{name}</span></A></td>
        <td><VmStateBadge state=vm.state.clone()/></td>
        <td translate="no">{vm.platform.map(|p| p.to_string()).unwrap_or_else(|| "—".into())}</td>
    }
}

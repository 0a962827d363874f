//! `/vms/{uuid}`: one VM.

use crate::{api, components::{alert::ErrorAlert, badge::VmStateBadge}};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use zstack_api::{ApiError, QueryVmInstance, VmInstanceInventory};

#[derive(Clone)]
enum VmLoad {
    Loading,
    Found(Box<VmInstanceInventory>),
    NotFound,
    Failed(ApiError),
}

#[component]
pub fn VmDetail() -> impl IntoView {
    let params = use_params_map();
    let uuid = Memo::new(move |_| params.read().get("uuid").unwrap_or_default());
    let vm = RwSignal::new(VmLoad::Loading);

    Effect::new(move |_| {
        let id = uuid.get();
        if zstack_api::validate::uuid(&id).is_err() {
            vm.set(VmLoad::NotFound);
            return;
        }
        vm.set(VmLoad::Loading);
        leptos::task::spawn_local(async move {
            let result = api::call(&QueryVmInstance::by_uuid(&id)).await;
            if uuid.get_untracked() != id {
                return;
            }
            vm.set(match result {
                Ok(r) => r.inventories.into_iter().next().map(|v| VmLoad::Found(Box::new(v))).unwrap_or(VmLoad::NotFound),
                Err(e) => VmLoad::Failed(e),
            });
        });
    });

    view! {
        <section class="page">
            {move || match vm.get() {
                VmLoad::Loading => view! { <p class="muted">"Loading the VM…"</p> }.into_any(),
                VmLoad::NotFound => view! {
                    <h1>"VM not found"</h1>
                    <p>{format!("ZStack has no VM with the UUID “{}”.", uuid.get())}</p>
                }.into_any(),
                VmLoad::Failed(e) => view! {
                    <h1>"VM"</h1>
                    <ErrorAlert error=Signal::derive(move || Some(e.clone())) what="Could not load the VM"/>
                }.into_any(),
                VmLoad::Found(v) => view! {
                    <h1>{v.name.clone().unwrap_or_default()}</h1>
                    <p>"State: " <VmStateBadge state=v.state.clone() testid="vm-state"/></p>
                }.into_any(),
            }}
        </section>
    }
}

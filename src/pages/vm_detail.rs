//! `/vms/{uuid}`: one VM. Every read starts at once, in parallel, and each
//! section shows its own loading and error state.

use crate::{
    api,
    components::{
        alert::ErrorAlert, console::CommandConsole, guest_tools::GuestToolsPanel,
        iso_picker::IsoPanel, vm_summary::VmSummary,
    },
    i18n::{k, t, tr, with_data},
    load::{spawn_into, Load},
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};
use zstack_api::{
    ApiError, GetCandidateIsoForAttachingVm, GetVmGuestToolsInfo, GuestToolsStateInventory,
    ImageInventory, Op, Query, QueryGuestToolsState, QueryVmInstance, UpdateGuestToolsState,
    VmGuestToolsInfo, VmInstanceInventory,
};

/// Everything the page reads about one VM, shared by its sections.
#[derive(Clone, Copy)]
pub struct VmData {
    pub uuid: Signal<String>,
    pub vm: RwSignal<Load<Option<VmInstanceInventory>>>,
    pub info: RwSignal<Load<VmGuestToolsInfo>>,
    pub state: RwSignal<Load<Option<GuestToolsStateInventory>>>,
    pub candidates: RwSignal<Load<Vec<ImageInventory>>>,
}

impl VmData {
    pub fn reload_vm(&self) {
        spawn_into(
            self.vm,
            QueryVmInstance::by_uuid(&self.uuid.get_untracked()),
            true,
            first,
        );
    }

    pub fn reload_candidates(&self) {
        let ep = GetCandidateIsoForAttachingVm {
            vm_instance_uuid: self.uuid.get_untracked(),
        };
        spawn_into(self.candidates, ep, true, |r| r.inventories);
    }

    /// Re-reads the tools info and recorded state (the periodic refresh).
    pub fn reload_tools(&self, keep: bool) {
        let uuid = self.uuid.get_untracked();
        spawn_into(
            self.info,
            GetVmGuestToolsInfo { uuid: uuid.clone() },
            keep,
            |r| r,
        );
        load_tools_state(self.state, uuid, keep);
    }

    pub fn vm_now(&self) -> Option<VmInstanceInventory> {
        self.vm.with(|l| l.ready().cloned().flatten())
    }
}

fn first(r: zstack_api::VmQueryReply) -> Option<VmInstanceInventory> {
    r.inventories.into_iter().next()
}

/// QueryGuestToolsState reads what ZStack recorded; releases without
/// `/guesttools` answer 404, and then UpdateGuestToolsState asks the guest.
pub fn load_tools_state(
    into: RwSignal<Load<Option<GuestToolsStateInventory>>>,
    uuid: String,
    keep: bool,
) {
    if !keep || !matches!(into.get_untracked(), Load::Ready(_)) {
        into.set(Load::Loading);
    }
    leptos::task::spawn_local(async move {
        let query = Query::new().cond("vmInstanceUuid", Op::Eq, uuid.clone());
        let result = match api::call(&QueryGuestToolsState { query }).await {
            Ok(r) => Ok(r.inventories.into_iter().next()),
            Err(ApiError::Rest { status: 404, .. }) => api::call(&UpdateGuestToolsState {
                vm_instance_uuid: uuid,
            })
            .await
            .map(|r| r.inventory),
            Err(e) => Err(e),
        };
        let _ = into.try_set(match result {
            Ok(s) => Load::Ready(s),
            Err(e) => Load::Failed(e),
        });
    });
}

#[component]
pub fn VmDetail() -> impl IntoView {
    let params = use_params_map();
    let uuid = Memo::new(move |_| params.read().get("uuid").unwrap_or_default());
    let valid = Memo::new(move |_| zstack_api::validate::uuid(&uuid.get()).is_ok());
    let data = VmData {
        uuid: uuid.into(),
        vm: RwSignal::new(Load::Loading),
        info: RwSignal::new(Load::Loading),
        state: RwSignal::new(Load::Loading),
        candidates: RwSignal::new(Load::Loading),
    };
    provide_context(data);

    // All reads in parallel as soon as the route resolves; none for a malformed UUID.
    Effect::new(move |_| {
        if !valid.get() {
            return;
        }
        let id = uuid.get();
        spawn_into(data.vm, QueryVmInstance::by_uuid(&id), false, first);
        spawn_into(
            data.info,
            GetVmGuestToolsInfo { uuid: id.clone() },
            false,
            |r| r,
        );
        load_tools_state(data.state, id.clone(), false);
        spawn_into(
            data.candidates,
            GetCandidateIsoForAttachingVm {
                vm_instance_uuid: id,
            },
            false,
            |r| r.inventories,
        );
    });

    let heading = move || match data.vm.get() {
        Load::Ready(Some(vm)) => {
            let name = vm
                .name
                .filter(|n| !n.is_empty())
                .or(vm.uuid)
                .unwrap_or_default();
            view! { <span translate="no">{name}</span> }.into_any()
        }
        Load::Ready(None) => t(k::vm_detail::NOT_FOUND).into_any(),
        Load::Loading => t(k::vm_detail::LOADING).into_any(),
        Load::Failed(_) => {
            with_data(t(k::vm_detail::HEADING_FAILED), &[("uuid", &uuid.get())]).into_any()
        }
    };

    view! {
        <section class="page">
            <p class="breadcrumb"><A href="/vms">{tr(k::vms::TITLE)}</A></p>
            <Show
                when=move || valid.get()
                fallback=move || view! {
                    <h1>{tr(k::vm_detail::NOT_FOUND)}</h1>
                    <p role="alert" class="alert alert--error">
                        {move || with_data(t(k::vm_detail::BAD_UUID), &[("uuid", &uuid.get())])}
                    </p>
                }
            >
                <h1>{heading}</h1>
                {move || match data.vm.get() {
                    Load::Ready(None) => view! {
                        <p role="alert" class="alert alert--error">
                            {move || with_data(t(k::vm_detail::GONE), &[("uuid", &uuid.get())])}
                        </p>
                    }.into_any(),
                    Load::Failed(e) => view! {
                        <ErrorAlert error=Signal::derive(move || Some(e.clone())) what=k::vm_detail::LOAD_FAILED/>
                        <button type="button" class="button" on:click=move |_| data.reload_vm()>{tr(k::vm_detail::TRY_AGAIN)}</button>
                    }.into_any(),
                    _ => ().into_any(),
                }}
                <div class="detail-grid">
                    <div class="detail-main">
                        <GuestToolsPanel/>
                        <CommandConsole/>
                    </div>
                    <div class="detail-side">
                        <VmSummary/>
                        <IsoPanel/>
                    </div>
                </div>
            </Show>
        </section>
    }
}

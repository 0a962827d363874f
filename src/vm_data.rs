//! Everything the VM page reads about one VM, shared by its sections: each
//! read a `LocalResource` (the latest answer wins), and the guest-tools
//! assessment computed once from them, so no section depends on another
//! having been created first.

use crate::{
    api,
    load::{Loaded, LoadedExt},
};
use leptos::prelude::*;
use std::{future::Future, sync::Arc};
use zstack_api::{
    reason::{assess, Assessment, ToolsPicture},
    ApiError, GetCandidateIsoForAttachingVm, GetVmGuestToolsInfo, GuestToolsStateInventory,
    ImageInventory, Op, Query, QueryGuestToolsState, QueryVmInstance, UpdateGuestToolsState,
    VmGuestToolsInfo, VmInstanceInventory,
};

#[derive(Clone, Copy)]
pub struct VmData {
    pub uuid: Signal<String>,
    /// `Ok(None)`: ZStack knows no such VM.
    pub vm: LocalResource<Result<Option<VmInstanceInventory>, ApiError>>,
    pub info: LocalResource<Result<VmGuestToolsInfo, ApiError>>,
    /// `Ok(None)`: ZStack has recorded no guest-tools state for the VM.
    pub state: LocalResource<Result<Option<GuestToolsStateInventory>, ApiError>>,
    pub candidates: LocalResource<Result<Arc<[ImageInventory]>, ApiError>>,
    /// What can be done with the guest tools now; `None` until the VM is known.
    pub assessment: Memo<Option<Assessment>>,
}

impl VmData {
    /// Starts every read of the VM at once, in parallel.
    pub fn new(uuid: String) -> VmData {
        let vm = reader(&uuid, read_vm);
        let info = reader(&uuid, read_info);
        let state = reader(&uuid, read_tools_state);
        let candidates = reader(&uuid, read_candidates);
        Self::assemble(uuid, vm, info, state, candidates)
    }

    /// A page whose answers are known already (a test's, or reads made
    /// before the page existed): nothing is asked again until a refresh.
    pub fn from_answers(
        uuid: String,
        vm: Result<Option<VmInstanceInventory>, ApiError>,
        info: Result<VmGuestToolsInfo, ApiError>,
        state: Result<Option<GuestToolsStateInventory>, ApiError>,
        candidates: Result<Arc<[ImageInventory]>, ApiError>,
    ) -> VmData {
        fn answered<T: Clone + 'static>(v: T) -> LocalResource<T> {
            LocalResource::new(move || std::future::ready(v.clone()))
        }
        Self::assemble(
            uuid,
            answered(vm),
            answered(info),
            answered(state),
            answered(candidates),
        )
    }

    fn assemble(
        uuid: String,
        vm: LocalResource<Result<Option<VmInstanceInventory>, ApiError>>,
        info: LocalResource<Result<VmGuestToolsInfo, ApiError>>,
        state: LocalResource<Result<Option<GuestToolsStateInventory>, ApiError>>,
        candidates: LocalResource<Result<Arc<[ImageInventory]>, ApiError>>,
    ) -> VmData {
        let assessment = Memo::new(move |_| {
            vm.with(|vm| {
                let vm = vm.ready()?.as_ref()?;
                info.with(|info| {
                    state.with(|state| {
                        let info = info.ready();
                        let state = state.ready().and_then(Option::as_ref);
                        Some(assess(&ToolsPicture {
                            vm_state: vm.state.as_ref(),
                            tools_status: info.and_then(|i| i.status.as_ref()),
                            tools_version: info
                                .and_then(|i| i.version.as_deref())
                                .or(state.and_then(|s| s.version.as_deref())),
                            qga: state.and_then(|s| s.qga_state.as_ref()),
                            zwatch: state.and_then(|s| s.zwatch_state.as_ref()),
                            latest_version: None,
                        }))
                    })
                })
            })
        });
        VmData {
            uuid: Signal::stored(uuid),
            vm,
            info,
            state,
            candidates,
            assessment,
        }
    }

    /// The VM as last read, if it exists.
    pub fn vm_now(&self) -> Option<VmInstanceInventory> {
        self.vm.with(|l| l.ready().cloned().flatten())
    }

    /// The VM as an action's reply returned it: no second read.
    pub fn set_vm(&self, vm: VmInstanceInventory) {
        self.vm.set(Some(Ok(Some(vm))));
    }

    /// Reads the tools info and recorded state again, both at once, and
    /// shows both answers together. `false` when either read failed: one
    /// refresh cycle is one outcome, however many reads it made.
    pub async fn refresh_tools(self) -> bool {
        let uuid = self.uuid.get_untracked();
        let (info, state) =
            futures::future::join(read_info(uuid.clone()), read_tools_state(uuid)).await;
        let ok = info.is_ok() && state.is_ok();
        // The page may be gone by now.
        if !self.info.is_disposed() {
            self.info.set(Some(info));
            self.state.set(Some(state));
        }
        ok
    }
}

/// A resource that reads one thing about the VM.
fn reader<T: 'static, F: Future<Output = T> + 'static>(
    uuid: &str,
    read: fn(String) -> F,
) -> LocalResource<T> {
    let uuid = uuid.to_owned();
    LocalResource::new(move || read(uuid.clone()))
}

async fn read_vm(uuid: String) -> Result<Option<VmInstanceInventory>, ApiError> {
    let reply = api::call(&QueryVmInstance::by_uuid(&uuid)).await?;
    Ok(reply.inventories.into_iter().next())
}

async fn read_candidates(uuid: String) -> Result<Arc<[ImageInventory]>, ApiError> {
    let ep = GetCandidateIsoForAttachingVm {
        vm_instance_uuid: uuid,
    };
    api::call(&ep).await.map(|r| r.inventories.into())
}

async fn read_info(uuid: String) -> Result<VmGuestToolsInfo, ApiError> {
    api::call(&GetVmGuestToolsInfo { uuid }).await
}

/// QueryGuestToolsState reads what ZStack recorded; releases without
/// `/guesttools` answer 404, and then UpdateGuestToolsState asks the guest.
pub async fn read_tools_state(uuid: String) -> Result<Option<GuestToolsStateInventory>, ApiError> {
    let query = Query::new().cond("vmInstanceUuid", Op::Eq, uuid.clone());
    match api::call(&QueryGuestToolsState { query }).await {
        Ok(r) => Ok(r.inventories.into_iter().next()),
        Err(ApiError::Rest { status: 404, .. }) => api::call(&UpdateGuestToolsState {
            vm_instance_uuid: uuid,
        })
        .await
        .map(|r| r.inventory),
        Err(e) => Err(e),
    }
}

/// `Loaded` values that sections read: the VM, or nothing.
pub fn vm_of(l: &Loaded<Option<VmInstanceInventory>>) -> Option<&VmInstanceInventory> {
    l.ready().and_then(Option::as_ref)
}

//! Everything the VM page reads about one VM, shared by its sections: each
//! read a `LocalResource` (the latest answer wins), and the guest-tools
//! assessment computed once from them, so no section depends on another
//! having been created first.

use crate::{
    api,
    iso_names::{use_iso_names, IsoNames},
    load::{Loaded, LoadedExt},
};
use leptos::prelude::*;
use std::{future::Future, sync::Arc};
use zstack_api::{
    lifecycle::{upgrade_status, Upgrade},
    prefetch,
    reason::{assess, Assessment, ToolsPicture},
    ApiError, GetCandidateIsoForAttachingVm, GetLatestGuestToolsForVm, GetVmGuestToolsInfo,
    GetVmQga, GuestToolsInventory, GuestToolsStateInventory, ImageInventory, UpdateGuestToolsState,
    VmGuestToolsInfo, VmInstanceInventory,
};

type Read<T> = LocalResource<Result<T, ApiError>>;

#[derive(Clone, Copy)]
pub struct VmData {
    pub uuid: Signal<String>,
    /// `Ok(None)`: ZStack knows no such VM.
    pub vm: LocalResource<Result<Option<VmInstanceInventory>, ApiError>>,
    pub info: LocalResource<Result<VmGuestToolsInfo, ApiError>>,
    /// `Ok(None)`: ZStack has recorded no guest-tools state for the VM.
    pub state: LocalResource<Result<Option<GuestToolsStateInventory>, ApiError>>,
    pub candidates: LocalResource<Result<Arc<[ImageInventory]>, ApiError>>,
    /// GetLatestGuestToolsForVm: `Ok(Some)` is ZStack's offer of newer tools.
    pub latest: Read<Option<GuestToolsInventory>>,
    /// GetVmQga: whether ZStack talks to the guest agent (the VM's switch).
    pub qga_enabled: Read<Option<bool>>,
    /// What can be done with the guest tools now; `None` until the VM is known.
    pub assessment: Memo<Option<Assessment>>,
    /// The newer tools ZStack offers, if it could say.
    pub upgrade: Memo<Option<Upgrade>>,
    /// When GetVmGuestToolsInfo last answered (ms since the epoch).
    pub info_read_at: RwSignal<Option<f64>>,
    pub iso_names: IsoNames,
}

/// Every answer of the page, for [`VmData::from_answers`].
pub struct Answers {
    pub vm: Result<Option<VmInstanceInventory>, ApiError>,
    pub info: Result<VmGuestToolsInfo, ApiError>,
    pub state: Result<Option<GuestToolsStateInventory>, ApiError>,
    pub candidates: Result<Arc<[ImageInventory]>, ApiError>,
    pub latest: Result<Option<GuestToolsInventory>, ApiError>,
    pub qga_enabled: Result<Option<bool>, ApiError>,
}

impl VmData {
    /// Starts every read of the VM at once, in parallel.
    pub fn new(uuid: String) -> VmData {
        crate::prefetch::forget_rest_soon();
        Self::assemble(
            uuid.clone(),
            reader(&uuid, read_vm),
            reader(&uuid, read_info),
            reader(&uuid, read_tools_state),
            reader(&uuid, read_candidates),
            reader(&uuid, read_latest),
            reader(&uuid, read_qga),
        )
    }

    /// A page whose answers are known already (a test's, or reads made
    /// before the page existed): nothing is asked again until a refresh.
    pub fn from_answers(uuid: String, a: Answers) -> VmData {
        fn answered<T: Clone + 'static>(v: T) -> LocalResource<T> {
            LocalResource::new(move || std::future::ready(v.clone()))
        }
        Self::assemble(
            uuid,
            answered(a.vm),
            answered(a.info),
            answered(a.state),
            answered(a.candidates),
            answered(a.latest),
            answered(a.qga_enabled),
        )
    }

    fn assemble(
        uuid: String,
        vm: Read<Option<VmInstanceInventory>>,
        info: Read<VmGuestToolsInfo>,
        state: Read<Option<GuestToolsStateInventory>>,
        candidates: Read<Arc<[ImageInventory]>>,
        latest: Read<Option<GuestToolsInventory>>,
        qga_enabled: Read<Option<bool>>,
    ) -> VmData {
        let upgrade = Memo::new(move |_| {
            latest.with(|l| {
                l.as_ref()
                    .map(|r| upgrade_status(r.as_ref().map(Option::as_ref)))
            })
        });
        let assessment = Memo::new(move |_| {
            let offered = upgrade.with(|u| matches!(u, Some(Upgrade::Available { .. })));
            let latest_version = upgrade.with(|u| match u {
                Some(Upgrade::Available { version }) => version.clone(),
                _ => None,
            });
            let enabled = qga_enabled.with(|l| l.ready().copied().flatten());
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
                            latest_version: latest_version.as_deref(),
                            upgrade_offered: offered,
                            qga_enabled: enabled,
                        }))
                    })
                })
            })
        });
        let info_read_at = RwSignal::new(None);
        // Every answer of GetVmGuestToolsInfo, whoever asked: the panel says how old it is.
        Effect::new(move |_| {
            if info.with(|l| l.is_some()) {
                info_read_at.set(Some(js_sys::Date::now()));
            }
        });
        VmData {
            uuid: Signal::stored(uuid),
            vm,
            info,
            state,
            candidates,
            latest,
            qga_enabled,
            assessment,
            upgrade,
            info_read_at,
            iso_names: use_iso_names(vm),
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

    /// Reads the VM again (after a job whose reply carries nothing);
    /// a failed read keeps what was shown.
    pub async fn reread_vm(self) {
        if let Ok(Some(vm)) = read_vm(self.uuid.get_untracked()).await {
            if !self.vm.is_disposed() {
                self.set_vm(vm);
            }
        }
    }

    /// Reads what ZStack recorded about the tools (a database read): what
    /// the background refresh asks, never the guest itself.
    pub async fn refresh_state(self) -> bool {
        let state = read_tools_state(self.uuid.get_untracked()).await;
        let ok = state.is_ok();
        let _ = self.state.try_set(Some(state));
        ok
    }

    /// Asks ZStack again whether newer tools exist (after an install).
    pub async fn refresh_latest(self) {
        let latest = read_latest(self.uuid.get_untracked()).await;
        let _ = self.latest.try_set(Some(latest));
    }

    /// Reads the VM's agent switch again (after SetVmQga).
    pub async fn refresh_qga(self) {
        let qga = read_qga(self.uuid.get_untracked()).await;
        let _ = self.qga_enabled.try_set(Some(qga));
    }

    /// Reads the tools info (which runs commands inside a Linux guest) and
    /// the recorded state again, both at once, and shows both answers together. `false` when either read failed: one
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
    let reply = api::call(&prefetch::vm(&uuid)).await?;
    Ok(reply.inventories.into_iter().next())
}

async fn read_candidates(uuid: String) -> Result<Arc<[ImageInventory]>, ApiError> {
    let ep = GetCandidateIsoForAttachingVm {
        vm_instance_uuid: uuid,
    };
    api::call(&ep).await.map(|r| r.inventories.into())
}

async fn read_latest(uuid: String) -> Result<Option<GuestToolsInventory>, ApiError> {
    api::call(&GetLatestGuestToolsForVm { uuid })
        .await
        .map(|r| r.inventory)
}

async fn read_qga(uuid: String) -> Result<Option<bool>, ApiError> {
    api::call(&GetVmQga { uuid }).await.map(|r| r.enable)
}

async fn read_info(uuid: String) -> Result<VmGuestToolsInfo, ApiError> {
    api::call(&GetVmGuestToolsInfo { uuid }).await
}

/// QueryGuestToolsState reads what ZStack recorded; releases without
/// `/guesttools` answer 404, and then UpdateGuestToolsState asks the guest.
pub async fn read_tools_state(uuid: String) -> Result<Option<GuestToolsStateInventory>, ApiError> {
    // The URL boot.js may have asked for already (zstack_api::prefetch).
    match api::call(&prefetch::tools_state(&uuid)).await {
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

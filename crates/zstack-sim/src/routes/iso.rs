//! QueryImage, GetCandidateIsoForAttachingVm, AttachIsoToVmInstance and DetachIsoFromVmInstance.

use super::{jobs, query, Ctx, SyncResult};
use crate::clock::ts_now;
use crate::jobs::Outcome;
use crate::reply::{to_wire, Fail};
use axum::response::Response;
use std::borrow::Cow;
use zstack_api::{
    ImageBackupStorageRefInventory, ImageInventory, IsoCandidatesReply, VmInventoryReply,
};

/// GET /images and /images/{uuid}.
pub fn query(ctx: &Ctx, uuid: Option<&str>) -> SyncResult {
    let prototype = ImageInventory {
        backup_storage_refs: vec![ImageBackupStorageRefInventory::default()],
        ..Default::default()
    };
    query::answer(ctx, uuid, "ImageInventory", "uuid", prototype, |w, keys| {
        w.images
            .iter()
            .filter(|i| keys.wants(i.uuid.as_deref().unwrap_or_default()))
            .map(Cow::Borrowed)
            .collect()
    })
}

/// GET /vm-instances/{uuid}/iso-candidates.
pub fn candidates(ctx: &Ctx, vm: &str) -> SyncResult {
    ctx.authorize()?;
    let reply = IsoCandidatesReply {
        inventories: ctx.sim.world().iso_candidates(vm)?,
        total: None,
    };
    Ok(Outcome::Done(to_wire(&reply)))
}

fn vm_reply(inventory: zstack_api::VmInstanceInventory) -> Outcome {
    Outcome::Done(to_wire(&VmInventoryReply {
        inventory: Some(inventory),
    }))
}

/// POST /vm-instances/{vm}/iso/{iso} (async): `{"inventory": VmInstanceInventory}`.
pub fn attach(ctx: &Ctx, vm: &str, iso: &str) -> Result<Response, Fail> {
    ctx.param("params")?;
    let (vm, iso) = (vm.to_owned(), iso.to_owned());
    jobs::accept(ctx, move |job| async move {
        let inv = job.world()?.attach_iso(&vm, &iso, &ts_now())?;
        Ok(vm_reply(inv))
    })
}

/// DELETE /vm-instances/{vm}/iso?isoUuid=... (async): `{"inventory": VmInstanceInventory}`.
pub fn detach(ctx: &Ctx, vm: &str) -> Result<Response, Fail> {
    let vm = vm.to_owned();
    let iso = ctx.query_value("isoUuid").map(str::to_owned);
    jobs::accept(ctx, move |job| async move {
        let inv = job.world()?.detach_iso(&vm, iso.as_deref(), &ts_now())?;
        Ok(vm_reply(inv))
    })
}

//! QueryVmInstance: `GET /vm-instances` and `GET /vm-instances/{uuid}`.

use super::{query, Ctx, SyncResult};
use std::borrow::Cow;
use zstack_api::{VmCdRomInventory, VmInstanceInventory, VmNicInventory, VolumeInventory};

pub fn query(ctx: &Ctx, uuid: Option<&str>) -> SyncResult {
    let old = ctx.sim.runtime().old_release;
    query::answer(
        ctx,
        uuid,
        "VmInstanceInventory",
        "uuid",
        prototype(old),
        |w, keys| {
            w.vms
                .iter()
                .filter(|v| keys.wants(v.uuid()))
                .map(|v| Cow::Borrowed(&v.inv))
                .collect()
        },
    )
}

/// Every field of a VM inventory, lists holding one element (see [`query::run`]).
fn prototype(old_release: bool) -> VmInstanceInventory {
    VmInstanceInventory {
        vm_nics: vec![VmNicInventory::default()],
        all_volumes: vec![VolumeInventory::default()],
        vm_cd_roms: vec![cdrom_prototype(old_release)],
        ..Default::default()
    }
}

/// A drive with every field; `occupant` only where the release has it.
pub fn cdrom_prototype(old_release: bool) -> VmCdRomInventory {
    VmCdRomInventory {
        occupant: (!old_release).then(String::new),
        ..Default::default()
    }
}

//! QueryVmInstance: `GET /vm-instances` and `GET /vm-instances/{uuid}`.

use super::{query, Ctx, SyncResult};
use zstack_api::{VmCdRomInventory, VmInstanceInventory, VmNicInventory, VolumeInventory};

pub fn query(ctx: &Ctx, uuid: Option<&str>) -> SyncResult {
    query::answer(ctx, uuid, "VmInstanceInventory", prototype(), |w| {
        w.vms.iter().map(|v| v.inv.clone()).collect()
    })
}

/// Every field of a VM inventory, lists holding one element (see [`query::run`]).
fn prototype() -> VmInstanceInventory {
    VmInstanceInventory {
        vm_nics: vec![VmNicInventory::default()],
        all_volumes: vec![VolumeInventory::default()],
        vm_cd_roms: vec![VmCdRomInventory::default()],
        ..Default::default()
    }
}

//! QueryVmInstance: `GET /vm-instances` and `GET /vm-instances/{uuid}`.

use super::{query, Ctx, SyncResult};
use serde_json::Value;
use zstack_api::{VmCdRomInventory, VmInstanceInventory, VmNicInventory, VolumeInventory};

pub fn query(ctx: &Ctx, uuid: Option<&str>) -> SyncResult {
    ctx.session_header()?;
    let q = match uuid {
        Some(u) => query::by_uuid(u),
        None => query::parse(ctx)?,
    };
    ctx.authorize()?;
    let items: Vec<Value> = ctx
        .sim
        .world()
        .vms
        .iter()
        .map(|v| serde_json::to_value(&v.inv).unwrap_or_default())
        .collect();
    query::run(items, &prototype(), "VmInstanceInventory", &q)
}

/// Every field of a VM inventory, lists holding one element (see [`query::run`]).
fn prototype() -> Value {
    let proto = VmInstanceInventory {
        vm_nics: vec![VmNicInventory::default()],
        all_volumes: vec![VolumeInventory::default()],
        vm_cd_roms: vec![VmCdRomInventory::default()],
        ..Default::default()
    };
    serde_json::to_value(proto).unwrap_or_default()
}

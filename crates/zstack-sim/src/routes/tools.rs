//! GetVmGuestToolsInfo, UpdateGuestToolsState, QueryGuestToolsState and AttachGuestToolsIsoToVm.

use super::{jobs, query, Ctx, SyncResult};
use crate::clock::ts_now;
use crate::jobs::Outcome;
use crate::reply::{to_wire, Fail};
use crate::world::World;
use axum::response::Response;
use std::borrow::Cow;
use std::time::{Duration, Instant};
use zstack_api::{GuestToolsStateInventory, GuestToolsStateReply};

/// Thirty days: "never", for any test.
const MAX_DELAY_MS: u64 = 30 * 86_400 * 1000;

/// GET /vm-instances/{uuid}/guest-tools-infos: `{"version","status","features"}`.
pub fn info(ctx: &Ctx, uuid: &str) -> SyncResult {
    ctx.authorize()?;
    let info = ctx.sim.world().tools_info(uuid)?;
    Ok(Outcome::Done(to_wire(&info)))
}

/// PUT /vm-instances/{uuid}/guesttools-state: asks the guest, returns the
/// fresh record (`{}` for a VM ZStack keeps no record for).
pub fn update_state(ctx: &Ctx, vm: &str) -> SyncResult {
    ctx.param("updateGuestToolsState")?;
    ctx.authorize()?;
    let inventory = ctx.sim.world().update_tools_state(vm, &ts_now())?;
    let reply = GuestToolsStateReply { inventory };
    Ok(Outcome::Done(to_wire(&reply)))
}

/// GET /guesttools: the recorded guest-tools states, as a query API.
pub fn query(ctx: &Ctx) -> SyncResult {
    query::answer(
        ctx,
        None,
        "GuestToolsStateInventory",
        "vmInstanceUuid",
        GuestToolsStateInventory::default(),
        |w, keys| {
            w.vms
                .iter()
                .filter(|v| keys.wants(v.uuid()))
                .filter_map(World::tools_state)
                .map(Cow::Owned)
                .collect()
        },
    )
}

/// PUT /vm-instances/{uuid}/actions `{"attachGuestToolsIsoToVm":{}}` (async):
/// mounts the tools ISO; a running guest then installs the tools, which report
/// Running after `tools_delay_ms`.
pub fn attach_iso(ctx: &Ctx, vm: &str) -> Result<Response, Fail> {
    ctx.param("attachGuestToolsIsoToVm")?;
    let vm = vm.to_owned();
    jobs::accept(ctx, move |job| async move {
        // Bounded: an absurd delay from /_sim/config must not overflow Instant.
        let delay = Duration::from_millis(job.sim.runtime().tools_delay_ms.min(MAX_DELAY_MS));
        let running_at = Instant::now() + delay;
        job.world()?
            .attach_guest_tools(&vm, &ts_now(), running_at)?;
        Ok(Outcome::Empty)
    })
}

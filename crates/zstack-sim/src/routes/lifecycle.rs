//! The guest-tools lifecycle APIs (ZSTACK-API.md §5): GetLatestGuestToolsForVm,
//! DetachGuestToolsIsoFromVm, GetVmQga, SetVmQga and QueryVmCdRom.

use super::vm::cdrom_prototype;
use super::{jobs, query, Ctx, SyncResult};
use crate::clock::ts_now;
use crate::jobs::Outcome;
use crate::reply::{to_wire, Fail};
use axum::response::Response;
use serde_json::{json, Value};
use std::borrow::Cow;
use zstack_api::LatestGuestToolsReply;

const SET_QGA_MSG: &str = "org.zstack.header.vm.APISetVmQgaMsg";

/// GET /vm-instances/{uuid}/latest-guest-tools: `{"inventory": ...}` when a
/// newer release exists, `{}` (the null inventory left out) when not.
pub fn latest(ctx: &Ctx, uuid: &str) -> SyncResult {
    ctx.authorize()?;
    let inventory = ctx.sim.world().latest_tools_for(uuid)?;
    Ok(Outcome::Done(to_wire(&LatestGuestToolsReply { inventory })))
}

/// GET /vm-instances/{uuid}/qga: `{"enable": bool}`.
pub fn get_qga(ctx: &Ctx, uuid: &str) -> SyncResult {
    ctx.authorize()?;
    let enable = ctx.sim.world().qga_enabled(uuid)?;
    Ok(Outcome::Done(json!({ "enable": enable })))
}

/// PUT /vm-instances/{uuid}/actions `{"detachGuestToolsIsoFromVm":{}}` (async): `{}`.
pub fn detach_tools_iso(ctx: &Ctx, vm: &str) -> Result<Response, Fail> {
    ctx.param("detachGuestToolsIsoFromVm")?;
    let vm = vm.to_owned();
    jobs::accept(ctx, move |job| async move {
        job.world()?.detach_guest_tools(&vm, &ts_now())?;
        Ok(Outcome::Empty)
    })
}

/// `enable` as Gson fills APISetVmQgaMsg's primitive boolean: absent or
/// null is false, a string is read as Boolean.parseBoolean reads it, any
/// other JSON type cannot become the message (a REST-layer 400).
fn enable_of(params: Option<&Value>) -> Result<bool, Fail> {
    match params.and_then(|p| p.get("enable")) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(Value::String(s)) => Ok(s.trim().eq_ignore_ascii_case("true")),
        Some(_) => Err(Fail::bad_request(format!(
            "Invalid value for field[enable] of {SET_QGA_MSG}"
        ))),
    }
}

/// PUT /vm-instances/{uuid}/actions `{"setVmQga":{"enable":bool}}` (async): `{}`.
pub fn set_qga(ctx: &Ctx, vm: &str) -> Result<Response, Fail> {
    let enable = enable_of(ctx.param("setVmQga")?)?;
    let vm = vm.to_owned();
    jobs::accept(ctx, move |job| async move {
        job.world()?.set_qga(&vm, enable, &ts_now())?;
        Ok(Outcome::Empty)
    })
}

/// GET /vm-instances/cdroms and /vm-instances/cdroms/{uuid}: every VM's drives.
pub fn query_cdroms(ctx: &Ctx, uuid: Option<&str>) -> SyncResult {
    let proto = cdrom_prototype(ctx.sim.runtime().old_release);
    query::answer(ctx, uuid, "VmCdRomInventory", "uuid", proto, |w, keys| {
        w.vms
            .iter()
            .flat_map(|v| &v.inv.vm_cd_roms)
            .filter(|c| keys.wants(c.uuid.as_deref().unwrap_or_default()))
            .map(Cow::Borrowed)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enable_reads_like_gson() {
        let on = |v: Value| enable_of(Some(&json!({ "enable": v })));
        assert_eq!(on(json!(true)), Ok(true));
        assert_eq!(on(json!("TRUE")), Ok(true));
        assert_eq!(on(json!("yes")), Ok(false));
        assert_eq!(on(Value::Null), Ok(false));
        assert_eq!(enable_of(None), Ok(false));
        assert!(on(json!(1)).is_err());
    }
}

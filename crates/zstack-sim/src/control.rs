//! The simulator's own control API at `/_sim` (outside `/zstack`, so no
//! client mistakes it for ZStack): faults, sessions, reset, request log, knobs.

use crate::clock::{random_uuid, ts_now};
use crate::config::Runtime;
use crate::faults::ScriptedFault;
use crate::reply::to_wire;
use crate::reply::Fail;
use crate::reqlog::Entry;
use crate::state::{lock, Shared};
use crate::world::{Script, ZONES};
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use zstack_api::{GuestVmScriptInventory, VmState};

pub fn router(sim: Shared) -> Router {
    Router::new()
        .route(
            "/_sim/faults",
            get(list_faults).post(add_faults).delete(clear_faults),
        )
        .route("/_sim/expire-sessions", post(expire_sessions))
        .route("/_sim/reset", post(reset))
        .route("/_sim/requests", get(requests).delete(clear_requests))
        .route("/_sim/config", get(config).post(set_config))
        .route("/_sim/world", get(world))
        .route("/_sim/scripts", post(add_script))
        .route("/_sim/vm-state", post(set_vm_state))
        .with_state(sim)
}

/// One fault object, or a list of them; all are checked before any is queued.
async fn add_faults(State(sim): State<Shared>, body: String) -> Result<Json<Value>, Fail> {
    let value: Value =
        serde_json::from_str(&body).map_err(|e| Fail::bad_request(format!("not JSON: {e}")))?;
    let items = match value {
        Value::Array(items) => items,
        one => vec![one],
    };
    let mut faults = Vec::with_capacity(items.len());
    for item in items {
        let f: ScriptedFault = serde_json::from_value(item)
            .map_err(|e| Fail::bad_request(format!("not a fault: {e}")))?;
        f.check().map_err(Fail::bad_request)?;
        faults.push(f);
    }
    let mut queue = lock(&sim.faults);
    let added = faults.len();
    faults.into_iter().for_each(|f| queue.push(f));
    Ok(Json(
        json!({ "added": added, "queued": queue.list().len() }),
    ))
}

async fn list_faults(State(sim): State<Shared>) -> Json<Vec<ScriptedFault>> {
    Json(lock(&sim.faults).list())
}

async fn clear_faults(State(sim): State<Shared>) -> Json<Value> {
    lock(&sim.faults).clear();
    Json(json!({ "queued": 0 }))
}

async fn expire_sessions(State(sim): State<Shared>) -> Json<Value> {
    let expired = lock(&sim.sessions).expire_all();
    Json(json!({ "expired": expired }))
}

async fn reset(State(sim): State<Shared>) -> Json<Value> {
    sim.reset();
    Json(json!({ "reset": true }))
}

async fn requests(State(sim): State<Shared>) -> Json<Vec<Entry>> {
    Json(lock(&sim.log).all())
}

async fn clear_requests(State(sim): State<Shared>) -> Json<Value> {
    lock(&sim.log).clear();
    Json(json!({ "cleared": true }))
}

async fn config(State(sim): State<Shared>) -> Json<Runtime> {
    Json(sim.runtime())
}

/// A partial update: `{"exec_mode":"sync","job_duration_ms":50}`.
async fn set_config(State(sim): State<Shared>, body: String) -> Result<Json<Runtime>, Fail> {
    let mut rt = lock(&sim.runtime);
    rt.patch(&body).map_err(Fail::bad_request)?;
    Ok(Json(rt.clone()))
}

/// Puts a script in the library as given, past every check: what an older
/// release or another client may have left there (markup in a name,
/// content that is not the Base64 its `encodingType` says). Missing
/// `uuid`, dates and `scriptTimeout` are filled in.
async fn add_script(State(sim): State<Shared>, body: String) -> Result<Json<Value>, Fail> {
    let mut inv: GuestVmScriptInventory = serde_json::from_str(&body)
        .map_err(|e| Fail::bad_request(format!("not a GuestVmScriptInventory: {e}")))?;
    let now = ts_now();
    inv.uuid.get_or_insert_with(random_uuid);
    inv.create_date.get_or_insert_with(|| now.clone());
    inv.last_op_date.get_or_insert(now);
    inv.script_timeout.get_or_insert(60);
    let reply = to_wire(&inv);
    sim.world().scripts.scripts.push(Script { inv, version: 1 });
    Ok(Json(reply))
}

/// `{"uuid": "...", "state": "Stopped"}`: a VM's state as something outside
/// the console left it (another admin stopped it, it crashed), e.g. between
/// a client's checks and the run it then starts. Only the state (and
/// `lastOpDate`) changes; a VM that is not Running has no `hostUuid`.
async fn set_vm_state(State(sim): State<Shared>, body: String) -> Result<Json<Value>, Fail> {
    let v: Value =
        serde_json::from_str(&body).map_err(|e| Fail::bad_request(format!("not JSON: {e}")))?;
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    let (Some(uuid), Some(state)) = (text("uuid"), text("state")) else {
        return Err(Fail::bad_request("give {\"uuid\": ..., \"state\": ...}"));
    };
    let state = VmState::from(state.as_str());
    if let VmState::Other(s) = &state {
        return Err(Fail::bad_request(format!("{s} is no VM state")));
    }
    let mut world = sim.world();
    let vm = world
        .vm_mut(&uuid)
        .ok_or_else(|| Fail::bad_request(format!("no VM {uuid}")))?;
    if state == VmState::Running {
        vm.inv.host_uuid = vm.inv.host_uuid.take().or(vm.inv.last_host_uuid.clone());
    } else if vm.inv.host_uuid.is_some() {
        vm.inv.last_host_uuid = vm.inv.host_uuid.take();
    }
    vm.inv.state = Some(state);
    vm.inv.last_op_date = Some(ts_now());
    Ok(Json(json!({ "uuid": uuid, "state": vm.state().as_str() })))
}

/// A summary of the current world (what README.md's table lists), as the
/// simulator knows it: `occupant` even with `--old-release`, `qgaState` as
/// recorded and `agentQgaState` as the guest's agent really is.
async fn world(State(sim): State<Shared>) -> Json<Value> {
    let w = sim.world();
    let vms: Vec<Value> = w
        .vms
        .iter()
        .map(|vm| {
            let drives: Vec<Value> = vm
                .inv
                .vm_cd_roms
                .iter()
                .map(|c| json!({ "deviceId": c.device_id, "isoUuid": c.iso_uuid, "occupant": c.occupant }))
                .collect();
            json!({
                "name": vm.inv.name, "uuid": vm.uuid(), "state": vm.state().as_str(),
                "platform": vm.inv.platform.as_ref().map(|p| p.as_str().to_owned()),
                "toolsStatus": vm.tools_status().as_str(), "qgaState": vm.recorded_qga().as_str(),
                "agentQgaState": vm.tools.qga.as_str(),
                "zwatchState": vm.tools.zwatch.as_str(), "version": vm.tools.version,
                "qgaEnabled": vm.qga_tag, "hasToolsRecord": vm.tools.recorded,
                "driverDisk": vm.driver_disk,
                "cdRoms": vm.inv.vm_cd_roms.iter().map(|c| c.iso_uuid.clone()).collect::<Vec<_>>(),
                "drives": drives,
            })
        })
        .collect();
    let images: Vec<Value> = w
        .images
        .iter()
        .map(|i| json!({ "name": i.name, "uuid": i.uuid, "mediaType": i.media_type, "state": i.state, "status": i.status, "system": i.system }))
        .collect();
    Json(json!({
        "zones": ZONES,
        "latestToolsVersion": w.latest_tools_version,
        "toolsIsoUuid": w.tools_iso_uuid,
        "vms": vms,
        "images": images,
    }))
}

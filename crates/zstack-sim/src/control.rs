//! The simulator's own control API at `/_sim` (outside `/zstack`, so no
//! client mistakes it for ZStack): faults, sessions, reset, request log, knobs.

use crate::config::RuntimePatch;
use crate::faults::ScriptedFault;
use crate::reply::text_response;
use crate::state::{lock, Shared};
use crate::world::ZONES;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

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
        .with_state(sim)
}

fn bad(msg: impl Into<String>) -> Response {
    text_response(StatusCode::BAD_REQUEST, msg)
}

/// One fault object, or a list of them; all are checked before any is queued.
async fn add_faults(State(sim): State<Shared>, body: String) -> Response {
    let value: Value = match serde_json::from_str(&body) {
        Ok(v) => v,
        Err(e) => return bad(format!("not JSON: {e}")),
    };
    let items = match value {
        Value::Array(items) => items,
        one => vec![one],
    };
    let mut faults = Vec::with_capacity(items.len());
    for item in items {
        match serde_json::from_value::<ScriptedFault>(item) {
            Ok(f) => match f.check() {
                Ok(()) => faults.push(f),
                Err(e) => return bad(e),
            },
            Err(e) => return bad(format!("not a fault: {e}")),
        }
    }
    let mut queue = lock(&sim.faults);
    let added = faults.len();
    faults.into_iter().for_each(|f| queue.push(f));
    Json(json!({ "added": added, "queued": queue.list().len() })).into_response()
}

async fn list_faults(State(sim): State<Shared>) -> Response {
    Json(lock(&sim.faults).list()).into_response()
}

async fn clear_faults(State(sim): State<Shared>) -> Response {
    lock(&sim.faults).clear();
    Json(json!({ "queued": 0 })).into_response()
}

async fn expire_sessions(State(sim): State<Shared>) -> Response {
    let expired = lock(&sim.sessions).expire_all();
    Json(json!({ "expired": expired })).into_response()
}

async fn reset(State(sim): State<Shared>) -> Response {
    sim.reset();
    Json(json!({ "reset": true })).into_response()
}

async fn requests(State(sim): State<Shared>) -> Response {
    Json(lock(&sim.log).all()).into_response()
}

async fn clear_requests(State(sim): State<Shared>) -> Response {
    lock(&sim.log).clear();
    Json(json!({ "cleared": true })).into_response()
}

async fn config(State(sim): State<Shared>) -> Response {
    Json(sim.runtime()).into_response()
}

/// A partial update: `{"exec_mode":"sync","job_duration_ms":50}`.
async fn set_config(State(sim): State<Shared>, body: String) -> Response {
    let patch: RuntimePatch = match serde_json::from_str(&body) {
        Ok(p) => p,
        Err(e) => return bad(format!("not a config patch: {e}")),
    };
    let mut rt = lock(&sim.runtime);
    match patch.apply(&mut rt) {
        Ok(()) => Json(rt.clone()).into_response(),
        Err(e) => bad(e),
    }
}

/// A summary of the current world (what README.md's table lists).
async fn world(State(sim): State<Shared>) -> Response {
    let w = sim.world();
    let vms: Vec<Value> = w
        .vms
        .iter()
        .map(|vm| {
            json!({
                "name": vm.inv.name, "uuid": vm.uuid(), "state": vm.state().as_str(),
                "platform": vm.inv.platform.as_ref().map(|p| p.as_str().to_owned()),
                "toolsStatus": vm.tools.status.as_str(), "qgaState": vm.tools.qga.as_str(),
                "zwatchState": vm.tools.zwatch.as_str(), "version": vm.tools.version,
                "cdRoms": vm.inv.vm_cd_roms.iter().map(|c| c.iso_uuid.clone()).collect::<Vec<_>>(),
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
    .into_response()
}

//! The script library (ZSTACK-API.md §6): CreateGuestVmScript (POST
//! `/scripts`), UpdateGuestVmScript and ExecuteGuestVmScript (PUT
//! `/scripts/{uuid}/actions`, the body's key picks), DeleteGuestVmScript,
//! and the three query APIs (`/scripts`, `/scripts/records`,
//! `/scripts/records/details`).
//!
//! As everywhere in ZStack's REST layer, a body that cannot become the API
//! message (a list where text belongs) is a plain-text 400 at once; the
//! message's own checks fail the async job with `SYS.1007`.
//!
//! The handlers here are the writes; [`validate`] holds ZStack's answers to
//! bad input and [`views`] the reads.

mod validate;
mod views;

pub use views::{query_details, query_records, query_scripts};

use super::{jobs, Ctx};
use crate::clock::{random_uuid, ts_now, unix_now};
use crate::jobs::Outcome;
use crate::reply::{errors, to_wire, Fail};
use crate::world::{RunRequest, Script};
use axum::response::Response;
use serde_json::json;
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use validate::{
    check_content, check_fit, check_name, check_render_params, integer, object, read_fields,
    uuid_list, Check, ENCODINGS, EXECUTE_TIMEOUT, MAX_DESCRIPTION, PLATFORMS, SCRIPT_TIMEOUT,
    TYPES,
};
use views::{record_view, script_view};
use zstack_api::{EncodingType, GuestVmScriptInventory, ScriptPlatform, ScriptType};

const PKG: &str = "org.zstack.header.vm.script";
const CREATE: &str = "APICreateGuestVmScriptMsg";
const UPDATE: &str = "APIUpdateGuestVmScriptMsg";
const EXECUTE: &str = "APIExecuteGuestVmScriptMsg";
const DELETE: &str = "APIDeleteGuestVmScriptMsg";

/// `scriptTimeout` of a script created without one.
const DEFAULT_TIMEOUT: u64 = 60;

fn msg(name: &str) -> String {
    format!("{PKG}.{name}")
}

fn inventory<T: serde::Serialize>(inv: &T) -> Outcome {
    Outcome::Done(json!({ "inventory": to_wire(inv) }))
}

/// POST /scripts `{"params":{...}}` (async): `{"inventory": GuestVmScriptInventory}`.
pub fn create(ctx: &Ctx) -> Result<Response, Fail> {
    let newer = ctx.sim.runtime().script_encoding;
    let f = read_fields(object(ctx, "params", CREATE)?, CREATE, newer)?;
    jobs::accept(ctx, move |job| async move {
        let c = Check { m: CREATE };
        let name = f.name.as_deref().ok_or_else(|| c.mandatory("name"))?;
        check_name(&c, name)?;
        if let Some(d) = &f.description {
            c.length("description", d, MAX_DESCRIPTION, false)?;
        }
        let content = f
            .script_content
            .as_deref()
            .ok_or_else(|| c.mandatory("scriptContent"))?;
        let platform = f
            .platform
            .as_deref()
            .ok_or_else(|| c.mandatory("platform"))?;
        c.valid_values("platform", platform, &PLATFORMS)?;
        let script_type = f
            .script_type
            .as_deref()
            .ok_or_else(|| c.mandatory("scriptType"))?;
        c.valid_values("scriptType", script_type, &TYPES)?;
        if let Some(t) = f.script_timeout {
            c.range("scriptTimeout", t, SCRIPT_TIMEOUT)?;
        }
        let encoding = match (newer, f.encoding_type.as_deref()) {
            (false, _) => None,
            (true, None) => return Err(c.mandatory("encodingType")),
            (true, Some(e)) => {
                c.valid_values("encodingType", e, &ENCODINGS)?;
                Some(EncodingType::from(e))
            }
        };
        check_content(&c, content, encoding.as_ref())?;
        if let Some(r) = &f.render_params {
            check_render_params(r)?;
        }
        let (platform, script_type) = (
            ScriptPlatform::from(platform),
            ScriptType::from(script_type),
        );
        check_fit(&platform, &script_type)?;
        let now = ts_now();
        let inv = GuestVmScriptInventory {
            uuid: Some(random_uuid()),
            name: Some(name.to_owned()),
            description: f.description.clone(),
            encoding_type: encoding,
            script_content: Some(content.to_owned()),
            render_params: f.render_params.clone(),
            platform: Some(platform),
            script_type: Some(script_type),
            script_timeout: Some(f.script_timeout.map_or(DEFAULT_TIMEOUT, |t| t as u64)),
            create_date: Some(now.clone()),
            last_op_date: Some(now),
        };
        let reply = inventory(&inv);
        job.world()?
            .scripts
            .scripts
            .push(Script { inv, version: 1 });
        Ok(reply)
    })
}

/// PUT /scripts/{uuid}/actions `{"updateGuestVmScript":{...}}` (async): the
/// fields given change, the version moves on.
pub fn update(ctx: &Ctx, uuid: &str) -> Result<Response, Fail> {
    let newer = ctx.sim.runtime().script_encoding;
    let f = read_fields(object(ctx, "updateGuestVmScript", UPDATE)?, UPDATE, newer)?;
    let uuid = uuid.to_owned();
    jobs::accept(ctx, move |job| async move {
        let c = Check { m: UPDATE };
        if let Some(n) = &f.name {
            check_name(&c, n)?;
        }
        if let Some(d) = &f.description {
            c.length("description", d, MAX_DESCRIPTION, false)?;
        }
        if let Some(p) = &f.platform {
            c.valid_values("platform", p, &PLATFORMS)?;
        }
        if let Some(t) = &f.script_type {
            c.valid_values("scriptType", t, &TYPES)?;
        }
        if let Some(t) = f.script_timeout {
            c.range("scriptTimeout", t, SCRIPT_TIMEOUT)?;
        }
        if let Some(e) = &f.encoding_type {
            c.valid_values("encodingType", e, &ENCODINGS)?;
        }
        if let Some(r) = &f.render_params {
            check_render_params(r)?;
        }
        let mut world = job.world()?;
        let script = world
            .scripts
            .script_mut(&uuid)
            .ok_or_else(|| errors::not_found("uuid", &uuid, "GuestVmScriptVO"))?;
        let inv = &script.inv;
        let encoding = f
            .encoding_type
            .as_deref()
            .map(EncodingType::from)
            .or_else(|| inv.encoding_type.clone());
        if let Some(content) = &f.script_content {
            check_content(&c, content, encoding.as_ref())?;
        }
        let platform = f
            .platform
            .as_deref()
            .map(ScriptPlatform::from)
            .or_else(|| inv.platform.clone())
            .unwrap_or(ScriptPlatform::Linux);
        let script_type = f
            .script_type
            .as_deref()
            .map(ScriptType::from)
            .or_else(|| inv.script_type.clone())
            .unwrap_or(ScriptType::Shell);
        check_fit(&platform, &script_type)?;

        let inv = &mut script.inv;
        inv.name = f.name.clone().or(inv.name.take());
        inv.description = f.description.clone().or(inv.description.take());
        inv.script_content = f.script_content.clone().or(inv.script_content.take());
        inv.render_params = f.render_params.clone().or(inv.render_params.take());
        inv.platform = Some(platform);
        inv.script_type = Some(script_type);
        if let Some(t) = f.script_timeout {
            inv.script_timeout = Some(t as u64);
        }
        if newer {
            inv.encoding_type = encoding;
        }
        inv.last_op_date = Some(ts_now());
        script.version += 1;
        Ok(inventory(&script_view(script, newer)))
    })
}

/// DELETE /scripts/{uuid}?deleteMode=Permissive (async): `{}`. A script
/// that does not exist is no error (ZStack deletes what is there); runs of
/// the script and their records stay.
pub fn delete(ctx: &Ctx, uuid: &str) -> Result<Response, Fail> {
    let mode = ctx.query_value("deleteMode").map(str::to_owned);
    let uuid = uuid.to_owned();
    jobs::accept(ctx, move |job| async move {
        if let Some(m) = &mode {
            Check { m: DELETE }.valid_values("deleteMode", m, &["Permissive", "Enforcing"])?;
        }
        job.world()?
            .scripts
            .scripts
            .retain(|s| s.inv.uuid.as_deref() != Some(uuid.as_str()));
        Ok(Outcome::Empty)
    })
}

fn unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(unix_now() * 1000, |d| d.as_millis() as u64)
}

/// PUT /scripts/{uuid}/actions `{"executeGuestVmScript":{vmInstanceUuids,
/// scriptTimeout?}}` (async): `{"inventory": GuestVmScriptExecutedRecordInventory}`,
/// `Running`; the VMs' details follow on their own. An injected failure
/// (`--fail ExecuteGuestVmScript=1`) does not fail the call: the run goes
/// wrong on the management node and its record ends `Exception`.
pub fn execute(ctx: &Ctx, uuid: &str) -> Result<Response, Fail> {
    let p = object(ctx, "executeGuestVmScript", EXECUTE)?;
    let (vms, timeout) = match p {
        Some(p) => (uuid_list(p)?, integer(p, "scriptTimeout", EXECUTE)?),
        None => (None, None),
    };
    let uuid = uuid.to_owned();
    jobs::accept_with_injected(ctx, move |job, injected| async move {
        let c = Check { m: EXECUTE };
        let vms = vms.ok_or_else(|| c.mandatory("vmInstanceUuids"))?;
        if vms.is_empty() {
            return Err(c.empty_list("vmInstanceUuids"));
        }
        if let Some(t) = timeout {
            c.range("scriptTimeout", t, EXECUTE_TIMEOUT)?;
        }
        let mut unique: Vec<String> = Vec::with_capacity(vms.len());
        let mut seen = std::collections::HashSet::with_capacity(vms.len());
        for v in vms {
            if seen.insert(v.clone()) {
                unique.push(v);
            }
        }
        let rt = job.sim.runtime();
        let executor = job.sim.config.account.clone();
        let exception = injected.map(|e| {
            format!(
                "{}: {}",
                e.code.unwrap_or_default(),
                e.details.unwrap_or_default()
            )
        });
        let req = RunRequest {
            script_uuid: &uuid,
            vm_uuids: &unique,
            timeout: timeout.map(|t| t as u64),
            executor: &executor,
            exception,
        };
        let record = job
            .world()?
            .start_run(req, &rt, Instant::now(), unix_ms())?;
        Ok(inventory(&record_view(&record, rt.script_encoding)))
    })
}

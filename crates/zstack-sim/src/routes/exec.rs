//! ExecuteGuestVmCommand: PUT or POST /vm-instances/commands/exec
//! `{"params":{vmInstanceUuid, platform, command, commandTimeout?}}`.

use super::{jobs, Ctx};
use crate::config::ExecMode;
use crate::guest;
use crate::host;
use crate::jobs::Outcome;
use crate::reply::{errors, json_response, to_wire, Fail};
use crate::state::Shared;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};
use std::time::Instant;
use zstack_api::{ErrorCode, Platform, VmState};

const MSG: &str = "org.zstack.header.vm.APIExecuteGuestVmCommandMsg";
const MAX_COMMAND: usize = 65_536;
const TIMEOUT_MIN: i64 = 10;
const TIMEOUT_MAX: i64 = 86_400;

/// The parameters as sent; checked later, where ZStack checks them.
#[derive(Debug, Clone, Default)]
struct Params {
    vm_instance_uuid: Option<String>,
    platform: Option<String>,
    command: Option<String>,
    command_timeout: Option<i64>,
}

/// Reads the JSON; a value of the wrong JSON type is a REST-layer 400 (the
/// server cannot even build the message).
fn read(ctx: &Ctx) -> Result<Params, Fail> {
    let Some(p) = ctx.param("params")? else {
        return Ok(Params::default());
    };
    let wrong = |f: &str| Fail::bad_request(format!("Invalid value for field[{f}] of {MSG}"));
    if !p.is_object() {
        return Err(wrong("params"));
    }
    let text = |f: &str| match p.get(f) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(wrong(f)),
    };
    let timeout = match p.get("commandTimeout") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_i64().ok_or_else(|| wrong("commandTimeout"))?),
    };
    Ok(Params {
        vm_instance_uuid: text("vmInstanceUuid")?,
        platform: text("platform")?,
        command: text("command")?,
        command_timeout: timeout,
    })
}

/// ZStack's API parameter checks (503 SYS.1007 when they fail).
fn validate(p: &Params) -> Result<(String, Platform, String, Option<i64>), ErrorCode> {
    let invalid = |s: String| errors::invalid_argument(&s);
    let mandatory = |f: &str| {
        invalid(format!(
            "field[{f}] of message[{MSG}] is mandatory and can not be null"
        ))
    };
    let vm = p
        .vm_instance_uuid
        .clone()
        .ok_or_else(|| mandatory("vmInstanceUuid"))?;
    let platform = p.platform.as_deref().ok_or_else(|| mandatory("platform"))?;
    let platform = match platform {
        "Linux" => Platform::Linux,
        "Windows" => Platform::Windows,
        other => {
            return Err(invalid(format!(
                "valid value for field[platform] of message[{MSG}] are [Linux, Windows], but {other} found"
            )))
        }
    };
    let command = p.command.clone().ok_or_else(|| mandatory("command"))?;
    // Java counts UTF-16 code units.
    let len = command.encode_utf16().count();
    if len == 0 {
        return Err(invalid(format!(
            "field[command] of message[{MSG}] can not be an empty string"
        )));
    }
    if len > MAX_COMMAND {
        return Err(invalid(format!(
            "field[command] of message[{MSG}] exceeds the max length of string. expected was <= {MAX_COMMAND}, actual was {len}"
        )));
    }
    if let Some(t) = p
        .command_timeout
        .filter(|t| !(TIMEOUT_MIN..=TIMEOUT_MAX).contains(t))
    {
        return Err(invalid(format!(
            "valid range for field[commandTimeout] of message[{MSG}] is [{TIMEOUT_MIN}, {TIMEOUT_MAX}], but {t} found"
        )));
    }
    Ok((vm, platform, command, p.command_timeout))
}

/// Runs the command in the guest, taking as long as the guest would (scaled).
async fn execute_in_guest(sim: Shared, p: Params) -> Result<Value, ErrorCode> {
    let (vm_uuid, platform, command, timeout) = validate(&p)?;
    let vm = sim
        .world()
        .vm(&vm_uuid)
        .cloned()
        .ok_or_else(|| errors::not_found("vmInstanceUuid", &vm_uuid, "VmInstanceVO"))?;
    if vm.state() != VmState::Running {
        return Err(errors::operation(&format!(
            "the VM[uuid:{vm_uuid}] is in state[{}]; commands run only in a Running VM",
            vm.state()
        )));
    }
    if !vm.qga_tag {
        return Err(errors::operation(&format!(
            "qga is disabled for the VM[uuid:{vm_uuid}] (no qemuga tag, see SetVmQga): ZStack does not talk to its guest agent"
        )));
    }
    if !vm.qga_alive() {
        return Err(errors::operation(&format!(
            "the qemu guest agent is not running in the VM[uuid:{vm_uuid}]"
        )));
    }
    let vm_platform = vm.exec_platform();
    if vm_platform != platform {
        return Err(errors::operation(&format!(
            "the VM[uuid:{vm_uuid}] runs {vm_platform}, not {platform}"
        )));
    }
    let started = Instant::now();
    let out = guest::run(&vm, &platform, &command, started);
    let rt = sim.runtime();
    if out.guest_secs > 0.0 {
        // It runs in the guest for its whole time, whether or not ZStack waits.
        let ends = started + rt.guest_duration(out.guest_secs);
        let program = out.sleeper.as_deref().unwrap_or("sleep");
        if let Some(v) = sim.world().vm_mut(&vm_uuid) {
            v.procs
                .start(&command, program, started, ends, out.guest_secs);
        }
    }
    let limit = timeout.map_or(sim.config.exec_default_timeout as f64, |t| t as f64);
    if out.guest_secs > limit {
        tokio::time::sleep(rt.guest_duration(limit)).await;
        return Err(errors::timeout(&format!(
            "the command did not finish in {limit} seconds in the VM[uuid:{vm_uuid}]"
        )));
    }
    tokio::time::sleep(rt.guest_duration(out.guest_secs)).await;
    let cut = !out.whole;
    let stream = host::stream(
        &host::arrive(&out.stdout, cut),
        &host::arrive(&out.stderr, cut),
    );
    Ok(json!({ "stream": stream, "vmInstance": to_wire(&vm.inv) }))
}

pub async fn execute(ctx: &Ctx) -> Result<Response, Fail> {
    let params = read(ctx)?;
    if ctx.sim.runtime().exec_mode == ExecMode::Job {
        return jobs::accept(ctx, move |job| async move {
            execute_in_guest(job.sim, params).await.map(Outcome::Done)
        });
    }
    ctx.authorize()?;
    let mut body = execute_in_guest(ctx.sim.clone(), params).await?;
    body["success"] = json!(true);
    let body = super::release_body(body, &ctx.sim.runtime());
    Ok(json_response(StatusCode::OK, &body))
}

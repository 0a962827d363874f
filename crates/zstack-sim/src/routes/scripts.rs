//! The script library (ZSTACK-API.md §6): CreateGuestVmScript (POST
//! `/scripts`), UpdateGuestVmScript and ExecuteGuestVmScript (PUT
//! `/scripts/{uuid}/actions`, the body's key picks), DeleteGuestVmScript,
//! and the three query APIs (`/scripts`, `/scripts/records`,
//! `/scripts/records/details`).
//!
//! As everywhere in ZStack's REST layer, a body that cannot become the API
//! message (a list where text belongs) is a plain-text 400 at once; the
//! message's own checks fail the async job with `SYS.1007`.

use super::{jobs, query, Ctx, SyncResult};
use crate::clock::{random_uuid, ts_now, unix_now};
use crate::jobs::Outcome;
use crate::reply::{errors, to_wire, Fail};
use crate::world::{RecordInv, RunRequest, Script};
use axum::response::Response;
use serde_json::{json, Value};
use std::borrow::Cow;
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use zstack_api::scripts::decode_content;
use zstack_api::{
    EncodingType, ErrorCode, GuestVmScriptExecutedRecordDetailInventory, GuestVmScriptInventory,
    ScriptPlatform, ScriptType,
};

const PKG: &str = "org.zstack.header.vm.script";
const CREATE: &str = "APICreateGuestVmScriptMsg";
const UPDATE: &str = "APIUpdateGuestVmScriptMsg";
const EXECUTE: &str = "APIExecuteGuestVmScriptMsg";
const DELETE: &str = "APIDeleteGuestVmScriptMsg";

const MAX_NAME: usize = 128;
const MAX_DESCRIPTION: usize = 256;
const MAX_CONTENT: usize = 65_536;
const SCRIPT_TIMEOUT: (i64, i64) = (1, 86_400);
const EXECUTE_TIMEOUT: (i64, i64) = (10, 86_400);
/// `scriptTimeout` of a script created without one.
const DEFAULT_TIMEOUT: u64 = 60;
const NAME_SYMBOLS: &str = "_-.():+";

fn msg(name: &str) -> String {
    format!("{PKG}.{name}")
}

/// Script fields as sent (create and update share them).
#[derive(Debug, Clone, Default)]
struct Fields {
    name: Option<String>,
    description: Option<String>,
    script_content: Option<String>,
    render_params: Option<String>,
    platform: Option<String>,
    script_type: Option<String>,
    script_timeout: Option<i64>,
    /// Read only by a server that knows the field (see `--script-encoding`).
    encoding_type: Option<String>,
}

fn wrong(field: &str, m: &str) -> Fail {
    Fail::bad_request(format!("Invalid value for field[{field}] of {}", msg(m)))
}

/// A `String` member as Gson fills it: text, numbers and booleans as their
/// text; a list or an object cannot become one (400).
fn text(p: &Value, field: &str, m: &str) -> Result<Option<String>, Fail> {
    match p.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => Ok(Some(v.to_string())),
        Some(_) => Err(wrong(field, m)),
    }
}

/// An `Integer` member as Gson fills it: a whole number, or text holding one.
fn integer(p: &Value, field: &str, m: &str) -> Result<Option<i64>, Fail> {
    match p.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            .map(Some)
            .ok_or_else(|| wrong(field, m)),
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| wrong(field, m)),
        Some(_) => Err(wrong(field, m)),
    }
}

/// The API's parameter object (`params`, `updateGuestVmScript`, ...).
fn object<'a>(ctx: &'a Ctx, key: &str, m: &str) -> Result<Option<&'a Value>, Fail> {
    match ctx.param(key)? {
        Some(p) if !p.is_object() => Err(wrong(key, m)),
        other => Ok(other),
    }
}

/// `newer`: the server knows `encodingType`; a 5.2/5.3 one never reads it
/// (Gson drops keys the message does not declare, whatever their type).
fn read_fields(p: Option<&Value>, m: &str, newer: bool) -> Result<Fields, Fail> {
    let Some(p) = p else {
        return Ok(Fields::default());
    };
    Ok(Fields {
        name: text(p, "name", m)?,
        description: text(p, "description", m)?,
        script_content: text(p, "scriptContent", m)?,
        render_params: text(p, "renderParams", m)?,
        platform: text(p, "platform", m)?,
        script_type: text(p, "scriptType", m)?,
        script_timeout: integer(p, "scriptTimeout", m)?,
        encoding_type: if newer {
            text(p, "encodingType", m)?
        } else {
            None
        },
    })
}

/// ZStack's wording for the `@APIParam` checks, all `SYS.1007`.
struct Check<'a> {
    m: &'a str,
}

impl Check<'_> {
    fn mandatory(&self, field: &str) -> ErrorCode {
        errors::invalid_argument(&format!(
            "field[{field}] of message[{}] is mandatory and can not be null",
            msg(self.m)
        ))
    }

    fn length(&self, field: &str, s: &str, max: usize, nonempty: bool) -> Result<(), ErrorCode> {
        // Java counts UTF-16 code units.
        let len = s.encode_utf16().count();
        if nonempty && len == 0 {
            return Err(errors::invalid_argument(&format!(
                "field[{field}] of message[{}] can not be an empty string",
                msg(self.m)
            )));
        }
        if len > max {
            return Err(errors::invalid_argument(&format!(
                "field[{field}] of message[{}] exceeds the max length of string. expected was <= {max}, actual was {len}",
                msg(self.m)
            )));
        }
        Ok(())
    }

    fn valid_values(&self, field: &str, v: &str, allowed: &[&str]) -> Result<(), ErrorCode> {
        if allowed.contains(&v) {
            return Ok(());
        }
        Err(errors::invalid_argument(&format!(
            "valid value for field[{field}] of message[{}] are [{}], but {v} found",
            msg(self.m),
            allowed.join(", ")
        )))
    }

    fn range(&self, field: &str, v: i64, (min, max): (i64, i64)) -> Result<(), ErrorCode> {
        if (min..=max).contains(&v) {
            return Ok(());
        }
        Err(errors::invalid_argument(&format!(
            "valid range for field[{field}] of message[{}] is [{min}, {max}], but {v} found",
            msg(self.m)
        )))
    }
}

const PLATFORMS: [&str; 2] = ["Linux", "Windows"];
const TYPES: [&str; 5] = ["Shell", "Python", "Perl", "Bat", "Powershell"];
const ENCODINGS: [&str; 2] = ["Base64", "PlainText"];

/// 1-128 characters: letters (Chinese too), digits, `_-.():+`, spaces inside.
fn check_name(c: &Check, name: &str) -> Result<(), ErrorCode> {
    c.length("name", name, MAX_NAME, true)?;
    let allowed = |ch: char| {
        ch.is_alphabetic() || ch.is_ascii_digit() || ch == ' ' || NAME_SYMBOLS.contains(ch)
    };
    if !name.chars().all(allowed) || name.starts_with(' ') || name.ends_with(' ') {
        return Err(errors::argerr(&format!(
            "invalid script name[{name}]: a name holds letters, Chinese characters, digits, spaces inside and {NAME_SYMBOLS} only"
        )));
    }
    Ok(())
}

/// `renderParams`: blank, or a JSON list of `{"key","value","description"}`.
fn check_render_params(text: &str) -> Result<(), ErrorCode> {
    if text.trim().is_empty() {
        return Ok(());
    }
    let rows: Option<Vec<serde_json::Map<String, Value>>> = serde_json::from_str(text).ok();
    let ok = rows.is_some_and(|rows| {
        rows.iter().all(|r| {
            r.get("key")
                .and_then(Value::as_str)
                .is_some_and(|k| !k.is_empty())
        })
    });
    if ok {
        return Ok(());
    }
    Err(errors::argerr(&format!(
        "invalid renderParams[{text}]: it must be a JSON list of {{\"key\", \"value\", \"description\"}}"
    )))
}

/// The content as the script will run: read under its encoding and checked.
fn check_content(
    c: &Check,
    content: &str,
    encoding: Option<&EncodingType>,
) -> Result<(), ErrorCode> {
    c.length("scriptContent", content, usize::MAX, true)?;
    let decoded = decode_content(content, encoding);
    if decoded.undecodable {
        return Err(errors::argerr(
            "scriptContent is not Base64 of UTF-8 text, but encodingType is Base64",
        ));
    }
    c.length("scriptContent", &decoded.text, MAX_CONTENT, true)
}

fn check_fit(platform: &ScriptPlatform, script_type: &ScriptType) -> Result<(), ErrorCode> {
    if platform.script_types().contains(script_type) {
        return Ok(());
    }
    Err(errors::argerr(&format!(
        "scriptType[{script_type}] is not supported on platform[{platform}]; {platform} takes {}",
        platform
            .script_types()
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

/// A script as this server shows it: a newer one always has `encodingType`
/// (a script from before the field reads `PlainText`, as ZStack's upgrade
/// fills the column), 5.2/5.3 never.
fn script_view(s: &Script, newer: bool) -> Cow<'_, GuestVmScriptInventory> {
    match (newer, &s.inv.encoding_type) {
        (true, Some(_)) => Cow::Borrowed(&s.inv),
        (false, None) => Cow::Borrowed(&s.inv),
        (true, None) => Cow::Owned(GuestVmScriptInventory {
            encoding_type: Some(EncodingType::PlainText),
            ..s.inv.clone()
        }),
        (false, Some(_)) => Cow::Owned(GuestVmScriptInventory {
            encoding_type: None,
            ..s.inv.clone()
        }),
    }
}

fn record_view(r: &RecordInv, newer: bool) -> Cow<'_, RecordInv> {
    match (newer, &r.encoding_type) {
        (true, Some(_)) | (false, None) => Cow::Borrowed(r),
        (true, None) => Cow::Owned(RecordInv {
            encoding_type: Some(EncodingType::PlainText),
            ..r.clone()
        }),
        (false, Some(_)) => Cow::Owned(RecordInv {
            encoding_type: None,
            ..r.clone()
        }),
    }
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

/// `vmInstanceUuids`, a `List<String>`: a list of texts, or 400.
fn uuid_list(p: &Value) -> Result<Option<Vec<String>>, Fail> {
    let bad = || wrong("vmInstanceUuids", EXECUTE);
    match p.get("vmInstanceUuids") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(_) | Value::Bool(_) => Ok(v.to_string()),
                _ => Err(bad()),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(bad()),
    }
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
            return Err(errors::invalid_argument(&format!(
                "field[vmInstanceUuids] of message[{}] can not be an empty list",
                msg(EXECUTE)
            )));
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

/// GET /scripts, /scripts/{uuid}.
pub fn query_scripts(ctx: &Ctx, uuid: Option<&str>) -> SyncResult {
    let newer = ctx.sim.runtime().script_encoding;
    let proto = GuestVmScriptInventory {
        encoding_type: newer.then_some(EncodingType::PlainText),
        ..Default::default()
    };
    query::answer(
        ctx,
        uuid,
        "GuestVmScriptInventory",
        "uuid",
        proto,
        |w, keys| {
            w.scripts
                .scripts
                .iter()
                .filter(|s| keys.wants(s.inv.uuid.as_deref().unwrap_or_default()))
                .map(|s| script_view(s, newer))
                .collect()
        },
    )
}

/// GET /scripts/records, /scripts/records/{uuid}.
pub fn query_records(ctx: &Ctx, uuid: Option<&str>) -> SyncResult {
    let newer = ctx.sim.runtime().script_encoding;
    let proto = RecordInv {
        encoding_type: newer.then_some(EncodingType::PlainText),
        ..Default::default()
    };
    let entity = "GuestVmScriptExecutedRecordInventory";
    query::answer(ctx, uuid, entity, "uuid", proto, |w, keys| {
        w.scripts
            .records
            .iter()
            .filter(|r| keys.wants(r.inv.uuid.as_deref().unwrap_or_default()))
            .map(|r| record_view(&r.inv, newer))
            .collect()
    })
}

/// GET /scripts/records/details: `q=recordUuid=` (or `?=`) picks the runs
/// before any JSON is built, so one page of a 2,000-VM run stays cheap.
pub fn query_details(ctx: &Ctx) -> SyncResult {
    let entity = "GuestVmScriptExecutedRecordDetailInventory";
    let proto = GuestVmScriptExecutedRecordDetailInventory::default();
    query::answer(ctx, None, entity, "recordUuid", proto, |w, keys| {
        w.scripts
            .records
            .iter()
            .filter(|r| keys.wants(r.inv.uuid.as_deref().unwrap_or_default()))
            .flat_map(|r| r.details.iter().map(|d| Cow::Borrowed(&d.inv)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_zstack_takes_them() {
        let c = Check { m: CREATE };
        for ok in ["a", "数据库 备份-1.(x):y+z_", &"n".repeat(128)] {
            assert!(check_name(&c, ok).is_ok(), "{ok}");
        }
        for bad in ["", " a", "a ", "a/b", "a<b>", &"n".repeat(129)] {
            assert!(check_name(&c, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn render_params_are_a_list_of_rows() {
        assert!(check_render_params("").is_ok());
        assert!(check_render_params(r#"[{"key":"a","value":"1","description":""}]"#).is_ok());
        assert!(check_render_params(r#"{"a":"1"}"#).is_err());
        assert!(check_render_params(r#"[{"value":"1"}]"#).is_err());
        assert!(check_render_params("not json").is_err());
    }

    #[test]
    fn gson_reads_text_and_integers_leniently() {
        let p = json!({"name": 5, "scriptTimeout": "30", "bad": [1], "f": 2.5});
        assert_eq!(text(&p, "name", CREATE), Ok(Some("5".into())));
        assert!(text(&p, "bad", CREATE).is_err());
        assert_eq!(integer(&p, "scriptTimeout", CREATE), Ok(Some(30)));
        assert!(integer(&p, "f", CREATE).is_err());
    }
}

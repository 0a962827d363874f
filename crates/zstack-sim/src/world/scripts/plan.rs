//! The run planner: when ExecuteGuestVmScript starts a run, it decides for
//! each VM whether the script can run there, runs it in the guest at once,
//! and fixes when the detail moves on and how it ends.

use super::advance::in_flight;
use super::{Detail, Record, RecordInv};
use crate::clock::ts_at;
use crate::config::Runtime;
use crate::guest::script::run_script;
use crate::host;
use crate::reply::errors;
use crate::world::{Vm, World};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use zstack_api::scripts::decode_content;
use zstack_api::{
    parse_render_params, DateTime, DetailStatus, ErrorCode,
    GuestVmScriptExecutedRecordDetailInventory, Platform, RecordStatus, RenderParam,
    ScriptPlatform, ScriptType, Timestamp, VmState,
};

/// When a detail moves on, and how it ends.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    /// `None`: it never runs (fails while `Uploading`).
    pub(super) running_at: Option<Instant>,
    pub(super) ends_at: Instant,
    pub(super) end_ts: Timestamp,
    pub(super) end: Finish,
}

/// A detail's final fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Finish {
    pub status: DetailStatus,
    pub exit_code: Option<i64>,
    pub stdout: Option<String>,
    pub stderr: Option<String>,
    pub err_cause: Option<String>,
}

impl Finish {
    /// The script could not run at all: ZStack's reason, no output.
    fn not_run(cause: String) -> Finish {
        Finish {
            status: DetailStatus::Failed,
            exit_code: None,
            stdout: None,
            stderr: None,
            err_cause: Some(cause),
        }
    }
}

/// Jinja2's `{{ expr }}` as the host renders a script with parameters: a
/// bare name becomes its value, an unknown name nothing (Jinja2's default
/// `Undefined` prints as empty). Other expressions (`{{.ID}}`, filters) are
/// left as written: the simulator has no Jinja2, and the console warns
/// about them before saving anyway. No parameters: no rendering at all.
pub fn render(content: &str, params: &[RenderParam]) -> String {
    if params.is_empty() {
        return content.to_owned();
    }
    let is_name = |s: &str| {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || c == '_')
    };
    let mut out = String::with_capacity(content.len());
    let mut rest = content;
    while let Some(open) = rest.find("{{") {
        let Some(len) = rest[open + 2..].find("}}") else {
            break;
        };
        out.push_str(&rest[..open]);
        let expr = rest[open + 2..open + 2 + len].trim();
        if is_name(expr) {
            let value = params.iter().find(|p| p.key == expr).map(|p| &p.value);
            out.push_str(value.map_or("", String::as_str));
        } else {
            out.push_str(&rest[open..open + 4 + len]);
        }
        rest = &rest[open + 4 + len..];
    }
    out.push_str(rest);
    out
}

/// What one ExecuteGuestVmScript asks for, its parameters already checked.
pub struct RunRequest<'a> {
    pub script_uuid: &'a str,
    /// Without repeats, in the order sent.
    pub vm_uuids: &'a [String],
    /// The execute's `scriptTimeout`; `None` takes the script's own.
    pub timeout: Option<u64>,
    /// The session's account name.
    pub executor: &'a str,
    /// Something went wrong on the management node (an injected failure):
    /// every VM fails with this cause and the record ends `Exception`.
    pub exception: Option<String>,
}

/// `yyyyMMddHHmm_<script name>`, as ZStack names a run.
fn record_name(unix_secs: u64, script: &str) -> String {
    let t = DateTime::from_unix(unix_secs);
    format!(
        "{:04}{:02}{:02}{:02}{:02}_{script}",
        t.year, t.month, t.day, t.hour, t.minute
    )
}

/// Why ZStack cannot run the script in this VM at all, if it cannot: the
/// same checks as ExecuteGuestVmCommand, as the detail's `errCause`.
fn blocker(vm: &Vm, platform: &ScriptPlatform) -> Option<String> {
    let uuid = vm.uuid();
    if vm.state() != VmState::Running {
        return Some(format!(
            "vm[uuid:{uuid}] is not running, current state is {}, cannot execute script",
            vm.state()
        ));
    }
    if !vm.qga_tag {
        return Some(format!(
            "qga is disabled for vm[uuid:{uuid}], cannot execute script"
        ));
    }
    if !vm.qga_alive() {
        return Some(format!(
            "qga is not running in vm[uuid:{uuid}], cannot execute script"
        ));
    }
    let vm_platform = vm.exec_platform();
    let fits = match platform {
        ScriptPlatform::Linux => vm_platform == Platform::Linux,
        ScriptPlatform::Windows => vm_platform == Platform::Windows,
        ScriptPlatform::Other(_) => false,
    };
    if !fits {
        return Some(format!(
            "the script is for {platform} but vm[uuid:{uuid}] runs {vm_platform}, cannot execute script"
        ));
    }
    None
}

/// Real time from `started` to `at`, as unix milliseconds on the wall clock.
fn wall(unix_ms: u64, started: Instant, at: Instant) -> Timestamp {
    let ms = unix_ms + at.duration_since(started).as_millis() as u64;
    ts_at(ms / 1000)
}

impl World {
    /// ExecuteGuestVmScript: a new record, `Running`, with one detail per VM,
    /// `Uploading`. Each VM that can run the script runs it now in its
    /// guest; its detail turns `Running` after `script_upload_ms` and ends
    /// `script_run_ms` plus the guest time it spends later (or at the
    /// timeout). A VM that cannot run it fails when its upload would end.
    ///
    /// One script file per VM: a VM still busy with an earlier run gets the
    /// new file, so that earlier run reports what the new script wrote.
    pub fn start_run(
        &mut self,
        req: RunRequest<'_>,
        rt: &Runtime,
        now: Instant,
        unix_ms: u64,
    ) -> Result<RecordInv, ErrorCode> {
        let script = self
            .scripts
            .script(req.script_uuid)
            .ok_or_else(|| errors::not_found("uuid", req.script_uuid, "GuestVmScriptVO"))?
            .clone();
        let index: HashMap<&str, usize> = self
            .vms
            .iter()
            .enumerate()
            .map(|(i, v)| (v.uuid(), i))
            .collect();
        let mut vms = Vec::with_capacity(req.vm_uuids.len());
        for u in req.vm_uuids {
            let i = index
                .get(u.as_str())
                .copied()
                .ok_or_else(|| errors::not_found("vmInstanceUuids", u, "VmInstanceVO"))?;
            vms.push(i);
        }
        drop(index);

        let inv = &script.inv;
        let platform = inv.platform.clone().unwrap_or(ScriptPlatform::Linux);
        let script_type = inv.script_type.clone().unwrap_or(ScriptType::Shell);
        let stored = inv.script_content.clone().unwrap_or_default();
        let text = decode_content(&stored, inv.encoding_type.as_ref()).text;
        let params = parse_render_params(inv.render_params.as_deref()).unwrap_or_default();
        let content = render(&text, &params);
        let timeout = req.timeout.or(inv.script_timeout).unwrap_or(60);
        // ZStack's caveat: a Linux interpreter's output is read by `tail`,
        // whose exit code is the one reported.
        let reader_exit = platform == ScriptPlatform::Linux
            && matches!(
                script_type,
                ScriptType::Shell | ScriptType::Python | ScriptType::Perl
            );

        let record_uuid = crate::clock::random_uuid();
        let start_ts = ts_at(unix_ms / 1000);
        let upload_end = now + Duration::from_millis(rt.script_upload_ms);
        let run_base = Duration::from_millis(rt.script_run_ms);
        let mut details = Vec::with_capacity(vms.len());
        let mut procs = Vec::new();
        let mut last = upload_end;
        for &i in &vms {
            let vm = &self.vms[i];
            let cause = req.exception.clone().or_else(|| blocker(vm, &platform));
            let (running_at, ends_at, end) = match cause {
                Some(cause) => (None, upload_end, Finish::not_run(cause)),
                None => {
                    let out = run_script(vm, &script_type, &content, upload_end);
                    let limit = timeout as f64;
                    if out.guest_secs > 0.0 {
                        let program = out.sleeper.clone().unwrap_or_else(|| "sleep".into());
                        let ends = upload_end + rt.guest_duration(out.guest_secs);
                        procs.push((i, program, ends, out.guest_secs));
                    }
                    if out.guest_secs > limit {
                        let ends = upload_end + run_base + rt.guest_duration(limit);
                        let cause = format!(
                            "execute script timeout after {timeout} seconds in vm[uuid:{}]",
                            vm.uuid()
                        );
                        (Some(upload_end), ends, Finish::not_run(cause))
                    } else {
                        let ends = upload_end + run_base + rt.guest_duration(out.guest_secs);
                        let stdout = host::arrive(&out.stdout, !out.whole);
                        let stderr = host::arrive(&out.stderr, !out.whole);
                        let exit = if reader_exit { 0 } else { out.exit };
                        let status = if stderr.is_empty() {
                            DetailStatus::Completed
                        } else {
                            DetailStatus::Failed
                        };
                        let end = Finish {
                            status,
                            exit_code: Some(i64::from(exit)),
                            stdout: Some(stdout),
                            stderr: Some(stderr),
                            err_cause: Some(String::new()),
                        };
                        (Some(upload_end), ends, end)
                    }
                }
            };
            last = last.max(ends_at);
            details.push(Detail {
                inv: GuestVmScriptExecutedRecordDetailInventory {
                    record_uuid: Some(record_uuid.clone()),
                    vm_instance_uuid: Some(vm.uuid().to_owned()),
                    vm_name: vm.inv.name.clone(),
                    status: Some(DetailStatus::Uploading),
                    start_time: Some(start_ts.clone()),
                    end_time: Some(start_ts.clone()),
                    ..Default::default()
                },
                plan: Plan {
                    running_at,
                    ends_at,
                    end_ts: wall(unix_ms, now, ends_at),
                    end,
                },
            });
        }
        let first_line = content.lines().next().unwrap_or_default().to_owned();
        for (i, program, ends, secs) in procs {
            self.vms[i]
                .procs
                .start(&first_line, &program, upload_end, ends, secs);
        }

        // The one script file per VM: earlier runs still going on these VMs
        // read what this run's script writes.
        let mine: HashMap<&str, &Detail> = details
            .iter()
            .filter(|d| d.plan.running_at.is_some())
            .filter_map(|d| Some((d.inv.vm_instance_uuid.as_deref()?, d)))
            .collect();
        for r in self.scripts.records.iter_mut().filter(|r| r.is_running()) {
            for d in r.details.iter_mut().filter(|d| in_flight(&d.inv)) {
                let vm = d.inv.vm_instance_uuid.as_deref().unwrap_or_default();
                if let Some(new) = mine.get(vm) {
                    if d.plan.running_at.is_some() {
                        d.plan.end = new.plan.end.clone();
                    }
                }
            }
        }
        drop(mine);

        // The table's key is (recordUuid, vmInstanceUuid): rows come in VM UUID order.
        details.sort_by(|a, b| a.inv.vm_instance_uuid.cmp(&b.inv.vm_instance_uuid));
        let count = details.len();
        let record = Record {
            inv: RecordInv {
                uuid: Some(record_uuid),
                script_uuid: inv.uuid.clone(),
                record_name: Some(record_name(
                    unix_ms / 1000,
                    inv.name.as_deref().unwrap_or_default(),
                )),
                script_timeout: Some(timeout),
                status: Some(RecordStatus::Running),
                executor: Some(req.executor.to_owned()),
                execution_count: Some(count as u64),
                version: Some(script.version),
                encoding_type: inv.encoding_type.clone(),
                script_content: Some(stored),
                render_params: inv.render_params.clone(),
                start_time: Some(start_ts.clone()),
                // As ZStack's own example shows a Running record: the end
                // equals the start until the run ends.
                end_time: Some(start_ts),
            },
            details,
            exception: req.exception.is_some(),
            unsettled: count,
            next_change: Some(now),
            end_ts: wall(unix_ms, now, last),
        };
        let reply = record.inv.clone();
        self.scripts.records.push(record);
        Ok(reply)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_names_only() {
        let p = [
            RenderParam::new("who", "world", ""),
            RenderParam::new("n", "3", ""),
        ];
        assert_eq!(
            render("echo {{who}} {{ n }} {{missing}} '{{.ID}}'", &p),
            "echo world 3  '{{.ID}}'"
        );
        assert_eq!(render("echo {{who}}", &[]), "echo {{who}}");
        assert_eq!(render("a {{b", &p), "a {{b");
    }

    #[test]
    fn names_a_run_by_minute() {
        // 2024-09-23 11:53:59 UTC
        assert_eq!(record_name(1_727_092_439, "s1"), "202409231153_s1");
    }
}

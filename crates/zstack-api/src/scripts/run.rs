//! Before a run: which VMs can take the script, each with its reason. During
//! and after: when to poll the record, and how to read a VM's exit code.

use crate::models::{
    DetailStatus, GuestToolsStateInventory, GuestVmScriptExecutedRecordDetailInventory as Detail,
    Platform, QgaState, RecordStatus, ScriptPlatform, ScriptType, VmInstanceInventory,
};
use crate::reason::{assess, Reason, ToolsPicture};
use std::collections::HashMap;

/// Whether one VM is sent the script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunVerdict {
    Ready,
    /// Sent, but not known to work: ZStack decides, and that VM's detail
    /// says why if it could not run.
    Unverified(Doubt),
    /// Not sent.
    Refused(Refusal),
}

impl RunVerdict {
    pub fn is_sent(&self) -> bool {
        !matches!(self, RunVerdict::Refused(_))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doubt {
    /// The VM page's reason is `Unknown`: the agent's state (or the VM's)
    /// is not loaded, or is a value this console does not know.
    ReadinessUnknown,
    /// The VM's platform is `Other`, missing or new: it may not be the
    /// script's.
    PlatformUnknown,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The VM's platform is known and not the script's.
    WrongPlatform,
    /// The VM page's own reason, from the VM state and `qgaState`
    /// ([`crate::reason::assess`]): not running, busy, agent down...
    NotReady(Reason),
    /// An earlier run on this VM is still going: ZStack writes one script
    /// file per VM, so a second run would overwrite it.
    StillRunning { record_uuid: Option<String> },
}

/// Which script platform a VM platform runs: Linux and Paravirtualization
/// (Linux guests with PV drivers) are Linux, Windows and WindowsVirtio are
/// Windows; `Other`, a missing and an unknown value are not known.
pub fn vm_script_platform(p: Option<&Platform>) -> Option<ScriptPlatform> {
    match p? {
        Platform::Linux | Platform::Paravirtualization => Some(ScriptPlatform::Linux),
        Platform::Windows | Platform::WindowsVirtio => Some(ScriptPlatform::Windows),
        Platform::OtherOs | Platform::Other(_) => None,
    }
}

/// One VM. `in_flight`: details still going (see
/// [`crate::QueryGuestVmScriptExecutedRecordDetail::in_flight`]); others are
/// ignored. Checks run from what no waiting fixes (platform) to what ends
/// by itself (a previous run), so the reason shown is the one to act on.
pub fn check_vm(
    vm: &VmInstanceInventory,
    qga: Option<&QgaState>,
    script_platform: &ScriptPlatform,
    in_flight: &[Detail],
) -> RunVerdict {
    let running = vm.uuid.as_deref().and_then(|u| {
        in_flight
            .iter()
            .find(|d| d.vm_instance_uuid.as_deref() == Some(u) && is_in_flight(d))
    });
    verdict(vm, qga, script_platform, running)
}

fn is_in_flight(d: &Detail) -> bool {
    d.status.as_ref().is_some_and(DetailStatus::is_in_flight)
}

fn verdict(
    vm: &VmInstanceInventory,
    qga: Option<&QgaState>,
    script_platform: &ScriptPlatform,
    running: Option<&Detail>,
) -> RunVerdict {
    let vm_platform = vm_script_platform(vm.platform.as_ref());
    if vm_platform.as_ref().is_some_and(|p| p != script_platform) {
        return RunVerdict::Refused(Refusal::WrongPlatform);
    }
    let a = assess(&ToolsPicture {
        vm_state: vm.state.as_ref(),
        qga,
        ..Default::default()
    });
    let agent_unknown = a.reason == Reason::Unknown;
    if !a.can_run_commands && !agent_unknown {
        return RunVerdict::Refused(Refusal::NotReady(a.reason));
    }
    if let Some(d) = running {
        return RunVerdict::Refused(Refusal::StillRunning {
            record_uuid: d.record_uuid.clone(),
        });
    }
    match (agent_unknown, vm_platform) {
        (true, _) => RunVerdict::Unverified(Doubt::ReadinessUnknown),
        (false, None) => RunVerdict::Unverified(Doubt::PlatformUnknown),
        (false, Some(_)) => RunVerdict::Ready,
    }
}

/// [`check_vm`] for each VM, in order, `qgaState` looked up in `tools`
/// (QueryGuestToolsState's rows) by VM UUID; both lists are indexed once,
/// so 2,000 VMs cost 2,000 look-ups.
pub fn check_vms(
    vms: &[VmInstanceInventory],
    tools: &[GuestToolsStateInventory],
    script_platform: &ScriptPlatform,
    in_flight: &[Detail],
) -> Vec<RunVerdict> {
    let qga: HashMap<&str, &QgaState> = tools
        .iter()
        .filter_map(|t| Some((t.vm_instance_uuid.as_deref()?, t.qga_state.as_ref()?)))
        .collect();
    let mut running: HashMap<&str, &Detail> = HashMap::new();
    for d in in_flight.iter().filter(|d| is_in_flight(d)) {
        if let Some(u) = d.vm_instance_uuid.as_deref() {
            running.entry(u).or_insert(d);
        }
    }
    vms.iter()
        .map(|vm| {
            let uuid = vm.uuid.as_deref();
            let q = uuid.and_then(|u| qga.get(u).copied());
            let r = uuid.and_then(|u| running.get(u).copied());
            verdict(vm, q, script_platform, r)
        })
        .collect()
}

/// The UUIDs of the VMs whose verdict sends them, in order: the one
/// ExecuteGuestVmScript's `vmInstanceUuids`.
pub fn sent_uuids(vms: &[VmInstanceInventory], verdicts: &[RunVerdict]) -> Vec<String> {
    vms.iter()
        .zip(verdicts)
        .filter(|(_, v)| v.is_sent())
        .filter_map(|(vm, _)| vm.uuid.clone())
        .collect()
}

/// Whether to stop polling a record: any status but `Running`. A record
/// without a status is still being written: keep polling.
pub fn record_done(status: Option<&RecordStatus>) -> bool {
    status.is_some_and(RecordStatus::is_done)
}

/// Whether every VM of a run has its final status.
pub fn details_settled(details: &[Detail]) -> bool {
    details
        .iter()
        .all(|d| d.status.is_some() && !is_in_flight(d))
}

/// How often a running record is polled: `first_delay_ms`, doubling after
/// each poll up to `max_delay_ms` (as [`crate::JobPolicy`] does for jobs).
/// The caller owns the timer, pauses while the tab is hidden and starts
/// again from the first delay on return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordPollPolicy {
    pub first_delay_ms: u64,
    pub max_delay_ms: u64,
}

impl Default for RecordPollPolicy {
    fn default() -> Self {
        RecordPollPolicy {
            first_delay_ms: 1_000,
            max_delay_ms: 10_000,
        }
    }
}

impl RecordPollPolicy {
    /// The wait before poll number `polls_done + 1`; at least 1 ms.
    pub fn delay_ms(&self, polls_done: u32) -> u64 {
        let max = self.max_delay_ms.max(1);
        let factor = 1u64.checked_shl(polls_done.min(63)).unwrap_or(u64::MAX);
        self.first_delay_ms.saturating_mul(factor).clamp(1, max)
    }
}

/// Whether the reported exit code is that of the `tail` reading the output
/// files rather than the script's: Shell, Python and Perl on Linux (the
/// host agent's way of collecting output). Windows' Bat and Powershell
/// report the script's own.
pub fn exit_code_is_reader(platform: &ScriptPlatform, script_type: &ScriptType) -> bool {
    *platform == ScriptPlatform::Linux
        && matches!(
            script_type,
            ScriptType::Shell | ScriptType::Python | ScriptType::Perl
        )
}

/// A VM that ran but is `Failed` only because it wrote to stderr (ZStack
/// calls any run with stderr failed): no `errCause`, stderr not blank.
pub fn failed_by_stderr(d: &Detail) -> bool {
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    d.status == Some(DetailStatus::Failed) && blank(&d.err_cause) && !blank(&d.stderr)
}

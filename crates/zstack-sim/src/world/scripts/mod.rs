//! The script library (ZSTACK-API.md §6): saved scripts, one record per run,
//! and each VM's part in a run with its state machine (`Uploading` →
//! `Running` → `Completed`/`Failed`; the record `Running` → `Succeed`/
//! `Failed`/`Exception`).
//!
//! A run is planned when it starts: for each VM the guest runs the script at
//! once (the output is known), and the detail's status moves at the planned
//! instants, applied lazily whenever the world is read ([`Scripts::tick`]).
//! So a run over 2,000 VMs costs no task or timer per VM, and its queries
//! see the state of that moment.
//!
//! This file is the storage; [`plan`] decides each VM's outcome when a run
//! starts and [`advance`] moves the details along their plans.

mod advance;
mod plan;

pub use plan::RunRequest;

use plan::Plan;
use serde::Serialize;
use std::time::Instant;
use zstack_api::{
    EncodingType, GuestVmScriptExecutedRecordDetailInventory, GuestVmScriptInventory, RecordStatus,
    Timestamp,
};

/// Everything the library holds; `/_sim/reset` empties it with the world.
#[derive(Debug, Clone, Default)]
pub struct Scripts {
    pub scripts: Vec<Script>,
    pub records: Vec<Record>,
}

/// A saved script. `inv.encoding_type` is what it was created with on a
/// newer server (5.2/5.3 leave it `None`); replies of a 5.2/5.3 server
/// leave it out whatever it holds.
#[derive(Debug, Clone)]
pub struct Script {
    pub inv: GuestVmScriptInventory,
    /// `GuestVmScriptEO.version`: 1 at create, +1 per update; runs record it.
    pub version: u64,
}

/// GuestVmScriptExecutedRecordInventory as ZStack writes it (numbers as
/// numbers). `encodingType` goes with `scriptContent` on newer servers
/// (`GuestVmScriptExecutedRecordVO` has the column), never on 5.2/5.3.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordInv {
    pub uuid: Option<String>,
    pub script_uuid: Option<String>,
    pub record_name: Option<String>,
    pub script_timeout: Option<u64>,
    pub status: Option<RecordStatus>,
    pub executor: Option<String>,
    pub execution_count: Option<u64>,
    pub version: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<EncodingType>,
    pub script_content: Option<String>,
    pub render_params: Option<String>,
    pub start_time: Option<Timestamp>,
    pub end_time: Option<Timestamp>,
}

/// One run of a script on many VMs.
#[derive(Debug, Clone)]
pub struct Record {
    pub inv: RecordInv,
    pub details: Vec<Detail>,
    /// The run went wrong on the management node: the record ends `Exception`.
    exception: bool,
    /// Details still `Uploading` or `Running`.
    unsettled: usize,
    /// The next instant at which a detail changes.
    next_change: Option<Instant>,
    /// When the last detail ends.
    end_ts: Timestamp,
}

/// One VM of one run.
#[derive(Debug, Clone)]
pub struct Detail {
    pub inv: GuestVmScriptExecutedRecordDetailInventory,
    plan: Plan,
}

impl Scripts {
    pub fn script(&self, uuid: &str) -> Option<&Script> {
        self.scripts
            .iter()
            .find(|s| s.inv.uuid.as_deref() == Some(uuid))
    }

    pub fn script_mut(&mut self, uuid: &str) -> Option<&mut Script> {
        self.scripts
            .iter_mut()
            .find(|s| s.inv.uuid.as_deref() == Some(uuid))
    }
}

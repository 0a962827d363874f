//! The reads behind a run's verdicts: the chosen VMs, their recorded agent
//! state and every VM run still going, then `check_vms` decides. `/run`
//! reads the first two ([`read_chosen`]).

use crate::api;
use futures::future::try_join_all;
use zstack_api::scripts::{check_vms, RunVerdict};
use zstack_api::{
    ApiError, GuestToolsStateInventory, Op, Query, QueryGuestToolsState,
    QueryGuestVmScriptExecutedRecordDetail, QueryVmInstance, ScriptPlatform, VmInstanceInventory,
};

/// UUIDs per `?=` list: 100 keep a query URL near 3.5 KB, which every
/// proxy takes (2,000 in one would not be).
const UUIDS_PER_QUERY: usize = 100;

/// The chosen VMs, each with its verdict; UUIDs ZStack no longer knows apart.
#[derive(Clone, Debug, PartialEq)]
pub struct RunCheck {
    pub vms: Vec<VmInstanceInventory>,
    pub verdicts: Vec<RunVerdict>,
    pub missing: Vec<String>,
}

impl RunCheck {
    /// The UUIDs sent, in the order chosen.
    pub fn sent(&self) -> Vec<String> {
        zstack_api::scripts::sent_uuids(&self.vms, &self.verdicts)
    }

    /// The UUIDs refused (not sent), missing ones included.
    pub fn refused(&self) -> Vec<String> {
        let sent = self.sent();
        self.vms
            .iter()
            .filter_map(|vm| vm.uuid.clone())
            .filter(|u| !sent.contains(u))
            .chain(self.missing.iter().cloned())
            .collect()
    }
}

async fn vms(chunk: &[String]) -> Result<Vec<VmInstanceInventory>, ApiError> {
    let query = Query::new()
        .cond("uuid", Op::In, chunk.join(","))
        .limit(chunk.len() as u32);
    api::call(&QueryVmInstance { query })
        .await
        .map(|r| r.inventories)
}

/// QueryGuestToolsState of the chunk; a release without `/guesttools`
/// (404) has no record, and `check_vms` then leaves the agent unknown.
async fn tools(chunk: &[String]) -> Result<Vec<GuestToolsStateInventory>, ApiError> {
    let query = Query::new().cond("vmInstanceUuid", Op::In, chunk.join(","));
    match api::call(&QueryGuestToolsState { query }).await {
        Ok(r) => Ok(r.inventories),
        Err(ApiError::Rest { status: 404, .. }) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// The chosen VMs as ZStack holds them, in the order chosen, with their
/// agents' recorded states; UUIDs ZStack no longer knows apart. `/run` checks
/// its ad-hoc command with these alone (no script file to overwrite there).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ChosenVms {
    pub vms: Vec<VmInstanceInventory>,
    pub tools: Vec<GuestToolsStateInventory>,
    pub missing: Vec<String>,
}

async fn read_chunks(uuids: &[String]) -> Result<ChosenVms, ApiError> {
    let chunks: Vec<&[String]> = uuids.chunks(UUIDS_PER_QUERY).collect();
    let (found, tools) = futures::future::try_join(
        try_join_all(chunks.iter().map(|c| vms(c))),
        try_join_all(chunks.iter().map(|c| tools(c))),
    )
    .await?;
    let mut found: Vec<VmInstanceInventory> = found.into_iter().flatten().collect();
    let mut ordered = Vec::with_capacity(uuids.len());
    let mut missing = Vec::new();
    for u in uuids {
        match found.iter().position(|v| v.uuid.as_deref() == Some(u)) {
            Some(i) => ordered.push(found.swap_remove(i)),
            None => missing.push(u.clone()),
        }
    }
    Ok(ChosenVms {
        vms: ordered,
        tools: tools.into_iter().flatten().collect(),
        missing,
    })
}

/// The VMs and their agents' states, read together (one round trip).
pub async fn read_chosen(uuids: &[String]) -> Result<ChosenVms, ApiError> {
    if uuids.is_empty() {
        return Ok(ChosenVms::default());
    }
    read_chunks(uuids).await
}

/// Reads all three at once and decides. The VMs come back in the order chosen.
pub async fn check(uuids: Vec<String>, platform: ScriptPlatform) -> Result<RunCheck, ApiError> {
    if uuids.is_empty() {
        return Ok(RunCheck {
            vms: Vec::new(),
            verdicts: Vec::new(),
            missing: Vec::new(),
        });
    }
    let in_flight = QueryGuestVmScriptExecutedRecordDetail::in_flight();
    let (chosen, in_flight) =
        futures::future::try_join(read_chunks(&uuids), api::call(&in_flight)).await?;
    let verdicts = check_vms(
        &chosen.vms,
        &chosen.tools,
        &platform,
        &in_flight.inventories,
    );
    Ok(RunCheck {
        vms: chosen.vms,
        verdicts,
        missing: chosen.missing,
    })
}

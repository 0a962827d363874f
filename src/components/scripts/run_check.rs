//! The reads behind a run's verdicts: the chosen VMs, their recorded agent
//! state and every VM run still going, then `check_vms` decides.

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

/// Reads all three at once and decides. The VMs come back in the order chosen.
pub async fn check(uuids: Vec<String>, platform: ScriptPlatform) -> Result<RunCheck, ApiError> {
    if uuids.is_empty() {
        return Ok(RunCheck {
            vms: Vec::new(),
            verdicts: Vec::new(),
            missing: Vec::new(),
        });
    }
    let chunks: Vec<&[String]> = uuids.chunks(UUIDS_PER_QUERY).collect();
    let in_flight = QueryGuestVmScriptExecutedRecordDetail::in_flight();
    let (found, states, in_flight) = futures::future::try_join3(
        try_join_all(chunks.iter().map(|c| vms(c))),
        try_join_all(chunks.iter().map(|c| tools(c))),
        api::call(&in_flight),
    )
    .await?;
    let mut found: Vec<VmInstanceInventory> = found.into_iter().flatten().collect();
    let states: Vec<GuestToolsStateInventory> = states.into_iter().flatten().collect();
    let mut ordered = Vec::with_capacity(uuids.len());
    let mut missing = Vec::new();
    for u in &uuids {
        match found.iter().position(|v| v.uuid.as_deref() == Some(u)) {
            Some(i) => ordered.push(found.swap_remove(i)),
            None => missing.push(u.clone()),
        }
    }
    let verdicts = check_vms(&ordered, &states, &platform, &in_flight.inventories);
    Ok(RunCheck {
        vms: ordered,
        verdicts,
        missing,
    })
}

//! Guest tools across the fleet: which VMs need attention, the queries that
//! find them for the whole fleet (not just the page on screen), and which VMs
//! a bulk attach or detach of the tools ISO must skip, and why.
//!
//! ZStack ANDs query conditions and cannot join a VM to its missing record,
//! so "needs attention" (qga *or* zwatch not Running, *or* no record) is not
//! one query. Its complement is: both agents Running is two ANDed
//! conditions. The console reads the healthy VMs' uuids and the matching
//! VMs' uuids in order (both with `fields=`, in parallel), and the
//! difference is the attention list, counted and paged without another read.

use crate::lifecycle::{tools_drive_choice, DriveChoice};
use crate::models::{
    GuestToolsStateInventory, QgaState, VmInstanceInventory, VmState, ZWatchState,
};
use crate::query::{Op, Query};
use std::collections::HashSet;

/// Every id of the fleet in one answer: ZStack's default `limit` is 1,000.
pub const ALL: u32 = 1_000_000;

/// Whether a VM's guest tools need an operator: an agent not Running, or
/// nothing recorded at all (`None`).
pub fn needs_attention(record: Option<&GuestToolsStateInventory>) -> bool {
    match record {
        None => true,
        Some(r) => {
            r.qga_state.as_ref() != Some(&QgaState::Running)
                || r.zwatch_state.as_ref() != Some(&ZWatchState::Running)
        }
    }
}

/// The uuids of the VMs whose two agents both run (the complement of
/// "needs attention" among VMs with a record).
pub fn healthy_query() -> Query {
    Query::new()
        .cond("qgaState", Op::Eq, "Running")
        .cond("zwatchState", Op::Eq, "Running")
        .fields(&["vmInstanceUuid"])
        .limit(ALL)
}

/// The recorded states of the VMs on one page, in one call.
pub fn states_query(uuids: &[String]) -> Query {
    Query::new()
        .cond("vmInstanceUuid", Op::In, uuids.join(","))
        .limit(uuids.len().max(1) as u32)
}

/// Whole VM inventories by uuid, in one call.
pub fn vms_query(uuids: &[String]) -> Query {
    Query::new()
        .cond("uuid", Op::In, uuids.join(","))
        .limit(uuids.len().max(1) as u32)
}

/// The uuids of every VM the list's search matches, in the list's order.
pub fn ordered_ids_query(list: Query) -> Query {
    Query {
        limit: Some(ALL),
        start: None,
        reply_with_count: false,
        fields: vec!["uuid".into()],
        ..list
    }
}

/// One page of the VMs that need attention, and how many there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttentionPage {
    pub uuids: Vec<String>,
    pub total: usize,
}

/// `ordered`: the matching VMs in the list's order; `healthy`: VMs whose
/// agents both run. Everything else needs attention (a VM with no record
/// included), counted over the whole fleet.
pub fn attention_page(
    ordered: &[String],
    healthy: &HashSet<String>,
    page: u32,
    page_size: u32,
) -> AttentionPage {
    let size = page_size.max(1) as usize;
    let mut total = 0;
    let mut uuids = Vec::with_capacity(size);
    let first = page as usize * size;
    for u in ordered.iter().filter(|u| !healthy.contains(*u)) {
        if total >= first && uuids.len() < size {
            uuids.push(u.clone());
        }
        total += 1;
    }
    AttentionPage { uuids, total }
}

/// A bulk action on the selected VMs' guest-tools ISO.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BulkAction {
    AttachToolsIso,
    DetachToolsIso,
}

/// Why a VM is left out of a bulk action before anything is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Attach: nothing would install the tools in a guest that is not running.
    NotRunning(Option<VmState>),
    /// Detach: ZStack changes CD-ROMs only on Running and Stopped VMs.
    WrongState(Option<VmState>),
    /// No CD-ROM drive: ZStack would answer GT.1001.
    NoCdRom,
    /// Every drive holds the user's ISO: attaching would detach it. Never in bulk.
    WouldEvict { iso_uuid: Option<String> },
    /// Detach: no drive holds the tools ISO (or the release does not say).
    NoToolsIso,
    /// ZStack no longer knows the VM (deleted since it was selected).
    Gone,
}

/// Decides whether `vm` takes part in `action`, by ZStack's own rules.
pub fn bulk_check(action: BulkAction, vm: &VmInstanceInventory) -> Result<(), Skip> {
    let state = vm.state.clone();
    let choice = tools_drive_choice(&vm.vm_cd_roms);
    match action {
        BulkAction::AttachToolsIso => {
            if state != Some(VmState::Running) {
                return Err(Skip::NotRunning(state));
            }
            match choice {
                DriveChoice::NoCdRom => Err(Skip::NoCdRom),
                DriveChoice::Evicts { iso_uuid, .. } => Err(Skip::WouldEvict { iso_uuid }),
                DriveChoice::Empty { .. } | DriveChoice::AlreadyHolds { .. } => Ok(()),
            }
        }
        BulkAction::DetachToolsIso => {
            if !matches!(state, Some(VmState::Running | VmState::Stopped)) {
                return Err(Skip::WrongState(state));
            }
            match choice {
                DriveChoice::AlreadyHolds { .. } => Ok(()),
                _ => Err(Skip::NoToolsIso),
            }
        }
    }
}

/// Where one VM of a bulk run stands.
#[derive(Debug, Clone, PartialEq)]
pub enum BulkOutcome<E> {
    Waiting,
    InFlight,
    Done,
    Failed(E),
    Skipped(Skip),
}

impl<E> BulkOutcome<E> {
    /// Finished, one way or the other.
    pub fn settled(&self) -> bool {
        !matches!(self, BulkOutcome::Waiting | BulkOutcome::InFlight)
    }
}

/// What a rerun sends: the VMs that failed, and only those.
pub fn rerun_targets<'a, E>(
    outcomes: impl IntoIterator<Item = (&'a str, &'a BulkOutcome<E>)>,
) -> Vec<String>
where
    E: 'a,
{
    outcomes
        .into_iter()
        .filter(|(_, o)| matches!(o, BulkOutcome::Failed(_)))
        .map(|(u, _)| u.to_owned())
        .collect()
}

/// "7 of 20 done": settled VMs (skips included) of all.
pub fn progress<'a, E: 'a>(
    outcomes: impl IntoIterator<Item = &'a BulkOutcome<E>>,
) -> (usize, usize) {
    outcomes.into_iter().fold((0, 0), |(done, all), o| {
        (done + usize::from(o.settled()), all + 1)
    })
}

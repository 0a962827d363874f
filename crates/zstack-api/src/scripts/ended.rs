//! When a run ended, as far as its record says.

use super::run::record_done;
use crate::models::{GuestVmScriptExecutedRecordInventory as Record, Timestamp};

/// The record's `endTime`, once its status is an end. ZStack writes a
/// running record's `endTime` equal to its `startTime` (its own example of
/// ExecuteGuestVmScript's reply shows so): read while `Running` (or with no
/// status yet) it would claim the run ended as it began.
pub fn ended_at(record: &Record) -> Option<&Timestamp> {
    record
        .end_time
        .as_ref()
        .filter(|_| record_done(record.status.as_ref()))
}

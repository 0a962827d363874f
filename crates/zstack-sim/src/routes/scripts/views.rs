//! How the library reads back: scripts and records as this server
//! generation shows them (with or without `encodingType`), and the three
//! query APIs.

use crate::routes::{query, Ctx, SyncResult};
use crate::world::{RecordInv, Script};
use std::borrow::Cow;
use zstack_api::{
    EncodingType, GuestVmScriptExecutedRecordDetailInventory, GuestVmScriptInventory,
};

/// A script as this server shows it: a newer one always has `encodingType`
/// (a script from before the field reads `PlainText`, as ZStack's upgrade
/// fills the column), 5.2/5.3 never.
pub(super) fn script_view(s: &Script, newer: bool) -> Cow<'_, GuestVmScriptInventory> {
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

pub(super) fn record_view(r: &RecordInv, newer: bool) -> Cow<'_, RecordInv> {
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

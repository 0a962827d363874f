//! The script library (ZSTACK-API.md §6), read-only: the three query APIs
//! must decode with zstack-api's own reply types, and `/scripts/records`
//! and `/scripts/records/details` must be their own paths (records and
//! details), not a script UUID.

use super::{Check, Probe};
use zstack_api::scripts::ServerGeneration;
use zstack_api::{
    decode, Endpoint, GuestVmScriptQueryReply, QueryGuestVmScript,
    QueryGuestVmScriptExecutedRecord, QueryGuestVmScriptExecutedRecordDetail, Reply,
    ScriptRecordDetailQueryReply, ScriptRecordQueryReply,
};

/// Members only a GuestVmScriptInventory has: a records path answered as a
/// script query would show them.
fn looks_like_scripts(body: &str) -> bool {
    body.contains("\"scriptType\"") || body.contains("\"lastOpDate\"")
}

impl Probe {
    pub(super) fn script_checks(&self, session: &str) -> Vec<Check> {
        let mut checks = Vec::new();
        let mut check = |name, ok, detail: String| checks.push(Check { name, ok, detail });

        let a = self.send(&QueryGuestVmScript::page("", 0, 20).request(), session);
        let (ok, detail) = match decode::<GuestVmScriptQueryReply>(a.status, a.body.as_bytes()) {
            Ok(Reply::Done(r)) => {
                let generation = match ServerGeneration::from_scripts(&r.inventories) {
                    ServerGeneration::Newer => "encodingType seen: a newer release",
                    ServerGeneration::Legacy => {
                        "no encodingType: 5.2/5.3 (or scripts from before it)"
                    }
                    ServerGeneration::Unknown => "empty library: generation unknown",
                };
                let total = r.total.map_or(String::new(), |t| format!(" of {t}"));
                (
                    true,
                    format!("{}{total} scripts; {generation}", r.inventories.len()),
                )
            }
            _ => (false, a.brief()),
        };
        check("QueryGuestVmScript: 200, scripts that decode", ok, detail);

        let a = self.send(
            &QueryGuestVmScriptExecutedRecord::page(0, 5).request(),
            session,
        );
        let records = match decode::<ScriptRecordQueryReply>(a.status, a.body.as_bytes()) {
            Ok(Reply::Done(r)) if !looks_like_scripts(&a.body) => Some(r.inventories),
            _ => None,
        };
        let detail = match &records {
            Some(r) => format!("{} runs on the first page", r.len()),
            None => a.brief(),
        };
        check(
            "QueryGuestVmScriptExecutedRecord: /scripts/records is runs, not a script",
            records.is_some(),
            detail,
        );

        // The details of the newest run, or those still in flight.
        let newest = records.iter().flatten().find_map(|r| r.uuid.clone());
        let q = match &newest {
            Some(u) => QueryGuestVmScriptExecutedRecordDetail::of_record(u, 0, 20),
            None => QueryGuestVmScriptExecutedRecordDetail::in_flight(),
        };
        let a = self.send(&q.request(), session);
        let (ok, detail) = match decode::<ScriptRecordDetailQueryReply>(a.status, a.body.as_bytes())
        {
            Ok(Reply::Done(r)) if !looks_like_scripts(&a.body) => {
                let what = if newest.is_some() {
                    "of the newest run"
                } else {
                    "in flight"
                };
                (true, format!("{} VM rows {what}", r.inventories.len()))
            }
            _ => (false, a.brief()),
        };
        check(
            "QueryGuestVmScriptExecutedRecordDetail: /scripts/records/details is VM rows",
            ok,
            detail,
        );
        checks
    }
}

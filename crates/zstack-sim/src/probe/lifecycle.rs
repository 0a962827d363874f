//! The guest-tools lifecycle APIs (ZSTACK-API.md §5), read-only: the
//! replies must decode with zstack-api's own types, and which of the newer
//! APIs this server has is reported rather than assumed.

use super::{Answer, Check, Probe};
use zstack_api::{
    decode, ApiError, ApiRequest, CdRomQueryReply, DetachGuestToolsIsoFromVm, Endpoint,
    GetLatestGuestToolsForVm, GetVmQga, LatestGuestToolsReply, Query, QueryVmCdRom, Reply,
    VmQgaReply,
};

/// A UUID that names nothing: asking about it changes nothing.
const BOGUS: &str = "0123456789abcdef0123456789abcdef";

impl Probe {
    /// Sends the request exactly as the console builds it.
    pub(super) fn send(&self, r: &ApiRequest, session: &str) -> Answer {
        let mut url = format!("{}{}", self.root, r.path);
        if !r.query.is_empty() {
            let q = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&r.query)
                .finish();
            url = format!("{url}?{q}");
        }
        self.call(r.method.as_str(), &url, Some(session), r.body.as_deref())
    }

    pub(super) fn lifecycle_checks(&self, session: &str) -> Vec<Check> {
        let mut checks = Vec::new();
        let mut check = |name, ok, detail: String| checks.push(Check { name, ok, detail });

        let query = QueryVmCdRom {
            query: Query {
                limit: Some(20),
                ..Query::new()
            },
        };
        let a = self.send(&query.request(), session);
        // Drives, not a VM called `cdroms` (RestServer maps the literal path first).
        let drives = match decode::<CdRomQueryReply>(a.status, a.body.as_bytes()) {
            Ok(Reply::Done(r)) if !a.body.contains("\"vmNics\"") => Some(r.inventories),
            _ => None,
        };
        let detail = match &drives {
            Some(d) => {
                let with = d.iter().filter(|c| c.occupant.is_some()).count();
                format!(
                    "{} drives, {with} with occupant ({})",
                    d.len(),
                    if with > 0 {
                        "a newer release"
                    } else {
                        "none seen"
                    }
                )
            }
            None => a.brief(),
        };
        check(
            "QueryVmCdRom: 200, drives that decode (occupant optional)",
            drives.is_some(),
            detail,
        );

        // A VM to ask about: the --exec-vm one, else the owner of a drive.
        let vm = self.exec_vm.clone().or_else(|| {
            drives
                .iter()
                .flatten()
                .find_map(|c| c.vm_instance_uuid.clone())
        });
        let Some(vm) = vm else {
            let skip = "skipped: no VM (no drive found; pass --exec-vm)".to_owned();
            check(
                "GetLatestGuestToolsForVm: 200 (inventory or none) or 503",
                true,
                skip.clone(),
            );
            check("GetVmQga: 200 {\"enable\": bool}", true, skip);
            return checks;
        };

        let a = self.send(
            &GetLatestGuestToolsForVm { uuid: vm.clone() }.request(),
            session,
        );
        let (ok, detail) = match decode::<LatestGuestToolsReply>(a.status, a.body.as_bytes()) {
            Ok(Reply::Done(r)) => match r.inventory {
                Some(inv) => (
                    true,
                    format!("offers {:?}", inv.version.unwrap_or_default()),
                ),
                None => (true, "no inventory: the VM has the newest".into()),
            },
            // Not Running, or no tools for the platform: an answer all the same.
            Err(ApiError::Api { status: 503, error }) => {
                (true, format!("503 {}", error.code.unwrap_or_default()))
            }
            Err(ApiError::Rest { status: 404, .. }) => (
                true,
                "404: no such API on this server (the console does without)".into(),
            ),
            _ => (false, a.brief()),
        };
        check(
            "GetLatestGuestToolsForVm: 200 (inventory or none) or 503",
            ok,
            detail,
        );

        let a = self.send(&GetVmQga { uuid: vm }.request(), session);
        let ok = matches!(
            decode::<VmQgaReply>(a.status, a.body.as_bytes()),
            Ok(Reply::Done(VmQgaReply { enable: Some(_) }))
        );
        check("GetVmQga: 200 {\"enable\": bool}", ok, a.brief());

        // On a VM that does not exist: a known action answers 202 (its job
        // fails), an older release a plain-text 400.
        let detach = DetachGuestToolsIsoFromVm { uuid: BOGUS.into() };
        let a = self.send(&detach.request(), session);
        let (ok, detail) = match a.status {
            202 => (true, "202: this release has it".into()),
            400 if a.looks_plain() && a.body.contains("action mapping") => {
                (true, "400 plain text: an older release without it".into())
            }
            _ => (false, a.brief()),
        };
        check(
            "DetachGuestToolsIsoFromVm: 202, or 400 plain text on an older release",
            ok,
            detail,
        );
        checks
    }
}

//! The guest-tools lifecycle APIs (ZSTACK-API.md §5): the latest tools for a
//! VM, ejecting the tools ISO, the `qemuga` tag, and the VM's CD-ROM drives.

use super::queries::query_request;
use super::{segment, ApiRequest, Endpoint, Method, NoParams};
use crate::models::{CdRomQueryReply, EmptyReply, LatestGuestToolsReply, VmQgaReply};
use crate::query::Query;
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DetachGuestToolsIsoFromVmBody {
    detach_guest_tools_iso_from_vm: NoParams,
}

#[derive(Serialize)]
struct SetVmQgaParams {
    enable: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SetVmQgaBody {
    set_vm_qga: SetVmQgaParams,
}

fn vm_path(uuid: &str, tail: &str) -> String {
    format!("/vm-instances/{}/{tail}", segment(uuid))
}

/// GET `/vm-instances/{uuid}/latest-guest-tools` (sync): an `inventory` only
/// when a newer release than the installed one exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetLatestGuestToolsForVm {
    pub uuid: String,
}

impl Endpoint for GetLatestGuestToolsForVm {
    type Reply = LatestGuestToolsReply;
    fn request(&self) -> ApiRequest {
        ApiRequest::new(Method::Get, vm_path(&self.uuid, "latest-guest-tools"))
    }
}

/// PUT `/vm-instances/{uuid}/actions` `{"detachGuestToolsIsoFromVm":{}}`
/// (async; since 4.10.16, older servers answer a plain-text 400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetachGuestToolsIsoFromVm {
    pub uuid: String,
}

impl Endpoint for DetachGuestToolsIsoFromVm {
    type Reply = EmptyReply;
    fn request(&self) -> ApiRequest {
        ApiRequest::new(Method::Put, vm_path(&self.uuid, "actions"))
            .body(&DetachGuestToolsIsoFromVmBody {
                detach_guest_tools_iso_from_vm: NoParams {},
            })
            .asynchronous()
    }
}

/// GET `/vm-instances/{uuid}/qga` (sync): whether the VM has the `qemuga` tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetVmQga {
    pub uuid: String,
}

impl Endpoint for GetVmQga {
    type Reply = VmQgaReply;
    fn request(&self) -> ApiRequest {
        ApiRequest::new(Method::Get, vm_path(&self.uuid, "qga"))
    }
}

/// PUT `/vm-instances/{uuid}/actions` `{"setVmQga":{"enable":bool}}` (async):
/// adds or removes the `qemuga` tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetVmQga {
    pub uuid: String,
    pub enable: bool,
}

impl Endpoint for SetVmQga {
    type Reply = EmptyReply;
    fn request(&self) -> ApiRequest {
        ApiRequest::new(Method::Put, vm_path(&self.uuid, "actions"))
            .body(&SetVmQgaBody {
                set_vm_qga: SetVmQgaParams {
                    enable: self.enable,
                },
            })
            .asynchronous()
    }
}

/// GET `/vm-instances/cdroms?q=...`: the drives, with newer releases' `occupant`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryVmCdRom {
    pub query: Query,
}

impl QueryVmCdRom {
    /// The drives of one VM, by `q=vmInstanceUuid=<uuid>`.
    pub fn of_vm(vm_uuid: &str) -> Self {
        QueryVmCdRom {
            query: Query::new().cond("vmInstanceUuid", crate::query::Op::Eq, vm_uuid),
        }
    }
}

impl Endpoint for QueryVmCdRom {
    type Reply = CdRomQueryReply;
    fn request(&self) -> ApiRequest {
        query_request("/vm-instances/cdroms", &self.query)
    }
}

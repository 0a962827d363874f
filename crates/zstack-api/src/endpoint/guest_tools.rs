//! The guest-tools APIs: read the tools' state, ask the guest again, attach
//! the tools ISO, run a command.

use super::{segment, ApiRequest, Endpoint, Method, NoParams};
use crate::models::{EmptyReply, ExecReply, GuestToolsStateReply, Platform, VmGuestToolsInfo};
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UpdateGuestToolsStateBody {
    update_guest_tools_state: NoParams,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AttachGuestToolsIsoToVmBody {
    attach_guest_tools_iso_to_vm: NoParams,
}

/// Field order as in the vendor's example.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExecParams<'a> {
    vm_instance_uuid: &'a str,
    platform: &'a str,
    command: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    command_timeout: Option<u32>,
}

#[derive(Serialize)]
struct ExecBody<'a> {
    params: ExecParams<'a>,
}

/// GET `/vm-instances/{uuid}/guest-tools-infos`: version, status, features.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetVmGuestToolsInfo {
    pub uuid: String,
}

impl Endpoint for GetVmGuestToolsInfo {
    type Reply = VmGuestToolsInfo;
    fn request(&self) -> ApiRequest {
        let path = format!("/vm-instances/{}/guest-tools-infos", segment(&self.uuid));
        ApiRequest::new(Method::Get, path)
    }
}

/// PUT `/vm-instances/{vmInstanceUuid}/guesttools-state`: asks the guest now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateGuestToolsState {
    pub vm_instance_uuid: String,
}

impl Endpoint for UpdateGuestToolsState {
    type Reply = GuestToolsStateReply;
    fn request(&self) -> ApiRequest {
        let path = format!(
            "/vm-instances/{}/guesttools-state",
            segment(&self.vm_instance_uuid)
        );
        ApiRequest::new(Method::Put, path).body(&UpdateGuestToolsStateBody {
            update_guest_tools_state: NoParams {},
        })
    }
}

/// PUT `/vm-instances/{uuid}/actions` `{"attachGuestToolsIsoToVm":{}}` (async).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachGuestToolsIsoToVm {
    pub uuid: String,
}

impl Endpoint for AttachGuestToolsIsoToVm {
    type Reply = EmptyReply;
    fn request(&self) -> ApiRequest {
        let path = format!("/vm-instances/{}/actions", segment(&self.uuid));
        ApiRequest::new(Method::Put, path)
            .body(&AttachGuestToolsIsoToVmBody {
                attach_guest_tools_iso_to_vm: NoParams {},
            })
            .asynchronous()
    }
}

/// PUT `/vm-instances/commands/exec`. Documented as sync, async in the SDKs:
/// either answer is handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecuteGuestVmCommand {
    pub vm_instance_uuid: String,
    pub platform: Platform,
    pub command: String,
    /// Seconds; `None` leaves the server's default.
    pub command_timeout: Option<u32>,
}

impl Endpoint for ExecuteGuestVmCommand {
    type Reply = ExecReply;
    fn request(&self) -> ApiRequest {
        ApiRequest::new(Method::Put, "/vm-instances/commands/exec".into())
            .body(&ExecBody {
                params: ExecParams {
                    vm_instance_uuid: &self.vm_instance_uuid,
                    platform: self.platform.as_str(),
                    command: &self.command,
                    command_timeout: self.command_timeout,
                },
            })
            .asynchronous()
    }
}

//! ISOs in a VM's CD-ROM drives: the candidates, attach, detach.

use super::{segment, ApiRequest, Endpoint, Method, NoParams};
use crate::models::{IsoCandidatesReply, VmInventoryReply};

/// GET `/vm-instances/{vmInstanceUuid}/iso-candidates`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetCandidateIsoForAttachingVm {
    pub vm_instance_uuid: String,
}

impl Endpoint for GetCandidateIsoForAttachingVm {
    type Reply = IsoCandidatesReply;
    fn request(&self) -> ApiRequest {
        let path = format!(
            "/vm-instances/{}/iso-candidates",
            segment(&self.vm_instance_uuid)
        );
        ApiRequest::new(Method::Get, path)
    }
}

/// POST `/vm-instances/{vmInstanceUuid}/iso/{isoUuid}` (async).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachIsoToVmInstance {
    pub vm_instance_uuid: String,
    pub iso_uuid: String,
}

impl Endpoint for AttachIsoToVmInstance {
    type Reply = VmInventoryReply;
    fn request(&self) -> ApiRequest {
        let path = format!(
            "/vm-instances/{}/iso/{}",
            segment(&self.vm_instance_uuid),
            segment(&self.iso_uuid)
        );
        ApiRequest::new(Method::Post, path)
            .body(&NoParams {})
            .asynchronous()
    }
}

/// DELETE `/vm-instances/{vmInstanceUuid}/iso?isoUuid=...` (async).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetachIsoFromVmInstance {
    pub vm_instance_uuid: String,
    pub iso_uuid: String,
}

impl Endpoint for DetachIsoFromVmInstance {
    type Reply = VmInventoryReply;
    fn request(&self) -> ApiRequest {
        let path = format!("/vm-instances/{}/iso", segment(&self.vm_instance_uuid));
        let mut req = ApiRequest::new(Method::Delete, path).asynchronous();
        req.query = vec![("isoUuid".into(), self.iso_uuid.clone())];
        req
    }
}

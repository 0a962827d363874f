//! The VM page's first reads, which `assets/boot.js` starts while the wasm
//! downloads and compiles, and the app then takes instead of asking again.
//! Both sides must name the very same URLs: `boot.js` keeps them as
//! templates (`{uuid}`), and a test holds them equal to these.

use crate::{
    ApiRequest, Endpoint, GetCandidateIsoForAttachingVm, GetLatestGuestToolsForVm,
    GetVmGuestToolsInfo, GetVmQga, Op, Query, QueryGuestToolsState, QueryVmInstance,
};

/// The VM itself.
pub fn vm(uuid: &str) -> QueryVmInstance {
    QueryVmInstance::by_uuid(uuid)
}

/// What ZStack recorded about the VM's guest tools (no guest involved).
pub fn tools_state(uuid: &str) -> QueryGuestToolsState {
    QueryGuestToolsState {
        query: Query::new().cond("vmInstanceUuid", Op::Eq, uuid),
    }
}

/// The six GETs the VM page starts together, in the order `boot.js` lists
/// them: VM, tools info, tools state, ISO candidates, newest tools, agent switch.
pub fn vm_page_reads(uuid: &str) -> [ApiRequest; 6] {
    let uuid = uuid.to_owned();
    [
        vm(&uuid).request(),
        GetVmGuestToolsInfo { uuid: uuid.clone() }.request(),
        tools_state(&uuid).request(),
        GetCandidateIsoForAttachingVm {
            vm_instance_uuid: uuid.clone(),
        }
        .request(),
        GetLatestGuestToolsForVm { uuid: uuid.clone() }.request(),
        GetVmQga { uuid }.request(),
    ]
}

//! Models of the guest-tools lifecycle APIs (ZSTACK-API.md §5).

use super::{InventoriesReply, InventoryReply, Timestamp, VmCdRomInventory};
use crate::de::lenient_string;
use serde::{Deserialize, Serialize};

/// GuestToolsInventory: one guest-tools release the management node offers.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(rename_all = "camelCase", default)]
pub struct GuestToolsInventory {
    pub uuid: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub management_node_uuid: Option<String>,
    pub architecture: Option<String>,
    pub hypervisor_type: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub version: Option<String>,
    pub agent_type: Option<String>,
    pub create_date: Option<Timestamp>,
    pub last_op_date: Option<Timestamp>,
}

/// The GetLatestGuestToolsForVm reply: `inventory` null or absent means the
/// VM already has the newest tools.
pub type LatestGuestToolsReply = InventoryReply<GuestToolsInventory>;

/// The GetVmQga reply: whether the VM carries the `qemuga` tag (not whether
/// the agent runs: that is `qgaState`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(default)]
pub struct VmQgaReply {
    pub enable: Option<bool>,
}

/// The QueryVmCdRom reply.
pub type CdRomQueryReply = InventoriesReply<VmCdRomInventory>;

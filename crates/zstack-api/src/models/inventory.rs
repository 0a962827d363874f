//! VM, NIC, volume, CD-ROM, guest-tools state and session inventories.

use super::{GuestToolsStatus, Platform, QgaState, Timestamp, VmState, ZWatchState};
use crate::de::{lenient_string, lenient_u64, null_default, string_map};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// VmInstanceInventory.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(rename_all = "camelCase", default)]
pub struct VmInstanceInventory {
    pub uuid: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub zone_uuid: Option<String>,
    pub cluster_uuid: Option<String>,
    pub image_uuid: Option<String>,
    pub host_uuid: Option<String>,
    pub last_host_uuid: Option<String>,
    pub instance_offering_uuid: Option<String>,
    pub root_volume_uuid: Option<String>,
    pub platform: Option<Platform>,
    pub architecture: Option<String>,
    pub default_l3_network_uuid: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub hypervisor_type: Option<String>,
    #[serde(deserialize_with = "lenient_u64")]
    pub memory_size: Option<u64>,
    #[serde(deserialize_with = "lenient_u64")]
    pub reserved_memory_size: Option<u64>,
    #[serde(deserialize_with = "lenient_u64")]
    pub cpu_num: Option<u64>,
    #[serde(deserialize_with = "lenient_u64")]
    pub cpu_speed: Option<u64>,
    pub allocator_strategy: Option<String>,
    pub create_date: Option<Timestamp>,
    pub last_op_date: Option<Timestamp>,
    pub state: Option<VmState>,
    pub guest_os_type: Option<String>,
    #[serde(deserialize_with = "null_default")]
    #[cfg_attr(feature = "proptest", proptest(strategy = "super::arbitrary::few()"))]
    pub vm_nics: Vec<VmNicInventory>,
    #[serde(deserialize_with = "null_default")]
    #[cfg_attr(feature = "proptest", proptest(strategy = "super::arbitrary::few()"))]
    pub all_volumes: Vec<VolumeInventory>,
    #[serde(deserialize_with = "null_default")]
    #[cfg_attr(feature = "proptest", proptest(strategy = "super::arbitrary::few()"))]
    pub vm_cd_roms: Vec<VmCdRomInventory>,
}

impl VmInstanceInventory {
    /// The IP of the default L3 network's NIC, else of the first NIC that has one.
    pub fn default_ip(&self) -> Option<&str> {
        let has_ip = |n: &&VmNicInventory| n.ip.as_deref().is_some_and(|ip| !ip.is_empty());
        self.vm_nics
            .iter()
            .filter(has_ip)
            .find(|n| {
                n.l3_network_uuid.is_some() && n.l3_network_uuid == self.default_l3_network_uuid
            })
            .or_else(|| self.vm_nics.iter().find(has_ip))
            .and_then(|n| n.ip.as_deref())
    }

    /// Drives that hold an ISO.
    pub fn attached_iso_uuids(&self) -> impl Iterator<Item = &str> {
        self.vm_cd_roms
            .iter()
            .filter_map(|c| c.iso_uuid.as_deref())
            .filter(|u| !u.is_empty())
    }
}

/// VmNicInventory (the parts worth showing).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(rename_all = "camelCase", default)]
pub struct VmNicInventory {
    pub uuid: Option<String>,
    pub vm_instance_uuid: Option<String>,
    pub l3_network_uuid: Option<String>,
    pub ip: Option<String>,
    pub mac: Option<String>,
    pub netmask: Option<String>,
    pub gateway: Option<String>,
    #[serde(deserialize_with = "lenient_u64")]
    pub device_id: Option<u64>,
    #[serde(deserialize_with = "lenient_u64")]
    pub ip_version: Option<u64>,
    pub driver_type: Option<String>,
}

/// VolumeInventory (the parts worth showing).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(rename_all = "camelCase", default)]
pub struct VolumeInventory {
    pub uuid: Option<String>,
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    #[serde(deserialize_with = "lenient_u64")]
    pub size: Option<u64>,
    #[serde(deserialize_with = "lenient_u64")]
    pub device_id: Option<u64>,
    pub state: Option<String>,
    pub status: Option<String>,
}

/// VmCdRomInventory. An empty drive has no `isoUuid`; `name` is the drive's, not the ISO's.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(rename_all = "camelCase", default)]
pub struct VmCdRomInventory {
    pub uuid: Option<String>,
    pub vm_instance_uuid: Option<String>,
    #[serde(deserialize_with = "lenient_u64")]
    pub device_id: Option<u64>,
    pub iso_uuid: Option<String>,
    pub iso_install_path: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub protocol: Option<String>,
    /// Newer releases: `"ISO"`, `"GuestTools"` (then no `isoUuid`: the drive
    /// holds the guest-tools ISO), absent in older ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub occupant: Option<String>,
    pub create_date: Option<Timestamp>,
    pub last_op_date: Option<Timestamp>,
}

/// GuestToolsStateInventory.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(rename_all = "camelCase", default)]
pub struct GuestToolsStateInventory {
    pub vm_instance_uuid: Option<String>,
    pub qga_state: Option<QgaState>,
    pub zwatch_state: Option<ZWatchState>,
    #[serde(deserialize_with = "lenient_string")]
    pub version: Option<String>,
    pub platform: Option<String>,
    pub os_type: Option<String>,
    pub create_date: Option<Timestamp>,
    pub last_op_date: Option<Timestamp>,
}

/// The GetVmGuestToolsInfo reply: `{"version","status","features"}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(default)]
pub struct VmGuestToolsInfo {
    #[serde(deserialize_with = "lenient_string")]
    pub version: Option<String>,
    pub status: Option<GuestToolsStatus>,
    #[serde(
        deserialize_with = "string_map",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    #[cfg_attr(
        feature = "proptest",
        proptest(strategy = "super::arbitrary::few_texts()")
    )]
    pub features: BTreeMap<String, String>,
}

/// SessionInventory.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SessionInventory {
    pub uuid: Option<String>,
    pub account_uuid: Option<String>,
    pub user_uuid: Option<String>,
    pub user_type: Option<String>,
    pub expired_date: Option<Timestamp>,
    pub create_date: Option<Timestamp>,
}

impl SessionInventory {
    /// How long the session lives, from its two dates. Both are in the
    /// server's zone, which is not sent, so only their difference is reliable.
    pub fn lifetime_secs(&self) -> Option<u64> {
        let created = self.create_date.as_ref()?.parse()?.to_unix_secs();
        let expires = self.expired_date.as_ref()?.parse()?.to_unix_secs();
        u64::try_from(expires - created).ok()
    }
}

//! ImageInventory and its backup-storage references.

use super::{ImageState, ImageStatus, MediaType, Platform, Timestamp};
use crate::de::{lenient_u64, null_default};
use serde::{Deserialize, Serialize};

/// ImageInventory.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(rename_all = "camelCase", default)]
pub struct ImageInventory {
    pub uuid: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub state: Option<ImageState>,
    pub status: Option<ImageStatus>,
    #[serde(deserialize_with = "lenient_u64")]
    pub size: Option<u64>,
    #[serde(deserialize_with = "lenient_u64")]
    pub actual_size: Option<u64>,
    pub md5_sum: Option<String>,
    pub url: Option<String>,
    pub media_type: Option<MediaType>,
    pub guest_os_type: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub platform: Option<Platform>,
    pub architecture: Option<String>,
    pub format: Option<String>,
    pub system: Option<bool>,
    pub virtio: Option<bool>,
    pub create_date: Option<Timestamp>,
    pub last_op_date: Option<Timestamp>,
    #[serde(deserialize_with = "null_default")]
    #[cfg_attr(feature = "proptest", proptest(strategy = "super::arbitrary::few()"))]
    pub backup_storage_refs: Vec<ImageBackupStorageRefInventory>,
}

/// ImageBackupStorageRefInventory.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(rename_all = "camelCase", default)]
pub struct ImageBackupStorageRefInventory {
    /// The seed sends `0.0`.
    #[cfg_attr(
        feature = "proptest",
        proptest(strategy = "super::arbitrary::exact_f64()")
    )]
    pub id: Option<f64>,
    pub image_uuid: Option<String>,
    pub backup_storage_uuid: Option<String>,
    pub install_path: Option<String>,
    pub export_url: Option<String>,
    pub export_md5_sum: Option<String>,
    pub status: Option<String>,
    pub create_date: Option<Timestamp>,
    pub last_op_date: Option<Timestamp>,
}

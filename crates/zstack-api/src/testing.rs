//! Test data shared by this crate's tests and the console's browser tests
//! (feature `testing`; never in a release build).

use crate::models::{ImageBackupStorageRefInventory, ImageInventory, Platform};

pub const MIB: u64 = 1 << 20;
pub const GIB: u64 = 1 << 30;

/// An ISO candidate as ZStack lists it, held on one backup storage whose
/// UUID is `bs` + `uuid`; every other field is missing.
pub fn iso_image(
    uuid: &str,
    name: &str,
    size: Option<u64>,
    platform: &str,
    arch: &str,
    os: &str,
) -> ImageInventory {
    ImageInventory {
        uuid: Some(uuid.into()),
        name: Some(name.into()),
        size,
        platform: Some(Platform::from(platform)),
        architecture: Some(arch.into()),
        guest_os_type: Some(os.into()),
        backup_storage_refs: vec![ImageBackupStorageRefInventory {
            backup_storage_uuid: Some(format!("bs{uuid}")),
            ..Default::default()
        }],
        ..Default::default()
    }
}

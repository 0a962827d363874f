//! Which CD-ROM drive the guest-tools ISO takes (ZStack's order, said before
//! the click), and the question asked when that drive holds the user's ISO.

use crate::{
    components::iso_picker::media::drives_of,
    i18n::{k, t, tf, with_data, Msg},
    vm_data::VmData,
};
use leptos::prelude::*;
use zstack_api::{lifecycle::DriveChoice, VmInstanceInventory};

/// "CD-ROM 2": the drive's place in device order, as the ISO section numbers it.
pub fn drive_name(vm: &VmInstanceInventory, device_id: Option<u64>) -> String {
    let mut ids: Vec<Option<u64>> = vm.vm_cd_roms.iter().map(|c| c.device_id).collect();
    ids.sort_by_key(|d| d.unwrap_or(u64::MAX));
    let n = ids.iter().position(|d| *d == device_id).unwrap_or(0) + 1;
    debug_assert!(n <= drives_of(vm).len().max(1));
    tf(k::iso::DRIVE_LABEL, &[("n", &n)])
}

/// The ISO an attach would detach: its name when known, else its UUID.
pub fn evicted_name(data: VmData, choice: &DriveChoice) -> Option<String> {
    match choice {
        DriveChoice::Evicts {
            iso_uuid: Some(u), ..
        } => Some(data.iso_names.label(u).unwrap_or_else(|| u.clone())),
        _ => None,
    }
}

/// The sentence under the buttons: where the tools ISO is or will go.
/// `None` when there is no drive (the Attach button says why instead).
pub fn drive_line(data: VmData, vm: &VmInstanceInventory, choice: &DriveChoice) -> Option<AnyView> {
    let (msg, device_id): (Msg, Option<u64>) = match choice {
        DriveChoice::AlreadyHolds { device_id } => (k::guest_tools::DRIVE_HOLDS, *device_id),
        DriveChoice::Empty { device_id } => (k::guest_tools::DRIVE_EMPTY, *device_id),
        DriveChoice::Evicts { device_id, .. } => (k::guest_tools::DRIVE_EVICTS, *device_id),
        DriveChoice::NoCdRom => return None,
    };
    let drive = drive_name(vm, device_id);
    let name = evicted_name(data, choice).unwrap_or_default();
    // The drive's name is ours; the ISO's is data (never translated).
    let text = t(msg).replace("{drive}", &drive);
    Some(view! { <p class="muted" data-testid="tools-drive">{with_data(&text, &[("name", name)])}</p> }.into_any())
}

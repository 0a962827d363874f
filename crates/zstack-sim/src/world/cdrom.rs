//! The CD-ROM drives: user ISOs in and out (AttachIsoToVmInstance,
//! DetachIsoFromVmInstance) and the guest-tools ISO (AttachGuestToolsIsoToVm,
//! DetachGuestToolsIsoFromVm), with the drive `occupant` ZStack records.

use super::{iso_ops_allowed, wrong_state, Vm, World};
use crate::reply::errors;
use std::time::Instant;
use zstack_api::{
    ErrorCode, ImageInventory, Platform, Timestamp, VmCdRomInventory, VmInstanceInventory, VmState,
};

/// `VmCdRomVO.occupant` of a drive holding a user ISO.
pub const OCCUPANT_ISO: &str = "ISO";
/// `VmCdRomVO.occupant` of a drive holding the guest-tools ISO (then no `isoUuid`).
pub const OCCUPANT_GUEST_TOOLS: &str = "GuestTools";

fn blank(s: Option<&str>) -> bool {
    s.is_none_or(|s| s.trim().is_empty())
}

/// Nothing in it: no ISO, and not the guest-tools ISO either.
pub fn is_empty(cd: &VmCdRomInventory) -> bool {
    blank(cd.iso_uuid.as_deref()) && blank(cd.occupant.as_deref())
}

pub fn holds_guest_tools(cd: &VmCdRomInventory) -> bool {
    cd.occupant.as_deref() == Some(OCCUPANT_GUEST_TOOLS)
}

pub fn iso_install_path(img: &ImageInventory) -> String {
    let uuid = img.uuid.as_deref().unwrap_or_default();
    format!("/var/lib/zstack/imagecache/iso/{uuid}/{uuid}.iso")
}

/// The drive AttachGuestToolsIsoToVm takes, as ZStack's KVM backend picks
/// it: one already holding the tools ISO, else the first empty one (by
/// deviceId), else drive 0 (the lowest deviceId), whose ISO is detached.
fn tools_drive(drives: &[VmCdRomInventory]) -> Option<usize> {
    let mut order: Vec<usize> = (0..drives.len()).collect();
    order.sort_by_key(|&i| drives[i].device_id);
    order
        .iter()
        .copied()
        .find(|&i| holds_guest_tools(&drives[i]))
        .or_else(|| order.iter().copied().find(|&i| is_empty(&drives[i])))
        .or_else(|| order.first().copied())
}

impl World {
    /// AttachIsoToVmInstance: the ISO goes into the first empty drive (a
    /// drive holding the guest-tools ISO is not empty).
    pub fn attach_iso(
        &mut self,
        vm_uuid: &str,
        iso_uuid: &str,
        ts: &Timestamp,
    ) -> Result<VmInstanceInventory, ErrorCode> {
        let vm = self.vm_or_err("vmInstanceUuid", vm_uuid)?;
        let img = self
            .image(iso_uuid)
            .ok_or_else(|| errors::not_found("isoUuid", iso_uuid, "ImageVO"))?;
        if !iso_ops_allowed(&vm.state()) {
            return Err(wrong_state(vm));
        }
        if vm.inv.attached_iso_uuids().any(|u| u == iso_uuid) {
            return Err(errors::operation(&format!(
                "the ISO[uuid:{iso_uuid}] has already been attached to the VM[uuid:{vm_uuid}]"
            )));
        }
        self.iso_usable(img, vm)
            .map_err(|why| errors::operation(&why))?;
        let path = iso_install_path(img);
        let vm = self.vm_mut_or_err("vmInstanceUuid", vm_uuid)?;
        let drive = vm
            .inv
            .vm_cd_roms
            .iter_mut()
            .filter(|c| is_empty(c))
            .min_by_key(|c| c.device_id)
            .ok_or_else(|| {
                errors::operation(&format!(
                    "every CD-ROM of the VM[uuid:{vm_uuid}] is in use, detach an ISO first"
                ))
            })?;
        drive.iso_uuid = Some(iso_uuid.to_owned());
        drive.iso_install_path = Some(path);
        drive.occupant = Some(OCCUPANT_ISO.into());
        drive.last_op_date = Some(ts.clone());
        vm.inv.last_op_date = Some(ts.clone());
        Ok(vm.inv.clone())
    }

    /// DetachIsoFromVmInstance: empties the drive holding the ISO (every drive
    /// holding an ISO when none is named); an ISO not attached is not an
    /// error. The guest-tools drive has no `isoUuid`, so this never empties it.
    pub fn detach_iso(
        &mut self,
        vm_uuid: &str,
        iso_uuid: Option<&str>,
        ts: &Timestamp,
    ) -> Result<VmInstanceInventory, ErrorCode> {
        let vm = self.vm_mut_or_err("vmInstanceUuid", vm_uuid)?;
        if !iso_ops_allowed(&vm.state()) {
            return Err(wrong_state(vm));
        }
        for cd in &mut vm.inv.vm_cd_roms {
            let hit = match (iso_uuid, cd.iso_uuid.as_deref()) {
                (_, None) => false,
                (None, Some(_)) => true,
                (Some(want), Some(have)) => want == have,
            };
            if hit {
                cd.iso_uuid = None;
                cd.iso_install_path = None;
                cd.occupant = None;
                cd.last_op_date = Some(ts.clone());
            }
        }
        vm.inv.last_op_date = Some(ts.clone());
        Ok(vm.inv.clone())
    }

    /// AttachGuestToolsIsoToVm: the tools ISO goes into the drive ZStack
    /// picks ([`tools_drive`]), which then says `occupant: GuestTools` and has
    /// no `isoUuid`; no drive at all is `GT.1001`. On a running guest the
    /// newest tools then install and report Running at `running_at`.
    pub fn attach_guest_tools(
        &mut self,
        vm_uuid: &str,
        ts: &Timestamp,
        running_at: Instant,
    ) -> Result<(), ErrorCode> {
        let vm = self.vm_mut_or_err("uuid", vm_uuid)?;
        if !iso_ops_allowed(&vm.state()) {
            return Err(wrong_state(vm));
        }
        if !vm.tools.supported {
            return Err(errors::operation(&format!(
                "no guest tools exist for the guest OS[{}] of the VM[uuid:{vm_uuid}]",
                vm.tools.os_type
            )));
        }
        let at = tools_drive(&vm.inv.vm_cd_roms).ok_or_else(|| errors::no_cdrom(vm_uuid))?;
        let drive = &mut vm.inv.vm_cd_roms[at];
        if !holds_guest_tools(drive) {
            // ZStack's SQL: occupant GuestTools, isoUuid and path null (an
            // evicted ISO is simply gone from the drive).
            drive.occupant = Some(OCCUPANT_GUEST_TOOLS.into());
            drive.iso_uuid = None;
            drive.iso_install_path = None;
            drive.last_op_date = Some(ts.clone());
            vm.inv.last_op_date = Some(ts.clone());
        }
        if needs_driver_disk(vm) {
            vm.driver_disk = true;
        }
        if vm.state() == VmState::Running {
            vm.tools.running_at = Some(running_at);
        }
        Ok(())
    }

    /// DetachGuestToolsIsoFromVm: empties every drive holding the tools ISO
    /// and drops the temporary driver disk; nothing to eject is no error.
    pub fn detach_guest_tools(&mut self, vm_uuid: &str, ts: &Timestamp) -> Result<(), ErrorCode> {
        let vm = self.vm_mut_or_err("uuid", vm_uuid)?;
        if !iso_ops_allowed(&vm.state()) {
            return Err(wrong_state(vm));
        }
        let mut changed = false;
        for cd in vm
            .inv
            .vm_cd_roms
            .iter_mut()
            .filter(|c| holds_guest_tools(c))
        {
            cd.occupant = None;
            cd.iso_uuid = None;
            cd.iso_install_path = None;
            cd.last_op_date = Some(ts.clone());
            changed = true;
        }
        if changed {
            vm.inv.last_op_date = Some(ts.clone());
        }
        vm.driver_disk = false;
        Ok(())
    }
}

/// ZStack's KVM backend asks for a temporary disk (for the virtio drivers)
/// on a Windows VM without the `virtio` tag.
fn needs_driver_disk(vm: &Vm) -> bool {
    let windows = matches!(
        vm.inv.platform,
        Some(Platform::Windows | Platform::WindowsVirtio)
    );
    windows && !vm.virtio_tag
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drive(id: u64, iso: Option<&str>, occupant: Option<&str>) -> VmCdRomInventory {
        VmCdRomInventory {
            device_id: Some(id),
            iso_uuid: iso.map(String::from),
            occupant: occupant.map(String::from),
            ..Default::default()
        }
    }

    #[test]
    fn the_tools_drive_is_zstacks() {
        let tools = Some(OCCUPANT_GUEST_TOOLS);
        let iso = Some(OCCUPANT_ISO);
        // Already there, though an earlier drive is empty.
        let d = [drive(0, None, None), drive(1, None, tools)];
        assert_eq!(tools_drive(&d), Some(1));
        // The first empty one by deviceId, not by list order.
        let d = [
            drive(2, None, None),
            drive(0, Some("a"), iso),
            drive(1, None, None),
        ];
        assert_eq!(tools_drive(&d), Some(2));
        // All full: drive 0.
        let d = [drive(1, Some("b"), iso), drive(0, Some("a"), iso)];
        assert_eq!(tools_drive(&d), Some(1));
        assert_eq!(tools_drive(&[]), None);
    }
}

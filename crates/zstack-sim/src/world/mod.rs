//! The simulated cloud: VMs with their guest tools, images, zones, and the
//! state changes that API calls cause.

mod image_specs;
mod seed;
mod specs;

use crate::reply::errors;
use std::collections::BTreeMap;
use std::time::Instant;
use zstack_api::{
    ErrorCode, GuestToolsStateInventory, GuestToolsStatus, ImageInventory, ImageState, ImageStatus,
    MediaType, QgaState, Timestamp, VmGuestToolsInfo, VmInstanceInventory, VmState, ZWatchState,
};

pub use seed::{seeded, ZONES};

/// What the guest reports about its tools, and when an install will finish.
#[derive(Debug, Clone)]
pub struct Tools {
    pub status: GuestToolsStatus,
    pub version: Option<String>,
    pub qga: QgaState,
    pub zwatch: ZWatchState,
    pub features: BTreeMap<String, String>,
    /// GuestToolsStateInventory `platform` (the guest's own words, e.g. `Kylin`).
    pub platform: String,
    pub os_type: String,
    /// Whether guest tools exist for this guest OS at all.
    pub supported: bool,
    pub create_date: Timestamp,
    pub last_op_date: Timestamp,
    /// Set by AttachGuestToolsIsoToVm: when the installed tools start reporting Running.
    pub running_at: Option<Instant>,
}

/// A VM, and what its guest would answer to commands.
#[derive(Debug, Clone)]
pub struct Vm {
    pub inv: VmInstanceInventory,
    pub tools: Tools,
    pub hostname: String,
    pub kernel: String,
    /// The guest's language: `zh-CN` makes a Windows console write GBK.
    pub locale: String,
    /// Processes exec started that may still run in the guest.
    pub procs: crate::guest::Procs,
}

impl Vm {
    pub fn uuid(&self) -> &str {
        self.inv.uuid.as_deref().unwrap_or_default()
    }

    pub fn state(&self) -> VmState {
        self.inv.state.clone().unwrap_or(VmState::Unknown)
    }

    /// The QEMU guest agent answers (an agent pending upgrade still runs).
    pub fn qga_alive(&self) -> bool {
        matches!(self.tools.qga, QgaState::Running | QgaState::NotUpgraded)
    }
}

#[derive(Debug, Clone)]
pub struct World {
    pub vms: Vec<Vm>,
    pub images: Vec<ImageInventory>,
    /// Backup storage UUID -> the zone it serves.
    pub bs_zone: BTreeMap<String, String>,
    /// The guest-tools version this management node ships.
    pub latest_tools_version: String,
    pub tools_iso_uuid: String,
}

/// The VM states in which CD-ROMs can be changed and ISOs are offered.
fn iso_ops_allowed(state: &VmState) -> bool {
    matches!(state, VmState::Running | VmState::Stopped)
}

fn wrong_state(vm: &Vm) -> ErrorCode {
    errors::operation(&format!(
        "the VM[uuid:{}] is in state[{}], the operation is allowed only in states [Running, Stopped]",
        vm.uuid(),
        vm.state()
    ))
}

impl World {
    pub fn vm(&self, uuid: &str) -> Option<&Vm> {
        self.vms.iter().find(|v| v.uuid() == uuid)
    }

    pub fn vm_mut(&mut self, uuid: &str) -> Option<&mut Vm> {
        self.vms.iter_mut().find(|v| v.uuid() == uuid)
    }

    pub fn image(&self, uuid: &str) -> Option<&ImageInventory> {
        self.images.iter().find(|i| i.uuid.as_deref() == Some(uuid))
    }

    fn vm_or_err(&self, field: &str, uuid: &str) -> Result<&Vm, ErrorCode> {
        self.vm(uuid)
            .ok_or_else(|| errors::not_found(field, uuid, "VmInstanceVO"))
    }

    fn vm_mut_or_err(&mut self, field: &str, uuid: &str) -> Result<&mut Vm, ErrorCode> {
        self.vm_mut(uuid)
            .ok_or_else(|| errors::not_found(field, uuid, "VmInstanceVO"))
    }

    /// Finishes the guest-tools installs whose time has come.
    pub fn tick(&mut self, now: Instant, ts: &Timestamp) {
        let latest = self.latest_tools_version.clone();
        for vm in &mut self.vms {
            if vm.tools.running_at.is_some_and(|at| at <= now) {
                let t = &mut vm.tools;
                t.running_at = None;
                t.status = GuestToolsStatus::Running;
                t.qga = QgaState::Running;
                t.zwatch = ZWatchState::Running;
                t.version = Some(latest.clone());
                t.features
                    .entry("pvpanic".into())
                    .or_insert_with(|| "enable".into());
                t.last_op_date = ts.clone();
            }
        }
    }

    pub fn tools_info(&self, vm_uuid: &str) -> Result<VmGuestToolsInfo, ErrorCode> {
        let t = &self.vm_or_err("uuid", vm_uuid)?.tools;
        Ok(VmGuestToolsInfo {
            version: t.version.clone(),
            status: Some(t.status.clone()),
            features: t.features.clone(),
        })
    }

    pub fn tools_state(vm: &Vm) -> GuestToolsStateInventory {
        let t = &vm.tools;
        GuestToolsStateInventory {
            vm_instance_uuid: vm.inv.uuid.clone(),
            qga_state: Some(t.qga.clone()),
            zwatch_state: Some(t.zwatch.clone()),
            version: t.version.clone(),
            platform: Some(t.platform.clone()),
            os_type: Some(t.os_type.clone()),
            create_date: Some(t.create_date.clone()),
            last_op_date: Some(t.last_op_date.clone()),
        }
    }

    /// UpdateGuestToolsState: ask the guest again; the record's lastOpDate moves.
    pub fn update_tools_state(
        &mut self,
        vm_uuid: &str,
        ts: &Timestamp,
    ) -> Result<GuestToolsStateInventory, ErrorCode> {
        let vm = self.vm_mut_or_err("vmInstanceUuid", vm_uuid)?;
        vm.tools.last_op_date = ts.clone();
        Ok(Self::tools_state(vm))
    }

    /// GetCandidateIsoForAttachingVm: Enabled, Ready, non-system ISOs on a backup
    /// storage of the VM's zone, not already in one of its drives; none unless
    /// the VM is Running or Stopped.
    pub fn iso_candidates(&self, vm_uuid: &str) -> Result<Vec<ImageInventory>, ErrorCode> {
        let vm = self.vm_or_err("vmInstanceUuid", vm_uuid)?;
        if !iso_ops_allowed(&vm.state()) {
            return Ok(Vec::new());
        }
        let attached: Vec<&str> = vm.inv.attached_iso_uuids().collect();
        Ok(self
            .images
            .iter()
            .filter(|i| self.iso_usable(i, vm).is_ok())
            .filter(|i| !attached.contains(&i.uuid.as_deref().unwrap_or_default()))
            .cloned()
            .collect())
    }

    /// Why an image cannot go into this VM's drive, if it cannot.
    fn iso_usable(&self, img: &ImageInventory, vm: &Vm) -> Result<(), String> {
        let uuid = img.uuid.as_deref().unwrap_or_default();
        if img.media_type != Some(MediaType::Iso) {
            return Err(format!("the image[uuid:{uuid}] is not an ISO"));
        }
        if img.state != Some(ImageState::Enabled) {
            return Err(format!("the ISO[uuid:{uuid}] is disabled"));
        }
        if img.status != Some(ImageStatus::Ready) {
            return Err(format!("the ISO[uuid:{uuid}] is not ready"));
        }
        if img.system == Some(true) {
            return Err(format!("the ISO[uuid:{uuid}] is a system image"));
        }
        let zone = vm.inv.zone_uuid.as_deref().unwrap_or_default();
        let in_zone = img.backup_storage_refs.iter().any(|r| {
            r.backup_storage_uuid
                .as_ref()
                .and_then(|bs| self.bs_zone.get(bs))
                .is_some_and(|z| z == zone)
        });
        if !in_zone {
            return Err(format!(
                "the ISO[uuid:{uuid}] is on no backup storage of the VM's zone[uuid:{zone}]"
            ));
        }
        Ok(())
    }

    /// AttachIsoToVmInstance: the ISO goes into the first empty drive.
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
        mount(
            self.vm_mut_or_err("vmInstanceUuid", vm_uuid)?,
            iso_uuid,
            path,
            ts,
        )
    }

    /// DetachIsoFromVmInstance: empties the drive holding the ISO (every drive
    /// holding an ISO when none is named); an ISO not attached is not an error.
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
                cd.last_op_date = Some(ts.clone());
            }
        }
        vm.inv.last_op_date = Some(ts.clone());
        Ok(vm.inv.clone())
    }

    /// AttachGuestToolsIsoToVm: mounts the guest-tools ISO; on a running guest
    /// the tools then install and report Running at `running_at`.
    pub fn attach_guest_tools(
        &mut self,
        vm_uuid: &str,
        ts: &Timestamp,
        running_at: Instant,
    ) -> Result<(), ErrorCode> {
        let tools_iso = self.tools_iso_uuid.clone();
        let path = self.image(&tools_iso).map(iso_install_path);
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
        if !vm.inv.attached_iso_uuids().any(|u| u == tools_iso) {
            mount(vm, &tools_iso, path.unwrap_or_default(), ts)?;
        }
        if vm.state() == VmState::Running {
            vm.tools.running_at = Some(running_at);
        }
        Ok(())
    }
}

fn iso_install_path(img: &ImageInventory) -> String {
    let uuid = img.uuid.as_deref().unwrap_or_default();
    format!("/var/lib/zstack/imagecache/iso/{uuid}/{uuid}.iso")
}

fn mount(
    vm: &mut Vm,
    iso_uuid: &str,
    path: String,
    ts: &Timestamp,
) -> Result<VmInstanceInventory, ErrorCode> {
    let vm_uuid = vm.uuid().to_owned();
    let drive = vm
        .inv
        .vm_cd_roms
        .iter_mut()
        .filter(|c| c.iso_uuid.as_deref().is_none_or(str::is_empty))
        .min_by_key(|c| c.device_id)
        .ok_or_else(|| {
            errors::operation(&format!(
                "every CD-ROM of the VM[uuid:{vm_uuid}] already holds an ISO, detach one first"
            ))
        })?;
    drive.iso_uuid = Some(iso_uuid.to_owned());
    drive.iso_install_path = Some(path);
    drive.last_op_date = Some(ts.clone());
    vm.inv.last_op_date = Some(ts.clone());
    Ok(vm.inv.clone())
}

//! The simulated cloud: VMs with their guest tools, images, zones, and the
//! state changes that API calls cause.

mod cdrom;
mod fleet;
mod image_specs;
mod lifecycle;
mod scripts;
mod seed;
mod specs;
mod specs_lifecycle;

use crate::reply::errors;
use std::collections::BTreeMap;
use std::time::Instant;
use zstack_api::{
    ErrorCode, GuestToolsStateInventory, GuestToolsStatus, ImageInventory, ImageState, ImageStatus,
    MediaType, Platform, QgaState, Timestamp, VmGuestToolsInfo, VmInstanceInventory, VmState,
    ZWatchState,
};

pub use scripts::{RecordInv, RunRequest, Script, Scripts};
pub use seed::{seeded, Size, ZONES};

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
    /// Whether ZStack has a GuestToolsState record for the VM at all; without
    /// one QueryGuestToolsState leaves the VM out (GetVmGuestToolsInfo still asks the guest).
    pub recorded: bool,
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
    /// The `qemuga` system tag (GetVmQga / SetVmQga): without it ZStack does
    /// not talk to the guest agent.
    pub qga_tag: bool,
    /// The `virtio` system tag; a Windows VM without it gets a temporary
    /// driver disk with the tools ISO.
    pub virtio_tag: bool,
    /// That temporary driver disk is attached. The host agent makes it, so it
    /// is no ZStack volume (not in `allVolumes`); `/_sim/world` shows it.
    pub driver_disk: bool,
}

impl Vm {
    pub fn uuid(&self) -> &str {
        self.inv.uuid.as_deref().unwrap_or_default()
    }

    pub fn state(&self) -> VmState {
        self.inv.state.clone().unwrap_or(VmState::Unknown)
    }

    /// The platform ExecuteGuestVmCommand and scripts take this VM for
    /// (`Linux` or `Windows`); a VM without one counts as Linux.
    pub fn exec_platform(&self) -> Platform {
        self.inv
            .platform
            .as_ref()
            .map_or(Platform::Linux, Platform::exec_platform)
    }

    /// The QEMU guest agent runs in the guest (an agent pending upgrade
    /// still runs), whether or not ZStack may talk to it.
    pub fn qga_alive(&self) -> bool {
        matches!(self.tools.qga, QgaState::Running | QgaState::NotUpgraded)
    }

    /// The `qgaState` ZStack records: with the `qemuga` tag off it hears
    /// nothing from a running agent, so NotRunning until the tag is back.
    pub fn recorded_qga(&self) -> QgaState {
        if !self.qga_tag && self.qga_alive() {
            QgaState::NotRunning
        } else {
            self.tools.qga.clone()
        }
    }

    /// GetVmGuestToolsInfo `status`: with the tag off the agent channel is
    /// not used, so a running guest reads "Not Connected".
    pub fn tools_status(&self) -> GuestToolsStatus {
        match &self.tools.status {
            GuestToolsStatus::Running if !self.qga_tag => GuestToolsStatus::NotConnected,
            s => s.clone(),
        }
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
    /// The script library and its runs (§6).
    pub scripts: Scripts,
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

    pub(crate) fn vm_or_err(&self, field: &str, uuid: &str) -> Result<&Vm, ErrorCode> {
        self.vm(uuid)
            .ok_or_else(|| errors::not_found(field, uuid, "VmInstanceVO"))
    }

    pub(crate) fn vm_mut_or_err(&mut self, field: &str, uuid: &str) -> Result<&mut Vm, ErrorCode> {
        self.vm_mut(uuid)
            .ok_or_else(|| errors::not_found(field, uuid, "VmInstanceVO"))
    }

    /// Finishes the guest-tools installs whose time has come, and moves
    /// script runs on.
    pub fn tick(&mut self, now: Instant, ts: &Timestamp) {
        self.scripts.tick(now);
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
        let vm = self.vm_or_err("uuid", vm_uuid)?;
        Ok(VmGuestToolsInfo {
            version: vm.tools.version.clone(),
            status: Some(vm.tools_status()),
            features: vm.tools.features.clone(),
        })
    }

    /// The VM's GuestToolsState record, if ZStack keeps one.
    pub fn tools_state(vm: &Vm) -> Option<GuestToolsStateInventory> {
        let t = &vm.tools;
        t.recorded.then(|| GuestToolsStateInventory {
            vm_instance_uuid: vm.inv.uuid.clone(),
            qga_state: Some(vm.recorded_qga()),
            zwatch_state: Some(t.zwatch.clone()),
            version: t.version.clone(),
            platform: Some(t.platform.clone()),
            os_type: Some(t.os_type.clone()),
            create_date: Some(t.create_date.clone()),
            last_op_date: Some(t.last_op_date.clone()),
        })
    }

    /// UpdateGuestToolsState: ask the guest again; the record's lastOpDate
    /// moves. A VM without a record gets none (ZStack answers no inventory).
    pub fn update_tools_state(
        &mut self,
        vm_uuid: &str,
        ts: &Timestamp,
    ) -> Result<Option<GuestToolsStateInventory>, ErrorCode> {
        let vm = self.vm_mut_or_err("vmInstanceUuid", vm_uuid)?;
        if vm.tools.recorded {
            vm.tools.last_op_date = ts.clone();
        }
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
}

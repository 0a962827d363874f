//! GetLatestGuestToolsForVm and the `qemuga` tag (GetVmQga / SetVmQga).

use super::World;
use crate::clock::{ts_at, uuid_for};
use crate::reply::errors;
use zstack_api::{ErrorCode, GuestToolsInventory, Platform, Timestamp, VmState};

/// When the management node registered its guest-tools release (fixed, like the seeded world).
const TOOLS_REGISTERED: u64 = 1_704_067_200 - 86_400;

impl World {
    /// GetLatestGuestToolsForVm, as GuestToolsManagerImpl answers it: an
    /// inventory when the newest release for the VM differs from the
    /// installed version (none installed counts as differing), none when they
    /// match. ZStack checks the platform first, then the state; both are
    /// `argerr` (SYS.1007).
    pub fn latest_tools_for(
        &self,
        vm_uuid: &str,
    ) -> Result<Option<GuestToolsInventory>, ErrorCode> {
        let vm = self.vm_or_err("uuid", vm_uuid)?;
        if !vm.tools.supported {
            return Err(errors::argerr(&format!(
                "cannot get latest guest-tools for vm[uuid:{vm_uuid}] because it's hypervisor type is not supported"
            )));
        }
        if !matches!(vm.state(), VmState::Running | VmState::VolumeRecovering) {
            return Err(errors::argerr(&format!(
                "cannot get latest guest-tools for vm[uuid:{vm_uuid}] because it's not running or volume recovering."
            )));
        }
        // ZStack compares with the record's version, or (no record, or qga
        // NotInstalled) with the VM's `GuestTools::<version>` tag: the sim
        // keeps one version for both.
        let latest = &self.latest_tools_version;
        if vm.tools.version.as_deref() == Some(latest.as_str()) {
            return Ok(None);
        }
        let arch = vm
            .inv
            .architecture
            .clone()
            .unwrap_or_else(|| "x86_64".into());
        let windows = matches!(
            vm.inv.platform,
            Some(Platform::Windows | Platform::WindowsVirtio)
        );
        let agent = if windows {
            "WindowsOnKvm"
        } else {
            "LinuxOnKvm"
        };
        let registered = ts_at(TOOLS_REGISTERED);
        Ok(Some(GuestToolsInventory {
            uuid: Some(uuid_for("guest-tools", &format!("{arch}/{agent}/{latest}"))),
            name: Some(format!("GuestTools-{latest}")),
            description: Some(format!("ZStack guest tools {latest} for {agent}")),
            management_node_uuid: Some(uuid_for("management-node", "mn-1")),
            architecture: Some(arch),
            hypervisor_type: Some("KVM".into()),
            version: Some(latest.clone()),
            agent_type: Some(agent.into()),
            create_date: Some(registered.clone()),
            last_op_date: Some(registered),
        }))
    }

    /// GetVmQga: whether the VM carries the `qemuga` tag.
    pub fn qga_enabled(&self, vm_uuid: &str) -> Result<bool, ErrorCode> {
        Ok(self.vm_or_err("uuid", vm_uuid)?.qga_tag)
    }

    /// SetVmQga: adds or removes the tag. The recorded qgaState follows at
    /// once (NotRunning while off, the guest's own state when on again: the
    /// simulated guest answers as soon as it is asked).
    pub fn set_qga(
        &mut self,
        vm_uuid: &str,
        enable: bool,
        ts: &Timestamp,
    ) -> Result<(), ErrorCode> {
        let vm = self.vm_mut_or_err("uuid", vm_uuid)?;
        if vm.qga_tag != enable {
            vm.qga_tag = enable;
            if vm.tools.recorded {
                vm.tools.last_op_date = ts.clone();
            }
        }
        Ok(())
    }
}

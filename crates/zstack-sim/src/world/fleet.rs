//! The generated fleet of `--vms N`: VMs with the variety of a real cloud
//! (guest-tools states, stopped VMs, Windows, drives with and without ISOs,
//! VMs ZStack keeps no guest-tools record for), drawn from a fixed hash of
//! each VM's position, so the same N always gives the same world.

use super::seed::{vm, Ids};
use super::specs::{
    s, ToolsSpec, VmSpec, HEALTHY, LATEST_TOOLS, NOT_INSTALLED, OLDER_TOOLS, TOOLS_ISO,
};
use super::Vm;
use zstack_api::VmState;

const CENTOS: &str = "CentOS-7-x86_64-Minimal-2009.iso";
const UBUNTU: &str = "ubuntu-22.04.4-live-server-amd64.iso";
const VIRTIO: &str = "virtio-win-0.1.240.iso";

/// The name prefixes (what a search finds) of Linux and Windows VMs.
const LINUX_ROLES: &[&str] = &["web", "app", "db", "cache", "mq", "batch", "ci", "k8s"];
const WINDOWS_ROLES: &[&str] = &["win", "sql", "ad"];

/// Guest OS, and the platform the guest tools report for it.
const LINUX_OS: &[(&str, &str)] = &[
    ("CentOS 7", "Linux"),
    ("CentOS 8", "Linux"),
    ("Rocky Linux 9", "Linux"),
    ("Ubuntu 22.04", "Linux"),
    ("Ubuntu 20.04", "Linux"),
    ("Debian 11", "Linux"),
    ("Kylin V10", "Kylin"),
    ("openEuler 22.03", "Linux"),
];
const WINDOWS_OS: &[&str] = &[
    "Windows Server 2019",
    "Windows Server 2016",
    "Windows Server 2022",
];

/// Guest-tools situations of a Running guest, by weight (of 100).
const RUNNING_TOOLS: &[(u64, ToolsSpec)] = &[
    (52, HEALTHY),
    (
        6,
        ToolsSpec {
            version: Some(OLDER_TOOLS),
            ..HEALTHY
        },
    ),
    (
        8,
        ToolsSpec {
            status: s::NOT_RUNNING,
            qga: s::NOT_RUNNING,
            ..HEALTHY
        },
    ),
    (
        9,
        ToolsSpec {
            version: Some("4.6.11"),
            qga: s::NOT_UPGRADED,
            ..HEALTHY
        },
    ),
    (12, NOT_INSTALLED),
    (
        5,
        ToolsSpec {
            zwatch: s::NOT_RUNNING,
            ..HEALTHY
        },
    ),
    (
        8,
        ToolsSpec {
            status: s::NOT_CONNECTED,
            qga: s::NOT_RUNNING,
            zwatch: s::NOT_RUNNING,
            ..HEALTHY
        },
    ),
];

/// A stopped guest answers nothing: what ZStack last heard, by weight.
const STOPPED_TOOLS: &[(u64, ToolsSpec)] = &[
    (
        70,
        ToolsSpec {
            status: s::NOT_CONNECTED,
            qga: s::NOT_RUNNING,
            zwatch: s::NOT_RUNNING,
            ..HEALTHY
        },
    ),
    (30, NOT_INSTALLED),
];

/// The CD-ROM drives, by weight: none, empty ones, user ISOs, the tools ISO.
const DRIVES: &[(u64, &[Option<&str>])] = &[
    (6, &[]),
    (52, &[None]),
    (15, &[None, None]),
    (8, &[None, Some(CENTOS)]),
    (4, &[None, Some(UBUNTU)]),
    (6, &[Some(UBUNTU)]),
    (5, &[Some(TOOLS_ISO), None]),
    (2, &[Some(CENTOS), Some(UBUNTU)]),
    (2, &[Some(VIRTIO), None]),
];

/// splitmix64 of the VM's position and a salt: a fixed "random" draw.
fn draw(n: usize, salt: u64) -> u64 {
    let mut z = (n as u64)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(salt.wrapping_mul(0xD1B5_4A32_D192_ED03));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn pick<T>(items: &[T], n: usize, salt: u64) -> &T {
    &items[(draw(n, salt) % items.len() as u64) as usize]
}

fn weighted<T>(items: &[(u64, T)], n: usize, salt: u64) -> &T {
    let total: u64 = items.iter().map(|(w, _)| w).sum();
    let mut at = draw(n, salt) % total;
    for (w, item) in items {
        if at < *w {
            return item;
        }
        at -= w;
    }
    &items[items.len() - 1].1
}

fn percent(n: usize, salt: u64) -> u64 {
    draw(n, salt) % 100
}

/// `count` fleet VMs; the first is the world's VM number `first + 1`, and
/// each is named after its role and number (`web-00042`, `sql-00043`).
pub fn generate(first: usize, count: usize) -> Vec<Vm> {
    let mut ids = Ids::fast();
    (first + 1..=first + count)
        .map(|n| fleet_vm(n, &mut ids))
        .collect()
}

fn fleet_vm(n: usize, ids: &mut Ids) -> Vm {
    let windows = percent(n, 1) < 18;
    let role = if windows {
        pick(WINDOWS_ROLES, n, 2)
    } else {
        pick(LINUX_ROLES, n, 2)
    };
    let name = format!("{role}-{n:05}");
    let state = match percent(n, 3) {
        0..=8 => VmState::Stopped,
        9 => VmState::Paused,
        _ => VmState::Running,
    };
    let tools = match state {
        VmState::Stopped => weighted(STOPPED_TOOLS, n, 4),
        _ => weighted(RUNNING_TOOLS, n, 4),
    };
    let cdroms = *weighted(DRIVES, n, 5);
    // CentOS is only on the first zone's backup storage.
    let zone = usize::from(percent(n, 6) < 15 && !cdroms.contains(&Some(CENTOS)));
    let (platform, guest_os, tools_platform) = if windows {
        let virtio = percent(n, 7) < 50;
        let platform = if virtio { "WindowsVirtio" } else { "Windows" };
        (platform, *pick(WINDOWS_OS, n, 8), "Windows")
    } else {
        let (os, p) = *pick(LINUX_OS, n, 8);
        ("Linux", os, p)
    };
    let spec = VmSpec {
        name: "",
        description: "",
        state,
        platform,
        guest_os,
        tools_platform,
        arch: "x86_64",
        zone,
        cpus: *pick(&[1, 2, 2, 4, 4, 8, 16], n, 9),
        mem_gib: *pick(&[1, 2, 4, 4, 8, 16, 32], n, 10),
        ips: &[],
        cdroms,
        hostname: "",
        locale: "en-US",
        tools: ToolsSpec {
            // A few VMs with the qemuga switch off.
            qemuga: percent(n, 11) >= 2,
            // ZStack has no record for some VMs (QueryGuestToolsState leaves them out).
            recorded: percent(n, 12) >= 7,
            ..*tools
        },
    };
    let ip = format!("10.{}.{}.{}", 64 + (n >> 16), (n >> 8) & 255, n & 255);
    let mut v = vm(&spec, &name, &[ip.as_str()], 200 + n as u64, ids);
    v.inv.description = Some(format!(
        "{role} server number {n} of the generated fleet (--vms)"
    ));
    v.hostname = name;
    if v.tools.version.as_deref() == Some(LATEST_TOOLS) && percent(n, 13) < 3 {
        // Now and then a guest whose features say more.
        v.tools
            .features
            .insert("pvpanic_host_enable".into(), "enable".into());
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use zstack_api::QgaState;

    #[test]
    fn ten_thousand_vms_have_every_kind() {
        let vms = generate(19, 10_000);
        assert_eq!(vms.len(), 10_000);
        let names: BTreeSet<&str> = vms.iter().filter_map(|v| v.inv.name.as_deref()).collect();
        assert_eq!(names.len(), 10_000);
        assert_eq!(
            vms[0].inv.name.as_deref().map(|n| &n[n.len() - 5..]),
            Some("00020")
        );
        let count = |f: &dyn Fn(&Vm) -> bool| vms.iter().filter(|v| f(v)).count();
        for qga in [
            QgaState::Running,
            QgaState::NotRunning,
            QgaState::NotInstalled,
            QgaState::NotUpgraded,
        ] {
            let n = count(&|v| v.tools.recorded && v.recorded_qga() == qga);
            assert!(n > 300, "{qga}: {n}");
        }
        let no_record = count(&|v| !v.tools.recorded);
        assert!((400..1000).contains(&no_record), "{no_record}");
        assert!(count(&|v| v.state() == VmState::Stopped) > 500);
        assert!(count(&|v| v.inv.vm_cd_roms.is_empty()) > 300);
        assert!(count(&|v| v.inv.attached_iso_uuids().next().is_some()) > 1000);
        assert!(count(&|v| !v.qga_tag) > 50);
        let windows = count(&|v| {
            v.inv
                .platform
                .as_ref()
                .is_some_and(|p| p.as_str().starts_with("Windows"))
        });
        assert!(windows > 1000, "{windows}");
        // The same N, the same world.
        let again = generate(19, 10_000);
        assert_eq!(again[4321].inv.uuid, vms[4321].inv.uuid);
        assert_eq!(again[4321].tools.qga, vms[4321].tools.qga);
    }
}

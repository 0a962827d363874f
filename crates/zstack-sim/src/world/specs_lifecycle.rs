//! The seeded VMs of the guest-tools lifecycle (ZSTACK-API.md §5): full
//! drives, the tools ISO in a drive, no drive, the qemuga switch off, older
//! Windows tools. They follow [`super::specs::VMS`]: a VM's UUID is a hash of
//! its name and its dates follow its index, so new VMs go at the end.

use super::specs::{ToolsSpec, VmSpec, HEALTHY, NOT_INSTALLED, OLDER_TOOLS, TOOLS_ISO};
use zstack_api::VmState;

pub const LIFECYCLE_VMS: &[VmSpec] = &[
    VmSpec {
        name: "drives-full-15",
        description:
            "Both CD-ROMs hold ISOs and the tools are older: attaching them evicts drive 0's ISO",
        state: VmState::Running,
        platform: "Linux",
        guest_os: "Ubuntu 22.04",
        tools_platform: "Linux",
        arch: "x86_64",
        zone: 0,
        cpus: 2,
        mem_gib: 4,
        ips: &["172.20.1.25"],
        cdroms: &[
            Some("CentOS-7-x86_64-Minimal-2009.iso"),
            Some("ubuntu-22.04.4-live-server-amd64.iso"),
        ],
        hostname: "drives-full-15",
        locale: "en-US",
        tools: ToolsSpec {
            version: Some(OLDER_TOOLS),
            ..HEALTHY
        },
    },
    VmSpec {
        name: "tools-cd-16",
        description: "Tools current and Running, the tools ISO still in drive 1: eject it next",
        state: VmState::Running,
        platform: "Linux",
        guest_os: "Rocky Linux 9",
        tools_platform: "Linux",
        arch: "x86_64",
        zone: 0,
        cpus: 2,
        mem_gib: 4,
        ips: &["172.20.1.26"],
        cdroms: &[None, Some(TOOLS_ISO)],
        hostname: "tools-cd-16",
        locale: "en-US",
        tools: HEALTHY,
    },
    VmSpec {
        name: "no-cdrom-17",
        description: "No CD-ROM drive at all: attaching the tools ISO fails with GT.1001",
        state: VmState::Running,
        platform: "Linux",
        guest_os: "Debian 11",
        tools_platform: "Linux",
        arch: "x86_64",
        zone: 0,
        cpus: 1,
        mem_gib: 2,
        ips: &["172.20.1.27"],
        cdroms: &[],
        hostname: "no-cdrom-17",
        locale: "en-US",
        tools: NOT_INSTALLED,
    },
    VmSpec {
        name: "qga-off-18",
        description: "The qemuga switch is off (GetVmQga false): ZStack does not talk to its agent",
        state: VmState::Running,
        platform: "Linux",
        guest_os: "CentOS 7",
        tools_platform: "Linux",
        arch: "x86_64",
        zone: 0,
        cpus: 2,
        mem_gib: 2,
        ips: &["172.20.1.28"],
        cdroms: &[None],
        hostname: "qga-off-18",
        locale: "en-US",
        tools: ToolsSpec {
            qemuga: false,
            ..HEALTHY
        },
    },
    VmSpec {
        name: "win-old-19",
        description: "Windows guest with older tools (no virtio tag: attaching adds a driver disk)",
        state: VmState::Running,
        platform: "Windows",
        guest_os: "Windows Server 2016",
        tools_platform: "Windows",
        arch: "x86_64",
        zone: 0,
        cpus: 2,
        mem_gib: 4,
        ips: &["172.20.1.29"],
        cdroms: &[None, None],
        hostname: "WIN-OLD-19",
        locale: "en-US",
        tools: ToolsSpec {
            version: Some(OLDER_TOOLS),
            ..HEALTHY
        },
    },
];

//! The seeded world, declared: one entry per VM and image, each there to show
//! one guest-tools situation (README.md has the same table).

use zstack_api::VmState;

// Plain text rather than the enums: a const with drop glue cannot be used in `..HEALTHY`.
pub(super) mod s {
    pub const RUNNING: &str = "Running";
    pub const NOT_RUNNING: &str = "NotRunning";
    pub const NOT_CONNECTED: &str = "Not Connected";
    pub const NOT_SUPPORTED: &str = "Not Supported";
    pub const NOT_INSTALLED: &str = "NotInstalled";
    pub const NOT_UPGRADED: &str = "NotUpgraded";
}

pub struct ToolsSpec {
    /// GetVmGuestToolsInfo `status`.
    pub status: &'static str,
    pub version: Option<&'static str>,
    pub qga: &'static str,
    pub zwatch: &'static str,
    pub features: &'static [(&'static str, &'static str)],
    pub supported: bool,
    /// The VM's `qemuga` tag (SetVmQga): off, ZStack does not talk to the agent.
    pub qemuga: bool,
    /// Whether ZStack keeps a GuestToolsState record for the VM.
    pub recorded: bool,
}

pub struct VmSpec {
    pub name: &'static str,
    pub description: &'static str,
    pub state: VmState,
    /// VmInstanceInventory `platform`.
    pub platform: &'static str,
    pub guest_os: &'static str,
    /// GuestToolsStateInventory `platform` as the guest names itself.
    pub tools_platform: &'static str,
    pub arch: &'static str,
    pub zone: usize,
    pub cpus: u64,
    pub mem_gib: u64,
    pub ips: &'static [&'static str],
    /// One entry per CD-ROM: the name of the ISO in it, or `None` when empty.
    pub cdroms: &'static [Option<&'static str>],
    pub hostname: &'static str,
    /// `zh-CN`: a Chinese Windows, whose console writes GBK (code page 936).
    pub locale: &'static str,
    pub tools: ToolsSpec,
}

pub(super) const HEALTHY: ToolsSpec = ToolsSpec {
    status: s::RUNNING,
    version: Some(LATEST_TOOLS),
    qga: s::RUNNING,
    zwatch: s::RUNNING,
    features: &[("pvpanic", "enable")],
    supported: true,
    qemuga: true,
    recorded: true,
};

/// Tools never installed: what attaching the tools ISO is for.
pub(super) const NOT_INSTALLED: ToolsSpec = ToolsSpec {
    status: s::NOT_RUNNING,
    version: None,
    qga: s::NOT_INSTALLED,
    zwatch: s::NOT_INSTALLED,
    features: &[],
    ..HEALTHY
};

pub const LATEST_TOOLS: &str = "4.8.0";
/// A release before the latest with the current agent layout (qga Running).
pub const OLDER_TOOLS: &str = "4.7.3";
pub const TOOLS_ISO: &str = "GuestTools-4.8.0";
pub const MARKUP_NAME: &str = "<img src=x onerror=alert(1)>";
pub const MARKUP_ISO: &str = "<b>bold</b><img src=x onerror=alert(3)>.iso";

pub const VMS: &[VmSpec] = &[
    VmSpec {
        name: "web-01",
        description: "Healthy Linux guest: tools, QGA and ZWatch Running, latest version",
        state: VmState::Running,
        platform: "Linux",
        guest_os: "CentOS 7",
        tools_platform: "Linux",
        arch: "x86_64",
        zone: 0,
        cpus: 2,
        mem_gib: 4,
        ips: &["172.20.1.11", "10.10.0.11"],
        cdroms: &[None, Some("CentOS-7-x86_64-Minimal-2009.iso")],
        hostname: "web-01",
        locale: "en-US",
        tools: HEALTHY,
    },
    VmSpec {
        name: "app-02",
        description: "QGA stopped inside the guest: exec is refused",
        state: VmState::Running,
        platform: "Linux",
        guest_os: "Ubuntu 22.04",
        tools_platform: "Linux",
        arch: "x86_64",
        zone: 0,
        cpus: 2,
        mem_gib: 2,
        ips: &["172.20.1.12"],
        cdroms: &[None],
        hostname: "app-02",
        locale: "en-US",
        tools: ToolsSpec {
            status: s::NOT_RUNNING,
            qga: s::NOT_RUNNING,
            ..HEALTHY
        },
    },
    VmSpec {
        name: "legacy-03",
        description: "Tools status \"Not Connected\": the agent channel is down",
        state: VmState::Running,
        platform: "Linux",
        guest_os: "CentOS 6",
        tools_platform: "Linux",
        arch: "x86_64",
        zone: 0,
        cpus: 1,
        mem_gib: 1,
        ips: &["172.20.1.13"],
        cdroms: &[None],
        hostname: "legacy-03",
        locale: "en-US",
        tools: ToolsSpec {
            status: s::NOT_CONNECTED,
            version: Some("4.6.11"),
            qga: s::NOT_RUNNING,
            zwatch: s::NOT_RUNNING,
            ..HEALTHY
        },
    },
    VmSpec {
        name: "appliance-04",
        description:
            "Tools status \"Not Supported\": no guest tools for this OS; attaching them fails",
        state: VmState::Running,
        platform: "Other",
        guest_os: "FreeBSD 13",
        tools_platform: "Other",
        arch: "x86_64",
        zone: 0,
        cpus: 1,
        mem_gib: 1,
        ips: &["172.20.1.14"],
        cdroms: &[None],
        hostname: "appliance-04",
        locale: "en-US",
        tools: ToolsSpec {
            status: s::NOT_SUPPORTED,
            supported: false,
            ..NOT_INSTALLED
        },
    },
    VmSpec {
        name: "fresh-05",
        description: "Tools not installed (no version): attach the tools ISO to install them",
        state: VmState::Running,
        platform: "Linux",
        guest_os: "Rocky Linux 9",
        tools_platform: "Linux",
        arch: "x86_64",
        zone: 0,
        cpus: 2,
        mem_gib: 4,
        ips: &["172.20.1.15"],
        cdroms: &[None, None],
        hostname: "fresh-05",
        locale: "en-US",
        tools: NOT_INSTALLED,
    },
    VmSpec {
        name: "batch-06",
        description: "Older tools (4.6.11) than the latest: QGA NotUpgraded (pending upgrade)",
        state: VmState::Running,
        platform: "Linux",
        guest_os: "Kylin V10",
        tools_platform: "Kylin",
        arch: "x86_64",
        zone: 0,
        cpus: 4,
        mem_gib: 8,
        ips: &["172.20.1.16"],
        cdroms: &[None],
        hostname: "batch-06",
        locale: "en-US",
        tools: ToolsSpec {
            version: Some("4.6.11"),
            qga: s::NOT_UPGRADED,
            ..HEALTHY
        },
    },
    VmSpec {
        name: "archive-07",
        description: "Stopped VM: tools Not Connected, exec refused, ISOs still offered",
        state: VmState::Stopped,
        platform: "Linux",
        guest_os: "Debian 11",
        tools_platform: "Linux",
        arch: "x86_64",
        zone: 0,
        cpus: 1,
        mem_gib: 2,
        ips: &["172.20.1.17"],
        cdroms: &[None],
        hostname: "archive-07",
        locale: "en-US",
        tools: ToolsSpec {
            status: s::NOT_CONNECTED,
            qga: s::NOT_RUNNING,
            zwatch: s::NOT_RUNNING,
            ..HEALTHY
        },
    },
    VmSpec {
        name: "win-srv-08",
        description: "Healthy Windows guest with extra feature keys and three CD-ROMs",
        state: VmState::Running,
        platform: "Windows",
        guest_os: "Windows Server 2019",
        tools_platform: "Windows",
        arch: "x86_64",
        zone: 0,
        cpus: 4,
        mem_gib: 8,
        ips: &["172.20.1.18"],
        cdroms: &[Some("virtio-win-0.1.240.iso"), None, None],
        hostname: "WIN-SRV-08",
        locale: "en-US",
        tools: ToolsSpec {
            features: &[
                ("pvpanic", "enable"),
                ("virtio-balloon", "enable"),
                ("vss", "disable"),
                ("qemu-ga-version", "107.0.1"),
            ],
            ..HEALTHY
        },
    },
    VmSpec {
        name: "数据库-主",
        description: "主数据库：中文名称，位于第二个可用区",
        state: VmState::Running,
        platform: "Linux",
        guest_os: "openEuler 22.03",
        tools_platform: "Linux",
        arch: "x86_64",
        zone: 1,
        cpus: 8,
        mem_gib: 16,
        ips: &["172.30.2.21"],
        cdroms: &[None],
        hostname: "db-primary",
        locale: "en-US",
        tools: HEALTHY,
    },
    VmSpec {
        name: MARKUP_NAME,
        description: "<script>alert(1)</script>",
        state: VmState::Running,
        platform: "Linux",
        guest_os: "CentOS 7",
        tools_platform: "Linux",
        arch: "x86_64",
        zone: 0,
        cpus: 1,
        mem_gib: 1,
        ips: &["172.20.1.20"],
        cdroms: &[None],
        hostname: "markup-10",
        locale: "en-US",
        tools: HEALTHY,
    },
    VmSpec {
        name: "paused-11",
        description: "Paused VM: no ISO candidates, CD-ROM changes refused",
        state: VmState::Paused,
        platform: "Linux",
        guest_os: "Ubuntu 20.04",
        tools_platform: "Linux",
        arch: "x86_64",
        zone: 0,
        cpus: 1,
        mem_gib: 2,
        ips: &["172.20.1.21"],
        cdroms: &[None],
        hostname: "paused-11",
        locale: "en-US",
        tools: ToolsSpec {
            status: s::NOT_CONNECTED,
            ..HEALTHY
        },
    },
    VmSpec {
        name: "install-failed-12",
        description:
            "A failed Linux install: version holds a failure marker, tools ISO still mounted",
        state: VmState::Running,
        platform: "Linux",
        guest_os: "CentOS 8",
        tools_platform: "Linux",
        arch: "x86_64",
        zone: 0,
        cpus: 2,
        mem_gib: 2,
        ips: &["172.20.1.22"],
        cdroms: &[Some(TOOLS_ISO), None],
        hostname: "install-failed-12",
        locale: "en-US",
        tools: ToolsSpec {
            version: Some("InstallFailed"),
            ..NOT_INSTALLED
        },
    },
    VmSpec {
        name: "full-cdrom-13",
        description: "Its only CD-ROM holds an ISO: attaching another fails",
        state: VmState::Running,
        platform: "Linux",
        guest_os: "Ubuntu 22.04",
        tools_platform: "Linux",
        arch: "x86_64",
        zone: 0,
        cpus: 2,
        mem_gib: 4,
        ips: &["172.20.1.23"],
        cdroms: &[Some("ubuntu-22.04.4-live-server-amd64.iso")],
        hostname: "full-cdrom-13",
        locale: "en-US",
        tools: HEALTHY,
    },
    VmSpec {
        name: "win-zh-14",
        description: "Chinese Windows guest (zh-CN, code page 936): its output is GBK bytes",
        state: VmState::Running,
        platform: "Windows",
        guest_os: "Windows Server 2019",
        tools_platform: "Windows",
        arch: "x86_64",
        zone: 0,
        cpus: 2,
        mem_gib: 4,
        ips: &["172.20.1.24"],
        cdroms: &[None],
        hostname: "WIN-ZH-14",
        locale: "zh-CN",
        tools: HEALTHY,
    },
];

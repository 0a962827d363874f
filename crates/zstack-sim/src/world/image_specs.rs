//! The seeded images: ISOs for every candidate rule, plus templates.

use super::specs::{MARKUP_ISO, TOOLS_ISO};

/// How an image is seeded; see [`IMAGES`].
pub struct ImageSpec {
    pub name: &'static str,
    pub media: &'static str,
    pub format: &'static str,
    pub platform: &'static str,
    pub arch: &'static str,
    pub guest_os: &'static str,
    pub size_mib: u64,
    pub enabled: bool,
    pub status: &'static str,
    pub system: bool,
    /// Indexes into the zones' backup storages.
    pub zones: &'static [usize],
}

const ISO: ImageSpec = ImageSpec {
    name: "",
    media: "ISO",
    format: "iso",
    platform: "Linux",
    arch: "x86_64",
    guest_os: "",
    size_mib: 1024,
    enabled: true,
    status: "Ready",
    system: false,
    zones: &[0],
};

pub const IMAGES: &[ImageSpec] = &[
    ImageSpec {
        name: TOOLS_ISO,
        platform: "Other",
        guest_os: "Other",
        size_mib: 180,
        system: true,
        zones: &[0, 1],
        ..ISO
    },
    ImageSpec {
        name: "CentOS-7-x86_64-Minimal-2009.iso",
        guest_os: "CentOS 7",
        size_mib: 973,
        ..ISO
    },
    ImageSpec {
        name: "ubuntu-22.04.4-live-server-amd64.iso",
        guest_os: "Ubuntu 22.04",
        size_mib: 2050,
        zones: &[0, 1],
        ..ISO
    },
    ImageSpec {
        name: "Windows_Server_2019_zh-cn.iso",
        platform: "Windows",
        guest_os: "Windows Server 2019",
        size_mib: 5290,
        ..ISO
    },
    ImageSpec {
        name: "virtio-win-0.1.240.iso",
        platform: "WindowsVirtio",
        guest_os: "Windows",
        size_mib: 612,
        ..ISO
    },
    ImageSpec {
        name: "openEuler-22.03-LTS-SP3-aarch64-dvd.iso",
        arch: "aarch64",
        guest_os: "openEuler 22.03",
        size_mib: 3560,
        zones: &[0, 1],
        ..ISO
    },
    ImageSpec {
        name: "debian-11.9.0-amd64-netinst.iso",
        guest_os: "Debian 11",
        size_mib: 389,
        enabled: false,
        ..ISO
    },
    ImageSpec {
        name: "Kylin-Server-V10-SP3-x86_64.iso",
        guest_os: "Kylin V10",
        size_mib: 4380,
        status: "Downloading",
        ..ISO
    },
    ImageSpec {
        name: "vrouter-bootstrap.iso",
        platform: "Other",
        guest_os: "Other",
        size_mib: 64,
        system: true,
        ..ISO
    },
    ImageSpec {
        name: "rhel-9.3-x86_64-dvd.iso",
        guest_os: "RHEL 9",
        size_mib: 9800,
        zones: &[1],
        ..ISO
    },
    ImageSpec {
        name: MARKUP_ISO,
        guest_os: "Other",
        size_mib: 12,
        ..ISO
    },
    ImageSpec {
        name: "TinyLinux",
        media: "RootVolumeTemplate",
        format: "qcow2",
        guest_os: "Other",
        size_mib: 20,
        ..ISO
    },
    ImageSpec {
        name: "centos7-template",
        media: "RootVolumeTemplate",
        format: "qcow2",
        guest_os: "CentOS 7",
        size_mib: 2400,
        zones: &[0, 1],
        ..ISO
    },
    ImageSpec {
        name: "data-volume-100g",
        media: "DataVolumeTemplate",
        format: "qcow2",
        guest_os: "",
        size_mib: 300,
        ..ISO
    },
];

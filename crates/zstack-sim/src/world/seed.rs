//! Builds the seeded world from [`super::specs`]: fixed UUIDs and dates, so
//! every run (and every test) sees the same cloud.

use super::cdrom::{OCCUPANT_GUEST_TOOLS, OCCUPANT_ISO};
use super::image_specs::{ImageSpec, IMAGES};
use super::specs::{ToolsSpec, VmSpec, LATEST_TOOLS, TOOLS_ISO, VMS};
use super::specs_lifecycle::LIFECYCLE_VMS;
use super::{fleet, Tools, Vm, World};
use crate::clock::{fast_uuid, ts_at, uuid_for};
use std::collections::{BTreeMap, HashMap};
use zstack_api::{
    ImageBackupStorageRefInventory, ImageInventory, ImageState, ImageStatus, VmCdRomInventory,
    VmInstanceInventory, VmNicInventory, VmState, VolumeInventory,
};

/// The zones, by name; each has one cluster, one host and one backup storage.
pub const ZONES: [&str; 2] = ["zone-beijing", "zone-shanghai"];

/// Jan 1, 2024 00:00:00 UTC: seeded objects are created after this.
const EPOCH: u64 = 1_704_067_200;
const GIB: u64 = 1 << 30;
const MIB: u64 = 1 << 20;

fn zone_uuid(i: usize) -> String {
    uuid_for("zone", ZONES[i % ZONES.len()])
}

fn bs_uuid(i: usize) -> String {
    uuid_for("backup-storage", ZONES[i % ZONES.len()])
}

/// Where a VM's UUIDs come from. Objects shared by many VMs (zones, hosts,
/// networks, the template) are looked up once; a generated fleet names its
/// own objects (VM, NICs, volume, drives) with a cheap hash, since SHA-256
/// of 50,000 names is too slow for a test. Both are hashes of the name.
#[derive(Default)]
pub(super) struct Ids {
    shared: HashMap<(&'static str, String), String>,
    fast: bool,
}

impl Ids {
    pub(super) fn fast() -> Ids {
        Ids {
            fast: true,
            ..Ids::default()
        }
    }

    fn shared(&mut self, kind: &'static str, key: &str) -> String {
        self.shared
            .entry((kind, key.to_owned()))
            .or_insert_with(|| uuid_for(kind, key))
            .clone()
    }

    fn own(&self, kind: &str, key: &str) -> String {
        if self.fast {
            fast_uuid(kind, key)
        } else {
            uuid_for(kind, key)
        }
    }
}

/// How big the world starts (the `--extra-vms`, `--extra-isos` and `--vms` flags).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Size {
    /// Running copies of web-01 (`load-00001`…).
    pub extra_vms: usize,
    /// Ready ISOs in the first zone (`bulk-00001.iso`…).
    pub extra_isos: usize,
    /// The world's VM count, filled up with a varied generated fleet after
    /// the seeded VMs and the copies; never fewer than those.
    pub vms: usize,
}

/// The world as it starts: the seeded VMs and images, plus what `size` adds.
pub fn seeded(size: Size) -> World {
    let Size {
        extra_vms,
        extra_isos,
        vms: total,
    } = size;
    let mut images: Vec<ImageInventory> = IMAGES
        .iter()
        .enumerate()
        .map(|(i, s)| image(s, i as u64))
        .collect();
    images.extend((1..=extra_isos).map(|n| {
        let name = format!("bulk-{n:05}.iso");
        let spec = ImageSpec {
            name: "",
            media: "ISO",
            format: "iso",
            platform: "Linux",
            arch: "x86_64",
            guest_os: "Other",
            size_mib: 100 + (n as u64 % 900),
            enabled: true,
            status: "Ready",
            system: false,
            zones: &[0],
        };
        named_image(&spec, &name, 1000 + n as u64)
    }));

    let mut vms: Vec<Vm> = VMS
        .iter()
        .chain(LIFECYCLE_VMS)
        .enumerate()
        .map(|(i, s)| vm(s, s.name, s.ips, i as u64, &mut Ids::default()))
        .collect();
    for n in 1..=extra_vms {
        let name = format!("load-{n:05}");
        let ip = format!("10.200.{}.{}", n / 250, n % 250 + 2);
        let ips = [ip.as_str()];
        let mut v = vm(&VMS[0], &name, &ips, 100 + n as u64, &mut Ids::default());
        v.inv.description = Some(format!("Generated VM {n} of {extra_vms} (--extra-vms)"));
        v.hostname = name.clone();
        vms.push(v);
    }
    let first = vms.len();
    vms.extend(fleet::generate(first, total.saturating_sub(first)));

    let bs_zone = (0..ZONES.len())
        .map(|i| (bs_uuid(i), zone_uuid(i)))
        .collect();
    World {
        vms,
        images,
        bs_zone,
        latest_tools_version: LATEST_TOOLS.into(),
        tools_iso_uuid: uuid_for("image", TOOLS_ISO),
        scripts: Default::default(),
    }
}

fn image(s: &ImageSpec, n: u64) -> ImageInventory {
    named_image(s, s.name, n)
}

fn named_image(s: &ImageSpec, name: &str, n: u64) -> ImageInventory {
    let uuid = uuid_for("image", name);
    let created = ts_at(EPOCH + n * 3_607);
    let status = ImageStatus::from(s.status);
    let ready = status == ImageStatus::Ready;
    let size = s.size_mib * MIB;
    let refs = s
        .zones
        .iter()
        .enumerate()
        .map(|(k, z)| ImageBackupStorageRefInventory {
            id: Some((n * 4 + k as u64) as f64),
            image_uuid: Some(uuid.clone()),
            backup_storage_uuid: Some(bs_uuid(*z)),
            install_path: Some(if *z == 0 {
                format!("ceph://zs-images/{uuid}")
            } else {
                format!("sftp://zstack_bs/images/{uuid}.{}", s.format)
            }),
            export_url: None,
            export_md5_sum: None,
            status: Some(if ready { "Ready" } else { "Downloading" }.into()),
            create_date: Some(created.clone()),
            last_op_date: Some(created.clone()),
        })
        .collect();
    ImageInventory {
        uuid: Some(uuid.clone()),
        name: Some(name.into()),
        description: Some(format!("{} image {name}", s.media)),
        state: Some(if s.enabled {
            ImageState::Enabled
        } else {
            ImageState::Disabled
        }),
        status: Some(status),
        size: Some(size),
        actual_size: Some(if ready { size } else { size / 3 }),
        md5_sum: Some(uuid_for("md5", name)),
        url: Some(format!("http://192.168.1.20/share/images/{name}")),
        media_type: Some(s.media.into()),
        guest_os_type: (!s.guest_os.is_empty()).then(|| s.guest_os.into()),
        kind: Some("zstack".into()),
        platform: Some(s.platform.into()),
        architecture: Some(s.arch.into()),
        format: Some(s.format.into()),
        system: Some(s.system),
        virtio: Some(s.platform != "Windows"),
        create_date: Some(created.clone()),
        last_op_date: Some(created),
        backup_storage_refs: refs,
    }
}

pub(super) fn vm(s: &VmSpec, name: &str, ips: &[&str], n: u64, ids: &mut Ids) -> Vm {
    let uuid = ids.own("vm", name);
    let created = ts_at(EPOCH + n * 86_400 + 3_671);
    let updated = ts_at(EPOCH + n * 86_400 + 7_342);
    let running = s.state == VmState::Running || s.state == VmState::Paused;
    let zone = ZONES[s.zone % ZONES.len()];
    let host = ids.shared("host", zone);
    let cluster = ids.shared("cluster", zone);
    let zone_id = ids.shared("zone", zone);
    let template = ids.shared("image", "centos7-template");
    let offering = ids.shared("instance-offering", &format!("{}c{}g", s.cpus, s.mem_gib));
    let l3: Vec<String> = (0..ips.len().max(1))
        .map(|k| ids.shared("l3", &format!("{zone}-{k}")))
        .collect();
    let nics = ips
        .iter()
        .enumerate()
        .map(|(k, ip)| {
            let id = ids.own("nic", &format!("{name}/{k}"));
            let prefix = ip.rsplit_once('.').map(|(p, _)| p).unwrap_or("10.0.0");
            VmNicInventory {
                uuid: Some(id.clone()),
                vm_instance_uuid: Some(uuid.clone()),
                l3_network_uuid: Some(l3[k].clone()),
                ip: Some((*ip).into()),
                mac: Some(format!(
                    "fa:16:3e:{}:{}:{}",
                    &id[0..2],
                    &id[2..4],
                    &id[4..6]
                )),
                netmask: Some("255.255.255.0".into()),
                gateway: Some(format!("{prefix}.1")),
                device_id: Some(k as u64),
                ip_version: Some(4),
                driver_type: Some("virtio".into()),
            }
        })
        .collect();
    let root = ids.own("volume", &format!("{name}/root"));
    let volumes = vec![VolumeInventory {
        uuid: Some(root.clone()),
        name: Some(format!("ROOT-for-{name}")),
        kind: Some("Root".into()),
        size: Some(40 * GIB),
        device_id: Some(0),
        state: Some("Enabled".into()),
        status: Some("Ready".into()),
    }];
    let cdroms = s
        .cdroms
        .iter()
        .enumerate()
        .map(|(k, iso)| {
            // The tools ISO sits in a drive as ZStack puts it there: occupant
            // GuestTools, no isoUuid.
            let tools = *iso == Some(TOOLS_ISO);
            let iso_uuid = iso.filter(|_| !tools).map(|i| ids.shared("image", i));
            let occupant = match (tools, &iso_uuid) {
                (true, _) => Some(OCCUPANT_GUEST_TOOLS.into()),
                (false, Some(_)) => Some(OCCUPANT_ISO.into()),
                (false, None) => None,
            };
            VmCdRomInventory {
                uuid: Some(ids.own("cdrom", &format!("{name}/{k}"))),
                vm_instance_uuid: Some(uuid.clone()),
                device_id: Some(k as u64),
                iso_install_path: iso_uuid
                    .as_ref()
                    .map(|u| format!("/var/lib/zstack/imagecache/iso/{u}/{u}.iso")),
                occupant,
                iso_uuid,
                name: Some(format!("vm-{uuid}-cdRom")),
                description: None,
                protocol: None,
                create_date: Some(created.clone()),
                last_op_date: Some(updated.clone()),
            }
        })
        .collect();
    let inv = VmInstanceInventory {
        uuid: Some(uuid.clone()),
        name: Some(name.into()),
        description: Some(s.description.into()),
        zone_uuid: Some(zone_id),
        cluster_uuid: Some(cluster),
        image_uuid: Some(template),
        host_uuid: running.then(|| host.clone()),
        last_host_uuid: Some(host),
        instance_offering_uuid: Some(offering),
        root_volume_uuid: Some(root),
        platform: Some(s.platform.into()),
        architecture: Some(s.arch.into()),
        default_l3_network_uuid: Some(l3[0].clone()),
        kind: Some("UserVm".into()),
        hypervisor_type: Some("KVM".into()),
        memory_size: Some(s.mem_gib * GIB),
        reserved_memory_size: Some(0),
        cpu_num: Some(s.cpus),
        cpu_speed: Some(0),
        allocator_strategy: Some("LastHostPreferredAllocatorStrategy".into()),
        create_date: Some(created.clone()),
        last_op_date: Some(updated.clone()),
        state: Some(s.state.clone()),
        guest_os_type: Some(s.guest_os.into()),
        vm_nics: nics,
        all_volumes: volumes,
        vm_cd_roms: cdroms,
    };
    Vm {
        inv,
        tools: tools(&s.tools, s, created, updated),
        hostname: s.hostname.into(),
        kernel: kernel_for(s.guest_os),
        locale: s.locale.into(),
        procs: Default::default(),
        qga_tag: s.tools.qemuga,
        // ZStack's `virtio` tag: Linux and WindowsVirtio guests have the
        // drivers, a plain Windows one has not.
        virtio_tag: s.platform != "Windows",
        driver_disk: false,
    }
}

fn tools(
    t: &ToolsSpec,
    s: &VmSpec,
    created: zstack_api::Timestamp,
    updated: zstack_api::Timestamp,
) -> Tools {
    Tools {
        status: t.status.into(),
        version: t.version.map(String::from),
        qga: t.qga.into(),
        zwatch: t.zwatch.into(),
        features: t
            .features
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<BTreeMap<_, _>>(),
        platform: s.tools_platform.into(),
        os_type: s.guest_os.into(),
        supported: t.supported,
        create_date: created,
        last_op_date: updated,
        running_at: None,
        recorded: t.recorded,
    }
}

/// A plausible `uname -r` for the guest OS.
fn kernel_for(os: &str) -> String {
    let k = match os {
        o if o.starts_with("CentOS 6") => "2.6.32-754.35.1.el6.x86_64",
        o if o.starts_with("CentOS 7") => "3.10.0-1160.119.1.el7.x86_64",
        o if o.starts_with("CentOS 8") => "4.18.0-348.7.1.el8_5.x86_64",
        o if o.starts_with("Rocky") => "5.14.0-362.8.1.el9_3.x86_64",
        o if o.starts_with("Ubuntu 20") => "5.4.0-182-generic",
        o if o.starts_with("Ubuntu") => "5.15.0-107-generic",
        o if o.starts_with("Debian") => "5.10.0-28-amd64",
        o if o.starts_with("Kylin") => "4.19.90-52.22.v2207.ky10.x86_64",
        o if o.starts_with("openEuler") => "5.10.0-136.12.0.86.oe2203sp1.x86_64",
        o if o.starts_with("FreeBSD") => "13.2-RELEASE",
        _ => "10.0.17763",
    };
    k.into()
}

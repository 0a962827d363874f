//! Serialising a model and reading it back gives the same model, for any
//! values, known or unknown enum values, missing fields and odd text.

use proptest::option::of;
use proptest::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use std::fmt::Debug;
use zstack_api::*;

fn text() -> impl Strategy<Value = Option<String>> {
    of(any::<String>())
}

fn number() -> impl Strategy<Value = Option<u64>> {
    of(any::<u64>())
}

fn stamp() -> impl Strategy<Value = Option<Timestamp>> {
    of(prop_oneof![
        Just(Timestamp("Jan 6, 2017 3:51:16 AM".into())),
        any::<String>().prop_map(Timestamp),
    ])
}

/// Known values and unknown ones (which must come back as `Other`, or as the
/// known value they happen to spell).
fn zstack_enum<E>(known: &'static [E]) -> impl Strategy<Value = Option<E>>
where
    E: Clone + Debug + From<String> + 'static,
{
    of(prop_oneof![
        prop::sample::select(known),
        "[A-Za-z ]{0,12}".prop_map(E::from),
    ])
}

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(
    v: &T,
) -> Result<(), TestCaseError> {
    let json = serde_json::to_string(v).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back: T =
        serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
    prop_assert_eq!(&back, v, "{}", json);
    Ok(())
}

fn nic() -> impl Strategy<Value = VmNicInventory> {
    (
        text(),
        text(),
        text(),
        text(),
        text(),
        text(),
        text(),
        number(),
        number(),
        text(),
    )
        .prop_map(
            |(
                uuid,
                vm_instance_uuid,
                l3_network_uuid,
                ip,
                mac,
                netmask,
                gateway,
                device_id,
                ip_version,
                driver_type,
            )| {
                VmNicInventory {
                    uuid,
                    vm_instance_uuid,
                    l3_network_uuid,
                    ip,
                    mac,
                    netmask,
                    gateway,
                    device_id,
                    ip_version,
                    driver_type,
                }
            },
        )
}

fn volume() -> impl Strategy<Value = VolumeInventory> {
    (text(), text(), text(), number(), number(), text(), text()).prop_map(
        |(uuid, name, kind, size, device_id, state, status)| VolumeInventory {
            uuid,
            name,
            kind,
            size,
            device_id,
            state,
            status,
        },
    )
}

fn cd_rom() -> impl Strategy<Value = VmCdRomInventory> {
    (
        text(),
        text(),
        number(),
        text(),
        text(),
        text(),
        text(),
        text(),
        stamp(),
        stamp(),
    )
        .prop_map(
            |(
                uuid,
                vm_instance_uuid,
                device_id,
                iso_uuid,
                iso_install_path,
                name,
                description,
                protocol,
                create_date,
                last_op_date,
            )| {
                VmCdRomInventory {
                    uuid,
                    vm_instance_uuid,
                    device_id,
                    iso_uuid,
                    iso_install_path,
                    name,
                    description,
                    protocol,
                    create_date,
                    last_op_date,
                }
            },
        )
}

fn vm() -> impl Strategy<Value = VmInstanceInventory> {
    let ids = (
        text(),
        text(),
        text(),
        text(),
        text(),
        text(),
        text(),
        text(),
        text(),
        text(),
    );
    let kind = (
        zstack_enum(Platform::KNOWN),
        text(),
        text(),
        text(),
        number(),
        number(),
        number(),
        number(),
        text(),
    );
    let rest = (
        stamp(),
        stamp(),
        zstack_enum(VmState::KNOWN),
        text(),
        text(),
        prop::collection::vec(nic(), 0..3),
        prop::collection::vec(volume(), 0..3),
        prop::collection::vec(cd_rom(), 0..3),
    );
    (ids, kind, rest).prop_map(|(ids, kind, rest)| {
        let (
            uuid,
            name,
            description,
            zone_uuid,
            cluster_uuid,
            image_uuid,
            host_uuid,
            last_host_uuid,
            instance_offering_uuid,
            root_volume_uuid,
        ) = ids;
        let (
            platform,
            architecture,
            default_l3_network_uuid,
            hypervisor_type,
            memory_size,
            reserved_memory_size,
            cpu_num,
            cpu_speed,
            allocator_strategy,
        ) = kind;
        let (
            create_date,
            last_op_date,
            state,
            guest_os_type,
            kind,
            vm_nics,
            all_volumes,
            vm_cd_roms,
        ) = rest;
        VmInstanceInventory {
            uuid,
            name,
            description,
            zone_uuid,
            cluster_uuid,
            image_uuid,
            host_uuid,
            last_host_uuid,
            instance_offering_uuid,
            root_volume_uuid,
            platform,
            architecture,
            default_l3_network_uuid,
            kind,
            hypervisor_type,
            memory_size,
            reserved_memory_size,
            cpu_num,
            cpu_speed,
            allocator_strategy,
            create_date,
            last_op_date,
            state,
            guest_os_type,
            vm_nics,
            all_volumes,
            vm_cd_roms,
        }
    })
}

fn backup_storage_ref() -> impl Strategy<Value = ImageBackupStorageRefInventory> {
    // Whole numbers and quarters: exact in binary, so the float survives text.
    let id = of((-1_000_000i32..1_000_000).prop_map(|n| f64::from(n) / 4.0));
    (
        id,
        text(),
        text(),
        text(),
        text(),
        text(),
        text(),
        stamp(),
        stamp(),
    )
        .prop_map(
            |(
                id,
                image_uuid,
                backup_storage_uuid,
                install_path,
                export_url,
                export_md5_sum,
                status,
                create_date,
                last_op_date,
            )| {
                ImageBackupStorageRefInventory {
                    id,
                    image_uuid,
                    backup_storage_uuid,
                    install_path,
                    export_url,
                    export_md5_sum,
                    status,
                    create_date,
                    last_op_date,
                }
            },
        )
}

fn image() -> impl Strategy<Value = ImageInventory> {
    let a = (
        text(),
        text(),
        text(),
        zstack_enum(ImageState::KNOWN),
        zstack_enum(ImageStatus::KNOWN),
        number(),
        number(),
        text(),
        text(),
    );
    let b = (
        zstack_enum(MediaType::KNOWN),
        text(),
        text(),
        zstack_enum(Platform::KNOWN),
        text(),
        text(),
        of(any::<bool>()),
        of(any::<bool>()),
    );
    let c = (
        stamp(),
        stamp(),
        prop::collection::vec(backup_storage_ref(), 0..3),
    );
    (a, b, c).prop_map(|(a, b, c)| {
        let (uuid, name, description, state, status, size, actual_size, md5_sum, url) = a;
        let (media_type, guest_os_type, kind, platform, architecture, format, system, virtio) = b;
        let (create_date, last_op_date, backup_storage_refs) = c;
        ImageInventory {
            uuid,
            name,
            description,
            state,
            status,
            size,
            actual_size,
            md5_sum,
            url,
            media_type,
            guest_os_type,
            kind,
            platform,
            architecture,
            format,
            system,
            virtio,
            create_date,
            last_op_date,
            backup_storage_refs,
        }
    })
}

fn guest_tools_state() -> impl Strategy<Value = GuestToolsStateInventory> {
    (
        text(),
        zstack_enum(QgaState::KNOWN),
        zstack_enum(ZWatchState::KNOWN),
        text(),
        text(),
        text(),
        stamp(),
        stamp(),
    )
        .prop_map(
            |(
                vm_instance_uuid,
                qga_state,
                zwatch_state,
                version,
                platform,
                os_type,
                create_date,
                last_op_date,
            )| {
                GuestToolsStateInventory {
                    vm_instance_uuid,
                    qga_state,
                    zwatch_state,
                    version,
                    platform,
                    os_type,
                    create_date,
                    last_op_date,
                }
            },
        )
}

fn guest_tools_info() -> impl Strategy<Value = VmGuestToolsInfo> {
    (
        text(),
        zstack_enum(GuestToolsStatus::KNOWN),
        prop::collection::btree_map(any::<String>(), any::<String>(), 0..4),
    )
        .prop_map(|(version, status, features)| VmGuestToolsInfo {
            version,
            status,
            features,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn vm_instance(v in vm()) {
        round_trip(&v)?;
        // Also inside the reply that carries it, through `decode`.
        let body = serde_json::to_vec(&VmQueryReply { inventories: vec![v.clone()], total: Some(1) }).unwrap();
        match decode::<VmQueryReply>(200, &body) {
            Ok(Reply::Done(r)) => prop_assert_eq!(r.inventories, vec![v]),
            other => prop_assert!(false, "{:?}", other),
        }
    }

    #[test]
    fn image_inventory(v in image()) {
        round_trip(&v)?;
    }

    #[test]
    fn guest_tools_state_inventory(v in guest_tools_state()) {
        round_trip(&v)?;
        round_trip(&GuestToolsStateReply { inventory: Some(v) })?;
    }

    #[test]
    fn vm_guest_tools_info(v in guest_tools_info()) {
        round_trip(&v)?;
    }
}

//! `zstack_api::fleet`: needs attention, the whole-fleet page, bulk checks.

use std::collections::HashSet;
use zstack_api::fleet::*;
use zstack_api::*;

fn record(qga: &str, zwatch: &str) -> GuestToolsStateInventory {
    GuestToolsStateInventory {
        qga_state: Some(QgaState::from(qga)),
        zwatch_state: Some(ZWatchState::from(zwatch)),
        ..Default::default()
    }
}

#[test]
fn attention_is_either_agent_down_or_no_record() {
    assert!(!needs_attention(Some(&record("Running", "Running"))));
    for (q, z) in [
        ("NotRunning", "Running"),
        ("Running", "NotInstalled"),
        ("NotUpgraded", "Running"),
        ("Running", "Degraded"),
    ] {
        assert!(needs_attention(Some(&record(q, z))), "{q} {z}");
    }
    assert!(needs_attention(None));
    // A record with nothing in it is not "Running".
    assert!(needs_attention(Some(&GuestToolsStateInventory::default())));
}

#[test]
fn the_queries_ask_zstack_for_ids_only() {
    let pairs = healthy_query().to_pairs();
    let has = |k: &str, v: &str| pairs.iter().any(|(a, b)| a == k && b == v);
    assert!(has("q", "qgaState=Running") && has("q", "zwatchState=Running"));
    assert!(has("fields", "vmInstanceUuid"));
    assert!(has("limit", &ALL.to_string()), "{pairs:?}");

    let list = Query::new()
        .cond("name", Op::Like, "%web%")
        .sort("name", false)
        .limit(50)
        .start(100)
        .reply_with_count();
    let ids = ordered_ids_query(list).to_pairs();
    let has = |k: &str, v: &str| ids.iter().any(|(a, b)| a == k && b == v);
    assert!(has("q", "name~=%web%") && has("sort", "-name") && has("fields", "uuid"));
    assert!(
        !ids.iter()
            .any(|(k, _)| k == "start" || k == "replyWithCount"),
        "{ids:?}"
    );

    let uuids = vec!["a".to_owned(), "b".to_owned()];
    let s = states_query(&uuids).to_pairs();
    assert!(s.contains(&("q".into(), "vmInstanceUuid?=a,b".into())));
    assert!(s.contains(&("limit".into(), "2".into())));
    let v = vms_query(&uuids).to_pairs();
    assert!(v.contains(&("q".into(), "uuid?=a,b".into())));
}

#[test]
fn the_attention_page_counts_the_whole_fleet_in_order() {
    let ordered: Vec<String> = (0..10).map(|i| format!("vm{i}")).collect();
    // vm0, vm3, vm6, vm9 healthy; the rest (six) need attention, no record or not.
    let healthy: HashSet<String> = ["vm0", "vm3", "vm6", "vm9", "elsewhere"]
        .into_iter()
        .map(String::from)
        .collect();
    let p = attention_page(&ordered, &healthy, 0, 4);
    assert_eq!(p.total, 6);
    assert_eq!(p.uuids, ["vm1", "vm2", "vm4", "vm5"]);
    let p = attention_page(&ordered, &healthy, 1, 4);
    assert_eq!(
        (p.total, p.uuids),
        (6, vec!["vm7".to_owned(), "vm8".to_owned()])
    );
    assert!(attention_page(&ordered, &healthy, 2, 4).uuids.is_empty());
    assert_eq!(attention_page(&[], &healthy, 0, 4).total, 0);
}

fn vm(state: &str, drives: &[(Option<&str>, Option<&str>)]) -> VmInstanceInventory {
    VmInstanceInventory {
        state: Some(VmState::from(state)),
        vm_cd_roms: drives
            .iter()
            .enumerate()
            .map(|(i, (iso, occ))| VmCdRomInventory {
                device_id: Some(i as u64),
                iso_uuid: iso.map(Into::into),
                occupant: occ.map(Into::into),
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

#[test]
fn bulk_attach_skips_what_zstack_would_refuse_or_what_would_evict() {
    use BulkAction::AttachToolsIso as A;
    assert_eq!(bulk_check(A, &vm("Running", &[(None, None)])), Ok(()));
    assert_eq!(
        bulk_check(A, &vm("Running", &[(None, Some("GuestTools"))])),
        Ok(())
    );
    assert_eq!(
        bulk_check(A, &vm("Stopped", &[(None, None)])),
        Err(Skip::NotRunning(Some(VmState::Stopped)))
    );
    assert_eq!(bulk_check(A, &vm("Running", &[])), Err(Skip::NoCdRom));
    assert_eq!(
        bulk_check(A, &vm("Running", &[(Some("user-iso"), Some("ISO"))])),
        Err(Skip::WouldEvict {
            iso_uuid: Some("user-iso".into())
        })
    );
}

#[test]
fn bulk_detach_needs_the_tools_iso_in_a_drive() {
    use BulkAction::DetachToolsIso as D;
    assert_eq!(
        bulk_check(D, &vm("Stopped", &[(None, Some("GuestTools"))])),
        Ok(())
    );
    assert_eq!(
        bulk_check(
            D,
            &vm("Running", &[(Some("iso"), Some("ISO")), (None, None)])
        ),
        Err(Skip::NoToolsIso)
    );
    assert_eq!(
        bulk_check(D, &vm("Migrating", &[(None, Some("GuestTools"))])),
        Err(Skip::WrongState(Some(VmState::Migrating)))
    );
}

#[test]
fn a_rerun_takes_only_the_failed_and_progress_counts_settled() {
    let outcomes: Vec<(String, BulkOutcome<&str>)> = vec![
        ("a".into(), BulkOutcome::Done),
        ("b".into(), BulkOutcome::Failed("SYS.1006")),
        ("c".into(), BulkOutcome::Skipped(Skip::NoCdRom)),
        ("d".into(), BulkOutcome::InFlight),
        ("e".into(), BulkOutcome::Failed("GT.1001")),
        ("f".into(), BulkOutcome::Waiting),
    ];
    let pairs = outcomes.iter().map(|(u, o)| (u.as_str(), o));
    assert_eq!(rerun_targets(pairs), ["b", "e"]);
    assert_eq!(progress(outcomes.iter().map(|(_, o)| o)), (4, 6));
}

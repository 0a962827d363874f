//! The guest-tools lifecycle APIs (ZSTACK-API.md §5): requests, replies, and
//! the decisions in `zstack_api::lifecycle`.

use zstack_api::lifecycle::*;
use zstack_api::*;

const VM: &str = "0123456789abcdef0123456789abcdef";
const ISO: &str = "fedcba9876543210fedcba9876543210";
/// A hostile UUID: must stay one path segment.
const ODD: &str = "a/b c?";
const ODD_ENC: &str = "a%2Fb%20c%3F";

fn done<T: serde::de::DeserializeOwned>(status: u16, body: &str) -> T {
    match decode::<T>(status, body.as_bytes()) {
        Ok(Reply::Done(t)) => t,
        other => panic!("expected a reply, got {:?}", other.err()),
    }
}

fn check(req: ApiRequest, method: Method, path: &str, body: Option<&str>, is_async: bool) {
    assert_eq!(req.method, method, "{path}");
    assert_eq!(req.path, path);
    assert_eq!(req.body.as_deref(), body, "{path}");
    assert!(req.needs_auth, "{path}");
    assert_eq!(req.may_be_async, is_async, "{path}");
    assert!(req.query.is_empty(), "{path}");
}

#[test]
fn lifecycle_requests() {
    for (uuid, enc) in [(VM, VM), (ODD, ODD_ENC)] {
        let uuid = uuid.to_string();
        check(
            GetLatestGuestToolsForVm { uuid: uuid.clone() }.request(),
            Method::Get,
            &format!("/vm-instances/{enc}/latest-guest-tools"),
            None,
            false,
        );
        check(
            DetachGuestToolsIsoFromVm { uuid: uuid.clone() }.request(),
            Method::Put,
            &format!("/vm-instances/{enc}/actions"),
            Some(r#"{"detachGuestToolsIsoFromVm":{}}"#),
            true,
        );
        check(
            GetVmQga { uuid: uuid.clone() }.request(),
            Method::Get,
            &format!("/vm-instances/{enc}/qga"),
            None,
            false,
        );
        for (enable, body) in [
            (true, r#"{"setVmQga":{"enable":true}}"#),
            (false, r#"{"setVmQga":{"enable":false}}"#),
        ] {
            let req = SetVmQga {
                uuid: uuid.clone(),
                enable,
            }
            .request();
            check(
                req,
                Method::Put,
                &format!("/vm-instances/{enc}/actions"),
                Some(body),
                true,
            );
        }
    }
    let dot = GetVmQga { uuid: "..".into() }.request();
    assert_eq!(dot.path, "/vm-instances/%2E%2E/qga");
}

#[test]
fn query_vm_cdrom_request() {
    let req = QueryVmCdRom::default().request();
    assert_eq!(
        (req.method, req.path.as_str()),
        (Method::Get, "/vm-instances/cdroms")
    );
    assert!(req.query.is_empty() && req.body.is_none() && !req.may_be_async);
    let req = QueryVmCdRom::of_vm(VM).request();
    assert_eq!(
        req.query,
        Query::new().cond("vmInstanceUuid", Op::Eq, VM).to_pairs()
    );
    assert_eq!(
        req.url("/zstack/v1"),
        format!("/zstack/v1/vm-instances/cdroms?q=vmInstanceUuid%3D{VM}")
    );
}

#[test]
fn latest_guest_tools_replies() {
    type R = <GetLatestGuestToolsForVm as Endpoint>::Reply;
    let body = r#"{"inventory":{"uuid":"u","name":"GuestTools","description":"d",
        "managementNodeUuid":"mn","architecture":"x86_64","hypervisorType":"KVM",
        "version":"4.10.20","agentType":"zs-tools","createDate":"Jan 6, 2017 3:51:16 AM",
        "lastOpDate":"Jan 6, 2017 3:51:16 AM","extra":1},"success":true}"#;
    let inv = done::<R>(200, body).inventory.expect("inventory");
    assert_eq!(inv.version.as_deref(), Some("4.10.20"));
    assert_eq!(inv.management_node_uuid.as_deref(), Some("mn"));
    assert_eq!(inv.architecture.as_deref(), Some("x86_64"));
    assert_eq!(inv.hypervisor_type.as_deref(), Some("KVM"));
    assert_eq!(inv.agent_type.as_deref(), Some("zs-tools"));
    assert!(inv.create_date.is_some() && inv.last_op_date.is_some());
    // Up to date: null, absent, `{}` or an empty body.
    for body in [r#"{"inventory":null}"#, r#"{"success":true}"#, "{}", ""] {
        assert_eq!(done::<R>(200, body).inventory, None, "{body:?}");
    }
    // A numeric version is still a version.
    let r = done::<R>(200, r#"{"inventory":{"version":5}}"#);
    assert_eq!(r.inventory.unwrap().version.as_deref(), Some("5"));
}

#[test]
fn qga_and_empty_replies() {
    type Q = <GetVmQga as Endpoint>::Reply;
    assert_eq!(done::<Q>(200, r#"{"enable":true}"#).enable, Some(true));
    assert_eq!(
        done::<Q>(200, r#"{"enable":false,"success":true}"#).enable,
        Some(false)
    );
    assert_eq!(done::<Q>(200, "").enable, None);
    assert_eq!(done::<Q>(200, r#"{"enable":null}"#).enable, None);
    for body in ["", "{}", r#"{"success":true}"#] {
        let _: <DetachGuestToolsIsoFromVm as Endpoint>::Reply = done(200, body);
        let _: <SetVmQga as Endpoint>::Reply = done(200, body);
    }
    // Async: the 202 names a job.
    let loc = r#"{"location":"http://10.0.0.1:8080/zstack/v1/api-jobs/abc","apiTimeout":1000}"#;
    let accepted = decode::<<SetVmQga as Endpoint>::Reply>(202, loc.as_bytes()).unwrap();
    assert!(matches!(accepted, Reply::Accepted(_)));
    // An older server without the action: a plain-text 400, not a crash.
    let old = "the body doesn't contain action mapping to the URL[/v1/vm-instances/x/actions]";
    let err = decode::<<DetachGuestToolsIsoFromVm as Endpoint>::Reply>(400, old.as_bytes());
    assert!(
        matches!(err, Err(ApiError::Rest { status: 400, .. })),
        "{err:?}"
    );
}

#[test]
fn cdrom_query_reply_keeps_occupant() {
    type C = <QueryVmCdRom as Endpoint>::Reply;
    let body = format!(
        r#"{{"inventories":[
        {{"uuid":"a","vmInstanceUuid":"{VM}","deviceId":0,"isoUuid":"{ISO}","occupant":"ISO"}},
        {{"uuid":"b","deviceId":"1","occupant":"GuestTools","protocol":null}},
        {{"uuid":"c","deviceId":2}}],"total":3}}"#
    );
    let r = done::<C>(200, &body);
    assert_eq!(r.total, Some(3));
    let d = &r.inventories;
    assert_eq!(d[0].iso_uuid.as_deref(), Some(ISO));
    assert_eq!(d[0].occupant.as_deref(), Some("ISO"));
    assert_eq!(
        (d[1].device_id, d[1].occupant.as_deref()),
        (Some(1), Some("GuestTools"))
    );
    assert_eq!(
        (d[2].uuid.as_deref(), d[2].occupant.as_deref()),
        (Some("c"), None)
    );
    assert_eq!(
        tools_drive_choice(d),
        DriveChoice::AlreadyHolds { device_id: Some(1) }
    );
    // Round trip keeps `occupant`; an older release's drive has none on the wire.
    let text = serde_json::to_string(&d[1]).unwrap();
    assert_eq!(
        serde_json::from_str::<VmCdRomInventory>(&text).unwrap(),
        d[1]
    );
    assert!(!serde_json::to_string(&d[2]).unwrap().contains("occupant"));
    assert!(done::<C>(200, r#"{"inventories":null}"#)
        .inventories
        .is_empty());
}

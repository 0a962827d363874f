//! The vendor pages' samples (tests/fixtures, copied verbatim from the seeds)
//! against the models and the endpoints.

use serde_json::Value;
use zstack_api::*;

const ROOT: &str = "http://localhost:8080/zstack/v1";

fn fixture_value(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is JSON")
}

fn done<T: serde::de::DeserializeOwned>(status: u16, body: &str) -> T {
    match decode::<T>(status, body.as_bytes()) {
        Ok(Reply::Done(t)) => t,
        other => panic!("expected a reply, got {:?}", other.err()),
    }
}

#[test]
fn get_vm_guest_tools_info() {
    let uuid = "5ecc83bf3f5033b9b78b4f9406c01f8f";
    let req = GetVmGuestToolsInfo { uuid: uuid.into() }.request();
    assert_eq!(req.method, Method::Get);
    // From the seed's curl sample.
    assert_eq!(
        req.url(ROOT),
        "http://localhost:8080/zstack/v1/vm-instances/5ecc83bf3f5033b9b78b4f9406c01f8f/guest-tools-infos"
    );
    assert_eq!(req.body, None);
    assert!(req.needs_auth && !req.may_be_async);

    let reply: <GetVmGuestToolsInfo as Endpoint>::Reply = done(
        200,
        include_str!("fixtures/get_vm_guest_tools_info.reply.json"),
    );
    assert_eq!(reply.version.as_deref(), Some("1.0.0"));
    assert_eq!(reply.status, Some(GuestToolsStatus::Running));
    assert!(reply.features.is_empty());
}

#[test]
fn update_guest_tools_state() {
    let uuid = "321e85ca08b335e09f172041f7e710b5";
    let req = UpdateGuestToolsState {
        vm_instance_uuid: uuid.into(),
    }
    .request();
    assert_eq!(req.method, Method::Put);
    // The seed's endpoint, `{vmInstanceUuid}` filled in.
    let seed_path = "/zstack/v1/vm-instances/{vmInstanceUuid}/guesttools-state";
    assert_eq!(
        req.url("/zstack/v1"),
        seed_path.replace("{vmInstanceUuid}", uuid)
    );
    assert_eq!(req.body.as_deref(), Some(r#"{"updateGuestToolsState":{}}"#));
    assert!(req.needs_auth && !req.may_be_async);
    // The seed's request example only holds the optional tags: ours adds the
    // action's parameter object and nothing that could clash with them.
    let seed = fixture_value(include_str!(
        "fixtures/update_guest_tools_state.request.json"
    ));
    let ours = fixture_value(req.body.as_deref().unwrap());
    for key in seed.as_object().unwrap().keys() {
        assert!(["systemTags", "userTags"].contains(&key.as_str()));
        assert!(ours.get(key).is_none());
    }

    let reply: <UpdateGuestToolsState as Endpoint>::Reply = done(
        200,
        include_str!("fixtures/update_guest_tools_state.reply.json"),
    );
    let inv = reply.inventory.expect("inventory");
    assert_eq!(inv.vm_instance_uuid.as_deref(), Some(uuid));
    assert_eq!(inv.qga_state, Some(QgaState::Running));
    assert_eq!(inv.zwatch_state, Some(ZWatchState::Running));
    assert_eq!(inv.version.as_deref(), Some("4.6.11"));
    assert_eq!(inv.platform.as_deref(), Some("Kylin"));
    assert_eq!(inv.os_type.as_deref(), Some("Kylin"));
    assert_eq!(inv.create_date, None);
}

#[test]
fn attach_guest_tools_iso_to_vm_request() {
    let uuid = "f58d939e32073aa49acc4897bf81ae45";
    let req = AttachGuestToolsIsoToVm { uuid: uuid.into() }.request();
    assert_eq!(req.method, Method::Put);
    assert_eq!(
        req.url(ROOT),
        "http://localhost:8080/zstack/v1/vm-instances/f58d939e32073aa49acc4897bf81ae45/actions"
    );
    assert!(req.needs_auth && req.may_be_async);
    // Byte for byte the curl sample's body.
    let curl = include_str!("fixtures/attach_guest_tools_iso_to_vm.curl.json");
    assert_eq!(req.body.as_deref(), Some(curl.trim()));
    // And the documented body, less its optional (empty) tags.
    let mut doc = fixture_value(include_str!(
        "fixtures/attach_guest_tools_iso_to_vm.request.json"
    ));
    let doc_map = doc.as_object_mut().unwrap();
    assert_eq!(doc_map.remove("systemTags"), Some(Value::Array(vec![])));
    assert_eq!(doc_map.remove("userTags"), Some(Value::Array(vec![])));
    assert_eq!(fixture_value(req.body.as_deref().unwrap()), doc);
}

#[test]
fn attach_guest_tools_iso_to_vm_error_example() {
    let body = include_str!("fixtures/attach_guest_tools_iso_to_vm.error.json");
    let err =
        decode::<<AttachGuestToolsIsoToVm as Endpoint>::Reply>(503, body.as_bytes()).unwrap_err();
    let ApiError::Api { status, error } = &err else {
        panic!("expected an API error, got {err:?}");
    };
    assert_eq!(*status, 503);
    assert_eq!(error.code.as_deref(), Some("SYS.1001"));
    assert_eq!(
        error.description.as_deref(),
        Some("A message or a operation timeout")
    );
    assert_eq!(
        error.details.as_deref(),
        Some("Create VM on KVM timeout after 300s")
    );
    assert_eq!(err.code(), Some("SYS.1001"));
    assert_eq!(err.headline(), "SYS.1001: A message or a operation timeout");
    assert_eq!(err.details(), vec!["Create VM on KVM timeout after 300s"]);
    assert!(!err.is_session_invalid());

    // The same error as the result of the job poll that follows the 202.
    let mut job = JobPoll::new(JobPolicy::default(), 0);
    let accepted = br#"{"location":"http://172.20.0.2:8080/zstack/v1/api-jobs/0a1b2c3d4e5f60718293a4b5c6d7e8f9"}"#;
    assert!(matches!(
        job.on_response::<EmptyReply>(202, accepted, 0),
        JobStep::Wait { .. }
    ));
    assert_eq!(
        job.on_response::<EmptyReply>(503, body.as_bytes(), 600),
        JobStep::Failed(err)
    );
}

#[test]
fn attach_guest_tools_iso_to_vm_success_is_empty() {
    let empty: EmptyReply = done(200, "{}");
    assert_eq!(empty, EmptyReply {});
    assert_eq!(done::<EmptyReply>(200, ""), EmptyReply {});
}

#[test]
fn execute_guest_vm_command_request() {
    let req = ExecuteGuestVmCommand {
        vm_instance_uuid: "<vmInstanceUuid>".into(),
        platform: Platform::from("<platform>"),
        command: "<command>".into(),
        command_timeout: Some(1),
    }
    .request();
    assert_eq!(req.method, Method::Put);
    assert_eq!(req.path, "/vm-instances/commands/exec");
    assert_eq!(
        req.url("/zstack/v1/"),
        "/zstack/v1/vm-instances/commands/exec"
    );
    assert!(req.needs_auth && req.may_be_async);

    let seed = include_str!("fixtures/execute_guest_vm_command.request.json").trim();
    let body = req.body.expect("a body");
    // Same bytes, same field order, up to where the seed adds its optional tags.
    let params = body.strip_suffix('}').unwrap();
    assert!(
        seed.starts_with(params) && seed[params.len()..].starts_with(",\"systemTags\""),
        "{body} is not the start of {seed}"
    );
    let mut seed_value = fixture_value(seed);
    let m = seed_value.as_object_mut().unwrap();
    m.remove("systemTags");
    m.remove("userTags");
    assert_eq!(fixture_value(&body), seed_value);
}

#[test]
fn execute_guest_vm_command_reply() {
    let reply: <ExecuteGuestVmCommand as Endpoint>::Reply = done(
        200,
        include_str!("fixtures/execute_guest_vm_command.reply.json"),
    );
    let stream = reply.stream.as_deref().expect("stream");
    assert_eq!(
        stream,
        "standardStream: hello world, errorStream: 1/0 is not a goodScript"
    );
    let out = parse_stream(stream);
    assert_eq!(out.stdout.as_deref(), Some("hello world"));
    assert_eq!(out.stderr.as_deref(), Some("1/0 is not a goodScript"));
    let vm = reply.vm_instance.expect("vmInstance");
    assert_eq!(vm.uuid.as_deref(), Some("fc022ba201c135d8809c5e02bf6bf156"));
    assert_eq!(vm.name.as_deref(), Some("vm_1"));
    assert!(vm.vm_nics.is_empty() && vm.state.is_none());
}

#[test]
fn get_candidate_iso_for_attaching_vm() {
    let req = GetCandidateIsoForAttachingVm {
        vm_instance_uuid: "1f65bf61248341708265de7d759828b2".into(),
    }
    .request();
    assert_eq!(req.method, Method::Get);
    assert_eq!(
        req.url(ROOT),
        "http://localhost:8080/zstack/v1/vm-instances/1f65bf61248341708265de7d759828b2/iso-candidates"
    );
    assert_eq!(req.body, None);
    assert!(req.needs_auth && !req.may_be_async);

    let reply: <GetCandidateIsoForAttachingVm as Endpoint>::Reply = done(
        200,
        include_str!("fixtures/get_candidate_iso_for_attaching_vm.reply.json"),
    );
    assert_eq!(reply.inventories.len(), 1);
    assert_eq!(reply.total, None);
    let img = &reply.inventories[0];
    assert_eq!(
        img.uuid.as_deref(),
        Some("154c6715c5994bfd8c822fd6fc5792f8")
    );
    assert_eq!(img.name.as_deref(), Some("TinyLinux"));
    assert_eq!(
        img.url.as_deref(),
        Some("http://192.168.1.20/share/images/tinylinux.qcow2")
    );
    assert_eq!(img.media_type, Some(MediaType::RootVolumeTemplate));
    assert_eq!(img.platform, Some(Platform::Linux));
    assert_eq!(img.format.as_deref(), Some("qcow2"));
    assert_eq!(img.state, None);
    let bs = &img.backup_storage_refs;
    assert_eq!(bs.len(), 1);
    assert_eq!(bs[0].id, Some(0.0));
    assert_eq!(bs[0].image_uuid, img.uuid);
    assert_eq!(
        bs[0].backup_storage_uuid.as_deref(),
        Some("e7eed90ff5fd4448b3bee5e029c96636")
    );
    assert_eq!(
        bs[0].install_path.as_deref(),
        Some("ceph://zs-images/f0b149e053b34c7eb7fe694b182ebffd")
    );
    assert_eq!(bs[0].status.as_deref(), Some("Ready"));
}

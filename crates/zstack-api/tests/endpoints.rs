//! Method, path, query, body and flags of every endpoint; URL building.

use zstack_api::endpoint::percent_encode;
use zstack_api::*;

const VM: &str = "0123456789abcdef0123456789abcdef";
const ISO: &str = "fedcba9876543210fedcba9876543210";

fn check(
    req: ApiRequest,
    method: Method,
    path: &str,
    body: Option<&str>,
    needs_auth: bool,
    may_be_async: bool,
) {
    assert_eq!(req.method, method, "{path}");
    assert_eq!(req.path, path);
    assert_eq!(req.body.as_deref(), body, "{path}");
    assert_eq!(req.needs_auth, needs_auth, "{path}");
    assert_eq!(req.may_be_async, may_be_async, "{path}");
}

#[test]
fn every_endpoint() {
    let vm = || VM.to_string();
    let guest_tools_path = format!("/vm-instances/{VM}/guest-tools-infos");
    check(
        GetVmGuestToolsInfo { uuid: vm() }.request(),
        Method::Get,
        &guest_tools_path,
        None,
        true,
        false,
    );
    check(
        UpdateGuestToolsState {
            vm_instance_uuid: vm(),
        }
        .request(),
        Method::Put,
        &format!("/vm-instances/{VM}/guesttools-state"),
        Some(r#"{"updateGuestToolsState":{}}"#),
        true,
        false,
    );
    check(
        AttachGuestToolsIsoToVm { uuid: vm() }.request(),
        Method::Put,
        &format!("/vm-instances/{VM}/actions"),
        Some(r#"{"attachGuestToolsIsoToVm":{}}"#),
        true,
        true,
    );
    check(
        GetCandidateIsoForAttachingVm {
            vm_instance_uuid: vm(),
        }
        .request(),
        Method::Get,
        &format!("/vm-instances/{VM}/iso-candidates"),
        None,
        true,
        false,
    );
    check(
        LogOut { session_uuid: vm() }.request(),
        Method::Delete,
        &format!("/accounts/sessions/{VM}"),
        None,
        true,
        false,
    );
    check(
        ValidateSession { session_uuid: vm() }.request(),
        Method::Get,
        &format!("/accounts/sessions/{VM}/valid"),
        None,
        false,
        false,
    );
    check(
        AttachIsoToVmInstance {
            vm_instance_uuid: vm(),
            iso_uuid: ISO.into(),
        }
        .request(),
        Method::Post,
        &format!("/vm-instances/{VM}/iso/{ISO}"),
        Some("{}"),
        true,
        true,
    );
    let detach = DetachIsoFromVmInstance {
        vm_instance_uuid: vm(),
        iso_uuid: ISO.into(),
    }
    .request();
    assert_eq!(detach.query, vec![("isoUuid".into(), ISO.into())]);
    assert_eq!(
        detach.url("/zstack/v1"),
        format!("/zstack/v1/vm-instances/{VM}/iso?isoUuid={ISO}")
    );
    check(
        detach,
        Method::Delete,
        &format!("/vm-instances/{VM}/iso"),
        None,
        true,
        true,
    );
}

#[test]
fn exec_body_omits_a_missing_timeout() {
    let mut exec = ExecuteGuestVmCommand {
        vm_instance_uuid: VM.into(),
        platform: Platform::Windows,
        command: "dir \"C:\\\"\r\necho 100% & exit".into(),
        command_timeout: None,
    };
    let body = exec.request().body.unwrap();
    assert_eq!(
        body,
        format!(
            r#"{{"params":{{"vmInstanceUuid":"{VM}","platform":"Windows","command":"dir \"C:\\\"\r\necho 100% & exit"}}}}"#
        )
    );
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["params"]["command"], exec.command.as_str());
    exec.command_timeout = Some(600);
    let body = exec.request().body.unwrap();
    assert!(body.ends_with(r#","commandTimeout":600}}"#), "{body}");
}

#[test]
fn login_sends_the_hash_and_no_authorization() {
    let login = LogInByAccount::new("admin", "password");
    let hash = hash_password("password");
    assert_eq!(login.account_name, "admin");
    assert_eq!(login.password_sha512, hash);
    let req = login.request();
    check(
        req.clone(),
        Method::Put,
        "/accounts/login",
        Some(&format!(
            r#"{{"logInByAccount":{{"accountName":"admin","password":"{hash}"}}}}"#
        )),
        false,
        false,
    );
    let debug = format!("{login:?}");
    assert!(debug.contains("admin") && !debug.contains(&hash), "{debug}");
}

#[test]
fn queries() {
    let q = QueryVmInstance::by_uuid(VM).request();
    check(q.clone(), Method::Get, "/vm-instances", None, true, false);
    assert_eq!(q.query, vec![("q".into(), format!("uuid={VM}"))]);
    assert_eq!(
        q.url("/zstack/v1"),
        format!("/zstack/v1/vm-instances?q=uuid%3D{VM}")
    );

    let images = QueryImage {
        query: Query::new()
            .cond("uuid", Op::In, "a,b")
            .cond("name", Op::Like, "%web 1+2%")
            .limit(20)
            .sort("createDate", false),
    }
    .request();
    check(images.clone(), Method::Get, "/images", None, true, false);
    assert_eq!(
        images.url("http://h:8080/zstack/v1/"),
        "http://h:8080/zstack/v1/images?q=uuid%3F%3Da%2Cb&q=name~%3D%25web%201%2B2%25&limit=20&sort=-createDate"
    );

    let tools = QueryGuestToolsState {
        query: Query::new().cond("vmInstanceUuid", Op::Eq, VM),
    }
    .request();
    check(tools.clone(), Method::Get, "/guesttools", None, true, false);
    assert_eq!(tools.query[0].1, format!("vmInstanceUuid={VM}"));
    // An empty query has no '?'.
    assert_eq!(
        QueryImage::default().request().url("/zstack/v1"),
        "/zstack/v1/images"
    );
}

#[test]
fn path_parameters_are_escaped() {
    let req = GetVmGuestToolsInfo {
        uuid: "a b/c?d#e%f+ü".into(),
    }
    .request();
    assert_eq!(
        req.path,
        "/vm-instances/a%20b%2Fc%3Fd%23e%25f%2B%C3%BC/guest-tools-infos"
    );
    // Dot segments would be resolved away by the browser.
    let up = AttachIsoToVmInstance {
        vm_instance_uuid: "..".into(),
        iso_uuid: ".".into(),
    }
    .request();
    assert_eq!(up.path, "/vm-instances/%2E%2E/iso/%2E");
    assert_eq!(percent_encode("AZaz09-._~"), "AZaz09-._~");
    assert_eq!(percent_encode("a=b&c"), "a%3Db%26c");
}

#[test]
fn url_tolerates_any_root() {
    let req = LogOut {
        session_uuid: VM.into(),
    }
    .request();
    let want = format!("/accounts/sessions/{VM}");
    for root in ["/zstack/v1", "/zstack/v1/", "/zstack/v1//"] {
        assert_eq!(req.url(root), format!("/zstack/v1{want}"));
    }
    assert_eq!(
        req.url("http://10.0.0.9:8080/zstack/v1/"),
        format!("http://10.0.0.9:8080/zstack/v1{want}")
    );
    assert_eq!(req.url(""), want);
}

#[test]
fn methods() {
    let all = [Method::Get, Method::Put, Method::Post, Method::Delete];
    let names: Vec<_> = all.iter().map(Method::as_str).collect();
    assert_eq!(names, ["GET", "PUT", "POST", "DELETE"]);
    assert_eq!(Method::Delete.to_string(), "DELETE");
}

/// Each endpoint's `Reply` reads the body ZStack sends for it.
#[test]
fn reply_types() {
    fn read<E: Endpoint>(_: &E, body: &str) -> E::Reply {
        match decode::<E::Reply>(200, body.as_bytes()) {
            Ok(Reply::Done(r)) => r,
            other => panic!("{body}: {:?}", other.err()),
        }
    }
    let s = || VM.to_string();
    let valid = read(&ValidateSession { session_uuid: s() }, r#"{"valid":true}"#);
    assert_eq!(valid, ValidSessionReply { valid: Some(true) });
    let session = read(
        &LogInByAccount::new("admin", "x"),
        r#"{"inventory":{"uuid":"s1","accountUuid":"a1","expiredDate":"Jan 6, 2017 3:51:16 AM"}}"#,
    );
    let inv = session.inventory.unwrap();
    assert_eq!(
        (inv.uuid.as_deref(), inv.account_uuid.as_deref()),
        (Some("s1"), Some("a1"))
    );
    assert_eq!(read(&LogOut { session_uuid: s() }, ""), EmptyReply {});
    let vms = read(
        &QueryVmInstance::by_uuid(VM),
        r#"{"inventories":[{"uuid":"v","state":"Running"}],"total":1}"#,
    );
    assert_eq!(vms.inventories[0].state, Some(VmState::Running));
    assert_eq!(vms.total, Some(1));
    let images = read(
        &QueryImage::default(),
        r#"{"inventories":[{"mediaType":"ISO"}]}"#,
    );
    assert_eq!(images.inventories[0].media_type, Some(MediaType::Iso));
    let states = read(
        &QueryGuestToolsState::default(),
        r#"{"inventories":[{"qgaState":"NotUpgraded"}]}"#,
    );
    assert_eq!(states.inventories[0].qga_state, Some(QgaState::NotUpgraded));
    let attach = AttachIsoToVmInstance {
        vm_instance_uuid: s(),
        iso_uuid: s(),
    };
    let vm = read(&attach, r#"{"inventory":{"vmCdRoms":[{"isoUuid":"i"}]}}"#);
    assert_eq!(
        vm.inventory
            .unwrap()
            .attached_iso_uuids()
            .collect::<Vec<_>>(),
        ["i"]
    );
    let detach = DetachIsoFromVmInstance {
        vm_instance_uuid: s(),
        iso_uuid: s(),
    };
    assert!(read(&detach, r#"{"inventory":{}}"#).inventory.is_some());
}

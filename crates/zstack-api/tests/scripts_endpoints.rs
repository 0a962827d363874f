//! Method, path, query and the exact body of every script-library API.

use serde_json::{json, Value};
use zstack_api::scripts::{ScriptChanges, ScriptDraft, ServerGeneration};
use zstack_api::*;

const SCRIPT: &str = "2c1b0f6c0f8a4a1e9d3b7c5e8f901234";
const RECORD: &str = "7e6d5c4b3a2918071615141312111009";
const VM1: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
const VM2: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2";

fn pairs(req: &ApiRequest) -> Vec<(&str, &str)> {
    req.query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn body(req: &ApiRequest) -> &str {
    req.body.as_deref().expect("a body")
}

fn draft() -> ScriptDraft {
    ScriptDraft {
        name: "hello".into(),
        description: "says hi".into(),
        script_content: "echo {{who}}".into(),
        platform: ScriptPlatform::Linux,
        script_type: ScriptType::Shell,
        script_timeout: Some(30),
        render_params: vec![RenderParam::new("who", "world", "")],
    }
}

#[test]
fn create_posts_params_in_table_order() {
    let req = CreateGuestVmScript::new(draft(), ServerGeneration::Legacy).request();
    assert_eq!(req.method, Method::Post);
    assert_eq!(req.path, "/scripts");
    assert!(req.query.is_empty() && req.needs_auth && req.may_be_async);
    assert_eq!(
        body(&req),
        r#"{"params":{"name":"hello","description":"says hi","scriptContent":"echo {{who}}","renderParams":"[{\"key\":\"who\",\"value\":\"world\",\"description\":\"\"}]","platform":"Linux","scriptType":"Shell","scriptTimeout":30}}"#
    );
}

#[test]
fn create_leaves_out_what_is_empty() {
    let d = ScriptDraft {
        name: "a".into(),
        script_content: "dir".into(),
        platform: ScriptPlatform::Windows,
        script_type: ScriptType::Bat,
        ..ScriptDraft::default()
    };
    let req = CreateGuestVmScript::new(d, ServerGeneration::Legacy).request();
    assert_eq!(
        body(&req),
        r#"{"params":{"name":"a","scriptContent":"dir","platform":"Windows","scriptType":"Bat"}}"#
    );
}

#[test]
fn update_sends_only_changes_under_its_action_key() {
    let script = GuestVmScriptInventory {
        uuid: Some(SCRIPT.into()),
        ..Default::default()
    };
    let changes = ScriptChanges {
        name: Some("renamed".into()),
        description: Some(String::new()),
        render_params: Some(vec![]),
        script_timeout: Some(90),
        ..Default::default()
    };
    let req = UpdateGuestVmScript::new(&script, changes).request();
    assert_eq!(req.method, Method::Put);
    assert_eq!(req.path, format!("/scripts/{SCRIPT}/actions"));
    assert!(req.may_be_async);
    assert_eq!(
        body(&req),
        r#"{"updateGuestVmScript":{"name":"renamed","description":"","renderParams":"[]","scriptTimeout":90}}"#
    );
    let nothing = UpdateGuestVmScript::new(&script, ScriptChanges::default()).request();
    assert_eq!(body(&nothing), r#"{"updateGuestVmScript":{}}"#);
}

#[test]
fn execute_shares_the_path_with_update() {
    let req = ExecuteGuestVmScript {
        uuid: SCRIPT.into(),
        vm_instance_uuids: vec![VM1.into(), VM2.into()],
        script_timeout: Some(600),
    }
    .request();
    let update = UpdateGuestVmScript {
        uuid: SCRIPT.into(),
        changes: ScriptChanges {
            name: Some("x".into()),
            ..Default::default()
        },
        encoding: None,
    }
    .request();
    assert_eq!((req.method, &req.path), (update.method, &update.path));
    assert!(req.may_be_async);
    assert_eq!(
        body(&req),
        format!(
            r#"{{"executeGuestVmScript":{{"vmInstanceUuids":["{VM1}","{VM2}"],"scriptTimeout":600}}}}"#
        )
    );
    // One key each: the body alone tells the server which API it is.
    let keys = |b: &str| -> Vec<String> {
        let v: Value = serde_json::from_str(b).unwrap();
        v.as_object().unwrap().keys().cloned().collect()
    };
    assert_eq!(keys(body(&req)), ["executeGuestVmScript"]);
    assert_eq!(keys(body(&update)), ["updateGuestVmScript"]);
    let no_timeout = ExecuteGuestVmScript {
        uuid: SCRIPT.into(),
        vm_instance_uuids: vec![VM1.into()],
        script_timeout: None,
    }
    .request();
    assert_eq!(
        serde_json::from_str::<Value>(body(&no_timeout)).unwrap(),
        json!({"executeGuestVmScript": {"vmInstanceUuids": [VM1]}})
    );
}

#[test]
fn delete_is_permissive() {
    let req = DeleteGuestVmScript {
        uuid: SCRIPT.into(),
    }
    .request();
    assert_eq!(req.method, Method::Delete);
    assert_eq!(req.path, format!("/scripts/{SCRIPT}"));
    assert_eq!(pairs(&req), [("deleteMode", "Permissive")]);
    assert_eq!(req.body, None);
    assert!(req.may_be_async);
    assert_eq!(
        req.url("/zstack/v1"),
        format!("/zstack/v1/scripts/{SCRIPT}?deleteMode=Permissive")
    );
}

#[test]
fn library_queries() {
    let req = QueryGuestVmScript::page("  web_01 ", 40, 20).request();
    assert_eq!((req.method, req.path.as_str()), (Method::Get, "/scripts"));
    assert_eq!(
        pairs(&req),
        [
            ("q", "name~=%web_01%"),
            ("limit", "20"),
            ("start", "40"),
            ("replyWithCount", "true"),
            ("sort", "+name"),
        ]
    );
    assert!(!req.may_be_async && req.body.is_none());
    let all = QueryGuestVmScript::page("", 0, 50).request();
    assert!(!pairs(&all).iter().any(|(k, _)| *k == "q"));
    assert_eq!(
        all.url("/zstack/v1"),
        "/zstack/v1/scripts?limit=50&start=0&replyWithCount=true&sort=%2Bname"
    );
    let one = QueryGuestVmScript::one(SCRIPT).request();
    assert_eq!(one.path, format!("/scripts/{SCRIPT}"));
    assert!(one.query.is_empty());
    let custom = QueryGuestVmScript {
        uuid: None,
        query: Query::new()
            .cond("platform", Op::Eq, "Windows")
            .count_only(),
    }
    .request();
    assert_eq!(
        pairs(&custom),
        [("q", "platform=Windows"), ("count", "true")]
    );
}

#[test]
fn record_queries() {
    let req = QueryGuestVmScriptExecutedRecord::page(0, 25).request();
    assert_eq!(req.path, "/scripts/records");
    assert_eq!(
        pairs(&req),
        [
            ("limit", "25"),
            ("start", "0"),
            ("replyWithCount", "true"),
            ("sort", "-startTime"),
        ]
    );
    let one = QueryGuestVmScriptExecutedRecord::one(RECORD).request();
    assert_eq!(one.path, format!("/scripts/records/{RECORD}"));
    assert_eq!(one.method, Method::Get);
}

#[test]
fn detail_queries() {
    let req = QueryGuestVmScriptExecutedRecordDetail::of_record(RECORD, 1000, 1000).request();
    assert_eq!(req.path, "/scripts/records/details");
    assert_eq!(
        pairs(&req),
        [
            ("q", format!("recordUuid={RECORD}").as_str()),
            ("limit", "1000"),
            ("start", "1000"),
            ("replyWithCount", "true"),
            ("sort", "+vmInstanceUuid"),
        ]
    );
    let busy = QueryGuestVmScriptExecutedRecordDetail::in_flight().request();
    assert_eq!(pairs(&busy), [("q", "status?=Uploading,Running")]);
    assert_eq!(
        busy.url("/zstack/v1"),
        "/zstack/v1/scripts/records/details?q=status%3F%3DUploading%2CRunning"
    );
}

#[test]
fn path_segments_are_escaped() {
    let odd = "a/b ?c";
    assert_eq!(
        DeleteGuestVmScript { uuid: odd.into() }.request().path,
        "/scripts/a%2Fb%20%3Fc"
    );
    assert_eq!(
        QueryGuestVmScript::one("..").request().path,
        "/scripts/%2E%2E"
    );
    let exec = ExecuteGuestVmScript {
        uuid: "x#y".into(),
        vm_instance_uuids: vec![],
        script_timeout: None,
    };
    assert_eq!(exec.request().path, "/scripts/x%23y/actions");
    assert_eq!(
        QueryGuestVmScriptExecutedRecord::one("r/1").request().path,
        "/scripts/records/r%2F1"
    );
}

//! The script library's replies (tests/fixtures/scripts, written from
//! ZSTACK-API.md §6) through `decode`, and lenient reading of what newer or
//! odder servers send.

use zstack_api::*;

fn done<T: serde::de::DeserializeOwned>(body: &str) -> T {
    match decode::<T>(200, body.as_bytes()) {
        Ok(Reply::Done(t)) => t,
        other => panic!("expected a reply, got {:?}", other.err()),
    }
}

#[test]
fn newer_library() {
    let reply: <QueryGuestVmScript as Endpoint>::Reply = done(include_str!(
        "fixtures/scripts/query_guest_vm_script.newer.json"
    ));
    assert_eq!(reply.total, Some(3));
    let [hello, containers, notes] = &reply.inventories[..] else {
        panic!("three scripts");
    };
    assert_eq!(hello.name.as_deref(), Some("hello (中文)"));
    assert_eq!(hello.encoding_type, Some(EncodingType::Base64));
    assert_eq!(hello.platform, Some(ScriptPlatform::Linux));
    assert_eq!(hello.script_type, Some(ScriptType::Shell));
    assert_eq!(hello.script_timeout, Some(60));
    assert_eq!(
        hello
            .last_op_date
            .as_ref()
            .and_then(|t| t.parse())
            .map(|t| t.to_iso()),
        Some("2025-03-03T10:20:31".into())
    );
    assert_eq!(hello.render_param_rows(), Some(vec![]));
    // A number sent as a string, and as a float.
    assert_eq!(containers.script_timeout, Some(120));
    assert_eq!(notes.script_timeout, Some(3600));
    assert_eq!(
        containers.render_param_rows(),
        Some(vec![RenderParam::new("count", "5", "rows to show")])
    );
    assert_eq!(notes.description, None);
    assert_eq!(notes.render_params, None);
    assert_eq!(notes.render_param_rows(), Some(vec![]));
    assert_eq!(notes.encoding_type, Some(EncodingType::PlainText));
    assert_eq!(notes.script_type, Some(ScriptType::Powershell));
}

#[test]
fn legacy_library_has_no_encoding_type() {
    let reply: GuestVmScriptQueryReply = done(include_str!(
        "fixtures/scripts/query_guest_vm_script.legacy.json"
    ));
    assert_eq!(reply.total, None);
    assert!(reply.inventories.iter().all(|s| s.encoding_type.is_none()));
    assert_eq!(
        reply.inventories[0].script_content.as_deref(),
        Some("uptime\n")
    );
    assert_eq!(reply.inventories[0].render_param_rows(), Some(vec![]));
    assert_eq!(reply.inventories[1].script_type, Some(ScriptType::Bat));
    // Written back without the key, as a 5.2/5.3 server would (the simulator).
    let json = serde_json::to_string(&reply.inventories[0]).unwrap();
    assert!(!json.contains("encodingType"), "{json}");
}

#[test]
fn execute_reply_is_the_record() {
    let reply: <ExecuteGuestVmScript as Endpoint>::Reply = done(include_str!(
        "fixtures/scripts/execute_guest_vm_script.reply.json"
    ));
    let r = reply.inventory.expect("inventory");
    assert_eq!(r.uuid.as_deref(), Some("7e6d5c4b3a2918071615141312111009"));
    assert_eq!(r.status, Some(RecordStatus::Running));
    assert!(!r.status.as_ref().unwrap().is_done());
    assert_eq!(r.executor.as_deref(), Some("admin"));
    assert_eq!(r.execution_count, Some(3));
    assert_eq!(r.version, Some(2));
    assert_eq!(r.end_time, None);
}

#[test]
fn records_leniently() {
    let reply: <QueryGuestVmScriptExecutedRecord as Endpoint>::Reply = done(include_str!(
        "fixtures/scripts/query_guest_vm_script_executed_record.reply.json"
    ));
    let [done_run, odd] = &reply.inventories[..] else {
        panic!("two records");
    };
    assert_eq!(done_run.status, Some(RecordStatus::Succeed));
    assert_eq!(done_run.script_timeout, Some(60));
    assert_eq!(done_run.execution_count, Some(3));
    // "2" in quotes is still version 2.
    assert_eq!(done_run.version, Some(2));
    // An unknown status is kept as sent and ends polling.
    assert_eq!(
        odd.status,
        Some(RecordStatus::Other("PartlySucceed".into()))
    );
    assert!(odd.status.as_ref().unwrap().is_done());
    assert_eq!(odd.execution_count, None);
    assert_eq!(odd.version, None);
    // Epoch milliseconds kept as their digits.
    assert_eq!(
        odd.start_time.as_ref().map(|t| t.as_str()),
        Some("1741183200000")
    );
}

#[test]
fn details_leniently() {
    let reply: <QueryGuestVmScriptExecutedRecordDetail as Endpoint>::Reply = done(include_str!(
        "fixtures/scripts/query_guest_vm_script_executed_record_detail.reply.json"
    ));
    assert_eq!(reply.total, Some(4));
    let d = &reply.inventories;
    assert_eq!(d[0].status, Some(DetailStatus::Completed));
    assert_eq!(d[0].exit_code, Some(0));
    assert_eq!(d[0].stdout.as_deref(), Some("hello 世界\n"));
    assert_eq!(d[1].exit_code, Some(1));
    assert_eq!(d[1].stdout, None);
    assert_eq!(d[1].vm_name.as_deref(), Some("<b>web-02</b>"));
    assert_eq!(d[2].exit_code, None);
    assert!(d[2].err_cause.as_deref().unwrap().contains("qga"));
    assert_eq!(d[3].status, Some(DetailStatus::Other("Queued".into())));
    // A Windows NTSTATUS as a float.
    assert_eq!(d[3].exit_code, Some(-1_073_741_510));
}

#[test]
fn odd_values_do_not_break_a_reply() {
    let body = r#"{"inventories":[{"exitCode":"n/a","stdout":12,"errCause":{"code":"X"},
        "status":7,"scriptTimeout":-5,"renderParams":[{"key":"a","value":1}]}]}"#;
    let d: ScriptRecordDetailQueryReply = done(body);
    let d = &d.inventories[0];
    assert_eq!(d.exit_code, None);
    assert_eq!(d.stdout.as_deref(), Some("12"));
    assert_eq!(d.err_cause.as_deref(), Some(r#"{"code":"X"}"#));
    assert_eq!(d.status, Some(DetailStatus::Other("7".into())));
    let s: GuestVmScriptQueryReply = done(body);
    let s = &s.inventories[0];
    assert_eq!(s.script_timeout, None);
    // An array instead of a JSON string is still read as rows.
    assert_eq!(
        s.render_param_rows(),
        Some(vec![RenderParam::new("a", "1", "")])
    );
    let empty: GuestVmScriptQueryReply = done(r#"{"inventories":null}"#);
    assert!(empty.inventories.is_empty());
}

#[test]
fn render_params_parse_and_write() {
    let rows = vec![
        RenderParam::new("host", "web \"01\"", "目标"),
        RenderParam::new("n", "3", ""),
    ];
    let json = render_params_json(&rows);
    assert_eq!(
        json,
        r#"[{"key":"host","value":"web \"01\"","description":"目标"},{"key":"n","value":"3","description":""}]"#
    );
    assert_eq!(parse_render_params(Some(&json)), Some(rows));
    assert_eq!(render_params_json(&[]), "[]");
    for blank in [None, Some(""), Some("  "), Some("null"), Some("[]")] {
        assert_eq!(parse_render_params(blank), Some(vec![]), "{blank:?}");
    }
    assert_eq!(
        parse_render_params(Some(
            r#"[{"key":"a","value":true,"description":null},{"key":"b"}]"#
        )),
        Some(vec![
            RenderParam::new("a", "true", ""),
            RenderParam::new("b", "", "")
        ])
    );
    assert_eq!(
        parse_render_params(Some(r#"{"a":"1","b":2}"#)),
        Some(vec![
            RenderParam::new("a", "1", ""),
            RenderParam::new("b", "2", "")
        ])
    );
    // Not rows: shown as sent, never half-read.
    for bad in ["{", "\"x\"", "[1]", r#"[{"key":["a"]}]"#, "42"] {
        assert_eq!(parse_render_params(Some(bad)), None, "{bad}");
    }
}

#[test]
fn enums_and_their_platforms() {
    assert_eq!(
        ScriptPlatform::Linux.script_types(),
        &[ScriptType::Shell, ScriptType::Python, ScriptType::Perl]
    );
    assert_eq!(
        ScriptPlatform::Windows.script_types(),
        &[ScriptType::Bat, ScriptType::Powershell]
    );
    assert!(ScriptPlatform::from("Mac").script_types().is_empty());
    for t in ScriptType::KNOWN {
        let p = t.platform().unwrap();
        assert!(p.script_types().contains(t));
    }
    assert_eq!(ScriptType::from("Ruby").platform(), None);
    assert_eq!(RecordStatus::KNOWN.len(), 4);
    assert!(DetailStatus::Uploading.is_in_flight() && DetailStatus::Running.is_in_flight());
    assert!(!DetailStatus::Completed.is_in_flight() && !DetailStatus::Failed.is_in_flight());
    assert_eq!(EncodingType::from("Base64"), EncodingType::Base64);
}

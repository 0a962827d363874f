//! Whatever comes over the wire, nothing panics; stream and URL text round-trip.

use proptest::prelude::*;
use serde_json::{json, Value};
use zstack_api::endpoint::percent_encode;
use zstack_api::*;

/// Every reading of one answer, as the console might try them.
fn read_everything(status: u16, body: &[u8]) {
    for e in [
        decode::<ExecReply>(status, body).err(),
        decode::<VmQueryReply>(status, body).err(),
        decode::<EmptyReply>(status, body).err(),
        decode::<GuestToolsStateReply>(status, body).err(),
        decode::<VmGuestToolsInfo>(status, body).err(),
        decode_job_poll::<VmInventoryReply>(status, body).err(),
    ]
    .into_iter()
    .flatten()
    {
        let _ = (e.headline(), e.details(), e.code(), e.to_string());
    }
    let mut job = JobPoll::new(JobPolicy::default(), 0);
    let _ = job.on_response::<ExecReply>(status, body, 1);
    let _ = job.on_response::<ExecReply>(status, body, 2);
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        prop::sample::select(vec![
            "ID.1001",
            "ID.1000",
            "SYS.1001",
            "http://h/zstack/v1/api-jobs/x"
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        let keys = prop::sample::select(vec![
            "error",
            "code",
            "description",
            "details",
            "cause",
            "globalErrorCode",
            "location",
            "inventory",
            "inventories",
            "stream",
            "vmInstance",
            "total",
            "uuid",
            "state",
            "x",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..5).prop_map(|m| Value::Object(
                m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
            )),
        ]
    })
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        prop::sample::select(vec![
            0u16, 200, 201, 202, 204, 302, 400, 404, 405, 500, 502, 503, 504
        ]),
        any::<u16>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn decode_never_panics_on_bytes(status in any::<u16>(), body in prop::collection::vec(any::<u8>(), 0..256)) {
        read_everything(status, &body);
    }

    #[test]
    fn decode_never_panics_on_json(status in status(), value in json_value(), wrap_error in any::<bool>()) {
        let value = if wrap_error { json!({ "error": value }) } else { value };
        read_everything(status, value.to_string().as_bytes());
    }

    #[test]
    fn decode_never_panics_on_near_json(status in status(), text in r#"[\[\]{}":,\\ a-z0-9<.\-]{0,64}"#) {
        read_everything(status, text.as_bytes());
    }

    #[test]
    fn an_error_body_is_never_a_success(status in status(), code in ".{0,8}", desc in ".{0,16}") {
        let body = json!({"error": {"code": code, "description": desc}}).to_string();
        prop_assert!(decode::<EmptyReply>(status, body.as_bytes()).is_err());
    }

    #[test]
    fn stream_never_loses_a_byte(raw in ".{0,80}") {
        let out = parse_stream(&raw);
        prop_assert_eq!(&out.raw, &raw);
        prop_assert_eq!(out.stdout.is_some(), out.stderr.is_some());
        if let (Some(o), Some(e)) = (&out.stdout, &out.stderr) {
            prop_assert_eq!(format!("standardStream: {o}, errorStream: {e}"), raw);
        }
    }

    #[test]
    fn stream_parts_come_back(stdout in "(.|\n|, errorStream: ){0,40}", stderr in "(.|\n){0,40}") {
        prop_assume!(!stderr.contains(", errorStream: "));
        let raw = format!("standardStream: {stdout}, errorStream: {stderr}");
        let out = parse_stream(&raw);
        prop_assert_eq!(out.stdout.as_deref(), Some(stdout.as_str()));
        prop_assert_eq!(out.stderr.as_deref(), Some(stderr.as_str()));
    }

    #[test]
    fn strip_ansi_leaves_no_controls(s in r"(\PC|\x1b|\[|\]|[0-9;]|\x07|\r|\n|\t|\x08|\u{9b}){0,80}") {
        let clean = strip_ansi(&s);
        prop_assert!(clean.chars().all(|c| !c.is_control() || c == '\n' || c == '\t'), "{:?}", clean);
        prop_assert_eq!(strip_ansi(&clean), clean);
    }

    #[test]
    fn percent_encoding_round_trips(s in any::<String>()) {
        let enc = percent_encode(&s);
        prop_assert!(enc.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        prop_assert_eq!(percent_decode(&enc), s.into_bytes());
    }

    #[test]
    fn validation_never_panics(s in any::<String>()) {
        if validate::uuid(&s).is_ok() {
            prop_assert_eq!(s.len(), 32);
        }
        let _ = validate::command(&s);
        if let Ok(Some(n)) = validate::command_timeout(&s) {
            prop_assert!(validate::TIMEOUT_RANGE.contains(&n));
        }
        let _ = validate::exec_platform(&s);
    }

    #[test]
    fn job_path_stays_under_api_jobs(loc in r"(https?://[a-z0-9.:]{0,12})?(/zstack/v1)?/api-jobs/[a-zA-Z0-9./%?#_-]{0,20}") {
        if let Some(p) = job_path(&loc) {
            let id = p.strip_prefix("/api-jobs/").expect("prefix");
            prop_assert!(!id.is_empty());
            prop_assert!(id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        }
    }
}

fn percent_decode(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
}

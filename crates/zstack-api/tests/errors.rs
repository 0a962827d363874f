//! Every class of answer `decode` tells apart.

use zstack_api::*;

fn err<T: serde::de::DeserializeOwned + std::fmt::Debug>(status: u16, body: &str) -> ApiError {
    decode::<T>(status, body.as_bytes()).expect_err(body)
}

fn ok<T: serde::de::DeserializeOwned + std::fmt::Debug>(status: u16, body: &[u8]) -> Reply<T> {
    decode::<T>(status, body).unwrap_or_else(|e| panic!("{status}: {e:?}"))
}

const SESSION_EXPIRED: &str = r#"{"error":{"code":"ID.1001","description":"The session is invalid, either wrong session id or the session has been expired","details":"Session expired"}}"#;

#[test]
fn session_invalid() {
    let e = err::<EmptyReply>(503, SESSION_EXPIRED);
    assert!(e.is_session_invalid(), "{e:?}");
    assert_eq!(e.code(), Some("ID.1001"));
    assert!(e.headline().starts_with("ID.1001: The session is invalid"));
    assert_eq!(e.details(), vec!["Session expired"]);
    // Newer releases: recognised by the global code whatever the old code says.
    let global = r#"{"error":{"code":"ID.9999","globalErrorCode":"ORG_ZSTACK_IDENTITY_10020","description":"expired"}}"#;
    assert!(err::<EmptyReply>(503, global).is_session_invalid());
    // Also inside a success status, and on a job poll.
    assert!(err::<EmptyReply>(200, SESSION_EXPIRED).is_session_invalid());
    assert!(
        decode_job_poll::<EmptyReply>(503, SESSION_EXPIRED.as_bytes())
            .unwrap_err()
            .is_session_invalid()
    );
}

#[test]
fn bad_credentials() {
    let body = r#"{"error":{"code":"ID.1000","description":"wrong account name or password"}}"#;
    let e = err::<SessionReply>(503, body);
    assert!(matches!(&e, ApiError::BadCredentials(c) if c.code.as_deref() == Some("ID.1000")));
    assert!(!e.is_session_invalid());
    assert_eq!(e.headline(), "ID.1000: wrong account name or password");
}

#[test]
fn api_error_with_a_cause_chain() {
    let body = r#"{"error":{"code":"VM.1000","description":"unable to attach","details":"VM is busy",
        "cause":{"code":"HOST.1001","description":"host down","details":"no route",
        "cause":{"code":"SYS.1006","description":"operation failure"}}}}"#;
    let e = err::<VmInventoryReply>(503, body);
    let ApiError::Api { status, error } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(*status, 503);
    assert_eq!(error.chain().count(), 3);
    assert_eq!(e.headline(), "VM.1000: unable to attach");
    assert_eq!(
        e.details(),
        vec![
            "VM is busy",
            "HOST.1001: host down (no route)",
            "SYS.1006: operation failure"
        ]
    );
    assert_eq!(e.to_string(), e.headline());
}

#[test]
fn error_inside_a_200() {
    let body = r#"{"success":false,"error":{"code":"SYS.1000","description":"internal"}}"#;
    let e = err::<GuestToolsStateReply>(200, body);
    assert!(matches!(e, ApiError::Api { status: 200, .. }), "{e:?}");
    // A null error is a success.
    let fine = ok::<VmGuestToolsInfo>(200, br#"{"success":true,"error":null,"version":"1.2"}"#);
    assert!(matches!(fine, Reply::Done(i) if i.version.as_deref() == Some("1.2")));
}

#[test]
fn lenient_error_objects() {
    // Numbers where strings belong, or an error that is only text.
    let e = err::<EmptyReply>(500, r#"{"error":{"code":1001,"description":["x"]}}"#);
    assert_eq!(e.code(), Some("1001"));
    assert_eq!(e.headline(), r#"1001: ["x"]"#);
    let e = err::<EmptyReply>(503, r#"{"error":"boom"}"#);
    assert_eq!(e.headline(), "boom");
    // Nothing usable at all: fall back to the status.
    let e = err::<EmptyReply>(503, r#"{"error":{}}"#);
    assert_eq!(e.headline(), "503 Service Unavailable");
    assert_eq!(e.details(), Vec::<String>::new());
}

#[test]
fn rest_layer_plain_text() {
    let e = err::<EmptyReply>(400, "missing header 'Authorization'\n");
    assert_eq!(
        e,
        ApiError::Rest {
            status: 400,
            message: "missing header 'Authorization'".into()
        }
    );
    assert_eq!(
        e.headline(),
        "400 Bad Request: missing header 'Authorization'"
    );
    assert_eq!(e.code(), None);
    let e = err::<EmptyReply>(404, "no api mapping to /zstack/v1/nope");
    assert_eq!(
        e.headline(),
        "404 Not Found: no api mapping to /zstack/v1/nope"
    );
    assert!(matches!(
        err::<EmptyReply>(405, "GET not allowed"),
        ApiError::Rest { status: 405, .. }
    ));
    // JSON without "error" is just text.
    let e = err::<EmptyReply>(500, r#"{"message":"x"}"#);
    assert_eq!(
        e.headline(),
        r#"500 Internal Server Error: {"message":"x"}"#
    );
    assert_eq!(err::<EmptyReply>(599, "odd").headline(), "599: odd");
}

#[test]
fn long_text_is_capped() {
    let trace = "java.lang.NullPointerException at ".repeat(100);
    let ApiError::Rest { message, .. } = err::<EmptyReply>(500, &trace) else {
        panic!()
    };
    assert!(message.chars().count() <= 501, "{}", message.len());
    assert!(message.ends_with('…') && message.starts_with("java.lang.NullPointerException"));
    // On a character boundary, whatever the script.
    let ApiError::Rest { message, .. } = err::<EmptyReply>(500, &"错".repeat(600)) else {
        panic!()
    };
    assert_eq!(message.chars().count(), 501);
}

#[test]
fn proxy_pages_and_empty_errors() {
    let html = "\n  <html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let e = err::<EmptyReply>(502, html);
    assert_eq!(e, ApiError::Http { status: 502 });
    assert_eq!(e.headline(), "502 Bad Gateway");
    assert_eq!(
        err::<EmptyReply>(504, "<!DOCTYPE html>"),
        ApiError::Http { status: 504 }
    );
    assert_eq!(err::<EmptyReply>(503, ""), ApiError::Http { status: 503 });
    assert_eq!(
        err::<EmptyReply>(500, " \r\n"),
        ApiError::Http { status: 500 }
    );
    assert_eq!(ApiError::Http { status: 499 }.headline(), "499");
}

#[test]
fn empty_success_is_an_empty_object() {
    for body in [&b""[..], b"   \n", b"{}", b"null", b"\xef\xbb\xbf{}"] {
        assert_eq!(ok::<EmptyReply>(200, body), Reply::Done(EmptyReply {}));
    }
    assert_eq!(
        ok::<ValidSessionReply>(204, b""),
        Reply::Done(ValidSessionReply { valid: None })
    );
}

#[test]
fn malformed_success() {
    for (body, hint) in [
        ("not json", "not JSON"),
        ("[1,2]", "an array"),
        ("\"text\"", "a string"),
        (r#"{"valid":"maybe"}"#, ""),
        (r#"{"valid":tru"#, "not JSON"),
    ] {
        let e = err::<ValidSessionReply>(200, body);
        let ApiError::Malformed { status, detail } = &e else {
            panic!("{body}: {e:?}")
        };
        assert_eq!(*status, 200);
        assert!(detail.contains(hint), "{detail}");
        assert_eq!(
            e.headline(),
            "The server's reply could not be read (200 OK)"
        );
        assert_eq!(e.details(), vec![detail.clone()]);
    }
}

#[test]
fn accepted() {
    let body =
        br#"{"location":"http://10.0.0.9:8080/zstack/v1/api-jobs/abc","apiTimeout":1800000}"#;
    let Reply::Accepted(job) = ok::<EmptyReply>(202, body) else {
        panic!()
    };
    assert_eq!(
        job.location.as_deref(),
        Some("http://10.0.0.9:8080/zstack/v1/api-jobs/abc")
    );
    assert_eq!(job.api_timeout, Some(1_800_000));
    for body in ["", "{}", r#"{"location":""}"#, r#"{"location":null}"#] {
        let e = err::<EmptyReply>(202, body);
        assert!(
            matches!(e, ApiError::Malformed { status: 202, .. }),
            "{body}: {e:?}"
        );
    }
}

#[test]
fn invalid_utf8_is_read_lossily() {
    let e = decode::<EmptyReply>(400, b"bad \xff byte").unwrap_err();
    assert_eq!(
        e,
        ApiError::Rest {
            status: 400,
            message: "bad \u{fffd} byte".into()
        }
    );
    let Reply::Done(r) = ok::<ExecReply>(200, b"{\"stream\":\"a\xfe\"}") else {
        panic!()
    };
    assert_eq!(r.stream.as_deref(), Some("a\u{fffd}"));
}

#[test]
fn job_poll_answers() {
    for body in [
        &b""[..],
        b"{}",
        br#"{"location":"http://x/zstack/v1/api-jobs/j"}"#,
        b"junk",
    ] {
        assert!(matches!(
            decode_job_poll::<EmptyReply>(202, body),
            Ok(Reply::Accepted(_))
        ));
    }
    let gone = decode_job_poll::<EmptyReply>(404, b"the job has been expired").unwrap_err();
    assert_eq!(
        gone,
        ApiError::JobExpired {
            message: "the job has been expired".into()
        }
    );
    assert_eq!(gone.details(), vec!["the job has been expired"]);
    assert!(gone.headline().contains("expired"));
    // Nothing readable: ZStack's own words.
    for body in [&b""[..], b"<html>404</html>"] {
        assert_eq!(decode_job_poll::<EmptyReply>(404, body).unwrap_err(), gone);
    }
    let done = decode_job_poll::<ValidSessionReply>(200, br#"{"valid":false}"#).unwrap();
    assert_eq!(done, Reply::Done(ValidSessionReply { valid: Some(false) }));
    assert_eq!(
        decode_job_poll::<EmptyReply>(502, b"<html/>").unwrap_err(),
        ApiError::Http { status: 502 }
    );
}

#[test]
fn client_side_errors_read_well() {
    assert_eq!(
        ApiError::Deadline { waited_ms: 300_000 }.headline(),
        "No result after 300 s; the job may still be running in ZStack"
    );
    assert_eq!(
        ApiError::TimedOut { after_ms: 1_500 }.headline(),
        "No answer from the server after 1.5 s"
    );
    assert_eq!(
        ApiError::Network("connection refused".into()).headline(),
        "Network error: connection refused"
    );
    assert_eq!(ApiError::Network(String::new()).headline(), "Network error");
    assert_eq!(ApiError::Aborted.to_string(), "Cancelled");
    assert_eq!(ApiError::Aborted.code(), None);
}

#[test]
fn reason_phrases() {
    assert_eq!(reason_phrase(200), "OK");
    assert_eq!(reason_phrase(202), "Accepted");
    assert_eq!(reason_phrase(404), "Not Found");
    assert_eq!(reason_phrase(502), "Bad Gateway");
    assert_eq!(reason_phrase(504), "Gateway Timeout");
    assert_eq!(reason_phrase(599), "");
    assert_eq!(reason_phrase(0), "");
}

#[test]
fn a_deep_cause_chain_is_bounded() {
    let mut body = String::from(r#"{"code":"E.0"}"#);
    for i in 1..200 {
        body = format!(r#"{{"code":"E.{i}","cause":{body}}}"#);
    }
    // Past serde_json's nesting limit (128): not JSON, so shown as capped text.
    let e = err::<EmptyReply>(503, &format!(r#"{{"error":{body}}}"#));
    assert!(matches!(e, ApiError::Rest { status: 503, .. }), "{e:?}");
    // Within it: the chain shown is bounded.
    let mut body = String::from(r#"{"code":"E.0"}"#);
    for i in 1..60 {
        body = format!(r#"{{"code":"E.{i}","cause":{body}}}"#);
    }
    let e = err::<EmptyReply>(503, &format!(r#"{{"error":{body}}}"#));
    assert_eq!(e.code(), Some("E.59"));
    assert!(e.details().len() <= 32, "{}", e.details().len());
}

//! The async-job state machine, driven by a fake clock.

use zstack_api::*;

const JOB: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

fn accepted(host: &str) -> Vec<u8> {
    format!(r#"{{"location":"{host}/zstack/v1/api-jobs/{JOB}","apiTimeout":1800000}}"#).into_bytes()
}

fn wait_of<T: std::fmt::Debug>(step: JobStep<T>) -> u64 {
    match step {
        JobStep::Wait { delay_ms, path } => {
            assert_eq!(path, format!("/api-jobs/{JOB}"));
            delay_ms
        }
        other => panic!("expected a wait, got {other:?}"),
    }
}

#[test]
fn job_path_keeps_only_the_job() {
    let want = Some(format!("/api-jobs/{JOB}"));
    for loc in [
        format!("http://10.0.0.9:8080/zstack/v1/api-jobs/{JOB}"),
        format!("https://mn.example:8443/zstack/v1/api-jobs/{JOB}"),
        format!("/zstack/v1/api-jobs/{JOB}"),
        format!("api-jobs/{JOB}"),
        format!(" http://h/zstack/v1/api-jobs/{JOB}/ "),
        format!("http://h/zstack/v1/api-jobs/{JOB}?x=1#f"),
    ] {
        assert_eq!(job_path(&loc), want, "{loc}");
    }
    for bad in [
        "",
        "http://10.0.0.9:8080/zstack/v1/vm-instances",
        "http://h/zstack/v1/api-jobs/",
        "http://evil/zstack/v1/api-jobs/../../accounts/login",
        "http://h/zstack/v1/api-jobs/a/b",
        "http://h/zstack/v1/api-jobs/a%2F..",
    ] {
        assert_eq!(job_path(bad), None, "{bad}");
    }
    let req = poll_request(&format!("/api-jobs/{JOB}"));
    assert_eq!(req.method, Method::Get);
    assert_eq!(req.body, None);
    assert_eq!(req.url("/zstack/v1"), format!("/zstack/v1/api-jobs/{JOB}"));
}

#[test]
fn a_synchronous_answer_is_done_at_once() {
    let mut job = JobPoll::new(JobPolicy::default(), 0);
    let step =
        job.on_response::<ExecReply>(200, br#"{"stream":"standardStream: ok, errorStream: "}"#, 5);
    let JobStep::Done(reply) = step else {
        panic!("{step:?}")
    };
    assert_eq!(
        reply.stream.as_deref(),
        Some("standardStream: ok, errorStream: ")
    );
    assert_eq!(job.path(), None);
    let mut job = JobPoll::new(JobPolicy::default(), 0);
    assert_eq!(
        job.on_response::<EmptyReply>(200, b"", 1),
        JobStep::Done(EmptyReply {})
    );
}

#[test]
fn a_failing_call_fails_at_once() {
    let mut job = JobPoll::new(JobPolicy::default(), 0);
    let body = br#"{"error":{"code":"ID.1001","description":"invalid session"}}"#;
    let JobStep::Failed(e) = job.on_response::<EmptyReply>(503, body, 1) else {
        panic!()
    };
    assert!(e.is_session_invalid());
    let mut job = JobPoll::new(JobPolicy::default(), 0);
    assert_eq!(
        job.on_response::<EmptyReply>(400, b"missing header 'Authorization'", 1),
        JobStep::Failed(ApiError::Rest {
            status: 400,
            message: "missing header 'Authorization'".into()
        })
    );
}

#[test]
fn a_foreign_host_is_polled_through_our_root() {
    let mut job = JobPoll::new(JobPolicy::default(), 1_000);
    let first = job.on_response::<EmptyReply>(202, &accepted("http://192.168.0.7:8080"), 1_050);
    assert_eq!(wait_of(first), 500);
    assert_eq!(job.path(), Some(format!("/api-jobs/{JOB}").as_str()));
    assert_eq!(job.api_timeout_ms(), Some(1_800_000));
    assert_eq!(job.elapsed_ms(1_600), 600);
}

#[test]
fn a_202_without_a_usable_location_fails() {
    for body in [
        &b"{}"[..],
        b"",
        br#"{"location":"http://h/zstack/v1/other/x"}"#,
    ] {
        let mut job = JobPoll::new(JobPolicy::default(), 0);
        let step = job.on_response::<EmptyReply>(202, body, 0);
        assert!(
            matches!(
                step,
                JobStep::Failed(ApiError::Malformed { status: 202, .. })
            ),
            "{step:?}"
        );
        assert_eq!(job.path(), None);
    }
}

#[test]
fn backoff_doubles_up_to_the_maximum_whatever_the_running_body() {
    let mut job = JobPoll::new(JobPolicy::default(), 0);
    let mut now = 0;
    let mut delays = vec![wait_of(job.on_response::<EmptyReply>(
        202,
        &accepted("http://mn:8080"),
        now,
    ))];
    // Still running, said three ways: {}, nothing, the location again.
    let running: [&[u8]; 3] = [b"{}", b"", &accepted("http://mn:8080")];
    for i in 0..6 {
        now += delays.last().unwrap() + 20;
        let step = job.on_response::<EmptyReply>(202, running[i % 3], now);
        delays.push(wait_of(step));
    }
    assert_eq!(delays, [500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
    now += 5_020;
    assert_eq!(
        job.on_response::<EmptyReply>(200, b"", now),
        JobStep::Done(EmptyReply {})
    );
}

#[test]
fn the_result_of_a_job() {
    let mut job = JobPoll::new(JobPolicy::default(), 0);
    wait_of(job.on_response::<VmInventoryReply>(202, &accepted("http://mn:8080"), 0));
    let step = job.on_response::<VmInventoryReply>(
        200,
        br#"{"inventory":{"uuid":"v1","state":"Running"}}"#,
        600,
    );
    let JobStep::Done(reply) = step else {
        panic!("{step:?}")
    };
    let vm = reply.inventory.unwrap();
    assert_eq!(
        (vm.uuid.as_deref(), vm.state),
        (Some("v1"), Some(VmState::Running))
    );
}

/// A poll answer and what the failure must look like.
type PollCase = (u16, &'static [u8], fn(&ApiError) -> bool);

#[test]
fn poll_failures() {
    let cases: [PollCase; 5] = [
        (
            503,
            br#"{"error":{"code":"ID.1001","description":"expired"}}"#,
            |e| e.is_session_invalid(),
        ),
        (
            503,
            br#"{"error":{"code":"SYS.1001","description":"timeout"}}"#,
            |e| matches!(e, ApiError::Api { status: 503, .. }) && e.code() == Some("SYS.1001"),
        ),
        (404, b"the job has been expired", |e| {
            matches!(e, ApiError::JobExpired { .. })
        }),
        (502, b"<html>Bad Gateway</html>", |e| {
            *e == ApiError::Http { status: 502 }
        }),
        (200, b"{oops", |e| {
            matches!(e, ApiError::Malformed { status: 200, .. })
        }),
    ];
    for (status, body, expected) in cases {
        let mut job = JobPoll::new(JobPolicy::default(), 0);
        wait_of(job.on_response::<EmptyReply>(202, &accepted("http://mn:8080"), 0));
        match job.on_response::<EmptyReply>(status, body, 600) {
            JobStep::Failed(e) => assert!(expected(&e), "{status}: {e:?}"),
            other => panic!("{status}: {other:?}"),
        }
    }
}

#[test]
fn the_deadline_stops_waiting_before_it_passes() {
    let policy = JobPolicy {
        first_delay_ms: 500,
        max_delay_ms: 5_000,
        deadline_ms: 3_000,
    };
    let mut job = JobPoll::new(policy, 10_000);
    assert_eq!(
        wait_of(job.on_response::<EmptyReply>(202, &accepted("http://mn"), 10_010)),
        500
    );
    assert_eq!(
        wait_of(job.on_response::<EmptyReply>(202, b"{}", 10_600)),
        1_000
    );
    // 1,700 ms waited + 2,000 ms next would pass 3,000.
    assert_eq!(
        job.on_response::<EmptyReply>(202, b"{}", 11_700),
        JobStep::Failed(ApiError::Deadline { waited_ms: 1_700 })
    );
    // A first wait that would already pass it.
    let tight = JobPolicy {
        deadline_ms: 100,
        ..JobPolicy::default()
    };
    let mut job = JobPoll::new(tight, 0);
    assert_eq!(
        job.on_response::<EmptyReply>(202, &accepted("http://mn"), 20),
        JobStep::Failed(ApiError::Deadline { waited_ms: 20 })
    );
}

/// A whole job against a scripted server, the way the console drives it.
#[test]
fn fake_clock_run() {
    let policy = JobPolicy::default();
    assert_eq!(
        (
            policy.first_delay_ms,
            policy.max_delay_ms,
            policy.deadline_ms
        ),
        (500, 5_000, 300_000)
    );
    let mut answers: Vec<(u16, Vec<u8>)> = vec![(202, accepted("http://172.16.0.2:8080"))];
    answers.extend((0..8).map(|_| (202, Vec::new())));
    answers.push((
        200,
        br#"{"stream":"standardStream: done, errorStream: "}"#.to_vec(),
    ));
    let mut clock = 0u64;
    let mut job = JobPoll::new(policy, clock);
    let mut polled = Vec::new();
    let mut answers = answers.into_iter();
    let out = loop {
        let (status, body) = answers.next().expect("the job asked for too many polls");
        clock += 7; // network time
        match job.on_response::<ExecReply>(status, &body, clock) {
            JobStep::Wait { delay_ms, path } => {
                clock += delay_ms;
                polled.push(path);
            }
            JobStep::Done(r) => break r,
            JobStep::Failed(e) => panic!("{e:?}"),
        }
    };
    assert_eq!(
        parse_stream(out.stream.as_deref().unwrap())
            .stdout
            .as_deref(),
        Some("done")
    );
    assert_eq!(polled.len(), 9);
    assert!(polled.iter().all(|p| p == &format!("/api-jobs/{JOB}")));
    // 500 + 1000 + 2000 + 4000 + 5 × 5000, plus 10 × 7 ms of network.
    assert_eq!(clock, 32_500 + 70);
}

#[test]
fn a_zero_policy_does_not_spin() {
    let zero = JobPolicy {
        first_delay_ms: 0,
        max_delay_ms: 0,
        deadline_ms: 10,
    };
    let mut job = JobPoll::new(zero, 0);
    assert_eq!(
        wait_of(job.on_response::<EmptyReply>(202, &accepted("http://mn"), 0)),
        0
    );
    assert_eq!(wait_of(job.on_response::<EmptyReply>(202, b"", 1)), 1);
}

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use zstack_sim::PollBody;

#[tokio::test]
async fn async_api_answers_202_then_polls_202_then_200() {
    let sim = start(fast_with(|c| c.runtime.job_duration_ms = 300)).await;
    let (s, vm) = sim.login_vm(FRESH).await;
    let accepted = sim.attach_tools(&s, &vm).await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED);
    let body = accepted.json();
    let location = body["location"].as_str().unwrap();
    assert!(
        location.starts_with("http://127.0.0.2:9/zstack/v1/api-jobs/"),
        "{location}"
    );
    let uuid = location.rsplit('/').next().unwrap();
    assert!(uuid.len() == 32 && uuid.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(body["apiTimeout"].as_u64().unwrap() > 0);

    let answers = sim.follow(&accepted, &s).await;
    let (last, running) = answers.split_last().unwrap();
    assert!(
        !running.is_empty(),
        "the job finished before the first poll"
    );
    for a in running {
        assert_eq!((a.status, a.text.as_str()), (StatusCode::ACCEPTED, "{}"));
    }
    assert_eq!((last.status, last.json()), (StatusCode::OK, json!({})));
}

#[tokio::test]
async fn location_carries_the_configured_management_node() {
    let sim = start(fast_with(|c| c.mn_address = "http://10.0.0.9:8080/".into())).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let a = sim.attach_tools(&s, &vm).await;
    assert!(a.json()["location"]
        .as_str()
        .unwrap()
        .starts_with("http://10.0.0.9:8080/zstack/v1/api-jobs/"));
}

#[tokio::test]
async fn failed_job_is_503_with_the_error() {
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(APPLIANCE).await;
    let a = sim.attach_tools(&s, &vm).await;
    let done = sim.finish(&a, &s).await;
    assert_eq!(done.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(done.error_code(), "SYS.1006");
    assert!(done.json()["error"]["details"]
        .as_str()
        .unwrap()
        .contains("FreeBSD"));
}

#[tokio::test]
async fn dead_session_on_an_async_api_fails_the_job_not_the_call() {
    let sim = start(fast()).await;
    let (_, vm) = sim.login_vm(WEB).await;
    let bogus = "0123456789abcdef0123456789abcdef";
    let a = sim.attach_tools(bogus, &vm).await;
    assert_eq!(a.status, StatusCode::ACCEPTED);
    let done = sim.finish(&a, bogus).await;
    done.assert_api_error("ID.1001");
}

#[tokio::test]
async fn unknown_job_is_404_plain_text_and_polls_need_no_auth() {
    let sim = start(fast()).await;
    let a = sim
        .send(
            Method::GET,
            &format!("{}/api-jobs/0123456789abcdef0123456789abcdef", sim.api),
            None,
            None,
        )
        .await;
    assert_eq!(
        (a.status, a.text.as_str()),
        (StatusCode::NOT_FOUND, "the job has been expired")
    );

    let (s, vm) = sim.login_vm(WEB).await;
    let accepted = sim.attach_tools(&s, &vm).await;
    let url = format!("{}{}", sim.base, sim.job_path(&accepted));
    let poll = sim.send(Method::GET, &url, None, None).await;
    assert_eq!(poll.status, StatusCode::ACCEPTED);
    let wrong = sim.send(Method::DELETE, &url, None, None).await;
    assert_eq!(wrong.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn x_job_uuid_names_the_job() {
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let job = "feedfacefeedfacefeedfacefeedface";
    let send = |id: &'static str| {
        sim.http
            .put(format!("{}/vm-instances/{vm}/actions", sim.api))
            .header("Authorization", format!("OAuth {s}"))
            .header("X-Job-UUID", id)
            .body(r#"{"attachGuestToolsIsoToVm":{}}"#)
            .send()
    };
    let rsp = send(job).await.unwrap();
    assert_eq!(rsp.status(), StatusCode::ACCEPTED);
    let loc = rsp.json::<serde_json::Value>().await.unwrap()["location"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(loc.ends_with(job), "{loc}");
    let bad = send("not-a-uuid").await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn running_poll_body_can_be_empty_or_the_location() {
    for (mode, check) in [
        (
            PollBody::Empty,
            (|t: &str| t.is_empty()) as fn(&str) -> bool,
        ),
        (PollBody::Location, |t: &str| t.contains("\"location\"")),
    ] {
        let sim = start(fast_with(|c| {
            c.runtime.poll_body = mode;
            c.runtime.job_duration_ms = 500;
        }))
        .await;
        let (s, vm) = sim.login_vm(WEB).await;
        let a = sim.attach_tools(&s, &vm).await;
        let first = sim
            .get(&sim.job_path(&a).replace("/zstack/v1", ""), &s)
            .await;
        assert_eq!(first.status, StatusCode::ACCEPTED);
        assert!(check(&first.text), "{mode:?}: {:?}", first.text);
    }
}

/// A job accepted before `/_sim/reset` must not change the fresh world when
/// its time comes, nor answer for a job of the same name started afterwards.
#[tokio::test]
async fn reset_cancels_jobs_already_started() {
    let sim = start(fast_with(|c| c.runtime.job_duration_ms = 300)).await;
    let (s, vm) = sim.login_vm(FRESH).await;
    let seeded = sim.world_vm(FRESH).await;
    let accepted = sim.attach_tools(&s, &vm).await;
    assert_eq!(accepted.status, StatusCode::ACCEPTED);
    let reset = sim.control(Method::POST, "/reset", None).await;
    assert_eq!(reset.status, StatusCode::OK);
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert_eq!(
        sim.world_vm(FRESH).await,
        seeded,
        "the cancelled attach changed the fresh world"
    );
    let poll = sim.finish(&accepted, &s).await;
    assert_eq!(poll.status, StatusCode::NOT_FOUND);
}

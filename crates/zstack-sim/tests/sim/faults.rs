use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

async fn add_fault(sim: &Sim, fault: Value) {
    let a = sim.control(Method::POST, "/faults", Some(fault)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.text);
}

#[tokio::test]
async fn scripted_fault_answers_once_with_its_status_and_body() {
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let path = format!("/vm-instances/{vm}/guest-tools-infos");
    add_fault(&sim, json!({"api": "GetVmGuestToolsInfo", "status": 502, "body": "<html><h1>502 Bad Gateway</h1></html>", "content_type": "text/html", "times": 2})).await;
    // Other APIs are untouched.
    assert_eq!(
        sim.get("/vm-instances?limit=1", &s).await.status,
        StatusCode::OK
    );
    for _ in 0..2 {
        let a = sim.get(&path, &s).await;
        assert_eq!(
            (a.status, a.content_type.as_str()),
            (StatusCode::BAD_GATEWAY, "text/html")
        );
        assert!(a.text.contains("502 Bad Gateway"));
    }
    assert_eq!(sim.get(&path, &s).await.status, StatusCode::OK);
}

#[tokio::test]
async fn faults_filter_by_method_and_path_and_can_be_cleared() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    add_fault(&sim, json!({"api": "*", "method": "GET", "path_contains": "/images", "status": 500, "body": "boom", "times": 5})).await;
    assert_eq!(
        sim.get("/vm-instances?limit=1", &s).await.status,
        StatusCode::OK
    );
    let a = sim.get("/images?limit=1", &s).await;
    assert_eq!(
        (a.status, a.text.as_str()),
        (StatusCode::INTERNAL_SERVER_ERROR, "boom")
    );
    assert_eq!(
        sim.control(Method::GET, "/faults", None).await.json()[0]["times"],
        4
    );
    sim.control(Method::DELETE, "/faults", None).await;
    assert_eq!(sim.get("/images?limit=1", &s).await.status, StatusCode::OK);
    let bad = sim
        .control(Method::POST, "/faults", Some(json!({"status": 42})))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn fault_on_a_job_poll() {
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    add_fault(&sim, json!({"api": "AttachGuestToolsIsoToVm", "on_job_poll": true, "status": 504, "body": "upstream timed out"})).await;
    let a = sim.attach_tools(&s, &vm).await;
    assert_eq!(
        a.status,
        StatusCode::ACCEPTED,
        "the call itself is not affected"
    );
    let answers = sim.follow(&a, &s).await;
    assert_eq!(answers[0].status, StatusCode::GATEWAY_TIMEOUT);
    // The next poll goes on normally.
    let answers = sim.follow(&a, &s).await;
    assert_eq!(answers.last().unwrap().status, StatusCode::OK);
}

#[tokio::test]
async fn drop_and_hang_and_delay() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    add_fault(&sim, json!({"api": "QueryVmInstance", "drop": true})).await;
    let r = sim
        .http
        .get(format!("{}/vm-instances", sim.api))
        .header("Authorization", format!("OAuth {s}"))
        .send()
        .await;
    let failed = match r {
        Err(_) => true,
        Ok(rsp) => rsp.bytes().await.is_err(),
    };
    assert!(failed, "a dropped connection must fail the request");

    add_fault(&sim, json!({"api": "QueryImage", "hang": true})).await;
    let r = sim
        .http
        .get(format!("{}/images", sim.api))
        .header("Authorization", format!("OAuth {s}"))
        .timeout(Duration::from_millis(300))
        .send()
        .await;
    assert!(r.is_err_and(|e| e.is_timeout()));

    add_fault(
        &sim,
        json!({"api": "*", "delay_ms": 200, "status": 503, "body": "busy"}),
    )
    .await;
    let t = Instant::now();
    let a = sim.get("/guesttools", &s).await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(t.elapsed() >= Duration::from_millis(200));
    // A 503 without a ZStack error body is a proxy's, not ZStack's.
    assert!(a.is_plain_text());
}

async fn statuses(seed: u64) -> Vec<u16> {
    let sim = start(fast_with(|c| {
        c.runtime.failure_rate = 0.5;
        c.seed = seed;
    }))
    .await;
    // Login may fail too: retry until a session exists.
    let mut s = None;
    for _ in 0..50 {
        let a = sim.login_with("admin", "password").await;
        if a.status == StatusCode::OK {
            s = a.json()["inventory"]["uuid"].as_str().map(String::from);
            break;
        }
        assert_eq!(a.error_code(), "SYS.1000");
    }
    let s = s.expect("some login succeeds");
    let mut out = Vec::new();
    for _ in 0..24 {
        let a = sim.get("/images?limit=1", &s).await;
        if a.status != StatusCode::OK {
            assert_eq!(a.error_code(), "SYS.1000");
        }
        out.push(a.status.as_u16());
    }
    out
}

#[tokio::test]
async fn random_failures_replay_with_the_same_seed() {
    let (a, b, c) = (statuses(7).await, statuses(7).await, statuses(8).await);
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(a.contains(&200) && a.contains(&503), "{a:?}");
}

#[tokio::test]
async fn per_api_failure_rate_and_latency() {
    let cfg = fast_with(|c| {
        c.runtime.fail = vec![("GetVmGuestToolsInfo".into(), 1.0)];
        c.runtime.latency_ms = 120;
    });
    let sim = start(cfg).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let t = Instant::now();
    let a = sim
        .get(&format!("/vm-instances/{vm}/guest-tools-infos"), &s)
        .await;
    assert!(t.elapsed() >= Duration::from_millis(120));
    a.assert_api_error("SYS.1000");
    assert_eq!(
        sim.get(&format!("/vm-instances/{vm}"), &s).await.status,
        StatusCode::OK
    );

    // The knobs change at run time.
    let r = sim
        .control(
            Method::POST,
            "/config",
            Some(json!({"fail": {}, "latency_ms": 0})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(
        sim.get(&format!("/vm-instances/{vm}/guest-tools-infos"), &s)
            .await
            .status,
        StatusCode::OK
    );
    let bad = sim
        .control(Method::POST, "/config", Some(json!({"failure_rate": 2.0})))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let r = sim
        .control(Method::POST, "/config", Some(json!({"exec_mode": "sync"})))
        .await;
    assert_eq!(r.json()["exec_mode"], "sync");
    assert_eq!(
        sim.exec(&s, &vm, "Linux", "hostname", None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn request_log_never_holds_the_token() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    sim.get("/vm-instances?limit=1", &s).await;
    sim.send(
        Method::GET,
        &format!("{}/vm-instances", sim.api),
        None,
        None,
    )
    .await;
    let log = sim.control(Method::GET, "/requests", None).await;
    assert!(
        !log.text.contains(&s),
        "the session UUID leaked into the log"
    );
    let entries = log.json();
    let entries = entries.as_array().unwrap();
    let last = &entries[entries.len() - 1];
    assert_eq!(
        (
            last["method"].as_str(),
            last["status"].as_u64(),
            last["has_auth"].as_bool()
        ),
        (Some("GET"), Some(400), Some(false))
    );
    let prev = &entries[entries.len() - 2];
    assert_eq!(
        (
            prev["api"].as_str(),
            prev["query"].as_str(),
            prev["has_auth"].as_bool()
        ),
        (Some("QueryVmInstance"), Some("limit=1"), Some(true))
    );
    sim.control(Method::DELETE, "/requests", None).await;
    assert_eq!(
        sim.control(Method::GET, "/requests", None).await.json(),
        json!([])
    );
}

#[tokio::test]
async fn reset_brings_the_seeded_world_back() {
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(FRESH).await;
    let a = sim.attach_tools(&s, &vm).await;
    sim.finish(&a, &s).await;
    let mounted = |v: Value| v["inventories"][0]["vmCdRoms"][0]["occupant"] == "GuestTools";
    assert!(mounted(
        sim.get(&format!("/vm-instances/{vm}"), &s).await.json()
    ));
    assert_eq!(
        sim.control(Method::POST, "/reset", None).await.status,
        StatusCode::OK
    );
    assert!(!mounted(
        sim.get(&format!("/vm-instances/{vm}"), &s).await.json()
    ));
    let world = sim.control(Method::GET, "/world", None).await.json();
    assert_eq!(world["vms"].as_array().unwrap().len(), SEEDED_VMS);
}

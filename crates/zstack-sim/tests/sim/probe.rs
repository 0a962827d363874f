use crate::common::*;
use reqwest::Method;
use serde_json::json;
use std::time::Duration;
use zstack_sim::probe::{Check, Probe};

async fn probe(base: String) -> Vec<Check> {
    tokio::task::spawn_blocking(move || {
        Probe::new(&base, Duration::from_secs(10)).run("admin", "password")
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn the_probe_passes_against_the_simulator() {
    let sim = start(fast()).await;
    let checks = probe(format!("{}/zstack/v1/", sim.base)).await;
    assert!(checks.len() >= 8);
    for c in &checks {
        assert!(c.ok, "{}: {}", c.name, c.detail);
    }
}

#[tokio::test]
async fn the_probe_notices_a_server_that_answers_401() {
    let sim = start(fast()).await;
    let fault =
        json!({"api": "QueryVmInstance", "status": 401, "body": "Unauthorized", "times": 5});
    sim.control(Method::POST, "/faults", Some(fault)).await;
    let checks = probe(sim.base.clone()).await;
    let failed: Vec<&str> = checks.iter().filter(|c| !c.ok).map(|c| c.name).collect();
    assert_eq!(
        failed,
        [
            "no Authorization header: 400 plain text",
            "bogus session: 503 ID.1001"
        ]
    );
}

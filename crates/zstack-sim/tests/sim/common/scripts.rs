//! The script library's calls as the sim tests make them: builders that
//! create a script and run it, and the queries that read a run back, so a
//! test states only what it checks.

use super::{fast_with, Answer, Sim};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use zstack_sim::Config;

/// Runs that move fast but slowly enough to watch: 150 ms Uploading, then
/// 150 ms Running plus the guest time (at 0.01 s per guest second).
pub fn scripted() -> Config {
    fast_with(|c| {
        c.runtime.script_upload_ms = 150;
        c.runtime.script_run_ms = 150;
    })
}

/// Runs that end almost at once (10 ms Uploading, 10 ms Running), for tests
/// that read how runs end rather than watch them.
pub fn quick() -> Config {
    fast_with(|c| {
        c.runtime.script_upload_ms = 10;
        c.runtime.script_run_ms = 10;
    })
}

pub async fn rows(sim: &Sim, s: &str, path: &str, params: &[(&str, &str)]) -> Vec<Value> {
    let a = sim.query(path, s, params).await;
    assert_eq!(a.status, StatusCode::OK, "{path} {params:?}: {}", a.text);
    a.json()["inventories"].as_array().unwrap().clone()
}

/// POST /scripts with these params: the 202 answer.
pub async fn post_script(sim: &Sim, s: &str, params: Value) -> Answer {
    let url = format!("{}/scripts", sim.api);
    sim.send(
        Method::POST,
        &url,
        Some(s),
        Some(json!({ "params": params })),
    )
    .await
}

/// A Linux shell script with this content, as a newer server takes it.
pub fn shell(name: &str, content: &str) -> Value {
    script(name, "Linux", "Shell", content)
}

/// A script of any platform and type, as a newer server takes it.
pub fn script(name: &str, platform: &str, script_type: &str, content: &str) -> Value {
    json!({"name": name, "scriptContent": content, "platform": platform,
           "scriptType": script_type, "encodingType": "PlainText"})
}

/// CreateGuestVmScript to its end: the job's final answer.
pub async fn create(sim: &Sim, s: &str, params: Value) -> Answer {
    let accepted = post_script(sim, s, params).await;
    sim.finish(&accepted, s).await
}

/// CreateGuestVmScript that must succeed: the inventory.
pub async fn create_ok(sim: &Sim, s: &str, params: Value) -> Value {
    let done = create(sim, s, params).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    done.json()["inventory"].clone()
}

/// CreateGuestVmScript that must succeed: the new script's UUID.
pub async fn create_uuid(sim: &Sim, s: &str, params: Value) -> String {
    uuid_of(&create_ok(sim, s, params).await)
}

/// An inventory's `uuid`.
pub fn uuid_of(inv: &Value) -> String {
    inv["uuid"].as_str().unwrap().to_owned()
}

/// PUT /scripts/{script}/actions to the end of its job: the final answer.
pub async fn action(sim: &Sim, s: &str, script: &str, body: Value) -> Answer {
    let accepted = sim
        .put(&format!("/scripts/{script}/actions"), s, body)
        .await;
    sim.finish(&accepted, s).await
}

/// ExecuteGuestVmScript to the end of its job: the final answer.
pub async fn execute(
    sim: &Sim,
    s: &str,
    script: &str,
    vms: &[String],
    timeout: Option<u64>,
) -> Answer {
    let mut p = json!({ "vmInstanceUuids": vms });
    if let Some(t) = timeout {
        p["scriptTimeout"] = json!(t);
    }
    action(sim, s, script, json!({ "executeGuestVmScript": p })).await
}

/// A run that must start: its record.
pub async fn run_ok(sim: &Sim, s: &str, script: &str, vms: &[String]) -> Value {
    let done = execute(sim, s, script, vms, None).await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    done.json()["inventory"].clone()
}

/// A run that must start: its record's UUID.
pub async fn run_uuid(sim: &Sim, s: &str, script: &str, vms: &[String]) -> String {
    uuid_of(&run_ok(sim, s, script, vms).await)
}

pub async fn record(sim: &Sim, s: &str, uuid: &str) -> Value {
    let r = rows(sim, s, &format!("/scripts/records/{uuid}"), &[]).await;
    assert_eq!(r.len(), 1);
    r[0].clone()
}

/// Every VM of a run, by VM UUID.
pub async fn details(sim: &Sim, s: &str, record: &str) -> Vec<Value> {
    let cond = format!("recordUuid={record}");
    let q = [("q", cond.as_str()), ("sort", "+vmInstanceUuid")];
    rows(sim, s, "/scripts/records/details", &q).await
}

pub async fn detail_of(sim: &Sim, s: &str, record: &str, vm: &str) -> Value {
    let all = details(sim, s, record).await;
    let found = all.into_iter().find(|d| d["vmInstanceUuid"] == vm);
    found.unwrap_or_else(|| panic!("no detail for {vm}"))
}

/// Polls the record until it is no longer Running; returns it.
pub async fn settled(sim: &Sim, s: &str, uuid: &str) -> Value {
    let started = Instant::now();
    loop {
        let r = record(sim, s, uuid).await;
        if r["status"] != "Running" {
            return r;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "still Running: {r}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// A run taken to its end, with what each step answered.
pub struct Run {
    /// CreateGuestVmScript's inventory.
    pub script: Value,
    /// ExecuteGuestVmScript's inventory: the record as the run started.
    pub started: Value,
    /// The record once no longer Running.
    pub record: Value,
    /// Every VM of the run, by VM UUID, read once it ended.
    pub details: Vec<Value>,
}

impl Run {
    pub fn uuid(&self) -> &str {
        self.started["uuid"].as_str().unwrap()
    }

    /// The detail of this VM.
    pub fn detail(&self, vm: &str) -> &Value {
        let found = self.details.iter().find(|d| d["vmInstanceUuid"] == vm);
        found.unwrap_or_else(|| panic!("no detail for {vm}"))
    }
}

/// Creates a script with these params, runs it on these VMs and waits for
/// the end.
pub async fn run_settled(sim: &Sim, s: &str, params: Value, vms: &[String]) -> Run {
    let script = create_ok(sim, s, params).await;
    let started = run_ok(sim, s, &uuid_of(&script), vms).await;
    let uuid = uuid_of(&started);
    let record = settled(sim, s, &uuid).await;
    let details = details(sim, s, &uuid).await;
    Run {
        script,
        started,
        record,
        details,
    }
}

/// Runs `content` (a Linux shell script) on these VMs and waits for the end.
pub async fn run_to_end(sim: &Sim, s: &str, content: &str, vms: &[String]) -> (Value, Vec<Value>) {
    let run = run_settled(sim, s, shell("probe", content), vms).await;
    (run.record, run.details)
}

//! Runs and their state machines: each VM's outcome as the world decides
//! it, details moving from Uploading through Running to their end, exit
//! codes and stderr, timeouts, parameters, a busy VM's one script file, and
//! runs that go wrong on the management node or lose a VM to a stop.

use crate::common::scripts::*;
use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

#[tokio::test]
async fn each_vm_ends_as_the_world_decides() {
    let sim = start(scripted()).await;
    let names = [WEB, ARCHIVE, APP, QGA_OFF, WIN, BATCH, MARKUP];
    let (s, vms) = sim.login_vms(&names).await;
    let mut asked = vms.clone();
    asked.push(vms[0].clone()); // a repeat counts once
    let params = json!({"name": "hello", "description": "<b>d</b>",
        "scriptContent": "#!/bin/bash\n# say hello\necho hi", "platform": "Linux", "scriptType": "Shell",
        "encodingType": "PlainText", "renderParams": "[]"});
    let run = run_settled(&sim, &s, params, &asked).await;
    let rec = &run.started;
    assert_eq!(rec["status"], "Running");
    assert_eq!(rec["executor"], "admin");
    assert_eq!(rec["executionCount"], names.len());
    assert_eq!(rec["version"], 1);
    assert_eq!(rec["scriptTimeout"], 60);
    assert_eq!(rec["renderParams"], "[]");
    assert!(rec["scriptContent"].as_str().unwrap().contains("echo hi"));
    assert_eq!(
        rec["startTime"], rec["endTime"],
        "as ZStack's example shows a Running record"
    );
    let uuid = run.uuid();
    assert_eq!(run.record["status"], "Failed", "some VMs failed");
    assert_eq!(run.details.len(), names.len());
    let by = |n: usize| run.detail(&vms[n]);

    for ok in [0, 5, 6] {
        let d = by(ok);
        assert_eq!(
            (
                &d["status"],
                &d["exitCode"],
                &d["stdout"],
                &d["stderr"],
                &d["errCause"]
            ),
            (
                &json!("Completed"),
                &json!(0),
                &json!("hi\n"),
                &json!(""),
                &json!("")
            ),
            "{d}"
        );
        assert_eq!(d["recordUuid"], uuid);
    }
    assert_eq!(by(6)["vmName"], MARKUP);
    for (n, says) in [
        (1, "current state is Stopped"),
        (2, "qga is not running"),
        (3, "qga is disabled"),
        (4, "runs Windows"),
    ] {
        let d = by(n);
        assert_eq!(d["status"], "Failed", "{d}");
        assert!(d["errCause"].as_str().unwrap().contains(says), "{d}");
        for absent in ["stdout", "stderr", "exitCode"] {
            assert!(d.get(absent).is_none(), "{absent} of {d}");
        }
    }
}

#[tokio::test]
async fn details_move_from_uploading_through_running_to_their_end() {
    let sim = start(fast_with(|c| {
        c.runtime.script_upload_ms = 500;
        c.runtime.script_run_ms = 500;
    }))
    .await;
    let (s, vms) = sim.login_vms(&[WEB, ARCHIVE]).await;
    let (web, archive) = (&vms[0], &vms[1]);
    let script = create_uuid(&sim, &s, shell("slow", "echo done")).await;
    let started = Instant::now();
    let uuid = &run_uuid(&sim, &s, &script, &vms).await;
    let status = |d: &Value| d["status"].as_str().unwrap().to_owned();
    let seen_at = |ms: u64| started + Duration::from_millis(ms);

    let d = details(&sim, &s, uuid).await;
    assert!(
        started.elapsed() < Duration::from_millis(450),
        "too slow to watch"
    );
    assert!(d.iter().all(|d| status(d) == "Uploading"), "{d:?}");
    assert!(d
        .iter()
        .all(|d| d.get("stdout").is_none() && d.get("exitCode").is_none()));
    // The in-flight query the console makes before a run.
    let in_flight = [("q", "status?=Uploading,Running")];
    let flying = rows(&sim, &s, "/scripts/records/details", &in_flight).await;
    assert_eq!(flying.len(), 2);

    tokio::time::sleep_until(seen_at(800).into()).await;
    assert_eq!(status(&detail_of(&sim, &s, uuid, web).await), "Running");
    let stopped = detail_of(&sim, &s, uuid, archive).await;
    assert_eq!(status(&stopped), "Failed", "a stopped VM fails at upload");
    assert_eq!(record(&sim, &s, uuid).await["status"], "Running");

    tokio::time::sleep_until(seen_at(1_300).into()).await;
    let d = detail_of(&sim, &s, uuid, web).await;
    assert_eq!(
        (status(&d), d["stdout"].as_str()),
        ("Completed".into(), Some("done\n"))
    );
    assert_ne!(d["endTime"], Value::Null);
    let r = record(&sim, &s, uuid).await;
    assert_eq!(r["status"], "Failed");
    assert!(rows(&sim, &s, "/scripts/records/details", &in_flight)
        .await
        .is_empty());

    // All Completed: Succeed.
    let (r, d) = run_to_end(&sim, &s, "echo ok", std::slice::from_ref(web)).await;
    assert_eq!(
        (r["status"].as_str(), d[0]["status"].as_str()),
        (Some("Succeed"), Some("Completed"))
    );
}

#[tokio::test]
async fn exit_codes_and_stderr_follow_the_host_agent() {
    let sim = start(quick()).await;
    let (s, web) = sim.login_vms(&[WEB]).await;
    // Linux: the exit code is the output reader's (0), whatever the script did.
    let (_, d) = run_to_end(&sim, &s, "echo before\nexit 3", &web).await;
    assert_eq!(
        (&d[0]["status"], &d[0]["exitCode"]),
        (&json!("Completed"), &json!(0))
    );
    // Anything on stderr makes ZStack call the run failed.
    let (r, d) = run_to_end(&sim, &s, "echo out\nnosuchcmd", &web).await;
    assert_eq!(r["status"], "Failed");
    assert_eq!(
        (&d[0]["status"], &d[0]["exitCode"], &d[0]["stdout"]),
        (&json!("Failed"), &json!(0), &json!("out\n"))
    );
    assert!(d[0]["stderr"]
        .as_str()
        .unwrap()
        .contains("command not found"));
    assert_eq!(d[0]["errCause"], "");
    // Markup in output comes back as it is.
    let (_, d) = run_to_end(&sim, &s, "print-markup", &web).await;
    assert!(d[0]["stdout"]
        .as_str()
        .unwrap()
        .starts_with("<script>alert(1)</script>"));

    // Windows reports the script's own exit code.
    let win = vec![sim.vm(&s, WIN).await];
    let bat = "@echo off\r\nrem a comment\r\necho hello\r\nexit /b 3\r\necho never";
    let run = run_settled(&sim, &s, script("bat", "Windows", "Bat", bat), &win).await;
    let d = run.detail(&win[0]);
    assert_eq!(
        (&d["status"], &d["exitCode"], &d["stdout"]),
        (&json!("Completed"), &json!(3), &json!("hello\r\n"))
    );
    let ps = "# c\nWrite-Output \"from ps\"\nhostname";
    let run = run_settled(&sim, &s, script("ps", "Windows", "Powershell", ps), &win).await;
    let d = run.detail(&win[0]);
    assert!(
        d["stdout"].as_str().unwrap().starts_with("from ps\r\n"),
        "{d}"
    );

    // Python and Perl: a little of each language; the rest fails as it would.
    let py = "import sys\nprint(\"py says hi\")\nfrobnicate()\nprint('never')";
    let run = run_settled(&sim, &s, script("py", "Linux", "Python", py), &web).await;
    let d = run.detail(&web[0]);
    assert_eq!(
        (&d["status"], &d["stdout"], &d["exitCode"]),
        (&json!("Failed"), &json!("py says hi\n"), &json!(0))
    );
    assert!(d["stderr"]
        .as_str()
        .unwrap()
        .contains("NameError: name 'frobnicate' is not defined"));
    let pl = "use strict;\nprint \"perl\\n\";";
    let run = run_settled(&sim, &s, script("pl", "Linux", "Perl", pl), &web).await;
    let d = run.detail(&web[0]);
    assert_eq!(
        (&d["status"], &d["stdout"]),
        (&json!("Completed"), &json!("perl\n"))
    );
}

#[tokio::test]
async fn a_script_past_its_timeout_fails_with_zstacks_reason() {
    let sim = start(quick()).await;
    let (s, web) = sim.login_vms(&[WEB]).await;
    let script = create_uuid(&sim, &s, shell("sleepy", "sleep 100\necho late")).await;
    let started = Instant::now();
    let done = execute(&sim, &s, &script, &web, Some(10)).await;
    let rec = done.json()["inventory"].clone();
    assert_eq!(rec["scriptTimeout"], 10, "the execute's timeout wins");
    let uuid = rec["uuid"].as_str().unwrap();
    let r = settled(&sim, &s, uuid).await;
    // 10 guest seconds at 0.01: about 100 ms, not the sleep's 1 s.
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(r["status"], "Failed");
    let d = detail_of(&sim, &s, uuid, &web[0]).await;
    assert_eq!(d["status"], "Failed");
    assert!(
        d["errCause"]
            .as_str()
            .unwrap()
            .contains("timeout after 10 seconds"),
        "{d}"
    );
    assert!(d.get("stdout").is_none());
    // The script's own timeout when the execute gives none.
    let mut short = shell("short", "sleep 5");
    short["scriptTimeout"] = json!(2);
    let run = run_settled(&sim, &s, short, &web).await;
    assert_eq!(run.started["scriptTimeout"], 2);
    assert!(run.detail(&web[0])["errCause"]
        .as_str()
        .unwrap()
        .contains("timeout after 2 seconds"));
}

#[tokio::test]
async fn parameters_render_names_in_the_script() {
    let sim = start(quick()).await;
    let (s, web) = sim.login_vms(&[WEB]).await;
    let params = r#"[{"key":"who","value":"world","description":"whom to greet"}]"#;
    let mut greet = shell("greet", "echo hello {{ who }} {{nobody}}.");
    greet["renderParams"] = json!(params);
    let run = run_settled(&sim, &s, greet, &web).await;
    assert_eq!(run.started["renderParams"], params);
    assert_eq!(run.detail(&web[0])["stdout"], "hello world .\n");
    // Without parameters nothing is rendered.
    let (_, d) = run_to_end(&sim, &s, "echo {{who}}", &web).await;
    assert_eq!(d[0]["stdout"], "{{who}}\n");
}

#[tokio::test]
async fn a_second_run_on_a_busy_vm_overwrites_the_first() {
    let sim = start(scripted()).await;
    let (s, vms) = sim.login_vms(&[WEB, BATCH]).await;
    let (web, batch) = (&vms[0], &vms[1]);
    // 30 guest seconds: 300 ms of Running at 0.01.
    let first = create_uuid(&sim, &s, shell("first", "sleep 30\necho first")).await;
    let second = create_uuid(&sim, &s, shell("second", "echo second")).await;
    let a = &run_uuid(&sim, &s, &first, &vms).await;
    let b = &run_uuid(&sim, &s, &second, std::slice::from_ref(web)).await;
    settled(&sim, &s, a).await;
    settled(&sim, &s, b).await;
    // ZStack keeps one script file per VM: web-01's first run read the second's output.
    assert_eq!(detail_of(&sim, &s, a, web).await["stdout"], "second\n");
    assert_eq!(detail_of(&sim, &s, a, batch).await["stdout"], "first\n");
    assert_eq!(detail_of(&sim, &s, b, web).await["stdout"], "second\n");
}

#[tokio::test]
async fn a_run_that_goes_wrong_on_the_management_node_ends_exception() {
    let sim = start(scripted()).await;
    let (s, web) = sim.login_vms(&[WEB]).await;
    let script = create_uuid(&sim, &s, shell("doomed", "echo hi")).await;
    sim.control(
        Method::POST,
        "/config",
        Some(json!({"fail": {"ExecuteGuestVmScript": 1.0}})),
    )
    .await;
    let done = execute(&sim, &s, &script, &web, None).await;
    assert_eq!(
        done.status,
        StatusCode::OK,
        "the call itself succeeds: {}",
        done.text
    );
    let uuid = uuid_of(&done.json()["inventory"]);
    assert_eq!(settled(&sim, &s, &uuid).await["status"], "Exception");
    let d = detail_of(&sim, &s, &uuid, &web[0]).await;
    assert_eq!(d["status"], "Failed");
    assert!(
        d["errCause"].as_str().unwrap().starts_with("SYS.1000"),
        "{d}"
    );
}

#[tokio::test]
async fn a_vm_stopped_before_zstack_plans_the_run_fails_with_its_state() {
    let sim = start(fast_with(|c| {
        c.runtime.job_duration_ms = 400;
        c.runtime.script_upload_ms = 20;
        c.runtime.script_run_ms = 20;
    }))
    .await;
    let (s, vms) = sim.login_vms(&[WEB, BATCH]).await;
    let (web, batch) = (&vms[0], &vms[1]);
    let script = create_uuid(&sim, &s, shell("late-stop", "echo hi")).await;
    let body = json!({"executeGuestVmScript": {"vmInstanceUuids": [web, batch]}});
    let accepted = sim
        .put(&format!("/scripts/{script}/actions"), &s, body)
        .await;
    // Someone else stops batch-06 while ZStack has not yet started the run.
    let stop = json!({"uuid": batch, "state": "Stopped"});
    let a = sim.control(Method::POST, "/vm-state", Some(stop)).await;
    assert_eq!(
        (a.status, a.json()["state"].as_str()),
        (StatusCode::OK, Some("Stopped"))
    );
    assert_eq!(sim.world_vm(BATCH).await["state"], "Stopped");
    let done = sim.finish(&accepted, &s).await;
    let uuid = uuid_of(&done.json()["inventory"]);
    assert_eq!(settled(&sim, &s, &uuid).await["status"], "Failed");
    let d = detail_of(&sim, &s, &uuid, batch).await;
    assert!(
        d["errCause"]
            .as_str()
            .unwrap()
            .contains("current state is Stopped"),
        "{d}"
    );
    assert_eq!(detail_of(&sim, &s, &uuid, web).await["status"], "Completed");
    let vm = sim.get(&format!("/vm-instances/{batch}"), &s).await.json();
    assert!(vm["inventories"][0].get("hostUuid").is_none());
    // Started again, it runs the next one.
    let start = json!({"uuid": batch, "state": "Running"});
    sim.control(Method::POST, "/vm-state", Some(start)).await;
    let (r, _) = run_to_end(&sim, &s, "true", std::slice::from_ref(batch)).await;
    assert_eq!(r["status"], "Succeed");
    for bad in [
        json!({"uuid": batch, "state": "Asleep"}),
        json!({"state": "Stopped"}),
    ] {
        let a = sim.control(Method::POST, "/vm-state", Some(bad)).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST);
    }
}

use crate::common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;
use zstack_api::parse_stream;
use zstack_sim::{Config, ExecMode};

fn sync() -> Config {
    fast_with(|c| c.runtime.exec_mode = ExecMode::Sync)
}

/// Runs a command in sync mode; returns (stdout, stderr).
async fn run(sim: &Sim, s: &str, vm: &str, platform: &str, cmd: &str) -> (String, String) {
    let a = sim.exec(s, vm, platform, cmd, None).await;
    assert_eq!(a.status, StatusCode::OK, "{cmd}: {}", a.text);
    let body = a.json();
    assert_eq!(body["success"], true);
    assert_eq!(body["vmInstance"]["uuid"], vm);
    let raw = body["stream"].as_str().unwrap();
    let out = parse_stream(raw);
    assert!(
        out.is_split(),
        "stream not in the documented shape: {raw:?}"
    );
    (out.stdout.unwrap(), out.stderr.unwrap())
}

#[tokio::test]
async fn job_mode_answers_202_and_the_poll_gives_the_stream() {
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let body =
        json!({"params": {"vmInstanceUuid": vm, "platform": "Linux", "command": "hostname"}});
    for method in [Method::PUT, Method::POST] {
        let a = sim
            .send(
                method,
                &format!("{}/vm-instances/commands/exec", sim.api),
                Some(&s),
                Some(body.clone()),
            )
            .await;
        let done = sim.finish(&a, &s).await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.text);
        let v = done.json();
        assert_eq!(v["stream"], "standardStream: web-01\n, errorStream: ");
        assert_eq!(v["vmInstance"]["name"], WEB);
    }
}

#[tokio::test]
async fn linux_guest_answers_like_linux() {
    let sim = start(sync()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let (out, err) = run(&sim, &s, &vm, "Linux", "uname -a").await;
    assert!(
        out.starts_with("Linux web-01 3.10.0") && err.is_empty(),
        "{out}"
    );
    assert!(run(&sim, &s, &vm, "Linux", "cat /etc/os-release")
        .await
        .0
        .contains("PRETTY_NAME=\"CentOS 7\""));
    assert_eq!(run(&sim, &s, &vm, "Linux", "whoami").await.0, "root\n");
    assert_eq!(
        run(&sim, &s, &vm, "Linux", "echo \"hello  world\" 'a b'")
            .await
            .0,
        "hello  world a b\n"
    );
    assert!(run(&sim, &s, &vm, "Linux", "ip addr")
        .await
        .0
        .contains("inet 10.10.0.11/24"));
    assert!(run(&sim, &s, &vm, "Linux", "ifconfig")
        .await
        .0
        .contains("inet 172.20.1.11"));
    assert_eq!(
        run(&sim, &s, &vm, "Linux", "foo --bar").await,
        (String::new(), "bash: foo: command not found\n".into())
    );
    assert_eq!(
        run(&sim, &s, &vm, "Linux", "false && hostname; echo b")
            .await
            .0,
        "b\n"
    );
    assert_eq!(
        run(&sim, &s, &vm, "Linux", "stderr-demo").await,
        (
            "this line went to stdout\n".into(),
            "this line went to stderr\n".into()
        )
    );
}

#[tokio::test]
async fn windows_guest_answers_like_cmd() {
    let sim = start(sync()).await;
    let (s, vm) = sim.login_vm(WIN).await;
    assert_eq!(
        run(&sim, &s, &vm, "Windows", "hostname").await.0,
        "WIN-SRV-08\r\n"
    );
    assert_eq!(
        run(&sim, &s, &vm, "Windows", "whoami").await.0,
        "nt authority\\system\r\n"
    );
    assert_eq!(
        run(&sim, &s, &vm, "Windows", "echo \"hi\"").await.0,
        "\"hi\"\r\n"
    );
    assert!(run(&sim, &s, &vm, "Windows", "ipconfig")
        .await
        .0
        .contains("IPv4 Address. . . . . . . . . . . : 172.20.1.18"));
    assert!(run(&sim, &s, &vm, "Windows", "systeminfo")
        .await
        .0
        .contains("Host Name:                 WIN-SRV-08"));
    let (_, err) = run(&sim, &s, &vm, "Windows", "ls").await;
    assert!(
        err.starts_with("'ls' is not recognized as an internal or external command,"),
        "{err}"
    );
}

#[tokio::test]
async fn test_commands_for_clients() {
    let sim = start(sync()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let (out, _) = run(&sim, &s, &vm, "Linux", "print-markup").await;
    assert!(out.contains("<script>alert(1)</script><img src=x onerror=alert(2)>"));
    assert!(out.contains("\u{1b}[31m"));
    let (out, _) = run(&sim, &s, &vm, "Linux", "big-output").await;
    assert!(
        out.len() >= 1 << 20 && out.len() < (1 << 20) + 1024,
        "{}",
        out.len()
    );
}

#[tokio::test]
async fn sleep_honours_the_command_timeout() {
    let sim = start(sync()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let ok = sim.exec(&s, &vm, "Linux", "sleep 5", Some(10)).await;
    assert_eq!(ok.status, StatusCode::OK);
    let late = sim.exec(&s, &vm, "Linux", "sleep 20", Some(10)).await;
    assert_eq!(late.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(late.error_code(), "SYS.1001");
    assert_eq!(
        late.json()["error"]["description"],
        "A message or a operation timeout"
    );

    // In job mode the timeout comes from the poll.
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let a = sim.exec(&s, &vm, "Linux", "sleep 30", Some(10)).await;
    assert_eq!(a.status, StatusCode::ACCEPTED);
    assert_eq!(sim.finish(&a, &s).await.error_code(), "SYS.1001");
}

#[tokio::test]
async fn guests_that_cannot_run_commands_refuse() {
    let sim = start(sync()).await;
    let (s, app) = sim.login_vm(APP).await;
    let a = sim.exec(&s, &app, "Linux", "hostname", None).await;
    a.assert_api_error("SYS.1006");
    assert!(a.json()["error"]["details"]
        .as_str()
        .unwrap()
        .contains("qemu guest agent is not running"));
    for name in [ARCHIVE, FRESH, LEGACY] {
        let vm = sim.vm(&s, name).await;
        assert_eq!(
            sim.exec(&s, &vm, "Linux", "hostname", None)
                .await
                .error_code(),
            "SYS.1006",
            "{name}"
        );
    }
    let win = sim.vm(&s, WIN).await;
    assert_eq!(
        sim.exec(&s, &win, "Linux", "hostname", None)
            .await
            .error_code(),
        "SYS.1006"
    );
    // An agent pending upgrade still runs commands.
    let batch = sim.vm(&s, BATCH).await;
    assert_eq!(
        sim.exec(&s, &batch, "Linux", "hostname", None).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn server_side_validation_mirrors_zstack() {
    let sim = start(sync()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let longest = format!("echo {}", "a".repeat(65_531));
    assert_eq!(
        sim.exec(&s, &vm, "Linux", &longest, None).await.status,
        StatusCode::OK
    );
    let cases = [
        ("Linux", String::new(), None),
        ("Linux", "a".repeat(65_537), None),
        ("Linux", "😀".repeat(32_769), None),
        ("Linux", "hostname".into(), Some(9)),
        ("Linux", "hostname".into(), Some(86_401)),
        ("Mac", "hostname".into(), None),
        ("linux", "hostname".into(), None),
    ];
    for (platform, cmd, timeout) in cases {
        let a = sim.exec(&s, &vm, platform, &cmd, timeout).await;
        assert_eq!(
            (a.status, a.error_code().as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, "SYS.1007"),
            "{platform} {} {timeout:?}",
            cmd.len()
        );
    }
    let a = sim
        .put("/vm-instances/commands/exec", &s, json!({"params": {}}))
        .await;
    assert_eq!(a.error_code(), "SYS.1007");
    let a = sim
        .exec(
            &s,
            "0123456789abcdef0123456789abcdef",
            "Linux",
            "hostname",
            None,
        )
        .await;
    assert_eq!(a.error_code(), "SYS.1007");
    // A value of the wrong JSON type never becomes a message: 400 plain text.
    let a = sim.put("/vm-instances/commands/exec", &s, json!({"params": {"vmInstanceUuid": vm, "platform": "Linux", "command": "x", "commandTimeout": "ten"}})).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a.is_plain_text());
    let a = sim
        .send(
            Method::PUT,
            &format!("{}/vm-instances/commands/exec", sim.api),
            Some(&s),
            None,
        )
        .await;
    assert_eq!(a.error_code(), "SYS.1007");
}

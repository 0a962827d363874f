//! Command output as ZStack really hands it over (ZSTACK-API.md §7): the
//! host's decoding of a Chinese guest's GBK, the 1,000-line cut, stdout that
//! contains the separator, and commands still running after a timeout.

use crate::common::*;
use encoding_rs::GBK;
use reqwest::StatusCode;
use std::time::Duration;
use zstack_api::parse_stream;
use zstack_sim::{Config, ExecMode};

fn sync() -> Config {
    fast_with(|c| c.runtime.exec_mode = ExecMode::Sync)
}

/// The raw `stream` of a command that succeeds (sync mode).
async fn stream(sim: &Sim, s: &str, vm: &str, platform: &str, cmd: &str) -> String {
    let a = sim.exec(s, vm, platform, cmd, None).await;
    assert_eq!(a.status, StatusCode::OK, "{cmd}: {}", a.text);
    a.json()["stream"].as_str().unwrap().to_owned()
}

/// (stdout, stderr), split on the last separator.
async fn run(sim: &Sim, s: &str, vm: &str, platform: &str, cmd: &str) -> (String, String) {
    let out = parse_stream(&stream(sim, s, vm, platform, cmd).await);
    (out.stdout.unwrap(), out.stderr.unwrap())
}

/// The reverse of the host's last step: each character U+0000-U+00FF is one
/// byte, and the bytes are GBK.
fn un_latin1(text: &str) -> String {
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).expect("not Latin-1"))
        .collect();
    GBK.decode_without_bom_handling(&bytes).0.into_owned()
}

#[tokio::test]
async fn a_chinese_guest_writes_gbk_and_the_host_decodes_it() {
    let sim = start(sync()).await;
    let (s, vm) = sim.login_vm(WIN_ZH).await;
    // GB2312 only: the host's second step reads it.
    assert_eq!(
        run(&sim, &s, &vm, "Windows", "chcp").await.0,
        "活动代码页: 936\r\n"
    );
    assert_eq!(
        run(&sim, &s, &vm, "Windows", "echo 中文").await.0,
        "中文\r\n"
    );
    // One GBK-only character (镕) sends the whole stream through ISO-8859-1.
    assert_eq!(run(&sim, &s, &vm, "Windows", "echo 镕").await.0, "éF\r\n");
    let (out, _) = run(&sim, &s, &vm, "Windows", "dir").await;
    assert!(out.chars().all(|c| u32::from(c) < 0x100), "{out}");
    assert!(out.starts_with(" Çý¶¯Æ÷ C ÖÐµÄ¾íÃ»ÓÐ±êÇ©¡£\r\n"), "{out:?}");
    let dir = un_latin1(&out);
    assert!(dir.starts_with(" 驱动器 C 中的卷没有标签。\r\n"), "{dir}");
    assert!(dir.contains(" 镕铸.txt\r\n") && dir.contains(" 中文.txt\r\n"));
    // 中文 arrives as ÖÐÎÄ.
    let (out, _) = run(&sim, &s, &vm, "Windows", "type 中文.txt").await;
    assert_eq!(out, "ÖÐÎÄÄÚÈÝ£ºÖìéF»ù\r\n");
    assert_eq!(un_latin1(&out), "中文内容：朱镕基\r\n");
    // Each stream is decoded on its own: the error is GB2312, so readable.
    let (out, err) = run(&sim, &s, &vm, "Windows", "dir & type 无.txt").await;
    assert_eq!(un_latin1(&out), dir);
    assert_eq!(err, "系统找不到指定的文件。\r\n");
    assert_eq!(
        run(&sim, &s, &vm, "Windows", "ls").await.1,
        "'ls' 不是内部或外部命令，也不是可运行的程序\r\n或批处理文件。\r\n"
    );
}

#[tokio::test]
async fn asking_for_utf8_brings_real_chinese() {
    let sim = start(sync()).await;
    let (s, vm) = sim.login_vm(WIN_ZH).await;
    let (out, _) = run(&sim, &s, &vm, "Windows", "chcp 65001>nul & dir").await;
    assert!(out.starts_with(" 驱动器 C 中的卷没有标签。\r\n"), "{out}");
    assert!(out.contains(" 镕铸.txt\r\n"));
    let ps = "[Console]::OutputEncoding=[Text.Encoding]::UTF8; dir";
    assert_eq!(run(&sim, &s, &vm, "Windows", ps).await.0, out);
    assert_eq!(
        run(&sim, &s, &vm, "Windows", "chcp 65001>nul & echo 镕")
            .await
            .0,
        "镕\r\n"
    );
    assert_eq!(
        run(&sim, &s, &vm, "Windows", "chcp 65001").await.0,
        "活动代码页: 65001\r\n"
    );
    // `type` copies the file's bytes: they stay GBK whatever the code page.
    let (out, _) = run(&sim, &s, &vm, "Windows", "chcp 65001>nul & type 中文.txt").await;
    assert_eq!(un_latin1(&out), "中文内容：朱镕基\r\n");
}

#[tokio::test]
async fn other_guests_write_utf8_as_before() {
    let sim = start(sync()).await;
    let (s, win) = sim.login_vm(WIN).await;
    assert_eq!(
        run(&sim, &s, &win, "Windows", "chcp").await.0,
        "Active code page: 65001\r\n"
    );
    assert_eq!(run(&sim, &s, &win, "Windows", "echo 镕").await.0, "镕\r\n");
    assert!(run(&sim, &s, &win, "Windows", "dir")
        .await
        .0
        .contains(" Directory of C:\\data\r\n"));
    let web = sim.vm(&s, WEB).await;
    assert_eq!(run(&sim, &s, &web, "Linux", "echo 镕").await.0, "镕\n");
}

#[tokio::test]
async fn each_stream_keeps_its_last_thousand_lines() {
    let sim = start(sync()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let (out, _) = run(&sim, &s, &vm, "Linux", "seq 1 1500").await;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!((lines.len(), lines[0], lines[999]), (1000, "501", "1500"));
    assert!(out.ends_with("1500\n"));
    let whole: String = (1..=1000).map(|n| format!("{n}\n")).collect();
    assert_eq!(run(&sim, &s, &vm, "Linux", "seq 1 1000").await.0, whole);
    assert_eq!(
        run(&sim, &s, &vm, "Linux", "seq 999")
            .await
            .0
            .lines()
            .count(),
        999
    );
    // The cut applies to the line's output as a whole.
    let (out, _) = run(&sim, &s, &vm, "Linux", "seq 600; seq 700 1200").await;
    assert_eq!(out.lines().next(), Some("102"));
    assert_eq!(out.lines().count(), 1000);
}

#[tokio::test]
async fn stdout_may_contain_the_separator() {
    let sim = start(sync()).await;
    let (s, web) = sim.login_vm(WEB).await;
    let raw = stream(&sim, &s, &web, "Linux", "echo 'a, errorStream: b'").await;
    assert_eq!(raw, "standardStream: a, errorStream: b\n, errorStream: ");
    assert_eq!(raw.matches(", errorStream: ").count(), 2);
    let win = sim.vm(&s, WIN).await;
    let raw = stream(&sim, &s, &win, "Windows", "echo a, errorStream: b").await;
    assert_eq!(raw, "standardStream: a, errorStream: b\r\n, errorStream: ");
    let (out, err) = run(&sim, &s, &win, "Windows", "echo a, errorStream: b").await;
    assert_eq!((out.as_str(), err.as_str()), ("a, errorStream: b\r\n", ""));
}

const PS_GREP: &str = "ps -eo pid,etime,args | grep -F -- 'sleep 100' | grep -v grep";

/// At 0.01 real seconds per guest second, `sleep 100` ends 1 s after it started.
#[tokio::test]
async fn a_timed_out_sleep_keeps_running_in_a_linux_guest() {
    let sim = start(sync()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    assert_eq!(
        run(&sim, &s, &vm, "Linux", PS_GREP).await,
        ("".into(), "".into())
    );
    let all = run(&sim, &s, &vm, "Linux", "ps -eo pid,etime,args").await.0;
    assert!(all
        .starts_with("    PID     ELAPSED COMMAND\n      1 12-03:04:11 /usr/lib/systemd/systemd"));
    assert!(!all.contains("sleep"));
    let late = sim.exec(&s, &vm, "Linux", "sleep 100", Some(10)).await;
    late.assert_api_error("SYS.1001");
    let (out, _) = run(&sim, &s, &vm, "Linux", PS_GREP).await;
    let row: Vec<&str> = out.split_whitespace().collect();
    assert!(matches!(row[..], [_, _, "sleep", "100"]), "{out:?}");
    assert!(row[1].starts_with("00:") && out.ends_with(" sleep 100\n"));
    let all = run(&sim, &s, &vm, "Linux", "ps -eo pid,etime,args").await.0;
    assert!(all.contains(" sleep 100\n") && all.contains("/usr/sbin/sshd -D\n"));
    // Other VMs run nothing of it.
    let db = sim.vm(&s, DB).await;
    assert_eq!(run(&sim, &s, &db, "Linux", PS_GREP).await.0, "");
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(run(&sim, &s, &vm, "Linux", PS_GREP).await.0, "");
}

#[tokio::test]
async fn a_timed_out_timeout_shows_in_tasklist() {
    let sim = start(sync()).await;
    let (s, zh) = sim.login_vm(WIN_ZH).await;
    let win = sim.vm(&s, WIN).await;
    let filter = "tasklist /FI \"IMAGENAME eq timeout*\"";
    assert_eq!(
        run(&sim, &s, &win, "Windows", filter).await.0,
        "INFO: No tasks are running which match the specified criteria.\r\n"
    );
    assert!(run(&sim, &s, &win, "Windows", "tasklist")
        .await
        .0
        .starts_with("\r\nImage Name                     PID Session Name        Session#    Mem Usage\r\n========================= ======== ================ =========== ============\r\nSystem Idle Process              0 Services                   0          8 K\r\n"));
    for vm in [&win, &zh] {
        let late = sim
            .exec(&s, vm, "Windows", "timeout /t 100", Some(10))
            .await;
        late.assert_api_error("SYS.1001");
    }
    let (out, _) = run(&sim, &s, &win, "Windows", filter).await;
    let lines: Vec<&str> = out.split("\r\n").collect();
    assert_eq!(lines.len(), 5, "{out:?}");
    assert!(lines[1].starts_with("Image Name") && lines[3].starts_with("timeout.exe "));
    let (out, _) = run(&sim, &s, &zh, "Windows", filter).await;
    assert!(
        out.starts_with("\r\n映像名称") && out.contains("\r\ntimeout.exe "),
        "{out:?}"
    );
    assert!(run(&sim, &s, &win, "Windows", "tasklist")
        .await
        .0
        .contains("\r\ntimeout.exe "));
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_eq!(
        run(&sim, &s, &zh, "Windows", filter).await.0,
        "信息: 没有运行的任务匹配指定标准。\r\n"
    );
}

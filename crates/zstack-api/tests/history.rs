//! Command history: limits, storage format and ↑/↓ recall.

use zstack_api::history::*;

fn output(command: &str, stream: &str) -> HistoryEntry {
    HistoryEntry {
        at_ms: 1_700_000_000_000.0,
        platform: "Linux".into(),
        command: command.into(),
        timeout_secs: Some(60),
        duration_ms: Some(1234),
        outcome: Outcome::Output {
            stream: stream.into(),
            truncated: false,
        },
    }
}

fn commands(h: &[HistoryEntry]) -> Vec<&str> {
    h.iter().map(|e| e.command.as_str()).collect()
}

#[test]
fn newest_first_and_capped_by_count() {
    let limits = HistoryLimits::default();
    assert_eq!(limits.max_entries, 50);
    let mut h = Vec::new();
    for i in 0..60 {
        push(&mut h, output(&format!("echo {i}"), "x"), &limits);
    }
    assert_eq!(h.len(), 50);
    assert_eq!(h[0].command, "echo 59");
    assert_eq!(h[49].command, "echo 10");
}

#[test]
fn long_output_is_cut_and_marked() {
    let limits = HistoryLimits {
        max_output_bytes: 10,
        ..HistoryLimits::default()
    };
    let mut h = Vec::new();
    push(&mut h, output("a", "0123456789abcdef"), &limits);
    push(&mut h, output("b", "0123456789"), &limits);
    assert_eq!(
        h[1].outcome,
        Outcome::Output {
            stream: "0123456789".into(),
            truncated: true
        }
    );
    assert_eq!(
        h[0].outcome,
        Outcome::Output {
            stream: "0123456789".into(),
            truncated: false
        }
    );
}

#[test]
fn cut_never_splits_a_character() {
    // "é" is 2 bytes, "数" 3, "😀" 4: every limit lands inside one sometimes.
    let text = "aé数😀".repeat(20);
    for max in 0..text.len() + 2 {
        let limits = HistoryLimits {
            max_output_bytes: max,
            ..HistoryLimits::default()
        };
        let mut h = Vec::new();
        push(&mut h, output("x", &text), &limits);
        let Outcome::Output { stream, truncated } = &h[0].outcome else {
            panic!()
        };
        assert!(stream.len() <= max && text.starts_with(stream.as_str()));
        assert!(
            max.saturating_sub(stream.len()) < 4,
            "cut too much at {max}"
        );
        assert_eq!(*truncated, text.len() > max);
    }
}

#[test]
fn capped_by_total_size_dropping_the_oldest() {
    let big = "x".repeat(60 * 1024);
    let (big_one, small_one) = (
        entry_bytes(&output("cat 0", &big)),
        entry_bytes(&output("ls 0", "a")),
    );
    // Room for three big entries and one and a half small ones.
    let limits = HistoryLimits {
        max_entries: 50,
        max_output_bytes: 64 * 1024,
        max_total_bytes: 3 * big_one + small_one * 3 / 2,
    };
    let mut h = Vec::new();
    for i in 0..5 {
        push(&mut h, output(&format!("cat {i}"), &big), &limits);
    }
    assert_eq!(commands(&h), ["cat 4", "cat 3", "cat 2"]);
    let total: usize = h.iter().map(entry_bytes).sum();
    assert!(total <= limits.max_total_bytes);
    // Small entries after big ones push the big ones out first.
    for i in 0..3 {
        push(&mut h, output(&format!("ls {i}"), "a"), &limits);
    }
    assert_eq!(commands(&h), ["ls 2", "ls 1", "ls 0", "cat 4", "cat 3"]);
}

#[test]
fn the_newest_entry_is_kept_even_alone_over_the_limit() {
    let limits = HistoryLimits {
        max_entries: 10,
        max_output_bytes: 1024,
        max_total_bytes: 100,
    };
    let mut h = vec![output("old", "")];
    push(&mut h, output("new", &"y".repeat(1000)), &limits);
    assert_eq!(commands(&h), ["new"]);
}

#[test]
fn json_round_trip_of_every_outcome() {
    let mut failed = output("reboot", "");
    failed.outcome = Outcome::Failed {
        code: Some("SYS.1006".into()),
        headline: "An operation failed".into(),
    };
    failed.timeout_secs = None;
    let mut cancelled = output("sleep 100", "");
    cancelled.outcome = Outcome::Cancelled;
    cancelled.duration_ms = None;
    let mut no_code = output("x", "");
    no_code.outcome = Outcome::Failed {
        code: None,
        headline: "502 Bad Gateway".into(),
    };
    let list = vec![
        output(
            "echo \"hi\"\n<b>",
            "standardStream: 数据\u{1b}[31m, errorStream: ",
        ),
        failed,
        cancelled,
        no_code,
    ];
    let text = to_json(&list);
    assert_eq!(from_json(&text), list);
    assert!(!text.to_lowercase().contains("session"));
    assert!(text.contains("\"kind\":\"Cancelled\""));
}

#[test]
fn corrupt_storage_reads_as_empty_or_skips_bad_entries() {
    for bad in [
        "", "null", "{", "{}", "42", "[1,2", "\"text\"", "[[[[", "\u{0}",
    ] {
        assert_eq!(from_json(bad), Vec::new(), "{bad:?}");
    }
    let good = to_json(&[output("uptime", "up 3 days")]);
    let mixed = format!("[{{\"command\":7}}, {}, null]", &good[1..good.len() - 1]);
    assert_eq!(commands(&from_json(&mixed)), ["uptime"]);
    // Fields a later version adds are ignored; missing optional ones are fine.
    let newer = r#"[{"at_ms":1,"platform":"Windows","command":"dir","outcome":{"kind":"Cancelled"},"pinned":true}]"#;
    let read = from_json(newer);
    assert_eq!(read.len(), 1);
    assert_eq!(read[0].timeout_secs, None);
}

#[test]
fn storage_key_names_the_vm() {
    assert_eq!(
        storage_key("5ecc83bf3f5033b9b78b4f9406c01f8f"),
        "zstack.history:5ecc83bf3f5033b9b78b4f9406c01f8f"
    );
}

fn recall(cmds: &[&str]) -> Recall {
    Recall::new(cmds.iter().map(|s| s.to_string()).collect())
}

#[test]
fn recall_walks_distinct_commands_and_returns_the_draft() {
    let mut r = recall(&["ls", "df -h", "ls", "uptime", "df -h"]);
    assert_eq!(r.commands(), ["ls", "df -h", "uptime"]);
    assert_eq!(r.down(), None, "down before up does nothing");
    assert_eq!(r.up("cat /etc/o").as_deref(), Some("ls"));
    assert_eq!(r.up("ls").as_deref(), Some("df -h"));
    assert_eq!(r.up("df -h").as_deref(), Some("uptime"));
    assert_eq!(r.up("uptime"), None, "stays at the oldest");
    assert_eq!(r.down().as_deref(), Some("df -h"));
    assert_eq!(r.down().as_deref(), Some("ls"));
    assert_eq!(r.down().as_deref(), Some("cat /etc/o"));
    assert!(!r.is_recalling());
    assert_eq!(r.down(), None);
    // A second round captures the text typed since.
    assert_eq!(r.up("free -m").as_deref(), Some("ls"));
    r.reset();
    assert_eq!(r.down(), None);
    assert_eq!(r.up("").as_deref(), Some("ls"));
    assert_eq!(r.down().as_deref(), Some(""));
}

#[test]
fn recall_with_no_history_and_from_entries() {
    let mut empty = recall(&[]);
    assert_eq!(empty.up("typing"), None);
    assert_eq!(empty.down(), None);
    let h = [
        output("b", ""),
        output("a", ""),
        output("b", ""),
        output("  ", ""),
    ];
    assert_eq!(Recall::from_history(&h).commands(), ["b", "a"]);
}

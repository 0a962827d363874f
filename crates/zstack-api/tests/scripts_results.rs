//! A run's results: groups of identical VMs (odd ones first), the summary
//! counts, and the CSV and JSON downloads.

use zstack_api::scripts::*;
use zstack_api::*;

type Detail = GuestVmScriptExecutedRecordDetailInventory;

fn ran(vm: &str, status: &str, exit: i64, stdout: &str, stderr: &str) -> Detail {
    Detail {
        vm_instance_uuid: Some(vm.into()),
        vm_name: Some(vm.into()),
        status: Some(DetailStatus::from(status)),
        exit_code: Some(exit),
        stdout: Some(stdout.into()),
        stderr: Some(stderr.into()),
        ..Default::default()
    }
}

fn could_not(vm: &str, cause: &str) -> Detail {
    Detail {
        vm_instance_uuid: Some(vm.into()),
        status: Some(DetailStatus::Failed),
        err_cause: Some(cause.into()),
        ..Default::default()
    }
}

fn pending(vm: &str, status: &str) -> Detail {
    Detail {
        vm_instance_uuid: Some(vm.into()),
        status: Some(DetailStatus::from(status)),
        ..Default::default()
    }
}

fn shape(groups: &[DetailGroup]) -> Vec<(DetailGroupKind, Vec<usize>)> {
    groups.iter().map(|g| (g.kind, g.members.clone())).collect()
}

#[test]
fn odd_ones_first() {
    let details = [
        ran("a", "Completed", 0, "ok\n", ""),    // 0
        ran("b", "Completed", 0, "ok\n", ""),    // 1
        could_not("c", "agent not running"),     // 2
        ran("d", "Completed", 0, "other\n", ""), // 3
        ran("e", "Failed", 1, "", "boom"),       // 4
        pending("f", "Running"),                 // 5
        ran("g", "Completed", 0, "ok\n", ""),    // 6
        could_not("h", "agent not running"),     // 7
        could_not("i", "timeout after 60s"),     // 8
        ran("j", "Completed", 2, "ok\n", ""),    // 9: same text, other exit code
        pending("k", "Uploading"),               // 10
        Detail {
            status: None,
            ..pending("l", "x")
        }, // 11
        ran("m", "Failed", 1, "", "boom"),       // 12
        ran("n", "Completed", 0, "ok\n", "warn"), // 13: other stderr
    ];
    let groups = group_details(&details);
    use DetailGroupKind::*;
    assert_eq!(
        shape(&groups),
        [
            (CouldNotRun, vec![8]),
            (CouldNotRun, vec![2, 7]),
            (Failed, vec![4, 12]),
            (Output, vec![3]),
            (Output, vec![9]),
            (Output, vec![13]),
            (Output, vec![0, 1, 6]),
            (Pending, vec![5]),
            (Pending, vec![10]),
            (Pending, vec![11]),
        ]
    );
    let t = run_tally(&groups);
    assert_eq!(
        t,
        RunTally {
            same: 3,
            differ: 5,
            could_not_run: 3,
            pending: 3,
            failed: 2,
        }
    );
}

#[test]
fn causes_that_differ_only_by_the_vms_uuid_are_one_group() {
    let a = "fd7712231295a599852c4b50455a8554";
    let b = "0123456789ABCDEF0123456789abcdef";
    let dashed = "01234567-89ab-cdef-0123-456789abcdef";
    let details = [
        could_not(
            "a",
            &format!("vm[uuid:{a}] is not running, current state is Stopped"),
        ),
        could_not(
            "b",
            &format!("vm[uuid:{b}] is not running, current state is Stopped"),
        ),
        could_not(
            "c",
            &format!("vm[uuid:{dashed}] is not running, current state is Stopped"),
        ),
        // Another state is another reason.
        could_not(
            "d",
            &format!("vm[uuid:{a}] is not running, current state is Paused"),
        ),
    ];
    assert_eq!(
        shape(&group_details(&details)),
        vec![
            (DetailGroupKind::CouldNotRun, vec![3]),
            (DetailGroupKind::CouldNotRun, vec![0, 1, 2]),
        ]
    );
    assert_eq!(
        cause_without_uuids(&format!("qga is not running in vm[uuid:{a}]")),
        format!("qga is not running in vm[uuid:{UUID_MARK}]")
    );
    // Hex runs of other lengths are not UUIDs; text without one is borrowed.
    assert_eq!(
        cause_without_uuids("exit 0xdeadbeef, sha 0123456789abcdef0123456789abcdef01"),
        "exit 0xdeadbeef, sha 0123456789abcdef0123456789abcdef01"
    );
    assert!(matches!(
        cause_without_uuids("timeout"),
        std::borrow::Cow::Borrowed(_)
    ));
}

#[test]
fn absent_and_empty_text_group_together() {
    let mut a = ran("a", "Completed", 0, "", "");
    a.stdout = None;
    a.stderr = None;
    let b = ran("b", "Completed", 0, "", "");
    // errCause blank: it ran.
    let mut c = ran("c", "Completed", 0, "", "");
    c.err_cause = Some("   ".into());
    let groups = group_details(&[a, b, c]);
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].kind, DetailGroupKind::Output);
    assert_eq!(
        run_tally(&groups),
        RunTally {
            same: 3,
            ..Default::default()
        }
    );
}

#[test]
fn tallies_like_the_multi_vm_run() {
    let one = group_details(&[ran("a", "Completed", 0, "x", "")]);
    assert_eq!((run_tally(&one).same, run_tally(&one).differ), (1, 0));
    let all_differ = group_details(&[
        ran("a", "Completed", 0, "1", ""),
        ran("b", "Completed", 0, "2", ""),
    ]);
    assert_eq!(
        (run_tally(&all_differ).same, run_tally(&all_differ).differ),
        (0, 2)
    );
    assert_eq!(run_tally(&[]), RunTally::default());
}

#[test]
fn many_vms_group_quickly() {
    let details: Vec<Detail> = (0..2_000)
        .map(|i| match i % 100 {
            0 => could_not(&format!("vm{i}"), "agent not running"),
            1 => ran(&format!("vm{i}"), "Completed", 0, "3.10", ""),
            _ => ran(&format!("vm{i}"), "Completed", 0, &"5.14\n".repeat(200), ""),
        })
        .collect();
    let groups = group_details(&details);
    assert_eq!(groups.len(), 3);
    assert_eq!(groups[2].members.len(), 1_960);
    let t = run_tally(&groups);
    assert_eq!((t.same, t.differ, t.could_not_run), (1_960, 20, 20));
}

#[test]
fn csv_cells() {
    assert_eq!(csv_cell("plain"), "plain");
    assert_eq!(csv_cell(""), "");
    assert_eq!(csv_cell("a,b"), "\"a,b\"");
    assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
    assert_eq!(csv_cell("cr\r"), "\"cr\r\"");
    // Formula injection: defused and quoted.
    assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    for risky in ["+1", "-2", "@SUM(A1)", "\tx", "\rx"] {
        let c = csv_cell(risky);
        assert!(c.starts_with("\"'"), "{risky}: {c}");
    }
    assert_eq!(csv_cell("a=b"), "a=b");
    assert_eq!(csv_cell("中文"), "中文");
}

#[test]
fn csv_of_a_run() {
    let mut a = ran("web,01", "Completed", 0, "line 1\nline \"2\"", "");
    a.start_time = Some(Timestamp("Mar 5, 2025 2:00:01 PM".into()));
    let mut b = ran("=cmd|' /C calc'!A0", "Failed", -1, "", "错误");
    b.vm_instance_uuid = Some("u2".into());
    let c = could_not("u3", "agent not running");
    let csv = details_csv(&[a, b, c]);
    assert!(csv.starts_with('\u{feff}'));
    let expected = concat!(
        "\u{feff}vmName,vmInstanceUuid,status,exitCode,stdout,stderr,errCause,startTime,endTime\r\n",
        "\"web,01\",\"web,01\",Completed,0,\"line 1\nline \"\"2\"\"\",,,\"Mar 5, 2025 2:00:01 PM\",\r\n",
        "\"'=cmd|' /C calc'!A0\",u2,Failed,-1,,错误,,,\r\n",
        ",u3,Failed,,,,agent not running,,\r\n",
    );
    assert_eq!(csv, expected);
    assert_eq!(
        details_csv(&[]),
        format!("{UTF8_BOM}{}\r\n", CSV_COLUMNS.join(","))
    );
}

#[test]
fn json_of_a_run() {
    let record = GuestVmScriptExecutedRecordInventory {
        uuid: Some("r".into()),
        status: Some(RecordStatus::Succeed),
        version: Some(2),
        script_timeout: Some(60),
        ..Default::default()
    };
    let details = [ran("<b>vm</b>", "Completed", 0, "ok", "")];
    let text = run_json(Some(&record), &details);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["record"]["status"], "Succeed");
    // Numbers stay numbers, as ZStack sent them.
    assert_eq!(v["record"]["version"], 2);
    assert_eq!(v["record"]["scriptTimeout"], 60);
    assert_eq!(v["details"][0]["vmName"], "<b>vm</b>");
    assert_eq!(v["details"][0]["exitCode"], 0);
    let back: Vec<Detail> = serde_json::from_value(v["details"].clone()).unwrap();
    assert_eq!(back, details);
    let none: serde_json::Value = serde_json::from_str(&run_json(None, &[])).unwrap();
    assert_eq!(none, serde_json::json!({"record": null, "details": []}));
}

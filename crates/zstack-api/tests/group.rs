//! One command on many VMs: grouping, the summary counts, the scheduler.

use proptest::prelude::*;
use zstack_api::group::*;

fn out(vm: &str, s: &str) -> (String, VmRunResult) {
    (vm.into(), VmRunResult::Output(s.into()))
}

fn fail(vm: &str, code: Option<&str>, headline: &str) -> (String, VmRunResult) {
    let failed = VmRunResult::Failed {
        code: code.map(Into::into),
        headline: headline.into(),
    };
    (vm.into(), failed)
}

fn uuids(g: &Group) -> Vec<&str> {
    g.vm_uuids.iter().map(String::as_str).collect()
}

#[test]
fn identical_outputs_group_largest_first() {
    let results = [
        out("a", "Linux 5.14"),
        out("b", "Linux 3.10"),
        out("c", "Linux 5.14"),
        fail("d", Some("SYS.1006"), "An operation failed"),
        out("e", "Linux 5.14"),
        fail("f", Some("SYS.1006"), "Timed out"),
        out("g", "Linux 3.10"),
        fail("h", None, "502 Bad Gateway"),
        fail("i", None, "502 Bad Gateway"),
        fail("j", None, "504 Gateway Timeout"),
    ];
    let groups = group_results(&results);
    let keys: Vec<_> = groups.iter().map(|g| (g.key.clone(), uuids(g))).collect();
    assert_eq!(
        keys,
        [
            (GroupKey::Output("Linux 5.14".into()), vec!["a", "c", "e"]),
            (GroupKey::Output("Linux 3.10".into()), vec!["b", "g"]),
            (
                GroupKey::Error {
                    code: Some("SYS.1006".into()),
                    headline: "An operation failed".into()
                },
                vec!["d", "f"]
            ),
            (
                GroupKey::Error {
                    code: None,
                    headline: "502 Bad Gateway".into()
                },
                vec!["h", "i"]
            ),
            (
                GroupKey::Error {
                    code: None,
                    headline: "504 Gateway Timeout".into()
                },
                vec!["j"]
            ),
        ]
    );
    let counts = Tally {
        identical: 3,
        differ: 2,
        failed: 5,
    };
    assert_eq!(tally(&groups), counts);
}

#[test]
fn outputs_compare_exactly() {
    let results = [
        out("a", "ok\n"),
        out("b", "ok"),
        out("c", "OK\n"),
        out("d", "ok\r\n"),
        // An error code that reads like an output stays apart.
        fail("e", Some("ok"), "x"),
        fail("f", None, "ok"),
    ];
    let groups = group_results(&results);
    assert_eq!(groups.len(), 6);
    assert!(groups.iter().all(|g| g.vm_uuids.len() == 1));
    let order: Vec<_> = groups.iter().flat_map(|g| uuids(g)).collect();
    assert_eq!(
        order,
        ["a", "b", "c", "d", "e", "f"],
        "ties keep first appearance"
    );
}

#[test]
fn tally_holds_the_summary_counts() {
    let t = |results: &[(String, VmRunResult)]| tally(&group_results(results));
    let t3 = |identical, differ, failed| Tally {
        identical,
        differ,
        failed,
    };
    let mut mixed: Vec<_> = (0..12).map(|i| out(&i.to_string(), "same")).collect();
    mixed.push(out("x", "other"));
    mixed.push(out("y", "third"));
    mixed.push(fail("z", Some("SYS.1000"), "boom"));
    assert_eq!(t(&mixed[..12]), t3(12, 0, 0), "all the same");
    assert_eq!(t(&mixed), t3(12, 2, 1));
    // A single output is "identical" to itself; two or more that all differ are not.
    assert_eq!(t(&[out("a", "1")]), t3(1, 0, 0));
    assert_eq!(t(&[out("a", "1"), out("b", "2")]), t3(0, 2, 0));
    assert_eq!(
        t(&[out("a", "1"), out("b", "2"), out("c", "3")]),
        t3(0, 3, 0)
    );
    assert_eq!(t(&[out("a", "1"), fail("b", None, "x")]), t3(1, 0, 1));
    // Failures count whether grouped by code or by headline.
    assert_eq!(
        t(&[fail("a", None, "x"), fail("b", Some("c"), "y")]),
        t3(0, 0, 2)
    );
    assert_eq!(t(&[]), t3(0, 0, 0));
}

#[test]
fn scheduler_runs_in_order_within_the_limit() {
    let mut s = Scheduler::new(6, 4);
    let started: Vec<_> = std::iter::from_fn(|| s.next_to_start()).collect();
    assert_eq!(started, [0, 1, 2, 3]);
    assert_eq!(s.state(4), Some(ItemState::Queued));
    assert_eq!(s.state(1), Some(ItemState::Running));
    s.finished(2);
    s.finished(2); // a duplicate report changes nothing
    s.finished(5); // nor does one for an item not started
    assert_eq!(s.state(2), Some(ItemState::Done));
    assert_eq!(s.running(), 3);
    assert_eq!(s.next_to_start(), Some(4));
    assert_eq!(s.next_to_start(), None);
    for i in [0, 1, 3, 4] {
        s.finished(i);
    }
    assert!(!s.is_done());
    assert_eq!(s.next_to_start(), Some(5));
    s.finished(5);
    assert!(s.is_done());
    assert_eq!(s.done(), 6);
    assert_eq!(s.state(6), None);
}

#[test]
fn scheduler_edges() {
    let mut empty = Scheduler::new(0, 4);
    assert!(empty.is_done());
    assert_eq!(empty.next_to_start(), None);
    let mut zero = Scheduler::new(2, 0);
    assert_eq!(zero.next_to_start(), Some(0));
    assert_eq!(zero.next_to_start(), None);
}

proptest! {
    /// Whatever order the runs end in, at most `max` run at once, each item
    /// runs exactly once, and the run ends.
    #[test]
    fn scheduler_never_exceeds_the_limit(
        n in 0usize..40,
        max in 1usize..8,
        picks in proptest::collection::vec(any::<usize>(), 0..200),
    ) {
        let mut s = Scheduler::new(n, max);
        let mut running: Vec<usize> = Vec::new();
        let mut started = vec![0u32; n];
        let mut picks = picks.into_iter();
        loop {
            while let Some(i) = s.next_to_start() {
                started[i] += 1;
                running.push(i);
                prop_assert!(running.len() <= max);
                prop_assert_eq!(s.running(), running.len());
            }
            if running.is_empty() {
                break;
            }
            let k = picks.next().unwrap_or(0) % running.len();
            s.finished(running.swap_remove(k));
        }
        prop_assert!(s.is_done());
        prop_assert!(started.iter().all(|&c| c == 1));
        prop_assert!(s.states().iter().all(|&st| st == ItemState::Done));
    }
}

//! A run's VMs grouped by identical results, odd ones first.
//!
//! Not [`crate::group`]: that one groups ExecuteGuestVmCommand's raw
//! stream and puts the largest group first; a detail has five fields to
//! compare, and the run page leads with what needs a look.

use crate::models::{DetailStatus, GuestVmScriptExecutedRecordDetailInventory as Detail};
use std::{borrow::Cow, collections::HashMap};

/// What stands for a UUID in [`cause_without_uuids`].
pub const UUID_MARK: &str = "…";

/// ZStack's `errCause` with every UUID (32 hex digits, dashed or not) as
/// [`UUID_MARK`]: ZStack names the VM in it (`vm[uuid:…] is not running`),
/// and 974 VMs stopped for the same reason are one group, not 974.
pub fn cause_without_uuids(cause: &str) -> Cow<'_, str> {
    let b = cause.as_bytes();
    let is_hex = |c: u8| c.is_ascii_hexdigit();
    let mut out: Option<String> = None;
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        if !is_hex(b[i]) || (i > 0 && is_hex(b[i - 1])) {
            i += 1;
            continue;
        }
        // A run of hex digits (and dashes inside it) starting at i.
        let mut j = i;
        let mut digits = 0;
        while j < b.len() && (is_hex(b[j]) || (b[j] == b'-' && j + 1 < b.len() && is_hex(b[j + 1])))
        {
            digits += usize::from(b[j] != b'-');
            j += 1;
        }
        if digits == 32 {
            let o = out.get_or_insert_with(String::new);
            o.push_str(&cause[copied..i]);
            o.push_str(UUID_MARK);
            copied = j;
        }
        i = j.max(i + 1);
    }
    match out {
        None => Cow::Borrowed(cause),
        Some(mut o) => {
            o.push_str(&cause[copied..]);
            Cow::Owned(o)
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DetailGroupKind {
    /// ZStack could not run it here (`errCause` set): grouped by `errCause`
    /// with the UUIDs in it left out ([`cause_without_uuids`]).
    CouldNotRun,
    /// It ran and ZStack calls it failed (non-zero exit, or stderr).
    Failed,
    /// It ran: status, exit code, stdout and stderr alike.
    Output,
    /// `Uploading` or `Running` still, or no status yet.
    Pending,
}

/// VMs with identical results; `members` index the details given, in their
/// order, so the first is the group's sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailGroup {
    pub kind: DetailGroupKind,
    pub members: Vec<usize>,
}

#[derive(Hash, PartialEq, Eq)]
enum Key<'a> {
    Pending(Option<&'a str>),
    CouldNotRun(Cow<'a, str>),
    Output {
        status: Option<&'a str>,
        exit_code: Option<i64>,
        stdout: &'a str,
        stderr: &'a str,
    },
}

fn text(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or_default()
}

/// Absent and empty text compare alike: both show as nothing.
fn key(d: &Detail) -> (DetailGroupKind, Key<'_>) {
    let status = d.status.as_ref();
    if status.is_none_or(DetailStatus::is_in_flight) {
        return (
            DetailGroupKind::Pending,
            Key::Pending(status.map(DetailStatus::as_str)),
        );
    }
    let cause = text(&d.err_cause).trim();
    if !cause.is_empty() {
        return (
            DetailGroupKind::CouldNotRun,
            Key::CouldNotRun(cause_without_uuids(cause)),
        );
    }
    let kind = if status == Some(&DetailStatus::Failed) {
        DetailGroupKind::Failed
    } else {
        DetailGroupKind::Output
    };
    let k = Key::Output {
        status: status.map(DetailStatus::as_str),
        exit_code: d.exit_code,
        stdout: text(&d.stdout),
        stderr: text(&d.stderr),
    };
    (kind, k)
}

/// Groups identical results. Order: could-not-run, failed, ran, pending;
/// within each the smallest groups first (the odd ones), equal sizes in
/// order of first appearance. One pass and one sort: 2,000 VMs are cheap.
pub fn group_details(details: &[Detail]) -> Vec<DetailGroup> {
    let mut groups: Vec<DetailGroup> = Vec::new();
    let mut index: HashMap<Key<'_>, usize> = HashMap::new();
    for (i, d) in details.iter().enumerate() {
        let (kind, k) = key(d);
        let at = *index.entry(k).or_insert_with(|| {
            groups.push(DetailGroup {
                kind,
                members: Vec::new(),
            });
            groups.len() - 1
        });
        groups[at].members.push(i);
    }
    // Stable: ties keep first appearance.
    groups.sort_by_key(|g| (g.kind, g.members.len()));
    groups
}

/// The counts behind a run's summary ("118 VMs: same output", "2 differ",
/// "3 could not run"); the console words them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RunTally {
    /// VMs in the largest group that ran (failed or not), when at least two
    /// share it, or when it is the only VM that ran.
    pub same: usize,
    /// VMs that ran with another result than `same`'s.
    pub differ: usize,
    pub could_not_run: usize,
    pub pending: usize,
    /// Of `same` and `differ`, the VMs ZStack calls failed.
    pub failed: usize,
}

pub fn run_tally(groups: &[DetailGroup]) -> RunTally {
    let mut t = RunTally::default();
    let (mut ran, mut largest) = (0, 0);
    for g in groups {
        let n = g.members.len();
        match g.kind {
            DetailGroupKind::CouldNotRun => t.could_not_run += n,
            DetailGroupKind::Pending => t.pending += n,
            DetailGroupKind::Failed | DetailGroupKind::Output => {
                ran += n;
                largest = largest.max(n);
                if g.kind == DetailGroupKind::Failed {
                    t.failed += n;
                }
            }
        }
    }
    (t.same, t.differ) = match (largest, ran) {
        (0, _) => (0, 0),
        (1, 1) => (1, 0),
        // Every VM differs from every other: none is "the same".
        (1, n) => (0, n),
        (k, n) => (k, n - k),
    };
    t
}

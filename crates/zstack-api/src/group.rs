//! Running one command on many VMs: grouping their results so that the odd
//! ones out stand out, and a bounded-concurrency scheduler.

use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VmRunResult {
    /// The raw `stream`.
    Output(String),
    Failed {
        code: Option<String>,
        headline: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GroupKey {
    Output(String),
    /// For a coded error, the headline is the first one seen with that code.
    Error {
        code: Option<String>,
        headline: String,
    },
}

impl GroupKey {
    pub fn is_error(&self) -> bool {
        matches!(self, GroupKey::Error { .. })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub key: GroupKey,
    pub vm_uuids: Vec<String>,
}

/// Groups identical raw outputs (byte for byte) and failures by error code,
/// or by headline when there is no code. Largest group first; ties keep the
/// order of first appearance.
pub fn group_results(results: &[(String, VmRunResult)]) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    // Output text, or error code / headline, to its group. The tag keeps an
    // output from sharing a group with an error whose code reads the same.
    let mut index: BTreeMap<(u8, &str), usize> = BTreeMap::new();
    for (uuid, result) in results {
        let lookup = match result {
            VmRunResult::Output(s) => (0, s.as_str()),
            VmRunResult::Failed { code: Some(c), .. } => (1, c.as_str()),
            VmRunResult::Failed {
                code: None,
                headline,
            } => (2, headline.as_str()),
        };
        let at = *index.entry(lookup).or_insert_with(|| {
            groups.push(Group {
                key: match result {
                    VmRunResult::Output(s) => GroupKey::Output(s.clone()),
                    VmRunResult::Failed { code, headline } => GroupKey::Error {
                        code: code.clone(),
                        headline: headline.clone(),
                    },
                },
                vm_uuids: Vec::new(),
            });
            groups.len() - 1
        });
        groups[at].vm_uuids.push(uuid.clone());
    }
    // Stable: equal sizes stay in order of first appearance.
    groups.sort_by_key(|g| std::cmp::Reverse(g.vm_uuids.len()));
    groups
}

/// The counts behind a run's summary line (`12 identical, 2 differ, 1
/// failed`); the console words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// VMs in the largest output group, when at least two share it; 1 when
    /// the run has exactly one output.
    pub identical: usize,
    /// VMs whose output is not the largest group's.
    pub differ: usize,
    pub failed: usize,
}

/// The largest output group is "identical", other outputs "differ"; when
/// every output differs from every other, none is "identical".
pub fn tally(groups: &[Group]) -> Tally {
    let (mut largest, mut total, mut failed) = (0, 0, 0);
    for g in groups {
        let n = g.vm_uuids.len();
        if g.key.is_error() {
            failed += n;
        } else {
            total += n;
            largest = largest.max(n);
        }
    }
    let (identical, differ) = match (largest, total) {
        (0, _) => (0, 0),
        (1, 1) => (1, 0),
        (1, n) => (0, n),
        (k, n) => (k, n - k),
    };
    Tally {
        identical,
        differ,
        failed,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemState {
    Queued,
    Running,
    Done,
}

/// Which item to start next so that at most `max_parallel` run at once; the
/// caller does the running and reports each end with [`Scheduler::finished`].
#[derive(Debug, Clone)]
pub struct Scheduler {
    states: Vec<ItemState>,
    max_parallel: usize,
    running: usize,
    /// Items start in order, so everything from here on is queued.
    next: usize,
}

impl Scheduler {
    /// `max_parallel` of 0 is taken as 1, so the run always progresses.
    pub fn new(n_items: usize, max_parallel: usize) -> Scheduler {
        Scheduler {
            states: vec![ItemState::Queued; n_items],
            max_parallel: max_parallel.max(1),
            running: 0,
            next: 0,
        }
    }

    /// The next item to start, marked Running; `None` when at the limit or
    /// nothing is queued. Call until `None` after `new` and each `finished`.
    pub fn next_to_start(&mut self) -> Option<usize> {
        if self.running >= self.max_parallel || self.next >= self.states.len() {
            return None;
        }
        let i = self.next;
        self.states[i] = ItemState::Running;
        self.running += 1;
        self.next += 1;
        Some(i)
    }

    /// Marks a running item done; anything else (repeats, unknown or queued
    /// items) is ignored so that a late or duplicate report cannot break the count.
    pub fn finished(&mut self, i: usize) {
        if let Some(s @ ItemState::Running) = self.states.get_mut(i) {
            *s = ItemState::Done;
            self.running -= 1;
        }
    }

    pub fn is_done(&self) -> bool {
        self.running == 0 && self.next >= self.states.len()
    }

    pub fn state(&self, i: usize) -> Option<ItemState> {
        self.states.get(i).copied()
    }

    pub fn states(&self) -> &[ItemState] {
        &self.states
    }

    pub fn running(&self) -> usize {
        self.running
    }

    pub fn done(&self) -> usize {
        self.next - self.running
    }
}

//! A run's state machines over time: each detail follows its plan
//! (`Uploading` → `Running` → its end) and the record ends once every
//! detail has. Applied lazily, when the world is read.

use super::{Detail, Record, Scripts};
use std::time::Instant;
use zstack_api::{DetailStatus, GuestVmScriptExecutedRecordDetailInventory, RecordStatus};

pub(super) fn in_flight(d: &GuestVmScriptExecutedRecordDetailInventory) -> bool {
    d.status.as_ref().is_some_and(DetailStatus::is_in_flight)
}

impl Detail {
    fn finish(&mut self) {
        let f = &self.plan.end;
        let d = &mut self.inv;
        d.status = Some(f.status.clone());
        d.exit_code = f.exit_code;
        d.stdout = f.stdout.clone();
        d.stderr = f.stderr.clone();
        d.err_cause = f.err_cause.clone();
        d.end_time = Some(self.plan.end_ts.clone());
    }
}

impl Record {
    /// Applies every change due by `now`.
    fn advance(&mut self, now: Instant) {
        let mut next: Option<Instant> = None;
        let mut soonest = |t: Instant| next = Some(next.map_or(t, |n: Instant| n.min(t)));
        for d in self.details.iter_mut().filter(|d| in_flight(&d.inv)) {
            if d.inv.status == Some(DetailStatus::Uploading) {
                if let Some(at) = d.plan.running_at {
                    if at <= now {
                        d.inv.status = Some(DetailStatus::Running);
                    } else {
                        soonest(at);
                        continue;
                    }
                }
            }
            if d.plan.ends_at <= now {
                d.finish();
                self.unsettled -= 1;
            } else {
                soonest(d.plan.ends_at);
            }
        }
        self.next_change = next;
        if self.unsettled == 0 {
            let failed = self
                .details
                .iter()
                .any(|d| d.inv.status == Some(DetailStatus::Failed));
            self.inv.status = Some(match (self.exception, failed) {
                (true, _) => RecordStatus::Exception,
                (false, true) => RecordStatus::Failed,
                (false, false) => RecordStatus::Succeed,
            });
            self.inv.end_time = Some(self.end_ts.clone());
        }
    }

    pub fn is_running(&self) -> bool {
        self.unsettled > 0
    }
}

impl Scripts {
    /// Moves every run on to where it is at `now`; cheap when nothing is due.
    pub fn tick(&mut self, now: Instant) {
        for r in &mut self.records {
            if r.unsettled > 0 && r.next_change.is_some_and(|t| t <= now) {
                r.advance(now);
            }
        }
    }
}

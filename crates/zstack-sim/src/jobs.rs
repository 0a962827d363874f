//! Async API jobs: what `GET /api-jobs/{uuid}` answers while and after they run.

use serde_json::Value;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use zstack_api::ErrorCode;

/// ZStack keeps job results for three hours, then answers "the job has been expired".
const RETENTION: Duration = Duration::from_secs(3 * 3600);

/// What a finished job answers.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// 200 with this body.
    Done(Value),
    /// 200 with `{}` (or zero bytes).
    Empty,
    /// 503 with `{"error": ...}`.
    Failed(ErrorCode),
}

#[derive(Debug, Clone)]
pub struct Job {
    /// The API that started it (fault rules with `on_job_poll` match on it).
    pub api: &'static str,
    pub outcome: Option<Outcome>,
    pub finished: Option<Instant>,
}

#[derive(Debug, Default)]
pub struct Jobs {
    jobs: HashMap<String, Job>,
}

impl Jobs {
    /// Registers a running job; `false` if the UUID is taken (X-Job-UUID reuse).
    pub fn start(&mut self, uuid: &str, api: &'static str) -> bool {
        self.purge();
        if self.jobs.contains_key(uuid) {
            return false;
        }
        let job = Job {
            api,
            outcome: None,
            finished: None,
        };
        self.jobs.insert(uuid.to_owned(), job);
        true
    }

    pub fn finish(&mut self, uuid: &str, outcome: Outcome) {
        if let Some(job) = self.jobs.get_mut(uuid) {
            job.outcome = Some(outcome);
            job.finished = Some(Instant::now());
        }
    }

    pub fn get(&mut self, uuid: &str) -> Option<Job> {
        self.purge();
        self.jobs.get(uuid).cloned()
    }

    pub fn clear(&mut self) {
        self.jobs.clear();
    }

    fn purge(&mut self) {
        let now = Instant::now();
        self.jobs
            .retain(|_, j| j.finished.is_none_or(|f| now.duration_since(f) < RETENTION));
    }
}

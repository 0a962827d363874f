//! Async API jobs: what `GET /api-jobs/{uuid}` answers while and after they run.

use serde_json::Value;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio::task::AbortHandle;
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
    /// The task that will finish it, so that a reset can cancel it.
    task: Option<AbortHandle>,
}

/// The jobs of the current generation; a reset starts the next one.
#[derive(Debug, Default)]
pub struct Jobs {
    jobs: HashMap<String, Job>,
    generation: u64,
}

impl Jobs {
    /// Registers a running job and returns its generation; `None` if the
    /// UUID is taken (X-Job-UUID reuse).
    pub fn start(&mut self, uuid: &str, api: &'static str) -> Option<u64> {
        self.purge();
        if self.jobs.contains_key(uuid) {
            return None;
        }
        let job = Job {
            api,
            outcome: None,
            finished: None,
            task: None,
        };
        self.jobs.insert(uuid.to_owned(), job);
        Some(self.generation)
    }

    /// Remembers the task running a job; a task whose job a reset has
    /// dropped meanwhile is cancelled at once.
    pub fn set_task(&mut self, uuid: &str, generation: u64, task: AbortHandle) {
        match self.jobs.get_mut(uuid) {
            Some(job) if generation == self.generation => job.task = Some(task),
            _ => task.abort(),
        }
    }

    /// Records the outcome, unless a reset has come since the job started
    /// (the UUID may name a newer job by now).
    pub fn finish(&mut self, uuid: &str, generation: u64, outcome: Outcome) {
        if generation != self.generation {
            return;
        }
        if let Some(job) = self.jobs.get_mut(uuid) {
            job.outcome = Some(outcome);
            job.finished = Some(Instant::now());
            job.task = None;
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn get(&mut self, uuid: &str) -> Option<Job> {
        self.purge();
        self.jobs.get(uuid).cloned()
    }

    /// Forgets every job and cancels the ones still running.
    pub fn clear(&mut self) {
        self.jobs
            .drain()
            .filter_map(|(_, j)| j.task)
            .for_each(|t| t.abort());
        self.generation += 1;
    }

    fn purge(&mut self) {
        let now = Instant::now();
        self.jobs
            .retain(|_, j| j.finished.is_none_or(|f| now.duration_since(f) < RETENTION));
    }
}

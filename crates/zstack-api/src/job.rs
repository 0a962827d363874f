//! Async APIs: the 202, then polling `/api-jobs/<uuid>` until a result.
//!
//! A pure state machine: the caller owns the clock and the timer, so the same
//! code runs in the browser and under a fake clock in tests.

use crate::endpoint::{ApiRequest, Method};
use crate::error::ApiError;
use crate::reply::{decode, decode_job_poll, Reply};
use serde::de::DeserializeOwned;

/// How often to poll and how long to wait at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JobPolicy {
    /// Wait before the first poll.
    pub first_delay_ms: u64,
    /// The wait doubles after each "still running" up to this.
    pub max_delay_ms: u64,
    /// Give up once this much time has passed since the call was sent.
    pub deadline_ms: u64,
}

impl Default for JobPolicy {
    fn default() -> Self {
        JobPolicy {
            first_delay_ms: 500,
            max_delay_ms: 5_000,
            deadline_ms: 300_000,
        }
    }
}

const JOBS: &str = "/api-jobs/";

/// The poll path, relative to the API root, from a 202's `location`.
///
/// The location names the management node's own address, which the browser
/// usually cannot reach, so only `/api-jobs/<uuid>` is kept and requested
/// against the console's API root (as ZStack's Java SDK does). The job id must
/// be a plain token: a location must never steer the console to another path.
pub fn job_path(location: &str) -> Option<String> {
    let location = location.trim();
    let id = match location.find(JOBS) {
        Some(at) => &location[at + JOBS.len()..],
        None => location.strip_prefix(&JOBS[1..])?,
    };
    let id = id.split(['?', '#']).next().unwrap_or_default();
    let id = id.strip_suffix('/').unwrap_or(id);
    let plain = !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    plain.then(|| format!("{JOBS}{id}"))
}

/// The GET of a job poll. ZStack does not check Authorization here; it is sent
/// anyway, as the SDKs do.
pub fn poll_request(path: &str) -> ApiRequest {
    ApiRequest {
        method: Method::Get,
        path: path.to_owned(),
        query: Vec::new(),
        body: None,
        needs_auth: true,
        may_be_async: false,
    }
}

/// What to do next.
#[derive(Debug, Clone, PartialEq)]
pub enum JobStep<T> {
    /// Wait `delay_ms`, then GET `path` (see [`poll_request`]) and feed the answer back.
    Wait {
        delay_ms: u64,
        path: String,
    },
    Done(T),
    Failed(ApiError),
}

/// One call that may turn into a job.
#[derive(Debug, Clone)]
pub struct JobPoll {
    policy: JobPolicy,
    started_ms: u64,
    path: Option<String>,
    delay_ms: u64,
    api_timeout_ms: Option<u64>,
}

impl JobPoll {
    /// `now_ms` is when the call was sent; the deadline counts from there.
    pub fn new(policy: JobPolicy, now_ms: u64) -> Self {
        JobPoll {
            policy,
            started_ms: now_ms,
            path: None,
            delay_ms: 0,
            api_timeout_ms: None,
        }
    }

    /// Feed the API call's first response, then each poll response.
    pub fn on_response<T: DeserializeOwned>(
        &mut self,
        status: u16,
        body: &[u8],
        now_ms: u64,
    ) -> JobStep<T> {
        if self.path.is_none() {
            return match decode::<T>(status, body) {
                Ok(Reply::Done(t)) => JobStep::Done(t),
                Ok(Reply::Accepted(job)) => {
                    let location = job.location.unwrap_or_default();
                    let Some(path) = job_path(&location) else {
                        return JobStep::Failed(ApiError::Malformed {
                            status,
                            detail: format!("unusable job location {location:?}"),
                        });
                    };
                    self.path = Some(path);
                    self.api_timeout_ms = job.api_timeout;
                    self.delay_ms = self.policy.first_delay_ms.min(self.policy.max_delay_ms);
                    self.wait(now_ms)
                }
                Err(e) => JobStep::Failed(e),
            };
        }
        match decode_job_poll::<T>(status, body) {
            Ok(Reply::Done(t)) => JobStep::Done(t),
            Ok(Reply::Accepted(_)) => {
                // At least 1 ms so that a zero policy cannot spin.
                let max = self.policy.max_delay_ms.max(1);
                self.delay_ms = self.delay_ms.saturating_mul(2).clamp(1, max);
                self.wait(now_ms)
            }
            Err(e) => JobStep::Failed(e),
        }
    }

    fn wait<T>(&self, now_ms: u64) -> JobStep<T> {
        let waited_ms = now_ms.saturating_sub(self.started_ms);
        match &self.path {
            Some(path) if waited_ms.saturating_add(self.delay_ms) <= self.policy.deadline_ms => {
                JobStep::Wait {
                    delay_ms: self.delay_ms,
                    path: path.clone(),
                }
            }
            _ => JobStep::Failed(ApiError::Deadline { waited_ms }),
        }
    }

    /// The poll path, once the call answered 202.
    pub fn path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The server's own timeout for the job (`apiTimeout` of the 202), if sent.
    pub fn api_timeout_ms(&self) -> Option<u64> {
        self.api_timeout_ms
    }

    /// Time since the call was sent.
    pub fn elapsed_ms(&self, now_ms: u64) -> u64 {
        now_ms.saturating_sub(self.started_ms)
    }

    pub fn policy(&self) -> &JobPolicy {
        &self.policy
    }
}

//! Fault injection: one-shot scripted faults (`POST /_sim/faults`) and seeded
//! random API failures (`--failure-rate`, `--fail API=RATE`).

use serde::{Deserialize, Serialize};

/// A scripted fault. It answers instead of the API (or hangs, or drops the
/// connection) for the next `times` requests that match.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptedFault {
    /// An API name (`GetVmGuestToolsInfo`) or `*` for any request under /zstack.
    #[serde(default = "any_api")]
    pub api: String,
    /// Only requests with this HTTP method.
    #[serde(default)]
    pub method: Option<String>,
    /// Only requests whose path (and query) contains this text.
    #[serde(default)]
    pub path_contains: Option<String>,
    #[serde(default = "bad_gateway")]
    pub status: u16,
    #[serde(default)]
    pub body: String,
    #[serde(default = "html")]
    pub content_type: String,
    /// Wait this long before answering.
    #[serde(default)]
    pub delay_ms: u64,
    #[serde(default = "once")]
    pub times: u32,
    /// Match the job polls of `api`'s jobs instead of the API call itself.
    #[serde(default)]
    pub on_job_poll: bool,
    /// Never answer (the client's timeout must fire).
    #[serde(default)]
    pub hang: bool,
    /// Close the connection without a complete answer.
    #[serde(default)]
    pub drop: bool,
}

fn any_api() -> String {
    "*".into()
}
fn bad_gateway() -> u16 {
    502
}
fn html() -> String {
    "text/html".into()
}
fn once() -> u32 {
    1
}

/// What the request being matched is.
pub struct Target<'a> {
    /// The API name; `None` for an unknown path or a job poll.
    pub api: Option<&'a str>,
    /// For a job poll: the API that started the job.
    pub job_api: Option<&'a str>,
    pub method: &'a str,
    pub path_and_query: &'a str,
}

impl ScriptedFault {
    pub fn check(&self) -> Result<(), String> {
        if !(100..=599).contains(&self.status) {
            return Err(format!("status {} is not an HTTP status", self.status));
        }
        Ok(())
    }

    /// How the request log names the fault.
    pub fn kind(&self) -> &'static str {
        if self.hang {
            "hang"
        } else if self.drop {
            "drop"
        } else {
            "scripted"
        }
    }

    fn matches(&self, t: &Target) -> bool {
        // `*` alone matches every request, job polls included; a named API
        // matches its calls, or with `on_job_poll` the polls of its jobs.
        let api_ok = if self.on_job_poll {
            t.job_api.is_some_and(|j| self.api == "*" || self.api == j)
        } else {
            self.api == "*" || t.api.is_some_and(|a| a == self.api)
        };
        let method_ok = self
            .method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(t.method));
        let path_ok = self
            .path_contains
            .as_deref()
            .is_none_or(|p| t.path_and_query.contains(p));
        api_ok && method_ok && path_ok
    }
}

#[derive(Debug, Default)]
pub struct Faults {
    queue: Vec<ScriptedFault>,
}

impl Faults {
    pub fn push(&mut self, f: ScriptedFault) {
        if f.times > 0 {
            self.queue.push(f);
        }
    }

    pub fn clear(&mut self) {
        self.queue.clear();
    }

    pub fn list(&self) -> Vec<ScriptedFault> {
        self.queue.clone()
    }

    /// The first fault that matches, with one use consumed.
    pub fn take(&mut self, t: &Target) -> Option<ScriptedFault> {
        let at = self.queue.iter().position(|f| f.matches(t))?;
        let f = &mut self.queue[at];
        f.times -= 1;
        let hit = f.clone();
        if f.times == 0 {
            self.queue.remove(at);
        }
        Some(hit)
    }
}

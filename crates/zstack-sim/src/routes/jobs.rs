//! Async APIs answer 202 and a location; `GET /api-jobs/{uuid}` tells how the job went.

use super::{render, Ctx};
use crate::clock::random_uuid;
use crate::config::PollBody;
use crate::jobs::Outcome;
use crate::reply::{errors, json_response, raw_response, text_response, Fail, JSON};
use crate::state::{lock, Shared};
use crate::world::World;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;
use std::future::Future;
use std::sync::MutexGuard;
use std::time::Duration;
use zstack_api::ErrorCode;

const JOB_UUID_HEADER: &str = "x-job-uuid";
const API_TIMEOUT_HEADER: &str = "x-api-timeout";

fn location(sim: &Shared, uuid: &str) -> String {
    let mn = sim.config.mn_address.trim_end_matches('/');
    format!("{mn}/zstack/v1/api-jobs/{uuid}")
}

/// What a job's work gets: the server, and the world as long as no reset has
/// replaced it since the job started.
pub struct Running {
    pub sim: Shared,
    generation: u64,
}

impl Running {
    pub fn world(&self) -> Result<MutexGuard<'_, World>, ErrorCode> {
        self.sim.job_world(self.generation)
    }
}

/// Starts an async API: checks the header and session as ZStack does (a dead
/// session fails the *job*, not the call), then runs `work` after the
/// configured job duration. `work` returns the job's result.
pub fn accept<W, F>(ctx: &Ctx, work: W) -> Result<Response, Fail>
where
    W: FnOnce(Running) -> F + Send + 'static,
    F: Future<Output = Result<Outcome, ErrorCode>> + Send + 'static,
{
    start(ctx, true, move |running, _| work(running))
}

/// [`accept`] for an API that reports an injected failure itself (inside
/// its work, e.g. a run that ends `Exception`) instead of failing the job.
pub fn accept_with_injected<W, F>(ctx: &Ctx, work: W) -> Result<Response, Fail>
where
    W: FnOnce(Running, Option<ErrorCode>) -> F + Send + 'static,
    F: Future<Output = Result<Outcome, ErrorCode>> + Send + 'static,
{
    start(ctx, false, work)
}

fn start<W, F>(ctx: &Ctx, injected_fails_job: bool, work: W) -> Result<Response, Fail>
where
    W: FnOnce(Running, Option<ErrorCode>) -> F + Send + 'static,
    F: Future<Output = Result<Outcome, ErrorCode>> + Send + 'static,
{
    let session = ctx.session_header()?;
    let uuid = match ctx.headers.get(JOB_UUID_HEADER) {
        // RestServer checks only the length.
        Some(v) if v.len() == 32 => String::from_utf8_lossy(v.as_bytes()).to_lowercase(),
        Some(_) => {
            return Err(Fail::bad_request(
                "Invalid header[X-Job-UUID], it must be a UUID with '-' stripped",
            ))
        }
        None => random_uuid(),
    };
    let sim = ctx.sim.clone();
    let api_timeout_ms = ctx
        .headers
        .get(API_TIMEOUT_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|secs| secs.saturating_mul(1000))
        .unwrap_or(sim.config.api_timeout_ms);
    let accepted = json_response(
        StatusCode::ACCEPTED,
        &json!({ "location": location(&sim, &uuid), "apiTimeout": api_timeout_ms }),
    );
    // A reused X-Job-UUID names the job already running: answer it again.
    let Some(generation) = lock(&sim.jobs).start(&uuid, ctx.api.name()) else {
        return Ok(accepted);
    };
    let early = if !sim.session_valid(&session) {
        Some(errors::invalid_session())
    } else if injected_fails_job {
        ctx.injected.clone()
    } else {
        None
    };
    let injected = ctx.injected.clone();
    if let Some(e) = early {
        lock(&sim.jobs).finish(&uuid, generation, Outcome::Failed(e));
        return Ok(accepted);
    }
    let delay = Duration::from_millis(sim.runtime().job_duration_ms);
    let running = Running {
        sim: sim.clone(),
        generation,
    };
    let job = uuid.clone();
    let task = tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        let sim = running.sim.clone();
        let outcome = work(running, injected)
            .await
            .unwrap_or_else(Outcome::Failed);
        lock(&sim.jobs).finish(&job, generation, outcome);
    });
    lock(&sim.jobs).set_task(&uuid, generation, task.abort_handle());
    Ok(accepted)
}

/// `GET /api-jobs/{uuid}`: 202 while running, 200 and the result, 503 and
/// the error, or 404 plain text once unknown or expired.
pub fn poll(ctx: &Ctx, uuid: &str) -> Response {
    let job = lock(&ctx.sim.jobs).get(uuid);
    let rt = ctx.sim.runtime();
    match job {
        None => text_response(StatusCode::NOT_FOUND, "the job has been expired"),
        Some(job) => match job.outcome {
            Some(outcome) => render(outcome, &rt),
            None => match rt.poll_body {
                PollBody::Braces => raw_response(StatusCode::ACCEPTED, JSON, "{}"),
                PollBody::Empty => raw_response(StatusCode::ACCEPTED, JSON, ""),
                PollBody::Location => json_response(
                    StatusCode::ACCEPTED,
                    &json!({ "location": location(&ctx.sim, uuid) }),
                ),
            },
        },
    }
}

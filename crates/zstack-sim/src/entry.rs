//! The front door of `/zstack`: what every request goes through before its
//! API, as tower layers (outermost first): [`resolve`] reads the body and finds the API, [`log`]
//! records the request, [`latency`] waits, [`faults`] lets a scripted fault
//! answer instead or draws a random failure for the API to report.

use crate::faults::{ScriptedFault, Target};
use crate::reply::{errors, raw_response, text_response, Fail};
use crate::reqlog::Entry;
use crate::router::{resolve as resolve_api, url_decode, Api, Release};
use crate::state::{lock, Shared};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use rand::Rng;
use serde_json::Value;
use std::time::{Duration, Instant};
use zstack_api::ErrorCode;

/// Large enough for a 65,536-character command in any script.
const BODY_LIMIT: usize = 4 << 20;
/// How long a `hang` fault keeps the request open.
const HANG: Duration = Duration::from_secs(3600);

/// The request as [`resolve`] understood it (a request extension).
#[derive(Clone)]
pub struct Call {
    /// The API, or the REST layer's plain-text refusal (404, 405, 400).
    pub route: Result<Api, Fail>,
    /// The JSON body: `Ok(None)` when empty, `Err` when it is not JSON.
    pub body: Result<Option<Value>, String>,
}

/// A random failure drawn for this call (`--failure-rate`, `--fail`), for
/// the API to report where ZStack would (a request extension).
#[derive(Clone)]
pub struct Injected(pub ErrorCode);

/// Which fault answered, for the log (a response extension).
#[derive(Clone, Copy)]
struct FaultKind(&'static str);

/// Reads the body (an action's body names its API) and resolves the path
/// (with the API table of the release the server acts as).
pub async fn resolve(State(sim): State<Shared>, req: Request, next: Next) -> Response {
    let (mut parts, body) = req.into_parts();
    let body = match to_bytes(body, BODY_LIMIT).await {
        Err(e) => Err(e.to_string()),
        Ok(b) if b.iter().all(u8::is_ascii_whitespace) => Ok(None),
        Ok(b) => serde_json::from_slice(&b)
            .map(Some)
            .map_err(|e| e.to_string()),
    };
    let path = parts.uri.path();
    let rel = url_decode(path.strip_prefix("/zstack").unwrap_or(path));
    let json = body.as_ref().ok().and_then(Option::as_ref);
    let release = if sim.runtime().old_release {
        Release::Old
    } else {
        Release::Current
    };
    let route = resolve_api(&parts.method, &rel, path, json, release);
    parts.extensions.insert(Call { route, body });
    next.run(Request::from_parts(parts, Body::empty())).await
}

fn call(req: &Request) -> Option<&Call> {
    req.extensions().get::<Call>()
}

/// Writes the request to `/_sim/requests` and to `tracing` (never a token).
pub async fn log(State(sim): State<Shared>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let has_auth = req.headers().contains_key(header::AUTHORIZATION);
    let api = call(&req)
        .and_then(|c| c.route.as_ref().ok())
        .map(Api::name);
    let id = lock(&sim.log).begin(Entry {
        id: 0,
        method: method.to_string(),
        path: path.clone(),
        query: req.uri().query().map(str::to_owned),
        api: api.map(String::from),
        status: None,
        time_ms: sim.uptime_ms(),
        duration_ms: None,
        has_auth,
        fault: None,
    });

    let rsp = next.run(req).await;

    let status = rsp.status().as_u16();
    let ms = started.elapsed().as_millis() as u64;
    let fault = rsp.extensions().get::<FaultKind>().map(|f| f.0);
    let dropped = fault == Some("drop");
    lock(&sim.log).update(id, |e| {
        e.status = (!dropped).then_some(status);
        e.duration_ms = Some(ms);
        e.fault = fault.map(String::from);
    });
    tracing::info!(
        method = %method,
        path = %path,
        api = api.unwrap_or("-"),
        status = if dropped { 0 } else { status },
        ms,
        has_auth,
        fault = fault.unwrap_or("-"),
        "request"
    );
    rsp
}

/// `--latency-ms` plus up to `--jitter-ms` (drawn from the seeded generator).
pub async fn latency(State(sim): State<Shared>, req: Request, next: Next) -> Response {
    let rt = sim.runtime();
    let jitter = if rt.jitter_ms > 0 {
        lock(&sim.rng).gen_range(0..=rt.jitter_ms)
    } else {
        0
    };
    let delay = rt.latency_ms.saturating_add(jitter);
    if delay > 0 {
        tokio::time::sleep(Duration::from_millis(delay)).await;
    }
    next.run(req).await
}

/// A scripted fault answers instead of anything else (unknown paths too); a
/// known API other than a job poll may draw a random failure.
pub async fn faults(State(sim): State<Shared>, mut req: Request, next: Next) -> Response {
    let api = call(&req).and_then(|c| c.route.as_ref().ok());
    let poll = match api {
        Some(Api::JobPoll { uuid }) => Some(lock(&sim.jobs).get(uuid).map(|j| j.api)),
        _ => None,
    };
    let target = Target {
        api: api.filter(|_| poll.is_none()).map(Api::name),
        job_api: poll.flatten(),
        method: req.method().as_str(),
        path_and_query: req.uri().path_and_query().map_or("", |p| p.as_str()),
    };
    let scripted = lock(&sim.faults).take(&target);
    if let Some(f) = scripted {
        let kind = f.kind();
        let mut rsp = apply(f).await;
        rsp.extensions_mut().insert(FaultKind(kind));
        return rsp;
    }

    let name = api.filter(|_| poll.is_none()).map(Api::name);
    let rate = name.map_or(0.0, |n| sim.runtime().failure_rate_for(n));
    let drawn = rate > 0.0 && lock(&sim.rng).gen::<f64>() < rate;
    if let Some(name) = name.filter(|_| drawn) {
        let e = errors::internal(&format!(
            "injected failure of {name} (zstack-sim failure rate {rate})"
        ));
        req.extensions_mut().insert(Injected(e));
    }
    let mut rsp = next.run(req).await;
    if drawn {
        rsp.extensions_mut().insert(FaultKind("random"));
    }
    rsp
}

/// What a scripted fault answers.
async fn apply(f: ScriptedFault) -> Response {
    if f.delay_ms > 0 {
        tokio::time::sleep(Duration::from_millis(f.delay_ms)).await;
    }
    if f.hang {
        tokio::time::sleep(HANG).await;
        return text_response(StatusCode::GATEWAY_TIMEOUT, "hung by zstack-sim");
    }
    if f.drop {
        // A body that fails at once makes hyper abort the connection.
        let failing = futures_util::stream::once(async {
            Err::<bytes::Bytes, std::io::Error>(std::io::Error::new(
                std::io::ErrorKind::ConnectionAborted,
                "dropped by zstack-sim",
            ))
        });
        return raw_response(StatusCode::OK, "text/plain", Body::from_stream(failing));
    }
    let status = StatusCode::from_u16(f.status).unwrap_or(StatusCode::BAD_GATEWAY);
    raw_response(status, &f.content_type, f.body)
}

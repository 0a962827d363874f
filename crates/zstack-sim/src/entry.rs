//! The front door of `/zstack/...`: logs the request, adds latency, lets a
//! scripted or random fault answer instead, then dispatches to the API.

use crate::faults::{ScriptedFault, Target};
use crate::reply::{errors, raw_response, text_response};
use crate::reqlog::Entry;
use crate::router::{resolve, url_decode, Api};
use crate::routes::{dispatch, Ctx};
use crate::state::{lock, Shared};
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::response::Response;
use rand::Rng;
use serde_json::Value;
use std::time::{Duration, Instant};

/// Large enough for a 65,536-character command in any script.
const BODY_LIMIT: usize = 4 << 20;
/// How long a `hang` fault keeps the request open.
const HANG: Duration = Duration::from_secs(3600);

pub async fn handle(State(sim): State<Shared>, req: Request) -> Response {
    let started = Instant::now();
    let (parts, body) = req.into_parts();
    let method = parts.method.clone();
    let raw_path = parts.uri.path().to_owned();
    let raw_query = parts.uri.query().map(str::to_owned);
    let has_auth = parts.headers.contains_key(header::AUTHORIZATION);

    let bytes = to_bytes(body, BODY_LIMIT).await;
    let body: Result<Option<Value>, String> = match &bytes {
        Err(e) => Err(e.to_string()),
        Ok(b) if b.iter().all(u8::is_ascii_whitespace) => Ok(None),
        Ok(b) => serde_json::from_slice(b)
            .map(Some)
            .map_err(|e| e.to_string()),
    };
    let rel = url_decode(raw_path.strip_prefix("/zstack").unwrap_or(&raw_path));
    let route = resolve(
        &method,
        &rel,
        &raw_path,
        body.as_ref().ok().and_then(Option::as_ref),
    );
    let api = route.as_ref().ok().cloned();
    let api_label = api.as_ref().map(Api::name);
    let job_api = match &api {
        Some(Api::JobPoll { uuid }) => lock(&sim.jobs).get(uuid).map(|j| j.api),
        _ => None,
    };

    let log_id = lock(&sim.log).begin(Entry {
        id: 0,
        method: method.to_string(),
        path: raw_path.clone(),
        query: raw_query.clone(),
        api: api_label.map(String::from),
        status: None,
        time_ms: sim.uptime_ms(),
        duration_ms: None,
        has_auth,
        fault: None,
    });

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

    let path_and_query = match &raw_query {
        Some(q) => format!("{raw_path}?{q}"),
        None => raw_path.clone(),
    };
    let is_poll = matches!(api, Some(Api::JobPoll { .. }));
    let target = Target {
        api: api.as_ref().filter(|_| !is_poll).map(Api::name),
        job_api,
        method: method.as_str(),
        path_and_query: &path_and_query,
    };
    let scripted = lock(&sim.faults).take(&target);

    let (rsp, fault) = match (scripted, route) {
        (Some(f), _) => {
            let kind = if f.hang {
                "hang"
            } else if f.drop {
                "drop"
            } else {
                "scripted"
            };
            (apply(f).await, Some(kind))
        }
        (None, Err(fail)) => (fail.into_response(), None),
        (None, Ok(api)) => {
            let rate = if is_poll {
                0.0
            } else {
                rt.failure_rate_for(api.name())
            };
            let injected = (rate > 0.0 && lock(&sim.rng).gen::<f64>() < rate).then(|| {
                errors::internal(&format!(
                    "injected failure of {} (zstack-sim failure rate {rate})",
                    api.name()
                ))
            });
            let fault = injected.as_ref().map(|_| "random");
            let query = raw_query
                .as_deref()
                .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
                .unwrap_or_default();
            let ctx = Ctx {
                sim: sim.clone(),
                api,
                headers: parts.headers,
                query,
                body,
                injected,
            };
            (dispatch(ctx).await, fault)
        }
    };

    let status = rsp.status().as_u16();
    let ms = started.elapsed().as_millis() as u64;
    let dropped = fault == Some("drop");
    lock(&sim.log).update(log_id, |e| {
        e.status = (!dropped).then_some(status);
        e.duration_ms = Some(ms);
        e.fault = fault.map(String::from);
    });
    tracing::info!(
        method = %method,
        path = %raw_path,
        api = api_label.unwrap_or("-"),
        status = if dropped { 0 } else { status },
        ms,
        has_auth,
        fault = fault.unwrap_or("-"),
        "request"
    );
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

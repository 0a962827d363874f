//! The browser transport: executes `zstack-api` request descriptions with
//! gloo-net, adds the session, enforces timeouts with an AbortController,
//! follows async jobs on our own API root, and drops a dead session.

use crate::{config::api_root, session};
use gloo_net::http::Request;
use gloo_storage::Storage;
use gloo_timers::callback::Timeout;
use std::{
    cell::{Cell, RefCell},
    rc::Rc,
};
use wasm_bindgen::JsCast;
use web_sys::{AbortController, AbortSignal};
use zstack_api::{
    job::poll_request, ApiError, ApiRequest, Endpoint, JobPolicy, JobPoll, JobStep, Method,
};

/// Every request gives up after this long without an answer.
pub const REQUEST_TIMEOUT_MS: u32 = 30_000;

/// [`REQUEST_TIMEOUT_MS`], unless a test or a demo sets another (localStorage
/// `zstack.requestTimeoutMs`, as guest_tools/refresh.rs reads `zstack.toolsRefreshSeconds`).
pub fn request_timeout_ms() -> u32 {
    gloo_storage::LocalStorage::get::<u32>("zstack.requestTimeoutMs")
        .ok()
        .filter(|ms| *ms > 0)
        .unwrap_or(REQUEST_TIMEOUT_MS)
}

/// How a call waits.
#[derive(Clone, Default)]
pub struct CallOptions {
    /// Per-request timeout (default [`request_timeout_ms`]).
    pub timeout_ms: Option<u32>,
    /// How long to follow an async job (default: the job policy's).
    pub job_deadline_ms: Option<u64>,
    /// Lets the user stop waiting.
    pub cancel: Option<Cancel>,
}

/// A handle the UI keeps to stop waiting for a call: cancelling aborts the
/// request in flight at once and stops any job polling.
#[derive(Clone, Default)]
pub struct Cancel(Rc<CancelState>);

#[derive(Default)]
struct CancelState {
    cancelled: Cell<bool>,
    in_flight: RefCell<Option<AbortController>>,
}

impl Cancel {
    pub fn cancel(&self) {
        self.0.cancelled.set(true);
        if let Some(c) = self.0.in_flight.borrow_mut().take() {
            c.abort();
        }
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.cancelled.get()
    }
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Calls an API and, when it answers 202, follows its job to the end.
pub async fn call<E: Endpoint>(endpoint: &E) -> Result<E::Reply, ApiError> {
    call_with(endpoint, CallOptions::default()).await
}

pub async fn call_with<E: Endpoint>(endpoint: &E, opts: CallOptions) -> Result<E::Reply, ApiError> {
    let result = run::<E>(endpoint.request(), &opts).await;
    if let Err(e) = &result {
        if e.is_session_invalid() {
            session::end();
        }
    }
    result
}

async fn run<E: Endpoint>(req: ApiRequest, opts: &CallOptions) -> Result<E::Reply, ApiError> {
    let auth = if req.needs_auth {
        match session::usable(now_ms()) {
            Some(s) => Some(s.uuid),
            // Known dead before the server says so: same path as ID.1001.
            None => return Err(ApiError::SessionInvalid(expired_locally())),
        }
    } else {
        None
    };
    let mut policy = JobPolicy::default();
    if let Some(d) = opts.job_deadline_ms {
        policy.deadline_ms = d;
    }
    let mut job = JobPoll::new(policy, now_ms() as u64);
    let (mut status, mut body) = send(&req, auth.as_deref(), opts).await?;
    loop {
        match job.on_response::<E::Reply>(status, &body, now_ms() as u64) {
            JobStep::Done(reply) => return Ok(reply),
            JobStep::Failed(e) => return Err(e),
            JobStep::Wait { delay_ms, path } => {
                sleep_unless_cancelled(delay_ms, opts.cancel.as_ref()).await?;
                (status, body) = send(&poll_request(&path), auth.as_deref(), opts).await?;
            }
        }
    }
}

fn expired_locally() -> zstack_api::ErrorCode {
    zstack_api::ErrorCode::new(
        "ID.1001",
        "The session has expired",
        "The session's expiry date has passed; sign in again",
    )
}

async fn sleep_unless_cancelled(ms: u64, cancel: Option<&Cancel>) -> Result<(), ApiError> {
    // Sleep in short steps so "stop waiting" answers promptly.
    let mut left = ms;
    while left > 0 {
        if cancel.is_some_and(Cancel::is_cancelled) {
            return Err(ApiError::Aborted);
        }
        let step = left.min(200);
        gloo_timers::future::TimeoutFuture::new(step as u32).await;
        left -= step;
    }
    match cancel.is_some_and(Cancel::is_cancelled) {
        true => Err(ApiError::Aborted),
        false => Ok(()),
    }
}

/// Aborts the fetch if the future is dropped (navigation away, a newer search).
struct AbortOnDrop {
    controller: AbortController,
    armed: bool,
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if self.armed {
            self.controller.abort();
        }
    }
}

async fn send(
    req: &ApiRequest,
    auth: Option<&str>,
    opts: &CallOptions,
) -> Result<(u16, Vec<u8>), ApiError> {
    if opts.cancel.as_ref().is_some_and(Cancel::is_cancelled) {
        return Err(ApiError::Aborted);
    }
    // `url` is always under our own API root, so the token stays on this origin.
    let url = req.url(&api_root());
    // An answer boot.js started before the wasm ran is this very request.
    let prefetched = match req.method {
        Method::Get => crate::prefetch::take(&url, auth),
        _ => None,
    };
    let controller = match &prefetched {
        Some(p) => p.controller.clone(),
        None => AbortController::new()
            .map_err(|_| ApiError::Network("AbortController unavailable".into()))?,
    };
    let signal = controller.signal();
    let mut guard = AbortOnDrop {
        controller,
        armed: true,
    };
    let timeout_ms = opts.timeout_ms.unwrap_or_else(request_timeout_ms);
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let (flag, c) = (timed_out.clone(), guard.controller.clone());
        Timeout::new(timeout_ms, move || {
            flag.set(true);
            c.abort();
        })
    };
    if let Some(cancel) = &opts.cancel {
        *cancel.0.in_flight.borrow_mut() = Some(guard.controller.clone());
    }
    let outcome = match prefetched {
        Some(p) => taken(p.answer).await,
        None => fetch(req, &url, auth, &signal).await,
    };
    drop(timer);
    if let Some(cancel) = &opts.cancel {
        cancel.0.in_flight.borrow_mut().take();
    }
    guard.armed = false; // finished: nothing to abort
    match outcome {
        Ok(r) => Ok(r),
        Err(_) if timed_out.get() => Err(ApiError::TimedOut {
            after_ms: u64::from(timeout_ms),
        }),
        Err(_) if opts.cancel.as_ref().is_some_and(Cancel::is_cancelled) => Err(ApiError::Aborted),
        Err(e) => Err(e),
    }
}

async fn fetch(
    req: &ApiRequest,
    url: &str,
    auth: Option<&str>,
    signal: &AbortSignal,
) -> Result<(u16, Vec<u8>), ApiError> {
    // Built as a web_sys::Request: gloo's builder re-serialises a URL that
    // already has a query (adding a stray `&`), and ours is encoded already.
    let js = |e: wasm_bindgen::JsValue| ApiError::Network(format!("{e:?}"));
    let headers = web_sys::Headers::new().map_err(js)?;
    headers.set("Accept", "application/json").map_err(js)?;
    if let Some(uuid) = auth {
        headers
            .set("Authorization", &format!("OAuth {uuid}"))
            .map_err(js)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(req.method.as_str());
    init.set_signal(Some(signal));
    if let Some(body) = &req.body {
        headers
            .set("Content-Type", "application/json;charset=UTF-8")
            .map_err(js)?;
        init.set_body(&wasm_bindgen::JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let request = Request::from(web_sys::Request::new_with_str_and_init(url, &init).map_err(js)?);
    let response = request.send().await.map_err(network_error)?;
    read(response).await
}

/// A fetch boot.js started and whose body it read (see `crate::prefetch`).
async fn taken(answer: js_sys::Promise) -> Result<(u16, Vec<u8>), ApiError> {
    let answer = wasm_bindgen_futures::JsFuture::from(answer)
        .await
        .map_err(|e| {
            // What gloo-net says for its own fetches: the JS error's message.
            ApiError::Network(match e.dyn_ref::<js_sys::Error>() {
                Some(err) => err.message().into(),
                None => format!("{e:?}"),
            })
        })?;
    let answer = js_sys::Array::from(&answer);
    let status = answer.get(0).as_f64().unwrap_or(0.0) as u16;
    let body = js_sys::Uint8Array::new(&answer.get(1)).to_vec();
    Ok((status, body))
}

async fn read(response: gloo_net::http::Response) -> Result<(u16, Vec<u8>), ApiError> {
    let status = response.status();
    let body = response.binary().await.map_err(network_error)?;
    Ok((status, body))
}

fn network_error(e: gloo_net::Error) -> ApiError {
    ApiError::Network(match e {
        gloo_net::Error::JsError(js) => js.message,
        other => other.to_string(),
    })
}

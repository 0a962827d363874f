//! The APIs: what each one checks, changes and answers.

mod auth;
mod exec;
mod iso;
pub mod jobs;
mod lifecycle;
mod project;
mod query;
mod query_cond;
mod scripts;
mod tools;
mod vm;

use crate::config::Runtime;
use crate::entry::{Call, Injected};
use crate::jobs::Outcome;
use crate::reply::{empty_response, errors, json_response, Fail};
use crate::router::Api;
use crate::state::Shared;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use zstack_api::ErrorCode;

/// One request, resolved to its API.
pub struct Ctx {
    pub sim: Shared,
    pub api: Api,
    pub headers: HeaderMap,
    /// Decoded query-string pairs, in order; keys may repeat.
    pub query: Vec<(String, String)>,
    /// The JSON body: `Ok(None)` when empty, `Err` when it is not JSON.
    pub body: Result<Option<Value>, String>,
    /// A random failure drawn for this call (`--failure-rate`, `--fail`).
    pub injected: Option<ErrorCode>,
}

/// What a synchronous API answers.
pub type SyncResult = Result<Outcome, Fail>;

/// Built from what the layers left on the request; a path that names no API
/// is refused here, with the REST layer's plain-text answer.
impl FromRequestParts<Shared> for Ctx {
    type Rejection = Fail;

    async fn from_request_parts(parts: &mut Parts, sim: &Shared) -> Result<Self, Fail> {
        let Call { route, body } = parts.extensions.remove::<Call>().ok_or_else(|| {
            Fail::Rest(
                StatusCode::INTERNAL_SERVER_ERROR,
                "zstack-sim: the resolve layer did not run".into(),
            )
        })?;
        let query = parts
            .uri
            .query()
            .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
            .unwrap_or_default();
        Ok(Ctx {
            sim: sim.clone(),
            api: route?,
            headers: std::mem::take(&mut parts.headers),
            query,
            body,
            injected: parts.extensions.remove::<Injected>().map(|i| i.0),
        })
    }
}

impl Ctx {
    /// The session named by `Authorization: OAuth <uuid>`, as RestServer reads it.
    pub fn session_header(&self) -> Result<String, Fail> {
        let raw = self
            .headers
            .get(header::AUTHORIZATION)
            .ok_or_else(|| Fail::bad_request("missing header 'Authorization'"))?;
        let text = String::from_utf8_lossy(raw.as_bytes());
        let text = text.trim();
        match text.strip_prefix("OAuth") {
            Some(rest) => Ok(rest.trim().to_owned()),
            None => Err(Fail::bad_request("Authorization type must be 'OAuth'")),
        }
    }

    /// For a synchronous API that needs a session: header, live session, and
    /// then any injected failure.
    pub fn authorize(&self) -> Result<(), Fail> {
        let session = self.session_header()?;
        if !self.sim.session_valid(&session) {
            return Err(errors::invalid_session().into());
        }
        self.injected_failure()
    }

    pub fn injected_failure(&self) -> Result<(), Fail> {
        match &self.injected {
            Some(e) => Err(e.clone().into()),
            None => Ok(()),
        }
    }

    /// The body's `key` member (`{"logInByAccount": {...}}`); a body that is not
    /// JSON is a 400.
    pub fn param(&self, key: &str) -> Result<Option<&Value>, Fail> {
        match &self.body {
            Err(e) => Err(Fail::bad_request(format!(
                "the body is not valid JSON: {e}"
            ))),
            Ok(None) => Ok(None),
            Ok(Some(v)) => Ok(v.get(key).filter(|p| !p.is_null())),
        }
    }

    /// The first value of a query-string parameter.
    pub fn query_value(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// A reply body as this release writes it: a release before `occupant`
/// (`--old-release`) has no such member in any CD-ROM drive.
pub fn release_body(mut v: Value, rt: &Runtime) -> Value {
    fn drop_occupant(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("occupant");
                m.values_mut().for_each(drop_occupant);
            }
            Value::Array(items) => items.iter_mut().for_each(drop_occupant),
            _ => {}
        }
    }
    if rt.old_release {
        drop_occupant(&mut v);
    }
    v
}

/// Writes a successful outcome (`{}` may go out as zero bytes, see `--empty-body`).
pub fn render(outcome: Outcome, rt: &Runtime) -> Response {
    match outcome {
        Outcome::Done(v) => json_response(StatusCode::OK, &release_body(v, rt)),
        Outcome::Empty => empty_response(StatusCode::OK, rt.empty_body),
        Outcome::Failed(e) => Fail::Api(e).into_response(),
    }
}

/// The handler of every `/zstack` path: the API's own checks and answer.
pub async fn dispatch(ctx: Ctx) -> Result<Response, Fail> {
    let outcome = match &ctx.api {
        Api::JobPoll { uuid } => return Ok(jobs::poll(&ctx, uuid)),
        Api::AttachGuestToolsIsoToVm { vm } => return tools::attach_iso(&ctx, vm),
        Api::AttachIsoToVmInstance { vm, iso } => return iso::attach(&ctx, vm, iso),
        Api::DetachIsoFromVmInstance { vm } => return iso::detach(&ctx, vm),
        Api::ExecuteGuestVmCommand => return exec::execute(&ctx).await,
        Api::DetachGuestToolsIsoFromVm { vm } => return lifecycle::detach_tools_iso(&ctx, vm),
        Api::SetVmQga { vm } => return lifecycle::set_qga(&ctx, vm),
        Api::CreateGuestVmScript => return scripts::create(&ctx),
        Api::UpdateGuestVmScript { uuid } => return scripts::update(&ctx, uuid),
        Api::ExecuteGuestVmScript { uuid } => return scripts::execute(&ctx, uuid),
        Api::DeleteGuestVmScript { uuid } => return scripts::delete(&ctx, uuid),
        Api::QueryGuestVmScript { uuid } => scripts::query_scripts(&ctx, uuid.as_deref())?,
        Api::QueryGuestVmScriptExecutedRecord { uuid } => {
            scripts::query_records(&ctx, uuid.as_deref())?
        }
        Api::QueryGuestVmScriptExecutedRecordDetail => scripts::query_details(&ctx)?,
        Api::LogInByAccount => auth::login(&ctx)?,
        Api::LogOut { session } => auth::logout(&ctx, session)?,
        Api::ValidateSession { session } => auth::validate(&ctx, session)?,
        Api::QueryVmInstance { uuid } => vm::query(&ctx, uuid.as_deref())?,
        Api::QueryImage { uuid } => iso::query(&ctx, uuid.as_deref())?,
        Api::QueryGuestToolsState => tools::query(&ctx)?,
        Api::GetVmGuestToolsInfo { uuid } => tools::info(&ctx, uuid)?,
        Api::UpdateGuestToolsState { vm } => tools::update_state(&ctx, vm)?,
        Api::GetCandidateIsoForAttachingVm { vm } => iso::candidates(&ctx, vm)?,
        Api::GetLatestGuestToolsForVm { uuid } => lifecycle::latest(&ctx, uuid)?,
        Api::GetVmQga { uuid } => lifecycle::get_qga(&ctx, uuid)?,
        Api::QueryVmCdRom { uuid } => lifecycle::query_cdroms(&ctx, uuid.as_deref())?,
    };
    Ok(render(outcome, &ctx.sim.runtime()))
}

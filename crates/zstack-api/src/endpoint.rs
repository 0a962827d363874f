//! Every ZStack API the console calls: method, path, query and body, built
//! without any transport so they are checked natively against the vendor pages.

use crate::auth::hash_password;
use crate::models::{
    EmptyReply, ExecReply, GuestToolsStateQueryReply, GuestToolsStateReply, ImageQueryReply,
    IsoCandidatesReply, Platform, SessionReply, ValidSessionReply, VmGuestToolsInfo,
    VmInventoryReply, VmQueryReply,
};
use crate::query::{Op, Query};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
}

impl Method {
    pub fn as_str(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One HTTP request, relative to the API root (`/zstack/v1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiRequest {
    pub method: Method,
    /// Starts with `/`; path parameters already percent-escaped; no query.
    pub path: String,
    /// Unencoded pairs; a key may repeat (`q=a&q=b`).
    pub query: Vec<(String, String)>,
    /// JSON text; `None` for GET and DELETE.
    pub body: Option<String>,
    /// Whether to send `Authorization: OAuth <session>`.
    pub needs_auth: bool,
    /// Whether the answer may be `202` and a job to poll.
    pub may_be_async: bool,
}

impl ApiRequest {
    fn new(method: Method, path: String) -> Self {
        ApiRequest {
            method,
            path,
            query: Vec::new(),
            body: None,
            needs_auth: true,
            may_be_async: false,
        }
    }

    fn body(mut self, body: &impl Serialize) -> Self {
        // Plain structs of strings cannot fail to serialise.
        self.body = Some(serde_json::to_string(body).unwrap_or_default());
        self
    }

    fn asynchronous(mut self) -> Self {
        self.may_be_async = true;
        self
    }

    /// The full URL under `api_root` (`/zstack/v1`, or absolute, with or
    /// without a trailing slash), the query form-encoded.
    pub fn url(&self, api_root: &str) -> String {
        let mut url = api_root.trim_end_matches('/').to_owned();
        url.push_str(&self.path);
        for (i, (k, v)) in self.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(&percent_encode(k));
            url.push('=');
            url.push_str(&percent_encode(v));
        }
        url
    }
}

/// A ZStack API: how to ask, and what the success body decodes to.
pub trait Endpoint {
    type Reply: DeserializeOwned;
    fn request(&self) -> ApiRequest;
}

/// Escapes every byte outside RFC 3986's unreserved set (so a space is `%20`
/// and `+` is `%2B`, which a servlet would otherwise read as a space).
pub fn percent_encode(s: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
    out
}

/// One path segment. `.` and `..` are escaped too: a browser would otherwise
/// resolve them and call another path.
fn segment(s: &str) -> String {
    match s {
        "." => "%2E".into(),
        ".." => "%2E%2E".into(),
        _ => percent_encode(s),
    }
}

/// `{}`: the parameter object of an action without parameters.
#[derive(Serialize)]
struct NoParams {}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UpdateGuestToolsStateBody {
    update_guest_tools_state: NoParams,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AttachGuestToolsIsoToVmBody {
    attach_guest_tools_iso_to_vm: NoParams,
}

/// Field order as in the vendor's example.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExecParams<'a> {
    vm_instance_uuid: &'a str,
    platform: &'a str,
    command: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    command_timeout: Option<u32>,
}

#[derive(Serialize)]
struct ExecBody<'a> {
    params: ExecParams<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogInParams<'a> {
    account_name: &'a str,
    password: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogInBody<'a> {
    log_in_by_account: LogInParams<'a>,
}

/// GET `/vm-instances/{uuid}/guest-tools-infos`: version, status, features.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetVmGuestToolsInfo {
    pub uuid: String,
}

impl Endpoint for GetVmGuestToolsInfo {
    type Reply = VmGuestToolsInfo;
    fn request(&self) -> ApiRequest {
        let path = format!("/vm-instances/{}/guest-tools-infos", segment(&self.uuid));
        ApiRequest::new(Method::Get, path)
    }
}

/// PUT `/vm-instances/{vmInstanceUuid}/guesttools-state`: asks the guest now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateGuestToolsState {
    pub vm_instance_uuid: String,
}

impl Endpoint for UpdateGuestToolsState {
    type Reply = GuestToolsStateReply;
    fn request(&self) -> ApiRequest {
        let path = format!(
            "/vm-instances/{}/guesttools-state",
            segment(&self.vm_instance_uuid)
        );
        ApiRequest::new(Method::Put, path).body(&UpdateGuestToolsStateBody {
            update_guest_tools_state: NoParams {},
        })
    }
}

/// PUT `/vm-instances/{uuid}/actions` `{"attachGuestToolsIsoToVm":{}}` (async).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachGuestToolsIsoToVm {
    pub uuid: String,
}

impl Endpoint for AttachGuestToolsIsoToVm {
    type Reply = EmptyReply;
    fn request(&self) -> ApiRequest {
        let path = format!("/vm-instances/{}/actions", segment(&self.uuid));
        ApiRequest::new(Method::Put, path)
            .body(&AttachGuestToolsIsoToVmBody {
                attach_guest_tools_iso_to_vm: NoParams {},
            })
            .asynchronous()
    }
}

/// PUT `/vm-instances/commands/exec`. Documented as sync, async in the SDKs:
/// either answer is handled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecuteGuestVmCommand {
    pub vm_instance_uuid: String,
    pub platform: Platform,
    pub command: String,
    /// Seconds; `None` leaves the server's default.
    pub command_timeout: Option<u32>,
}

impl Endpoint for ExecuteGuestVmCommand {
    type Reply = ExecReply;
    fn request(&self) -> ApiRequest {
        ApiRequest::new(Method::Put, "/vm-instances/commands/exec".into())
            .body(&ExecBody {
                params: ExecParams {
                    vm_instance_uuid: &self.vm_instance_uuid,
                    platform: self.platform.as_str(),
                    command: &self.command,
                    command_timeout: self.command_timeout,
                },
            })
            .asynchronous()
    }
}

/// GET `/vm-instances/{vmInstanceUuid}/iso-candidates`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetCandidateIsoForAttachingVm {
    pub vm_instance_uuid: String,
}

impl Endpoint for GetCandidateIsoForAttachingVm {
    type Reply = IsoCandidatesReply;
    fn request(&self) -> ApiRequest {
        let path = format!(
            "/vm-instances/{}/iso-candidates",
            segment(&self.vm_instance_uuid)
        );
        ApiRequest::new(Method::Get, path)
    }
}

/// PUT `/accounts/login`. Holds the SHA-512 of the password, never the password.
#[derive(Clone, PartialEq, Eq)]
pub struct LogInByAccount {
    pub account_name: String,
    pub password_sha512: String,
}

impl LogInByAccount {
    pub fn new(account_name: &str, plain_password: &str) -> Self {
        LogInByAccount {
            account_name: account_name.to_owned(),
            password_sha512: hash_password(plain_password),
        }
    }
}

/// The hash logs in as well as the password does: keep it out of logs.
impl fmt::Debug for LogInByAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LogInByAccount")
            .field("account_name", &self.account_name)
            .field("password_sha512", &"<redacted>")
            .finish()
    }
}

impl Endpoint for LogInByAccount {
    type Reply = SessionReply;
    fn request(&self) -> ApiRequest {
        let mut req = ApiRequest::new(Method::Put, "/accounts/login".into()).body(&LogInBody {
            log_in_by_account: LogInParams {
                account_name: &self.account_name,
                password: &self.password_sha512,
            },
        });
        req.needs_auth = false;
        req
    }
}

/// DELETE `/accounts/sessions/{sessionUuid}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogOut {
    pub session_uuid: String,
}

impl Endpoint for LogOut {
    type Reply = EmptyReply;
    fn request(&self) -> ApiRequest {
        let path = format!("/accounts/sessions/{}", segment(&self.session_uuid));
        ApiRequest::new(Method::Delete, path)
    }
}

/// GET `/accounts/sessions/{sessionUuid}/valid` (no Authorization needed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidateSession {
    pub session_uuid: String,
}

impl Endpoint for ValidateSession {
    type Reply = ValidSessionReply;
    fn request(&self) -> ApiRequest {
        let path = format!("/accounts/sessions/{}/valid", segment(&self.session_uuid));
        let mut req = ApiRequest::new(Method::Get, path);
        req.needs_auth = false;
        req
    }
}

fn query_request(path: &str, query: &Query) -> ApiRequest {
    let mut req = ApiRequest::new(Method::Get, path.into());
    req.query = query.to_pairs();
    req
}

/// GET `/vm-instances?q=...`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryVmInstance {
    pub query: Query,
}

impl QueryVmInstance {
    /// One VM, by `q=uuid=<uuid>` (the answer is still a list).
    pub fn by_uuid(uuid: &str) -> Self {
        QueryVmInstance {
            query: Query::new().cond("uuid", Op::Eq, uuid),
        }
    }
}

impl Endpoint for QueryVmInstance {
    type Reply = VmQueryReply;
    fn request(&self) -> ApiRequest {
        query_request("/vm-instances", &self.query)
    }
}

/// GET `/images?q=...`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryImage {
    pub query: Query,
}

impl Endpoint for QueryImage {
    type Reply = ImageQueryReply;
    fn request(&self) -> ApiRequest {
        query_request("/images", &self.query)
    }
}

/// GET `/guesttools?q=...`: the state ZStack last recorded (UNCONFIRMED path;
/// older releases answer 404).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryGuestToolsState {
    pub query: Query,
}

impl Endpoint for QueryGuestToolsState {
    type Reply = GuestToolsStateQueryReply;
    fn request(&self) -> ApiRequest {
        query_request("/guesttools", &self.query)
    }
}

/// POST `/vm-instances/{vmInstanceUuid}/iso/{isoUuid}` (async).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachIsoToVmInstance {
    pub vm_instance_uuid: String,
    pub iso_uuid: String,
}

impl Endpoint for AttachIsoToVmInstance {
    type Reply = VmInventoryReply;
    fn request(&self) -> ApiRequest {
        let path = format!(
            "/vm-instances/{}/iso/{}",
            segment(&self.vm_instance_uuid),
            segment(&self.iso_uuid)
        );
        ApiRequest::new(Method::Post, path)
            .body(&NoParams {})
            .asynchronous()
    }
}

/// DELETE `/vm-instances/{vmInstanceUuid}/iso?isoUuid=...` (async).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetachIsoFromVmInstance {
    pub vm_instance_uuid: String,
    pub iso_uuid: String,
}

impl Endpoint for DetachIsoFromVmInstance {
    type Reply = VmInventoryReply;
    fn request(&self) -> ApiRequest {
        let path = format!("/vm-instances/{}/iso", segment(&self.vm_instance_uuid));
        let mut req = ApiRequest::new(Method::Delete, path).asynchronous();
        req.query = vec![("isoUuid".into(), self.iso_uuid.clone())];
        req
    }
}

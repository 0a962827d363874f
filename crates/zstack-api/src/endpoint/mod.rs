//! Every ZStack API the console calls: method, path, query and body, built
//! without any transport so they are checked natively against the vendor pages.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;

mod guest_tools;
mod iso;
mod lifecycle;
mod queries;
mod scripts;
mod session;

pub use guest_tools::{
    AttachGuestToolsIsoToVm, ExecuteGuestVmCommand, GetVmGuestToolsInfo, UpdateGuestToolsState,
};
pub use iso::{AttachIsoToVmInstance, DetachIsoFromVmInstance, GetCandidateIsoForAttachingVm};
pub use lifecycle::{
    DetachGuestToolsIsoFromVm, GetLatestGuestToolsForVm, GetVmQga, QueryVmCdRom, SetVmQga,
};
pub use queries::{QueryGuestToolsState, QueryImage, QueryVmInstance};
pub use scripts::*;
pub use session::{LogInByAccount, LogOut, ValidateSession};

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

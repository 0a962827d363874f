//! Turning an HTTP answer from ZStack into a reply, or into an error a person can read.
//!
//! The `Content-Type` of ZStack's answers is not reliable, so everything is
//! decided by status code and by trying JSON first.

// `ApiError` carries ZStack's whole `ErrorCode` unboxed so a UI can match on it
// plainly; errors are rare, so the larger `Result` costs nothing that matters.
#![allow(clippy::result_large_err)]

use crate::models::{AsyncJobReply, ErrorCode};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// Invalid or expired session (answered 503, never 401).
pub const SESSION_INVALID: &str = "ID.1001";
/// The same, as newer releases name it in `globalErrorCode`.
pub const SESSION_INVALID_GLOBAL: &str = "ORG_ZSTACK_IDENTITY_10020";
/// Wrong account name or password.
pub const BAD_CREDENTIALS: &str = "ID.1000";

/// Plain-text bodies can be whole stack traces; a headline needs the start only.
const MAX_MESSAGE_CHARS: usize = 500;
/// What ZStack says on an unknown or old job, used when a 404 has no usable text.
const JOB_EXPIRED_TEXT: &str = "the job has been expired";

/// Everything that can go wrong with a call, in terms a UI can show.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", self.headline())]
pub enum ApiError {
    /// `ID.1001` / `ORG_ZSTACK_IDENTITY_10020`: log in again.
    SessionInvalid(ErrorCode),
    /// `ID.1000`.
    BadCredentials(ErrorCode),
    /// Any other `{"error": ...}` body, whatever the status (a 200 included).
    Api { status: u16, error: ErrorCode },
    /// A plain-text failure from the REST layer (400, 404, 405, 500...).
    Rest { status: u16, message: String },
    /// An error status with nothing readable: an HTML page from a proxy, or no body.
    Http { status: u16 },
    /// A success status whose body is not the expected JSON.
    Malformed { status: u16, detail: String },
    /// 404 on a job poll: ZStack no longer knows the job (results are kept 3 hours).
    JobExpired { message: String },
    /// The client's own deadline passed while waiting for a job.
    Deadline { waited_ms: u64 },
    /// The request never got an answer (filled in by the transport).
    Network(String),
    /// The transport gave up waiting for an answer.
    TimedOut { after_ms: u64 },
    /// The user or the page cancelled the request.
    Aborted,
}

/// A decoded success: the result, or the 202 that says where to poll for it.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply<T> {
    Done(T),
    Accepted(AsyncJobReply),
}

impl ApiError {
    pub fn is_session_invalid(&self) -> bool {
        matches!(self, ApiError::SessionInvalid(_))
    }

    /// The ZStack error itself, when the server sent one.
    pub fn error_code(&self) -> Option<&ErrorCode> {
        match self {
            ApiError::SessionInvalid(e) | ApiError::BadCredentials(e) => Some(e),
            ApiError::Api { error, .. } => Some(error),
            _ => None,
        }
    }

    /// ZStack's code (`SYS.1001`), else its `globalErrorCode`.
    pub fn code(&self) -> Option<&str> {
        let e = self.error_code()?;
        e.code
            .as_deref()
            .or(e.global_error_code.as_deref())
            .filter(|c| !c.is_empty())
    }

    /// One line for the top of an error box.
    pub fn headline(&self) -> String {
        match self {
            ApiError::SessionInvalid(e) => {
                zstack_line(e).unwrap_or_else(|| "The session is invalid or has expired".into())
            }
            ApiError::BadCredentials(e) => {
                zstack_line(e).unwrap_or_else(|| "Wrong account name or password".into())
            }
            ApiError::Api { status, error } => {
                zstack_line(error).unwrap_or_else(|| status_line(*status))
            }
            ApiError::Rest { status, message } if message.is_empty() => status_line(*status),
            ApiError::Rest { status, message } => format!("{}: {message}", status_line(*status)),
            ApiError::Http { status } => status_line(*status),
            ApiError::Malformed { status, .. } => format!(
                "The server's reply could not be read ({})",
                status_line(*status)
            ),
            ApiError::JobExpired { .. } => {
                "The job has expired: ZStack no longer holds its result".into()
            }
            ApiError::Deadline { waited_ms } => format!(
                "No result after {}; the job may still be running in ZStack",
                seconds(*waited_ms)
            ),
            ApiError::Network(m) if m.is_empty() => "Network error".into(),
            ApiError::Network(m) => format!("Network error: {m}"),
            ApiError::TimedOut { after_ms } => {
                format!("No answer from the server after {}", seconds(*after_ms))
            }
            ApiError::Aborted => "Cancelled".into(),
        }
    }

    /// ZStack's own `code: description` line, when the server sent one; the
    /// console shows it as sent, in whatever language ZStack wrote it.
    pub fn server_line(&self) -> Option<String> {
        zstack_line(self.error_code()?)
    }

    /// Further lines: the error's details, then one `code: description (details)`
    /// line per cause, outermost first.
    pub fn details(&self) -> Vec<String> {
        match self {
            ApiError::SessionInvalid(e) | ApiError::BadCredentials(e) => error_details(e),
            ApiError::Api { error, .. } => error_details(error),
            ApiError::Malformed { detail, .. } => vec![detail.clone()],
            ApiError::JobExpired { message } => vec![message.clone()],
            _ => Vec::new(),
        }
    }
}

/// `SYS.1001: A message or a operation timeout`, or whichever half exists.
fn zstack_line(e: &ErrorCode) -> Option<String> {
    let code = non_blank(e.code.as_deref()).or(non_blank(e.global_error_code.as_deref()));
    match (code, non_blank(e.description.as_deref())) {
        (Some(c), Some(d)) => Some(format!("{c}: {d}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_owned()),
        (None, None) => None,
    }
}

fn error_details(e: &ErrorCode) -> Vec<String> {
    let mut out = Vec::new();
    let description = non_blank(e.description.as_deref());
    for text in [e.details.as_deref(), e.elaboration.as_deref()] {
        if let Some(t) = non_blank(text).filter(|t| Some(*t) != description) {
            out.push(t.to_owned());
        }
    }
    for cause in e.chain().skip(1) {
        let mut line = zstack_line(cause).unwrap_or_default();
        if let Some(d) = non_blank(cause.details.as_deref()) {
            line = if line.is_empty() {
                d.to_owned()
            } else {
                format!("{line} ({d})")
            };
        }
        if !line.is_empty() {
            out.push(line);
        }
    }
    out
}

fn non_blank(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// `400 Bad Request`, or just `499` when the phrase is unknown.
pub fn status_line(status: u16) -> String {
    match reason_phrase(status) {
        "" => status.to_string(),
        phrase => format!("{status} {phrase}"),
    }
}

/// `5 s`, `2.5 s`.
pub fn seconds(ms: u64) -> String {
    if ms % 1000 == 0 {
        format!("{} s", ms / 1000)
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

/// The standard reason phrase of an HTTP status, `""` when unknown.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        507 => "Insufficient Storage",
        511 => "Network Authentication Required",
        _ => "",
    }
}

/// Decodes the answer to an API call.
///
/// 2xx: the body as JSON (`{}` when empty); 202 is [`Reply::Accepted`] and must
/// name a `location`; a non-null `"error"` is a failure even on 200.
/// Otherwise: a ZStack `{"error": ...}`, else plain text ([`ApiError::Rest`]),
/// else [`ApiError::Http`] for HTML or nothing.
pub fn decode<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<Reply<T>, ApiError> {
    let text = body_text(body);
    let text = text.as_str();
    if !(200..300).contains(&status) {
        return Err(failure(status, text));
    }
    let fields = json_object(status, text)?;
    if let Some(e) = error_in(&fields) {
        return Err(classify(status, e));
    }
    if status == 202 {
        let job: AsyncJobReply = from_object(status, fields)?;
        if non_blank(job.location.as_deref()).is_none() {
            return Err(ApiError::Malformed {
                status,
                detail: "202 Accepted without a job location".into(),
            });
        }
        return Ok(Reply::Accepted(job));
    }
    from_object(status, fields).map(Reply::Done)
}

/// Decodes the answer to a poll of `/api-jobs/<uuid>`.
///
/// 202 means still running, whatever its body (`{}`, nothing, or the location
/// again); 404 means ZStack forgot the job ([`ApiError::JobExpired`]); the rest
/// is read as by [`decode`], so a 503 carries the API's own error.
pub fn decode_job_poll<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
) -> Result<Reply<T>, ApiError> {
    let text = body_text(body);
    let parsed = parse_object(&text);
    if let Some(e) = parsed.as_ref().and_then(error_in) {
        return Err(classify(status, e));
    }
    match status {
        202 => {
            let job = parsed
                .and_then(|m| serde_json::from_value(Value::Object(m)).ok())
                .unwrap_or_default();
            Ok(Reply::Accepted(job))
        }
        404 => {
            let message = if text.is_empty() || text.starts_with('<') {
                JOB_EXPIRED_TEXT.to_owned()
            } else {
                capped(&text)
            };
            Err(ApiError::JobExpired { message })
        }
        _ => decode(status, body),
    }
}

/// The error of an answer already known to be a failure (non-2xx).
fn failure(status: u16, text: &str) -> ApiError {
    if let Some(e) = parse_object(text).as_ref().and_then(error_in) {
        return classify(status, e);
    }
    if text.is_empty() || text.starts_with('<') {
        ApiError::Http { status }
    } else {
        ApiError::Rest {
            status,
            message: capped(text),
        }
    }
}

fn classify(status: u16, e: ErrorCode) -> ApiError {
    let code = e.code.as_deref().map(str::trim);
    if code == Some(SESSION_INVALID)
        || e.global_error_code.as_deref() == Some(SESSION_INVALID_GLOBAL)
    {
        ApiError::SessionInvalid(e)
    } else if code == Some(BAD_CREDENTIALS) {
        ApiError::BadCredentials(e)
    } else {
        ApiError::Api { status, error: e }
    }
}

/// Lossy UTF-8, without a byte-order mark or surrounding whitespace.
fn body_text(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    text.strip_prefix('\u{feff}')
        .unwrap_or(text)
        .trim()
        .to_owned()
}

fn parse_object(text: &str) -> Option<Map<String, Value>> {
    if !text.starts_with('{') {
        return None;
    }
    match serde_json::from_str(text) {
        Ok(Value::Object(m)) => Some(m),
        _ => None,
    }
}

/// A 2xx body: an object, with nothing (or `null`) read as `{}`.
fn json_object(status: u16, text: &str) -> Result<Map<String, Value>, ApiError> {
    if text.is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(other) => Err(ApiError::Malformed {
            status,
            detail: format!("expected a JSON object, got {}", kind(&other)),
        }),
        Err(e) => Err(ApiError::Malformed {
            status,
            detail: format!("not JSON: {e}"),
        }),
    }
}

fn from_object<T: DeserializeOwned>(status: u16, m: Map<String, Value>) -> Result<T, ApiError> {
    serde_json::from_value(Value::Object(m)).map_err(|e| ApiError::Malformed {
        status,
        detail: e.to_string(),
    })
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A non-null `"error"`, read leniently: whatever its fields hold, the user
/// should see the error rather than "malformed".
fn error_in(m: &Map<String, Value>) -> Option<ErrorCode> {
    match m.get("error")? {
        Value::Null => None,
        v => Some(error_code(v, 0)),
    }
}

fn error_code(v: &Value, depth: usize) -> ErrorCode {
    let Value::Object(m) = v else {
        return ErrorCode {
            description: text_of(Some(v)),
            ..Default::default()
        };
    };
    let field = |k: &str| text_of(m.get(k));
    ErrorCode {
        code: field("code"),
        description: field("description"),
        details: field("details"),
        elaboration: field("elaboration"),
        opaque: m.get("opaque").filter(|o| !o.is_null()).cloned(),
        // `chain()` stops at 32 anyway; keeping more would only cost memory.
        cause: m
            .get("cause")
            .filter(|c| !c.is_null() && depth < 32)
            .map(|c| Box::new(error_code(c, depth + 1))),
        global_error_code: field("globalErrorCode"),
    }
}

fn text_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Trimmed text, at most [`MAX_MESSAGE_CHARS`] characters.
fn capped(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((at, _)) => format!("{}…", text[..at].trim_end()),
        None => text.to_owned(),
    }
}

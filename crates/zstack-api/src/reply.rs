//! Turning an HTTP answer from ZStack into a reply or an [`ApiError`].
//!
//! The `Content-Type` of ZStack's answers is not reliable, so everything is
//! decided by status code and by trying JSON first.

// `ApiError` carries ZStack's whole `ErrorCode` unboxed so a UI can match on it
// plainly; errors are rare, so the larger `Result` costs nothing that matters.
#![allow(clippy::result_large_err)]

use crate::error::{non_blank, ApiError};
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

/// A decoded success: the result, or the 202 that says where to poll for it.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply<T> {
    Done(T),
    Accepted(AsyncJobReply),
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

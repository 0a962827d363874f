//! What can go wrong with a call, and how it reads for a person.
//!
//! Telling the cases apart from an HTTP answer is [`crate::reply`]'s job.

use crate::models::ErrorCode;

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

pub(crate) fn non_blank(s: Option<&str>) -> Option<&str> {
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
    http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

//! How answers are written: ZStack errors (503 + JSON), REST-layer failures
//! (plain text), and JSON bodies with nulls left out as Gson leaves them out.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;
use zstack_api::ErrorCode;

pub const JSON: &str = "application/json;charset=UTF-8";
pub const TEXT: &str = "text/plain;charset=UTF-8";

/// Why a request failed: at the API level (503 + error) or in the REST layer (plain text).
#[derive(Debug, Clone, PartialEq)]
pub enum Fail {
    Api(ErrorCode),
    Rest(StatusCode, String),
}

impl From<ErrorCode> for Fail {
    fn from(e: ErrorCode) -> Self {
        Fail::Api(e)
    }
}

impl Fail {
    pub fn bad_request(text: impl Into<String>) -> Self {
        Fail::Rest(StatusCode::BAD_REQUEST, text.into())
    }
}

impl IntoResponse for Fail {
    fn into_response(self) -> Response {
        match self {
            Fail::Api(e) => error_response(StatusCode::SERVICE_UNAVAILABLE, &e),
            Fail::Rest(status, text) => text_response(status, text),
        }
    }
}

/// Serialises like ZStack's Gson: members whose value is `null` are left out.
pub fn to_wire<T: Serialize>(t: &T) -> Value {
    let mut v = serde_json::to_value(t).unwrap_or(Value::Null);
    strip_nulls(&mut v);
    v
}

pub fn strip_nulls(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, x| !x.is_null());
            map.values_mut().for_each(strip_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_nulls),
        _ => {}
    }
}

pub fn json_response(status: StatusCode, body: &Value) -> Response {
    let text = serde_json::to_string(body).unwrap_or_else(|_| "{}".into());
    raw_response(status, JSON, text)
}

pub fn text_response(status: StatusCode, text: impl Into<String>) -> Response {
    raw_response(status, TEXT, text.into())
}

pub fn raw_response(
    status: StatusCode,
    content_type: &str,
    body: impl Into<axum::body::Body>,
) -> Response {
    let mut rsp = (status, body.into()).into_response();
    let ct = HeaderValue::from_str(content_type).unwrap_or(HeaderValue::from_static(TEXT));
    rsp.headers_mut().insert(header::CONTENT_TYPE, ct);
    rsp
}

/// `{}` or, when the server mimics RestServer exactly, zero bytes.
pub fn empty_response(status: StatusCode, zero_bytes: bool) -> Response {
    if zero_bytes {
        raw_response(status, JSON, "")
    } else {
        raw_response(status, JSON, "{}")
    }
}

pub fn error_response(status: StatusCode, e: &ErrorCode) -> Response {
    json_response(status, &serde_json::json!({ "error": to_wire(e) }))
}

/// ZStack's error codes, with the descriptions its error-code catalogue gives.
pub mod errors {
    use super::ErrorCode;

    pub fn internal(details: &str) -> ErrorCode {
        ErrorCode::new("SYS.1000", "An internal error happened in system", details)
    }

    pub fn timeout(details: &str) -> ErrorCode {
        ErrorCode::new("SYS.1001", "A message or a operation timeout", details)
    }

    pub fn operation(details: &str) -> ErrorCode {
        ErrorCode::new("SYS.1006", "An operation failed", details)
    }

    pub fn invalid_argument(details: &str) -> ErrorCode {
        ErrorCode::new("SYS.1007", "One or more API argument is invalid", details)
    }

    /// ZStack's `Platform.argerr`: an argument the API cannot work with.
    pub fn argerr(details: &str) -> ErrorCode {
        invalid_argument(details)
    }

    /// GuestToolsErrors.INSTALLATION_ERROR (`GT.1001`): the VM has no CD-ROM
    /// for the tools ISO. The description is ours: the catalogue text is unknown.
    pub fn no_cdrom(vm_uuid: &str) -> ErrorCode {
        ErrorCode::new(
            "GT.1001",
            "Guest tools installation error",
            &format!("no available cdrom device for vm[uuid:{vm_uuid}] to attach guest-tools"),
        )
    }

    /// A UUID parameter that names nothing (ZStack's API interceptor checks these).
    pub fn not_found(field: &str, uuid: &str, vo: &str) -> ErrorCode {
        invalid_argument(&format!(
            "invalid value[{uuid}] of field[{field}], resource[uuid:{uuid}, type:{vo}] not found"
        ))
    }

    pub fn invalid_session() -> ErrorCode {
        ErrorCode {
            global_error_code: Some("ORG_ZSTACK_IDENTITY_10020".into()),
            ..ErrorCode::new(
                "ID.1001",
                "The session is invalid, either wrong session id or the session has been expired",
                "Session expired",
            )
        }
    }

    pub fn authentication() -> ErrorCode {
        ErrorCode {
            global_error_code: Some("ORG_ZSTACK_IDENTITY_10000".into()),
            ..ErrorCode::new(
                "ID.1000",
                "Authentication failed",
                "wrong account name or password",
            )
        }
    }
}

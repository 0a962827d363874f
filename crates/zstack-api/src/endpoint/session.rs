//! Logging in and out, and asking whether a session still holds.

use super::{segment, ApiRequest, Endpoint, Method};
use crate::auth::hash_password;
use crate::models::{EmptyReply, SessionReply, ValidSessionReply};
use serde::Serialize;
use std::fmt;

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

//! Maps `/zstack/v1/...` paths to APIs the way RestServer does: job polls
//! first, then the API table; unknown paths, wrong methods and action bodies
//! without a known key are REST-layer failures with plain-text bodies.

use crate::reply::Fail;
use axum::http::{Method, StatusCode};
use serde_json::Value;

/// One API call, with its path variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Api {
    LogInByAccount,
    LogOut {
        session: String,
    },
    ValidateSession {
        session: String,
    },
    QueryVmInstance {
        uuid: Option<String>,
    },
    QueryImage {
        uuid: Option<String>,
    },
    QueryGuestToolsState,
    GetVmGuestToolsInfo {
        uuid: String,
    },
    UpdateGuestToolsState {
        vm: String,
    },
    AttachGuestToolsIsoToVm {
        vm: String,
    },
    ExecuteGuestVmCommand,
    GetCandidateIsoForAttachingVm {
        vm: String,
    },
    AttachIsoToVmInstance {
        vm: String,
        iso: String,
    },
    DetachIsoFromVmInstance {
        vm: String,
    },
    GetLatestGuestToolsForVm {
        uuid: String,
    },
    DetachGuestToolsIsoFromVm {
        vm: String,
    },
    GetVmQga {
        uuid: String,
    },
    SetVmQga {
        vm: String,
    },
    QueryVmCdRom {
        uuid: Option<String>,
    },
    CreateGuestVmScript,
    UpdateGuestVmScript {
        uuid: String,
    },
    ExecuteGuestVmScript {
        uuid: String,
    },
    DeleteGuestVmScript {
        uuid: String,
    },
    QueryGuestVmScript {
        uuid: Option<String>,
    },
    QueryGuestVmScriptExecutedRecord {
        uuid: Option<String>,
    },
    QueryGuestVmScriptExecutedRecordDetail,
    /// `GET /api-jobs/{uuid}`: not an API, RestServer answers it itself.
    JobPoll {
        uuid: String,
    },
}

impl Api {
    /// ZStack's name for the API (what `--fail` and fault rules use).
    pub fn name(&self) -> &'static str {
        match self {
            Api::LogInByAccount => "LogInByAccount",
            Api::LogOut { .. } => "LogOut",
            Api::ValidateSession { .. } => "ValidateSession",
            Api::QueryVmInstance { .. } => "QueryVmInstance",
            Api::QueryImage { .. } => "QueryImage",
            Api::QueryGuestToolsState => "QueryGuestToolsState",
            Api::GetVmGuestToolsInfo { .. } => "GetVmGuestToolsInfo",
            Api::UpdateGuestToolsState { .. } => "UpdateGuestToolsState",
            Api::AttachGuestToolsIsoToVm { .. } => "AttachGuestToolsIsoToVm",
            Api::ExecuteGuestVmCommand => "ExecuteGuestVmCommand",
            Api::GetCandidateIsoForAttachingVm { .. } => "GetCandidateIsoForAttachingVm",
            Api::AttachIsoToVmInstance { .. } => "AttachIsoToVmInstance",
            Api::DetachIsoFromVmInstance { .. } => "DetachIsoFromVmInstance",
            Api::GetLatestGuestToolsForVm { .. } => "GetLatestGuestToolsForVm",
            Api::DetachGuestToolsIsoFromVm { .. } => "DetachGuestToolsIsoFromVm",
            Api::GetVmQga { .. } => "GetVmQga",
            Api::SetVmQga { .. } => "SetVmQga",
            Api::QueryVmCdRom { .. } => "QueryVmCdRom",
            Api::CreateGuestVmScript => "CreateGuestVmScript",
            Api::UpdateGuestVmScript { .. } => "UpdateGuestVmScript",
            Api::ExecuteGuestVmScript { .. } => "ExecuteGuestVmScript",
            Api::DeleteGuestVmScript { .. } => "DeleteGuestVmScript",
            Api::QueryGuestVmScript { .. } => "QueryGuestVmScript",
            Api::QueryGuestVmScriptExecutedRecord { .. } => "QueryGuestVmScriptExecutedRecord",
            Api::QueryGuestVmScriptExecutedRecordDetail => "QueryGuestVmScriptExecutedRecordDetail",
            Api::JobPoll { .. } => "JobPoll",
        }
    }
}

/// Decodes a path as Java's URLDecoder does (`%XX`, and `+` as a space).
pub fn url_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let hex = |c: u8| (c as char).to_digit(16);
        match b {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b),
            },
            b'+' => out.push(b' '),
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Which release's API table to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Release {
    #[default]
    Current,
    /// Before 4.10.16: no DetachGuestToolsIsoFromVm.
    Old,
}

/// The action APIs of `PUT /vm-instances/{uuid}/actions` this server knows,
/// by body key; the first key present in the body wins.
fn vm_action(body: Option<&Value>, vm: &str, release: Release) -> Option<Api> {
    let has = |k: &str| body.and_then(|b| b.get(k)).is_some();
    let vm = vm.to_owned();
    if has("attachGuestToolsIsoToVm") {
        Some(Api::AttachGuestToolsIsoToVm { vm })
    } else if has("detachGuestToolsIsoFromVm") && release == Release::Current {
        Some(Api::DetachGuestToolsIsoFromVm { vm })
    } else if has("setVmQga") {
        Some(Api::SetVmQga { vm })
    } else {
        None
    }
}

/// The action APIs of `PUT /scripts/{uuid}/actions`, by body key (the
/// first present wins, as for VMs): Update and Execute share the path.
fn script_action(body: Option<&Value>, uuid: &str) -> Option<Api> {
    let has = |k: &str| body.and_then(|b| b.get(k)).is_some();
    let uuid = uuid.to_owned();
    if has("updateGuestVmScript") {
        Some(Api::UpdateGuestVmScript { uuid })
    } else if has("executeGuestVmScript") {
        Some(Api::ExecuteGuestVmScript { uuid })
    } else {
        None
    }
}

/// Resolves `rel` (the decoded path after `/zstack`, e.g. `/v1/images`).
/// `full` is the request path as sent, for messages; `body` is the JSON body.
pub fn resolve(
    method: &Method,
    rel: &str,
    full: &str,
    body: Option<&Value>,
    release: Release,
) -> Result<Api, Fail> {
    let no_mapping = || Fail::Rest(StatusCode::NOT_FOUND, format!("no api mapping to {rel}"));
    let segs: Vec<&str> = rel
        .strip_prefix('/')
        .unwrap_or("\u{0}")
        .split('/')
        .collect();
    if segs.iter().any(|s| s.is_empty()) || segs.first() != Some(&"v1") {
        return Err(no_mapping());
    }
    let own = |s: &str| s.to_owned();
    use Method as M;
    let api: Option<Api> = match (&segs[1..], method) {
        (["api-jobs", uuid], m) => {
            if *m != M::GET {
                return Err(Fail::Rest(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "only GET method is allowed for querying job status".into(),
                ));
            }
            Some(Api::JobPoll { uuid: own(uuid) })
        }
        (["accounts", "login"], m) => (*m == M::PUT).then_some(Api::LogInByAccount),
        (["accounts", "sessions", s], m) => {
            (*m == M::DELETE).then(|| Api::LogOut { session: own(s) })
        }
        (["accounts", "sessions", s, "valid"], m) => {
            (*m == M::GET).then(|| Api::ValidateSession { session: own(s) })
        }
        (["vm-instances"], m) => (*m == M::GET).then_some(Api::QueryVmInstance { uuid: None }),
        (["vm-instances", "commands", "exec"], m) => {
            (*m == M::PUT || *m == M::POST).then_some(Api::ExecuteGuestVmCommand)
        }
        // Literal paths before `/vm-instances/{uuid}`, as RestServer looks them up first.
        (["vm-instances", "cdroms"], m) => {
            (*m == M::GET).then_some(Api::QueryVmCdRom { uuid: None })
        }
        (["vm-instances", "cdroms", u], m) => {
            (*m == M::GET).then(|| Api::QueryVmCdRom { uuid: Some(own(u)) })
        }
        (["vm-instances", u], m) => {
            (*m == M::GET).then(|| Api::QueryVmInstance { uuid: Some(own(u)) })
        }
        (["vm-instances", u, "guest-tools-infos"], m) => {
            (*m == M::GET).then(|| Api::GetVmGuestToolsInfo { uuid: own(u) })
        }
        (["vm-instances", u, "guesttools-state"], m) => {
            (*m == M::PUT).then(|| Api::UpdateGuestToolsState { vm: own(u) })
        }
        (["vm-instances", u, "actions"], m) if *m == M::PUT => {
            let action = vm_action(body, u, release);
            if action.is_none() {
                return Err(Fail::bad_request(format!(
                    "the body doesn't contain action mapping to the URL[{rel}]"
                )));
            }
            action
        }
        (["vm-instances", _, "actions"], _) => None,
        (["vm-instances", u, "latest-guest-tools"], m) => {
            (*m == M::GET).then(|| Api::GetLatestGuestToolsForVm { uuid: own(u) })
        }
        (["vm-instances", u, "qga"], m) => (*m == M::GET).then(|| Api::GetVmQga { uuid: own(u) }),
        (["vm-instances", u, "iso-candidates"], m) => {
            (*m == M::GET).then(|| Api::GetCandidateIsoForAttachingVm { vm: own(u) })
        }
        (["vm-instances", u, "iso", iso], m) => {
            (*m == M::POST).then(|| Api::AttachIsoToVmInstance {
                vm: own(u),
                iso: own(iso),
            })
        }
        (["vm-instances", u, "iso"], m) => {
            (*m == M::DELETE).then(|| Api::DetachIsoFromVmInstance { vm: own(u) })
        }
        (["images"], m) => (*m == M::GET).then_some(Api::QueryImage { uuid: None }),
        (["images", u], m) => (*m == M::GET).then(|| Api::QueryImage { uuid: Some(own(u)) }),
        (["guesttools"], m) => (*m == M::GET).then_some(Api::QueryGuestToolsState),
        (["scripts"], m) => match *m {
            M::GET => Some(Api::QueryGuestVmScript { uuid: None }),
            M::POST => Some(Api::CreateGuestVmScript),
            _ => None,
        },
        // Literal paths before `/scripts/{uuid}`, as RestServer looks them up first.
        (["scripts", "records"], m) => {
            (*m == M::GET).then_some(Api::QueryGuestVmScriptExecutedRecord { uuid: None })
        }
        (["scripts", "records", "details"], m) => {
            (*m == M::GET).then_some(Api::QueryGuestVmScriptExecutedRecordDetail)
        }
        (["scripts", "records", u], m) => {
            (*m == M::GET).then(|| Api::QueryGuestVmScriptExecutedRecord { uuid: Some(own(u)) })
        }
        (["scripts", u], m) => match *m {
            M::GET => Some(Api::QueryGuestVmScript { uuid: Some(own(u)) }),
            M::DELETE => Some(Api::DeleteGuestVmScript { uuid: own(u) }),
            _ => None,
        },
        (["scripts", u, "actions"], m) if *m == M::PUT => {
            let action = script_action(body, u);
            if action.is_none() {
                return Err(Fail::bad_request(format!(
                    "the body doesn't contain action mapping to the URL[{rel}]"
                )));
            }
            action
        }
        (["scripts", _, "actions"], _) => None,
        _ => return Err(no_mapping()),
    };
    // The path is known, so a missing API means the method is wrong.
    api.ok_or_else(|| {
        Fail::Rest(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("The method[{method}] is not allowed for the path[{full}]"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_like_java() {
        assert_eq!(url_decode("/a%20b+c%zz%4"), "/a b c%zz%4");
        assert_eq!(url_decode("%E6%95%B0"), "数");
        assert_eq!(url_decode("%"), "%");
    }

    #[test]
    fn routes() {
        let r = |m: Method, p: &str| resolve(&m, p, p, None, Release::Current);
        assert_eq!(
            r(Method::POST, "/v1/vm-instances/commands/exec"),
            Ok(Api::ExecuteGuestVmCommand)
        );
        assert!(matches!(
            r(Method::GET, "/v1/vm-instances/"),
            Err(Fail::Rest(StatusCode::NOT_FOUND, _))
        ));
        assert!(matches!(
            r(Method::POST, "/v1/images"),
            Err(Fail::Rest(StatusCode::METHOD_NOT_ALLOWED, _))
        ));
        assert!(matches!(
            r(Method::GET, ""),
            Err(Fail::Rest(StatusCode::NOT_FOUND, _))
        ));
        assert_eq!(
            r(Method::GET, "/v1/vm-instances/cdroms"),
            Ok(Api::QueryVmCdRom { uuid: None })
        );
        assert_eq!(
            r(Method::GET, "/v1/vm-instances/cdroms/abc"),
            Ok(Api::QueryVmCdRom {
                uuid: Some("abc".into())
            })
        );
        assert_eq!(
            r(Method::GET, "/v1/vm-instances/abc/qga"),
            Ok(Api::GetVmQga { uuid: "abc".into() })
        );
    }

    #[test]
    fn actions_by_body_key_and_release() {
        let body = serde_json::json!({"detachGuestToolsIsoFromVm": {}});
        let at = |release| {
            resolve(
                &Method::PUT,
                "/v1/vm-instances/u/actions",
                "/x",
                Some(&body),
                release,
            )
        };
        assert_eq!(
            at(Release::Current),
            Ok(Api::DetachGuestToolsIsoFromVm { vm: "u".into() })
        );
        assert!(matches!(
            at(Release::Old),
            Err(Fail::Rest(StatusCode::BAD_REQUEST, t)) if t.starts_with("the body doesn't contain action mapping to the URL[")
        ));
        let qga = serde_json::json!({"setVmQga": {"enable": false}});
        assert_eq!(
            resolve(
                &Method::PUT,
                "/v1/vm-instances/u/actions",
                "/x",
                Some(&qga),
                Release::Old
            ),
            Ok(Api::SetVmQga { vm: "u".into() })
        );
    }
}

//! ZStack's REST protocol, in plain Rust.
//!
//! Every decision about what ZStack sends and expects lives here so that it is
//! tested natively; the console's transport and the simulator only execute it.

pub mod auth;
pub mod de;
pub mod endpoint;
pub mod error;
pub mod fleet;
pub mod group;
pub mod history;
pub mod iso;
pub mod job;
pub mod lifecycle;
pub mod models;
pub mod output;
pub mod prefetch;
pub mod query;
pub mod reason;
pub mod reply;
pub mod scripts;
pub mod stream;
#[cfg(feature = "testing")]
pub mod testing;
pub mod validate;

pub use auth::hash_password;
pub use endpoint::{
    ApiRequest, AttachGuestToolsIsoToVm, AttachIsoToVmInstance, DetachIsoFromVmInstance, Endpoint,
    ExecuteGuestVmCommand, GetCandidateIsoForAttachingVm, GetVmGuestToolsInfo, LogInByAccount,
    LogOut, Method, QueryGuestToolsState, QueryImage, QueryVmInstance, UpdateGuestToolsState,
    ValidateSession,
};
pub use endpoint::{
    CreateGuestVmScript, DeleteGuestVmScript, ExecuteGuestVmScript, QueryGuestVmScript,
    QueryGuestVmScriptExecutedRecord, QueryGuestVmScriptExecutedRecordDetail, UpdateGuestVmScript,
};
pub use endpoint::{
    DetachGuestToolsIsoFromVm, GetLatestGuestToolsForVm, GetVmQga, QueryVmCdRom, SetVmQga,
};
pub use error::{reason_phrase, ApiError};
pub use job::{job_path, poll_request, JobPolicy, JobPoll, JobStep};
pub use models::*;
pub use output::{
    decode_utf16le, detect_encoding, latin1_bytes, looks_truncated, replacement_chars,
    still_running_check, with_utf8_output, OutputEncoding, WindowsShell, ZSTACK_KEPT_LINES,
};
pub use query::{Cond, Op, Query};
pub use reply::{decode, decode_job_poll, Reply};
pub use stream::{parse_stream, strip_ansi, ExecOutput};
pub use validate::Invalid;

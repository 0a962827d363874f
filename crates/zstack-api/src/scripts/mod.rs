//! Decisions of the script library (ZSTACK-API.md §6): which server
//! generation speaks `encodingType`, how content is sent and read, ZStack's
//! field checks, which VMs a run may include, following a run, grouping and
//! exporting its results. The models are in [`crate::models`], the requests
//! in [`crate::endpoint`].

mod content;
mod draft;
mod ended;
mod export;
mod fan_out;
mod group;
mod run;
pub mod validate;

pub use content::{
    decode_content, encode_content, encoding_required, script_text, update_encoding, ScriptText,
    ServerGeneration,
};
pub use draft::{DraftNotes, ScriptChanges, ScriptDraft, DEFAULT_SCRIPT_TIMEOUT};
pub use ended::ended_at;
pub use export::{csv_cell, details_csv, run_json, CSV_COLUMNS, UTF8_BOM};
pub use fan_out::{suggest_script, BROWSER_FAN_OUT_MAX};
pub use group::{
    cause_without_uuids, group_details, run_tally, DetailGroup, DetailGroupKind, RunTally,
    UUID_MARK,
};
pub use run::{
    check_vm, check_vms, details_settled, exit_code_is_reader, failed_by_stderr, record_done,
    sent_uuids, vm_script_platform, Doubt, RecordPollPolicy, Refusal, RunVerdict,
};
pub use validate::{
    jinja_warning, validate_run, validate_script, FieldError, ScriptField, ScriptInvalid,
};

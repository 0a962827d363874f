//! The script library (ZSTACK-API.md §6): saved scripts, running one on many
//! VMs, and the records of those runs.

use super::queries::query_request;
use super::{segment, ApiRequest, Endpoint, Method};
use crate::models::{
    render_params_json, DetailStatus, EmptyReply, EncodingType, GuestVmScriptInventory,
    GuestVmScriptQueryReply, GuestVmScriptReply, ScriptPlatform, ScriptRecordDetailQueryReply,
    ScriptRecordQueryReply, ScriptRecordReply, ScriptType,
};
use crate::query::{Op, Query};
use crate::scripts::{
    encode_content, update_encoding, ScriptChanges, ScriptDraft, ServerGeneration,
};
use serde::Serialize;

const SCRIPTS: &str = "/scripts";
const RECORDS: &str = "/scripts/records";
const DETAILS: &str = "/scripts/records/details";

/// Create and update share these fields; order as in the §6 table.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ScriptParams<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    script_content: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    render_params: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    platform: Option<&'a ScriptPlatform>,
    #[serde(skip_serializing_if = "Option::is_none")]
    script_type: Option<&'a ScriptType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    script_timeout: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    encoding_type: Option<&'a EncodingType>,
}

#[derive(Serialize)]
struct CreateBody<'a> {
    params: ScriptParams<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UpdateBody<'a> {
    update_guest_vm_script: ScriptParams<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExecuteParams<'a> {
    vm_instance_uuids: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    script_timeout: Option<u32>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ExecuteBody<'a> {
    execute_guest_vm_script: ExecuteParams<'a>,
}

fn script_path(uuid: &str, tail: &str) -> String {
    format!("{SCRIPTS}/{}{tail}", segment(uuid))
}

/// `/base` or `/base/{uuid}`.
fn item_or_list(base: &str, uuid: Option<&str>) -> String {
    match uuid {
        Some(u) => format!("{base}/{}", segment(u)),
        None => base.to_owned(),
    }
}

/// POST `/scripts` `{"params":{...}}` (async). An empty description or
/// parameter list and a `None` timeout are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateGuestVmScript {
    pub draft: ScriptDraft,
    /// `None`: no `encodingType` key, content as typed (5.2/5.3).
    pub encoding: Option<EncodingType>,
}

impl CreateGuestVmScript {
    /// The create this server generation takes ([`ServerGeneration::create_encoding`]).
    pub fn new(draft: ScriptDraft, generation: ServerGeneration) -> Self {
        CreateGuestVmScript {
            draft,
            encoding: generation.create_encoding(),
        }
    }
}

impl Endpoint for CreateGuestVmScript {
    type Reply = GuestVmScriptReply;
    fn request(&self) -> ApiRequest {
        let d = &self.draft;
        let params = ScriptParams {
            name: Some(&d.name),
            description: Some(d.description.as_str()).filter(|s| !s.is_empty()),
            script_content: Some(encode_content(&d.script_content, self.encoding.as_ref())),
            render_params: (!d.render_params.is_empty())
                .then(|| render_params_json(&d.render_params)),
            platform: Some(&d.platform),
            script_type: Some(&d.script_type),
            script_timeout: d.script_timeout,
            encoding_type: self.encoding.as_ref(),
        };
        ApiRequest::new(Method::Post, SCRIPTS.into())
            .body(&CreateBody { params })
            .asynchronous()
    }
}

/// PUT `/scripts/{uuid}/actions` `{"updateGuestVmScript":{...}}` (async):
/// only the changed fields; `encodingType` goes with new content only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateGuestVmScript {
    pub uuid: String,
    pub changes: ScriptChanges,
    /// How new content is sent; `None`: as typed, no key.
    pub encoding: Option<EncodingType>,
}

impl UpdateGuestVmScript {
    /// Changes to `script`, content sent in the encoding its inventory shows.
    pub fn new(script: &GuestVmScriptInventory, changes: ScriptChanges) -> Self {
        UpdateGuestVmScript {
            uuid: script.uuid.clone().unwrap_or_default(),
            changes,
            encoding: update_encoding(script),
        }
    }
}

impl Endpoint for UpdateGuestVmScript {
    type Reply = GuestVmScriptReply;
    fn request(&self) -> ApiRequest {
        let c = &self.changes;
        let content = c
            .script_content
            .as_deref()
            .map(|t| encode_content(t, self.encoding.as_ref()));
        let params = ScriptParams {
            name: c.name.as_deref(),
            description: c.description.as_deref(),
            encoding_type: content.as_ref().and(self.encoding.as_ref()),
            script_content: content,
            render_params: c.render_params.as_deref().map(render_params_json),
            platform: c.platform.as_ref(),
            script_type: c.script_type.as_ref(),
            script_timeout: c.script_timeout,
        };
        ApiRequest::new(Method::Put, script_path(&self.uuid, "/actions"))
            .body(&UpdateBody {
                update_guest_vm_script: params,
            })
            .asynchronous()
    }
}

/// DELETE `/scripts/{uuid}?deleteMode=Permissive` (async).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeleteGuestVmScript {
    pub uuid: String,
}

impl Endpoint for DeleteGuestVmScript {
    type Reply = EmptyReply;
    fn request(&self) -> ApiRequest {
        let mut req = ApiRequest::new(Method::Delete, script_path(&self.uuid, "")).asynchronous();
        req.query = vec![("deleteMode".into(), "Permissive".into())];
        req
    }
}

/// GET `/scripts?q=...`, or `/scripts/{uuid}` (still a list).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryGuestVmScript {
    pub uuid: Option<String>,
    pub query: Query,
}

impl QueryGuestVmScript {
    pub fn one(uuid: &str) -> Self {
        QueryGuestVmScript {
            uuid: Some(uuid.into()),
            query: Query::new(),
        }
    }

    /// A page of the library by name, with the total: `name~=%search%` when
    /// `search` is not blank (ZStack's LIKE; `%` and `_` typed are wildcards).
    pub fn page(search: &str, start: u32, limit: u32) -> Self {
        let mut query = Query::new()
            .start(start)
            .limit(limit)
            .reply_with_count()
            .sort("name", true);
        let search = search.trim();
        if !search.is_empty() {
            query = query.cond("name", Op::Like, format!("%{search}%"));
        }
        QueryGuestVmScript { uuid: None, query }
    }
}

impl Endpoint for QueryGuestVmScript {
    type Reply = GuestVmScriptQueryReply;
    fn request(&self) -> ApiRequest {
        query_request(&item_or_list(SCRIPTS, self.uuid.as_deref()), &self.query)
    }
}

/// PUT `/scripts/{uuid}/actions` `{"executeGuestVmScript":{...}}` (async):
/// one run on these VMs; the reply is the run's record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecuteGuestVmScript {
    pub uuid: String,
    pub vm_instance_uuids: Vec<String>,
    /// Seconds, 10-86,400; `None` leaves the script's own.
    pub script_timeout: Option<u32>,
}

impl Endpoint for ExecuteGuestVmScript {
    type Reply = ScriptRecordReply;
    fn request(&self) -> ApiRequest {
        ApiRequest::new(Method::Put, script_path(&self.uuid, "/actions"))
            .body(&ExecuteBody {
                execute_guest_vm_script: ExecuteParams {
                    vm_instance_uuids: &self.vm_instance_uuids,
                    script_timeout: self.script_timeout,
                },
            })
            .asynchronous()
    }
}

/// GET `/scripts/records?q=...`, or `/scripts/records/{uuid}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryGuestVmScriptExecutedRecord {
    pub uuid: Option<String>,
    pub query: Query,
}

impl QueryGuestVmScriptExecutedRecord {
    pub fn one(uuid: &str) -> Self {
        QueryGuestVmScriptExecutedRecord {
            uuid: Some(uuid.into()),
            query: Query::new(),
        }
    }

    /// A page of every run, newest first, with the total.
    pub fn page(start: u32, limit: u32) -> Self {
        let query = Query::new()
            .start(start)
            .limit(limit)
            .reply_with_count()
            .sort("startTime", false);
        QueryGuestVmScriptExecutedRecord { uuid: None, query }
    }
}

impl Endpoint for QueryGuestVmScriptExecutedRecord {
    type Reply = ScriptRecordQueryReply;
    fn request(&self) -> ApiRequest {
        query_request(&item_or_list(RECORDS, self.uuid.as_deref()), &self.query)
    }
}

/// GET `/scripts/records/details?q=...`: the VMs of runs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QueryGuestVmScriptExecutedRecordDetail {
    pub query: Query,
}

impl QueryGuestVmScriptExecutedRecordDetail {
    /// A page of one run's VMs (`q=recordUuid=<uuid>`), with the total.
    /// Sorted by VM UUID, unique within a run, so that pages neither skip
    /// nor repeat a VM while the run changes underneath.
    pub fn of_record(record_uuid: &str, start: u32, limit: u32) -> Self {
        let query = Query::new()
            .cond("recordUuid", Op::Eq, record_uuid)
            .start(start)
            .limit(limit)
            .reply_with_count()
            .sort("vmInstanceUuid", true);
        QueryGuestVmScriptExecutedRecordDetail { query }
    }

    /// Every VM run still going, of any run (`status?=Uploading,Running`):
    /// few rows, and a URL that does not grow with the VMs selected (a
    /// `vmInstanceUuid?=` list of 2,000 would pass what servers accept).
    pub fn in_flight() -> Self {
        let statuses = [DetailStatus::Uploading, DetailStatus::Running].map(|s| s.to_string());
        QueryGuestVmScriptExecutedRecordDetail {
            query: Query::new().cond("status", Op::In, statuses.join(",")),
        }
    }
}

impl Endpoint for QueryGuestVmScriptExecutedRecordDetail {
    type Reply = ScriptRecordDetailQueryReply;
    fn request(&self) -> ApiRequest {
        query_request(DETAILS, &self.query)
    }
}

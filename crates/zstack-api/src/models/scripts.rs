//! The script library (ZSTACK-API.md §6): saved scripts, one record per run,
//! one detail per VM of a run.

use super::{InventoriesReply, InventoryReply, Timestamp};
use crate::de::{lenient_string, lenient_u64};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

zstack_enum!(
    /// GuestVmScriptInventory `platform`.
    ScriptPlatform {
        Linux => "Linux",
        Windows => "Windows",
    }
);

zstack_enum!(
    /// GuestVmScriptInventory `scriptType`.
    ScriptType {
        Shell => "Shell",
        Python => "Python",
        Perl => "Perl",
        Bat => "Bat",
        Powershell => "Powershell",
    }
);

zstack_enum!(
    /// GuestVmScriptInventory `encodingType` (newer releases only).
    EncodingType {
        Base64 => "Base64",
        PlainText => "PlainText",
    }
);

zstack_enum!(
    /// GuestVmScriptExecutedRecordInventory `status`: the whole run.
    RecordStatus {
        Running => "Running",
        /// ZStack's spelling.
        Succeed => "Succeed",
        Failed => "Failed",
        Exception => "Exception",
    }
);

zstack_enum!(
    /// GuestVmScriptExecutedRecordDetailInventory `status`: one VM of a run.
    DetailStatus {
        Uploading => "Uploading",
        Running => "Running",
        Completed => "Completed",
        Failed => "Failed",
    }
);

const LINUX_TYPES: &[ScriptType] = &[ScriptType::Shell, ScriptType::Python, ScriptType::Perl];
const WINDOWS_TYPES: &[ScriptType] = &[ScriptType::Bat, ScriptType::Powershell];

impl ScriptPlatform {
    /// The script types ZStack accepts on this platform; none for an unknown one.
    pub fn script_types(&self) -> &'static [ScriptType] {
        match self {
            ScriptPlatform::Linux => LINUX_TYPES,
            ScriptPlatform::Windows => WINDOWS_TYPES,
            ScriptPlatform::Other(_) => &[],
        }
    }
}

impl ScriptType {
    /// The one platform this type runs on; `None` for an unknown type.
    pub fn platform(&self) -> Option<ScriptPlatform> {
        match self {
            ScriptType::Shell | ScriptType::Python | ScriptType::Perl => {
                Some(ScriptPlatform::Linux)
            }
            ScriptType::Bat | ScriptType::Powershell => Some(ScriptPlatform::Windows),
            ScriptType::Other(_) => None,
        }
    }
}

impl RecordStatus {
    /// Anything but `Running` is an end (an unknown value too: polling a
    /// status that never changes would never stop).
    pub fn is_done(&self) -> bool {
        *self != RecordStatus::Running
    }
}

impl DetailStatus {
    /// `Uploading` or `Running`: ZStack still works on this VM.
    pub fn is_in_flight(&self) -> bool {
        matches!(self, DetailStatus::Uploading | DetailStatus::Running)
    }
}

/// GuestVmScriptInventory.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(rename_all = "camelCase", default)]
pub struct GuestVmScriptInventory {
    pub uuid: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Newer releases only; its presence is what tells them from 5.2/5.3, so
    /// a model that never had it writes no key (the simulator serves these).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding_type: Option<EncodingType>,
    /// As sent: Base64 text when `encodingType` says so (see
    /// [`crate::scripts::decode_content`]).
    pub script_content: Option<String>,
    /// A JSON *string* (see [`parse_render_params`]); an array sent as such
    /// arrives as its JSON text.
    #[serde(deserialize_with = "lenient_string")]
    pub render_params: Option<String>,
    pub platform: Option<ScriptPlatform>,
    pub script_type: Option<ScriptType>,
    #[serde(deserialize_with = "lenient_u64")]
    pub script_timeout: Option<u64>,
    pub create_date: Option<Timestamp>,
    pub last_op_date: Option<Timestamp>,
}

/// GuestVmScriptExecutedRecordInventory: one run of a script on many VMs.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(rename_all = "camelCase", default)]
pub struct GuestVmScriptExecutedRecordInventory {
    pub uuid: Option<String>,
    pub script_uuid: Option<String>,
    pub record_name: Option<String>,
    #[serde(deserialize_with = "lenient_u64")]
    pub script_timeout: Option<u64>,
    pub status: Option<RecordStatus>,
    pub executor: Option<String>,
    #[serde(deserialize_with = "lenient_u64")]
    pub execution_count: Option<u64>,
    /// The script's version the run used (an Integer in ZStack's SDK; a
    /// string of digits is read too).
    #[serde(deserialize_with = "lenient_u64")]
    pub version: Option<u64>,
    pub script_content: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub render_params: Option<String>,
    pub start_time: Option<Timestamp>,
    pub end_time: Option<Timestamp>,
}

/// GuestVmScriptExecutedRecordDetailInventory: one VM of one run.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
#[serde(rename_all = "camelCase", default)]
pub struct GuestVmScriptExecutedRecordDetailInventory {
    pub record_uuid: Option<String>,
    pub vm_instance_uuid: Option<String>,
    pub vm_name: Option<String>,
    pub status: Option<DetailStatus>,
    /// Windows reports negative NTSTATUS-like codes too, so signed.
    #[serde(deserialize_with = "lenient_i64")]
    pub exit_code: Option<i64>,
    #[serde(deserialize_with = "lenient_string")]
    pub stdout: Option<String>,
    #[serde(deserialize_with = "lenient_string")]
    pub stderr: Option<String>,
    /// ZStack's reason when the run could not happen; apart from stderr.
    #[serde(deserialize_with = "lenient_string")]
    pub err_cause: Option<String>,
    pub start_time: Option<Timestamp>,
    pub end_time: Option<Timestamp>,
}

pub type GuestVmScriptReply = InventoryReply<GuestVmScriptInventory>;
pub type GuestVmScriptQueryReply = InventoriesReply<GuestVmScriptInventory>;
pub type ScriptRecordReply = InventoryReply<GuestVmScriptExecutedRecordInventory>;
pub type ScriptRecordQueryReply = InventoriesReply<GuestVmScriptExecutedRecordInventory>;
pub type ScriptRecordDetailQueryReply =
    InventoriesReply<GuestVmScriptExecutedRecordDetailInventory>;

/// A signed number that may arrive as an integer, a float (`1.0`) or a
/// numeric string; anything else is `None`.
fn lenient_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        Some(Value::Number(n)) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e18)
                .map(|f| f as i64)
        }),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    })
}

/// One `renderParams` row: `{{key}}` in the script becomes `value` on the host.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "proptest", derive(proptest_derive::Arbitrary))]
pub struct RenderParam {
    pub key: String,
    pub value: String,
    pub description: String,
}

impl RenderParam {
    pub fn new(key: &str, value: &str, description: &str) -> Self {
        RenderParam {
            key: key.into(),
            value: value.into(),
            description: description.into(),
        }
    }
}

/// Reads `renderParams` as ZStack holds it: a JSON string of
/// `[{"key","value","description"}]`. Blank, `null` and `[]` are no rows;
/// numbers and booleans in a row are read as their text, a missing or null
/// member as empty; a `{"k":"v"}` object is read as rows too.
///
/// `None` when the text is not such a list (e.g. a row that is not an
/// object): the caller shows it as sent rather than dropping rows on save.
pub fn parse_render_params(text: Option<&str>) -> Option<Vec<RenderParam>> {
    let text = text.map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return Some(Vec::new());
    }
    match serde_json::from_str::<Value>(text).ok()? {
        Value::Null => Some(Vec::new()),
        Value::Array(rows) => rows
            .into_iter()
            .map(|row| match row {
                Value::Object(m) => Some(RenderParam {
                    key: scalar_text(m.get("key"))?,
                    value: scalar_text(m.get("value"))?,
                    description: scalar_text(m.get("description"))?,
                }),
                _ => None,
            })
            .collect(),
        Value::Object(m) => m
            .into_iter()
            .map(|(key, v)| {
                Some(RenderParam {
                    key,
                    value: scalar_text(Some(&v))?,
                    description: String::new(),
                })
            })
            .collect(),
        _ => None,
    }
}

/// A row member as text; `None` for a nested list or object.
fn scalar_text(v: Option<&Value>) -> Option<String> {
    match v {
        None | Some(Value::Null) => Some(String::new()),
        Some(Value::String(s)) => Some(s.clone()),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => Some(v.to_string()),
        Some(_) => None,
    }
}

/// The JSON string ZStack expects for `renderParams`, members in its order.
pub fn render_params_json(params: &[RenderParam]) -> String {
    // A list of plain string structs cannot fail to serialise.
    serde_json::to_string(params).unwrap_or_else(|_| "[]".into())
}

impl GuestVmScriptInventory {
    /// [`parse_render_params`] of this script's `renderParams`.
    pub fn render_param_rows(&self) -> Option<Vec<RenderParam>> {
        parse_render_params(self.render_params.as_deref())
    }
}

impl GuestVmScriptExecutedRecordInventory {
    /// [`parse_render_params`] of the parameters this run used.
    pub fn render_param_rows(&self) -> Option<Vec<RenderParam>> {
        parse_render_params(self.render_params.as_deref())
    }
}

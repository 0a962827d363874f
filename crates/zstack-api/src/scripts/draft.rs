//! A script as the form holds it, and what an update sends.

use super::content::script_text;
use crate::models::{GuestVmScriptInventory, RenderParam, ScriptPlatform, ScriptType};

/// ZStack's `scriptTimeout` when a create leaves it out, in seconds.
pub const DEFAULT_SCRIPT_TIMEOUT: u32 = 60;

/// A script's fields, content as text (never encoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptDraft {
    pub name: String,
    /// Empty: none.
    pub description: String,
    pub script_content: String,
    pub platform: ScriptPlatform,
    pub script_type: ScriptType,
    /// Seconds; `None` leaves ZStack's default ([`DEFAULT_SCRIPT_TIMEOUT`]).
    pub script_timeout: Option<u32>,
    pub render_params: Vec<RenderParam>,
}

impl Default for ScriptDraft {
    fn default() -> Self {
        ScriptDraft {
            name: String::new(),
            description: String::new(),
            script_content: String::new(),
            platform: ScriptPlatform::Linux,
            script_type: ScriptType::Shell,
            script_timeout: None,
            render_params: Vec::new(),
        }
    }
}

/// What [`ScriptDraft::from_inventory`] could not read faithfully; the page
/// shows such a field as sent and an update leaves it alone unless edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DraftNotes {
    /// The content claims Base64 but is not: the draft holds it as sent.
    pub content_undecodable: bool,
    /// `renderParams` is not a list of rows: the draft holds none.
    pub params_unreadable: bool,
}

impl ScriptDraft {
    /// The form's starting point for an existing script: content decoded,
    /// parameters parsed, missing fields empty.
    pub fn from_inventory(script: &GuestVmScriptInventory) -> (ScriptDraft, DraftNotes) {
        let text = script_text(script);
        let params = script.render_param_rows();
        let draft = ScriptDraft {
            name: script.name.clone().unwrap_or_default(),
            description: script.description.clone().unwrap_or_default(),
            script_content: text.text,
            platform: script.platform.clone().unwrap_or(ScriptPlatform::Linux),
            script_type: script.script_type.clone().unwrap_or(ScriptType::Shell),
            script_timeout: script.script_timeout.and_then(|t| u32::try_from(t).ok()),
            render_params: params.clone().unwrap_or_default(),
        };
        let notes = DraftNotes {
            content_undecodable: text.undecodable,
            params_unreadable: params.is_none(),
        };
        (draft, notes)
    }
}

/// UpdateGuestVmScript's fields: `None` is "unchanged" (not sent).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScriptChanges {
    pub name: Option<String>,
    /// `Some("")` clears it.
    pub description: Option<String>,
    /// As text; encoded as the script's inventory says when sent.
    pub script_content: Option<String>,
    /// `Some(vec![])` clears them (sent as `"[]"`).
    pub render_params: Option<Vec<RenderParam>>,
    pub platform: Option<ScriptPlatform>,
    pub script_type: Option<ScriptType>,
    pub script_timeout: Option<u32>,
}

impl ScriptChanges {
    /// The fields of `after` that differ from `before` (the draft the form
    /// started from). A timeout cleared in the form is the default again.
    pub fn between(before: &ScriptDraft, after: &ScriptDraft) -> ScriptChanges {
        fn changed<T: PartialEq + Clone>(a: &T, b: &T) -> Option<T> {
            (a != b).then(|| b.clone())
        }
        let timeout = |d: &ScriptDraft| d.script_timeout.unwrap_or(DEFAULT_SCRIPT_TIMEOUT);
        ScriptChanges {
            name: changed(&before.name, &after.name),
            description: changed(&before.description, &after.description),
            script_content: changed(&before.script_content, &after.script_content),
            render_params: changed(&before.render_params, &after.render_params),
            platform: changed(&before.platform, &after.platform),
            script_type: changed(&before.script_type, &after.script_type),
            script_timeout: changed(&timeout(before), &timeout(after)),
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == ScriptChanges::default()
    }
}

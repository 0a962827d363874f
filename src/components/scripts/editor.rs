//! The script form: name, description, platform, type, the script itself,
//! timeout and parameters; each refusal beside its field.

use super::params::{ParamRow, ParamRows};
use super::words::invalid_view;
use crate::i18n::{k, tr};
use leptos::{ev::KeyboardEvent, html, prelude::*};
use serde::{Deserialize, Serialize};
use zstack_api::scripts::{
    jinja_warning, validate, validate_script, FieldError, ScriptDraft, ScriptField,
};
use zstack_api::{RenderParam, ScriptPlatform, ScriptType};

/// The form as typed: text only, so that it is kept as a draft as it is.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FormText {
    pub name: String,
    pub description: String,
    pub content: String,
    pub platform: String,
    pub script_type: String,
    /// Seconds as typed; blank is ZStack's default.
    pub timeout: String,
    pub params: Vec<RenderParam>,
}

impl FormText {
    pub fn from_draft(d: &ScriptDraft) -> Self {
        FormText {
            name: d.name.clone(),
            description: d.description.clone(),
            content: d.script_content.clone(),
            platform: d.platform.to_string(),
            script_type: d.script_type.to_string(),
            timeout: d.script_timeout.map(|t| t.to_string()).unwrap_or_default(),
            params: d.render_params.clone(),
        }
    }

    /// The draft to send, or every refusal (ZStack's checks, made here).
    pub fn checked(&self) -> Result<ScriptDraft, Vec<FieldError>> {
        let timeout = validate::timeout_text(&self.timeout, validate::SCRIPT_TIMEOUT_RANGE);
        let draft = ScriptDraft {
            name: self.name.clone(),
            description: self.description.clone(),
            script_content: self.content.clone(),
            platform: ScriptPlatform::from(self.platform.as_str()),
            script_type: ScriptType::from(self.script_type.as_str()),
            script_timeout: timeout.clone().ok().flatten(),
            render_params: self.params.clone(),
        };
        let mut errors = validate_script(&draft);
        if let Err(reason) = timeout {
            errors.push(FieldError {
                field: ScriptField::ScriptTimeout,
                reason,
            });
        }
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(errors)
        }
    }
}

/// The form's signals; `Copy`, so handlers take it freely.
#[derive(Clone, Copy)]
pub struct ScriptFields {
    pub name: RwSignal<String>,
    pub description: RwSignal<String>,
    pub content: RwSignal<String>,
    pub platform: RwSignal<String>,
    pub script_type: RwSignal<String>,
    pub timeout: RwSignal<String>,
    pub params: RwSignal<Vec<ParamRow>>,
    /// Shown beside their fields until the next check.
    pub errors: RwSignal<Vec<FieldError>>,
    next_id: StoredValue<u32>,
}

impl Default for ScriptFields {
    fn default() -> Self {
        Self::new()
    }
}

impl ScriptFields {
    pub fn new() -> Self {
        let f = ScriptFields {
            name: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            content: RwSignal::new(String::new()),
            platform: RwSignal::new(String::new()),
            script_type: RwSignal::new(String::new()),
            timeout: RwSignal::new(String::new()),
            params: RwSignal::new(Vec::new()),
            errors: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
        };
        f.set(&FormText::from_draft(&ScriptDraft::default()));
        f
    }

    /// Replaces everything typed.
    pub fn set(&self, t: &FormText) {
        self.name.set(t.name.clone());
        self.description.set(t.description.clone());
        self.content.set(t.content.clone());
        self.platform.set(t.platform.clone());
        self.script_type.set(t.script_type.clone());
        self.timeout.set(t.timeout.clone());
        let rows = t.params.iter().map(|p| ParamRow::new(self.fresh_id(), p));
        self.params.set(rows.collect());
        self.errors.set(Vec::new());
    }

    /// Everything typed (tracked).
    pub fn text(&self) -> FormText {
        FormText {
            name: self.name.get(),
            description: self.description.get(),
            content: self.content.get(),
            platform: self.platform.get(),
            script_type: self.script_type.get(),
            timeout: self.timeout.get(),
            params: self.params.get().iter().map(ParamRow::param).collect(),
        }
    }

    fn fresh_id(&self) -> u32 {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        id
    }

    /// Adds an empty row; its id.
    pub fn add_param(&self) -> u32 {
        let id = self.fresh_id();
        let row = ParamRow::new(id, &RenderParam::default());
        self.params.update(|p| p.push(row));
        id
    }

    /// Takes a row out; the id of the row now in its place (the next, else
    /// the one before), where the focus belongs.
    pub fn remove_param(&self, id: u32) -> Option<u32> {
        let mut neighbour = None;
        self.params.update(|p| {
            if let Some(i) = p.iter().position(|r| r.id == id) {
                p.remove(i);
                neighbour = p
                    .get(i)
                    .or_else(|| i.checked_sub(1).and_then(|j| p.get(j)))
                    .map(|r| r.id);
            }
        });
        self.errors
            .update(|e| e.retain(|e| e.field != ScriptField::RenderParams));
        neighbour
    }

    /// The first refused field's element id, to move the focus there.
    pub fn first_error_id(&self, prefix: &str) -> Option<String> {
        let errors = self.errors.get_untracked();
        let first = errors.first()?;
        Some(match first.field {
            ScriptField::Name => format!("{prefix}-name"),
            ScriptField::Description => format!("{prefix}-description"),
            ScriptField::ScriptContent => format!("{prefix}-content"),
            ScriptField::Platform => format!("{prefix}-platform"),
            ScriptField::ScriptType => format!("{prefix}-type"),
            ScriptField::ScriptTimeout => format!("{prefix}-timeout"),
            ScriptField::RenderParams | ScriptField::VmInstanceUuids => {
                let row = match first.reason {
                    validate::ScriptInvalid::ParamKeyEmpty { row }
                    | validate::ScriptInvalid::ParamKeyRepeated { row } => row,
                    _ => 0,
                };
                let id = self.params.get_untracked().get(row)?.id;
                format!("{prefix}-param-{id}-key")
            }
        })
    }
}

/// Inserts a tab at the caret (or over the selection) and reads the value back.
fn insert_tab(el: &web_sys::HtmlTextAreaElement) -> Option<String> {
    let start = el.selection_start().ok()??;
    el.set_range_text("\t").ok()?;
    // `setRangeText` leaves a collapsed caret before what it inserted.
    let _ = el.set_selection_range(start + 1, start + 1);
    Some(el.value())
}

/// The form's fields. `content_locked`: the content could not be read and
/// must not be edited (it would be saved as what it is not).
#[component]
pub fn ScriptEditor(
    fields: ScriptFields,
    /// Prefix of the fields' ids (`script` gives `script-name`).
    prefix: &'static str,
    #[prop(into)] content_locked: Signal<bool>,
) -> impl IntoView {
    use k::script_form as f;
    let ids = move |what: &str| format!("{prefix}-{what}");
    let error_of = move |field: ScriptField| {
        Memo::new(move |_| {
            fields
                .errors
                .with(|e| e.iter().find(|e| e.field == field).cloned())
        })
    };
    let (name_err, desc_err, content_err) = (
        error_of(ScriptField::Name),
        error_of(ScriptField::Description),
        error_of(ScriptField::ScriptContent),
    );
    let (platform_err, type_err, timeout_err) = (
        error_of(ScriptField::Platform),
        error_of(ScriptField::ScriptType),
        error_of(ScriptField::ScriptTimeout),
    );
    let invalid = |m: Memo<Option<FieldError>>| move || m.with(Option::is_some).to_string();
    let show = |m: Memo<Option<FieldError>>| move || m.get().map(|e| invalid_view(&e));
    let types = move || ScriptPlatform::from(fields.platform.get().as_str()).script_types();
    // A platform change keeps the type only when it runs there.
    let on_platform = move |ev| {
        let p = ScriptPlatform::from(event_target_value(&ev).as_str());
        let keep = p.script_types().contains(&ScriptType::from(
            fields.script_type.get_untracked().as_str(),
        ));
        if !keep {
            if let Some(first) = p.script_types().first() {
                fields.script_type.set(first.to_string());
            }
        }
        fields.platform.set(p.to_string());
    };
    // Tab types a tab; Esc first lets the next Tab leave the box.
    let escaped = StoredValue::new(false);
    let textarea = NodeRef::<html::Textarea>::new();
    let on_keydown = move |ev: KeyboardEvent| {
        let key = ev.key();
        if key == "Escape" {
            escaped.set_value(true);
            return;
        }
        let leave = escaped.get_value();
        escaped.set_value(false);
        let plain = !(ev.shift_key() || ev.ctrl_key() || ev.alt_key() || ev.meta_key());
        if key == "Tab" && plain && !leave {
            if let Some(text) = textarea.get_untracked().and_then(|el| insert_tab(&el)) {
                ev.prevent_default();
                fields.content.set(text);
            }
        }
    };
    let jinja = move || {
        let has_params = fields.params.with(|p| !p.is_empty());
        fields.content.with(|c| jinja_warning(c, has_params))
    };

    view! {
        <div class="script-form__fields">
            <label for=ids("name")>{tr(f::NAME)}</label>
            <input id=ids("name") type="text" autocomplete="off" maxlength="200"
                aria-invalid=invalid(name_err) aria-describedby=ids("name-error") bind:value=fields.name/>
            <p id=ids("name-error") class="field-error">{show(name_err)}</p>

            <label for=ids("description")>{tr(f::DESCRIPTION)}</label>
            <input id=ids("description") type="text" autocomplete="off"
                aria-invalid=invalid(desc_err) aria-describedby=ids("description-error") bind:value=fields.description/>
            <p id=ids("description-error") class="field-error">{show(desc_err)}</p>

            <div class="script-form__row">
                <div class="script-form__cell">
                    <label for=ids("platform")>{tr(f::PLATFORM)}</label>
                    <select id=ids("platform") aria-invalid=invalid(platform_err) aria-describedby=ids("platform-error")
                        prop:value=move || fields.platform.get() on:change=on_platform>
                        {["Linux", "Windows"].map(|p| view! {
                            <option value=p translate="no" selected=move || fields.platform.get() == p>{p}</option>
                        })}
                    </select>
                    <p id=ids("platform-error") class="field-error">{show(platform_err)}</p>
                </div>
                <div class="script-form__cell">
                    <label for=ids("type")>{tr(f::SCRIPT_TYPE)}</label>
                    <select id=ids("type") aria-invalid=invalid(type_err) aria-describedby=ids("type-error")
                        prop:value=move || fields.script_type.get()
                        on:change=move |ev| fields.script_type.set(event_target_value(&ev))>
                        {move || types().iter().map(|ty| {
                            let v = ty.to_string();
                            let selected = v.clone();
                            view! { <option value=v.clone() translate="no" selected=move || fields.script_type.get() == selected>{v.clone()}</option> }
                        }).collect_view()}
                    </select>
                    <p id=ids("type-error") class="field-error">{show(type_err)}</p>
                </div>
                <div class="script-form__cell">
                    <label for=ids("timeout")>{tr(f::TIMEOUT)}</label>
                    <input id=ids("timeout") type="number" min="1" max="86400" step="1" inputmode="numeric"
                        placeholder="60" class="console__timeout"
                        aria-invalid=invalid(timeout_err) aria-describedby=ids("timeout-error") bind:value=fields.timeout/>
                    <p id=ids("timeout-error") class="field-error">{show(timeout_err)}</p>
                </div>
            </div>

            <label for=ids("content")>{tr(f::CONTENT)}</label>
            <textarea id=ids("content") class="script-form__content" rows="14" wrap="off"
                spellcheck="false" autocomplete="off" autocapitalize="off" translate="no"
                node_ref=textarea readonly=move || content_locked.get()
                aria-invalid=invalid(content_err)
                aria-describedby=format!("{} {}", ids("content-error"), ids("content-help"))
                prop:value=move || fields.content.get()
                on:input=move |ev| fields.content.set(event_target_value(&ev))
                on:keydown=on_keydown></textarea>
            <p id=ids("content-help") class="muted small">{tr(f::CONTENT_HELP)}</p>
            <p id=ids("content-error") class="field-error">{show(content_err)}</p>
            {move || jinja().then(|| view! {
                <p class="output__note" role="note" data-testid="script-jinja-warning">
                    {move || crate::i18n::msg_with_data(f::JINJA_WARNING, &[("open", "{{"), ("jinja", "Jinja2"), ("example", "{{ '{{' }}")])}
                </p>
            })}
            <ParamRows fields=fields prefix=prefix/>
        </div>
    }
}

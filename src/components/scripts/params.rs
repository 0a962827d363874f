//! `renderParams` rows: key, value and explanation, added and removed.

use super::editor::ScriptFields;
use super::words::invalid_view;
use crate::i18n::{k, msg_with_data, tf, tr};
use leptos::prelude::*;
use zstack_api::scripts::{ScriptField, ScriptInvalid};
use zstack_api::RenderParam;

/// One row's fields; `id` is stable for the row's life (keyed rendering
/// keeps focus in a row while another is added or removed).
#[derive(Clone, Copy, Debug)]
pub struct ParamRow {
    pub id: u32,
    pub key: RwSignal<String>,
    pub value: RwSignal<String>,
    pub description: RwSignal<String>,
}

impl ParamRow {
    pub fn new(id: u32, p: &RenderParam) -> Self {
        ParamRow {
            id,
            key: RwSignal::new(p.key.clone()),
            value: RwSignal::new(p.value.clone()),
            description: RwSignal::new(p.description.clone()),
        }
    }

    /// As typed (tracked).
    pub fn param(&self) -> RenderParam {
        RenderParam {
            key: self.key.get(),
            value: self.value.get(),
            description: self.description.get(),
        }
    }
}

/// The row a refusal belongs to.
fn row_of(reason: &ScriptInvalid) -> Option<usize> {
    match reason {
        ScriptInvalid::ParamKeyEmpty { row } | ScriptInvalid::ParamKeyRepeated { row } => {
            Some(*row)
        }
        _ => None,
    }
}

/// Focuses the element `id` once the view has drawn the change just made.
fn focus_soon(id: String) {
    request_animation_frame(move || {
        if let Some(el) = document().get_element_by_id(&id) {
            use wasm_bindgen::JsCast;
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
        }
    });
}

/// The rows as a table of inputs, each refusal beside its row. The focus
/// follows a keyboard user: into a row just added, and from a row removed
/// to the one in its place (else to "Add parameter"), never to the page.
#[component]
pub fn ParamRows(fields: ScriptFields, prefix: &'static str) -> impl IntoView {
    let rows = fields.params;
    let key_id = move |id: u32| format!("{prefix}-param-{id}-key");
    let add_id = format!("{prefix}-param-add");
    let each = move || rows.get().into_iter().enumerate().collect::<Vec<_>>();
    view! {
        <fieldset class="script-params">
            <legend>{tr(k::script_form::PARAMS)}</legend>
            <p class="muted small">{move || msg_with_data(k::script_form::PARAMS_HELP, &[("example", "{{ key }}")])}</p>
            <For each=each key=|(i, r)| (*i, r.id) let:item>
                {
                    let (index, row) = item;
                    let n = index + 1;
                    let ids = move |what: &str| format!("{prefix}-param-{}-{what}", row.id);
                    let error = Memo::new(move |_| fields.errors.with(|errs| {
                        errs.iter()
                            .find(|e| e.field == ScriptField::RenderParams && row_of(&e.reason) == Some(index))
                            .cloned()
                    }));
                    view! {
                        <div class="script-params__row">
                            <input id=ids("key") type="text" class="mono" spellcheck="false" autocomplete="off"
                                aria-label=move || tf(k::script_form::PARAM_KEY, &[("row", &n)])
                                placeholder=tr(k::script_form::PARAM_KEY_PLACEHOLDER)
                                aria-invalid=move || error.with(Option::is_some).to_string()
                                aria-describedby=ids("error")
                                bind:value=row.key/>
                            <input type="text" spellcheck="false" autocomplete="off"
                                aria-label=move || tf(k::script_form::PARAM_VALUE, &[("row", &n)])
                                placeholder=tr(k::script_form::PARAM_VALUE_PLACEHOLDER)
                                bind:value=row.value/>
                            <input type="text" autocomplete="off"
                                aria-label=move || tf(k::script_form::PARAM_EXPLANATION, &[("row", &n)])
                                placeholder=tr(k::script_form::PARAM_EXPLANATION_PLACEHOLDER)
                                bind:value=row.description/>
                            <button type="button" class="button button--small"
                                on:click=move |_| focus_soon(fields.remove_param(row.id)
                                    .map_or_else(|| format!("{prefix}-param-add"), key_id))>
                                {move || tf(k::script_form::REMOVE_PARAM, &[("row", &n)])}
                            </button>
                            <p id=ids("error") class="field-error">{move || error.get().map(|e| invalid_view(&e))}</p>
                        </div>
                    }
                }
            </For>
            <button type="button" id=add_id class="button"
                on:click=move |_| focus_soon(key_id(fields.add_param()))>{tr(k::script_form::ADD_PARAM)}</button>
        </fieldset>
    }
}

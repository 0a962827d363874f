//! `/scripts/new`: a new script, kept as a draft until ZStack has it, then
//! its own page. The page of an existing script is `script_page.rs`.

use super::carried_suffix;
use crate::components::alert::ErrorAlert;
use crate::components::scripts::editor::{FormText, ScriptEditor, ScriptFields};
use crate::components::scripts::{flash, generation, learn, learn_newer, take_command};
use crate::i18n::{k, t, tr, Msg};
use crate::{api, draft::use_draft};
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_query_map},
};
use zstack_api::scripts::{encoding_required, ScriptDraft, ServerGeneration};
use zstack_api::{
    ApiError, CreateGuestVmScript, GuestVmScriptInventory, QueryGuestVmScript, ScriptPlatform,
    ScriptType,
};

pub use super::script_page::ScriptPage;

/// The form's id prefix on both script pages.
pub const PREFIX: &str = "script";

/// Checks the form as ZStack would; on refusal shows each beside its field
/// and moves the focus to the first. Nothing typed is touched.
pub fn checked_or_show(fields: ScriptFields) -> Option<ScriptDraft> {
    match untrack(|| fields.text()).checked() {
        Ok(d) => {
            fields.errors.set(Vec::new());
            Some(d)
        }
        Err(errors) => {
            fields.errors.set(errors);
            if let Some(el) = fields
                .first_error_id(PREFIX)
                .and_then(|id| document().get_element_by_id(&id))
            {
                use wasm_bindgen::JsCast;
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
            None
        }
    }
}

/// Creates the script as this server takes it. A server taken for 5.2/5.3
/// that requires `encodingType` refuses naming it: then it is known to be
/// newer, and the create is sent once more as such (`true`: resent).
async fn create(draft: ScriptDraft) -> Result<(GuestVmScriptInventory, bool), ApiError> {
    let first = CreateGuestVmScript::new(draft.clone(), generation());
    let (reply, resent) = match api::call(&first).await {
        Err(e) if first.encoding.is_none() && encoding_required(&e) => {
            learn_newer();
            let again = CreateGuestVmScript::new(draft, ServerGeneration::Newer);
            (api::call(&again).await?, true)
        }
        other => (other?, false),
    };
    let inventory = reply.inventory.unwrap_or_default();
    learn([&inventory]);
    Ok((inventory, resent))
}

#[component]
pub fn NewScript() -> impl IntoView {
    let query = use_query_map();
    let carried = Memo::new(move |_| {
        crate::pages::multi_run::selected_uuids(&query.read().get("vms").unwrap_or_default())
    });
    let fields = ScriptFields::new();
    let draft = use_draft("/scripts/new", "form", "");
    if let Ok(text) = serde_json::from_str::<FormText>(&draft.get_untracked()) {
        fields.set(&text);
    }
    // A command brought from the multi-VM run starts a fresh script.
    if let Some((command, platform)) = take_command() {
        let platform = ScriptPlatform::from(platform.as_str());
        let script_type = platform
            .script_types()
            .first()
            .cloned()
            .unwrap_or(ScriptType::Shell);
        fields.set(&FormText::from_draft(&ScriptDraft {
            script_content: command,
            platform,
            script_type,
            ..ScriptDraft::default()
        }));
    }
    Effect::new(move |_| {
        let text = fields.text();
        draft.set(serde_json::to_string(&text).unwrap_or_default());
    });
    // An empty library teaches nothing; a page of it may.
    if generation() == ServerGeneration::Unknown {
        leptos::task::spawn_local(async move {
            if let Ok(r) = api::call(&QueryGuestVmScript::page("", 0, 20)).await {
                learn(&r.inventories);
            }
        });
    }
    let error = RwSignal::new(None::<ApiError>);
    let navigate = use_navigate();
    let save = Action::new_local(move |d: &ScriptDraft| {
        let (d, navigate) = (d.clone(), navigate.clone());
        async move {
            match create(d).await {
                Ok((inventory, resent)) => {
                    fields.set(&FormText::from_draft(&ScriptDraft::default()));
                    draft.set(String::new());
                    flash(if resent {
                        k::script_form::CREATED_RESENT
                    } else {
                        k::script_form::CREATED
                    });
                    let suffix = carried.with_untracked(|c| carried_suffix(c));
                    match inventory.uuid {
                        Some(u) => navigate(&format!("/scripts/{u}{suffix}"), Default::default()),
                        None => navigate("/scripts", Default::default()),
                    }
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let busy = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        if let Some(d) = checked_or_show(fields) {
            save.dispatch_local(d);
        }
    };
    view! {
        <section class="page">
            <p class="breadcrumb"><A href="/scripts">{tr(k::scripts::BACK_TO_LIBRARY)}</A></p>
            <h1>{tr(k::script_form::NEW_TITLE)}</h1>
            <form class="card script-form" on:submit=submit novalidate aria-labelledby="script-form-h">
                <h2 id="script-form-h" class="visually-hidden">{tr(k::script_form::NEW_TITLE)}</h2>
                <ScriptEditor fields=fields prefix=PREFIX content_locked=false/>
                <ErrorAlert error=error what=k::script_form::CREATE_FAILED/>
                <div class="actions">
                    <button type="submit" class="button button--primary" disabled=move || busy.get()>
                        {tr(k::script_form::SAVE)}
                    </button>
                    <SavingStatus busy=busy.into() text=k::script_form::CREATING/>
                </div>
            </form>
        </section>
    }
}

/// "Saving…" beside the button while ZStack works (its job is followed).
#[component]
pub fn SavingStatus(busy: Signal<bool>, text: Msg) -> impl IntoView {
    view! { <span role="status" class="muted">{move || busy.get().then(|| t(text))}</span> }
}

//! `/scripts/{uuid}`: one script. Edit it (only the changes are sent),
//! delete it (after a confirmation), or run it on VMs.

use super::form::{checked_or_show, SavingStatus, PREFIX};
use crate::components::scripts::editor::{FormText, ScriptEditor, ScriptFields};
use crate::components::scripts::run_on_vms::RunOnVms;
use crate::components::scripts::{flash, learn, script_name, take_flash, FLASH_VALUES};
use crate::components::{alert::ErrorAlert, confirm::ConfirmDialog};
use crate::i18n::{k, msg_with_data, t, tr, with_data, Msg};
use crate::{api, draft::use_draft};
use leptos::prelude::*;
use leptos_router::{
    components::A,
    hooks::{use_navigate, use_params_map, use_query_map},
    NavigateOptions,
};
use zstack_api::scripts::{ScriptChanges, ScriptDraft};
use zstack_api::{
    ApiError, DeleteGuestVmScript, GuestVmScriptInventory, QueryGuestVmScript, ScriptPlatform,
    UpdateGuestVmScript,
};

#[component]
pub fn ScriptPage() -> impl IntoView {
    let params = use_params_map();
    let uuid = Memo::new(move |_| params.read().get("uuid").unwrap_or_default());
    view! {
        <section class="page">
            <p class="breadcrumb"><A href="/scripts">{tr(k::scripts::BACK_TO_LIBRARY)}</A></p>
            // Another script is another page: nothing of the last one stays.
            {move || {
                let id = uuid.get();
                if zstack_api::validate::uuid(&id).is_ok() {
                    view! { <ScriptView uuid=id/> }.into_any()
                } else {
                    view! {
                        <h1>{tr(k::script_form::NOT_FOUND)}</h1>
                        <p role="alert" class="alert alert--error">
                            {move || with_data(t(k::script_form::BAD_UUID), &[("uuid", &id)])}
                        </p>
                    }.into_any()
                }
            }}
        </section>
    }
}

#[component]
fn ScriptView(uuid: String) -> impl IntoView {
    let said = RwSignal::new(take_flash());
    let script = LocalResource::new({
        let uuid = uuid.clone();
        move || {
            let request = QueryGuestVmScript::one(&uuid);
            async move {
                let answer = api::call(&request).await;
                if let Ok(r) = &answer {
                    learn(&r.inventories);
                }
                answer.map(|r| r.inventories.into_iter().next())
            }
        }
    });
    let heading = move || {
        script.with(|s| match s {
            None => t(k::script_form::LOADING).into_any(),
            Some(Ok(Some(inv))) => {
                view! { <span translate="no">{script_name(inv)}</span> }.into_any()
            }
            Some(Ok(None)) => t(k::script_form::NOT_FOUND).into_any(),
            Some(Err(_)) => t(k::script_form::LOAD_FAILED).into_any(),
        })
    };
    let body = move || {
        script.with(|s| match s {
            None => ().into_any(),
            Some(Ok(Some(inv))) => {
                view! { <Loaded script=inv.clone() said=said refetch=Callback::new(move |()| script.refetch())/> }.into_any()
            }
            Some(Ok(None)) => {
                let uuid = uuid.clone();
                view! { <p role="alert" class="alert alert--error">
                    {move || with_data(t(k::script_form::GONE), &[("uuid", &uuid)])}
                </p> }.into_any()
            }
            Some(Err(e)) => {
                let e = e.clone();
                view! {
                    <ErrorAlert error=Signal::derive(move || Some(e.clone())) what=k::script_form::LOAD_FAILED/>
                    <button type="button" class="button" on:click=move |_| script.refetch()>{tr(k::common::TRY_AGAIN)}</button>
                }.into_any()
            }
        })
    };
    view! {
        <h1>{heading}</h1>
        {move || said.get().map(|m| view! { <p role="status" class="alert alert--ok">{move || msg_with_data(m, &FLASH_VALUES)}</p> })}
        {body}
    }
}

/// The form over a script as ZStack holds it. What was typed and not saved
/// is kept per script (a dead session, a reload); a save starts afresh from
/// what ZStack then holds.
#[component]
fn Loaded(
    script: GuestVmScriptInventory,
    said: RwSignal<Option<Msg>>,
    refetch: Callback<()>,
) -> impl IntoView {
    let uuid = script.uuid.clone().unwrap_or_default();
    let scope = format!("/scripts/{uuid}");
    let (before, notes) = ScriptDraft::from_inventory(&script);
    let base = FormText::from_draft(&before);
    let fields = ScriptFields::new();
    let draft = use_draft(&scope, "form", "");
    let kept = serde_json::from_str::<FormText>(&draft.get_untracked()).ok();
    fields.set(kept.as_ref().unwrap_or(&base));
    {
        let base = base.clone();
        Effect::new(move |_| {
            let text = fields.text();
            // Only changes are a draft: an untouched form follows ZStack.
            draft.set(if text == base {
                String::new()
            } else {
                serde_json::to_string(&text).unwrap_or_default()
            });
        });
    }
    let error = RwSignal::new(None::<ApiError>);
    let update = Action::new_local({
        let script = script.clone();
        move |changes: &ScriptChanges| {
            let request = UpdateGuestVmScript::new(&script, changes.clone());
            async move {
                match api::call(&request).await {
                    Ok(reply) => {
                        learn(reply.inventory.as_ref());
                        draft.set(String::new());
                        said.set(Some(k::script_form::SAVED));
                        refetch.run(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            }
        }
    });
    let busy = update.pending();
    let submit = {
        let before = before.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            error.set(None);
            said.set(None);
            let Some(after) = checked_or_show(fields) else {
                return;
            };
            let changes = ScriptChanges::between(&before, &after);
            if changes.is_empty() {
                said.set(Some(k::script_form::NOTHING_CHANGED));
                return;
            }
            update.dispatch_local(changes);
        }
    };

    let query = use_query_map();
    let selected = use_draft(&scope, "vms", "");
    let carried = untrack(|| query.read().get("vms")).unwrap_or_default();
    let carried = crate::pages::multi_run::selected_uuids(&carried);
    if !carried.is_empty() {
        selected.set(carried.join(","));
        // The choice is the page's draft from here on: a sign-in round
        // trip must not bring `?vms=` back over later changes.
        let (navigate, here) = (use_navigate(), scope.clone());
        Effect::new(move |_| {
            let replace = NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            };
            navigate(&here, replace);
        });
    }
    let platform = script.platform.clone().unwrap_or(ScriptPlatform::Linux);
    let name = script_name(&script);
    let raw_params = script.render_params.clone().unwrap_or_default();

    view! {
        {notes.content_undecodable.then(|| view! {
            <p class="output__note" role="note" data-testid="script-undecodable">{move || msg_with_data(k::script_form::UNDECODABLE, &FLASH_VALUES)}</p>
        })}
        {notes.params_unreadable.then(|| view! {
            <div class="output__note" role="note" data-testid="script-params-unreadable">
                <p>{tr(k::script_form::PARAMS_UNREADABLE)}</p>
                <pre class="output" translate="no">{raw_params}</pre>
            </div>
        })}
        <form class="card script-form" on:submit=submit novalidate aria-labelledby="script-form-h">
            <h2 id="script-form-h">{tr(k::script_form::EDIT_HEADING)}</h2>
            <ScriptEditor fields=fields prefix=PREFIX content_locked=notes.content_undecodable/>
            <ErrorAlert error=error what=k::script_form::SAVE_FAILED/>
            <div class="actions">
                <button type="submit" class="button button--primary" disabled=move || busy.get()>
                    {tr(k::script_form::SAVE)}
                </button>
                <SavingStatus busy=busy.into() text=k::script_form::SAVING/>
            </div>
        </form>
        <RunOnVms script_uuid=uuid.clone() platform=platform default_timeout=script.script_timeout selected=selected/>
        <DeleteScript uuid=uuid name=name/>
    }
}

/// "Delete", a question naming the script, then DeleteGuestVmScript
/// (`deleteMode=Permissive`) and back to the library.
#[component]
fn DeleteScript(uuid: String, name: String) -> impl IntoView {
    let asking = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let navigate = use_navigate();
    let delete = Action::new_local(move |uuid: &String| {
        let (request, navigate) = (DeleteGuestVmScript { uuid: uuid.clone() }, navigate.clone());
        async move {
            match api::call(&request).await {
                Ok(_) => {
                    flash(k::script_form::DELETED);
                    navigate("/scripts", Default::default());
                }
                Err(e) => error.set(Some(e)),
            }
        }
    });
    let busy = delete.pending();
    let delete_button = NodeRef::<leptos::html::Button>::new();
    let confirm = Callback::new(move |()| {
        asking.set(false);
        delete.dispatch_local(uuid.clone());
    });
    let cancel = Callback::new(move |()| {
        asking.set(false);
        // Next frame: the button is enabled again only once the view
        // updates, and a disabled button takes no focus.
        request_animation_frame(move || {
            if let Some(b) = delete_button.get_untracked() {
                let _ = b.focus();
            }
        });
    });
    view! {
        <section class="card script-delete" aria-labelledby="script-delete-h">
            <h2 id="script-delete-h">{tr(k::script_form::DELETE_HEADING)}</h2>
            <p class="muted small">{tr(k::script_form::DELETE_HELP)}</p>
            <div class="actions">
                <button type="button" class="button" node_ref=delete_button disabled=move || busy.get() || asking.get()
                    on:click=move |_| asking.set(true)>{tr(k::script_form::DELETE)}</button>
                <SavingStatus busy=busy.into() text=k::script_form::DELETING/>
            </div>
            {move || asking.get().then(|| view! {
                <ConfirmDialog title=k::script_form::DELETE_TITLE message=k::script_form::DELETE_MESSAGE
                    name=name.clone() confirm=k::script_form::DELETE focus_cancel=true
                    on_confirm=confirm on_cancel=cancel/>
            })}
            <ErrorAlert error=error what=k::script_form::DELETE_FAILED/>
        </section>
    }
}

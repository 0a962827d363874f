//! The command form of the VM page's console and of the multi-VM run:
//! platform, timeout and command, each refusal beside its field.

use crate::{
    command::{invalid_text, CommandFields},
    i18n::{tr, Msg},
};
use leptos::{ev::KeyboardEvent, html, prelude::*};

#[component]
pub fn CommandForm(
    fields: CommandFields,
    /// Prefix of the fields' ids (`console` gives `console-command`).
    id: &'static str,
    /// The submit button's label.
    submit: Msg,
    /// The submit button waits (a run under way, nothing to run on).
    #[prop(into)]
    disabled: Signal<bool>,
    /// A valid-looking submit (Enter in a field, the button): the caller checks the fields.
    on_submit: Callback<()>,
    /// A heading that names the form (it then stands as a card of its own).
    #[prop(optional)]
    heading: Option<Msg>,
    /// A hint under the command box.
    #[prop(optional)]
    help: Option<Msg>,
    #[prop(optional)] textarea: Option<NodeRef<html::Textarea>>,
    /// Keys in the command box (history recall, Enter to run).
    #[prop(optional)]
    on_keydown: Option<Callback<KeyboardEvent>>,
    /// The user typed in the command box.
    #[prop(optional)]
    on_input: Option<Callback<()>>,
    /// Beside the submit button: a stop button, a status line.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    use crate::i18n::k::console as c;
    let CommandFields {
        command,
        timeout,
        platform,
        command_error,
        timeout_error,
        utf8,
    } = fields;
    let ids = |what: &str| format!("{id}-{what}");
    let heading_id = heading.map(|_| ids("h"));
    let described_by = match help {
        Some(_) => format!("{} {}", ids("command-error"), ids("command-help")),
        None => ids("command-error"),
    };
    let textarea = textarea.unwrap_or_default();
    view! {
        <form class=if heading.is_some() { "card console__form" } else { "console__form" }
            aria-labelledby=heading_id.clone() novalidate
            on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); on_submit.run(()); }>
            {heading.map(|h| view! { <h2 id=heading_id.clone()>{tr(h)}</h2> })}
            <div class="console__row">
                <label for=ids("platform")>{tr(c::PLATFORM)}</label>
                <select id=ids("platform") prop:value=move || platform.get()
                    on:change=move |ev| platform.set(event_target_value(&ev))>
                    <option value="Linux" selected=move || platform.get() != "Windows">"Linux"</option>
                    <option value="Windows" selected=move || platform.get() == "Windows">"Windows"</option>
                </select>
                <label for=ids("timeout")>{tr(c::TIMEOUT)}</label>
                <input id=ids("timeout") type="number" min="10" max="86400" step="1" inputmode="numeric"
                    placeholder="300" class="console__timeout"
                    aria-invalid=move || timeout_error.get().is_some().to_string()
                    aria-describedby=ids("timeout-error")
                    bind:value=timeout/>
            </div>
            // Chinese Windows answers in GBK, which ZStack may read as Latin-1.
            {move || (platform.get() == "Windows").then(|| view! {
                <div class="console__row">
                    <label class="checkbox">
                        <input type="checkbox" prop:checked=move || !utf8.get().is_empty()
                            on:change=move |ev| utf8.set(if event_target_checked(&ev) { "cmd".into() } else { String::new() })/>
                        {tr(c::ASK_UTF8)}
                    </label>
                    {move || (!utf8.get().is_empty()).then(|| view! {
                        <label class="checkbox">
                            <input type="checkbox" prop:checked=move || utf8.get() == "powershell"
                                on:change=move |ev| utf8.set(if event_target_checked(&ev) { "powershell".into() } else { "cmd".into() })/>
                            {tr(c::POWERSHELL)}
                        </label>
                    })}
                </div>
            })}
            <p id=ids("timeout-error") class="field-error">{move || timeout_error.get().map(|e| invalid_text(&e))}</p>
            <label for=ids("command")>{tr(c::COMMAND)}</label>
            <textarea id=ids("command") rows="3" spellcheck="false" autocomplete="off"
                node_ref=textarea
                aria-invalid=move || command_error.get().is_some().to_string()
                aria-describedby=described_by
                prop:value=move || command.get()
                on:input=move |ev| {
                    command.set(event_target_value(&ev));
                    if let Some(f) = on_input { f.run(()) }
                }
                on:keydown=move |ev| if let Some(f) = on_keydown { f.run(ev) }></textarea>
            {help.map(|h| view! { <p id=ids("command-help") class="muted small">{tr(h)}</p> })}
            <p id=ids("command-error") class="field-error">{move || command_error.get().map(|e| invalid_text(&e))}</p>
            <div class="actions">
                <button type="submit" class="button button--primary" data-shortcut="run"
                    disabled=move || disabled.get()>{tr(submit)}</button>
                {children.map(|c| c())}
            </div>
        </form>
    }
}

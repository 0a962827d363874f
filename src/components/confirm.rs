//! An in-page confirmation: an `alertdialog` that takes the focus, answers
//! Escape, and names what will happen in plain text.

use crate::dom::next_id;
use crate::i18n::msg_with_data;
use crate::i18n::{k, tr, Msg};
use leptos::{ev::KeyboardEvent, prelude::*};

#[component]
pub fn ConfirmDialog(
    /// The dialog's accessible name.
    title: Msg,
    /// What will happen, as text; its `{name}` is the ISO's name.
    message: Msg,
    /// The ISO's name, as ZStack has it.
    #[prop(into)]
    name: String,
    /// The label of the confirming button.
    confirm: Msg,
    /// Focus "Cancel" first instead of the confirming button.
    #[prop(optional)]
    focus_cancel: bool,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let id = next_id("iso-confirm");
    let (title_id, message_id) = (format!("{id}-title"), format!("{id}-message"));
    let confirm_ref = NodeRef::<leptos::html::Button>::new();
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        let target = if focus_cancel {
            cancel_ref.get()
        } else {
            confirm_ref.get()
        };
        if let Some(button) = target {
            let _ = button.focus();
        }
    });
    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_cancel.run(());
        }
    };
    view! {
        <div role="alertdialog" class="iso-confirm" aria-labelledby=title_id.clone() aria-describedby=message_id.clone()
            on:keydown=on_keydown>
            <p id=title_id.clone() class="iso-confirm__title">{tr(title)}</p>
            <p id=message_id.clone() class="iso-confirm__message">
                {move || msg_with_data(message, &[("name", name.clone())])}
            </p>
            <div class="actions">
                <button type="button" class="button button--primary" node_ref=confirm_ref
                    on:click=move |_| on_confirm.run(())>{tr(confirm)}</button>
                <button type="button" class="button" node_ref=cancel_ref
                    on:click=move |_| on_cancel.run(())>{tr(k::iso::CANCEL)}</button>
            </div>
        </div>
    }
}

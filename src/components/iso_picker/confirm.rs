//! An in-page confirmation: an `alertdialog` that takes the focus, answers
//! Escape, and names what will happen in plain text.

use super::next_id;
use leptos::{ev::KeyboardEvent, prelude::*};

#[component]
pub fn ConfirmDialog(
    /// The dialog's accessible name.
    #[prop(into)]
    title: String,
    /// What will happen, as text.
    #[prop(into)]
    message: String,
    /// The label of the confirming button.
    confirm: &'static str,
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
            <p id=title_id.clone() class="iso-confirm__title">{title}</p>
            <p id=message_id.clone() class="iso-confirm__message">{message}</p>
            <div class="actions">
                <button type="button" class="button button--primary" node_ref=confirm_ref
                    on:click=move |_| on_confirm.run(())>{confirm}</button>
                <button type="button" class="button" node_ref=cancel_ref
                    on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        </div>
    }
}

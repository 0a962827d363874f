//! Keyboard shortcuts for people who live in the console: `?` lists them,
//! `/` focuses the page's search or filter box, `g v` goes to the VM list,
//! `r` refreshes the guest tools state, Ctrl+Enter runs the command.
//!
//! Pages opt in by marking elements: `data-shortcut="search"`, `"refresh"`,
//! `"run"`. Single keys never fire while typing in a field.

use crate::i18n::{k, tr, Msg};
use leptos::{html, prelude::*};
use leptos_router::hooks::use_navigate;
use wasm_bindgen::JsCast;

/// How long `g` waits for its second key.
const CHORD_MS: f64 = 1500.0;

fn marked(name: &str) -> Option<web_sys::HtmlElement> {
    document()
        .query_selector(&format!("[data-shortcut={name}]"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
}

fn is_typing(target: Option<web_sys::EventTarget>) -> bool {
    let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return false;
    };
    matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || el.is_content_editable()
}

/// Listens on the window for the app's lifetime; call inside the router.
pub fn install(show: RwSignal<bool>) {
    let navigate = use_navigate();
    let g_at = StoredValue::new(None::<f64>);
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.default_prevented() || ev.is_composing() {
            return;
        }
        let key = ev.key();
        if key == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
            // The command box runs on Enter itself; this is for the other fields.
            if let Some(run) = marked("run") {
                ev.prevent_default();
                run.click();
            }
            return;
        }
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || is_typing(ev.target()) {
            return;
        }
        let now = js_sys::Date::now();
        let chord = g_at.get_value().is_some_and(|t| now - t < CHORD_MS);
        g_at.set_value(None);
        match key.as_str() {
            "?" => show.update(|s| *s = !*s),
            "/" => match marked("search") {
                Some(el) => {
                    let _ = el.focus();
                }
                None => return,
            },
            "g" => g_at.set_value(Some(now)),
            "v" if chord => navigate("/vms", Default::default()),
            "r" => match marked("refresh") {
                Some(el) => el.click(),
                None => return,
            },
            _ => return,
        }
        ev.prevent_default();
    });
    on_cleanup(move || handle.remove());
}

/// The `?` overlay: a modal dialog (Escape and the Close button close it,
/// focus returns where it was).
#[component]
pub fn ShortcutsDialog(show: RwSignal<bool>) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    // What exists on this page, read when the list opens.
    let present = RwSignal::new([false; 3]);
    Effect::new(move |_| {
        let Some(d) = dialog.get() else { return };
        if show.get() {
            present.set(["search", "refresh", "run"].map(|m| marked(m).is_some()));
            if !d.open() {
                let _ = d.show_modal();
            }
        } else if d.open() {
            d.close();
        }
    });
    let row = move |keys: &'static [&'static str], what: Msg, here: Option<usize>| {
        let keys = keys
            .iter()
            .enumerate()
            .map(|(i, key)| {
                view! {
                    {(i > 0).then(|| view! { " " {tr(k::shortcuts::THEN)} " " })}
                    <kbd>{*key}</kbd>
                }
            })
            .collect_view();
        view! {
            <tr>
                <td class="shortcut-keys">{keys}</td>
                <td>
                    {tr(what)}
                    {move || here.is_some_and(|i| !present.get()[i]).then(|| view! {
                        <span class="muted">" (" {tr(k::shortcuts::UNAVAILABLE)} ")"</span>
                    })}
                </td>
            </tr>
        }
    };
    view! {
        <dialog node_ref=dialog class="shortcuts card" aria-labelledby="shortcuts-title"
            on:close=move |_| show.set(false)>
            <h2 id="shortcuts-title">{tr(k::shortcuts::TITLE)}</h2>
            <table class="shortcuts__table">
                <thead><tr>
                    <th scope="col">{tr(k::shortcuts::KEY_COLUMN)}</th>
                    <th scope="col">{tr(k::shortcuts::ACTION_COLUMN)}</th>
                </tr></thead>
                <tbody>
                    {row(&["?"], k::shortcuts::HELP, None)}
                    {row(&["/"], k::shortcuts::SEARCH, Some(0))}
                    {row(&["g", "v"], k::shortcuts::GO_VMS, None)}
                    {row(&["r"], k::shortcuts::REFRESH, Some(1))}
                    {row(&["Ctrl+Enter"], k::shortcuts::RUN, Some(2))}
                </tbody>
            </table>
            <form method="dialog">
                <button type="submit" class="button">{tr(k::shortcuts::CLOSE)}</button>
            </form>
        </dialog>
    }
}

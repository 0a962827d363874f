//! Command output: stdout and stderr apart, the raw stream on request, as text only.

use super::text_view::TextView;
use crate::i18n::{k, tr, Msg};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use zstack_api::{parse_stream, strip_ansi};

/// Shows a command's `stream`. Whatever it holds (markup, escapes, a megabyte)
/// becomes one text node per pane: no parsing as HTML, and one layout.
#[component]
pub fn OutputView(
    /// The raw `stream` of ExecuteGuestVmCommand (shared: it can be a megabyte).
    #[prop(into)]
    stream: Arc<str>,
) -> impl IntoView {
    let parsed = parse_stream(&stream);
    let wrap = RwSignal::new(false);
    let copied = RwSignal::new(None::<Msg>);
    let (stdout, stderr) = match (&parsed.stdout, &parsed.stderr) {
        (Some(o), Some(e)) => (Some(strip_ansi(o)), Some(strip_ansi(e))),
        _ => (None, None),
    };
    let raw_text = stream.clone();
    let raw = StoredValue::new(stream);
    let pre_class = Signal::derive(move || {
        if wrap.get() {
            "output output--wrap"
        } else {
            "output"
        }
        .to_owned()
    });
    let err_class = Signal::derive(move || format!("{} output--stderr", pre_class.get()));

    let copy = move |_| {
        let text = raw.get_value();
        let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
            return;
        };
        let promise = clipboard.write_text(&text);
        leptos::task::spawn_local(async move {
            let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
            copied.set(Some(if ok {
                k::output::COPIED
            } else {
                k::output::CLIPBOARD_REFUSED
            }));
        });
    };
    let download = move |_| {
        copied.set(download_text(&raw.get_value(), "command-output.txt").err());
    };

    view! {
        <div class="console__output">
            <div class="actions">
                <label class="checkbox">
                    <input type="checkbox" prop:checked=move || wrap.get() on:change=move |ev| wrap.set(event_target_checked(&ev))/>
                    {tr(k::output::WRAP)}
                </label>
                <button type="button" class="button" on:click=copy>{tr(k::output::COPY)}</button>
                <button type="button" class="button" on:click=download>{tr(k::output::DOWNLOAD)}</button>
                <span role="status" class="muted">{move || copied.get().map(crate::i18n::t)}</span>
            </div>
            {match (stdout, stderr) {
                (Some(out), Some(err)) => view! {
                    <h3 class="output__label" id="stdout-h">{tr(k::output::STDOUT)}</h3>
                    <TextView text=Arc::from(out) class=pre_class testid="console-stdout" labelledby="stdout-h"/>
                    <h3 class="output__label" id="stderr-h">{tr(k::output::STDERR)}</h3>
                    <TextView text=Arc::from(err) class=err_class testid="console-stderr" labelledby="stderr-h"/>
                }.into_any(),
                _ => view! {
                    <p class="muted">{tr(k::output::UNUSUAL_SHAPE)}</p>
                }.into_any(),
            }}
            <details class="output__raw">
                <summary>{tr(k::output::RAW)}</summary>
                <TextView text=raw_text class=pre_class testid="console-output"/>
            </details>
        </div>
    }
}

/// Saves text as a file through a temporary object URL.
fn download_text(text: &str, name: &str) -> Result<(), Msg> {
    let failed = k::output::SAVE_FAILED;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/plain;charset=utf-8");
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| failed)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or(failed)?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| failed)?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

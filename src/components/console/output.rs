//! Command output: stdout and stderr apart, the raw stream on request, as
//! text only; output the host mis-decoded offered re-read, cut output said.

use super::{
    decode::{redecode, remember, remembered},
    text_view::TextView,
};
use crate::components::files::{copy_text, save_text};
use crate::i18n::{k, msg_with_data, t, tr, Msg};
use leptos::prelude::*;
use std::sync::Arc;
use zstack_api::{
    detect_encoding, looks_truncated, parse_stream, replacement_chars, strip_ansi, OutputEncoding,
};

/// One stream as sent and, where the host mis-decoded it, what to re-read:
/// decoded only when the reader asks (a megabyte of GBK costs nothing unread).
struct Pane {
    sent: Arc<str>,
    /// The part as received, kept only when it can be re-read.
    raw: Option<(Arc<str>, OutputEncoding)>,
}

impl Pane {
    fn new(raw: &str, encoding: OutputEncoding) -> Pane {
        Pane {
            sent: Arc::from(strip_ansi(raw)),
            raw: (encoding != OutputEncoding::Plain).then(|| (Arc::from(raw), encoding)),
        }
    }

    /// Escapes are dropped after decoding: their bytes are part of the mis-decoding.
    fn text(&self, decode: bool) -> Arc<str> {
        match &self.raw {
            Some((raw, encoding)) if decode => redecode(raw, *encoding)
                .map(|d| Arc::from(strip_ansi(&d)))
                .unwrap_or_else(|| self.sent.clone()),
            _ => self.sent.clone(),
        }
    }
}

/// Shows a command's `stream`. Whatever it holds (markup, escapes, a megabyte)
/// becomes one text node per pane: no parsing as HTML, and one layout.
#[component]
pub fn OutputView(
    /// The raw `stream` of ExecuteGuestVmCommand (shared: it can be a megabyte).
    #[prop(into)]
    stream: Arc<str>,
    /// Where the reader's choice to re-read mis-decoded output is kept (the
    /// VM's UUID); none for output of several VMs.
    #[prop(optional, into)]
    remember_as: Option<String>,
    /// The output was stored by the management node (a script run's), which
    /// before 5.5.6 cannot keep 4-byte characters.
    #[prop(optional)]
    stored: bool,
) -> impl IntoView {
    let parsed = parse_stream(&stream);
    let wrap = RwSignal::new(false);
    let copied = RwSignal::new(None::<Msg>);
    let parts = match (&parsed.stdout, &parsed.stderr) {
        (Some(o), Some(e)) => Some((o.as_str(), e.as_str())),
        _ => None,
    };
    // Each stream is decoded on its own by ZStack's host; one wrong stream is enough to offer.
    let encoding = parts
        .map(|(o, e)| [detect_encoding(o), detect_encoding(e)])
        .and_then(|both| both.into_iter().find(|e| *e != OutputEncoding::Plain))
        .unwrap_or(OutputEncoding::Plain);
    let truncated = parts.is_some_and(|(o, e)| looks_truncated(o) || looks_truncated(e));
    let lost_chars = stored && replacement_chars(&stream) > 0;
    let panes = parts.map(|(o, e)| (Pane::new(o, encoding), Pane::new(e, encoding)));
    let can_decode = panes.is_some() && encoding != OutputEncoding::Plain;
    let decode = RwSignal::new(can_decode && remembered(remember_as.as_deref()));
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
        leptos::task::spawn_local(async move {
            let ok = copy_text(&raw.get_value()).await;
            copied.set(Some(if ok {
                k::output::COPIED
            } else {
                k::output::CLIPBOARD_REFUSED
            }));
        });
    };
    let download = move |_| {
        let saved = save_text(
            &raw.get_value(),
            "command-output.txt",
            "text/plain;charset=utf-8",
            k::output::SAVE_FAILED,
        );
        copied.set(saved.err());
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
            {can_decode.then(|| {
                let toggle = move |_| {
                    let on = !decode.get_untracked();
                    decode.set(on);
                    remember(remember_as.as_deref(), on);
                };
                let (note, button) = match encoding {
                    OutputEncoding::Utf16LeAsLatin1 => ((k::output::LOOKS_UTF16, k::output::DECODED_UTF16), k::output::DECODE_UTF16),
                    _ => ((k::output::LOOKS_GBK, k::output::DECODED_GBK), k::output::DECODE_GBK),
                };
                view! {
                    <p class="output__note" data-testid="console-encoding">
                        {move || t(if decode.get() { note.1 } else { note.0 })}" "
                        <button type="button" class="button button--small" aria-pressed=move || decode.get().to_string() on:click=toggle>
                            {move || t(if decode.get() { k::output::SHOW_AS_SENT } else { button })}
                        </button>
                    </p>
                }
            })}
            {lost_chars.then(|| view! {
                <p class="output__note" data-testid="output-lost-chars">{tr(k::output::LOST_CHARS)}</p>
            })}
            {truncated.then(|| view! {
                <p class="output__note" data-testid="console-truncated">
                    {move || msg_with_data(k::output::TRUNCATED, &[("redirect", "> /tmp/out.txt"), ("tools", "head, tail, sed -n")])}
                </p>
            })}
            {match panes {
                Some((out, err)) => view! {
                    <h3 class="output__label" id="stdout-h">{tr(k::output::STDOUT)}</h3>
                    {move || view! { <TextView text=out.text(decode.get()) class=pre_class testid="console-stdout" labelledby="stdout-h"/> }}
                    <h3 class="output__label" id="stderr-h">{tr(k::output::STDERR)}</h3>
                    {move || {
                        let text = err.text(decode.get());
                        // An empty (or blank: a lone newline) stderr is no error: drawn plain.
                        let class = if text.trim().is_empty() { pre_class } else { err_class };
                        view! { <TextView text=text class=class testid="console-stderr" labelledby="stderr-h"/> }
                    }}
                }.into_any(),
                None => view! {
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

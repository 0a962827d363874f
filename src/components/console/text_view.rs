//! A read-only text pane. Short text is one `<pre>` text node; long text
//! (a megabyte of guest output) is virtualised by lines so that showing it
//! never costs one long layout on the main thread.

use crate::i18n::{k, tf};
use leptos::{html, prelude::*};
use std::sync::Arc;

/// Above this, only the lines in view are in the DOM.
const PLAIN_MAX_BYTES: usize = 128 * 1024;
/// Must match `.output--virtual` line-height in style/main.css.
const LINE_PX: f64 = 18.0;
/// Lines rendered above and below the visible ones.
const OVERSCAN: usize = 40;
/// Height of the scroll box in lines when it is not measured yet.
const DEFAULT_VISIBLE: usize = 24;

/// Byte ranges of the lines of `text` (without the newline).
pub fn line_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(text.len() / 64 + 1);
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        if b == b'\n' {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, text.len()));
    out
}

#[component]
pub fn TextView(
    /// The text, shown as text whatever it holds.
    text: Arc<str>,
    /// CSS classes of the pane.
    #[prop(into)]
    class: Signal<String>,
    /// `data-testid` of the pane.
    testid: &'static str,
    /// `id` of the heading that names the pane.
    #[prop(optional)]
    labelledby: Option<&'static str>,
) -> impl IntoView {
    if text.len() <= PLAIN_MAX_BYTES {
        let body = (!text.is_empty()).then(|| text.to_string());
        return view! {
            <pre class=move || class.get() data-testid=testid aria-labelledby=labelledby tabindex="0" translate="no">{body}</pre>
        }
        .into_any();
    }
    let lines = Arc::new(line_ranges(&text));
    let total = lines.len();
    let first = RwSignal::new(0usize);
    let visible = RwSignal::new(DEFAULT_VISIBLE);
    let scroller = NodeRef::<html::Div>::new();
    let on_scroll = move |_| {
        if let Some(el) = scroller.get_untracked() {
            let top = (f64::from(el.scroll_top()) / LINE_PX) as usize;
            let rows = (f64::from(el.client_height()) / LINE_PX).ceil() as usize;
            let start = top.saturating_sub(OVERSCAN);
            if start != first.get_untracked() {
                first.set(start);
            }
            if rows != visible.get_untracked() && rows > 0 {
                visible.set(rows);
            }
        }
    };
    let (slice_text, slice_lines) = (text.clone(), lines.clone());
    let slice = move || {
        let start = first.get().min(total.saturating_sub(1));
        let end = (start + visible.get() + 2 * OVERSCAN).min(total);
        let (from, to) = (slice_lines[start].0, slice_lines[end - 1].1);
        slice_text[from..to].to_owned()
    };
    let chars = text.chars().count();
    view! {
        <div class=move || format!("{} output--virtual", class.get()) node_ref=scroller on:scroll=on_scroll
            data-testid=testid data-chars=chars.to_string() data-lines=total.to_string()
            aria-labelledby=labelledby tabindex="0" role="region"
            aria-description=move || tf(k::output::VIRTUAL_LINES, &[("total", &total)])>
            <div class="output__spacer" style:height=format!("{}px", total as f64 * LINE_PX)>
                <pre class="output__slice" translate="no" style:transform=move || format!("translateY({}px)", first.get() as f64 * LINE_PX)>
                    {slice}
                </pre>
            </div>
        </div>
    }
    .into_any()
}

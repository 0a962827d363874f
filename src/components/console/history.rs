//! Per-VM run history in localStorage: capped, never holding the session token.

use crate::i18n::{k, msg_with_data, t, tf, tr};
use leptos::prelude::*;
use zstack_api::history::{self, HistoryEntry, HistoryLimits, Outcome, Recall};

/// The history of one VM, mirrored in a signal.
#[derive(Clone, Copy)]
pub struct HistoryStore {
    key: StoredValue<String>,
    entries: RwSignal<Vec<HistoryEntry>>,
}

impl HistoryStore {
    pub fn new(vm_uuid: String) -> Self {
        let key = history::storage_key(&vm_uuid);
        let entries = read(&key);
        HistoryStore {
            key: StoredValue::new(key),
            entries: RwSignal::new(entries),
        }
    }

    pub fn push(&self, entry: HistoryEntry) {
        // Another tab may have added runs: start from what is stored.
        let mut list = read(&self.key.get_value());
        history::push(&mut list, entry, &HistoryLimits::default());
        write(&self.key.get_value(), &list);
        let _ = self.entries.try_set(list);
    }

    pub fn clear(&self) {
        if let Some(s) = storage() {
            let _ = s.remove_item(&self.key.get_value());
        }
        self.entries.set(Vec::new());
    }

    pub fn recall(&self) -> Recall {
        self.entries.with_untracked(|e| Recall::from_history(e))
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read(key: &str) -> Vec<HistoryEntry> {
    storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .map(|t| history::from_json(&t))
        .unwrap_or_default()
}

fn write(key: &str, list: &[HistoryEntry]) {
    if let Some(s) = storage() {
        // A full storage loses the history, never the run.
        let _ = s.set_item(key, &history::to_json(list));
    }
}

/// When, platform, timeout, duration and result, in the user's language
/// (tracked). An error code or headline was stored as sent: kept as it is.
fn summary(e: &HistoryEntry) -> Vec<AnyView> {
    let took = e
        .duration_ms
        .map(|d| {
            let seconds = format!("{:.1}", d as f64 / 1000.0);
            tf(k::history::TOOK_PART, &[("seconds", &seconds)])
        })
        .unwrap_or_default();
    let timeout = e
        .timeout_secs
        .map(|s| tf(k::history::TIMEOUT_PART, &[("seconds", &s)]))
        .unwrap_or_default();
    let mut out = vec![format!(
        "{} · {}{}{} · ",
        crate::dom::local_datetime(e.at_ms),
        e.platform,
        timeout,
        took
    )
    .into_any()];
    match &e.outcome {
        Outcome::Output {
            truncated: true, ..
        } => out.push(t(k::history::RESULT_TRIMMED).into_any()),
        Outcome::Output { .. } => out.push(t(k::history::RESULT_OUTPUT).into_any()),
        Outcome::Failed { code: Some(c), .. } => out.extend(msg_with_data(
            k::history::RESULT_FAILED,
            &[("error", c.clone())],
        )),
        Outcome::Failed { headline, .. } => out.extend(msg_with_data(
            k::history::RESULT_FAILED,
            &[("error", headline.clone())],
        )),
        Outcome::Cancelled => out.push(t(k::history::RESULT_STOPPED).into_any()),
    }
    out
}

/// Earlier runs, newest first, each with "Use" (copy into the box) and a view
/// of its output. Keyed by when each ran, so a new run adds one row and an
/// output the user opened stays open.
#[component]
pub fn HistoryList(store: HistoryStore, command: RwSignal<String>) -> impl IntoView {
    let entries = store.entries;
    let key = |e: &HistoryEntry| (e.at_ms.to_bits(), e.command.clone());
    view! {
        <details class="console__history" data-testid="console-history">
            <summary>{move || tf(k::history::TITLE, &[("count", &entries.with(Vec::len))])}</summary>
            <ol class="history">
                <For each=move || entries.get() key=key let(e)>
                    <HistoryItem entry=e entries=entries command=command/>
                </For>
            </ol>
            <button type="button" class="button" on:click=move |_| store.clear()
                disabled=move || entries.with(Vec::is_empty)>{tr(k::history::CLEAR)}</button>
        </details>
    }
}

#[component]
fn HistoryItem(
    entry: HistoryEntry,
    entries: RwSignal<Vec<HistoryEntry>>,
    command: RwSignal<String>,
) -> impl IntoView {
    let cmd = entry.command.clone();
    let at = entry.at_ms.to_bits();
    // Its place in the list moves as runs are added.
    let number = move || {
        entries
            .with(|es| es.iter().position(|x| x.at_ms.to_bits() == at))
            .map_or(0, |i| i + 1)
    };
    let output = match &entry.outcome {
        Outcome::Output { stream, .. } => Some(stream.clone()),
        _ => None,
    };
    view! {
        <li class="history__item">
            <code class="history__command" translate="no">{entry.command.clone()}</code>
            <span class="muted small">{move || summary(&entry)}</span>
            <button type="button" class="button button--small"
                aria-label=move || tf(k::history::USE_AGAIN_LABEL, &[("n", &number())])
                on:click=move |_| command.set(cmd.clone())>{tr(k::history::USE_AGAIN)}</button>
            {output.map(|o| view! {
                <details><summary>{tr(k::history::OUTPUT)}</summary><pre class="output" translate="no">{o}</pre></details>
            })}
        </li>
    }
}

//! One row per VM of a run: its status, exit code, stdout, stderr and
//! ZStack's reason, values as sent, as text. Drawn a page at a time: 2,000
//! rows of output at once would be one long task.

use super::pager::{page_count, Pager};
use crate::components::console::TextView;
use crate::components::files::{copy_text, file_part, save_text};
use crate::dom::next_id;
use crate::i18n::{k, msg_with_data, t, tr, Msg};
use leptos::prelude::*;
use leptos_router::components::A;
use std::sync::Arc;
use zstack_api::scripts::failed_by_stderr;
use zstack_api::GuestVmScriptExecutedRecordDetailInventory as Detail;

/// Rows drawn at once.
pub const ROWS_PER_PAGE: usize = 50;

/// What a VM's output is as one text: stdout, then stderr when there is any.
pub fn output_text(d: &Detail) -> String {
    let out = d.stdout.as_deref().unwrap_or_default();
    match d.stderr.as_deref().filter(|e| !e.is_empty()) {
        Some(err) => format!("{out}\n--- stderr ---\n{err}"),
        None => out.to_owned(),
    }
}

/// What makes a row's drawing stale: a poll may change any of these.
fn row_key(d: &Detail) -> (String, String, Option<i64>, usize, usize, usize) {
    let len = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    (
        d.vm_instance_uuid.clone().unwrap_or_default(),
        d.status
            .as_ref()
            .map(|s| s.as_str().to_owned())
            .unwrap_or_default(),
        d.exit_code,
        len(&d.stdout),
        len(&d.stderr),
        len(&d.err_cause),
    )
}

/// The run's VMs, a page of rows at a time, with what ZStack's exit codes
/// and failures mean above them.
#[component]
pub fn DetailTable(
    /// Every VM of the run, in the server's order.
    #[prop(into)]
    details: Signal<Arc<[Detail]>>,
    /// Whether the exit code is the output reader's: `Some(true)` for Linux
    /// Shell/Python/Perl, `None` while the script is not known (or gone).
    #[prop(into)]
    exit_code_is_reader: Signal<Option<bool>>,
) -> impl IntoView {
    let page = RwSignal::new(0u32);
    let pages = Signal::derive(move || {
        Some(page_count(
            details.with(|d| d.len()) as u64,
            ROWS_PER_PAGE as u32,
        ))
    });
    // A poll that shortens the list must not leave the reader past its end.
    Effect::new(move |_| {
        if let Some(n) = pages.get() {
            if page.get_untracked() >= n {
                page.set(n - 1);
            }
        }
    });
    let rows = move || {
        let all = details.get();
        let from = (page.get() as usize * ROWS_PER_PAGE).min(all.len());
        let to = (from + ROWS_PER_PAGE).min(all.len());
        (from..to)
            .map(|i| (row_key(&all[i]), all[i].clone()))
            .collect::<Vec<_>>()
    };
    view! {
        <p class="muted small" id="exit-code-note">
            {move || {
                let m = match exit_code_is_reader.get() {
                    Some(true) => k::script_run::EXIT_CODE_READER,
                    None => k::script_run::EXIT_CODE_READER_IF_LINUX,
                    Some(false) => return None,
                };
                Some(msg_with_data(m, &[("types", "Shell, Python, Perl"), ("reader", "tail")]))
            }}
            " "{tr(k::script_run::STDERR_FAILS)}
        </p>
        <div class="table-scroll">
            <table class="table script-details" aria-label=tr(k::script_run::DETAILS_TABLE)>
                <thead><tr>
                    <th scope="col">{tr(k::script_run::COL_VM)}</th>
                    <th scope="col">{tr(k::script_run::COL_STATUS)}</th>
                    <th scope="col">{tr(k::script_run::COL_EXIT_CODE)}</th>
                    <th scope="col">{tr(k::script_run::STDOUT)}</th>
                    <th scope="col">{tr(k::script_run::STDERR)}</th>
                    <th scope="col">{tr(k::script_run::COL_ERR_CAUSE)}</th>
                    <th scope="col">{tr(k::script_run::COL_OUTPUT)}</th>
                </tr></thead>
                <tbody>
                    <For each=rows key=|(key, _)| key.clone() let:item>
                        <DetailRow detail=item.1 reader=exit_code_is_reader/>
                    </For>
                </tbody>
            </table>
        </div>
        <Pager page=page pages=pages label=k::script_run::DETAIL_PAGES testid="detail-page"/>
    }
}

#[component]
fn DetailRow(detail: Detail, reader: Signal<Option<bool>>) -> impl IntoView {
    let uuid = detail.vm_instance_uuid.clone().unwrap_or_default();
    let name = detail
        .vm_name
        .clone()
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| uuid.clone());
    let name_id = next_id("detail-vm");
    let (copy_id, save_id) = (next_id("detail-copy"), next_id("detail-save"));
    let (copy_label, save_label) = (
        format!("{copy_id} {name_id}"),
        format!("{save_id} {name_id}"),
    );
    let status = detail
        .status
        .as_ref()
        .map(|s| s.as_str().to_owned())
        .unwrap_or_default();
    let exit_code = detail.exit_code.map(|c| c.to_string()).unwrap_or_default();
    let has_code = detail.exit_code.is_some();
    let by_stderr = failed_by_stderr(&detail);
    let stdout: Arc<str> = Arc::from(detail.stdout.clone().unwrap_or_default());
    let stderr: Arc<str> = Arc::from(detail.stderr.clone().unwrap_or_default());
    let cause = detail.err_cause.clone().unwrap_or_default();
    let output = StoredValue::new(output_text(&detail));
    let said = RwSignal::new(None::<Msg>);
    let file = format!("{}-output.txt", file_part(&name));
    let copy = move |_| {
        leptos::task::spawn_local(async move {
            let m = if copy_text(&output.get_value()).await {
                k::script_run::COPIED
            } else {
                k::script_run::CLIPBOARD_REFUSED
            };
            let _ = said.try_set(Some(m));
        });
    };
    let save = move |_| {
        let saved = save_text(
            &output.get_value(),
            &file,
            "text/plain;charset=utf-8",
            k::script_run::SAVE_FAILED,
        );
        said.set(saved.err());
    };
    let class = Signal::derive(|| "output output--cell".to_owned());
    let err_class = Signal::derive(|| "output output--cell output--stderr".to_owned());
    let stderr_class = if stderr.trim().is_empty() {
        class
    } else {
        err_class
    };
    view! {
        <tr>
            <th scope="row"><A href=format!("/vms/{uuid}")><span id=name_id translate="no">{name}</span></A></th>
            <td>
                <span data-testid="detail-status" translate="no">{status}</span>
                {by_stderr.then(|| view! { <span class="muted small script-details__note">{tr(k::script_run::FAILED_BY_STDERR)}</span> })}
            </td>
            <td>
                <span data-testid="detail-exit-code" class="mono">{exit_code}</span>
                {move || (has_code && reader.get() == Some(true)).then(|| view! {
                    <span class="muted small script-details__note" aria-describedby="exit-code-note">
                        {tr(k::script_run::EXIT_CODE_READER_SHORT)}
                    </span>
                })}
            </td>
            <td><TextView text=stdout class=class testid="detail-stdout"/></td>
            <td><TextView text=stderr class=stderr_class testid="detail-stderr"/></td>
            <td><span data-testid="detail-err-cause" class="script-details__cause" translate="no">{cause}</span></td>
            <td class="script-details__actions">
                <button type="button" id=copy_id class="button button--small"
                    aria-labelledby=copy_label on:click=copy>{tr(k::script_run::COPY_OUTPUT)}</button>
                <button type="button" id=save_id class="button button--small"
                    aria-labelledby=save_label on:click=save>{tr(k::script_run::DOWNLOAD_OUTPUT)}</button>
                <span role="status" class="muted small">{move || said.get().map(t)}</span>
            </td>
        </tr>
    }
}

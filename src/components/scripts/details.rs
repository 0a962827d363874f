//! One row per VM of a run: its status, exit code, stdout, stderr and
//! ZStack's reason, values as sent, as text. Drawn a page at a time: 2,000
//! rows of output at once would be one long task.
//!
//! A page change refills the rows drawn instead of building new ones:
//! building 50 rows hands some 4,700 strings from wasm to the DOM, a
//! refill some 800 (the texts that differ); bench measure 8 counted a
//! task over 50 ms on most page changes before, on a few after.

use crate::components::console::TextView;
use crate::components::files::{copy_text, file_part, save_text};
use crate::components::server_list::{page_count, Pager};
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
    // Row slots keyed by position: the same slots hold the next page's VMs.
    let slots = move || {
        let len = details.with(|d| d.len());
        let from = (page.get() as usize * ROWS_PER_PAGE).min(len);
        0..(len - from).min(ROWS_PER_PAGE)
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
                    <For each=slots key=|slot| *slot children=move |slot| {
                        let at = move || page.get() as usize * ROWS_PER_PAGE + slot;
                        let detail = Memo::new(move |_| details.with(|d| d.get(at()).cloned()));
                        view! { <DetailRow detail=detail reader=exit_code_is_reader/> }
                    }/>
                </tbody>
            </table>
        </div>
        <Pager page=page pages=pages label=k::script_run::DETAIL_PAGES testid="detail-page"/>
    }
}

/// One slot of the page: its VM changes with the page, its values with a
/// poll; what is drawn follows both.
#[component]
fn DetailRow(detail: Memo<Option<Detail>>, reader: Signal<Option<bool>>) -> impl IntoView {
    let field = move |f: fn(&Detail) -> Option<&String>| {
        move || detail.with(|d| d.as_ref().and_then(f).cloned().unwrap_or_default())
    };
    let uuid = Memo::new(move |_| field(|d| d.vm_instance_uuid.as_ref())());
    let name = move || {
        detail.with(|d| {
            d.as_ref()
                .and_then(|d| d.vm_name.clone().filter(|n| !n.is_empty()))
                .unwrap_or_else(|| uuid.get())
        })
    };
    let name_id = next_id("detail-vm");
    let (copy_id, save_id) = (next_id("detail-copy"), next_id("detail-save"));
    let (copy_label, save_label) = (
        format!("{copy_id} {name_id}"),
        format!("{save_id} {name_id}"),
    );
    let status = move || {
        detail.with(|d| {
            d.as_ref()
                .and_then(|d| d.status.as_ref())
                .map(|s| s.as_str().to_owned())
                .unwrap_or_default()
        })
    };
    let exit_code = move || detail.with(|d| d.as_ref().and_then(|d| d.exit_code));
    let by_stderr = move || detail.with(|d| d.as_ref().is_some_and(failed_by_stderr));
    // Compared by value: a page of VMs with the same output keeps its panes.
    let stdout = Memo::new(move |_| Arc::<str>::from(field(|d| d.stdout.as_ref())()));
    let stderr = Memo::new(move |_| Arc::<str>::from(field(|d| d.stderr.as_ref())()));
    let said = RwSignal::new(None::<Msg>);
    // What was said about one VM's output is not said about the next one's.
    Effect::new(move |was: Option<String>| {
        let now = uuid.get();
        if was.is_some_and(|w| w != now) {
            said.set(None);
        }
        now
    });
    let has_output = move || !stdout.with(|o| o.is_empty()) || !stderr.with(|e| e.is_empty());
    let output = move || detail.with_untracked(|d| d.as_ref().map(output_text).unwrap_or_default());
    let copy = move |_| {
        let text = output();
        leptos::task::spawn_local(async move {
            let m = if copy_text(&text).await {
                k::script_run::COPIED
            } else {
                k::script_run::CLIPBOARD_REFUSED
            };
            let _ = said.try_set(Some(m));
        });
    };
    let save = move |_| {
        let file = format!("{}-output.txt", file_part(&name()));
        let saved = save_text(
            &output(),
            &file,
            "text/plain;charset=utf-8",
            k::script_run::SAVE_FAILED,
        );
        said.set(saved.err());
    };
    let class = Signal::derive(|| "output output--cell".to_owned());
    let err_class = Signal::derive(|| "output output--cell output--stderr".to_owned());
    view! {
        <tr>
            <th scope="row"><A href=move || format!("/vms/{}", uuid.get())><span id=name_id translate="no">{name}</span></A></th>
            <td>
                <span data-testid="detail-status" translate="no">{status}</span>
                {move || by_stderr().then(|| view! { <span class="muted small script-details__note">{tr(k::script_run::FAILED_BY_STDERR)}</span> })}
            </td>
            <td>
                <span data-testid="detail-exit-code" class="mono">{move || exit_code().map(|c| c.to_string()).unwrap_or_default()}</span>
                {move || (exit_code().is_some() && reader.get() == Some(true)).then(|| view! {
                    // Says itself whose code it is; the note above the table says why.
                    <span class="muted small script-details__note">
                        {tr(k::script_run::EXIT_CODE_READER_SHORT)}
                    </span>
                })}
            </td>
            <td>{move || view! { <TextView text=stdout.get() class=class testid="detail-stdout"/> }}</td>
            <td>{move || {
                let text = stderr.get();
                let class = if text.trim().is_empty() { class } else { err_class };
                view! { <TextView text=text class=class testid="detail-stderr"/> }
            }}</td>
            <td><span data-testid="detail-err-cause" class="script-details__cause" translate="no">{field(|d| d.err_cause.as_ref())}</span></td>
            // A VM that could not run has no output to copy or save.
            <td class="script-details__actions">
                <button type="button" id=copy_id class="button button--small" hidden=move || !has_output()
                    aria-labelledby=copy_label on:click=copy>{tr(k::script_run::COPY_OUTPUT)}</button>
                <button type="button" id=save_id class="button button--small" hidden=move || !has_output()
                    aria-labelledby=save_label on:click=save>{tr(k::script_run::DOWNLOAD_OUTPUT)}</button>
                <span role="status" class="muted small">{move || said.get().map(t)}</span>
            </td>
        </tr>
    }
}

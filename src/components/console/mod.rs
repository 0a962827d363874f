//! The "Command console" region: run a command in the guest (ExecuteGuestVmCommand),
//! follow it whether ZStack answers 200 or 202, and read stdout and stderr apart.

mod decode;
mod history;
mod output;
mod text_view;

pub use output::OutputView;
pub use text_view::TextView;

use crate::{
    api::{self, Cancel},
    command::{call_options, check_exec_reply, may_still_run, Checked, CommandFields},
    components::{alert::ErrorAlert, command_form::CommandForm, reason::reason_view},
    i18n::{k, t, tf, tr},
    vm_data::VmData,
};
use history::{HistoryList, HistoryStore};
use leptos::{html, prelude::*};
use std::sync::Arc;
use zstack_api::{
    history::{HistoryEntry, Outcome},
    still_running_check, ApiError, ExecuteGuestVmCommand, Platform,
};

#[derive(Clone, Debug, PartialEq)]
pub enum Run {
    Idle,
    Running {
        started_ms: f64,
    },
    /// The reply's `stream`, shared rather than copied: it can be a megabyte.
    Done {
        stream: Arc<str>,
        took_ms: f64,
    },
    Failed {
        error: ApiError,
        took_ms: f64,
    },
    Stopped,
}

#[component]
pub fn CommandConsole() -> impl IntoView {
    let data = expect_context::<VmData>();
    let scope = format!("/vms/{}", data.uuid.get_untracked());
    let fields = CommandFields::new(&scope, "");
    let (command, platform) = (fields.command, fields.platform);
    // Preset the platform from the VM's once it is known, unless the user chose one.
    Effect::new(move |_| {
        if platform.get_untracked().is_empty() {
            if let Some(p) = data.vm.with(|l| {
                crate::vm_data::vm_of(l)
                    .and_then(|v| v.platform.as_ref().map(|p| p.exec_platform()))
            }) {
                platform.set(p.to_string());
            }
        }
    });

    let run = RwSignal::new(Run::Idle);
    let cancel = StoredValue::new_local(None::<Cancel>);
    let now = RwSignal::new(0.0f64);
    let store = HistoryStore::new(data.uuid.get_untracked());
    let recall = StoredValue::new_local(store.recall());
    let textarea = NodeRef::<html::Textarea>::new();

    // Why commands cannot run, from the page's one assessment.
    let blocked = Memo::new(move |_| match data.assessment.get() {
        Some(a) if !a.can_run_commands => Some(a.reason),
        _ => None,
    });
    let running = Memo::new(move |_| run.with(|r| matches!(r, Run::Running { .. })));

    // What the last run sent, for "Check the guest's processes".
    let last_sent = StoredValue::new(None::<(Platform, String)>);
    // Runs the form's command, or `check` (a command of ours) on the last run's platform.
    let start_with = move |check: Option<String>| {
        if running.get_untracked() || blocked.get_untracked().is_some() {
            return;
        }
        let checked = match check {
            Some(command) => {
                let Some((platform, _)) = last_sent.get_value() else {
                    return;
                };
                Checked {
                    command,
                    timeout_secs: None,
                    platform,
                }
            }
            None => match fields.checked() {
                Some(c) => c,
                None => return,
            },
        };
        last_sent.set_value(Some((checked.platform.clone(), checked.command.clone())));
        let request = ExecuteGuestVmCommand {
            vm_instance_uuid: data.uuid.get_untracked(),
            platform: checked.platform.clone(),
            command: checked.command.clone(),
            command_timeout: checked.timeout_secs,
        };
        let token = Cancel::default();
        cancel.set_value(Some(token.clone()));
        recall.update_value(|r| r.reset());
        let started_ms = api::now_ms();
        now.set(started_ms);
        run.set(Run::Running { started_ms });
        let ticker = gloo_timers::callback::Interval::new(100, move || {
            let _ = now.try_set(api::now_ms());
        });
        let opts = call_options(checked.timeout_secs, Some(token));
        leptos::task::spawn_local(async move {
            // The stream is shared from here on: it can be a megabyte.
            let result: Result<Arc<str>, ApiError> = api::call_with(&request, opts)
                .await
                .and_then(check_exec_reply)
                .map(|r| Arc::from(r.stream.as_deref().unwrap_or_default()));
            drop(ticker);
            let took_ms = api::now_ms() - started_ms;
            let outcome = match &result {
                Ok(stream) => Outcome::Output {
                    stream: stream.to_string(),
                    truncated: false,
                },
                Err(ApiError::Aborted) => Outcome::Cancelled,
                Err(e) => Outcome::Failed {
                    code: e.code().map(str::to_owned),
                    headline: e.headline(),
                },
            };
            if !matches!(&result, Err(e) if e.is_session_invalid()) {
                store.push(HistoryEntry {
                    at_ms: started_ms,
                    platform: checked.platform.to_string(),
                    command: checked.command,
                    timeout_secs: checked.timeout_secs,
                    duration_ms: Some(took_ms as u64),
                    outcome,
                });
                recall.set_value(store.recall());
            }
            // Hand the decoded reply to the next task: decoding and rendering a
            // megabyte then never add up to one long main-thread task.
            gloo_timers::future::TimeoutFuture::new(0).await;
            let _ = run.try_set(match result {
                Ok(stream) => Run::Done { stream, took_ms },
                Err(ApiError::Aborted) => Run::Stopped,
                Err(error) => Run::Failed { error, took_ms },
            });
        });
    };

    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        // Enter that picks an input method's candidate (Chinese pinyin) is not a run.
        if ev.is_composing() || ev.key_code() == 229 {
            return;
        }
        let key = ev.key();
        if key == "Enter" && !ev.shift_key() {
            // Enter (and Ctrl+Enter) runs; Shift+Enter adds a line. Prevented,
            // so the window's Ctrl+Enter shortcut does not run it again.
            ev.prevent_default();
            start_with(None);
            return;
        }
        let Some(el) = textarea.get_untracked() else {
            return;
        };
        let value = el.value();
        let caret = el.selection_start().ok().flatten().unwrap_or(0) as usize;
        // Recall only from the first line (↑) or the last line (↓), like a shell.
        let on_first_line = !value
            .encode_utf16()
            .take(caret)
            .any(|u| u == u16::from(b'\n'));
        let on_last_line = !value
            .encode_utf16()
            .skip(caret)
            .any(|u| u == u16::from(b'\n'));
        let next = match key.as_str() {
            "ArrowUp" if on_first_line => recall.try_update_value(|r| r.up(&value)).flatten(),
            "ArrowDown" if on_last_line => recall.try_update_value(|r| r.down()).flatten(),
            _ => None,
        };
        if let Some(text) = next {
            ev.prevent_default();
            command.set(text);
        }
    };

    let stop = move |_| {
        if let Some(c) = cancel.get_value() {
            c.cancel();
        }
    };

    let status = move || {
        run.with(|r| match r {
            Run::Running { started_ms } => Some(tf(
                k::console::RUNNING_FOR,
                &[(
                    "seconds",
                    &format!("{:.1}", ((now.get() - started_ms) / 1000.0).max(0.0)),
                )],
            )),
            Run::Done { took_ms, .. } => Some(tf(
                k::console::FINISHED_IN,
                &[("seconds", &format!("{:.1}", took_ms / 1000.0))],
            )),
            Run::Stopped => Some(t(k::console::STOPPED).into()),
            _ => None,
        })
    };

    // ZStack cannot cancel a command: after a timeout, offer to look for it.
    let still_running = move || {
        let check = last_sent
            .get_value()
            .and_then(|(platform, command)| still_running_check(&platform, &command));
        view! {
            <p class="output__note" data-testid="console-may-still-run">
                {tr(k::console::MAY_STILL_RUN)}" "
                {check.map(|c| view! {
                    <button type="button" class="button button--small"
                        on:click=move |_| start_with(Some(c.clone()))>{tr(k::console::CHECK_RUNNING)}</button>
                })}
            </p>
        }
    };
    let vm_uuid = data.uuid.get_untracked();
    // Re-drawn when the run changes state (the running clock is `now`, apart).
    let result = move || {
        run.with(|r| match r {
            Run::Failed {
                error: ApiError::Deadline { .. } | ApiError::TimedOut { .. },
                took_ms,
            } => {
                let took_ms = *took_ms;
                view! {
                    <div role="alert" class="alert alert--error">
                        <p class="alert__title">{move || tf(k::console::NO_RESULT, &[("seconds", &format!("{:.0}", took_ms / 1000.0))])}</p>
                        <p class="alert__explain">{tr(k::console::NO_RESULT_EXPLAIN)}</p>
                    </div>
                    {still_running()}
                }
                .into_any()
            }
            Run::Failed { error, .. } => {
                let timed_out = may_still_run(error);
                let error = error.clone();
                view! {
                    <ErrorAlert error=Signal::derive(move || Some(error.clone())) what=k::console::COMMAND_FAILED/>
                    {timed_out.then(still_running)}
                }
                .into_any()
            }
            Run::Done { stream, .. } => {
                view! { <OutputView stream=stream.clone() remember_as=vm_uuid.clone()/> }.into_any()
            }
            _ => ().into_any(),
        })
    };
    view! {
        <section class="card console" aria-labelledby="console-h">
            <h2 id="console-h">{tr(k::console::TITLE)}</h2>
            {move || blocked.get().map(|why| view! { <p class="muted" id="console-blocked">{reason_view(why)}</p> })}
            <CommandForm fields=fields id="console" submit=k::console::RUN
                disabled=Signal::derive(move || running.get() || blocked.get().is_some())
                on_submit=Callback::new(move |()| start_with(None))
                help=k::console::HELP textarea=textarea
                on_keydown=Callback::new(on_keydown)
                on_input=Callback::new(move |()| recall.update_value(|r| r.reset()))>
                {move || running.get().then(|| view! {
                    <button type="button" class="button" on:click=stop>{tr(k::console::STOP_WAITING)}</button>
                })}
                <span role="status" class="status-line" data-testid="console-status">{status}</span>
            </CommandForm>
            {result}
            <HistoryList store=store command=command/>
        </section>
    }
}

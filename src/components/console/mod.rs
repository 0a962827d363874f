//! The "Command console" region: run a command in the guest (ExecuteGuestVmCommand),
//! follow it whether ZStack answers 200 or 202, and read stdout and stderr apart.

mod history;
mod output;
mod text_view;

pub use output::OutputView;

use crate::{
    api::{self, CallOptions, Cancel},
    components::{alert::ErrorAlert, iso_picker::list::count_text},
    draft::use_draft,
    i18n::{k, t, tf, tr, Msg},
    pages::vm_detail::VmData,
};
use history::{HistoryList, HistoryStore};
use leptos::{html, prelude::*};
use zstack_api::{
    history::{HistoryEntry, Outcome},
    reason::Assessment,
    validate, ApiError, ExecReply, ExecuteGuestVmCommand, Invalid,
};

/// ZStack's commandTimeout when none is given (the client waits this long then).
pub const DEFAULT_TIMEOUT_SECS: u64 = 300;
/// Extra wait past the command's own timeout for ZStack to report it.
pub const WAIT_MARGIN_SECS: u64 = 30;

/// How long the console waits for a command with this timeout.
pub fn wait_budget_ms(timeout_secs: Option<u32>) -> u64 {
    (timeout_secs.map(u64::from).unwrap_or(DEFAULT_TIMEOUT_SECS) + wait_margin_secs()) * 1000
}

/// [`WAIT_MARGIN_SECS`], unless a test or a demo sets another (localStorage
/// `zstack.waitMarginSeconds`): the command's own timeout always counts in full.
fn wait_margin_secs() -> u64 {
    use gloo_storage::{LocalStorage, Storage};
    LocalStorage::get::<u64>("zstack.waitMarginSeconds").unwrap_or(WAIT_MARGIN_SECS)
}

/// An exec reply carries `stream` or `vmInstance`. One with neither (an empty
/// body, another API's reply) is no answer to the command: say so rather than
/// show an empty output as if the command had printed nothing.
pub fn check_exec_reply(reply: ExecReply) -> Result<ExecReply, ApiError> {
    if reply.stream.is_none() && reply.vm_instance.is_none() {
        return Err(ApiError::Malformed {
            status: 200,
            detail:
                "The reply has neither \"stream\" nor \"vmInstance\": it is not a command's result."
                    .into(),
        });
    }
    Ok(reply)
}

/// A message whose `{placeholders}` hold data from the server or the guest,
/// each value in a `translate="no"` span (`i18n::with_data`). Call inside a
/// reactive closure.
pub fn msg_with_data(m: Msg, args: &[(&str, String)]) -> Vec<AnyView> {
    crate::i18n::with_data(t(m), args)
}

/// A refused input as a sentence in the user's language (tracked); the
/// English catalogue says what `Invalid`'s `Display` says.
pub fn invalid_text(e: &Invalid) -> String {
    match e {
        Invalid::EmptyCommand => t(k::validate::EMPTY_COMMAND).into(),
        Invalid::CommandTooLong(n) => tf(
            k::validate::COMMAND_TOO_LONG,
            &[
                ("length", &count_text(*n)),
                ("max", &count_text(validate::MAX_COMMAND_CHARS)),
            ],
        ),
        Invalid::Timeout => tf(
            k::validate::TIMEOUT,
            &[
                (
                    "min",
                    &count_text(*validate::TIMEOUT_RANGE.start() as usize),
                ),
                ("max", &count_text(*validate::TIMEOUT_RANGE.end() as usize)),
            ],
        ),
        Invalid::Uuid => t(k::validate::UUID).into(),
        Invalid::Platform => t(k::validate::PLATFORM).into(),
    }
}

/// The command form's fields, kept per route, and their validation.
#[derive(Clone, Copy)]
pub struct CommandFields {
    pub command: RwSignal<String>,
    pub timeout: RwSignal<String>,
    pub platform: RwSignal<String>,
    pub command_error: RwSignal<Option<Invalid>>,
    pub timeout_error: RwSignal<Option<Invalid>>,
}

impl CommandFields {
    pub fn new(scope: &str, platform: &str) -> Self {
        CommandFields {
            command: use_draft(scope, "command", ""),
            timeout: use_draft(scope, "timeout", ""),
            platform: use_draft(scope, "platform", platform),
            command_error: RwSignal::new(None),
            timeout_error: RwSignal::new(None),
        }
    }

    /// Checks the fields as ZStack would, showing any refusal beside its field:
    /// the command, its timeout and platform when they may be sent.
    pub fn checked(&self) -> Option<(String, Option<u32>, zstack_api::Platform)> {
        let text = self.command.get_untracked();
        let c = validate::command(&text);
        let t = validate::command_timeout(&self.timeout.get_untracked());
        self.command_error.set(c.clone().err());
        self.timeout_error.set(t.clone().err());
        let (Ok(()), Ok(timeout_secs)) = (c, t) else {
            return None;
        };
        let platform = validate::exec_platform(&self.platform.get_untracked())
            .unwrap_or(zstack_api::Platform::Linux);
        Some((text, timeout_secs, platform))
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Run {
    Idle,
    Running { started_ms: f64 },
    Done { reply: Box<ExecReply>, took_ms: f64 },
    Failed { error: ApiError, took_ms: f64 },
    Stopped,
}

#[component]
pub fn CommandConsole() -> impl IntoView {
    let data = expect_context::<VmData>();
    let assessment = use_context::<Memo<Option<Assessment>>>();
    let scope = format!("/vms/{}", data.uuid.get_untracked());
    let fields = CommandFields::new(&scope, "");
    let CommandFields {
        command,
        timeout,
        platform,
        command_error,
        timeout_error,
    } = fields;
    // Preset the platform from the VM's once it is known, unless the user chose one.
    Effect::new(move |_| {
        if platform.get_untracked().is_empty() {
            if let Some(p) = data
                .vm
                .with(|l| l.ready().cloned().flatten())
                .and_then(|v| v.platform)
            {
                platform.set(p.exec_platform().to_string());
            }
        }
    });

    let run = RwSignal::new(Run::Idle);
    let cancel = StoredValue::new_local(None::<Cancel>);
    let now = RwSignal::new(0.0f64);
    let store = HistoryStore::new(data.uuid.get_untracked());
    let recall = StoredValue::new_local(store.recall());
    let textarea = NodeRef::<html::Textarea>::new();

    // Why commands cannot run, worded as the guest-tools panel words it.
    let blocked = move || match assessment.and_then(|a| a.get()) {
        Some(a) if !a.can_run_commands => Some(a.reason),
        _ => None,
    };
    let running = move || matches!(run.get(), Run::Running { .. });

    let start = move || {
        if running() || blocked().is_some() {
            return;
        }
        let Some((text, timeout_secs, platform_value)) = fields.checked() else {
            return;
        };
        let request = ExecuteGuestVmCommand {
            vm_instance_uuid: data.uuid.get_untracked(),
            platform: platform_value.clone(),
            command: text.clone(),
            command_timeout: timeout_secs,
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
        let budget = wait_budget_ms(timeout_secs);
        let opts = CallOptions {
            // A synchronous exec holds the request open for the whole command.
            timeout_ms: Some(budget.min(u64::from(u32::MAX)) as u32),
            job_deadline_ms: Some(budget),
            cancel: Some(token),
        };
        leptos::task::spawn_local(async move {
            let result = api::call_with(&request, opts)
                .await
                .and_then(check_exec_reply);
            drop(ticker);
            let took_ms = api::now_ms() - started_ms;
            let outcome = match &result {
                Ok(reply) => Outcome::Output {
                    stream: reply.stream.clone().unwrap_or_default(),
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
                    platform: platform_value.to_string(),
                    command: text,
                    timeout_secs,
                    duration_ms: Some(took_ms as u64),
                    outcome,
                });
                recall.set_value(store.recall());
            }
            // Hand the decoded reply to the next task: decoding and rendering a
            // megabyte then never add up to one long main-thread task.
            gloo_timers::future::TimeoutFuture::new(0).await;
            let _ = run.try_set(match result {
                Ok(reply) => Run::Done {
                    reply: Box::new(reply),
                    took_ms,
                },
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
            start();
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

    let elapsed = move || match run.get() {
        Run::Running { started_ms } => Some(tf(
            k::console::RUNNING_FOR,
            &[(
                "seconds",
                &format!("{:.1}", ((now.get() - started_ms) / 1000.0).max(0.0)),
            )],
        )),
        _ => None,
    };

    view! {
        <section class="card console" aria-labelledby="console-h">
            <h2 id="console-h">{tr(k::console::TITLE)}</h2>
            {move || blocked().map(|why| view! { <p class="muted" id="console-blocked">{crate::components::guest_tools::reason_view(why)}</p> })}
            <form class="console__form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); start(); } novalidate>
                <div class="console__row">
                    <label for="console-platform">{tr(k::console::PLATFORM)}</label>
                    <select id="console-platform" prop:value=move || platform.get()
                        on:change=move |ev| platform.set(event_target_value(&ev))>
                        <option value="Linux" selected=move || platform.get() != "Windows">"Linux"</option>
                        <option value="Windows" selected=move || platform.get() == "Windows">"Windows"</option>
                    </select>
                    <label for="console-timeout">{tr(k::console::TIMEOUT)}</label>
                    <input id="console-timeout" type="number" min="10" max="86400" step="1" inputmode="numeric"
                        placeholder="300" class="console__timeout"
                        aria-invalid=move || timeout_error.get().is_some().to_string()
                        aria-describedby="console-timeout-error"
                        bind:value=timeout/>
                </div>
                <p id="console-timeout-error" class="field-error">{move || timeout_error.get().map(|e| invalid_text(&e))}</p>
                <label for="console-command">{tr(k::console::COMMAND)}</label>
                <textarea id="console-command" rows="3" spellcheck="false" autocomplete="off"
                    node_ref=textarea
                    aria-invalid=move || command_error.get().is_some().to_string()
                    aria-describedby="console-command-error console-command-help"
                    prop:value=move || command.get()
                    on:input=move |ev| { command.set(event_target_value(&ev)); recall.update_value(|r| r.reset()); }
                    on:keydown=on_keydown></textarea>
                <p id="console-command-help" class="muted small">{tr(k::console::HELP)}</p>
                <p id="console-command-error" class="field-error">{move || command_error.get().map(|e| invalid_text(&e))}</p>
                <div class="actions">
                    <button type="submit" class="button button--primary" data-shortcut="run"
                        disabled=move || running() || blocked().is_some()>{tr(k::console::RUN)}</button>
                    {move || running().then(|| view! {
                        <button type="button" class="button" on:click=stop>{tr(k::console::STOP_WAITING)}</button>
                    })}
                    <span role="status" class="status-line" data-testid="console-status">
                        {move || match run.get() {
                            Run::Running { .. } => elapsed(),
                            Run::Done { took_ms, .. } => Some(tf(k::console::FINISHED_IN, &[("seconds", &format!("{:.1}", took_ms / 1000.0))])),
                            Run::Stopped => Some(t(k::console::STOPPED).into()),
                            _ => None,
                        }}
                    </span>
                </div>
            </form>
            {move || match run.get() {
                Run::Failed { error: ApiError::Deadline { .. } | ApiError::TimedOut { .. }, took_ms } => view! {
                    <div role="alert" class="alert alert--error">
                        <p class="alert__title">{move || tf(k::console::NO_RESULT, &[("seconds", &format!("{:.0}", took_ms / 1000.0))])}</p>
                        <p class="alert__explain">{tr(k::console::NO_RESULT_EXPLAIN)}</p>
                    </div>
                }.into_any(),
                Run::Failed { error, .. } => view! {
                    <ErrorAlert error=Signal::derive(move || Some(error.clone())) what=k::console::COMMAND_FAILED/>
                }.into_any(),
                Run::Done { reply, .. } => view! { <OutputView stream=reply.stream.clone().unwrap_or_default()/> }.into_any(),
                _ => ().into_any(),
            }}
            <HistoryList store=store command=command/>
        </section>
    }
}

//! The rules of running a command in a guest (ExecuteGuestVmCommand), shared
//! by the VM page's console and the multi-VM run: the form's fields and their
//! checks, how long to wait, and what counts as an answer.

use crate::{
    api::{CallOptions, Cancel},
    draft::use_draft,
    i18n::{k, t, tf},
};
use leptos::prelude::*;
use zstack_api::{
    validate, validate::thousands, with_utf8_output, ApiError, ExecReply, Invalid, Platform,
    WindowsShell,
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

/// How one command's call waits: a synchronous exec holds the request open
/// for the whole command, so the request and the job share one budget.
pub fn call_options(timeout_secs: Option<u32>, cancel: Option<Cancel>) -> CallOptions {
    let budget = wait_budget_ms(timeout_secs);
    CallOptions {
        timeout_ms: Some(u32::try_from(budget).unwrap_or(u32::MAX)),
        job_deadline_ms: Some(budget),
        cancel,
    }
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

/// ZStack stopped waiting (its "operation timeout", SYS.1001), or we did:
/// either way the command may still run in the guest.
pub fn may_still_run(e: &ApiError) -> bool {
    e.code() == Some("SYS.1001")
        || matches!(e, ApiError::Deadline { .. } | ApiError::TimedOut { .. })
}

/// A refused input as a sentence in the user's language (tracked).
pub fn invalid_text(e: &Invalid) -> String {
    match e {
        Invalid::EmptyCommand => t(k::validate::EMPTY_COMMAND).into(),
        Invalid::CommandTooLong(n) => tf(
            k::validate::COMMAND_TOO_LONG,
            &[
                ("length", &thousands(*n)),
                ("max", &thousands(validate::MAX_COMMAND_CHARS)),
            ],
        ),
        Invalid::Timeout => tf(
            k::validate::TIMEOUT,
            &[
                ("min", &thousands(*validate::TIMEOUT_RANGE.start() as usize)),
                ("max", &thousands(*validate::TIMEOUT_RANGE.end() as usize)),
            ],
        ),
        Invalid::Uuid => t(k::validate::UUID).into(),
        Invalid::Platform => t(k::validate::PLATFORM).into(),
    }
}

/// A command ready to send: its text, timeout and platform.
pub struct Checked {
    pub command: String,
    pub timeout_secs: Option<u32>,
    pub platform: Platform,
}

/// The command form's fields, kept per route, and their validation.
#[derive(Clone, Copy)]
pub struct CommandFields {
    pub command: RwSignal<String>,
    pub timeout: RwSignal<String>,
    pub platform: RwSignal<String>,
    pub command_error: RwSignal<Option<Invalid>>,
    pub timeout_error: RwSignal<Option<Invalid>>,
    /// Ask Windows for UTF-8 output: "" (no), "cmd" or "powershell".
    pub utf8: RwSignal<String>,
}

impl CommandFields {
    pub fn new(scope: &str, platform: &str) -> Self {
        CommandFields {
            command: use_draft(scope, "command", ""),
            timeout: use_draft(scope, "timeout", ""),
            platform: use_draft(scope, "platform", platform),
            command_error: RwSignal::new(None),
            timeout_error: RwSignal::new(None),
            utf8: use_draft(scope, "utf8", ""),
        }
    }

    /// The shell to ask for UTF-8, when the user asked and the guest is Windows.
    pub fn utf8_shell(&self) -> Option<WindowsShell> {
        if self.platform.get_untracked() != "Windows" {
            return None;
        }
        match self.utf8.get_untracked().as_str() {
            "cmd" => Some(WindowsShell::Cmd),
            "powershell" => Some(WindowsShell::PowerShell),
            _ => None,
        }
    }

    /// Checks the fields as ZStack would, showing any refusal beside its field.
    /// The command is the one sent: with the UTF-8 request when asked for.
    pub fn checked(&self) -> Option<Checked> {
        let typed = self.command.get_untracked();
        let text = match self.utf8_shell() {
            Some(shell) if !typed.trim().is_empty() => with_utf8_output(&typed, shell),
            _ => typed,
        };
        let c = validate::command(&text);
        let t = validate::command_timeout(&self.timeout.get_untracked());
        self.command_error.set(c.clone().err());
        self.timeout_error.set(t.clone().err());
        let (Ok(()), Ok(timeout_secs)) = (c, t) else {
            return None;
        };
        let platform =
            validate::exec_platform(&self.platform.get_untracked()).unwrap_or(Platform::Linux);
        Some(Checked {
            command: text,
            timeout_secs,
            platform,
        })
    }
}

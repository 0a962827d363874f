//! Commands the console offers next to a command's output.

use crate::Platform;

/// The Windows shell a command is written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WindowsShell {
    Cmd,
    PowerShell,
}

impl WindowsShell {
    /// What switches this shell's output to UTF-8 (ZStack-API.md §7).
    pub const fn utf8_prefix(self) -> &'static str {
        match self {
            WindowsShell::Cmd => "chcp 65001>nul & ",
            WindowsShell::PowerShell => "[Console]::OutputEncoding=[Text.Encoding]::UTF8; ",
        }
    }
}

/// `command` asking its Windows shell for UTF-8, so that the host's first
/// decoding step succeeds and nothing arrives garbled. A command that already
/// starts with the prefix (ASCII case ignored, as both shells do) or is blank
/// comes back unchanged, so applying it twice is applying it once.
pub fn with_utf8_output(command: &str, shell: WindowsShell) -> String {
    let prefix = shell.utf8_prefix();
    let asks_already = command
        .trim_start()
        .get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix));
    if asks_already || command.trim().is_empty() {
        command.to_owned()
    } else {
        format!("{prefix}{command}")
    }
}

/// A one-click command listing the guest processes named like `command`'s
/// program, because a timeout only means ZStack stopped waiting: the process
/// may still run.
///
/// The program is the first word (quotes honoured, a PowerShell `&` skipped,
/// path stripped). Linux: `ps -eo pid,etime,args | grep -F -- '<name>' | grep
/// -v grep`, the name single-quoted for sh. Windows: `tasklist /FI "IMAGENAME
/// eq <name>*"` without `.exe`; `None` when the name holds a character that
/// double quotes do not protect (`"`, `%`, `$`, `` ` ``, controls), or when
/// there is no name at all.
pub fn still_running_check(platform: &Platform, command: &str) -> Option<String> {
    if platform.exec_platform() == Platform::Windows {
        let name = program_name(command, true)?;
        let name = strip_suffix_ignore_case(name, ".exe");
        let unsafe_char = |c: char| matches!(c, '"' | '%' | '$' | '`') || c.is_control();
        if name.is_empty() || name.contains(unsafe_char) {
            return None;
        }
        Some(format!("tasklist /FI \"IMAGENAME eq {name}*\""))
    } else {
        let name = program_name(command, false)?;
        Some(format!(
            "ps -eo pid,etime,args | grep -F -- {} | grep -v grep",
            sh_quote(name)
        ))
    }
}

/// The first word's last path component; `None` when empty.
fn program_name(command: &str, windows: bool) -> Option<&str> {
    let (mut word, quoted, after) = first_word(command)?;
    if windows && word == "&" && !quoted {
        // PowerShell's call operator: `& "C:\Program Files\x.exe"`.
        word = first_word(after)?.0;
    }
    let is_separator = |c: char| c == '/' || (windows && c == '\\');
    let name = word.rsplit(is_separator).next().unwrap_or(word);
    (!name.is_empty()).then_some(name)
}

/// The first word, whether it was quoted, and the text after it. A quoted
/// word runs to its closing quote (or the end); an unquoted one stops at
/// whitespace or a shell operator.
fn first_word(command: &str) -> Option<(&str, bool, &str)> {
    let s = command.trim_start();
    let quote = s.chars().next()?;
    if quote == '"' || quote == '\'' {
        let rest = &s[1..];
        let end = rest.find(quote).unwrap_or(rest.len());
        let after = rest.get(end + 1..).unwrap_or("");
        return Some((&rest[..end], true, after));
    }
    let operator = |c: char| c.is_whitespace() || matches!(c, ';' | '|' | '<' | '>' | '(' | ')');
    // `&` alone is a word (the call operator); otherwise it ends one.
    let end = if s.starts_with('&') {
        1
    } else {
        s.find(|c: char| operator(c) || c == '&').unwrap_or(s.len())
    };
    Some((&s[..end], false, &s[end..]))
}

fn strip_suffix_ignore_case<'a>(s: &'a str, suffix: &str) -> &'a str {
    let cut = s.len().saturating_sub(suffix.len());
    match s.get(cut..) {
        Some(tail) if tail.eq_ignore_ascii_case(suffix) => &s[..cut],
        _ => s,
    }
}

/// Single quotes for sh, with `'` written as `'\''`.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

//! What a guest answers to ExecuteGuestVmCommand: a tiny shell (bash-like on
//! Linux, cmd-like on Windows) with the commands people try first, plus a few
//! made for testing clients (`print-markup`, `big-output`, `stderr-demo`,
//! `sleep N`, `seq N`). The guest writes bytes: UTF-8, or GBK in a Chinese
//! Windows console ([`console`]); [`crate::host`] turns them into `stream`.

mod codepage;
mod console;
mod linux;
mod procs;
pub mod script;
mod windows;

pub use procs::Procs;

use crate::world::Vm;
use console::Console;
use std::time::Instant;
use zstack_api::Platform;

/// The result of one command, as text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub exit: i32,
    /// How long the guest spends on it (`sleep`), in guest seconds.
    pub guest_secs: f64,
    /// The code page stdout's bytes are in when not the console's (`type`
    /// copies a file's bytes as they are).
    pub code_page: Option<u16>,
    /// ZStack's 1,000-line cut spares it: `big-output` alone, the one
    /// deliberate departure, so clients can test rendering a mebibyte.
    pub whole: bool,
}

impl Run {
    pub fn out(text: impl Into<String>) -> Run {
        Run {
            stdout: text.into(),
            ..Run::default()
        }
    }

    pub fn err(text: impl Into<String>, exit: i32) -> Run {
        Run {
            stderr: text.into(),
            exit,
            ..Run::default()
        }
    }
}

/// What a whole command line wrote, as the bytes the guest agent hands over.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Output {
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub guest_secs: f64,
    /// No 1,000-line cut (see [`Run::whole`]).
    pub whole: bool,
    /// The first program that spent guest time (`sleep`, `timeout`).
    pub sleeper: Option<String>,
    /// The exit status of the last command that ran (what a script's shell
    /// reports; ExecuteGuestVmCommand has no such field).
    pub exit: i32,
}

/// PowerShell asked for UTF-8 output; the rest of the line runs in 65001.
const PS_UTF8: &str = "[Console]::OutputEncoding=[Text.Encoding]::UTF8;";

/// Runs `command` in the guest of `vm` (`platform` is `Linux` or `Windows`).
/// `now` places it among the guest's running processes (`ps`, `tasklist`).
pub fn run(vm: &Vm, platform: &Platform, command: &str, now: Instant) -> Output {
    let windows = *platform == Platform::Windows;
    let mut console = Console::for_vm(vm);
    let mut command = command;
    if windows {
        let trimmed = command.trim_start();
        if let Some(head) = trimmed.get(..PS_UTF8.len()) {
            if head.eq_ignore_ascii_case(PS_UTF8) {
                command = &trimmed[PS_UTF8.len()..];
                console.code_page = codepage::UTF8;
            }
        }
    }
    let mut total = Output::default();
    let mut last_exit = 0;
    for (connector, text) in split_list(command, windows) {
        let skip = match connector {
            Connector::And => last_exit != 0,
            Connector::Or => last_exit == 0,
            Connector::Seq => false,
        };
        if skip || text.trim().is_empty() {
            continue;
        }
        let r = if windows {
            windows::run(vm, &mut console, text.trim(), now)
        } else {
            linux::run(vm, text.trim(), now)
        };
        last_exit = r.exit;
        // Written after the command ran: `chcp 65001` speaks in 65001.
        let cp = if windows {
            console.code_page
        } else {
            codepage::UTF8
        };
        let out_cp = r.code_page.unwrap_or(cp);
        total
            .stdout
            .extend_from_slice(&codepage::encode(&r.stdout, out_cp));
        total
            .stderr
            .extend_from_slice(&codepage::encode(&r.stderr, cp));
        if r.guest_secs > 0.0 && total.sleeper.is_none() {
            total.sleeper = words(text).into_iter().next();
        }
        total.guest_secs += r.guest_secs;
        total.whole |= r.whole;
    }
    total.exit = last_exit;
    total
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Connector {
    Seq,
    And,
    Or,
}

/// Splits a command line at `;`/newline (`&` on Windows), `&&` and `||`
/// outside quotes. Each part comes with the connector before it.
fn split_list(line: &str, windows: bool) -> Vec<(Connector, &str)> {
    let mut parts = Vec::new();
    let (mut quote, mut start, mut connector) = (None::<char>, 0, Connector::Seq);
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'') if !windows => quote = Some('\''),
            (None, '"') => quote = Some('"'),
            (None, '&' | '|') if bytes.get(i + 1) == Some(&bytes[i]) => {
                parts.push((connector, &line[start..i]));
                connector = if c == '&' {
                    Connector::And
                } else {
                    Connector::Or
                };
                i += 2;
                start = i;
                continue;
            }
            (None, ';' | '\n') if !windows => {
                parts.push((connector, &line[start..i]));
                connector = Connector::Seq;
                start = i + 1;
            }
            (None, '&' | '\n') if windows => {
                parts.push((connector, &line[start..i]));
                connector = Connector::Seq;
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push((connector, &line[start..]));
    parts
}

/// Shell words: whitespace-separated, with '…' and "…" quoting and `\` escapes.
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                cur.extend(chars.by_ref().take_while(|&c| c != '\''));
            }
            '"' => {
                in_word = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => cur.extend(chars.next()),
                        c => cur.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                cur.extend(chars.next());
            }
            c if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    out
}

/// A guest-time argument (`sleep 2.5`), refused when negative or not a number.
fn seconds(arg: &str) -> Option<f64> {
    let n: f64 = arg.trim().trim_end_matches('s').parse().ok()?;
    (n.is_finite() && n >= 0.0).then_some(n)
}

/// Output that a client must show as text, never as markup.
const MARKUP: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>";

fn print_markup(eol: &str) -> Run {
    Run::out(format!(
        "{MARKUP}{eol}\u{1b}[31mred\u{1b}[0m \u{1b}[1mbold\u{1b}[0m plain{eol}"
    ))
}

/// About 1 MiB of numbered lines.
fn big_output(eol: &str) -> Run {
    const TARGET: usize = 1 << 20;
    let mut out = String::with_capacity(TARGET + 128);
    let mut n = 0;
    while out.len() < TARGET {
        n += 1;
        out.push_str(&format!(
            "{n:06} the quick brown fox jumps over the lazy dog 0123456789{eol}"
        ));
    }
    Run {
        whole: true,
        ..Run::out(out)
    }
}

fn stderr_demo(eol: &str) -> Run {
    Run {
        stdout: format!("this line went to stdout{eol}"),
        stderr: format!("this line went to stderr{eol}"),
        exit: 1,
        ..Run::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_outside_quotes() {
        let parts = split_list("echo 'a;b' && hostname; false || whoami", false);
        let texts: Vec<&str> = parts.iter().map(|(_, t)| t.trim()).collect();
        assert_eq!(texts, ["echo 'a;b'", "hostname", "false", "whoami"]);
        assert_eq!(parts[1].0, Connector::And);
        assert_eq!(parts[3].0, Connector::Or);
    }

    #[test]
    fn words_unquote() {
        assert_eq!(
            words(r#"echo "a  b" 'c' d\ e"#),
            ["echo", "a  b", "c", "d e"]
        );
        assert_eq!(words("  "), Vec::<String>::new());
        assert_eq!(words("'unterminated"), ["unterminated"]);
    }

    #[test]
    fn big_output_is_about_a_mebibyte() {
        let n = big_output("\n").stdout.len();
        assert!((1 << 20..(1 << 20) + 200).contains(&n), "{n}");
    }
}

//! A saved script as a guest runs it (ExecuteGuestVmScript, ZSTACK-API.md
//! §6): the host agent writes the script to one file per VM and starts its
//! interpreter there. Shell, Bat and Powershell go through the same small
//! shells that answer ExecuteGuestVmCommand ([`super::run`]); Python and Perl
//! get a tiny interpreter of their own (`print`, `sleep`, `exit`, imports),
//! and anything else fails as the language would, on stderr.

use super::{run, Output};
use crate::world::Vm;
use std::time::Instant;
use zstack_api::{Platform, ScriptType};

/// Runs `content` (already rendered) as a script of `script_type` in `vm`'s
/// guest. `now` places it among the guest's processes.
pub fn run_script(vm: &Vm, script_type: &ScriptType, content: &str, now: Instant) -> Output {
    match script_type {
        ScriptType::Shell => run(vm, &Platform::Linux, &shell(content), now),
        ScriptType::Python => python(vm, content),
        ScriptType::Perl => perl(vm, content),
        ScriptType::Bat => windows(vm, &bat(content), now),
        ScriptType::Powershell => windows(vm, &powershell(content), now),
        // The API refuses other types; run them as a shell would, to be safe.
        ScriptType::Other(_) => run(vm, &Platform::Linux, &shell(content), now),
    }
}

/// The file the host agent writes (`/var/lib/zstack/script/<vmUuid>.*`),
/// as error messages name it.
fn script_file(vm: &Vm, ext: &str) -> String {
    format!("/var/lib/zstack/script/{}.{ext}", vm.uuid())
}

/// bash ignores `#` comment lines (the shebang too); the engine does not
/// know comments, so they go before it sees the script.
fn shell(content: &str) -> String {
    content
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What a Windows script came to: its lines for cmd, and an `exit` code if
/// one ended it.
struct WinScript {
    lines: String,
    exit: Option<i32>,
}

fn exit_code(args: &str) -> i32 {
    args.split_whitespace()
        .find(|a| !a.eq_ignore_ascii_case("/b"))
        .and_then(|a| a.parse().ok())
        .unwrap_or(0)
}

/// A batch file: `@` dropped, `echo off`, `rem` and `::` lines skipped,
/// `exit [/b] N` ends it with N.
fn bat(content: &str) -> WinScript {
    let mut lines = Vec::new();
    for line in content.lines() {
        let l = line.trim().trim_start_matches('@').trim();
        let lower = l.to_ascii_lowercase();
        if l.is_empty()
            || lower == "echo off"
            || lower == "echo on"
            || lower == "rem"
            || lower.starts_with("rem ")
            || l.starts_with("::")
        {
            continue;
        }
        if lower == "exit" || lower.starts_with("exit ") {
            return WinScript {
                lines: lines.join("\n"),
                exit: Some(exit_code(&l[4..])),
            };
        }
        lines.push(l.to_owned());
    }
    WinScript {
        lines: lines.join("\n"),
        exit: None,
    }
}

/// A PowerShell script, as far as the cmd-like engine can take it:
/// `Write-Output`/`Write-Host` print their text (quotes dropped),
/// `Start-Sleep [-Seconds] N` waits, `exit N` ends it, `#` lines are
/// comments; other lines run as the engine's commands (PowerShell has
/// aliases for most of them).
fn powershell(content: &str) -> WinScript {
    let mut lines = Vec::new();
    for line in content.lines() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let (head, rest) = l.split_once(char::is_whitespace).unwrap_or((l, ""));
        let rest = rest.trim();
        match head.to_ascii_lowercase().as_str() {
            "exit" => {
                return WinScript {
                    lines: lines.join("\n"),
                    exit: Some(exit_code(rest)),
                }
            }
            "write-output" | "write-host" | "echo" => {
                let text = rest.trim_matches(|c| c == '"' || c == '\'');
                lines.push(format!("echo {text}"));
            }
            "start-sleep" => {
                let secs = rest
                    .split_whitespace()
                    .find(|a| !a.starts_with('-'))
                    .unwrap_or("0");
                lines.push(format!("timeout /t {secs}"));
            }
            _ => lines.push(l.to_owned()),
        }
    }
    WinScript {
        lines: lines.join("\n"),
        exit: None,
    }
}

fn windows(vm: &Vm, script: &WinScript, now: Instant) -> Output {
    let mut out = if script.lines.trim().is_empty() {
        Output::default()
    } else {
        run(vm, &Platform::Windows, &script.lines, now)
    };
    if let Some(code) = script.exit {
        out.exit = code;
    }
    out
}

/// A string literal's text (`'...'` or `"..."`, with `\n`, `\t`, `\\` and
/// quote escapes); `None` when `s` is not exactly one literal.
fn literal(s: &str) -> Option<String> {
    let s = s.trim();
    let quote = s.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = s.strip_prefix(quote)?.strip_suffix(quote)?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            },
            c if c == quote => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// A number of seconds, for `time.sleep(N)` / `sleep N`.
fn secs(s: &str) -> Option<f64> {
    let n: f64 = s.trim().parse().ok()?;
    (n.is_finite() && n >= 0.0).then_some(n)
}

/// Python: `print(<literal or number>)`, `time.sleep(N)`, `sys.exit(N)` /
/// `exit(N)`; imports, comments and blank lines pass. Anything else stops
/// the script with a NameError traceback, as an unknown name would.
fn python(vm: &Vm, content: &str) -> Output {
    let mut out = Output::default();
    for (n, line) in content.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') || l.starts_with("import ") || l.starts_with("from ")
        {
            continue;
        }
        let call = |name: &str| {
            l.strip_prefix(name)
                .and_then(|r| r.strip_prefix('('))
                .and_then(|r| r.strip_suffix(')'))
        };
        if let Some(arg) = call("print") {
            let text = if arg.trim().is_empty() {
                Some(String::new())
            } else {
                literal(arg).or_else(|| secs(arg).map(|_| arg.trim().to_owned()))
            };
            if let Some(text) = text {
                out.stdout.extend_from_slice(format!("{text}\n").as_bytes());
                continue;
            }
        }
        if let Some(n) = call("time.sleep").and_then(secs) {
            out.guest_secs += n;
            out.sleeper.get_or_insert_with(|| "python3".into());
            continue;
        }
        if let Some(arg) = call("sys.exit").or_else(|| call("exit")) {
            out.exit = arg.trim().parse().unwrap_or(0);
            return out;
        }
        let name: String = l
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '.')
            .collect();
        let name = name.split('.').next().unwrap_or_default().to_owned();
        let file = script_file(vm, "py");
        let error = if name.is_empty() {
            "SyntaxError: invalid syntax".to_owned()
        } else {
            format!("NameError: name '{name}' is not defined")
        };
        let trace = format!(
            "Traceback (most recent call last):\n  File \"{file}\", line {}, in <module>\n    {l}\n{error}\n",
            n + 1
        );
        out.stderr.extend_from_slice(trace.as_bytes());
        out.exit = 1;
        return out;
    }
    out
}

/// Perl: `print "<text>";` (no newline added), `sleep N;`, `exit N;`;
/// `use` lines, comments and blank lines pass. Perl compiles the whole
/// file first: anything else is a syntax error and nothing runs.
fn perl(vm: &Vm, content: &str) -> Output {
    enum Step {
        Print(String),
        Sleep(f64),
        Exit(i32),
    }
    let mut steps = Vec::new();
    for (n, line) in content.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') || l.starts_with("use ") {
            continue;
        }
        let stmt = l.strip_suffix(';').unwrap_or(l).trim();
        let (head, rest) = stmt.split_once(char::is_whitespace).unwrap_or((stmt, ""));
        let step = match head {
            "print" => literal(rest).map(Step::Print),
            "sleep" => secs(rest).map(Step::Sleep),
            "exit" => Some(Step::Exit(rest.trim().parse().unwrap_or(0))),
            _ => None,
        };
        match step {
            Some(s) => steps.push(s),
            None => {
                let file = script_file(vm, "pl");
                let text = format!(
                    "syntax error at {file} line {}, near \"{l}\"\nExecution of {file} aborted due to compilation errors.\n",
                    n + 1
                );
                return Output {
                    stderr: text.into_bytes(),
                    exit: 255,
                    ..Output::default()
                };
            }
        }
    }
    let mut out = Output::default();
    for step in steps {
        match step {
            Step::Print(t) => out.stdout.extend_from_slice(t.as_bytes()),
            Step::Sleep(s) => {
                out.guest_secs += s;
                out.sleeper.get_or_insert_with(|| "perl".into());
            }
            Step::Exit(code) => {
                out.exit = code;
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals() {
        assert_eq!(literal(r#""a\nb""#).as_deref(), Some("a\nb"));
        assert_eq!(literal("'it''s'"), None);
        assert_eq!(literal("x"), None);
    }

    #[test]
    fn batch_lines() {
        let s = bat("@echo off\r\nrem note\r\n:: also\r\necho hi\r\nexit /b 3\r\necho never");
        assert_eq!((s.lines.as_str(), s.exit), ("echo hi", Some(3)));
    }

    #[test]
    fn powershell_lines() {
        let s = powershell("# c\nWrite-Output \"a b\"\nStart-Sleep -Seconds 2\nexit 4");
        assert_eq!(
            (s.lines.as_str(), s.exit),
            ("echo a b\ntimeout /t 2", Some(4))
        );
    }

    #[test]
    fn shell_drops_comments() {
        assert_eq!(shell("#!/bin/bash\n# x\necho hi"), "echo hi");
    }
}

//! Cut output, U+FFFD, the still-running check, asking Windows for UTF-8, and
//! the stream's separator inside stdout.

use proptest::prelude::*;
use zstack_api::*;

fn lines(n: usize, end: &str) -> String {
    (1..=n).map(|i| format!("line {i}{end}")).collect()
}

#[test]
fn a_thousand_lines_look_cut() {
    assert_eq!(ZSTACK_KEPT_LINES, 1000);
    assert!(looks_truncated(&lines(1000, "\n")));
    assert!(!looks_truncated(&lines(999, "\n")));
    assert!(looks_truncated(&lines(1000, "\r\n")));
    assert!(!looks_truncated(&lines(999, "\r\n")));
    // The last line without its newline still counts.
    assert!(looks_truncated(lines(1000, "\n").trim_end_matches('\n')));
    assert!(looks_truncated(&format!("{}tail", lines(999, "\n"))));
    assert!(looks_truncated(&lines(1500, "\n")));
    // Empty lines are lines; `\r` alone (progress bars) is not a line end.
    assert!(looks_truncated(&"\n".repeat(1000)));
    assert!(!looks_truncated(&"10%\r".repeat(2000)));
    assert!(!looks_truncated(""));
}

#[test]
fn replacement_characters_are_counted() {
    assert_eq!(replacement_chars(""), 0);
    assert_eq!(replacement_chars("plain 中文 😀"), 0);
    assert_eq!(replacement_chars("a\u{fffd}b\u{fffd}\u{fffd}"), 3);
}

fn linux(command: &str) -> Option<String> {
    still_running_check(&Platform::Linux, command)
}

fn windows(command: &str) -> Option<String> {
    still_running_check(&Platform::Windows, command)
}

fn ps(quoted: &str) -> Option<String> {
    Some(format!(
        "ps -eo pid,etime,args | grep -F -- {quoted} | grep -v grep"
    ))
}

fn tasklist(name: &str) -> Option<String> {
    Some(format!("tasklist /FI \"IMAGENAME eq {name}*\""))
}

#[test]
fn linux_check_greps_for_the_program() {
    assert_eq!(linux("sleep 600"), ps("'sleep'"));
    assert_eq!(linux("  /usr/bin/python3 -m http.server"), ps("'python3'"));
    assert_eq!(linux("./backup.sh --all"), ps("'backup.sh'"));
    assert_eq!(linux("'/opt/my app/run.sh' -x"), ps("'run.sh'"));
    assert_eq!(linux("\"/opt/it's/run it\" -x"), ps(r"'run it'"));
    assert_eq!(linux("don't; echo"), ps(r"'don'\''t'"));
    assert_eq!(linux("yes|head"), ps("'yes'"));
    assert_eq!(linux("tar>out"), ps("'tar'"));
    assert_eq!(linux("$(rm -rf /)"), ps("'$'"));
    for nothing in ["", "   ", "''", "dir/", "(cd /tmp)"] {
        assert_eq!(linux(nothing), None, "{nothing:?}");
    }
    // Every platform that is not Windows runs Linux commands.
    for platform in [
        Platform::OtherOs,
        Platform::Paravirtualization,
        Platform::Other("x".into()),
    ] {
        assert_eq!(still_running_check(&platform, "top"), ps("'top'"));
    }
}

#[test]
fn windows_check_asks_tasklist() {
    assert_eq!(windows("ping -n 600 127.0.0.1"), tasklist("ping"));
    assert_eq!(windows(r"C:\Tools\Setup.EXE /quiet"), tasklist("Setup"));
    assert_eq!(
        windows(r#""C:\Program Files\App\app.exe" --x"#),
        tasklist("app")
    );
    assert_eq!(windows(r"& 'C:\x y\z.exe' -a"), tasklist("z"));
    assert_eq!(
        windows("powershell -c Start-Sleep 600"),
        tasklist("powershell")
    );
    assert_eq!(windows("robocopy.exe&&echo"), tasklist("robocopy"));
    assert_eq!(
        still_running_check(&Platform::WindowsVirtio, "dir"),
        tasklist("dir")
    );
    for refused in [
        "my\"prog", "a%PATH%b", "$env:x", "`x", "", ".exe", r"C:\dir\",
    ] {
        assert_eq!(windows(refused), None, "{refused:?}");
    }
}

#[test]
fn utf8_prefixes() {
    assert_eq!(
        with_utf8_output("dir", WindowsShell::Cmd),
        "chcp 65001>nul & dir"
    );
    assert_eq!(
        with_utf8_output("Get-ChildItem", WindowsShell::PowerShell),
        "[Console]::OutputEncoding=[Text.Encoding]::UTF8; Get-ChildItem"
    );
    for shell in [WindowsShell::Cmd, WindowsShell::PowerShell] {
        let once = with_utf8_output("ipconfig /all", shell);
        assert_eq!(with_utf8_output(&once, shell), once);
        assert!(once.starts_with(shell.utf8_prefix()));
        assert_eq!(with_utf8_output("", shell), "");
        assert_eq!(with_utf8_output("  ", shell), "  ");
    }
    // Both shells ignore ASCII case, and so does the check.
    assert_eq!(
        with_utf8_output("CHCP 65001>NUL & dir", WindowsShell::Cmd),
        "CHCP 65001>NUL & dir"
    );
    assert_eq!(
        with_utf8_output("  chcp 65001>nul & dir", WindowsShell::Cmd),
        "  chcp 65001>nul & dir"
    );
}

/// Undoes `sh_quote`: the text between single quotes, `'\''` being a quote.
fn sh_unquote(quoted: &str) -> String {
    let inner = quoted
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
        .unwrap();
    inner.replace(r"'\''", "'")
}

proptest! {
    #[test]
    fn parts_come_back_when_stdout_holds_the_separator(
        a1 in "(.|\n){0,30}",
        a2 in "(.|\n){0,30}",
        b in "(.|\n){0,30}",
    ) {
        let a = format!("{a1}, errorStream: {a2}");
        prop_assume!(!b.contains(", errorStream: "));
        let out = parse_stream(&format!("standardStream: {a}, errorStream: {b}"));
        prop_assert_eq!(out.stdout, Some(a));
        prop_assert_eq!(out.stderr, Some(b));
    }

    #[test]
    fn the_linux_name_is_quoted_exactly(name in "[^\\s\";|&<>()/]{1,20}", args in "( [a-z'\"$]{1,5}){0,3}") {
        let check = linux(&format!("/usr/local/bin/{name}{args}")).unwrap();
        let quoted = check
            .strip_prefix("ps -eo pid,etime,args | grep -F -- ")
            .and_then(|s| s.strip_suffix(" | grep -v grep"))
            .unwrap();
        prop_assert_eq!(sh_unquote(quoted), name);
    }

    #[test]
    fn utf8_prefix_is_idempotent(command in ".{0,40}") {
        for shell in [WindowsShell::Cmd, WindowsShell::PowerShell] {
            let once = with_utf8_output(&command, shell);
            prop_assert_eq!(with_utf8_output(&once, shell), once);
        }
    }
}

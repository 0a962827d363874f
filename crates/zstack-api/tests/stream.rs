//! ExecuteGuestVmCommand's `stream`, and cleaning guest output for display.

use zstack_api::*;

fn rebuilt(out: &ExecOutput) -> String {
    format!(
        "standardStream: {}, errorStream: {}",
        out.stdout.as_deref().unwrap(),
        out.stderr.as_deref().unwrap()
    )
}

#[test]
fn documented_shape() {
    let raw = "standardStream: hello world, errorStream: 1/0 is not a goodScript";
    let out = parse_stream(raw);
    assert_eq!(out.raw, raw);
    assert_eq!(out.stdout.as_deref(), Some("hello world"));
    assert_eq!(out.stderr.as_deref(), Some("1/0 is not a goodScript"));
    assert!(out.is_split());
    assert_eq!(rebuilt(&out), raw);
}

#[test]
fn multi_line_parts() {
    let raw = "standardStream: line 1\nline 2\r\n\n, errorStream: warn: a\nwarn: b\n";
    let out = parse_stream(raw);
    assert_eq!(out.stdout.as_deref(), Some("line 1\nline 2\r\n\n"));
    assert_eq!(out.stderr.as_deref(), Some("warn: a\nwarn: b\n"));
    assert_eq!(rebuilt(&out), raw);
}

#[test]
fn separator_inside_stdout_splits_at_the_last() {
    let raw = "standardStream: echo 'x, errorStream: y', errorStream: bash: oops";
    let out = parse_stream(raw);
    assert_eq!(out.stdout.as_deref(), Some("echo 'x, errorStream: y'"));
    assert_eq!(out.stderr.as_deref(), Some("bash: oops"));
    assert_eq!(rebuilt(&out), raw);
}

#[test]
fn empty_parts() {
    let raw = "standardStream: , errorStream: ";
    let out = parse_stream(raw);
    assert_eq!(
        (out.stdout.as_deref(), out.stderr.as_deref()),
        (Some(""), Some(""))
    );
    assert_eq!(rebuilt(&out), raw);
}

#[test]
fn other_shapes_are_left_raw() {
    for raw in [
        "",
        "hello world",
        "standardStream: no error part",
        "standardStream:hello, errorStream: x",
        " standardStream: a, errorStream: b",
        "errorStream: x, standardStream: y",
        "<b>markup</b>, errorStream: x",
    ] {
        let out = parse_stream(raw);
        assert_eq!(out.raw, raw);
        assert_eq!((out.stdout, out.stderr), (None, None), "{raw:?}");
    }
}

#[test]
fn strip_colours_and_cursor_moves() {
    assert_eq!(strip_ansi("\x1b[1;31mred\x1b[0m plain"), "red plain");
    assert_eq!(strip_ansi("\x1b[2K\x1b[1Gdone"), "done");
    assert_eq!(strip_ansi("a\x1b[?25lb\x1b[?25hc"), "abc");
    // 8-bit CSI.
    assert_eq!(strip_ansi("\u{9b}32mgreen"), "green");
}

#[test]
fn strip_osc_and_string_sequences() {
    assert_eq!(strip_ansi("\x1b]0;my title\x07text"), "text");
    assert_eq!(
        strip_ansi("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"),
        "link"
    );
    assert_eq!(strip_ansi("\x1bPq#0;2;0;0;0\x1b\\after"), "after");
    // An unterminated title stops at the line's end instead of eating the rest.
    assert_eq!(strip_ansi("\x1b]0;title\nnext line"), "\nnext line");
}

#[test]
fn strip_two_byte_escapes() {
    assert_eq!(strip_ansi("\x1b(Bascii\x1b=\x1b>"), "ascii");
    assert_eq!(strip_ansi("\x1bcreset"), "reset");
    assert_eq!(strip_ansi("end\x1b"), "end");
}

#[test]
fn strip_controls_but_keep_lines_and_tabs() {
    assert_eq!(strip_ansi("a\tb\r\nc\n"), "a\tb\nc\n");
    assert_eq!(strip_ansi("10%\r20%\r100%\n"), "10%\n20%\n100%\n");
    assert_eq!(
        strip_ansi("bell\x07 back\x08 nul\0 del\x7f"),
        "bell back nul del"
    );
    assert_eq!(strip_ansi("ünïcødé ✓ 中文 😀"), "ünïcødé ✓ 中文 😀");
    // A broken CSI keeps the character that ended it.
    assert_eq!(strip_ansi("\x1b[12\nabc"), "\nabc");
    assert_eq!(strip_ansi("<script>x</script>"), "<script>x</script>");
}

//! What a guest command's output really is (ZStack-API.md §7), as pure checks
//! the console runs before showing it.
//!
//! Order matters for the app: classify and decode a stream part *before*
//! [`strip_ansi`](crate::strip_ansi), which drops the C1 range U+0080–U+009F
//! that GBK-as-Latin-1 text is full of.

mod commands;
mod encoding;

pub use commands::{still_running_check, with_utf8_output, WindowsShell};
pub use encoding::{decode_utf16le, detect_encoding, latin1_bytes, OutputEncoding};

/// ZStack keeps only the last 1,000 lines of each stream and says nothing.
pub const ZSTACK_KEPT_LINES: usize = 1000;

/// Whether ZStack probably cut the front off: a part that reaches the kept
/// line count was probably longer.
///
/// A line is a run ended by `\n` (so `\r\n` is one end), plus a final run
/// without one when it is not empty: 1,000 lines printed each with its `\n`
/// count 1,000, and so does the same text without the very last `\n`. A lone
/// `\r` (progress bars) does not end a line.
pub fn looks_truncated(text: &str) -> bool {
    line_count(text) >= ZSTACK_KEPT_LINES
}

fn line_count(text: &str) -> usize {
    let ended = text.bytes().filter(|&b| b == b'\n').count();
    ended + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

/// How many U+FFFD a text holds: management nodes before 5.5.6 cannot store
/// 4-byte characters (emoji, rare CJK) in script-run output and put U+FFFD
/// instead, which the app says once rather than per character.
pub fn replacement_chars(text: &str) -> usize {
    text.chars()
        .filter(|&c| c == char::REPLACEMENT_CHARACTER)
        .count()
}

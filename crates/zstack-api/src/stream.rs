//! The `stream` of ExecuteGuestVmCommand, and making guest output safe to show.
//!
//! ZStack has no exit code and documents a single shape,
//! `standardStream: <stdout>, errorStream: <stderr>`; anything else is shown raw.

const STDOUT_PREFIX: &str = "standardStream: ";
const STDERR_SEPARATOR: &str = ", errorStream: ";

/// The exec output: always the raw text, plus both parts when the shape is known.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExecOutput {
    pub raw: String,
    pub stdout: Option<String>,
    pub stderr: Option<String>,
}

impl ExecOutput {
    /// Whether the documented shape was recognised.
    pub fn is_split(&self) -> bool {
        self.stdout.is_some()
    }
}

/// Splits `raw` into stdout and stderr when it has the documented shape.
///
/// The split is at the *last* separator: stdout is arbitrary program output and
/// may itself contain the separator, stderr is usually short. Both parts are
/// kept byte for byte, so `prefix + stdout + separator + stderr == raw`.
pub fn parse_stream(raw: &str) -> ExecOutput {
    let split = raw.strip_prefix(STDOUT_PREFIX).and_then(|rest| {
        rest.rfind(STDERR_SEPARATOR).map(|at| {
            (
                rest[..at].to_owned(),
                rest[at + STDERR_SEPARATOR.len()..].to_owned(),
            )
        })
    });
    let (stdout, stderr) = match split {
        Some((out, err)) => (Some(out), Some(err)),
        None => (None, None),
    };
    ExecOutput {
        raw: raw.to_owned(),
        stdout,
        stderr,
    }
}

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// The 8-bit CSI introducer, which some programs emit instead of `ESC [`.
const C1_CSI: char = '\u{9b}';

/// Removes terminal escape sequences (CSI, OSC and the other string
/// sequences, two-byte escapes) and control characters other than `\n` and
/// `\t`. `\r\n` becomes `\n`; a lone `\r` (progress bars) also becomes `\n`
/// so that successive updates stay readable instead of running together.
///
/// It drops U+0080–U+009F, of which GBK read as Latin-1 is full: run
/// [`detect_encoding`](crate::detect_encoding) and decode first.
pub fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ESC => match chars.peek().copied() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST.
                Some(']' | 'P' | 'X' | '^' | '_') => {
                    chars.next();
                    skip_string(&mut chars);
                }
                // Two-byte escapes, with optional intermediates (`ESC ( B`).
                Some(n) if (' '..='~').contains(&n) => {
                    while chars.next_if(|c| (' '..='/').contains(c)).is_some() {}
                    chars.next_if(|c| ('0'..='~').contains(c));
                }
                _ => {}
            },
            C1_CSI => skip_csi(&mut chars),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\n' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// Parameter and intermediate bytes, then one final byte. A character that
/// cannot belong to the sequence ends it and is kept (broken output loses
/// nothing but the introducer).
fn skip_csi(chars: &mut Chars<'_>) {
    while chars.next_if(|c| (' '..='?').contains(c)).is_some() {}
    chars.next_if(|c| ('@'..='~').contains(c));
}

/// Up to BEL or `ESC \`. A newline also ends it: output is shown, not
/// interpreted, and an unterminated title must not swallow the rest.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        match c {
            BEL => {
                chars.next();
                return;
            }
            ESC => {
                chars.next();
                chars.next_if_eq(&'\\');
                return;
            }
            '\n' => return,
            _ => {
                chars.next();
            }
        }
    }
}

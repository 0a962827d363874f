//! The server's own input checks, run before sending so the user is told at once
//! (and what they typed stays in the form).

use crate::models::Platform;
use std::ops::RangeInclusive;

/// ExecuteGuestVmCommand `command`: `maxLength = 65536` (Java `String.length()`).
pub const MAX_COMMAND_CHARS: usize = 65_536;
/// ExecuteGuestVmCommand `commandTimeout`, in seconds.
pub const TIMEOUT_RANGE: RangeInclusive<u32> = 10..=86_400;

/// Why an input was refused; `Display` is a sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("Enter a command.")]
    EmptyCommand,
    #[error(
        "The command is {} characters long; ZStack accepts at most {}.",
        thousands(*.0),
        thousands(MAX_COMMAND_CHARS)
    )]
    CommandTooLong(usize),
    #[error(
        "The timeout must be a whole number of seconds from {} to {}.",
        thousands(*TIMEOUT_RANGE.start() as usize),
        thousands(*TIMEOUT_RANGE.end() as usize)
    )]
    Timeout,
    #[error("This is not a VM UUID (32 lower-case hexadecimal characters).")]
    Uuid,
    #[error("The platform must be Linux or Windows.")]
    Platform,
}

/// ZStack UUIDs: 32 lower-case hex digits, no dashes.
pub fn uuid(s: &str) -> Result<(), Invalid> {
    let ok = s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    ok.then_some(()).ok_or(Invalid::Uuid)
}

/// Non-blank, and at most [`MAX_COMMAND_CHARS`] UTF-16 code units as Java counts
/// them (an emoji counts twice). The whole text is counted, as sent.
pub fn command(s: &str) -> Result<(), Invalid> {
    if s.trim().is_empty() {
        return Err(Invalid::EmptyCommand);
    }
    let units = s.encode_utf16().count();
    if units > MAX_COMMAND_CHARS {
        return Err(Invalid::CommandTooLong(units));
    }
    Ok(())
}

/// Blank means "the server's default" (`None`); otherwise plain digits in
/// [`TIMEOUT_RANGE`] (no sign, no decimals, no exponent).
pub fn command_timeout(s: &str) -> Result<Option<u32>, Invalid> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Invalid::Timeout);
    }
    match s.parse::<u32>() {
        Ok(n) if TIMEOUT_RANGE.contains(&n) => Ok(Some(n)),
        _ => Err(Invalid::Timeout),
    }
}

/// ExecuteGuestVmCommand takes exactly `Linux` or `Windows`.
pub fn exec_platform(s: &str) -> Result<Platform, Invalid> {
    match s.trim() {
        "Linux" => Ok(Platform::Linux),
        "Windows" => Ok(Platform::Windows),
        _ => Err(Invalid::Platform),
    }
}

/// `70000` -> `70,000`: how these messages, and the console's, print counts.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(d);
    }
    out
}

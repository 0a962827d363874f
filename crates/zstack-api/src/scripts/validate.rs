//! ZStack's checks on a script and a run (ZSTACK-API.md §6 "Fields"), made
//! before sending so each message sits beside its field and nothing typed is
//! lost. Reasons only: the console words them.

use super::draft::ScriptDraft;
use crate::models::{RenderParam, ScriptPlatform, ScriptType};
use std::collections::HashSet;
use std::ops::RangeInclusive;

pub const MAX_NAME_CHARS: usize = 128;
pub const MAX_DESCRIPTION_CHARS: usize = 256;
pub const MAX_CONTENT_CHARS: usize = 65_536;
/// `scriptTimeout` of a saved script, seconds.
pub const SCRIPT_TIMEOUT_RANGE: RangeInclusive<u32> = 1..=86_400;
/// `scriptTimeout` of ExecuteGuestVmScript, seconds.
pub const EXECUTE_TIMEOUT_RANGE: RangeInclusive<u32> = 10..=86_400;
/// Besides letters, digits and inner spaces, what a name may hold.
pub const NAME_SYMBOLS: &str = "_-.():+";

/// The field a reason belongs to (ZStack's parameter names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScriptField {
    Name,
    Description,
    ScriptContent,
    Platform,
    ScriptType,
    ScriptTimeout,
    RenderParams,
    VmInstanceUuids,
}

/// Why a field was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptInvalid {
    /// Required, and empty or only spaces.
    Empty,
    /// `len` characters where `max` are allowed; counted as ZStack's Java
    /// does (UTF-16 units: a CJK character is one, an emoji two).
    TooLong { len: usize, max: usize },
    /// The first character a name may not hold.
    NameCharacter(char),
    /// A name starting or ending with a space.
    NameEdgeSpace,
    /// A platform other than Linux and Windows.
    UnknownPlatform,
    /// The script type does not run on the chosen platform.
    TypeNotForPlatform,
    /// Not a whole number of seconds from `min` to `max`.
    Timeout { min: u32, max: u32 },
    /// Row `row` (from 0) of the parameters has no key.
    ParamKeyEmpty { row: usize },
    /// Row `row` repeats an earlier row's key.
    ParamKeyRepeated { row: usize },
    /// Not a VM UUID (32 lower-case hex characters).
    VmUuid(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: ScriptField,
    pub reason: ScriptInvalid,
}

fn err(field: ScriptField, reason: ScriptInvalid) -> FieldError {
    FieldError { field, reason }
}

/// Characters as Java's `String.length()` counts them.
pub fn java_len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn at_most(s: &str, max: usize) -> Result<(), ScriptInvalid> {
    let len = java_len(s);
    if len > max {
        return Err(ScriptInvalid::TooLong { len, max });
    }
    Ok(())
}

/// 1-128 characters: letters (Chinese included), digits, `_-.():+` and
/// spaces inside.
pub fn name(s: &str) -> Result<(), ScriptInvalid> {
    if s.trim().is_empty() {
        return Err(ScriptInvalid::Empty);
    }
    at_most(s, MAX_NAME_CHARS)?;
    let allowed =
        |c: char| c.is_alphabetic() || c.is_ascii_digit() || c == ' ' || NAME_SYMBOLS.contains(c);
    if let Some(c) = s.chars().find(|c| !allowed(*c)) {
        return Err(ScriptInvalid::NameCharacter(c));
    }
    if s.starts_with(' ') || s.ends_with(' ') {
        return Err(ScriptInvalid::NameEdgeSpace);
    }
    Ok(())
}

/// At most 256 characters; empty is none.
pub fn description(s: &str) -> Result<(), ScriptInvalid> {
    at_most(s, MAX_DESCRIPTION_CHARS)
}

/// 1-65,536 characters, counted on the text as typed (before any Base64).
pub fn content(s: &str) -> Result<(), ScriptInvalid> {
    if s.trim().is_empty() {
        return Err(ScriptInvalid::Empty);
    }
    at_most(s, MAX_CONTENT_CHARS)
}

/// Platform and type together: Shell/Python/Perl on Linux, Bat/Powershell
/// on Windows.
pub fn platform_and_type(
    platform: &ScriptPlatform,
    script_type: &ScriptType,
) -> Result<(), FieldError> {
    if platform.script_types().is_empty() {
        return Err(err(ScriptField::Platform, ScriptInvalid::UnknownPlatform));
    }
    if !platform.script_types().contains(script_type) {
        return Err(err(
            ScriptField::ScriptType,
            ScriptInvalid::TypeNotForPlatform,
        ));
    }
    Ok(())
}

/// Non-empty keys, none repeated (compared as typed: ZStack's template
/// names are case-sensitive). Each bad row is reported.
pub fn render_params(params: &[RenderParam]) -> Vec<ScriptInvalid> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (row, p) in params.iter().enumerate() {
        if p.key.trim().is_empty() {
            out.push(ScriptInvalid::ParamKeyEmpty { row });
        } else if !seen.insert(p.key.as_str()) {
            out.push(ScriptInvalid::ParamKeyRepeated { row });
        }
    }
    out
}

fn in_range(t: u32, range: &RangeInclusive<u32>) -> Result<u32, ScriptInvalid> {
    if range.contains(&t) {
        Ok(t)
    } else {
        Err(ScriptInvalid::Timeout {
            min: *range.start(),
            max: *range.end(),
        })
    }
}

/// The form's timeout text: blank is ZStack's default (`None`), else plain
/// digits (no sign, decimals or exponent) within `range`.
pub fn timeout_text(s: &str, range: RangeInclusive<u32>) -> Result<Option<u32>, ScriptInvalid> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let bad = ScriptInvalid::Timeout {
        min: *range.start(),
        max: *range.end(),
    };
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad);
    }
    match s.parse::<u32>() {
        Ok(n) => in_range(n, &range).map(Some),
        Err(_) => Err(bad),
    }
}

/// Every field of a script to save; empty when ZStack would take it.
pub fn validate_script(d: &ScriptDraft) -> Vec<FieldError> {
    let mut out = Vec::new();
    let mut check = |field, r: Result<(), ScriptInvalid>| {
        if let Err(reason) = r {
            out.push(err(field, reason));
        }
    };
    check(ScriptField::Name, name(&d.name));
    check(ScriptField::Description, description(&d.description));
    check(ScriptField::ScriptContent, content(&d.script_content));
    if let Some(t) = d.script_timeout {
        check(
            ScriptField::ScriptTimeout,
            in_range(t, &SCRIPT_TIMEOUT_RANGE).map(drop),
        );
    }
    if let Err(e) = platform_and_type(&d.platform, &d.script_type) {
        out.push(e);
    }
    out.extend(
        render_params(&d.render_params)
            .into_iter()
            .map(|r| err(ScriptField::RenderParams, r)),
    );
    out
}

/// An ExecuteGuestVmScript: at least one VM, each a UUID, and a timeout of
/// 10-86,400 s when one is given.
pub fn validate_run(vm_uuids: &[String], timeout: Option<u32>) -> Vec<FieldError> {
    let mut out = Vec::new();
    if vm_uuids.is_empty() {
        out.push(err(ScriptField::VmInstanceUuids, ScriptInvalid::Empty));
    }
    if let Some(bad) = vm_uuids.iter().find(|u| crate::validate::uuid(u).is_err()) {
        out.push(err(
            ScriptField::VmInstanceUuids,
            ScriptInvalid::VmUuid(bad.clone()),
        ));
    }
    if let Some(Err(reason)) = timeout.map(|t| in_range(t, &EXECUTE_TIMEOUT_RANGE)) {
        out.push(err(ScriptField::ScriptTimeout, reason));
    }
    out
}

/// Whether to warn that ZStack renders the whole script as a Jinja2
/// template: it has parameters and holds a delimiter Jinja2 acts on. Besides
/// `{{` that is `{%` and `{#`; the last is common in shell (`${#list[@]}`)
/// and makes the render fail outright.
pub fn jinja_warning(content: &str, has_params: bool) -> bool {
    has_params && ["{{", "{%", "{#"].iter().any(|d| content.contains(d))
}

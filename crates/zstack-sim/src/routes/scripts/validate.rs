//! ZStack's answers to bad input for the script APIs, kept apart from the
//! handlers so each rule reads next to the wording it produces.
//!
//! Two stages, as in ZStack: the Gson-style readers turn the body into the
//! API message, and what cannot become one is a plain-text 400 at once;
//! [`Check`] and the `check_*` functions are the message's `@APIParam` and
//! API checks, which fail the async job with `SYS.1007`.

use super::{msg, Ctx, EXECUTE};
use crate::reply::{errors, Fail};
use serde_json::Value;
use zstack_api::scripts::decode_content;
use zstack_api::{EncodingType, ErrorCode, ScriptPlatform, ScriptType};

const MAX_NAME: usize = 128;
pub(super) const MAX_DESCRIPTION: usize = 256;
const MAX_CONTENT: usize = 65_536;
pub(super) const SCRIPT_TIMEOUT: (i64, i64) = (1, 86_400);
pub(super) const EXECUTE_TIMEOUT: (i64, i64) = (10, 86_400);
const NAME_SYMBOLS: &str = "_-.():+";

/// Script fields as sent (create and update share them).
#[derive(Debug, Clone, Default)]
pub(super) struct Fields {
    pub(super) name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) script_content: Option<String>,
    pub(super) render_params: Option<String>,
    pub(super) platform: Option<String>,
    pub(super) script_type: Option<String>,
    pub(super) script_timeout: Option<i64>,
    /// Read only by a server that knows the field (see `--script-encoding`).
    pub(super) encoding_type: Option<String>,
}

fn wrong(field: &str, m: &str) -> Fail {
    Fail::bad_request(format!("Invalid value for field[{field}] of {}", msg(m)))
}

/// A `String` member as Gson fills it: text, numbers and booleans as their
/// text; a list or an object cannot become one (400).
fn text(p: &Value, field: &str, m: &str) -> Result<Option<String>, Fail> {
    match p.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(v @ (Value::Number(_) | Value::Bool(_))) => Ok(Some(v.to_string())),
        Some(_) => Err(wrong(field, m)),
    }
}

/// An `Integer` member as Gson fills it: a whole number, or text holding one.
pub(super) fn integer(p: &Value, field: &str, m: &str) -> Result<Option<i64>, Fail> {
    match p.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            .map(Some)
            .ok_or_else(|| wrong(field, m)),
        Some(Value::String(s)) => s.trim().parse().map(Some).map_err(|_| wrong(field, m)),
        Some(_) => Err(wrong(field, m)),
    }
}

/// The API's parameter object (`params`, `updateGuestVmScript`, ...).
pub(super) fn object<'a>(ctx: &'a Ctx, key: &str, m: &str) -> Result<Option<&'a Value>, Fail> {
    match ctx.param(key)? {
        Some(p) if !p.is_object() => Err(wrong(key, m)),
        other => Ok(other),
    }
}

/// `newer`: the server knows `encodingType`; a 5.2/5.3 one never reads it
/// (Gson drops keys the message does not declare, whatever their type).
pub(super) fn read_fields(p: Option<&Value>, m: &str, newer: bool) -> Result<Fields, Fail> {
    let Some(p) = p else {
        return Ok(Fields::default());
    };
    Ok(Fields {
        name: text(p, "name", m)?,
        description: text(p, "description", m)?,
        script_content: text(p, "scriptContent", m)?,
        render_params: text(p, "renderParams", m)?,
        platform: text(p, "platform", m)?,
        script_type: text(p, "scriptType", m)?,
        script_timeout: integer(p, "scriptTimeout", m)?,
        encoding_type: if newer {
            text(p, "encodingType", m)?
        } else {
            None
        },
    })
}

/// ZStack's wording for the `@APIParam` checks, all `SYS.1007`.
pub(super) struct Check<'a> {
    pub(super) m: &'a str,
}

impl Check<'_> {
    pub(super) fn mandatory(&self, field: &str) -> ErrorCode {
        errors::invalid_argument(&format!(
            "field[{field}] of message[{}] is mandatory and can not be null",
            msg(self.m)
        ))
    }

    pub(super) fn length(
        &self,
        field: &str,
        s: &str,
        max: usize,
        nonempty: bool,
    ) -> Result<(), ErrorCode> {
        // Java counts UTF-16 code units.
        let len = s.encode_utf16().count();
        if nonempty && len == 0 {
            return Err(errors::invalid_argument(&format!(
                "field[{field}] of message[{}] can not be an empty string",
                msg(self.m)
            )));
        }
        if len > max {
            return Err(errors::invalid_argument(&format!(
                "field[{field}] of message[{}] exceeds the max length of string. expected was <= {max}, actual was {len}",
                msg(self.m)
            )));
        }
        Ok(())
    }

    pub(super) fn valid_values(
        &self,
        field: &str,
        v: &str,
        allowed: &[&str],
    ) -> Result<(), ErrorCode> {
        if allowed.contains(&v) {
            return Ok(());
        }
        Err(errors::invalid_argument(&format!(
            "valid value for field[{field}] of message[{}] are [{}], but {v} found",
            msg(self.m),
            allowed.join(", ")
        )))
    }

    pub(super) fn empty_list(&self, field: &str) -> ErrorCode {
        errors::invalid_argument(&format!(
            "field[{field}] of message[{}] can not be an empty list",
            msg(self.m)
        ))
    }

    pub(super) fn range(
        &self,
        field: &str,
        v: i64,
        (min, max): (i64, i64),
    ) -> Result<(), ErrorCode> {
        if (min..=max).contains(&v) {
            return Ok(());
        }
        Err(errors::invalid_argument(&format!(
            "valid range for field[{field}] of message[{}] is [{min}, {max}], but {v} found",
            msg(self.m)
        )))
    }
}

pub(super) const PLATFORMS: [&str; 2] = ["Linux", "Windows"];
pub(super) const TYPES: [&str; 5] = ["Shell", "Python", "Perl", "Bat", "Powershell"];
pub(super) const ENCODINGS: [&str; 2] = ["Base64", "PlainText"];

/// 1-128 characters: letters (Chinese too), digits, `_-.():+`, spaces inside.
pub(super) fn check_name(c: &Check, name: &str) -> Result<(), ErrorCode> {
    c.length("name", name, MAX_NAME, true)?;
    let allowed = |ch: char| {
        ch.is_alphabetic() || ch.is_ascii_digit() || ch == ' ' || NAME_SYMBOLS.contains(ch)
    };
    if !name.chars().all(allowed) || name.starts_with(' ') || name.ends_with(' ') {
        return Err(errors::argerr(&format!(
            "invalid script name[{name}]: a name holds letters, Chinese characters, digits, spaces inside and {NAME_SYMBOLS} only"
        )));
    }
    Ok(())
}

/// `renderParams`: blank, or a JSON list of `{"key","value","description"}`.
pub(super) fn check_render_params(text: &str) -> Result<(), ErrorCode> {
    if text.trim().is_empty() {
        return Ok(());
    }
    let rows: Option<Vec<serde_json::Map<String, Value>>> = serde_json::from_str(text).ok();
    let ok = rows.is_some_and(|rows| {
        rows.iter().all(|r| {
            r.get("key")
                .and_then(Value::as_str)
                .is_some_and(|k| !k.is_empty())
        })
    });
    if ok {
        return Ok(());
    }
    Err(errors::argerr(&format!(
        "invalid renderParams[{text}]: it must be a JSON list of {{\"key\", \"value\", \"description\"}}"
    )))
}

/// The content as the script will run: read under its encoding and checked.
pub(super) fn check_content(
    c: &Check,
    content: &str,
    encoding: Option<&EncodingType>,
) -> Result<(), ErrorCode> {
    c.length("scriptContent", content, usize::MAX, true)?;
    let decoded = decode_content(content, encoding);
    if decoded.undecodable {
        return Err(errors::argerr(
            "scriptContent is not Base64 of UTF-8 text, but encodingType is Base64",
        ));
    }
    c.length("scriptContent", &decoded.text, MAX_CONTENT, true)
}

pub(super) fn check_fit(
    platform: &ScriptPlatform,
    script_type: &ScriptType,
) -> Result<(), ErrorCode> {
    if platform.script_types().contains(script_type) {
        return Ok(());
    }
    Err(errors::argerr(&format!(
        "scriptType[{script_type}] is not supported on platform[{platform}]; {platform} takes {}",
        platform
            .script_types()
            .iter()
            .map(|t| t.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

/// `vmInstanceUuids`, a `List<String>`: a list of texts, or 400.
pub(super) fn uuid_list(p: &Value) -> Result<Option<Vec<String>>, Fail> {
    let bad = || wrong("vmInstanceUuids", EXECUTE);
    match p.get("vmInstanceUuids") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(_) | Value::Bool(_) => Ok(v.to_string()),
                _ => Err(bad()),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::CREATE;
    use super::*;
    use serde_json::json;

    #[test]
    fn names_as_zstack_takes_them() {
        let c = Check { m: CREATE };
        for ok in ["a", "数据库 备份-1.(x):y+z_", &"n".repeat(128)] {
            assert!(check_name(&c, ok).is_ok(), "{ok}");
        }
        for bad in ["", " a", "a ", "a/b", "a<b>", &"n".repeat(129)] {
            assert!(check_name(&c, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn render_params_are_a_list_of_rows() {
        assert!(check_render_params("").is_ok());
        assert!(check_render_params(r#"[{"key":"a","value":"1","description":""}]"#).is_ok());
        assert!(check_render_params(r#"{"a":"1"}"#).is_err());
        assert!(check_render_params(r#"[{"value":"1"}]"#).is_err());
        assert!(check_render_params("not json").is_err());
    }

    #[test]
    fn gson_reads_text_and_integers_leniently() {
        let p = json!({"name": 5, "scriptTimeout": "30", "bad": [1], "f": 2.5});
        assert_eq!(text(&p, "name", CREATE), Ok(Some("5".into())));
        assert!(text(&p, "bad", CREATE).is_err());
        assert_eq!(integer(&p, "scriptTimeout", CREATE), Ok(Some(30)));
        assert!(integer(&p, "f", CREATE).is_err());
    }
}

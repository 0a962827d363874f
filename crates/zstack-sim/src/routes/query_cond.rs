//! How one query condition and one sort compare a JSON inventory: SQL's
//! rules (NULL matches nothing), MySQL's case-insensitive text, dates as
//! dates. `?=`/`!?=` keep their list in a set, so a long list over a large
//! world stays fast.

use serde_json::Value;
use std::cmp::Ordering;
use std::collections::HashSet;
use zstack_api::query::like_matches;
use zstack_api::{Cond, DateTime, Op, Timestamp};

/// A condition ready to run many times: its path split, an `?=` list as a set.
pub struct Prepared<'a> {
    cond: &'a Cond,
    path: Vec<&'a str>,
    /// `?=` / `!?=` values, lower-cased.
    set: Option<HashSet<String>>,
}

impl<'a> Prepared<'a> {
    pub fn new(cond: &'a Cond) -> Self {
        let set = matches!(cond.op, Op::In | Op::NotIn)
            .then(|| cond.values().map(str::to_lowercase).collect());
        Prepared {
            cond,
            path: split(&cond.field),
            set,
        }
    }

    /// SQL semantics: a comparison with NULL is false, whatever the operator.
    pub fn matches(&self, item: &Value) -> bool {
        let c = self.cond;
        let mut vals = Vec::new();
        leaves(item, &self.path, &mut vals);
        vals.retain(|v| !v.is_null());
        let eq = |v: &Value, s: &str| compare(v, s) == Some(Ordering::Equal);
        let in_list = |v: &Value| match (v, &self.set) {
            // Text that is no date compares as lower-case text: a set lookup.
            (Value::String(t), Some(set)) if as_time(t).is_none() => {
                set.contains(&t.to_lowercase())
            }
            _ => c.values().any(|x| eq(v, x)),
        };
        match c.op {
            Op::IsNull => vals.is_empty(),
            Op::NotNull => !vals.is_empty(),
            op => vals.iter().any(|v| match op {
                Op::Eq => eq(v, &c.value),
                Op::NotEq => !eq(v, &c.value),
                Op::Gt => compare(v, &c.value) == Some(Ordering::Greater),
                Op::Lt => compare(v, &c.value) == Some(Ordering::Less),
                Op::Ge => matches!(
                    compare(v, &c.value),
                    Some(Ordering::Greater | Ordering::Equal)
                ),
                Op::Le => matches!(compare(v, &c.value), Some(Ordering::Less | Ordering::Equal)),
                Op::In => in_list(v),
                Op::NotIn => !in_list(v),
                Op::Like => like_matches(&c.value, &text(v)),
                Op::NotLike => !like_matches(&c.value, &text(v)),
                Op::IsNull | Op::NotNull => false,
            }),
        }
    }
}

pub fn split(field: &str) -> Vec<&str> {
    field.trim().split('.').collect()
}

/// Every value at `path`; lists fan out, as a SQL join would.
pub fn leaves<'a>(v: &'a Value, path: &[&str], out: &mut Vec<&'a Value>) {
    match (v, path.split_first()) {
        (Value::Array(items), _) => items.iter().for_each(|x| leaves(x, path, out)),
        (_, None) => out.push(v),
        (Value::Object(m), Some((head, rest))) => {
            if let Some(x) = m.get(*head) {
                leaves(x, rest, out)
            }
        }
        _ => {}
    }
}

pub fn has_path(v: &Value, path: &[&str]) -> bool {
    match (v, path.split_first()) {
        (Value::Array(items), _) => items.iter().any(|x| has_path(x, path)),
        (_, None) => true,
        (Value::Object(m), Some((head, rest))) => m.get(*head).is_some_and(|x| has_path(x, rest)),
        _ => false,
    }
}

pub fn first<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    let mut out = Vec::new();
    leaves(v, path, &mut out);
    out.into_iter().find(|x| !x.is_null())
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Numbers as numbers, dates as dates, other text case-insensitively (MySQL's default collation).
fn compare(v: &Value, s: &str) -> Option<Ordering> {
    match v {
        Value::Number(n) => n.as_f64()?.partial_cmp(&s.trim().parse::<f64>().ok()?),
        Value::Bool(b) => Some(b.to_string().cmp(&s.trim().to_lowercase())),
        Value::String(t) => match (as_time(t), parse_time(s)) {
            (Some(a), Some(b)) => Some(a.cmp(&b)),
            _ => Some(t.to_lowercase().cmp(&s.to_lowercase())),
        },
        _ => None,
    }
}

/// A value in ZStack's date form (`Jan 6, 2017 3:51:16 AM`); most text is
/// turned away by its first letter, without the parse.
fn as_time(t: &str) -> Option<DateTime> {
    let first = t.trim_start().chars().next()?;
    if !"JFMASOND".contains(first) {
        return None;
    }
    Timestamp(t.to_owned()).parse()
}

/// A date in a condition: ZStack's text form, or `yyyy-MM-dd HH:mm:ss`.
fn parse_time(s: &str) -> Option<DateTime> {
    if let Some(t) = Timestamp(s.to_owned()).parse() {
        return Some(t);
    }
    let s = s.trim();
    let (date, time) = s.split_once([' ', 'T']).unwrap_or((s, "00:00:00"));
    let num = |x: Option<&str>| x.and_then(|x| x.parse::<u32>().ok());
    let mut d = date.split('-');
    let mut t = time.split(':');
    let (year, month, day) = (num(d.next())?, num(d.next())?, num(d.next())?);
    let (hour, minute) = (num(t.next()).unwrap_or(0), num(t.next()).unwrap_or(0));
    let second = num(t.next()).unwrap_or(0);
    let ok = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && hour < 24
        && minute < 60
        && second < 61;
    ok.then_some(DateTime {
        year: year as i32,
        month: month as u8,
        day: day as u8,
        hour: hour as u8,
        minute: minute as u8,
        second: second as u8,
    })
}

/// The sort order: nulls first, numbers by value, dates by time, text case-insensitively.
pub fn value_cmp(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        (Some(Value::String(x)), Some(Value::String(y))) => match (as_time(x), as_time(y)) {
            (Some(p), Some(q)) => p.cmp(&q),
            _ => x
                .to_lowercase()
                .cmp(&y.to_lowercase())
                .then_with(|| x.cmp(y)),
        },
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates_compare_as_dates() {
        let v = json!("Jan 6, 2017 3:51:16 AM");
        assert_eq!(compare(&v, "2017-01-06 03:51:16"), Some(Ordering::Equal));
        assert_eq!(compare(&v, "2016-12-31"), Some(Ordering::Greater));
        assert_eq!(
            compare(&json!("Dec 1, 2016 1:00:00 PM"), "Jan 6, 2017 3:51:16 AM"),
            Some(Ordering::Less)
        );
    }

    #[test]
    fn nested_lists_fan_out() {
        let vm = json!({"vmNics": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.5"}]});
        assert!(Prepared::new(&Cond::new("vmNics.ip", Op::Eq, "10.0.0.5")).matches(&vm));
        assert!(!Prepared::new(&Cond::new("vmNics.ip", Op::IsNull, "")).matches(&vm));
        assert!(has_path(
            &json!({"vmNics": [{"ip": null}]}),
            &["vmNics", "ip"]
        ));
        assert!(!has_path(
            &json!({"vmNics": [{"ip": null}]}),
            &["vmNics", "mtu"]
        ));
    }

    #[test]
    fn lists_match_case_insensitively_and_dates_as_dates() {
        let item = json!({"uuid": "ABC", "createDate": "Jan 6, 2017 3:51:16 AM"});
        let hit = |f: &str, op, v: &str| Prepared::new(&Cond::new(f, op, v)).matches(&item);
        assert!(hit("uuid", Op::In, "x,abc"));
        assert!(!hit("uuid", Op::NotIn, "x,abc"));
        assert!(hit("uuid", Op::NotIn, "x,y"));
        assert!(hit("createDate", Op::In, "2017-01-06 03:51:16,x"));
    }
}

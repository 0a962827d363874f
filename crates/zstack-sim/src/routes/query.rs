//! ZStack's query APIs, evaluated on the JSON form of the inventories so that
//! every field (nested ones too: `vmNics.ip`) can be filtered and sorted on.

use super::{Ctx, SyncResult};
use crate::jobs::Outcome;
use crate::reply::{errors, strip_nulls, Fail};
use serde_json::{json, Map, Value};
use std::cmp::Ordering;
use zstack_api::query::like_matches;
use zstack_api::{Cond, DateTime, Op, Query, Timestamp};

/// The parameters a query API reads; RestServer ignores any other.
const QUERY_PARAMS: [&str; 7] = [
    "q",
    "limit",
    "start",
    "count",
    "replyWithCount",
    "sort",
    "fields",
];
const DEFAULT_LIMIT: usize = 1000;

/// The query string of a query API; a malformed parameter is a 400.
pub fn parse(ctx: &Ctx) -> Result<Query, Fail> {
    let pairs = ctx
        .query
        .iter()
        .filter(|(k, _)| QUERY_PARAMS.contains(&k.as_str()))
        .map(|(k, v)| (k.as_str(), v.as_str()));
    Query::from_pairs(pairs).map_err(|e| Fail::bad_request(format!("Invalid query parameter. {e}")))
}

/// `GET /things/{uuid}`: RestServer ignores the query string and asks for `uuid=`.
pub fn by_uuid(uuid: &str) -> Query {
    Query::new().cond("uuid", Op::Eq, uuid)
}

/// A query API's answer: the checks in ZStack's order (header, parameters,
/// session), then the query over the inventories' JSON forms. `uuid` is the
/// `/things/{uuid}` form, which ignores the query string.
pub fn answer<T: serde::Serialize>(
    ctx: &Ctx,
    uuid: Option<&str>,
    entity: &str,
    prototype: T,
    items: impl FnOnce(&crate::world::World) -> Vec<T>,
) -> SyncResult {
    ctx.session_header()?;
    let q = match uuid {
        Some(u) => by_uuid(u),
        None => parse(ctx)?,
    };
    ctx.authorize()?;
    let json = |t: &T| serde_json::to_value(t).unwrap_or_default();
    let items: Vec<Value> = items(&ctx.sim.world()).iter().map(json).collect();
    run(items, &json(&prototype), entity, &q)
}

/// Runs `q` over `items`. `proto` is an inventory with every field present
/// (and one element in each list), to tell unknown fields from null ones.
pub fn run(items: Vec<Value>, proto: &Value, entity: &str, q: &Query) -> SyncResult {
    let unknown = |f: &str| -> Fail {
        errors::invalid_argument(&format!(
            "the field[{f}] is not a queryable field of {entity}"
        ))
        .into()
    };
    let fields_to_check = q
        .conditions
        .iter()
        .map(|c| c.field.as_str())
        .chain(q.sort.iter().map(|s| s.field.as_str()))
        .chain(q.fields.iter().map(String::as_str));
    for f in fields_to_check {
        if !has_path(proto, &split(f)) {
            return Err(unknown(f));
        }
    }

    let mut hits: Vec<Value> = items
        .into_iter()
        .filter(|item| q.conditions.iter().all(|c| matches(item, c)))
        .collect();
    let total = hits.len();
    if q.count {
        return Ok(Outcome::Done(json!({ "total": total })));
    }
    if let Some(sort) = &q.sort {
        let path = split(&sort.field);
        hits.sort_by(|a, b| {
            let ord = value_cmp(first(a, &path), first(b, &path));
            if sort.ascending {
                ord
            } else {
                ord.reverse()
            }
        });
    }
    let start = q.start.map_or(0, |s| s as usize);
    let limit = q.limit.map_or(DEFAULT_LIMIT, |l| l as usize);
    let mut page: Vec<Value> = hits.into_iter().skip(start).take(limit).collect();
    if !q.fields.is_empty() {
        let keep: Vec<&str> = q.fields.iter().map(|f| split(f)[0]).collect();
        for item in &mut page {
            if let Value::Object(m) = item {
                m.retain(|k, _| keep.contains(&k.as_str()));
            }
        }
    }
    let mut reply = Map::new();
    reply.insert("inventories".into(), Value::Array(page));
    if q.reply_with_count {
        reply.insert("total".into(), json!(total));
    }
    let mut reply = Value::Object(reply);
    strip_nulls(&mut reply);
    Ok(Outcome::Done(reply))
}

fn split(field: &str) -> Vec<&str> {
    field.trim().split('.').collect()
}

/// Every value at `path`; lists fan out, as a SQL join would.
fn leaves<'a>(v: &'a Value, path: &[&str], out: &mut Vec<&'a Value>) {
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

fn has_path(v: &Value, path: &[&str]) -> bool {
    match (v, path.split_first()) {
        (Value::Array(items), _) => items.iter().any(|x| has_path(x, path)),
        (_, None) => true,
        (Value::Object(m), Some((head, rest))) => m.get(*head).is_some_and(|x| has_path(x, rest)),
        _ => false,
    }
}

fn first<'a>(v: &'a Value, path: &[&str]) -> Option<&'a Value> {
    let mut out = Vec::new();
    leaves(v, path, &mut out);
    out.into_iter().find(|x| !x.is_null())
}

/// SQL semantics: a comparison with NULL is false, whatever the operator.
fn matches(item: &Value, c: &Cond) -> bool {
    let mut vals = Vec::new();
    leaves(item, &split(&c.field), &mut vals);
    vals.retain(|v| !v.is_null());
    let eq = |v: &Value, s: &str| compare(v, s) == Some(Ordering::Equal);
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
            Op::In => c.values().any(|x| eq(v, x)),
            Op::NotIn => !c.values().any(|x| eq(v, x)),
            Op::Like => like_matches(&c.value, &text(v)),
            Op::NotLike => !like_matches(&c.value, &text(v)),
            Op::IsNull | Op::NotNull => false,
        }),
    }
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
        Value::String(t) => match (Timestamp(t.clone()).parse(), parse_time(s)) {
            (Some(a), Some(b)) => Some(a.cmp(&b)),
            _ => Some(t.to_lowercase().cmp(&s.to_lowercase())),
        },
        _ => None,
    }
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
fn value_cmp(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        (Some(Value::String(x)), Some(Value::String(y))) => {
            match (Timestamp(x.clone()).parse(), Timestamp(y.clone()).parse()) {
                (Some(p), Some(q)) => p.cmp(&q),
                _ => x
                    .to_lowercase()
                    .cmp(&y.to_lowercase())
                    .then_with(|| x.cmp(y)),
            }
        }
        (Some(x), Some(y)) => x.to_string().cmp(&y.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(matches(&vm, &Cond::new("vmNics.ip", Op::Eq, "10.0.0.5")));
        assert!(!matches(&vm, &Cond::new("vmNics.ip", Op::IsNull, "")));
        assert!(has_path(
            &json!({"vmNics": [{"ip": null}]}),
            &["vmNics", "ip"]
        ));
        assert!(!has_path(
            &json!({"vmNics": [{"ip": null}]}),
            &["vmNics", "mtu"]
        ));
    }
}

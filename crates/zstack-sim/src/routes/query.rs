//! ZStack's query APIs, evaluated on the JSON form of the inventories so that
//! every field (nested ones too: `vmNics.ip`) can be filtered and sorted on.

use super::query_cond::{first, has_path, split, value_cmp, Prepared};
use super::{Ctx, SyncResult};
use crate::jobs::Outcome;
use crate::reply::{errors, strip_nulls, Fail};
use crate::world::World;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::HashSet;
use zstack_api::{Op, Query};

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

/// Which objects a query can only be about, read from its `=` and `?=`
/// conditions on the entity's key field (its UUID): the routes skip the
/// rest before building JSON, so "these 100 of 10,000" stays cheap.
pub struct Keys(Option<HashSet<String>>);

impl Keys {
    fn of(q: &Query, key_field: &str) -> Keys {
        let mut wanted: Option<HashSet<String>> = None;
        for c in q.conditions.iter().filter(|c| c.field.trim() == key_field) {
            let these: HashSet<String> = match c.op {
                Op::Eq => [c.value.to_lowercase()].into(),
                Op::In => c.values().map(str::to_lowercase).collect(),
                _ => continue,
            };
            wanted = Some(match wanted {
                None => these,
                Some(w) => w.intersection(&these).cloned().collect(),
            });
        }
        Keys(wanted)
    }

    /// Whether the object with this key may match (the conditions still run).
    pub fn wants(&self, key: &str) -> bool {
        // Text compares case-insensitively; a UUID is never a date.
        self.0
            .as_ref()
            .is_none_or(|w| w.contains(&key.to_lowercase()))
    }
}

/// A query API's answer: the checks in ZStack's order (header, parameters,
/// session), then the query over the inventories' JSON forms. `uuid` is the
/// `/things/{uuid}` form, which ignores the query string. `items` gets the
/// [`Keys`] of `key_field` and may leave out the objects they rule out.
pub fn answer<T: Serialize>(
    ctx: &Ctx,
    uuid: Option<&str>,
    entity: &str,
    key_field: &str,
    prototype: T,
    items: impl FnOnce(&World, &Keys) -> Vec<T>,
) -> SyncResult {
    ctx.session_header()?;
    let q = match uuid {
        Some(u) => by_uuid(u),
        None => parse(ctx)?,
    };
    ctx.authorize()?;
    let keys = Keys::of(&q, key_field);
    let items = items(&ctx.sim.world(), &keys);
    run(items, &to_json(&prototype), entity, &q)
}

fn to_json<T: Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap_or_default()
}

/// Runs `q` over `items`. `proto` is an inventory with every field present
/// (and one element in each list), to tell unknown fields from null ones.
/// Without conditions or sort only the page is turned into JSON.
pub fn run<T: Serialize>(items: Vec<T>, proto: &Value, entity: &str, q: &Query) -> SyncResult {
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

    let start = q.start.map_or(0, |s| s as usize);
    let limit = q.limit.map_or(DEFAULT_LIMIT, |l| l as usize);
    let (total, mut page) = if q.conditions.is_empty() && q.sort.is_none() {
        let total = items.len();
        let page = items.iter().skip(start).take(limit).map(to_json).collect();
        (total, page)
    } else {
        let conds: Vec<Prepared> = q.conditions.iter().map(Prepared::new).collect();
        let mut hits: Vec<Value> = items
            .iter()
            .map(to_json)
            .filter(|item| conds.iter().all(|c| c.matches(item)))
            .collect();
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
        let total = hits.len();
        let page: Vec<Value> = hits.into_iter().skip(start).take(limit).collect();
        (total, page)
    };
    if q.count {
        return Ok(Outcome::Done(json!({ "total": total })));
    }
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

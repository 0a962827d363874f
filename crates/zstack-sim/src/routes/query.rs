//! ZStack's query APIs, evaluated on the JSON form of the inventories so that
//! every field (nested ones too: `vmNics.ip`) can be filtered and sorted on.

use super::project::project;
use super::query_cond::{first, has_path, split, value_cmp, Prepared};
use super::{Ctx, SyncResult};
use crate::jobs::Outcome;
use crate::reply::{errors, strip_nulls, Fail};
use crate::world::World;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::borrow::Cow;
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
pub struct Keys(Option<Vec<String>>);

impl Keys {
    fn of(q: &Query, key_field: &str) -> Keys {
        let mut wanted: Option<Vec<String>> = None;
        for c in q.conditions.iter().filter(|c| c.field.trim() == key_field) {
            let mut these: Vec<String> = match c.op {
                Op::Eq => vec![c.value.to_lowercase()],
                Op::In => c.values().map(str::to_lowercase).collect(),
                _ => continue,
            };
            if let Some(w) = &wanted {
                these.retain(|k| w.binary_search(k).is_ok());
            }
            these.sort_unstable();
            these.dedup();
            wanted = Some(these);
        }
        Keys(wanted)
    }

    /// Whether the object with this key may match (the conditions still run).
    /// A sorted list, not a hash set: cheaper per key in a debug build.
    pub fn wants(&self, key: &str) -> bool {
        // Text compares case-insensitively; a UUID is never a date.
        self.0.as_ref().is_none_or(|w| {
            let key = key.to_lowercase();
            w.binary_search(&key).is_ok()
        })
    }
}

/// A query API's answer: the checks in ZStack's order (header, parameters,
/// session), then the query over the inventories' JSON forms. `uuid` is the
/// `/things/{uuid}` form, which ignores the query string. `items` gets the
/// [`Keys`] of `key_field` and may leave out the objects they rule out; it
/// lends what the world holds (no copy of 10,000 VMs per query) and makes
/// the rest.
pub fn answer<T: Serialize + Clone>(
    ctx: &Ctx,
    uuid: Option<&str>,
    entity: &str,
    key_field: &str,
    prototype: T,
    items: impl for<'w> FnOnce(&'w World, &Keys) -> Vec<Cow<'w, T>>,
) -> SyncResult {
    ctx.session_header()?;
    let q = match uuid {
        Some(u) => by_uuid(u),
        None => parse(ctx)?,
    };
    ctx.authorize()?;
    let keys = Keys::of(&q, key_field);
    let world = ctx.sim.world();
    let items = items(&world, &keys);
    run(&items, &to_json(&prototype), entity, &q)
}

fn to_json<T: Serialize>(t: &T) -> Value {
    serde_json::to_value(t).unwrap_or_default()
}

/// Runs `q` over `items`. `proto` is an inventory with every field present
/// (and one element in each list), to tell unknown fields from null ones.
pub fn run<T: Serialize>(items: &[T], proto: &Value, entity: &str, q: &Query) -> SyncResult {
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
    // Conditions and sort read only some top-level members: build just
    // those for every object, and whole inventories for the page alone.
    let mut read: Vec<&str> = q
        .conditions
        .iter()
        .map(|c| c.field.as_str())
        .chain(q.sort.iter().map(|s| s.field.as_str()))
        .map(|f| split(f)[0])
        .collect();
    read.sort_unstable();
    read.dedup();
    let conds: Vec<Prepared> = q.conditions.iter().map(Prepared::new).collect();
    let mut hits: Vec<(usize, Value)> = items
        .iter()
        .enumerate()
        .map(|(i, t)| (i, project(t, &read)))
        .filter(|(_, v)| conds.iter().all(|c| c.matches(v)))
        .collect();
    if let Some(sort) = &q.sort {
        let path = split(&sort.field);
        hits.sort_by(|(_, a), (_, b)| {
            let ord = value_cmp(first(a, &path), first(b, &path));
            if sort.ascending {
                ord
            } else {
                ord.reverse()
            }
        });
    }
    let total = hits.len();
    if q.count {
        return Ok(Outcome::Done(json!({ "total": total })));
    }
    // `fields=a,b` keeps those top-level members.
    let keep: Vec<&str> = q.fields.iter().map(|f| split(f)[0]).collect();
    let page: Vec<Value> = hits
        .iter()
        .skip(start)
        .take(limit)
        .map(|(i, _)| match keep.is_empty() {
            true => to_json(&items[*i]),
            false => project(&items[*i], &keep),
        })
        .collect();
    let mut reply = Map::new();
    reply.insert("inventories".into(), Value::Array(page));
    if q.reply_with_count {
        reply.insert("total".into(), json!(total));
    }
    let mut reply = Value::Object(reply);
    strip_nulls(&mut reply);
    Ok(Outcome::Done(reply))
}

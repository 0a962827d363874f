//! ZStack's query API: `q=<field><op><value>` conditions, paging, sorting, fields.
//!
//! The console builds queries with [`Query`]; the simulator reads them back
//! with [`Query::from_pairs`], so both sides share one grammar.

use std::fmt;

/// A condition operator. Order matters when parsing: longer tokens first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    NotEq,
    Gt,
    Lt,
    Ge,
    Le,
    /// `?=`: value is one of a comma-separated list.
    In,
    /// `!?=`
    NotIn,
    /// `~=`: SQL LIKE with `%` and `_`.
    Like,
    /// `!~=`
    NotLike,
    IsNull,
    NotNull,
}

impl Op {
    pub fn token(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::NotEq => "!=",
            Op::Gt => ">",
            Op::Lt => "<",
            Op::Ge => ">=",
            Op::Le => "<=",
            Op::In => "?=",
            Op::NotIn => "!?=",
            Op::Like => "~=",
            Op::NotLike => "!~=",
            Op::IsNull => " is null",
            Op::NotNull => " not null",
        }
    }
}

/// One `q=` condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cond {
    pub field: String,
    pub op: Op,
    /// Empty for `is null` / `not null`.
    pub value: String,
}

impl Cond {
    pub fn new(field: &str, op: Op, value: impl Into<String>) -> Self {
        Cond {
            field: field.into(),
            op,
            value: value.into(),
        }
    }

    /// Reads `name~=%web%`, `uuid?=a,b`, `hostUuid is null`.
    pub fn parse(text: &str) -> Option<Cond> {
        for (suffix, op) in [(" is null", Op::IsNull), (" not null", Op::NotNull)] {
            if let Some(field) = text.strip_suffix(suffix) {
                return valid_field(field).then(|| Cond::new(field.trim(), op, ""));
            }
        }
        // The first operator character ends the field name.
        let at = text.find(['=', '!', '>', '<', '?', '~'])?;
        let (field, rest) = text.split_at(at);
        const OPS: [Op; 10] = [
            Op::NotIn,
            Op::NotLike,
            Op::NotEq,
            Op::Ge,
            Op::Le,
            Op::In,
            Op::Like,
            Op::Eq,
            Op::Gt,
            Op::Lt,
        ];
        let op = OPS.into_iter().find(|op| rest.starts_with(op.token()))?;
        valid_field(field).then(|| Cond::new(field, op, &rest[op.token().len()..]))
    }

    /// For `?=` and `!?=`: the listed values.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.value.split(',')
    }
}

fn valid_field(f: &str) -> bool {
    let f = f.trim();
    !f.is_empty()
        && f.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}

impl fmt::Display for Cond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", self.field, self.op.token(), self.value)
    }
}

/// Sort direction for `sort=+field` / `sort=-field`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    pub field: String,
    pub ascending: bool,
}

/// A query: conditions ANDed, plus paging, sorting and field selection.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub conditions: Vec<Cond>,
    pub limit: Option<u32>,
    pub start: Option<u32>,
    pub count: bool,
    pub reply_with_count: bool,
    pub sort: Option<Sort>,
    pub fields: Vec<String>,
}

/// Why a query string was refused (the server answers 400 with this text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("invalid query condition [{0}]")]
    Condition(String),
    #[error("invalid value [{1}] of parameter [{0}]")]
    Value(String, String),
    #[error("unknown query parameter [{0}]")]
    Parameter(String),
}

impl Query {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn cond(mut self, field: &str, op: Op, value: impl Into<String>) -> Self {
        self.conditions.push(Cond::new(field, op, value));
        self
    }

    pub fn limit(mut self, n: u32) -> Self {
        self.limit = Some(n);
        self
    }

    pub fn start(mut self, n: u32) -> Self {
        self.start = Some(n);
        self
    }

    pub fn count_only(mut self) -> Self {
        self.count = true;
        self
    }

    pub fn reply_with_count(mut self) -> Self {
        self.reply_with_count = true;
        self
    }

    pub fn sort(mut self, field: &str, ascending: bool) -> Self {
        self.sort = Some(Sort {
            field: field.into(),
            ascending,
        });
        self
    }

    pub fn fields(mut self, fields: &[&str]) -> Self {
        self.fields = fields.iter().map(|f| f.to_string()).collect();
        self
    }

    /// The query-string parameters, unencoded, in a stable order.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .conditions
            .iter()
            .map(|c| ("q".into(), c.to_string()))
            .collect();
        let mut put = |k: &str, v: String| out.push((k.into(), v));
        if let Some(n) = self.limit {
            put("limit", n.to_string());
        }
        if let Some(n) = self.start {
            put("start", n.to_string());
        }
        if self.count {
            put("count", "true".into());
        }
        if self.reply_with_count {
            put("replyWithCount", "true".into());
        }
        if let Some(s) = &self.sort {
            put(
                "sort",
                format!("{}{}", if s.ascending { '+' } else { '-' }, s.field),
            );
        }
        if !self.fields.is_empty() {
            put("fields", self.fields.join(","));
        }
        out
    }

    /// Reads decoded query-string pairs. `systemTags`/`userTags` are accepted and ignored.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Query, QueryError> {
        let mut q = Query::new();
        let num = |k: &str, v: &str| {
            v.parse::<u32>()
                .map_err(|_| QueryError::Value(k.into(), v.into()))
        };
        let flag = |k: &str, v: &str| match v {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(QueryError::Value(k.into(), v.into())),
        };
        for (k, v) in pairs {
            match k {
                "q" => q
                    .conditions
                    .push(Cond::parse(v).ok_or_else(|| QueryError::Condition(v.into()))?),
                "limit" => q.limit = Some(num(k, v)?),
                "start" => q.start = Some(num(k, v)?),
                "count" => q.count = flag(k, v)?,
                "replyWithCount" => q.reply_with_count = flag(k, v)?,
                "sort" => {
                    // `+` in a query string may arrive decoded as a space.
                    let (ascending, field) = match v.chars().next() {
                        Some('+') | Some(' ') => (true, &v[1..]),
                        Some('-') => (false, &v[1..]),
                        _ => (true, v),
                    };
                    if !valid_field(field) {
                        return Err(QueryError::Value(k.into(), v.into()));
                    }
                    q.sort = Some(Sort {
                        field: field.into(),
                        ascending,
                    });
                }
                "fields" => {
                    q.fields = v
                        .split(',')
                        .filter(|f| !f.is_empty())
                        .map(String::from)
                        .collect()
                }
                "systemTags" | "userTags" => {}
                other => return Err(QueryError::Parameter(other.into())),
            }
        }
        Ok(q)
    }
}

/// SQL LIKE matching (`%` any run, `_` one character), case-insensitive as in
/// MySQL's default collation.
pub fn like_matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let t: Vec<char> = text.to_lowercase().chars().collect();
    // Iterative wildcard match with backtracking to the last `%`.
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '_' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '%' {
            star = Some(pi);
            pi += 1;
            mark = ti;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '%')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operator_round_trips() {
        let ops = [
            Op::Eq,
            Op::NotEq,
            Op::Gt,
            Op::Lt,
            Op::Ge,
            Op::Le,
            Op::In,
            Op::NotIn,
            Op::Like,
            Op::NotLike,
        ];
        for op in ops {
            let c = Cond::new("vmNics.ip", op, "10.0.0.5");
            assert_eq!(Cond::parse(&c.to_string()), Some(c), "{op:?}");
        }
        for op in [Op::IsNull, Op::NotNull] {
            let c = Cond::new("hostUuid", op, "");
            assert_eq!(Cond::parse(&c.to_string()), Some(c));
        }
    }

    #[test]
    fn values_may_hold_operator_characters() {
        let c = Cond::parse("name~=%a=b!%").unwrap();
        assert_eq!(
            (c.field.as_str(), c.op, c.value.as_str()),
            ("name", Op::Like, "%a=b!%")
        );
        assert_eq!(Cond::parse("=x"), None);
        assert_eq!(Cond::parse("name"), None);
    }

    #[test]
    fn pairs_round_trip() {
        let q = Query::new()
            .cond("name", Op::Like, "%web%")
            .cond("uuid", Op::In, "a,b")
            .limit(50)
            .start(100)
            .reply_with_count()
            .sort("name", false)
            .fields(&["uuid", "name"]);
        let pairs = q.to_pairs();
        assert_eq!(pairs[0], ("q".into(), "name~=%web%".into()));
        let back = Query::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap();
        assert_eq!(back, q);
        assert!(Query::from_pairs([("limit", "ten")]).is_err());
        assert!(Query::from_pairs([("bogus", "1")]).is_err());
    }

    #[test]
    fn like() {
        assert!(like_matches("%web%", "prod-Web-01"));
        assert!(like_matches("vm_1", "vm-1"));
        assert!(!like_matches("vm_1", "vm-12"));
        assert!(like_matches("%", ""));
        assert!(!like_matches("a%b", "acd"));
    }
}

//! Field strategies `derive(Arbitrary)` cannot infer (feature `proptest`).

use proptest::prelude::*;
use std::collections::BTreeMap;

/// A few elements: enough for lists to matter, few enough to stay fast
/// (`any::<Vec<_>>()` makes up to 100, each a whole inventory).
pub fn few<T: Arbitrary>() -> impl Strategy<Value = Vec<T>> {
    prop::collection::vec(any::<T>(), 0..3)
}

pub fn few_texts() -> impl Strategy<Value = BTreeMap<String, String>> {
    prop::collection::btree_map(any::<String>(), any::<String>(), 0..4)
}

/// Whole numbers and quarters: exact in binary, so they survive JSON text
/// (any `f64` would include NaN, which JSON cannot hold).
pub fn exact_f64() -> impl Strategy<Value = Option<f64>> {
    proptest::option::of((-1_000_000i32..1_000_000).prop_map(|n| f64::from(n) / 4.0))
}

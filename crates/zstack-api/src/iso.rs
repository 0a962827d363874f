//! The ISO picker: filtering, sorting and explaining an empty list.
//!
//! The picker filters thousands of candidates on every keystroke, so each
//! row carries its lowercase search text, built once.

use crate::{ImageInventory, VmState};
use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq)]
pub struct IsoRow {
    pub uuid: String,
    pub name: String,
    pub size: Option<u64>,
    /// [`human_size`] of `size`; empty when unknown.
    pub size_text: String,
    pub platform: String,
    pub architecture: String,
    pub guest_os_type: String,
    /// Backup storage UUIDs, joined with ", ".
    pub backup_storage: String,
    /// Lowercase `name`, for sorting and type-ahead.
    name_lower: String,
    /// Lowercase text of every field above, one per line: terms hold no
    /// whitespace, so no match spans two fields.
    haystack: String,
}

impl IsoRow {
    pub fn from_image(image: &ImageInventory) -> IsoRow {
        let text = |s: &Option<String>| s.clone().unwrap_or_default();
        let backup_storage = image
            .backup_storage_refs
            .iter()
            .filter_map(|r| r.backup_storage_uuid.as_deref())
            .collect::<Vec<_>>()
            .join(", ");
        let mut row = IsoRow {
            uuid: text(&image.uuid),
            name: text(&image.name),
            size: image.size,
            size_text: image.size.map(human_size).unwrap_or_default(),
            platform: image
                .platform
                .as_ref()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            architecture: text(&image.architecture),
            guest_os_type: text(&image.guest_os_type),
            backup_storage,
            name_lower: String::new(),
            haystack: String::new(),
        };
        row.name_lower = row.name.to_lowercase();
        row.haystack = [
            row.name.as_str(),
            &row.uuid,
            &row.size_text,
            &row.platform,
            &row.architecture,
            &row.guest_os_type,
            &row.backup_storage,
        ]
        .join("\n")
        .to_lowercase();
        row
    }

    /// Whether every term (from [`filter_terms`]) appears somewhere in the row.
    pub fn matches(&self, filter_lower_terms: &[String]) -> bool {
        filter_lower_terms
            .iter()
            .all(|t| self.haystack.contains(t.as_str()))
    }
}

/// The filter's whitespace-separated terms, lowercased.
pub fn filter_terms(filter: &str) -> Vec<String> {
    filter.split_whitespace().map(str::to_lowercase).collect()
}

/// Indices of the rows matching `filter`, in their order; all when it is blank.
pub fn filter_indices(rows: &[IsoRow], filter: &str) -> Vec<usize> {
    let terms = filter_terms(filter);
    (0..rows.len())
        .filter(|&i| rows[i].matches(&terms))
        .collect()
}

/// Whether every row matching `narrower` also matches `wider`: each term of
/// `wider` is part of a term of `narrower` (what typing on does).
pub fn narrows(narrower: &[String], wider: &[String]) -> bool {
    wider
        .iter()
        .all(|w| narrower.iter().any(|n| n.contains(w.as_str())))
}

/// Filters kept while the user types: typing on tests only the rows the
/// last answer kept, and Backspace finds the answer it goes back to.
/// [`filter_indices`]'s results, at a fraction of a keystroke's cost at
/// 5,000 rows.
#[derive(Debug, Default)]
pub struct FilterCache {
    /// Which list the answers index (the rows in another order are another list).
    list: u64,
    /// Recent answers, the newest last: (terms, indices).
    kept: Vec<(Vec<String>, Vec<usize>)>,
}

impl FilterCache {
    /// Answers kept at most: a typed filter and its way back.
    const KEEP: usize = 24;

    /// The indices of `rows` (list number `list`) matching `filter`, as
    /// [`filter_indices`] gives them.
    pub fn filter(&mut self, list: u64, rows: &[IsoRow], filter: &str) -> Vec<usize> {
        if list != self.list {
            self.list = list;
            self.kept.clear();
        }
        let terms = filter_terms(filter);
        if terms.is_empty() {
            return (0..rows.len()).collect();
        }
        if let Some(at) = self.kept.iter().position(|(t, _)| *t == terms) {
            let hit = self.kept.remove(at);
            let out = hit.1.clone();
            self.kept.push(hit);
            return out;
        }
        // The smallest answer this filter narrows: its rows are the only candidates.
        let from = self
            .kept
            .iter()
            .filter(|(t, _)| narrows(&terms, t))
            .min_by_key(|(_, i)| i.len());
        let out: Vec<usize> = match from {
            Some((_, within)) => within
                .iter()
                .copied()
                .filter(|&i| rows[i].matches(&terms))
                .collect(),
            None => (0..rows.len())
                .filter(|&i| rows[i].matches(&terms))
                .collect(),
        };
        if self.kept.len() == Self::KEEP {
            self.kept.remove(0);
        }
        self.kept.push((terms, out.clone()));
        out
    }
}

const UNITS: [&str; 6] = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

/// Binary units with one decimal: `512 B`, `1.0 KiB`, `4.2 GiB`. Integer
/// arithmetic only, which keeps float formatting out of the WebAssembly.
pub fn human_size(bytes: u64) -> String {
    if bytes < 1024 {
        return bytes.to_string() + " B";
    }
    let mut unit = 0;
    let mut tenths = 0u128;
    while unit < UNITS.len() {
        let div = 1u128 << (10 * (unit + 1));
        tenths = (u128::from(bytes) * 10 + div / 2) / div;
        // Rounding up to 1024.0 reads better as the next unit's 1.0.
        if tenths < 10240 || unit == UNITS.len() - 1 {
            break;
        }
        unit += 1;
    }
    let mut s = (tenths / 10).to_string();
    s.push('.');
    s.push(char::from(b'0' + (tenths % 10) as u8));
    s.push(' ');
    s.push_str(UNITS[unit]);
    s
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IsoSort {
    #[default]
    NameAsc,
    NameDesc,
    SizeAsc,
    SizeDesc,
}

/// Sorts case-insensitively by name, or by size with unknown sizes last
/// either way (then by name).
pub fn sort_rows(rows: &mut [IsoRow], sort: IsoSort) {
    let by_name = |a: &IsoRow, b: &IsoRow| a.name_lower.cmp(&b.name_lower);
    let by_size = |a: &IsoRow, b: &IsoRow, desc: bool| match (a.size, b.size) {
        (Some(x), Some(y)) if desc => y.cmp(&x),
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    match sort {
        IsoSort::NameAsc => rows.sort_by(by_name),
        IsoSort::NameDesc => rows.sort_by(|a, b| by_name(b, a)),
        IsoSort::SizeAsc => rows.sort_by(|a, b| by_size(a, b, false).then_with(|| by_name(a, b))),
        IsoSort::SizeDesc => rows.sort_by(|a, b| by_size(a, b, true).then_with(|| by_name(a, b))),
    }
}

/// Why the picker shows no row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmptyReason {
    /// ZStack lists candidates only for Running and Stopped VMs; holds the state.
    VmStateNoCandidates(String),
    NoReadyIsosInZone,
    AllFiltered,
}

impl EmptyReason {
    /// A stable key for translations.
    pub fn key(&self) -> &'static str {
        match self {
            EmptyReason::VmStateNoCandidates(_) => "iso_empty.vm_state",
            EmptyReason::NoReadyIsosInZone => "iso_empty.none_in_zone",
            EmptyReason::AllFiltered => "iso_empty.all_filtered",
        }
    }
}

/// `None` while some row is visible.
pub fn empty_reason(
    vm_state: Option<&VmState>,
    candidates_len: usize,
    filtered_len: usize,
) -> Option<EmptyReason> {
    if candidates_len == 0 {
        return Some(match vm_state {
            Some(s) if !matches!(s, VmState::Running | VmState::Stopped) => {
                EmptyReason::VmStateNoCandidates(s.as_str().to_owned())
            }
            _ => EmptyReason::NoReadyIsosInZone,
        });
    }
    (filtered_len == 0).then_some(EmptyReason::AllFiltered)
}

/// Keyboard type-ahead: the position in `order` (visible row indices) of the
/// first row at or after position `from`, wrapping, whose name starts with
/// `prefix`, case-insensitively. To cycle through rows with the same first
/// letter, pass the current position + 1.
pub fn type_ahead(rows: &[IsoRow], order: &[usize], from: usize, prefix: &str) -> Option<usize> {
    if prefix.is_empty() || order.is_empty() {
        return None;
    }
    let prefix = prefix.to_lowercase();
    let start = from % order.len();
    (start..order.len()).chain(0..start).find(|&pos| {
        rows.get(order[pos])
            .is_some_and(|r| r.name_lower.starts_with(&prefix))
    })
}

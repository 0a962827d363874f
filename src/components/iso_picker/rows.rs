//! What a candidate row says: rows built once per load, and the words for a
//! row's details, its name and an empty list.

use crate::components::badge::vm_state_msg;
use crate::i18n::{k, msg_with_data, t, tf};
use leptos::prelude::*;
use std::sync::Arc;
use zstack_api::{
    iso::{EmptyReason, IsoRow},
    VmState,
};

/// Candidate rows built once per load and shared without copying.
#[derive(Clone, Debug, Default)]
pub struct IsoRows(pub Arc<Vec<IsoRow>>);

impl IsoRows {
    pub fn new(rows: Vec<IsoRow>) -> Self {
        IsoRows(Arc::new(rows))
    }

    /// Rows for the images that can be attached: an image without a UUID
    /// cannot be named in a request, and a repeated UUID is one ISO.
    pub fn from_images<'a>(
        images: impl IntoIterator<Item = &'a zstack_api::ImageInventory>,
    ) -> Self {
        let mut seen = std::collections::HashSet::new();
        IsoRows::new(
            images
                .into_iter()
                .filter(|i| {
                    i.uuid
                        .as_deref()
                        .is_some_and(|u| !u.is_empty() && seen.insert(u))
                })
                .map(IsoRow::from_image)
                .collect(),
        )
    }
}

/// A new load is a new list, whatever it holds: comparing is by identity.
impl PartialEq for IsoRows {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// Platform, architecture and guest OS as ZStack sent them, and the backup
/// storage's name; `None` when none of them is known.
fn meta_parts(row: &IsoRow) -> Option<(String, Option<String>)> {
    let data = [&row.platform, &row.architecture, &row.guest_os_type]
        .into_iter()
        .filter(|s| !s.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" · ");
    let storage = (!row.backup_storage.is_empty()).then(|| row.backup_storage.clone());
    (!data.is_empty() || storage.is_some()).then_some((data, storage))
}

/// The same as one line of text, for the tooltip (tracked).
pub fn meta_line(row: &IsoRow) -> String {
    match meta_parts(row) {
        None => t(k::iso::NO_META).into(),
        Some((data, None)) => data,
        Some((data, Some(bs))) => {
            let storage = tf(k::iso::BACKUP_STORAGE, &[("name", &bs)]);
            if data.is_empty() {
                storage
            } else {
                format!("{data} · {storage}")
            }
        }
    }
}

/// The same with the values marked as data (tracked).
pub fn meta_view(row: &IsoRow) -> Vec<AnyView> {
    match meta_parts(row) {
        None => vec![t(k::iso::NO_META).into_any()],
        Some((data, storage)) => {
            let mut out = Vec::new();
            if !data.is_empty() {
                out.push(view! { <span translate="no">{data.clone()}</span> }.into_any());
            }
            if let Some(bs) = storage {
                if !data.is_empty() {
                    out.push(" · ".into_any());
                }
                out.extend(msg_with_data(k::iso::BACKUP_STORAGE, &[("name", bs)]));
            }
            out
        }
    }
}

/// The option's name: the ISO's, or "(unnamed)" and its UUID (tracked).
pub fn display_name(row: &IsoRow) -> String {
    if row.name.is_empty() {
        tf(k::iso::UNNAMED, &[("uuid", &row.uuid)])
    } else {
        row.name.clone()
    }
}

/// Why the list is empty, in the user's language (tracked). A VM state
/// this console does not know is shown as sent.
pub fn empty_text(r: &EmptyReason, state: Option<&VmState>) -> Vec<AnyView> {
    match r {
        EmptyReason::VmStateNoCandidates(raw) => {
            match state.filter(|s| s.as_str() == raw).and_then(vm_state_msg) {
                Some(m) => vec![tf(k::iso_empty::VM_STATE, &[("state", &t(m))]).into_any()],
                None => msg_with_data(k::iso_empty::VM_STATE, &[("state", raw.clone())]),
            }
        }
        EmptyReason::NoReadyIsosInZone => vec![t(k::iso_empty::NONE_IN_ZONE).into_any()],
        EmptyReason::AllFiltered => vec![t(k::iso_empty::ALL_FILTERED).into_any()],
    }
}

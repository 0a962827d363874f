//! The names of the ISOs in a VM's CD-ROM drives. A drive's own `name` is
//! not the ISO's: the names come from one QueryImage for all drives, asked
//! again whenever the set of mounted ISOs changes. Shared by the ISO panel
//! and the guest-tools panel (which names the ISO an attach would evict).

use crate::api;
use crate::load::Loaded;
use leptos::prelude::*;
use std::collections::HashMap;
use zstack_api::{ApiError, Op, Query, QueryImage, VmInstanceInventory};

/// The ISOs a look-up asked for, and their names (UUID → name).
type Lookup = (Vec<String>, Result<HashMap<String, String>, ApiError>);

/// ISO names by UUID: those looked up for the drives, and those the page
/// learnt itself (an ISO it just attached).
#[derive(Clone, Copy)]
pub struct IsoNames {
    /// The mounted ISOs, sorted.
    mounted: Memo<Vec<String>>,
    /// One QueryImage per change of `mounted` (the latest answer wins), with
    /// the set it answered.
    lookup: LocalResource<Lookup>,
    known: RwSignal<HashMap<String, String>>,
}

impl IsoNames {
    /// The name to show for a mounted ISO, when known.
    pub fn label(&self, uuid: &str) -> Option<String> {
        self.known.with(|m| m.get(uuid).cloned()).or_else(|| {
            self.lookup
                .with(|l| l.as_ref()?.1.as_ref().ok()?.get(uuid).cloned())
        })
    }

    /// Remembers the name of an ISO this page attached.
    pub fn learn(&self, uuid: String, name: String) {
        self.known.update(|m| {
            m.insert(uuid, name);
        });
    }

    /// A look-up for the drives as they are now is on its way.
    pub fn looking_up(&self) -> bool {
        self.mounted.with(|m| {
            self.lookup
                .with(|l| l.as_ref().is_none_or(|(asked, _)| asked != m))
        })
    }

    pub fn error(&self) -> Option<ApiError> {
        self.lookup.with(|l| l.as_ref()?.1.as_ref().err().cloned())
    }
}

/// Looks up the names of the ISOs in the VM's drives, once per change of that set.
pub fn use_iso_names(vm: LocalResource<Result<Option<VmInstanceInventory>, ApiError>>) -> IsoNames {
    let mounted = Memo::new(move |_| {
        let mut v: Vec<String> = vm.with(|l: &Loaded<Option<VmInstanceInventory>>| {
            l.as_ref()
                .and_then(|r| r.as_ref().ok())
                .and_then(Option::as_ref)
                .map(|vm| vm.attached_iso_uuids().map(str::to_owned).collect())
                .unwrap_or_default()
        });
        v.sort();
        v.dedup();
        v
    });
    let lookup = LocalResource::new(move || {
        let uuids = mounted.get();
        async move {
            if uuids.is_empty() {
                return (uuids, Ok(HashMap::new()));
            }
            let query = Query::new().cond("uuid", Op::In, uuids.join(","));
            let names = api::call(&QueryImage { query }).await.map(|reply| {
                reply
                    .inventories
                    .into_iter()
                    .filter_map(|i| Some((i.uuid?, i.name.filter(|n| !n.is_empty())?)))
                    .collect()
            });
            (uuids, names)
        }
    });
    IsoNames {
        mounted,
        lookup,
        known: RwSignal::new(HashMap::new()),
    }
}

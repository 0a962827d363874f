//! What is in the VM's CD-ROM drives. A drive's own `name` is not the ISO's:
//! the ISO names come from one QueryImage for all drives, asked again whenever
//! the set of mounted ISOs changes.

use super::steps::drive_label;
use crate::components::alert::headline;
use crate::i18n::{k, msg_with_data, tf, tr};
use crate::{
    api,
    vm_data::{vm_of, VmData},
};
use leptos::prelude::*;
use std::collections::HashMap;
use zstack_api::{ApiError, Op, Query, QueryImage, VmInstanceInventory};

/// One CD-ROM drive as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Drive {
    /// 1, 2… in device order ("CD-ROM 1").
    pub number: usize,
    pub iso_uuid: Option<String>,
}

/// The VM's drives in device order; an empty drive is kept (shown "Empty").
pub fn drives_of(vm: &VmInstanceInventory) -> Vec<Drive> {
    let mut roms: Vec<_> = vm.vm_cd_roms.iter().collect();
    roms.sort_by_key(|c| c.device_id.unwrap_or(u64::MAX));
    roms.iter()
        .enumerate()
        .map(|(i, c)| Drive {
            number: i + 1,
            iso_uuid: c.iso_uuid.clone().filter(|u| !u.is_empty()),
        })
        .collect()
}

/// Whether the VM has drives and every one holds an ISO.
pub fn all_drives_full(vm: &VmInstanceInventory) -> bool {
    !vm.vm_cd_roms.is_empty()
        && vm
            .vm_cd_roms
            .iter()
            .all(|c| c.iso_uuid.as_deref().is_some_and(|u| !u.is_empty()))
}

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
    fn looking_up(&self) -> bool {
        self.mounted.with(|m| {
            self.lookup
                .with(|l| l.as_ref().is_none_or(|(asked, _)| asked != m))
        })
    }

    fn error(&self) -> Option<ApiError> {
        self.lookup.with(|l| l.as_ref()?.1.as_ref().err().cloned())
    }
}

/// Looks up the names of the ISOs in the VM's drives, once per change of that set.
pub fn use_iso_names(data: VmData) -> IsoNames {
    let mounted = Memo::new(move |_| {
        let mut v: Vec<String> = data.vm.with(|l| {
            vm_of(l)
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

/// The drives, each with its ISO's name (or "Empty") and a "Detach <iso name>" button.
#[component]
pub fn AttachedMedia(
    /// The drives in device order; `None` while the VM is not known.
    #[prop(into)]
    drives: Signal<Option<Vec<Drive>>>,
    names: IsoNames,
    /// Attach or detach under way: the buttons wait.
    #[prop(into)]
    busy: Signal<bool>,
    /// Asks to detach (ISO UUID, ISO name).
    on_detach: Callback<(String, String)>,
) -> impl IntoView {
    let iso_name = move |uuid: &str| -> (String, bool) {
        match names.label(uuid) {
            Some(n) => (n, true),
            None => (uuid.to_owned(), false),
        }
    };
    let row = move |drive: Drive| {
        let Drive { number, iso_uuid } = drive;
        let label = move || drive_label(number);
        match iso_uuid {
            None => view! {
                <li class="iso-drive iso-drive--empty">
                    <span class="iso-drive__label">{label}</span>
                    <span class="iso-drive__iso muted">{tr(k::iso::DRIVE_EMPTY)}</span>
                </li>
            }
            .into_any(),
            Some(uuid) => {
                let name = {
                    let uuid = uuid.clone();
                    move || iso_name(&uuid)
                };
                let text = {
                    let name = name.clone();
                    move || {
                        let (n, known) = name();
                        match (known, names.looking_up()) {
                            (true, _) => vec![view! { <span translate="no">{n}</span> }.into_any()],
                            (false, true) => msg_with_data(k::iso::LOOKING_UP, &[("name", n)]),
                            (false, false) => msg_with_data(k::iso::ISO_UUID, &[("uuid", n)]),
                        }
                    }
                };
                let label_name = name.clone();
                view! {
                    <li class="iso-drive">
                        <span class="iso-drive__label">{label}</span>
                        <span class="iso-drive__iso" data-iso-uuid=uuid.clone()>{text}</span>
                        <button type="button" class="button iso-drive__detach" disabled=move || busy.get()
                            on:click=move |_| on_detach.run((uuid.clone(), name().0))>
                            {move || msg_with_data(k::iso::DETACH_NAMED, &[("name", label_name().0)])}
                        </button>
                    </li>
                }
                .into_any()
            }
        }
    };
    view! {
        {move || match drives.get() {
            None => view! { <p class="muted" data-testid="attached-isos">{tr(k::iso::LOADING_DRIVES)}</p> }.into_any(),
            Some(d) if d.is_empty() => view! {
                <p class="muted" data-testid="attached-isos">{tr(k::iso::NO_DRIVES)}</p>
            }.into_any(),
            Some(d) => view! {
                <ul class="plain-list iso-drives" data-testid="attached-isos">
                    {d.into_iter().map(row).collect_view()}
                </ul>
            }.into_any(),
        }}
        {move || names.error().map(|e| view! {
            <p class="muted">{move || tf(k::iso::NAMES_FAILED, &[("error", &headline(&e))])}</p>
        })}
    }
}

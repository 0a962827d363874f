//! What is in the VM's CD-ROM drives. A drive's own `name` is not the ISO's:
//! the ISO names come from one QueryImage for all drives, asked again whenever
//! the set of mounted ISOs changes.

use super::steps::drive_label;
use crate::components::{alert::headline, console::msg_with_data};
use crate::i18n::{k, tf, tr};
use crate::{api, load::Load, pages::vm_detail::VmData};
use leptos::prelude::*;
use std::collections::HashMap;
use zstack_api::{Op, Query, QueryImage, VmInstanceInventory};

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

/// ISO names by UUID, and how the last look-up went.
#[derive(Clone, Copy)]
pub struct IsoNames {
    pub names: RwSignal<HashMap<String, String>>,
    pub lookup: RwSignal<Load<()>>,
}

impl IsoNames {
    /// The name to show for a mounted ISO: its name, or its UUID when ZStack has none.
    pub fn label(&self, uuid: &str) -> Option<String> {
        self.names.with(|m| m.get(uuid).cloned())
    }
}

/// Looks up the names of the ISOs in the VM's drives, once per change of that set.
pub fn use_iso_names(data: VmData) -> IsoNames {
    let names = RwSignal::new(HashMap::<String, String>::new());
    let lookup = RwSignal::new(Load::Ready(()));
    let mounted = Memo::new(move |_| {
        let mut v: Vec<String> = data.vm.with(|l| {
            l.ready()
                .and_then(Option::as_ref)
                .map(|vm| vm.attached_iso_uuids().map(str::to_owned).collect())
                .unwrap_or_default()
        });
        v.sort();
        v.dedup();
        v
    });
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let uuids = mounted.get();
        if uuids.is_empty() {
            return;
        }
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        lookup.set(Load::Loading);
        let query = Query::new().cond("uuid", Op::In, uuids.join(","));
        leptos::task::spawn_local(async move {
            let result = api::call(&QueryImage { query }).await;
            // A newer look-up has started: its answer wins.
            if generation.try_get_value() != Some(mine) {
                return;
            }
            match result {
                Ok(reply) => {
                    let _ = names.try_update(|m| {
                        for image in reply.inventories {
                            if let (Some(uuid), Some(name)) =
                                (image.uuid, image.name.filter(|n| !n.is_empty()))
                            {
                                m.insert(uuid, name);
                            }
                        }
                    });
                    let _ = lookup.try_set(Load::Ready(()));
                }
                Err(e) => {
                    let _ = lookup.try_set(Load::Failed(e));
                }
            }
        });
    });
    IsoNames { names, lookup }
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
                        match (known, names.lookup.with(|l| matches!(l, Load::Loading))) {
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
        {move || names.lookup.get().error().cloned().map(|e| view! {
            <p class="muted">{move || tf(k::iso::NAMES_FAILED, &[("error", &headline(&e))])}</p>
        })}
    }
}

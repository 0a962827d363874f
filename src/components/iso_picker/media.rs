//! What is in the VM's CD-ROM drives: an ISO (named by [`IsoNames`]), the
//! guest-tools ISO (`occupant` GuestTools, no `isoUuid`), or nothing.

use super::steps::drive_label;
use crate::components::alert::headline;
use crate::i18n::{k, msg_with_data, tf, tr};
use crate::iso_names::IsoNames;
use leptos::prelude::*;
use zstack_api::{lifecycle::GUEST_TOOLS_OCCUPANT, VmCdRomInventory, VmInstanceInventory};

/// What a drive holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Holds {
    Empty,
    Iso(String),
    /// The guest-tools ISO: ZStack leaves `isoUuid` empty for it.
    GuestTools,
}

/// One CD-ROM drive as shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Drive {
    /// 1, 2… in device order ("CD-ROM 1").
    pub number: usize,
    pub holds: Holds,
}

impl Drive {
    /// Whether this drive holds that ISO.
    pub fn has_iso(&self, uuid: &str) -> bool {
        matches!(&self.holds, Holds::Iso(u) if u == uuid)
    }
}

fn holds(c: &VmCdRomInventory) -> Holds {
    match c.iso_uuid.as_deref().filter(|u| !u.trim().is_empty()) {
        Some(u) => Holds::Iso(u.to_owned()),
        None if c.occupant.as_deref().map(str::trim) == Some(GUEST_TOOLS_OCCUPANT) => {
            Holds::GuestTools
        }
        None => Holds::Empty,
    }
}

/// The VM's drives in device order; an empty drive is kept (shown "Empty").
pub fn drives_of(vm: &VmInstanceInventory) -> Vec<Drive> {
    let mut roms: Vec<_> = vm.vm_cd_roms.iter().collect();
    roms.sort_by_key(|c| c.device_id.unwrap_or(u64::MAX));
    roms.iter()
        .enumerate()
        .map(|(i, c)| Drive {
            number: i + 1,
            holds: holds(c),
        })
        .collect()
}

/// Whether the VM has drives and none is empty (the guest-tools ISO fills one too).
pub fn all_drives_full(vm: &VmInstanceInventory) -> bool {
    !vm.vm_cd_roms.is_empty() && vm.vm_cd_roms.iter().all(|c| holds(c) != Holds::Empty)
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
        let Drive { number, holds } = drive;
        let label = move || drive_label(number);
        match holds {
            Holds::Empty => view! {
                <li class="iso-drive iso-drive--empty" data-testid="cdrom-drive">
                    <span class="iso-drive__label">{label}</span>
                    <span class="iso-drive__iso muted">{tr(k::iso::DRIVE_EMPTY)}</span>
                </li>
            }
            .into_any(),
            // Ejected from the guest-tools section, whose button says what it does.
            Holds::GuestTools => view! {
                <li class="iso-drive" data-testid="cdrom-drive">
                    <span class="iso-drive__label">{label}</span>
                    <span class="iso-drive__iso">{tr(k::iso::DRIVE_GUEST_TOOLS)}</span>
                </li>
            }
            .into_any(),
            Holds::Iso(uuid) => {
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
                    <li class="iso-drive" data-testid="cdrom-drive">
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
                <div data-testid="attached-isos">
                    <ul class="plain-list iso-drives" data-testid="cdrom-drives">
                        {d.into_iter().map(row).collect_view()}
                    </ul>
                </div>
            }.into_any(),
        }}
        {move || names.error().map(|e| view! {
            <p class="muted">{move || tf(k::iso::NAMES_FAILED, &[("error", &headline(&e))])}</p>
        })}
    }
}

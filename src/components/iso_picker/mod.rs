//! The "ISO" region: what the VM's CD-ROM drives hold, the candidates to
//! attach, attaching and detaching (both ZStack jobs), and why the list can be
//! empty.

pub mod list;
pub mod media;
mod rows;
mod steps;

pub use list::IsoCandidates;
pub use rows::IsoRows;

use crate::components::confirm::ConfirmDialog;
use crate::{
    api,
    components::alert::ErrorAlert,
    dom::focused_element,
    draft::use_draft,
    i18n::{k, msg_with_data, tr, Msg},
    load::LoadedExt,
    vm_data::{vm_of, VmData},
};
use leptos::prelude::*;
use media::{all_drives_full, drives_of, AttachedMedia};
use steps::{confirmation, status_text, Change, Pending, Step};
use zstack_api::{ApiError, AttachIsoToVmInstance, DetachIsoFromVmInstance, VmState};

/// The "ISO" region of the VM page.
#[component]
pub fn IsoPanel() -> impl IntoView {
    let data = expect_context::<VmData>();
    let filter = use_draft(
        &format!("/vms/{}", data.uuid.get_untracked()),
        "iso-filter",
        "",
    );
    let selected = RwSignal::new(None::<String>);
    // Built once per load of the candidates, never per keystroke.
    let rows = Memo::new(move |_| {
        data.candidates
            .with(|l| IsoRows::from_images(l.ready().into_iter().flat_map(|c| c.iter())))
    });
    let candidates_known = Memo::new(move |_| data.candidates.with(|l| l.ready().is_some()));
    let vm_state = Memo::new(move |_| data.vm.with(|l| vm_of(l).and_then(|v| v.state.clone())));
    let drives = Memo::new(move |_| data.vm.with(|l| vm_of(l).map(drives_of)));
    let drives_full = Memo::new(move |_| data.vm.with(|l| vm_of(l).is_some_and(all_drives_full)));
    let names = data.iso_names;

    let step = RwSignal::new(Step::Idle);
    let failure = RwSignal::new(None::<(Change, ApiError)>);
    let refusal = RwSignal::new(None::<Msg>);
    let busy = Memo::new(move |_| matches!(step.get(), Step::Running(_)));
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let attach_ref = NodeRef::<leptos::html::Button>::new();

    // A chosen ISO that is no longer offered (attached meanwhile) is no choice.
    Effect::new(move |_| {
        let still = rows.with(|r| {
            selected.with_untracked(|s| s.as_ref().is_none_or(|u| r.0.iter().any(|x| &x.uuid == u)))
        });
        if !still {
            selected.set(None);
        }
    });

    // Buttons are disabled while a job runs (and a Detach button may be gone
    // after it): give the focus back to where the user was, or to "Attach ISO".
    let restore_focus = move || {
        // Lost: nowhere, or on a container of this panel (the page's <main> after a click).
        let button = attach_ref.get_untracked();
        let lost = focused_element().is_none_or(|e| {
            document().body().is_some_and(|b| b == e)
                || button
                    .as_ref()
                    .is_some_and(|b| e.contains(Some(b)) && !b.is_same_node(Some(&e)))
        });
        if !lost {
            return;
        }
        let opener = opener
            .try_get_value()
            .flatten()
            .filter(|e| e.is_connected());
        if let Some(el) = opener.or_else(|| button.map(Into::into)) {
            let _ = el.focus();
        }
    };

    let run = move |p: Pending| {
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        refusal.set(None);
        step.set(Step::Running(p.clone()));
        let vm_instance_uuid = data.uuid.get_untracked();
        leptos::task::spawn_local(async move {
            let iso_uuid = p.iso_uuid.clone();
            let result = match p.change {
                Change::Attach => {
                    api::call(&AttachIsoToVmInstance {
                        vm_instance_uuid,
                        iso_uuid,
                    })
                    .await
                }
                Change::Detach => {
                    api::call(&DetachIsoFromVmInstance {
                        vm_instance_uuid,
                        iso_uuid,
                    })
                    .await
                }
            };
            match result {
                Ok(reply) => {
                    if p.change == Change::Attach {
                        names.learn(p.iso_uuid.clone(), p.iso_name.clone());
                        let _ = selected.try_set(None);
                    }
                    let mut p = p;
                    match reply.inventory {
                        Some(vm) => {
                            if p.change == Change::Attach {
                                p.drive = drives_of(&vm)
                                    .into_iter()
                                    .find(|d| d.has_iso(&p.iso_uuid))
                                    .map(|d| d.number);
                            }
                            data.set_vm(vm);
                        }
                        None => data.vm.refetch(),
                    }
                    let _ = step.try_set(Step::Done(p));
                    data.candidates.refetch();
                }
                Err(e) => {
                    // The drives stay as they were: nothing is assumed about a failed job.
                    let _ = step.try_set(Step::Idle);
                    let _ = failure.try_set(Some((p.change, e)));
                }
            }
            // After the buttons are enabled again.
            gloo_timers::future::TimeoutFuture::new(0).await;
            restore_focus();
        });
    };

    // On a running VM (or one whose state is not known yet), ask first; the
    // dialog gives the focus back on "Cancel".
    let ask = move |p: Pending| {
        opener.set_value(focused_element());
        if vm_state
            .get_untracked()
            .is_none_or(|s| s == VmState::Running)
        {
            failure.set(None);
            refusal.set(None);
            step.set(Step::Confirming(p));
        } else {
            run(p);
        }
    };

    let request_attach = move |_| {
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        refusal.set(None);
        let Some(iso_uuid) = selected.get_untracked() else {
            refusal.set(Some(k::iso::CHOOSE_FIRST));
            return;
        };
        if drives_full.get_untracked() {
            refusal.set(Some(k::iso::DRIVES_FULL_REFUSED));
            return;
        }
        let iso_name = rows
            .with_untracked(|r| {
                r.0.iter()
                    .find(|x| x.uuid == iso_uuid)
                    .map(|x| x.name.clone())
            })
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| iso_uuid.clone());
        ask(Pending {
            change: Change::Attach,
            iso_uuid,
            iso_name,
            drive: None,
        });
    };
    let request_detach = Callback::new(move |(iso_uuid, iso_name): (String, String)| {
        if !busy.get_untracked() {
            let drive = drives.with_untracked(|d| {
                d.iter()
                    .flatten()
                    .find(|d| d.has_iso(&iso_uuid))
                    .map(|d| d.number)
            });
            ask(Pending {
                change: Change::Detach,
                iso_uuid,
                iso_name,
                drive,
            });
        }
    });
    let cancel = Callback::new(move |()| {
        step.set(Step::Idle);
        if let Some(el) = opener.try_get_value().flatten() {
            let _ = el.focus();
        }
    });
    let dialog_for = move |change: Change| {
        move || match step.get() {
            Step::Confirming(p) if p.change == change => {
                let running = vm_state.get_untracked() == Some(VmState::Running);
                let (title, message, confirm) = confirmation(p.change, running);
                let name = p.iso_name.clone();
                let on_confirm = Callback::new(move |()| run(p.clone()));
                view! {
                    <ConfirmDialog title=title message=message name=name confirm=confirm focus_cancel=change == Change::Detach
                        on_confirm=on_confirm on_cancel=cancel/>
                }
                .into_any()
            }
            _ => ().into_any(),
        }
    };
    let chosen = move || {
        selected.get().map(|u| {
            rows.with(|r| r.0.iter().find(|x| x.uuid == u).map(|x| x.name.clone()))
                .filter(|n| !n.is_empty())
                .unwrap_or(u)
        })
    };

    view! {
        <section class="card iso-panel" aria-labelledby="iso-h">
            <h2 id="iso-h">{tr(k::iso::TITLE)}</h2>
            <h3 class="iso-subhead">{tr(k::iso::DRIVES)}</h3>
            <AttachedMedia drives=drives names=names busy=busy on_detach=request_detach/>
            {dialog_for(Change::Detach)}

            <h3 class="iso-subhead">{tr(k::iso::ATTACH_HEADING)}</h3>
            <Show
                when=move || candidates_known.get()
                fallback=move || match data.candidates.with(|l| l.error().cloned()) {
                    Some(e) => view! {
                        <ErrorAlert error=Signal::derive(move || Some(e.clone())) what=k::iso::LOAD_CANDIDATES_FAILED/>
                        <button type="button" class="button" on:click=move |_| data.candidates.refetch()>
                            {tr(k::iso::RELOAD_CANDIDATES)}
                        </button>
                    }.into_any(),
                    _ => view! { <p class="muted">{tr(k::iso::LOADING_CANDIDATES)}</p> }.into_any(),
                }
            >
                <IsoCandidates rows=rows filter=filter selected=selected vm_state=vm_state/>
            </Show>
            <p class="iso-chosen" data-testid="iso-chosen">
                {move || match chosen() {
                    Some(name) => msg_with_data(k::iso::CHOSEN, &[("name", name)]).into_any(),
                    None => crate::i18n::t(k::iso::NO_CHOICE).into_any(),
                }}
            </p>
            {move || drives_full.get().then(|| view! {
                <p class="muted" data-testid="iso-drives-full">{tr(k::iso::DRIVES_FULL)}</p>
            })}
            <div class="actions">
                <button type="button" class="button button--primary" node_ref=attach_ref on:click=request_attach
                    disabled=move || busy.get()>
                    {tr(k::iso::ATTACH_BUTTON)}
                </button>
            </div>
            {dialog_for(Change::Attach)}
            <p role="status" class="status-line" data-testid="iso-status">
                {move || step.with(status_text).map(|(m, args)| msg_with_data(m, &args))}
            </p>
            {move || refusal.get().map(|r| view! { <p role="alert" class="alert alert--error">{tr(r)}</p> })}
            {move || failure.get().map(|(change, e)| view! {
                <ErrorAlert error=Signal::derive(move || Some(e.clone())) what=change.failed()/>
            })}
        </section>
    }
}

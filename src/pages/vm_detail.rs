//! `/vms/{uuid}`: one VM. Every read starts at once, in parallel (`VmData`),
//! and each section shows its own loading and error state.

use crate::{
    components::{
        alert::ErrorAlert, console::CommandConsole, guest_tools::GuestToolsPanel,
        iso_picker::IsoPanel, vm_summary::VmSummary,
    },
    i18n::{k, t, tr, with_data},
    vm_data::VmData,
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_params_map};

#[component]
pub fn VmDetail() -> impl IntoView {
    let params = use_params_map();
    let uuid = Memo::new(move |_| params.read().get("uuid").unwrap_or_default());
    view! {
        <section class="page">
            <p class="breadcrumb"><A href="/vms">{tr(k::vms::TITLE)}</A></p>
            // A new VM is a new page: nothing of the last one's answers shows
            // while the new ones load. None is read for a malformed UUID.
            {move || {
                let id = uuid.get();
                if zstack_api::validate::uuid(&id).is_ok() {
                    view! { <VmPage uuid=id/> }.into_any()
                } else {
                    view! {
                        <h1>{tr(k::vm_detail::NOT_FOUND)}</h1>
                        <p role="alert" class="alert alert--error">
                            {move || with_data(t(k::vm_detail::BAD_UUID), &[("uuid", &id)])}
                        </p>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

#[component]
fn VmPage(uuid: String) -> impl IntoView {
    let data = VmData::new(uuid.clone());
    provide_context(data);

    let heading = {
        let uuid = uuid.clone();
        move || {
            data.vm.with(|l| match l {
                Some(Ok(Some(vm))) => {
                    let name = vm
                        .name
                        .clone()
                        .filter(|n| !n.is_empty())
                        .or_else(|| vm.uuid.clone())
                        .unwrap_or_default();
                    view! { <span translate="no">{name}</span> }.into_any()
                }
                Some(Ok(None)) => t(k::vm_detail::NOT_FOUND).into_any(),
                None => t(k::vm_detail::LOADING).into_any(),
                Some(Err(_)) => {
                    with_data(t(k::vm_detail::HEADING_FAILED), &[("uuid", &uuid)]).into_any()
                }
            })
        }
    };
    let problem = move || {
        data.vm.with(|l| match l {
            Some(Ok(None)) => {
                let uuid = uuid.clone();
                view! {
                    <p role="alert" class="alert alert--error">
                        {move || with_data(t(k::vm_detail::GONE), &[("uuid", &uuid)])}
                    </p>
                }
                .into_any()
            }
            Some(Err(e)) => {
                let e = e.clone();
                view! {
                    <ErrorAlert error=Signal::derive(move || Some(e.clone())) what=k::vm_detail::LOAD_FAILED/>
                    <button type="button" class="button" on:click=move |_| data.vm.refetch()>{tr(k::common::TRY_AGAIN)}</button>
                }
                .into_any()
            }
            _ => ().into_any(),
        })
    };

    // The guest-tools panel (what the page is opened for) draws in the task
    // the answers arrive in; the other sections just after the next paint
    // (a timer queued from the frame), so the badges are on screen before
    // the rest of the page is built rather than in the same frame as it.
    let rest = RwSignal::new(false);
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) {
            return true;
        }
        let answered = data.vm.with(Option::is_some);
        if answered {
            request_animation_frame(move || {
                set_timeout(
                    move || {
                        let _ = rest.try_set(true);
                    },
                    std::time::Duration::ZERO,
                )
            });
        }
        answered
    });
    view! {
        <h1>{heading}</h1>
        {problem}
        <div class="detail-grid">
            <div class="detail-main">
                <GuestToolsPanel/>
                {move || rest.get().then(|| view! { <CommandConsole/> })}
            </div>
            <div class="detail-side">
                {move || rest.get().then(|| view! { <VmSummary/><IsoPanel/> })}
            </div>
        </div>
    }
}

//! One VM of the list: selection, name, state, platform, OS, address, and
//! its recorded guest-tools state (ZStack's value as sent, or no record).

use super::fleet::States;
use crate::{
    components::{
        badge::{Badge, Tone},
        reason::{qga_text, zwatch_text},
        vm_choice::ChoiceCells,
    },
    i18n::{k, t, tr},
    load::Loaded,
};
use leptos::prelude::*;
use zstack_api::{
    reason::{qga_severity, zwatch_severity},
    VmInstanceInventory, ZWatchState,
};

#[component]
pub fn VmRow(
    vm: VmInstanceInventory,
    selected: RwSignal<String>,
    states: LocalResource<Result<States, zstack_api::ApiError>>,
) -> impl IntoView {
    let id_tools = vm.uuid.clone().unwrap_or_default();
    let ip = vm.default_ip().unwrap_or("—").to_owned();
    let os = vm.guest_os_type.clone().unwrap_or_else(|| "—".into());
    view! {
        <tr>
            <ChoiceCells vm=vm selected=selected select_h="vm-select-h".to_owned()/>
            // OS names and addresses are ZStack's data.
            <td translate="no">{os}</td>
            <td class="mono" translate="no">{ip}</td>
            <td class="vm-tools">{move || states.with(|l| tools_cell(l, &id_tools))}</td>
        </tr>
    }
}

/// The qga badge (`vm-qga-state`), and the monitoring agent's where it is not Running.
fn tools_cell(l: &Loaded<States>, uuid: &str) -> AnyView {
    match l {
        None => view! { <span class="muted">{tr(k::vms::TOOLS_LOADING)}</span> }.into_any(),
        Some(Err(_)) => view! { <span class="muted">{tr(k::vms::TOOLS_UNAVAILABLE)}</span> }.into_any(),
        Some(Ok(states)) => match states.get(uuid) {
            None => view! {
                <Badge text="—" tone=Tone::Warn description=t(k::vms::NO_RECORD_DESC) testid="vm-qga-state"/>
            }
            .into_any(),
            Some(s) => {
                let qga = s.qga_state.as_ref().map(|q| {
                    let (text, raw) = match qga_text(q) {
                        Some((text, _)) => (t(text).to_owned(), false),
                        None => (q.as_str().to_owned(), true),
                    };
                    let desc = qga_text(q).map(|(_, d)| t(d).to_owned()).unwrap_or_default();
                    view! { <Badge text=text tone=qga_severity(q).into() description=desc testid="vm-qga-state" raw=raw/> }
                });
                let zwatch = s
                    .zwatch_state
                    .as_ref()
                    .filter(|z| **z != ZWatchState::Running)
                    .map(|z| {
                        let text = match zwatch_text(z) {
                            Some((text, _)) => t(text).to_owned(),
                            None => z.as_str().to_owned(),
                        };
                        view! {
                            <span class="vm-tools__zwatch muted">{tr(k::vms::ZWATCH_PREFIX)}": "</span>
                            <Badge text=text tone=zwatch_severity(z).into() testid="vm-zwatch-state"/>
                        }
                    });
                view! { {qga}" "{zwatch} }.into_any()
            }
        },
    }
}

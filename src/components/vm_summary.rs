use crate::{
    components::badge::VmStateBadge,
    i18n::{self, k, tf, tr},
    vm_data::VmData,
};
use leptos::prelude::*;
use zstack_api::{Timestamp, VmInstanceInventory};

/// Memory in binary units, as ZStack's UI shows it.
pub fn memory_text(bytes: Option<u64>) -> String {
    match bytes {
        Some(b) if b >= 1 << 30 && b % (1 << 30) == 0 => format!("{} GiB", b >> 30),
        Some(b) if b >= 1 << 30 => format!("{:.1} GiB", b as f64 / (1u64 << 30) as f64),
        Some(b) => format!("{} MiB", b >> 20),
        None => "—".into(),
    }
}

fn or_dash(v: Option<String>) -> String {
    v.filter(|s| !s.is_empty()).unwrap_or_else(|| "—".into())
}

/// The VM's state, platform, OS, size, addresses and dates.
#[component]
pub fn VmSummary() -> impl IntoView {
    let data = expect_context::<VmData>();
    view! {
        <section class="card" aria-labelledby="vm-summary-h">
            <h2 id="vm-summary-h">{tr(k::vm_summary::TITLE)}</h2>
            {move || data.vm.with(|l| match l {
                None => view! { <p class="muted">{tr(k::vm_summary::LOADING)}</p> }.into_any(),
                Some(Ok(Some(vm))) => summary(vm.clone()).into_any(),
                _ => view! { <p class="muted">{tr(k::vm_summary::NOT_AVAILABLE)}</p> }.into_any(),
            })}
        </section>
    }
}

/// A ZStack date as a row, written in the user's language; no row when the
/// date is missing or is not one.
fn date_row(
    label: i18n::Msg,
    ts: Option<Timestamp>,
    testid: &'static str,
) -> Option<impl IntoView> {
    let ts = ts.filter(|ts| ts.parse().is_some())?;
    Some(view! {
        <dt>{tr(label)}</dt>
        <dd data-testid=testid>{move || i18n::date(&ts)}</dd>
    })
}

fn summary(vm: VmInstanceInventory) -> impl IntoView {
    let cpus = vm.cpu_num;
    let memory = memory_text(vm.memory_size);
    let cpu_and_memory = move || {
        let cpu = cpus
            .map(|n| tf(k::vm_summary::VCPU, &[("count", &n)]))
            .unwrap_or_else(|| "—".into());
        tf(
            k::vm_summary::CPU_MEMORY_VALUE,
            &[("cpu", &cpu), ("memory", &memory)],
        )
    };
    let nics = vm.vm_nics.clone();
    // Values from ZStack (platform, OS, architecture, UUID, description,
    // addresses) are shown as sent: `translate="no"`.
    view! {
        <dl class="facts">
            <dt>{tr(k::vm_summary::STATE)}</dt>
            <dd><VmStateBadge state=vm.state.clone() testid="vm-state"/></dd>
            <dt>{tr(k::vm_summary::PLATFORM)}</dt>
            <dd data-testid="vm-platform" translate="no">{or_dash(vm.platform.as_ref().map(|p| p.to_string()))}</dd>
            <dt>{tr(k::vm_summary::GUEST_OS)}</dt>
            <dd translate="no">{or_dash(vm.guest_os_type.clone())}</dd>
            <dt>{tr(k::vm_summary::CPU_MEMORY)}</dt>
            <dd>{cpu_and_memory}</dd>
            <dt>{tr(k::vm_summary::ARCHITECTURE)}</dt>
            <dd translate="no">{or_dash(vm.architecture.clone())}</dd>
            <dt>{tr(k::vm_summary::UUID)}</dt>
            <dd class="mono" translate="no">{or_dash(vm.uuid.clone())}</dd>
            {vm.description.clone().filter(|d| !d.is_empty()).map(|d| view! {
                <dt>{tr(k::vm_summary::DESCRIPTION)}</dt>
                <dd data-testid="vm-description" translate="no">{d}</dd>
            })}
            {date_row(k::vm_summary::CREATED, vm.create_date.clone(), "vm-created")}
            {date_row(k::vm_summary::LAST_CHANGED, vm.last_op_date.clone(), "vm-last-op")}
            <dt>{tr(k::vm_summary::NETWORK)}</dt>
            <dd>
                {if nics.is_empty() {
                    view! { <span class="muted">{tr(k::vm_summary::NO_NICS)}</span> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list" data-testid="vm-nics" translate="no">
                            {nics.into_iter().map(|n| view! {
                                <li class="mono">
                                    {or_dash(n.ip)}
                                    <span class="muted">{n.mac.map(|m| format!("  {m}")).unwrap_or_default()}</span>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </dd>
        </dl>
    }
}

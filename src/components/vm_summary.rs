use crate::{components::badge::VmStateBadge, load::Load, pages::vm_detail::VmData};
use leptos::prelude::*;
use zstack_api::VmInstanceInventory;

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

/// The VM's state, platform, OS, size and addresses.
#[component]
pub fn VmSummary() -> impl IntoView {
    let data = expect_context::<VmData>();
    view! {
        <section class="card" aria-labelledby="vm-summary-h">
            <h2 id="vm-summary-h">"Virtual machine"</h2>
            {move || match data.vm.get() {
                Load::Loading => view! { <p class="muted">"Loading…"</p> }.into_any(),
                Load::Ready(Some(vm)) => summary(vm).into_any(),
                _ => view! { <p class="muted">"Not available."</p> }.into_any(),
            }}
        </section>
    }
}

fn summary(vm: VmInstanceInventory) -> impl IntoView {
    let cpu = vm
        .cpu_num
        .map(|n| format!("{n} vCPU"))
        .unwrap_or_else(|| "—".into());
    let nics = vm.vm_nics.clone();
    view! {
        <dl class="facts">
            <dt>"State"</dt>
            <dd><VmStateBadge state=vm.state.clone() testid="vm-state"/></dd>
            <dt>"Platform"</dt>
            <dd data-testid="vm-platform">{or_dash(vm.platform.as_ref().map(|p| p.to_string()))}</dd>
            <dt>"Guest OS"</dt>
            <dd>{or_dash(vm.guest_os_type.clone())}</dd>
            <dt>"CPU and memory"</dt>
            <dd>{format!("{cpu}, {}", memory_text(vm.memory_size))}</dd>
            <dt>"Architecture"</dt>
            <dd>{or_dash(vm.architecture.clone())}</dd>
            <dt>"UUID"</dt>
            <dd class="mono">{or_dash(vm.uuid.clone())}</dd>
            {vm.description.clone().filter(|d| !d.is_empty()).map(|d| view! {
                <dt>"Description"</dt>
                <dd data-testid="vm-description">{d}</dd>
            })}
            <dt>"Network"</dt>
            <dd>
                {if nics.is_empty() {
                    view! { <span class="muted">"No NICs"</span> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list" data-testid="vm-nics">
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

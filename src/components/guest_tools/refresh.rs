//! The badges' background refresh: every 30 s while the tab is visible, more
//! often while an install is watched, less often after failed cycles. It
//! reads what ZStack recorded (QueryGuestToolsState, a database read), never
//! GetVmGuestToolsInfo, which runs commands inside a Linux guest; only while
//! an install is watched does that run too, at most every 10 s.

use crate::{config::refresh_secs as base_secs, dom::page_hidden, vm_data::VmData};
use gloo_timers::callback::Timeout;
use leptos::prelude::*;

const MAX_BACKOFF_SECS: u32 = 300;
/// While waiting for the agent after an attach, look more often.
const WATCH_SECS: u32 = 3;
/// While watching, the tools info (commands in the guest) at most this often.
const WATCH_INFO_MS: f64 = 10_000.0;

/// The wait before the next cycle: `base` doubled per failed cycle in a row
/// (up to 16×), capped at five minutes unless `base` is longer already.
pub fn next_period_secs(base: u32, failures: u32, watching: bool) -> u32 {
    if watching {
        return WATCH_SECS;
    }
    base.saturating_mul(1 << failures.min(4))
        .min(MAX_BACKOFF_SECS.max(base))
}

/// Runs refresh cycles for the page's life. `failures` counts failed cycles
/// in a row (one per cycle, however many of its reads failed).
pub fn auto_refresh(data: VmData, watching: Signal<bool>, failures: RwSignal<u32>) {
    let base = base_secs();
    let hidden = page_hidden();
    // Bumped after each cycle, so the next one is armed even when nothing else changed.
    let cycles = RwSignal::new(0u32);
    let timer = StoredValue::new_local(None::<Timeout>);
    Effect::new(move |_| {
        cycles.track();
        let period = next_period_secs(base, failures.get(), watching.get());
        // Hidden: no timer at all; shown again: a whole period from now.
        let next = (!hidden.get()).then(|| {
            Timeout::new(period * 1000, move || {
                leptos::task::spawn_local(async move {
                    let info_due = watching.try_get_untracked().unwrap_or(false)
                        && data
                            .info_read_at
                            .try_get_untracked()
                            .flatten()
                            .is_none_or(|at| js_sys::Date::now() - at >= WATCH_INFO_MS);
                    let ok = if info_due {
                        data.refresh_tools().await
                    } else {
                        data.refresh_state().await
                    };
                    let Some(before) = failures.try_get_untracked() else {
                        return; // the page is gone
                    };
                    let after = if ok { 0 } else { before + 1 };
                    if after != before {
                        failures.set(after);
                    }
                    cycles.update(|c| *c += 1);
                });
            })
        });
        timer.set_value(next);
    });
    on_cleanup(move || {
        timer.try_update_value(|t| t.take());
    });
}

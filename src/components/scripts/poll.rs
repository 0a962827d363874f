//! Following a run while ZStack works on it: polls spaced by
//! `RecordPollPolicy`, none while the tab is hidden, and on return the
//! first short delay again.

use crate::dom::page_hidden;
use gloo_storage::{LocalStorage, Storage};
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use zstack_api::scripts::RecordPollPolicy;

/// ZStack's policy, or a first delay a test or a demo chose (localStorage
/// `zstack.recordPollMs`, ten times that at most).
pub fn poll_policy() -> RecordPollPolicy {
    match LocalStorage::get::<u64>("zstack.recordPollMs") {
        Ok(ms) if ms > 0 => RecordPollPolicy {
            first_delay_ms: ms,
            max_delay_ms: ms.saturating_mul(10),
        },
        _ => RecordPollPolicy::default(),
    }
}

/// Arms one timer after each answer (`answered` changes) while `active`
/// holds and the tab is visible; the timer calls `poll`, whose answer
/// arms the next. So no poll starts before the last one answered. The
/// caller makes the first read; nothing is armed before it answers.
pub fn follow(active: Signal<bool>, answered: Signal<u32>, poll: Callback<()>) {
    let policy = poll_policy();
    let hidden = page_hidden();
    let polls = StoredValue::new(0u32);
    let timer = StoredValue::new_local(None::<Timeout>);
    Effect::new(move |was_hidden: Option<bool>| {
        let answers = answered.get();
        let now_hidden = hidden.get();
        if was_hidden == Some(true) && !now_hidden {
            polls.set_value(0);
        }
        let next = (answers > 0 && active.get() && !now_hidden).then(|| {
            let n = polls.get_value();
            polls.set_value(n.saturating_add(1));
            let delay = u32::try_from(policy.delay_ms(n)).unwrap_or(u32::MAX);
            Timeout::new(delay, move || poll.run(()))
        });
        // Replacing the timer cancels the one armed before.
        timer.set_value(next);
        now_hidden
    });
    on_cleanup(move || {
        timer.try_update_value(|t| t.take());
    });
}

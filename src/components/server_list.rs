//! What the lists paged on ZStack's server share (the VM list, the script
//! library, the runs, a run's VMs, the VM picker): a search that waits for a
//! pause in typing, the row said while loading or after a failure, and the
//! pager.

use crate::components::alert::ErrorAlert;
use crate::i18n::{k, tf, tr, Msg};
use leptos::prelude::*;
use std::time::Duration;
use zstack_api::ApiError;

/// How long typing must pause before a search is sent.
pub const SEARCH_DEBOUNCE_MS: u64 = 300;

/// How many pages `total` items make, at least one.
pub fn page_count(total: u64, page_size: u32) -> u32 {
    u32::try_from(total.div_ceil(u64::from(page_size.max(1))).max(1)).unwrap_or(u32::MAX)
}

/// The search to send: `search` once typing has paused. A new search goes
/// back to the first page.
pub fn settled_search(search: RwSignal<String>, page: RwSignal<u32>) -> RwSignal<String> {
    let settled = RwSignal::new(search.get_untracked());
    let mut settle = leptos::prelude::debounce(
        Duration::from_millis(SEARCH_DEBOUNCE_MS),
        move |text: String| {
            page.set(0);
            settled.set(text);
        },
    );
    Effect::watch(
        move || search.get(),
        move |text, _, _| settle(text.clone()),
        false,
    );
    settled
}

/// A row across the table's `cols` columns saying `text` (loading).
pub fn message_row(cols: &'static str, text: Msg) -> AnyView {
    view! { <tr><td colspan=cols class="muted">{tr(text)}</td></tr> }.into_any()
}

/// A row across the table's `cols` columns saying why the page could not be
/// read, with a button that asks again (it bumps `attempt`).
pub fn failed_row(
    cols: &'static str,
    error: &ApiError,
    what: Msg,
    attempt: RwSignal<u32>,
) -> AnyView {
    let error = error.clone();
    view! {
        <tr><td colspan=cols>
            <ErrorAlert error=Signal::derive(move || Some(error.clone())) what=what/>
            <button type="button" class="button" on:click=move |_| attempt.update(|n| *n += 1)>
                {tr(k::common::TRY_AGAIN)}
            </button>
        </td></tr>
    }
    .into_any()
}

/// A pager for a list paged on the server (or in the page).
#[component]
pub fn Pager(
    /// The page shown, from 0.
    page: RwSignal<u32>,
    /// How many pages there are; `None` while unknown.
    #[prop(into)]
    pages: Signal<Option<u32>>,
    /// The navigation's accessible name.
    label: Msg,
    /// `data-testid` of the "page n of m" text.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <nav class="pager" aria-label=tr(label)>
            <button type="button" class="button" disabled=move || page.get() == 0
                on:click=move |_| page.update(|p| *p = p.saturating_sub(1))>
                {tr(k::common::PREVIOUS_PAGE)}
            </button>
            <span data-testid=testid>
                {move || pages.get().map(|n| tf(k::common::PAGE_OF, &[("page", &(page.get() + 1)), ("pages", &n)]))}
            </span>
            <button type="button" class="button" disabled=move || pages.get().is_none_or(|n| page.get() + 1 >= n)
                on:click=move |_| page.update(|p| *p += 1)>
                {tr(k::common::NEXT_PAGE)}
            </button>
        </nav>
    }
}

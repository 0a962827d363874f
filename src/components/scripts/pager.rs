//! Previous / next page, and where the reader is.

use crate::i18n::{k, tf, tr, Msg};
use leptos::prelude::*;

/// How many pages `total` items make, at least one.
pub fn page_count(total: u64, page_size: u32) -> u32 {
    u32::try_from(total.div_ceil(u64::from(page_size.max(1))).max(1)).unwrap_or(u32::MAX)
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
                {tr(k::scripts::PREVIOUS_PAGE)}
            </button>
            <span data-testid=testid>
                {move || pages.get().map(|n| tf(k::scripts::PAGE_OF, &[("page", &(page.get() + 1)), ("pages", &n)]))}
            </span>
            <button type="button" class="button" disabled=move || pages.get().is_none_or(|n| page.get() + 1 >= n)
                on:click=move |_| page.update(|p| *p += 1)>
                {tr(k::scripts::NEXT_PAGE)}
            </button>
        </nav>
    }
}

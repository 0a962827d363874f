use crate::i18n::{k, tr};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page">
            <h1>{tr(k::common::NOT_FOUND_TITLE)}</h1>
            <p>{tr(k::common::NOT_FOUND_TEXT)}</p>
            <p><A href="/vms">{tr(k::common::NOT_FOUND_LINK)}</A></p>
        </section>
    }
}

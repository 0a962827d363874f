//! What a lazily loaded page shows when its wasm chunk did not arrive (the
//! network failed, or a newer deploy replaced the chunk): a message inside
//! the app instead of the crash screen, so the header, a bulk run in
//! progress and the other pages keep working. Opening the page again tries
//! the chunk again; a reload also picks up a newer deploy.

use crate::i18n::{k, tr};
use leptos::prelude::*;

#[component]
pub fn LoadFailed() -> impl IntoView {
    view! {
        <section class="page" data-testid="page-load-failed">
            <h1>{tr(k::common::LOAD_FAILED_TITLE)}</h1>
            <p class="alert alert--error" role="alert">{tr(k::common::LOAD_FAILED_TEXT)}</p>
            <div class="actions">
                <button
                    type="button"
                    class="button button--primary"
                    on:click=|_| {
                        let _ = window().location().reload();
                    }
                >
                    {tr(k::common::LOAD_FAILED_RELOAD)}
                </button>
            </div>
        </section>
    }
}

use leptos::prelude::*;

/// The "ISO" region: candidates, attached media, attach and detach.
#[component]
pub fn IsoPanel() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="iso-h">
            <h2 id="iso-h">"ISO"</h2>
        </section>
    }
}

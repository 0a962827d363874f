use leptos::prelude::*;

/// The "Command console" region: run a command in the guest and read its output.
#[component]
pub fn CommandConsole() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="console-h">
            <h2 id="console-h">"Command console"</h2>
        </section>
    }
}

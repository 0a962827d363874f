use crate::{api, draft, session};
use leptos::prelude::*;
use leptos_router::components::A;
use zstack_api::LogOut;

/// Product name, the signed-in account, a way back to the list, and sign-out.
#[component]
pub fn Header() -> impl IntoView {
    let signed_in = move || session::current().get();
    let signing_out = RwSignal::new(false);
    let sign_out = move |_| {
        // A second click before the first LogOut answers must not send another.
        if signing_out.get_untracked() {
            return;
        }
        let Some(s) = session::current().get_untracked() else {
            return;
        };
        signing_out.set(true);
        leptos::task::spawn_local(async move {
            // End it on the server first; whatever the answer, it ends here too.
            let _ = api::call(&LogOut {
                session_uuid: s.uuid,
            })
            .await;
            draft::clear_all();
            session::end();
            signing_out.set(false);
        });
    };
    view! {
        <header class="app-header">
            <A href="/vms" attr:class="brand">"ZStack Guest Console"</A>
            <Show when=move || signed_in().is_some()>
                <nav aria-label="Main" class="app-nav">
                    <A href="/vms">"Virtual machines"</A>
                </nav>
                <span class="account" data-testid="account">
                    {move || signed_in().and_then(|s| s.account).unwrap_or_else(|| "Pasted session".into())}
                </span>
                <button type="button" class="button" on:click=sign_out disabled=move || signing_out.get()>
                    "Sign out"
                </button>
            </Show>
        </header>
    }
}

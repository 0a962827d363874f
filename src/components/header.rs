use crate::i18n::{self, k, t, tr, Lang};
use crate::theme::{self, Theme};
use crate::{api, draft, session};
use leptos::prelude::*;
use leptos_router::components::A;
use zstack_api::LogOut;

/// Product name, the signed-in account, a way back to the list, language,
/// theme, the shortcut list, and sign-out.
#[component]
pub fn Header(
    /// Opens the keyboard-shortcut overlay.
    show_shortcuts: RwSignal<bool>,
) -> impl IntoView {
    let signed_in = move || session::current().get();
    // End it on the server first; whatever the answer, it ends here too.
    let log_out = Action::new_local(move |uuid: &String| {
        let request = LogOut {
            session_uuid: uuid.clone(),
        };
        async move {
            let _ = api::call(&request).await;
            draft::clear_all();
            session::end();
        }
    });
    let signing_out = log_out.pending();
    let sign_out = move |_| {
        // A second click before the first LogOut answers must not send another.
        if signing_out.get_untracked() {
            return;
        }
        if let Some(s) = session::current().get_untracked() {
            log_out.dispatch_local(s.uuid);
        }
    };
    let theme_name = |th: Theme| match th {
        Theme::System => k::common::THEME_SYSTEM,
        Theme::Light => k::common::THEME_LIGHT,
        Theme::Dark => k::common::THEME_DARK,
    };
    view! {
        <header class="app-header">
            <A href="/vms" attr:class="brand">{tr(k::common::BRAND)}</A>
            <Show when=move || signed_in().is_some()>
                <nav aria-label=tr(k::common::MAIN_NAV) class="app-nav">
                    <A href="/vms">{tr(k::common::NAV_VMS)}</A>
                    <A href="/scripts" exact=true>{tr(k::scripts::NAV_SCRIPTS)}</A>
                    <A href="/scripts/records">{tr(k::scripts::NAV_RUNS)}</A>
                </nav>
            </Show>
            <div class="app-header__prefs">
                // Native selects: keyboard, screen readers and touch for free.
                <select aria-label=tr(k::common::LANGUAGE) data-testid="language"
                    on:change=move |ev| {
                        if let Some(l) = Lang::ALL.into_iter().find(|l| l.tag() == event_target_value(&ev)) {
                            i18n::set_lang(l);
                        }
                    }>
                    {Lang::ALL.into_iter().map(|l| view! {
                        // Each language named in itself, so anyone can find theirs.
                        <option value=l.tag() lang=l.tag() translate="no" selected=move || i18n::lang() == l>{l.native_name()}</option>
                    }).collect_view()}
                </select>
                <select aria-label=tr(k::common::THEME) data-testid="theme"
                    on:change=move |ev| theme::set_theme(Theme::from_id(&event_target_value(&ev)))>
                    {Theme::ALL.into_iter().map(|th| view! {
                        <option value=th.id() selected=move || theme::theme() == th>{tr(theme_name(th))}</option>
                    }).collect_view()}
                </select>
                <button type="button" class="button button--icon" aria-haspopup="dialog"
                    aria-label=tr(k::shortcuts::BUTTON) title=tr(k::shortcuts::BUTTON)
                    on:click=move |_| show_shortcuts.set(true)>"?"</button>
            </div>
            <Show when=move || signed_in().is_some()>
                <span class="account" data-testid="account" translate="no">
                    {move || signed_in().and_then(|s| s.account).unwrap_or_else(|| t(k::common::PASTED_SESSION).into())}
                </span>
                <button type="button" class="button" on:click=sign_out disabled=move || signing_out.get()>
                    {tr(k::common::SIGN_OUT)}
                </button>
            </Show>
        </header>
    }
}

//! `/login`: account and password, or a pasted session UUID.

use crate::i18n::{k, tr, Msg};
use crate::{api, components::alert::ErrorAlert, session, session::safe_next};
use leptos::{html, prelude::*};
use leptos_router::{hooks::use_navigate, hooks::use_query_map, NavigateOptions};
use zstack_api::{ApiError, LogInByAccount, ValidateSession};

#[component]
pub fn Login() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let next = move || safe_next(query.read_untracked().get("next").as_deref());

    // Already signed in (another tab, or a back button): go on.
    {
        let navigate = navigate.clone();
        Effect::new(move |_| {
            if session::current().get().is_some() {
                navigate(
                    &next(),
                    NavigateOptions {
                        replace: true,
                        ..Default::default()
                    },
                );
            }
        });
    }

    let account = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<Msg>);
    let password_ref = NodeRef::<html::Input>::new();

    let sign_in_action = Action::new_local(move |(name, secret): &(String, String)| {
        let request = LogInByAccount::new(name, secret);
        let name = name.clone();
        async move {
            match api::call(&request).await {
                Ok(reply) => match reply.inventory.and_then(|inv| {
                    session::Session::from_inventory(&inv, Some(name), api::now_ms())
                }) {
                    Some(s) => session::begin(s),
                    None => notice.set(Some(k::login::NO_SESSION)),
                },
                Err(e) => {
                    error.set(Some(e));
                    password.set(String::new());
                    if let Some(el) = password_ref.get_untracked() {
                        let _ = el.focus();
                    }
                }
            }
        }
    });
    let busy = sign_in_action.pending();
    let sign_in = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let name = account.get_untracked().trim().to_owned();
        if name.is_empty() || password.get_untracked().is_empty() {
            notice.set(Some(k::login::MISSING_FIELDS));
            return;
        }
        notice.set(None);
        error.set(None);
        sign_in_action.dispatch_local((name, password.get_untracked()));
    };

    let pasted = RwSignal::new(String::new());
    let paste_error = RwSignal::new(None::<Msg>);
    let paste_api_error = RwSignal::new(None::<ApiError>);
    let check_session = Action::new_local(move |uuid: &String| {
        let uuid = uuid.clone();
        async move {
            let result = api::call(&ValidateSession {
                session_uuid: uuid.clone(),
            })
            .await;
            match result {
                Ok(r) if r.valid == Some(true) => session::begin(session::Session {
                    uuid,
                    account: None,
                    expires_at: None,
                }),
                Ok(_) => paste_error.set(Some(k::login::UNKNOWN_SESSION)),
                Err(e) => paste_api_error.set(Some(e)),
            }
        }
    });
    let paste_busy = check_session.pending();
    let use_session = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if paste_busy.get_untracked() {
            return;
        }
        let uuid = pasted.get_untracked().trim().to_lowercase();
        paste_api_error.set(None);
        if zstack_api::validate::uuid(&uuid).is_err() {
            paste_error.set(Some(k::login::BAD_UUID));
            return;
        }
        paste_error.set(None);
        check_session.dispatch_local(uuid);
    };

    view! {
        <section class="page page--narrow">
            <h1>{tr(k::login::TITLE)}</h1>
            <form class="card form" on:submit=sign_in novalidate>
                <label for="account">{tr(k::login::ACCOUNT)}</label>
                <input id="account" name="account" type="text" autocomplete="username" required
                    bind:value=account/>
                <label for="password">{tr(k::login::PASSWORD)}</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    node_ref=password_ref bind:value=password/>
                {move || notice.get().map(|n| view! { <p role="alert" class="alert alert--error">{tr(n)}</p> })}
                <ErrorAlert error=error what=k::login::FAILED/>
                <button type="submit" class="button button--primary" disabled=move || busy.get()>
                    {move || crate::i18n::t(if busy.get() { k::login::SIGNING_IN } else { k::login::SIGN_IN })}
                </button>
            </form>
            <form class="card form" on:submit=use_session novalidate>
                <h2>{tr(k::login::EXISTING_SESSION)}</h2>
                <label for="session-uuid">{tr(k::login::SESSION_UUID)}</label>
                <input id="session-uuid" type="text" autocomplete="off" spellcheck="false" bind:value=pasted/>
                {move || paste_error.get().map(|n| view! { <p role="alert" class="alert alert--error">{tr(n)}</p> })}
                <ErrorAlert error=paste_api_error what=k::login::CHECK_FAILED/>
                <button type="submit" class="button" disabled=move || paste_busy.get()>{tr(k::login::USE_SESSION)}</button>
            </form>
        </section>
    }
}

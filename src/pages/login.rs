//! `/login`: account and password, or a pasted session UUID.

use crate::{api, app::safe_next, components::alert::ErrorAlert, session};
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
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiError>);
    let notice = RwSignal::new(None::<String>);
    let password_ref = NodeRef::<html::Input>::new();

    let sign_in = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let name = account.get_untracked().trim().to_owned();
        if name.is_empty() || password.get_untracked().is_empty() {
            notice.set(Some("Enter the account name and the password.".into()));
            return;
        }
        notice.set(None);
        error.set(None);
        busy.set(true);
        let request = LogInByAccount::new(&name, &password.get_untracked());
        leptos::task::spawn_local(async move {
            let result = api::call(&request).await;
            busy.set(false);
            match result {
                Ok(reply) => match reply.inventory.and_then(|inv| {
                    session::Session::from_inventory(&inv, Some(name), api::now_ms())
                }) {
                    Some(s) => session::begin(s),
                    None => notice.set(Some(
                        "ZStack accepted the sign-in but sent no usable session.".into(),
                    )),
                },
                Err(e) => {
                    error.set(Some(e));
                    password.set(String::new());
                    if let Some(el) = password_ref.get_untracked() {
                        let _ = el.focus();
                    }
                }
            }
        });
    };

    let pasted = RwSignal::new(String::new());
    let paste_busy = RwSignal::new(false);
    let paste_error = RwSignal::new(None::<String>);
    let paste_api_error = RwSignal::new(None::<ApiError>);
    let use_session = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if paste_busy.get_untracked() {
            return;
        }
        let uuid = pasted.get_untracked().trim().to_lowercase();
        paste_api_error.set(None);
        if zstack_api::validate::uuid(&uuid).is_err() {
            paste_error.set(Some("A session UUID is 32 hexadecimal characters.".into()));
            return;
        }
        paste_error.set(None);
        paste_busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::call(&ValidateSession {
                session_uuid: uuid.clone(),
            })
            .await;
            paste_busy.set(false);
            match result {
                Ok(r) if r.valid == Some(true) => session::begin(session::Session {
                    uuid,
                    account: None,
                    expires_at: None,
                }),
                Ok(_) => paste_error.set(Some(
                    "ZStack does not know this session, or it has expired.".into(),
                )),
                Err(e) => paste_api_error.set(Some(e)),
            }
        });
    };

    view! {
        <section class="page page--narrow">
            <h1>"Sign in to ZStack"</h1>
            <form class="card form" on:submit=sign_in novalidate>
                <label for="account">"Account name"</label>
                <input id="account" name="account" type="text" autocomplete="username" required
                    bind:value=account/>
                <label for="password">"Password"</label>
                <input id="password" name="password" type="password" autocomplete="current-password" required
                    node_ref=password_ref bind:value=password/>
                {move || notice.get().map(|n| view! { <p role="alert" class="alert alert--error">{n}</p> })}
                <ErrorAlert error=error what="Sign-in failed"/>
                <button type="submit" class="button button--primary" disabled=move || busy.get()>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
            <form class="card form" on:submit=use_session novalidate>
                <h2>"Use an existing session"</h2>
                <label for="session-uuid">"Session UUID"</label>
                <input id="session-uuid" type="text" autocomplete="off" spellcheck="false" bind:value=pasted/>
                {move || paste_error.get().map(|n| view! { <p role="alert" class="alert alert--error">{n}</p> })}
                <ErrorAlert error=paste_api_error what="Could not check the session"/>
                <button type="submit" class="button" disabled=move || paste_busy.get()>"Use session"</button>
            </form>
        </section>
    }
}

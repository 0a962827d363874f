use crate::i18n::{k, t, tf, tr, Msg};
use leptos::prelude::*;
use zstack_api::error::{seconds, status_line};
use zstack_api::ApiError;

/// A plain sentence saying what the failure means for the user.
pub fn explain(e: &ApiError) -> Msg {
    match e {
        ApiError::SessionInvalid(_) => k::errors::EXPLAIN_SESSION,
        ApiError::BadCredentials(_) => k::errors::EXPLAIN_CREDENTIALS,
        ApiError::Api { .. } => k::errors::EXPLAIN_API,
        ApiError::Rest { .. } => k::errors::EXPLAIN_REST,
        ApiError::Http {
            status: 502..=504, ..
        } => k::errors::EXPLAIN_PROXY,
        ApiError::Http { .. } => k::errors::EXPLAIN_HTTP,
        ApiError::Malformed { .. } => k::errors::EXPLAIN_MALFORMED,
        ApiError::JobExpired { .. } => k::errors::EXPLAIN_JOB_EXPIRED,
        ApiError::Deadline { .. } => k::errors::EXPLAIN_DEADLINE,
        ApiError::Network(_) => k::errors::EXPLAIN_NETWORK,
        ApiError::TimedOut { .. } => k::errors::EXPLAIN_TIMED_OUT,
        ApiError::Aborted => k::errors::EXPLAIN_ABORTED,
    }
}

/// The error's first line in the current language (tracked). ZStack's own
/// `code: description` is shown as sent; the rest is ours to translate.
pub fn headline(e: &ApiError) -> String {
    let (ours, theirs) = headline_parts(e);
    ours + theirs.as_deref().unwrap_or("")
}

/// The headline as our words and, after them, the server's or browser's
/// text, which the alert marks as not ours to translate.
pub fn headline_parts(e: &ApiError) -> (String, Option<String>) {
    if let Some(line) = e.server_line() {
        return (String::new(), Some(line));
    }
    let status = |s: u16| match crate::i18n::lang() {
        crate::i18n::Lang::En => status_line(s),
        // Reason phrases are English protocol text; the explanation says it.
        crate::i18n::Lang::ZhCn => format!("HTTP {s}"),
    };
    let ours = |m| (t(m).to_owned(), None);
    match e {
        ApiError::SessionInvalid(_) => ours(k::errors::SESSION_INVALID),
        ApiError::BadCredentials(_) => ours(k::errors::BAD_CREDENTIALS),
        ApiError::Api { status: s, .. } | ApiError::Http { status: s } => (status(*s), None),
        ApiError::Rest { status: s, message } if message.is_empty() => (status(*s), None),
        ApiError::Rest { status: s, message } => {
            (format!("{}: ", status(*s)), Some(message.clone()))
        }
        ApiError::Malformed { status: s, .. } => {
            (tf(k::errors::MALFORMED, &[("status", &status(*s))]), None)
        }
        ApiError::JobExpired { .. } => ours(k::errors::JOB_EXPIRED),
        ApiError::Deadline { waited_ms } => (
            tf(k::errors::DEADLINE, &[("time", &seconds(*waited_ms))]),
            None,
        ),
        ApiError::Network(m) if m.is_empty() => ours(k::errors::NETWORK),
        ApiError::Network(m) => (format!("{}: ", t(k::errors::NETWORK)), Some(m.clone())),
        ApiError::TimedOut { after_ms } => (
            tf(k::errors::TIMED_OUT, &[("time", &seconds(*after_ms))]),
            None,
        ),
        ApiError::Aborted => ours(k::errors::ABORTED),
    }
}

/// A failure in `role="alert"`: the ZStack code and description (or the HTTP
/// status and reason), what it means, and the details. Always text, never HTML.
#[component]
pub fn ErrorAlert(
    #[prop(into)] error: Signal<Option<ApiError>>,
    /// What was being done ("Sign-in failed"), shown before the headline.
    #[prop(optional)]
    what: Option<Msg>,
) -> impl IntoView {
    move || {
        error.get().map(|e| {
            let details = e.details();
            let explanation = explain(&e);
            view! {
                <div role="alert" class="alert alert--error">
                    <p class="alert__title">
                        {what.map(|w| move || format!("{}: ", t(w)))}
                        <span data-testid="error-headline">{move || {
                            let (ours, theirs) = headline_parts(&e);
                            view! { {ours} {theirs.map(|s| view! { <span translate="no">{s}</span> })} }
                        }}</span>
                    </p>
                    <p class="alert__explain">{tr(explanation)}</p>
                    {(!details.is_empty()).then(|| view! {
                        <ul class="alert__details" translate="no">
                            {details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                        </ul>
                    })}
                </div>
            }
        })
    }
}

use leptos::prelude::*;
use zstack_api::ApiError;

/// A plain sentence saying what the failure means for the user.
pub fn explain(e: &ApiError) -> &'static str {
    match e {
        ApiError::SessionInvalid(_) => "Your session has ended. Sign in again to continue.",
        ApiError::BadCredentials(_) => "The account name or password is wrong.",
        ApiError::Api { .. } => "ZStack refused the request.",
        ApiError::Rest { .. } => "The ZStack REST server rejected the request.",
        ApiError::Http {
            status: 502..=504, ..
        } => "The proxy in front of ZStack could not get an answer from the management node.",
        ApiError::Http { .. } => "The server answered with an error and no explanation.",
        ApiError::Malformed { .. } => "The server's answer could not be read.",
        ApiError::JobExpired { .. } => {
            "ZStack no longer knows this job; its result may have expired."
        }
        ApiError::Deadline { .. } => {
            "Stopped waiting: the job did not finish in time. It may still finish in ZStack."
        }
        ApiError::Network(_) => {
            "Could not reach the management node. Check the network and try again."
        }
        ApiError::TimedOut { .. } => "The management node did not answer in time.",
        ApiError::Aborted => "Stopped waiting.",
    }
}

/// A failure in `role="alert"`: the ZStack code and description (or the HTTP
/// status and reason), what it means, and the details. Always text, never HTML.
#[component]
pub fn ErrorAlert(
    #[prop(into)] error: Signal<Option<ApiError>>,
    #[prop(optional)] what: &'static str,
) -> impl IntoView {
    move || {
        error.get().map(|e| {
            let details = e.details();
            view! {
                <div role="alert" class="alert alert--error">
                    <p class="alert__title">
                        {(!what.is_empty()).then(|| format!("{what}: "))}
                        <span data-testid="error-headline">{e.headline()}</span>
                    </p>
                    <p class="alert__explain">{explain(&e)}</p>
                    {(!details.is_empty()).then(|| view! {
                        <ul class="alert__details">
                            {details.into_iter().map(|d| view! { <li>{d}</li> }).collect_view()}
                        </ul>
                    })}
                </div>
            }
        })
    }
}

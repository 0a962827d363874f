//! The guest-tools badges: tools status and version, features, the two
//! agents' recorded states, and why a value is missing.

use crate::{
    components::{
        alert::ErrorAlert,
        badge::{Badge, Tone},
        reason::{qga_text, tools_status_text, zwatch_text},
    },
    i18n::{k, t, tf, tr, Msg},
    load::{Loaded, LoadedExt},
    vm_data::VmData,
};
use leptos::prelude::*;
use zstack_api::reason::{qga_severity, tools_status_severity, zwatch_severity, Severity};

/// One reported value as the badges show it.
#[derive(Debug, Clone, PartialEq)]
struct Shown {
    severity: Severity,
    /// Ours to translate, or `None` for a value this console does not know.
    text: Option<(Msg, Msg)>,
    /// As sent, for an unknown value.
    raw: String,
}

impl Shown {
    fn new(value: &str, severity: Severity, text: Option<(Msg, Msg)>) -> Shown {
        Shown {
            severity,
            text,
            raw: value.to_owned(),
        }
    }
}

/// A read's answer as a badge's input: what was reported, if anything.
fn shown<T>(
    l: &Loaded<T>,
    f: impl FnOnce(&T) -> Option<Shown>,
) -> Option<Result<Option<Shown>, ()>> {
    l.as_ref().map(|r| r.as_ref().map(f).map_err(|_| ()))
}

#[component]
pub fn ToolsBadges(failures: RwSignal<u32>) -> impl IntoView {
    let data = expect_context::<VmData>();
    let upgrade = move || {
        data.assessment
            .with(|a| a.is_some_and(|a| a.upgrade_available))
    };
    view! {
        <dl class="badges">
            <dt>{tr(k::guest_tools::TITLE)}</dt>
            <dd>
                {move || value_badge(
                    data.info.with(|l| shown(l, |i| i.status.as_ref().map(|s| {
                        Shown::new(s.as_str(), tools_status_severity(s), tools_status_text(s))
                    }))),
                    "tools-status",
                    k::guest_tools::NO_STATUS,
                )}
                {move || upgrade().then(|| view! {
                    <Badge text=t(k::guest_tools::UPGRADE) tone=Tone::Warn
                        description=t(k::guest_tools::UPGRADE_DESC)
                        testid="tools-upgrade"/>
                })}
            </dd>
            <dt>{tr(k::guest_tools::VERSION)}</dt>
            // The version is the guest's (it may be a marker like InstallFailed).
            <dd data-testid="tools-version" translate="no">
                {move || data.info.with(|l| l.ready().and_then(|i| i.version.clone())).filter(|v| !v.is_empty()).unwrap_or_else(|| "—".into())}
            </dd>
            <dt>{tr(k::guest_tools::FEATURES)}</dt>
            <dd>
                {move || {
                    let features = data.info.with(|l| l.ready().map(|i| i.features.clone()).unwrap_or_default());
                    if features.is_empty() {
                        view! { <span class="muted" data-testid="tools-features">{tr(k::guest_tools::NO_FEATURES)}</span> }.into_any()
                    } else {
                        view! {
                            <ul class="plain-list" data-testid="tools-features" translate="no">
                                {features.into_iter().map(|(k, v)| view! { <li>{format!("{k}: {v}")}</li> }).collect_view()}
                            </ul>
                        }.into_any()
                    }
                }}
            </dd>
            <dt>{tr(k::guest_tools::QGA)}</dt>
            <dd>
                {move || value_badge(
                    data.state.with(|l| shown(l, |s| s.as_ref().and_then(|s| s.qga_state.as_ref()).map(|q| {
                        Shown::new(q.as_str(), qga_severity(q), qga_text(q))
                    }))),
                    "qga-state",
                    k::guest_tools::NO_QGA,
                )}
            </dd>
            <dt>{tr(k::guest_tools::ZWATCH)}</dt>
            <dd>
                {move || value_badge(
                    data.state.with(|l| shown(l, |s| s.as_ref().and_then(|s| s.zwatch_state.as_ref()).map(|z| {
                        Shown::new(z.as_str(), zwatch_severity(z), zwatch_text(z))
                    }))),
                    "zwatch-state",
                    k::guest_tools::NO_ZWATCH,
                )}
            </dd>
        </dl>
        {move || data.info.with(|l| l.error().cloned()).map(|e| view! {
            <div class="section-error"><ErrorAlert error=Signal::derive(move || Some(e.clone())) what=k::guest_tools::INFO_FAILED/></div>
        })}
        {move || data.state.with(|l| l.error().cloned()).map(|e| view! {
            <div class="section-error"><ErrorAlert error=Signal::derive(move || Some(e.clone())) what=k::guest_tools::STATE_FAILED/></div>
        })}
        {move || (failures.get() > 0).then(|| view! {
            <p class="muted">{move || tf(k::guest_tools::REFRESH_FAILED, &[("count", &failures.get())])}</p>
        })}
    }
}

/// One reported value as a badge: loading (`None`), unavailable, absent
/// ("—"), known (translated) or unknown (as sent). Called in a reactive
/// closure, so the badge is re-drawn on a language switch.
fn value_badge(
    value: Option<Result<Option<Shown>, ()>>,
    testid: &'static str,
    missing: Msg,
) -> AnyView {
    match value {
        None => view! { <span class="muted">{tr(k::guest_tools::LOADING)}</span> }.into_any(),
        Some(Err(())) => {
            view! { <span class="muted">{tr(k::guest_tools::UNAVAILABLE)}</span> }.into_any()
        }
        Some(Ok(Some(shown))) => {
            let (text, description, raw) = match shown.text {
                Some((text, description)) => (t(text).to_owned(), t(description), false),
                None => (shown.raw, t(k::guest_tools::DESC_UNKNOWN), true),
            };
            view! {
                <Badge text=text tone=shown.severity.into() description=description testid=testid raw=raw/>
            }
            .into_any()
        }
        Some(Ok(None)) => {
            view! { <Badge text="—" tone=Tone::Neutral description=t(missing) testid=testid/> }
                .into_any()
        }
    }
}

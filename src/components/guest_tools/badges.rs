//! The guest-tools badges: tools status and version, ZStack's newest version,
//! features, the two agents' recorded states, and why a value is missing.

use crate::{
    components::{
        alert::{headline, ErrorAlert},
        badge::{Badge, Tone},
        reason::{qga_text, tools_status_text, zwatch_text},
    },
    dom::local_datetime,
    i18n::{k, t, tf, tr, with_data, Msg},
    load::{Loaded, LoadedExt},
    vm_data::VmData,
};
use leptos::prelude::*;
use zstack_api::lifecycle::{feature_phrase, FeaturePhrase, Upgrade};
use zstack_api::reason::{
    is_install_failure, qga_severity, tools_status_severity, zwatch_severity, Severity,
};

/// Our words for a documented pvpanic feature.
fn feature_msg(p: FeaturePhrase) -> Msg {
    use k::guest_tools::*;
    use FeaturePhrase::*;
    match p {
        PvpanicEnabled => FEATURE_PVPANIC_ENABLED,
        PvpanicDisabled => FEATURE_PVPANIC_DISABLED,
        HostEnabled => FEATURE_HOST_ENABLED,
        HostDisabled => FEATURE_HOST_DISABLED,
        HostUnknown => FEATURE_HOST_UNKNOWN,
        GuestToolsEnabled => FEATURE_TOOLS_ENABLED,
        GuestToolsDisabled => FEATURE_TOOLS_DISABLED,
        GuestToolsNotSupported => FEATURE_TOOLS_NOT_SUPPORTED,
        KernelSupported => FEATURE_KERNEL_SUPPORTED,
        KernelNotSupported => FEATURE_KERNEL_NOT_SUPPORTED,
        KernelUnknown => FEATURE_KERNEL_UNKNOWN,
    }
}

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
    // Only ZStack's own offer (GetLatestGuestToolsForVm) is an upgrade badge,
    // and only over installed tools: ZStack offers the newest to a VM with
    // none too, where the reason already says "install".
    let installed = move || {
        data.info.with(|l| {
            l.ready()
                .and_then(|i| i.version.as_deref())
                .is_some_and(|v| !v.trim().is_empty() && !is_install_failure(v))
        })
    };
    let offered = move || match data.upgrade.get() {
        Some(Upgrade::Available { version }) if installed() => Some(version),
        _ => None,
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
                {move || offered().map(|version| view! {
                    <Badge text=match version {
                            Some(v) => tf(k::guest_tools::UPGRADE_TO, &[("version", &v)]),
                            None => t(k::guest_tools::UPGRADE).to_owned(),
                        }
                        tone=Tone::Warn description=t(k::guest_tools::UPGRADE_DESC)
                        testid="tools-upgrade"/>
                })}
            </dd>
            <dt>{tr(k::guest_tools::VERSION)}</dt>
            // The version is the guest's (it may be a marker like InstallFailed).
            <dd data-testid="tools-version" translate="no">
                {move || data.info.with(|l| l.ready().and_then(|i| i.version.clone())).filter(|v| !v.is_empty()).unwrap_or_else(|| "—".into())}
            </dd>
            <dt>{tr(k::guest_tools::LATEST)}</dt>
            <dd data-testid="tools-latest">
                {move || match data.upgrade.get() {
                    None => t(k::guest_tools::LOADING).into_any(),
                    Some(Upgrade::Available { version: Some(v) }) => view! { <span translate="no">{v}</span> }.into_any(),
                    Some(Upgrade::Available { version: None }) => t(k::guest_tools::UPGRADE).into_any(),
                    Some(Upgrade::UpToDate) => t(k::guest_tools::LATEST_SAME).into_any(),
                    // Never "up to date" when ZStack could not say; its words are data.
                    Some(Upgrade::Unknown) => {
                        let why = data.latest.with(|l| l.error().map(headline)).unwrap_or_default();
                        with_data(t(k::guest_tools::LATEST_UNKNOWN), &[("error", why)]).into_any()
                    }
                }}
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
                                {features.into_iter().map(|(key, v)| {
                                    let phrase = feature_phrase(&key, &v);
                                    view! {
                                        <li>
                                            {phrase.map(|p| view! { <span translate="yes">{tr(feature_msg(p))}</span>" " })}
                                            // ZStack's key and value as sent, kept for those who search for them.
                                            <code class=if phrase.is_some() { "muted" } else { "" }>{format!("{key}: {v}")}</code>
                                        </li>
                                    }
                                }).collect_view()}
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
        {move || data.info_read_at.get().map(|at| view! {
            <p class="muted" data-testid="tools-info-read-at">
                {move || tf(k::guest_tools::INFO_READ_AT, &[("time", &local_datetime(at))])}
            </p>
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

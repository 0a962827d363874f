//! Our words for zstack-api's script decisions: refused fields, run
//! verdicts, counts. Values that are data (a character typed, a UUID) are
//! kept apart as not ours to translate.

use crate::components::reason::reason_view;
use crate::i18n::{k, msg_with_data, t, tf, Msg};
use leptos::prelude::*;
use zstack_api::scripts::{Doubt, FieldError, Refusal, RunVerdict, ScriptField, ScriptInvalid};
use zstack_api::validate::thousands;

/// `one` for 1, else `many` with `{count}`: English says "1 VM" / "2 VMs";
/// Chinese has one form, held twice.
pub fn count_text(n: usize, one: Msg, many: Msg) -> String {
    match n {
        1 => t(one).to_owned(),
        n => tf(many, &[("count", &thousands(n))]),
    }
}

/// Why a field was refused, as a sentence (tracked).
pub fn invalid_view(e: &FieldError) -> impl IntoView {
    use k::script_form as f;
    let e = e.clone();
    move || match &e.reason {
        ScriptInvalid::Empty => vec![t(match e.field {
            ScriptField::Name => f::NAME_EMPTY,
            ScriptField::ScriptContent => f::CONTENT_EMPTY,
            ScriptField::VmInstanceUuids => f::NO_VMS,
            _ => f::REQUIRED,
        })
        .into_any()],
        ScriptInvalid::TooLong { len, max } => vec![tf(
            f::TOO_LONG,
            &[("length", &thousands(*len)), ("max", &thousands(*max))],
        )
        .into_any()],
        ScriptInvalid::NameCharacter(c) => {
            msg_with_data(f::NAME_CHARACTER, &[("char", c.to_string())])
        }
        ScriptInvalid::NameEdgeSpace => vec![t(f::NAME_EDGE_SPACE).into_any()],
        ScriptInvalid::UnknownPlatform => vec![t(f::UNKNOWN_PLATFORM).into_any()],
        ScriptInvalid::TypeNotForPlatform => vec![t(f::TYPE_NOT_FOR_PLATFORM).into_any()],
        ScriptInvalid::Timeout { min, max } => vec![tf(
            f::TIMEOUT_RANGE,
            &[
                ("min", &thousands(*min as usize)),
                ("max", &thousands(*max as usize)),
            ],
        )
        .into_any()],
        ScriptInvalid::ParamKeyEmpty { row } => {
            vec![tf(f::PARAM_KEY_EMPTY, &[("row", &(row + 1))]).into_any()]
        }
        ScriptInvalid::ParamKeyRepeated { row } => {
            vec![tf(f::PARAM_KEY_REPEATED, &[("row", &(row + 1))]).into_any()]
        }
        ScriptInvalid::VmUuid(u) => msg_with_data(f::VM_UUID, &[("uuid", u.as_str())]),
    }
}

/// Whether a verdict sends the VM, and the sentence that says why (tracked).
pub fn verdict_view(v: &RunVerdict) -> AnyView {
    use k::script_run as r;
    match v.clone() {
        RunVerdict::Ready => (move || t(r::VERDICT_READY)).into_any(),
        RunVerdict::Unverified(Doubt::ReadinessUnknown) => {
            (move || t(r::VERDICT_READINESS_UNKNOWN)).into_any()
        }
        RunVerdict::Unverified(Doubt::PlatformUnknown) => {
            (move || t(r::VERDICT_PLATFORM_UNKNOWN)).into_any()
        }
        RunVerdict::Refused(Refusal::WrongPlatform) => {
            (move || t(r::REFUSED_WRONG_PLATFORM)).into_any()
        }
        RunVerdict::Refused(Refusal::NotReady(reason)) => view! {
            {move || t(r::REFUSED_PREFIX)}" "{reason_view(reason)}
        }
        .into_any(),
        RunVerdict::Refused(Refusal::StillRunning { record_uuid }) => view! {
            {move || t(r::REFUSED_STILL_RUNNING)}
            {record_uuid.map(|u| view! {
                " "<leptos_router::components::A href=format!("/scripts/records/{u}")>{move || t(r::OPEN_THAT_RUN)}</leptos_router::components::A>
            })}
        }
        .into_any(),
    }
}

//! `/run?vms=a,b,c`: one command on several VMs, four at a time, with results
//! grouped by identical output ("12 identical, 2 differ"). Each VM is checked
//! first as the VM page would (state, agent, platform): those that cannot
//! run it are skipped, with the reason, and never sent.

mod results;

use crate::{
    api,
    command::{call_options, check_exec_reply, CommandFields},
    components::{
        alert::{headline, ErrorAlert},
        command_form::CommandForm,
        reason::reason_view,
        scripts::{
            hand_over_command,
            run_check::{read_chosen, ChosenVms},
        },
    },
    i18n::{k, msg_with_data, t, tf, tr},
};
use leptos::prelude::*;
use leptos_router::{components::A, hooks::use_query_map};
use results::{groups_of, skipped_text, summary_text, Results};
use std::{collections::HashMap, sync::Arc};
use zstack_api::{
    group::Scheduler,
    scripts::{check_vms, suggest_script, Doubt, Refusal, RunVerdict, BROWSER_FAN_OUT_MAX},
    validate, ApiError, ExecuteGuestVmCommand, ScriptPlatform,
};

/// How many VMs run the command at once.
pub const MAX_PARALLEL: usize = 4;

#[derive(Debug, Clone, PartialEq)]
pub enum VmRun {
    Queued,
    Running,
    /// The reply's `stream`, shared: groups and rows read it without copies.
    Done(Arc<str>),
    Failed(ApiError),
}

/// What the check says of one chosen VM before anything is sent.
#[derive(Debug, Clone, PartialEq)]
enum Check {
    /// The VMs are being read.
    Pending,
    /// The read failed: sent, ZStack decides.
    Unchecked,
    /// The script rules' verdict, minus the one-run-per-VM rule (a command
    /// writes no script file).
    Verdict(RunVerdict),
    /// ZStack no longer knows the VM.
    Gone,
}

impl Check {
    fn sends(&self) -> bool {
        match self {
            Check::Unchecked => true,
            Check::Verdict(v) => v.is_sent(),
            Check::Pending | Check::Gone => false,
        }
    }
}

/// Every chosen UUID's check, from the VMs read and the platform chosen.
fn checks(
    uuids: &[String],
    read: Option<&Result<ChosenVms, ApiError>>,
    platform: &ScriptPlatform,
) -> HashMap<String, Check> {
    match read {
        None => uuids.iter().map(|u| (u.clone(), Check::Pending)).collect(),
        Some(Err(_)) => uuids
            .iter()
            .map(|u| (u.clone(), Check::Unchecked))
            .collect(),
        Some(Ok(c)) => {
            let verdicts = check_vms(&c.vms, &c.tools, platform, &[]);
            c.vms
                .iter()
                .zip(verdicts)
                .filter_map(|(vm, v)| Some((vm.uuid.clone()?, Check::Verdict(v))))
                .chain(c.missing.iter().map(|u| (u.clone(), Check::Gone)))
                .collect()
        }
    }
}

/// A check as the table says it (tracked); `platform` is the command's.
fn check_view(c: &Check, platform: &'static str) -> AnyView {
    use k::multi_run as m;
    match c.clone() {
        Check::Pending => (move || t(m::CHECKING)).into_any(),
        Check::Unchecked => (move || t(m::SELECTED)).into_any(),
        Check::Gone => (move || t(m::SKIP_GONE)).into_any(),
        Check::Verdict(RunVerdict::Ready) => (move || t(m::READY)).into_any(),
        Check::Verdict(RunVerdict::Unverified(Doubt::ReadinessUnknown)) => {
            (move || t(m::UNSURE_AGENT)).into_any()
        }
        Check::Verdict(RunVerdict::Unverified(Doubt::PlatformUnknown)) => {
            (move || msg_with_data(m::UNSURE_PLATFORM, &[("platform", platform)])).into_any()
        }
        Check::Verdict(RunVerdict::Refused(Refusal::WrongPlatform)) => {
            (move || msg_with_data(m::SKIP_PLATFORM, &[("platform", platform)])).into_any()
        }
        Check::Verdict(RunVerdict::Refused(Refusal::NotReady(reason))) => {
            view! { {move || t(m::SKIP_PREFIX)}" "{reason_view(reason)} }.into_any()
        }
        // Not asked of a command (`checks` passes no runs in flight).
        Check::Verdict(RunVerdict::Refused(Refusal::StillRunning { .. })) => {
            (move || t(m::SKIP_PREFIX)).into_any()
        }
    }
}

/// The VM UUIDs named in `?vms=`, well-formed and without repeats.
pub fn selected_uuids(param: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for u in param.split(',').map(str::trim) {
        if validate::uuid(u).is_ok() && !out.iter().any(|o| o == u) {
            out.push(u.to_owned());
        }
    }
    out
}

#[component]
pub fn MultiRun() -> impl IntoView {
    let query = use_query_map();
    let uuids = Memo::new(move |_| selected_uuids(&query.read().get("vms").unwrap_or_default()));
    // The VMs and their agents' states, for names and the check; the latest
    // selection's answer wins.
    let chosen = LocalResource::new(move || {
        let ids = uuids.get();
        async move { read_chosen(&ids).await }
    });
    let check_error = Signal::derive(move || chosen.with(|c| c.as_ref()?.as_ref().err().cloned()));
    // A memo: each row looks its name up, and the map is built once.
    let names = Memo::new(move |_| {
        chosen.with(|c| match c {
            Some(Ok(c)) => c
                .vms
                .iter()
                .filter_map(|v| Some((v.uuid.clone()?, v.name.clone().filter(|n| !n.is_empty())?)))
                .collect(),
            _ => HashMap::new(),
        })
    });

    let fields = CommandFields::new("/run", "Linux");
    let platform = Memo::new(move |_| match fields.platform.get().as_str() {
        "Windows" => ScriptPlatform::Windows,
        _ => ScriptPlatform::Linux,
    });
    let platform_word = move || match platform.get() {
        ScriptPlatform::Windows => "Windows",
        _ => "Linux",
    };
    let checked = Memo::new(move |_| {
        uuids.with(|ids| chosen.with(|c| checks(ids, c.as_ref(), &platform.get())))
    });
    let to_send = Memo::new(move |_| {
        checked.with(|c| {
            uuids.with(|ids| {
                ids.iter()
                    .filter(|u| c.get(*u).is_some_and(Check::sends))
                    .cloned()
                    .collect::<Vec<_>>()
            })
        })
    });
    let pending = move || checked.with(|c| c.values().any(|c| *c == Check::Pending));
    let skipped = move || uuids.with(Vec::len) - to_send.with(Vec::len);

    // Only the VMs sent, in the order chosen.
    let runs = RwSignal::new(Vec::<(String, VmRun)>::new());
    let busy = RwSignal::new(false);
    // How many were skipped by the run shown (the check may change after it).
    let run_skipped = RwSignal::new(0usize);

    let start = move || {
        if busy.get_untracked() {
            return;
        }
        let Some(checked) = fields.checked() else {
            return;
        };
        let (text, timeout_secs, platform) =
            (checked.command, checked.timeout_secs, checked.platform);
        let ids = to_send.get_untracked();
        if ids.is_empty() {
            return;
        }
        run_skipped.set(uuids.with_untracked(Vec::len) - ids.len());
        runs.set(ids.iter().map(|u| (u.clone(), VmRun::Queued)).collect());
        busy.set(true);
        let scheduler = std::rc::Rc::new(std::cell::RefCell::new(Scheduler::new(
            ids.len(),
            MAX_PARALLEL,
        )));
        // Each worker takes the next queued VM until none is left.
        for _ in 0..MAX_PARALLEL.min(ids.len()) {
            let (scheduler, ids, text, platform) = (
                scheduler.clone(),
                ids.clone(),
                text.clone(),
                platform.clone(),
            );
            leptos::task::spawn_local(async move {
                loop {
                    let next = scheduler.borrow_mut().next_to_start();
                    let Some(i) = next else { break };
                    let _ = runs.try_update(|r| r[i].1 = VmRun::Running);
                    let request = ExecuteGuestVmCommand {
                        vm_instance_uuid: ids[i].clone(),
                        platform: platform.clone(),
                        command: text.clone(),
                        command_timeout: timeout_secs,
                    };
                    let result = api::call_with(&request, call_options(timeout_secs, None))
                        .await
                        .and_then(check_exec_reply);
                    let state = match result {
                        Ok(reply) => VmRun::Done(Arc::from(reply.stream.unwrap_or_default())),
                        Err(e) => VmRun::Failed(e),
                    };
                    let _ = runs.try_update(|r| r[i].1 = state);
                    scheduler.borrow_mut().finished(i);
                    if scheduler.borrow().is_done() {
                        let _ = busy.try_set(false);
                    }
                }
            });
        }
    };

    let groups = Memo::new(move |_| runs.with(|list| groups_of(list)));

    view! {
        <section class="page">
            <p class="breadcrumb"><A href="/vms">{tr(k::common::NAV_VMS)}</A></p>
            <h1>{move || match uuids.get().len() {
                1 => t(k::multi_run::TITLE_ONE).to_owned(),
                n => tf(k::multi_run::TITLE, &[("count", &n)]),
            }}</h1>
            <ErrorAlert error=check_error what=k::multi_run::CHECK_FAILED/>
            <CommandForm fields=fields id="multi" submit=k::multi_run::RUN_ALL heading=k::console::COMMAND
                disabled=Signal::derive(move || busy.get() || pending() || to_send.with(Vec::is_empty))
                on_submit=Callback::new(move |()| start())>
                <span role="status" data-testid="multi-summary">
                    {move || groups.with(|g| g.as_ref().map(|g| summary_text(g, run_skipped.get()))).or_else(|| {
                        runs.with(|list| (!list.is_empty()).then(|| {
                            let done = list.iter().filter(|(_, r)| matches!(r, VmRun::Done(_) | VmRun::Failed(_))).count();
                            tf(k::multi_run::PROGRESS, &[("done", &done), ("total", &list.len())])
                        }))
                    })}
                </span>
            </CommandForm>
            // Before a run: how many the check sends and skips.
            <p data-testid="multi-check">{move || {
                if !runs.with(Vec::is_empty) || uuids.with(Vec::is_empty) {
                    return None;
                }
                if pending() {
                    return Some(t(k::multi_run::CHECKING).to_owned());
                }
                let (send, skip) = (to_send.with(Vec::len), skipped());
                if send == 0 {
                    return Some(t(k::multi_run::NONE_CAN_RUN).to_owned());
                }
                let mut s = match send {
                    1 => t(k::multi_run::WILL_RUN_ONE).to_owned(),
                    n => tf(k::multi_run::WILL_RUN, &[("count", &n)]),
                };
                if skip > 0 {
                    s.push_str(t(k::group::SEPARATOR));
                    s.push_str(&skipped_text(skip));
                }
                Some(s)
            }}</p>
            {move || suggest_script(uuids.with(Vec::len)).then(|| {
                let hand_over = move |_| hand_over_command(
                    fields.command.get_untracked(),
                    fields.platform.get_untracked(),
                );
                view! {
                    <p class="output__note" data-testid="multi-suggest-script">
                        {move || tf(k::multi_run::SUGGEST_SCRIPT, &[("count", &BROWSER_FAN_OUT_MAX)])}" "
                        // Before the router's own click handler (on the window) navigates.
                        <span on:click=hand_over>
                            <A href=move || format!("/scripts/new?vms={}", uuids.get().join(","))>{tr(k::multi_run::SAVE_AS_SCRIPT)}</A>
                        </span>
                    </p>
                }
            })}
            <table class="table" aria-label=tr(k::multi_run::RUNS)>
                <thead><tr><th scope="col">{tr(k::multi_run::COL_VM)}</th><th scope="col">{tr(k::multi_run::COL_STATUS)}</th></tr></thead>
                <tbody>
                    {move || {
                        // Outputs are shared (`Arc`): re-drawing a status copies none.
                        let sent: HashMap<String, VmRun> = runs.get().into_iter().collect();
                        let word = platform_word();
                        uuids.get().into_iter().map(|u| {
                            let status = match sent.get(&u) {
                                Some(VmRun::Queued) => t(k::multi_run::QUEUED).into_any(),
                                Some(VmRun::Running) => t(k::multi_run::RUNNING).into_any(),
                                Some(VmRun::Done(_)) => t(k::multi_run::DONE).into_any(),
                                Some(VmRun::Failed(e)) => msg_with_data(k::multi_run::FAILED, &[("error", headline(e))]).into_any(),
                                None => checked.with(|c| check_view(c.get(&u).unwrap_or(&Check::Pending), word)),
                            };
                            let name = names.with(|n| n.get(&u).cloned()).unwrap_or_else(|| u.clone());
                            view! { <tr><td translate="no"><A href=format!("/vms/{u}")>{name}</A></td><td data-testid="multi-status">{status}</td></tr> }
                        }).collect_view()
                    }}
                </tbody>
            </table>
            {move || groups.get().map(|groups| view! { <Results groups runs names=names.into()/> })}
        </section>
    }
}

//! A bulk action on many VMs' guest-tools ISO: one request per VM (each an
//! async job followed to its end), at most four in flight, every VM's
//! outcome kept. Held by the app, not the page: moving around the console
//! does not abandon it, and closing the tab while it runs asks first.

use crate::api;
use futures::StreamExt;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::{closure::Closure, JsCast};
use zstack_api::{
    fleet::{bulk_check, progress, rerun_targets, vms_query, BulkAction, BulkOutcome, Skip},
    ApiError, AttachGuestToolsIsoToVm, DetachGuestToolsIsoFromVm, QueryVmInstance,
};

pub type Outcome = BulkOutcome<ApiError>;

/// Requests in flight at once: ZStack's engine does the work, the tab only asks.
pub const IN_FLIGHT: usize = 4;
/// Uuids per `uuid?=` read of the selected VMs (a URL stays a few KB).
const READ_CHUNK: usize = 100;

#[derive(Debug, Clone, PartialEq)]
pub struct BulkRow {
    pub uuid: String,
    pub name: String,
    pub outcome: Outcome,
}

#[derive(Clone, Copy)]
pub struct BulkRun {
    pub action: RwSignal<Option<BulkAction>>,
    pub rows: RwSignal<Vec<BulkRow>>,
    pub running: RwSignal<bool>,
    /// The session ended mid-run: what had not started waits for "Continue".
    pub interrupted: RwSignal<bool>,
    /// Reading the selected VMs failed: nothing was sent.
    pub load_error: RwSignal<Option<ApiError>>,
}

impl Default for BulkRun {
    fn default() -> Self {
        Self::new()
    }
}

impl BulkRun {
    pub fn new() -> BulkRun {
        let run = BulkRun {
            action: RwSignal::new(None),
            rows: RwSignal::new(Vec::new()),
            running: RwSignal::new(false),
            interrupted: RwSignal::new(false),
            load_error: RwSignal::new(None),
        };
        run.guard_unload();
        run
    }

    /// (settled, all): "7 of 20 done".
    pub fn progress(&self) -> (usize, usize) {
        self.rows.with(|r| progress(r.iter().map(|r| &r.outcome)))
    }

    /// Checks each selected VM by ZStack's rules, then sends the rest.
    pub fn start(self, action: BulkAction, uuids: Vec<String>) {
        if self.running.get_untracked() || uuids.is_empty() {
            return;
        }
        self.running.set(true);
        self.action.set(Some(action));
        self.rows.set(Vec::new());
        self.interrupted.set(false);
        self.load_error.set(None);
        leptos::task::spawn_local(async move {
            let mut vms = Vec::with_capacity(uuids.len());
            for chunk in uuids.chunks(READ_CHUNK) {
                match api::call(&QueryVmInstance {
                    query: vms_query(chunk),
                })
                .await
                {
                    Ok(r) => vms.extend(r.inventories),
                    Err(e) => {
                        self.load_error.set(Some(e));
                        self.running.set(false);
                        return;
                    }
                }
            }
            let rows = uuids
                .iter()
                .map(|u| {
                    let vm = vms.iter().find(|v| v.uuid.as_deref() == Some(u.as_str()));
                    let name = vm
                        .and_then(|v| v.name.clone())
                        .filter(|n| !n.is_empty())
                        .unwrap_or_else(|| u.clone());
                    let outcome = match vm.map(|vm| bulk_check(action, vm)) {
                        None => Outcome::Skipped(Skip::Gone),
                        Some(Err(skip)) => Outcome::Skipped(skip),
                        Some(Ok(())) => Outcome::Waiting,
                    };
                    BulkRow {
                        uuid: u.clone(),
                        name,
                        outcome,
                    }
                })
                .collect();
            self.rows.set(rows);
            self.send_waiting(action).await;
        });
    }

    /// Sends again to the VMs that failed, and only those.
    pub fn rerun_failed(self) {
        let Some(action) = self.action.get_untracked() else {
            return;
        };
        if self.running.get_untracked() {
            return;
        }
        let failed = self
            .rows
            .with_untracked(|r| rerun_targets(r.iter().map(|r| (r.uuid.as_str(), &r.outcome))));
        self.rows.update(|rows| {
            for r in rows.iter_mut().filter(|r| failed.contains(&r.uuid)) {
                r.outcome = Outcome::Waiting;
            }
        });
        self.resume_with(action);
    }

    /// After a sign-in: sends what had not started.
    pub fn resume(self) {
        if let Some(action) = self.action.get_untracked() {
            if !self.running.get_untracked() {
                self.resume_with(action);
            }
        }
    }

    fn resume_with(self, action: BulkAction) {
        self.running.set(true);
        self.interrupted.set(false);
        leptos::task::spawn_local(self.send_waiting(action));
    }

    async fn send_waiting(self, action: BulkAction) {
        let waiting: Vec<usize> = self.rows.with_untracked(|r| {
            (0..r.len())
                .filter(|i| r[*i].outcome == Outcome::Waiting)
                .collect()
        });
        futures::stream::iter(waiting)
            .for_each_concurrent(IN_FLIGHT, |i| async move {
                // A dead session stops the run: nothing more is started.
                if self.interrupted.get_untracked() {
                    return;
                }
                let uuid = self.rows.with_untracked(|r| r[i].uuid.clone());
                self.set(i, Outcome::InFlight);
                let result = match action {
                    BulkAction::AttachToolsIso => {
                        api::call(&AttachGuestToolsIsoToVm { uuid }).await.map(drop)
                    }
                    BulkAction::DetachToolsIso => api::call(&DetachGuestToolsIsoFromVm { uuid })
                        .await
                        .map(drop),
                };
                match result {
                    Ok(()) => self.set(i, Outcome::Done),
                    Err(e) => {
                        if e.is_session_invalid() {
                            self.interrupted.set(true);
                        }
                        self.set(i, Outcome::Failed(e));
                    }
                }
            })
            .await;
        self.running.set(false);
    }

    fn set(&self, i: usize, outcome: Outcome) {
        self.rows.update(|r| r[i].outcome = outcome);
    }

    /// Closing or reloading the tab while requests are out asks first. By
    /// hand: Leptos' window listener helpers cannot set `returnValue`.
    fn guard_unload(&self) {
        let running = self.running;
        let on_unload = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
            move |ev: web_sys::BeforeUnloadEvent| {
                if running.try_get_untracked().unwrap_or(false) {
                    ev.prevent_default();
                    ev.set_return_value("");
                }
            },
        );
        let _ = window()
            .add_event_listener_with_callback("beforeunload", on_unload.as_ref().unchecked_ref());
        let on_unload = SendWrapper::new(on_unload);
        on_cleanup(move || {
            let _ = window().remove_event_listener_with_callback(
                "beforeunload",
                on_unload.as_ref().unchecked_ref(),
            );
        });
    }
}

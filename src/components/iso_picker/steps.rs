//! One attach or detach, from the request through the confirmation to the
//! result: what the status line and the confirmation say at each step.

use crate::i18n::{k, tf, Msg};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Attach,
    Detach,
}

impl Change {
    pub fn failed(self) -> Msg {
        match self {
            Change::Attach => k::iso::ATTACH_FAILED,
            Change::Detach => k::iso::DETACH_FAILED,
        }
    }
}

/// One attach or detach, from confirmation to result.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub change: Change,
    pub iso_uuid: String,
    pub iso_name: String,
    /// The drive's number (1 for "CD-ROM 1"), where known.
    pub drive: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Idle,
    Confirming(Pending),
    Running(Pending),
    Done(Pending),
}

/// The status line: a message and its values (the ISO's name, the drive).
pub fn status_text(step: &Step) -> Option<(Msg, Vec<(&'static str, String)>)> {
    let name = |p: &Pending| ("name", p.iso_name.clone());
    match step {
        Step::Running(p) => {
            let m = match p.change {
                Change::Attach => k::iso::ATTACHING,
                Change::Detach => k::iso::DETACHING,
            };
            Some((m, vec![name(p)]))
        }
        Step::Done(p) => Some(match (p.change, p.drive) {
            (Change::Attach, Some(d)) => (
                k::iso::ATTACHED_TO,
                vec![name(p), ("drive", drive_label(d))],
            ),
            (Change::Attach, None) => (k::iso::ATTACHED, vec![name(p)]),
            (Change::Detach, Some(d)) => (
                k::iso::DETACHED_FROM,
                vec![name(p), ("drive", drive_label(d))],
            ),
            (Change::Detach, None) => (k::iso::DETACHED, vec![name(p)]),
        }),
        Step::Idle | Step::Confirming(_) => None,
    }
}

/// "CD-ROM 2" in the user's language (tracked).
pub fn drive_label(n: usize) -> String {
    tf(k::iso::DRIVE_LABEL, &[("n", &n)])
}

/// Title, text (with `{name}`) and confirming label; `running` is false when
/// the VM's state is not known yet.
pub fn confirmation(change: Change, running: bool) -> (Msg, Msg, Msg) {
    match (change, running) {
        (Change::Attach, true) => (
            k::iso::CONFIRM_ATTACH_RUNNING_TITLE,
            k::iso::CONFIRM_ATTACH_RUNNING,
            k::iso::ATTACH,
        ),
        (Change::Attach, false) => (
            k::iso::CONFIRM_ATTACH_TITLE,
            k::iso::CONFIRM_ATTACH,
            k::iso::ATTACH,
        ),
        (Change::Detach, true) => (
            k::iso::CONFIRM_DETACH_RUNNING_TITLE,
            k::iso::CONFIRM_DETACH_RUNNING,
            k::iso::DETACH,
        ),
        (Change::Detach, false) => (
            k::iso::CONFIRM_DETACH_TITLE,
            k::iso::CONFIRM_DETACH,
            k::iso::DETACH,
        ),
    }
}

//! One attach or detach, from the request through the confirmation to the
//! result: what the status line and the confirmation say at each step.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Attach,
    Detach,
}

impl Change {
    pub fn failed(self) -> crate::i18n::Msg {
        match self {
            Change::Attach => crate::i18n::k::iso::ATTACH_FAILED,
            Change::Detach => crate::i18n::k::iso::DETACH_FAILED,
        }
    }
}

/// One attach or detach, from confirmation to result.
#[derive(Clone, Debug, PartialEq)]
pub struct Pending {
    pub change: Change,
    pub iso_uuid: String,
    pub iso_name: String,
    /// The drive's label ("CD-ROM 1"), where known.
    pub drive: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Idle,
    Confirming(Pending),
    Running(Pending),
    Done(Pending),
}

pub fn status_text(step: &Step) -> Option<String> {
    match step {
        Step::Running(p) if p.change == Change::Attach => Some(format!(
            "Attaching “{}”… ZStack runs this as a job; waiting for it to finish.",
            p.iso_name
        )),
        Step::Running(p) => Some(format!(
            "Detaching “{}”… ZStack runs this as a job; waiting for it to finish.",
            p.iso_name
        )),
        Step::Done(p) => {
            let (verb, to) = match p.change {
                Change::Attach => ("Attached", "to"),
                Change::Detach => ("Detached", "from"),
            };
            Some(match &p.drive {
                Some(d) => format!("{verb} “{}” {to} {d}.", p.iso_name),
                None => format!("{verb} “{}”.", p.iso_name),
            })
        }
        Step::Idle | Step::Confirming(_) => None,
    }
}

/// Title, text and confirming label; `running` is false when the VM's state is not known yet.
pub fn confirmation(p: &Pending, running: bool) -> (&'static str, String, &'static str) {
    match (p.change, running) {
        (Change::Attach, true) => (
            "Attach an ISO to a running VM?",
            format!(
                "Attach “{}” to a CD-ROM drive of this VM? It is running: the guest sees the disc at once.",
                p.iso_name
            ),
            "Attach",
        ),
        (Change::Attach, false) => (
            "Attach an ISO?",
            format!("Attach “{}” to a CD-ROM drive of this VM? Its state is not known yet.", p.iso_name),
            "Attach",
        ),
        (Change::Detach, true) => (
            "Detach an ISO from a running VM?",
            format!(
                "Detach “{}” from its CD-ROM drive? The VM is running: programs in the guest that use the disc may fail.",
                p.iso_name
            ),
            "Detach",
        ),
        (Change::Detach, false) => (
            "Detach an ISO?",
            format!("Detach “{}” from its CD-ROM drive? The VM's state is not known yet.", p.iso_name),
            "Detach",
        ),
    }
}

//! The script library's widgets (ZSTACK-API.md §6): the script form, running
//! a script on VMs, a run's results, and what the pages share.

pub mod details;
pub mod editor;
pub mod groups;
pub mod params;
pub mod poll;
pub mod run_check;
pub mod run_on_vms;
pub mod vm_picker;
pub mod words;

use std::cell::Cell;
use zstack_api::{scripts::ServerGeneration, GuestVmScriptInventory};

thread_local! {
    /// What this tab has learnt of the server's script API. Only inventories
    /// teach it, and it never goes back from `Newer`.
    static GENERATION: Cell<ServerGeneration> = const { Cell::new(ServerGeneration::Unknown) };
}

/// The generation learnt so far.
pub fn generation() -> ServerGeneration {
    GENERATION.with(Cell::get)
}

/// Learns from inventories read (a library page, one script, a reply).
pub fn learn<'a>(scripts: impl IntoIterator<Item = &'a GuestVmScriptInventory>) {
    GENERATION.with(|g| {
        let next = scripts.into_iter().fold(g.get(), |acc, s| acc.learn(s));
        g.set(next);
    });
}

/// Starts again from nothing known (a test; another API root).
pub fn forget_generation() {
    GENERATION.with(|g| g.set(ServerGeneration::Unknown));
}

/// A create refused for a missing `encodingType` proved a newer server.
pub fn learn_newer() {
    GENERATION.with(|g| g.set(ServerGeneration::Newer));
}

/// A script's name for display: its name, else its UUID.
pub fn script_name(s: &GuestVmScriptInventory) -> String {
    s.name
        .clone()
        .filter(|n| !n.is_empty())
        .or_else(|| s.uuid.clone())
        .unwrap_or_default()
}

thread_local! {
    /// A sentence for the next page to say (a save that navigated away).
    static FLASH: Cell<Option<crate::i18n::Msg>> = const { Cell::new(None) };
}

/// Leaves `m` for the next page ([`take_flash`]).
pub fn flash(m: crate::i18n::Msg) {
    FLASH.with(|f| f.set(Some(m)));
}

/// Technical names the flashed sentences hold, not ours to translate.
pub const FLASH_VALUES: [(&str, &str); 2] = [("field", "encodingType"), ("encoding", "Base64")];

/// What the previous page left to say, once.
pub fn take_flash() -> Option<crate::i18n::Msg> {
    FLASH.with(Cell::take)
}

thread_local! {
    /// A command on its way to a new script (the multi-VM run's offer).
    static COMMAND: std::cell::RefCell<Option<(String, String)>> = const { std::cell::RefCell::new(None) };
}

/// Leaves a command and its platform (`Linux`, `Windows`) for the next
/// `/scripts/new` to start from.
pub fn hand_over_command(command: String, platform: String) {
    COMMAND.with(|c| *c.borrow_mut() = Some((command, platform)));
}

/// The command left for a new script, once.
pub fn take_command() -> Option<(String, String)> {
    COMMAND.with(|c| c.borrow_mut().take())
}

//! Where the console's own fan-out (`/run`: one ExecuteGuestVmCommand per
//! VM from the browser) should hand over to ZStack's (a saved script and
//! one ExecuteGuestVmScript).

/// VMs the browser fans a command out to before a script is the better
/// way: with four calls at a time, 20 VMs are five rounds of a command's
/// whole run time, all of it tied to one tab that must stay open, with no
/// exit codes and nothing another admin can see. ZStack's script runs have
/// none of those limits.
pub const BROWSER_FAN_OUT_MAX: usize = 20;

/// Whether to offer running the command as a saved script instead.
pub fn suggest_script(vm_count: usize) -> bool {
    vm_count > BROWSER_FAN_OUT_MAX
}

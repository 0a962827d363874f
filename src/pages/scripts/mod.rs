//! The script library's routes: `/scripts`, `/scripts/new`,
//! `/scripts/{uuid}`, `/scripts/records` and `/scripts/records/{uuid}`.

pub mod form;
pub mod library;
pub mod run;
pub mod runs;
mod script_page;

/// Rows per page of the library and of the runs list.
pub const PAGE_SIZE: u32 = 50;

/// `?vms=a,b` for links that carry a VM choice on; empty without one.
pub fn carried_suffix(uuids: &[String]) -> String {
    if uuids.is_empty() {
        String::new()
    } else {
        format!("?vms={}", uuids.join(","))
    }
}

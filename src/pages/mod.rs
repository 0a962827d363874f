//! One route a file.

pub mod login;
pub mod not_found;
pub mod vm_detail;
pub mod vms;

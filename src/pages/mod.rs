//! One route a file.

pub mod load_failed;
pub mod login;
pub mod multi_run;
pub mod not_found;
pub mod scripts;
pub mod vm_detail;
pub mod vms;

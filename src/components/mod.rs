//! Widgets shared by the pages, one per file.

pub mod alert;
pub mod badge;
pub mod guest_tools;
pub mod header;
pub mod vm_summary;

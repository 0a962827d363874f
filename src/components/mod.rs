//! Widgets shared by the pages, one per file.

pub mod alert;
pub mod badge;
pub mod command_form;
pub mod confirm;
pub mod console;
pub mod crash;
pub mod files;
pub mod guest_tools;
pub mod header;
pub mod iso_picker;
pub mod reason;
pub mod scripts;
pub mod server_list;
pub mod shortcuts;
pub mod vm_choice;
pub mod vm_summary;

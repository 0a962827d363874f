//! Widgets shared by the pages, one per file.

pub mod alert;
pub mod badge;
pub mod header;

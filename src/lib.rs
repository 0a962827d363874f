//! ZStack Guest Console: a single-page app that looks after the guest tools
//! inside ZStack VMs. Protocol decisions live in the `zstack-api` crate; this
//! crate is the browser side: transport, session, pages and widgets.

pub mod api;
pub mod app;
pub mod bulk;
pub mod command;
pub mod components;
pub mod config;
pub mod dom;
pub mod draft;
pub mod i18n;
pub mod iso_names;
pub mod load;
pub mod pages;
pub mod prefetch;
pub mod session;
pub mod theme;
pub mod vm_data;

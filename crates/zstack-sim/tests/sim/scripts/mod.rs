//! The script library (ZSTACK-API.md §6) over real HTTP, one file per
//! subject: the library and its checks, runs and their state machines,
//! server generations (`encodingType`), and queries up to a 2,000-VM run.
//! The shared builders (create, run, wait, read back) are in
//! `common::scripts`.

mod generations;
mod library;
mod queries;
mod runs;

//! The simulator over real HTTP: every API's success and failure shapes,
//! jobs, sessions, queries, ISOs, exec, faults, static serving and the probe.

mod common;

mod auth;
mod exec;
mod faults;
mod fleet;
mod iso;
mod jobs;
mod lifecycle;
mod output;
mod probe;
mod query;
mod routing;
mod scripts;
mod seeds;
mod static_files;
mod tools;

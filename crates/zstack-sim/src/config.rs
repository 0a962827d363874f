//! Command-line flags, and the knobs `/_sim/config` may change at run time.

use clap::{Parser, ValueEnum};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;

/// How ExecuteGuestVmCommand answers: the vendor page says 200, the SDKs poll a job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExecMode {
    /// 200 with `{"stream","vmInstance","success":true}`.
    Sync,
    /// 202 with a job location; the poll gives the result.
    Job,
}

/// The body of a `202` job poll while the job runs (ZStack itself writes zero bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PollBody {
    /// `{}`
    Braces,
    /// Zero bytes, as RestServer writes an empty ApiResponse.
    Empty,
    /// The `{"location":...}` object again, as the vendor docs say.
    Location,
}

/// A ZStack REST server simulator (API root /zstack/v1) with a seeded world of
/// VMs and ISOs, async jobs, session expiry and fault injection.
#[derive(Debug, Clone, Parser)]
#[command(name = "zstack-sim", version)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", env = "ZSTACK_SIM_LISTEN")]
    pub listen: SocketAddr,

    /// The management node's own address, put in job locations. The default is
    /// unreachable on purpose: clients must keep only the path.
    #[arg(long, default_value = "http://127.0.0.2:9")]
    pub mn_address: String,

    /// Demo account name.
    #[arg(long, default_value = "admin")]
    pub account: String,

    /// Demo account password (clients send its lower-case hex SHA-512).
    #[arg(long, default_value = "password")]
    pub password: String,

    /// Session lifetime in seconds.
    #[arg(long, default_value_t = 7200)]
    pub session_ttl: u64,

    /// How long an async job runs before its result is ready, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    pub job_duration_ms: u64,

    /// After AttachGuestToolsIsoToVm finishes, how long until the guest tools report Running.
    #[arg(long, default_value_t = 4000)]
    pub tools_delay_ms: u64,

    /// Whether ExecuteGuestVmCommand answers 200 at once or 202 and a job.
    #[arg(long, value_enum, default_value_t = ExecMode::Job)]
    pub exec_mode: ExecMode,

    /// commandTimeout used when a request sets none, in seconds.
    #[arg(long, default_value_t = 300)]
    pub exec_default_timeout: u64,

    /// Real seconds per guest second (`sleep 20` at 0.01 takes 200 ms; timeouts scale too).
    #[arg(long, default_value_t = 1.0)]
    pub guest_time_scale: f64,

    /// The `apiTimeout` (ms) of a 202 answer, unless the request sends X-API-Timeout.
    #[arg(long, default_value_t = 1_800_000)]
    pub api_timeout_ms: u64,

    /// What a job poll sends while the job still runs.
    #[arg(long, value_enum, default_value_t = PollBody::Braces)]
    pub poll_body: PollBody,

    /// Send zero bytes instead of `{}` for empty replies (LogOut, a finished
    /// AttachGuestToolsIsoToVm), as the real server does.
    #[arg(long)]
    pub empty_body: bool,

    /// Delay added to every /zstack request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,

    /// Random extra delay of 0..=N milliseconds on top of --latency-ms.
    #[arg(long, default_value_t = 0)]
    pub jitter_ms: u64,

    /// Probability (0.0..=1.0) that any API call fails with an injected 503 SYS.1000.
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    pub failure_rate: f64,

    /// Failure probability for one API, e.g. `--fail GetVmGuestToolsInfo=0.5` (repeatable).
    #[arg(long = "fail", value_name = "API=RATE", value_parser = parse_api_rate)]
    pub fail: Vec<(String, f64)>,

    /// Seed of the random generator for jitter and failures, so runs replay.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// Adds N generated Running VMs (for paging tests).
    #[arg(long, default_value_t = 0)]
    pub extra_vms: usize,

    /// Adds N generated Ready ISOs in the first zone (for long candidate lists).
    #[arg(long, default_value_t = 0)]
    pub extra_isos: usize,

    /// Serve a built single-page app from this folder (index.html fallback).
    #[arg(long)]
    pub dist: Option<PathBuf>,

    /// Log one JSON object per line instead of text.
    #[arg(long)]
    pub log_json: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config::parse_from(["zstack-sim"])
    }
}

fn parse_rate(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(r) if (0.0..=1.0).contains(&r) => Ok(r),
        _ => Err(format!("`{s}` is not a probability from 0.0 to 1.0")),
    }
}

fn parse_api_rate(s: &str) -> Result<(String, f64), String> {
    let (api, rate) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}` is not API=RATE"))?;
    if api.trim().is_empty() {
        return Err(format!("`{s}` names no API"));
    }
    Ok((api.trim().to_owned(), parse_rate(rate)?))
}

/// The knobs that `POST /_sim/config` can change while the server runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Runtime {
    pub exec_mode: ExecMode,
    pub job_duration_ms: u64,
    pub tools_delay_ms: u64,
    pub latency_ms: u64,
    pub jitter_ms: u64,
    pub failure_rate: f64,
    pub fail: BTreeMap<String, f64>,
    pub guest_time_scale: f64,
    pub session_ttl: u64,
    pub poll_body: PollBody,
    pub empty_body: bool,
}

impl Runtime {
    pub fn from_config(c: &Config) -> Self {
        Runtime {
            exec_mode: c.exec_mode,
            job_duration_ms: c.job_duration_ms,
            tools_delay_ms: c.tools_delay_ms,
            latency_ms: c.latency_ms,
            jitter_ms: c.jitter_ms,
            failure_rate: c.failure_rate,
            fail: c.fail.iter().cloned().collect(),
            guest_time_scale: c.guest_time_scale,
            session_ttl: c.session_ttl,
            poll_body: c.poll_body,
            empty_body: c.empty_body,
        }
    }

    /// The failure probability of one API call.
    pub fn failure_rate_for(&self, api: &str) -> f64 {
        self.fail.get(api).copied().unwrap_or(self.failure_rate)
    }

    /// Guest seconds to real time, bounded so a huge `sleep` cannot overflow.
    pub fn guest_duration(&self, guest_secs: f64) -> std::time::Duration {
        let real = (guest_secs * self.guest_time_scale).clamp(0.0, 86_400.0 * 30.0);
        std::time::Duration::from_secs_f64(if real.is_finite() { real } else { 0.0 })
    }
}

/// A partial update of [`Runtime`] (every field optional).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuntimePatch {
    pub exec_mode: Option<ExecMode>,
    pub job_duration_ms: Option<u64>,
    pub tools_delay_ms: Option<u64>,
    pub latency_ms: Option<u64>,
    pub jitter_ms: Option<u64>,
    pub failure_rate: Option<f64>,
    pub fail: Option<BTreeMap<String, f64>>,
    pub guest_time_scale: Option<f64>,
    pub session_ttl: Option<u64>,
    pub poll_body: Option<PollBody>,
    pub empty_body: Option<bool>,
}

impl RuntimePatch {
    pub fn apply(self, rt: &mut Runtime) -> Result<(), String> {
        let rate_ok = |r: f64| (0.0..=1.0).contains(&r);
        if self.failure_rate.is_some_and(|r| !rate_ok(r))
            || self
                .fail
                .as_ref()
                .is_some_and(|m| m.values().any(|r| !rate_ok(*r)))
        {
            return Err("failure rates must be from 0.0 to 1.0".into());
        }
        if self
            .guest_time_scale
            .is_some_and(|s| !s.is_finite() || s < 0.0)
        {
            return Err("guest_time_scale must be a non-negative number".into());
        }
        macro_rules! set {
            ($($f:ident),*) => { $(if let Some(v) = self.$f { rt.$f = v; })* };
        }
        set!(
            exec_mode,
            job_duration_ms,
            tools_delay_ms,
            latency_ms,
            jitter_ms,
            failure_rate,
            fail,
            guest_time_scale,
            session_ttl,
            poll_body,
            empty_body
        );
        Ok(())
    }
}

//! Command-line flags, and the knobs `/_sim/config` may change at run time.

use clap::{Args, Parser, ValueEnum};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
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

    /// commandTimeout used when a request sets none, in seconds.
    #[arg(long, default_value_t = 300)]
    pub exec_default_timeout: u64,

    /// The `apiTimeout` (ms) of a 202 answer, unless the request sends X-API-Timeout.
    #[arg(long, default_value_t = 1_800_000)]
    pub api_timeout_ms: u64,

    /// What `/_sim/config` may change later.
    #[command(flatten)]
    pub runtime: Runtime,

    /// Seed of the random generator for jitter and failures, so runs replay.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// Adds N generated Running VMs (for paging tests).
    #[arg(long, default_value_t = 0)]
    pub extra_vms: usize,

    /// A world of N VMs: the seeded ones, the --extra-vms copies, then a
    /// varied generated fleet (`web-00042`, `sql-00043`...) up to N.
    #[arg(long, default_value_t = 0, env = "ZSTACK_SIM_VMS")]
    pub vms: usize,

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

/// The knobs that `POST /_sim/config` can change while the server runs; each
/// starts as its flag says. `GET /_sim/config` lists them in this order.
#[derive(Debug, Clone, PartialEq, Args, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Runtime {
    /// Whether ExecuteGuestVmCommand answers 200 at once or 202 and a job.
    #[arg(long, value_enum, default_value_t = ExecMode::Job)]
    pub exec_mode: ExecMode,

    /// How long an async job runs before its result is ready, in milliseconds.
    #[arg(long, default_value_t = 1000)]
    pub job_duration_ms: u64,

    /// After AttachGuestToolsIsoToVm finishes, how long until the guest tools report Running.
    #[arg(long, default_value_t = 4000)]
    pub tools_delay_ms: u64,

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
    #[serde(with = "rates")]
    pub fail: Vec<(String, f64)>,

    /// Real seconds per guest second (`sleep 20` at 0.01 takes 200 ms; timeouts scale too).
    #[arg(long, default_value_t = 1.0)]
    pub guest_time_scale: f64,

    /// Session lifetime in seconds.
    #[arg(long, default_value_t = 7200)]
    pub session_ttl: u64,

    /// What a job poll sends while the job still runs.
    #[arg(long, value_enum, default_value_t = PollBody::Braces)]
    pub poll_body: PollBody,

    /// Send zero bytes instead of `{}` for empty replies (LogOut, a finished
    /// AttachGuestToolsIsoToVm), as the real server does.
    #[arg(long)]
    pub empty_body: bool,

    /// Act as a release before DetachGuestToolsIsoFromVm (4.10.16): that
    /// action is a plain-text 400 and CD-ROM drives carry no `occupant`.
    #[arg(long)]
    pub old_release: bool,

    /// Act as a release whose script library knows `encodingType` (after
    /// 5.3: required on create, returned in inventories); `false` acts as
    /// 5.2/5.3, which ignore the key and never return it.
    #[arg(long, default_value_t = true, action = clap::ArgAction::Set, value_name = "BOOL")]
    pub script_encoding: bool,

    /// How long each VM of a script run stays `Uploading`, in milliseconds.
    #[arg(long, default_value_t = 500)]
    pub script_upload_ms: u64,

    /// How long a script runs in a VM besides the guest time it spends
    /// (`sleep`, scaled by --guest-time-scale), in milliseconds.
    #[arg(long, default_value_t = 1000)]
    pub script_run_ms: u64,
}

fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
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

/// `--fail` pairs as the JSON map `{"Api": rate}`, sorted by API, the last
/// flag for an API winning (as [`Runtime::failure_rate_for`] reads them).
mod rates {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<S: Serializer>(pairs: &[(String, f64)], s: S) -> Result<S::Ok, S::Error> {
        let map: BTreeMap<&str, f64> = pairs.iter().map(|(a, r)| (a.as_str(), *r)).collect();
        map.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, f64)>, D::Error> {
        Ok(BTreeMap::<String, f64>::deserialize(d)?
            .into_iter()
            .collect())
    }
}

impl Runtime {
    /// The failure probability of one API call.
    pub fn failure_rate_for(&self, api: &str) -> f64 {
        let named = self.fail.iter().rev().find(|(a, _)| a == api);
        named.map_or(self.failure_rate, |(_, r)| *r)
    }

    /// Guest seconds to real time, bounded so a huge `sleep` cannot overflow.
    pub fn guest_duration(&self, guest_secs: f64) -> std::time::Duration {
        let real = (guest_secs * self.guest_time_scale).clamp(0.0, 86_400.0 * 30.0);
        std::time::Duration::from_secs_f64(if real.is_finite() { real } else { 0.0 })
    }

    /// A partial update (`{"exec_mode":"sync","job_duration_ms":50}`): the
    /// members given, a `null` one left as it is; nothing changes on an error.
    pub fn patch(&mut self, body: &str) -> Result<(), String> {
        let patch: Map<String, Value> =
            serde_json::from_str(body).map_err(|e| format!("not a config patch: {e}"))?;
        // `oldRelease` as well as `old_release`: clients write JSON in camelCase.
        let patch = patch.into_iter().map(|(k, v)| (snake_case(&k), v));
        let Ok(Value::Object(mut merged)) = serde_json::to_value(&*self) else {
            return Err("the configuration is not an object".into());
        };
        merged.extend(patch.filter(|(_, v)| !v.is_null()));
        let next: Runtime = serde_json::from_value(Value::Object(merged))
            .map_err(|e| format!("not a config patch: {e}"))?;
        let rate_ok = |r: f64| (0.0..=1.0).contains(&r);
        if !rate_ok(next.failure_rate) || next.fail.iter().any(|(_, r)| !rate_ok(*r)) {
            return Err("failure rates must be from 0.0 to 1.0".into());
        }
        if !next.guest_time_scale.is_finite() || next.guest_time_scale < 0.0 {
            return Err("guest_time_scale must be a non-negative number".into());
        }
        *self = next;
        Ok(())
    }
}

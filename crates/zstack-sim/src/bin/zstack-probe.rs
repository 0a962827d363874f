//! `zstack-probe <base-url>`: checks a ZStack REST server (or the simulator)
//! for the protocol behaviours the console relies on; exits 1 on any failure.

use clap::Parser;
use std::time::Duration;
use zstack_sim::probe::Probe;

#[derive(Parser)]
#[command(name = "zstack-probe", version)]
struct Args {
    /// The server, e.g. http://127.0.0.1:8080 (a trailing /zstack/v1 is fine).
    base_url: String,
    /// Account to log in with.
    #[arg(long, default_value = "admin")]
    account: String,
    /// Its plain password (sent as lower-case hex SHA-512).
    #[arg(long, default_value = "password")]
    password: String,
    /// Per-request timeout, and the limit for following a job, in seconds.
    #[arg(long, default_value_t = 30)]
    timeout_secs: u64,
    /// Also check command output (§7) on this Running VM (UUID): the
    /// separator, the 1,000-line cut and a timed-out sleep (Linux, ~10 s),
    /// UTF-8 after `chcp 65001` (Windows).
    #[arg(long, value_name = "UUID")]
    exec_vm: Option<String>,
}

fn main() {
    let args = Args::parse();
    let probe = Probe::new(&args.base_url, Duration::from_secs(args.timeout_secs))
        .with_exec_vm(args.exec_vm);
    let checks = probe.run(&args.account, &args.password);
    for c in &checks {
        let verdict = if c.ok { "PASS" } else { "FAIL" };
        println!("{verdict}  {}  ({})", c.name, c.detail);
    }
    let failed = checks.iter().filter(|c| !c.ok).count();
    println!("{} of {} checks held", checks.len() - failed, checks.len());
    std::process::exit(i32::from(failed > 0));
}

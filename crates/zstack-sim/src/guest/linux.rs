//! A Linux guest: one simple command, as bash would run it.

use super::procs::linux_ps;
use super::{big_output, print_markup, seconds, stderr_demo, words, Run};
use crate::clock::unix_now;
use crate::world::Vm;
use std::time::Instant;
use zstack_api::DateTime;

pub fn run(vm: &Vm, line: &str, now: Instant) -> Run {
    let argv = words(line);
    let Some(cmd) = argv.first() else {
        return Run::default();
    };
    let args = &argv[1..];
    match cmd.as_str() {
        "ps" => {
            let parts: Vec<Vec<String>> = pipeline(line).into_iter().map(words).collect();
            linux_ps(&vm.procs, now, &parts)
        }
        "seq" => seq(args),
        "hostname" => Run::out(format!("{}\n", vm.hostname)),
        "whoami" => Run::out("root\n"),
        "id" => Run::out("uid=0(root) gid=0(root) groups=0(root)\n"),
        "pwd" => Run::out("/\n"),
        "true" | ":" => Run::default(),
        "false" => Run::err("", 1),
        "exit" => {
            let code = args.first().and_then(|a| a.parse().ok()).unwrap_or(0);
            Run::err("", code)
        }
        "echo" => echo(args),
        "uname" => uname(vm, args),
        "cat" => cat(vm, args),
        "ip" if matches!(
            args.first().map(String::as_str),
            Some("a" | "addr" | "address")
        ) =>
        {
            Run::out(ip_addr(vm))
        }
        "ip" => Run::err("Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n", 255),
        "ifconfig" => Run::out(ifconfig(vm)),
        "date" => Run::out(format!("{}\n", date(unix_now()))),
        "uptime" => {
            Run::out(" 10:42:07 up 12 days,  3:04,  0 users,  load average: 0.08, 0.03, 0.01\n")
        }
        "sleep" => sleep(args),
        "print-markup" => print_markup("\n"),
        "big-output" => big_output("\n"),
        "stderr-demo" => stderr_demo("\n"),
        // bash looks a name with a slash up as a path, not in PATH.
        other if other.contains('/') => {
            Run::err(format!("bash: {other}: No such file or directory\n"), 127)
        }
        other => Run::err(format!("bash: {other}: command not found\n"), 127),
    }
}

fn echo(args: &[String]) -> Run {
    let (newline, args) = match args.first().map(String::as_str) {
        Some("-n") => (false, &args[1..]),
        _ => (true, args),
    };
    let mut text = args.join(" ");
    if newline {
        text.push('\n');
    }
    Run::out(text)
}

/// Splits at `|` outside quotes (`||` never reaches here: lists split first).
fn pipeline(line: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut quote, mut start) = (None::<char>, 0);
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(c),
            (None, '|') => {
                parts.push(&line[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&line[start..]);
    parts
}

/// Numbers past this many are not generated: ZStack keeps the last 1,000
/// lines anyway, so only the tail can ever be seen.
const SEQ_TAIL: i128 = 100_000;

/// `seq LAST`, `seq FIRST LAST`, `seq FIRST INCREMENT LAST` (integers).
fn seq(args: &[String]) -> Run {
    let usage = "Try 'seq --help' for more information.\n";
    let nums: Result<Vec<i128>, &String> = args
        .iter()
        .map(|a| a.parse::<i64>().map(i128::from).map_err(|_| a))
        .collect();
    let (first, inc, last) = match nums.as_deref() {
        Err(bad) => {
            return Run::err(
                format!("seq: invalid floating point argument: '{bad}'\n{usage}"),
                1,
            )
        }
        Ok([]) => return Run::err(format!("seq: missing operand\n{usage}"), 1),
        Ok([last]) => (1, 1, *last),
        Ok([first, last]) => (*first, 1, *last),
        Ok([first, inc, last]) => (*first, *inc, *last),
        Ok([_, _, _, extra, ..]) => {
            return Run::err(format!("seq: extra operand '{extra}'\n{usage}"), 1)
        }
    };
    if inc == 0 {
        return Run::err(
            format!("seq: invalid Zero increment value: '{}'\n{usage}", args[1]),
            1,
        );
    }
    let count = ((last - first) / inc + 1).max(0);
    let skip = (count - SEQ_TAIL).max(0);
    let out: String = (skip..count)
        .map(|k| format!("{}\n", first + k * inc))
        .collect();
    Run::out(out)
}

fn sleep(args: &[String]) -> Run {
    match args.first().map(|a| (a, seconds(a))) {
        None => Run::err(
            "sleep: missing operand\nTry 'sleep --help' for more information.\n",
            1,
        ),
        Some((_, Some(secs))) => Run {
            guest_secs: secs,
            ..Run::default()
        },
        Some((arg, None)) => Run::err(
            format!(
                "sleep: invalid time interval '{arg}'\nTry 'sleep --help' for more information.\n"
            ),
            1,
        ),
    }
}

fn uname(vm: &Vm, args: &[String]) -> Run {
    let arch = vm.inv.architecture.as_deref().unwrap_or("x86_64");
    let all = format!(
        "Linux {} {} #1 SMP Tue Nov 7 14:54:22 UTC 2023 {arch} {arch} {arch} GNU/Linux",
        vm.hostname, vm.kernel
    );
    let text = match args.first().map(String::as_str) {
        None | Some("-s") => "Linux".to_owned(),
        Some("-a") => all,
        Some("-r") => vm.kernel.clone(),
        Some("-n") => vm.hostname.clone(),
        Some("-m") => arch.to_owned(),
        Some(other) => {
            return Run::err(
                format!(
                    "uname: invalid option -- '{}'\nTry 'uname --help' for more information.\n",
                    other.trim_start_matches('-')
                ),
                1,
            )
        }
    };
    Run::out(text + "\n")
}

fn cat(vm: &Vm, args: &[String]) -> Run {
    let mut run = Run::default();
    for path in args {
        match path.as_str() {
            "/etc/os-release" => run.stdout.push_str(&os_release(&vm.tools.os_type)),
            "/etc/hostname" => run.stdout.push_str(&format!("{}\n", vm.hostname)),
            other => {
                run.stderr
                    .push_str(&format!("cat: {other}: No such file or directory\n"));
                run.exit = 1;
            }
        }
    }
    run
}

/// `/etc/os-release` for the guest OS (`CentOS 7` -> id `centos`, version `7`).
fn os_release(os: &str) -> String {
    let (name, version) = os.rsplit_once(' ').unwrap_or((os, ""));
    let id = name
        .split_whitespace()
        .next()
        .unwrap_or("linux")
        .to_lowercase();
    format!(
        "NAME=\"{name}\"\nVERSION=\"{version}\"\nID=\"{id}\"\nVERSION_ID=\"{version}\"\nPRETTY_NAME=\"{os}\"\nHOME_URL=\"https://example.com/{id}\"\n"
    )
}

fn prefix_len(netmask: &str) -> u32 {
    netmask
        .split('.')
        .filter_map(|o| o.parse::<u8>().ok())
        .map(|o| o.count_ones())
        .sum()
}

fn ip_addr(vm: &Vm) -> String {
    let mut out = String::from(
        "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n",
    );
    for (i, nic) in vm.inv.vm_nics.iter().enumerate() {
        let dev = format!("eth{i}");
        let mac = nic.mac.as_deref().unwrap_or("00:00:00:00:00:00");
        let ip = nic.ip.as_deref().unwrap_or_default();
        let prefix = prefix_len(nic.netmask.as_deref().unwrap_or("255.255.255.0"));
        out.push_str(&format!(
            "{n}: {dev}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n    link/ether {mac} brd ff:ff:ff:ff:ff:ff\n    inet {ip}/{prefix} brd {brd} scope global dynamic {dev}\n       valid_lft 86313sec preferred_lft 86313sec\n",
            n = i + 2,
            brd = broadcast(ip),
        ));
    }
    out
}

fn broadcast(ip: &str) -> String {
    match ip.rsplit_once('.') {
        Some((net, _)) => format!("{net}.255"),
        None => ip.to_owned(),
    }
}

fn ifconfig(vm: &Vm) -> String {
    let mut out = String::new();
    for (i, nic) in vm.inv.vm_nics.iter().enumerate() {
        let ip = nic.ip.as_deref().unwrap_or_default();
        out.push_str(&format!(
            "eth{i}: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n        inet {ip}  netmask {mask}  broadcast {brd}\n        ether {mac}  txqueuelen 1000  (Ethernet)\n\n",
            mask = nic.netmask.as_deref().unwrap_or("255.255.255.0"),
            brd = broadcast(ip),
            mac = nic.mac.as_deref().unwrap_or_default(),
        ));
    }
    out.push_str("lo: flags=73<UP,LOOPBACK,RUNNING>  mtu 65536\n        inet 127.0.0.1  netmask 255.0.0.0\n        loop  txqueuelen 1000  (Local Loopback)\n\n");
    out
}

/// `date` output: `Mon Jan  6 03:51:16 UTC 2025`.
fn date(unix: u64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let t = DateTime::from_unix(unix);
    format!(
        "{} {} {:>2} {:02}:{:02}:{:02} UTC {}",
        DAYS[((unix / 86_400) % 7) as usize],
        MONTHS[usize::from(t.month.clamp(1, 12) - 1)],
        t.day,
        t.hour,
        t.minute,
        t.second,
        t.year
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_has_weekday() {
        assert_eq!(date(1_483_674_676), "Fri Jan  6 03:51:16 UTC 2017");
    }

    #[test]
    fn seq_forms() {
        let seq = |a: &str| seq(&words(a));
        assert_eq!(seq("3").stdout, "1\n2\n3\n");
        assert_eq!(seq("2 4").stdout, "2\n3\n4\n");
        assert_eq!(seq("10 -5 1").stdout, "10\n5\n");
        assert_eq!(seq("5 1"), Run::default());
        assert_eq!(seq("x").exit, 1);
        assert_eq!(seq("1 0 3").exit, 1);
        let tail = seq("1 1000000000").stdout;
        assert!(tail.ends_with("\n1000000000\n") && tail.lines().count() == 100_000);
    }

    #[test]
    fn pipes_split_outside_quotes() {
        assert_eq!(
            pipeline("ps | grep -F -- 'a|b' | x"),
            ["ps ", " grep -F -- 'a|b' ", " x"]
        );
    }

    #[test]
    fn prefix_from_mask() {
        assert_eq!(prefix_len("255.255.255.0"), 24);
        assert_eq!(prefix_len("255.255.0.0"), 16);
    }
}

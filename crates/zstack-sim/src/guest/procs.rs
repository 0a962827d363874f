//! Processes still running in a guest. A command that spends guest time
//! (`sleep N`, `timeout /t N`) runs from the moment the exec starts for N
//! guest seconds, whether or not ZStack stopped waiting for it (§7: a
//! timeout means ZStack stopped waiting). `ps` and `tasklist` list them.

use super::Run;
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct Process {
    pub pid: u32,
    /// The command line as sent (what `ps -o args` shows).
    pub command: String,
    /// The program that spends the time (`sleep`, `timeout`): tasklist's image.
    pub program: String,
    pub started: Instant,
    /// When it exits, in real time.
    pub ends: Instant,
    pub guest_secs: f64,
}

impl Process {
    /// Guest seconds since it started.
    fn elapsed(&self, now: Instant) -> f64 {
        let real = self.ends.duration_since(self.started).as_secs_f64();
        if real <= 0.0 {
            return self.guest_secs;
        }
        self.guest_secs * now.duration_since(self.started).as_secs_f64() / real
    }
}

/// One guest's processes started by exec, and its PID counter.
#[derive(Debug, Clone, Default)]
pub struct Procs {
    list: Vec<Process>,
    spawned: u32,
}

impl Procs {
    /// The PID the guest gives its next process.
    fn next_pid(&self) -> u32 {
        4_100 + 7 * self.spawned
    }

    /// Records a process that runs from `started` until `ends`.
    pub fn start(
        &mut self,
        command: &str,
        program: &str,
        started: Instant,
        ends: Instant,
        guest_secs: f64,
    ) {
        self.list.retain(|p| p.ends > started);
        self.list.push(Process {
            pid: self.next_pid(),
            command: command.replace(['\r', '\n'], " "),
            program: program.to_owned(),
            started,
            ends,
            guest_secs,
        });
        self.spawned += 1;
    }

    fn running(&self, now: Instant) -> impl Iterator<Item = &Process> {
        self.list.iter().filter(move |p| p.ends > now)
    }
}

/// `ps`'s `etime`: `[[dd-]hh:]mm:ss`.
fn etime(secs: f64) -> String {
    let s = secs.max(0.0) as u64;
    let (d, h, m, s) = (s / 86_400, s / 3_600 % 24, s / 60 % 60, s % 60);
    match (d, h) {
        (0, 0) => format!("{m:02}:{s:02}"),
        (0, _) => format!("{h:02}:{m:02}:{s:02}"),
        _ => format!("{d}-{h:02}:{m:02}:{s:02}"),
    }
}

const LINUX_SYSTEM: &[(u32, &str, &str)] = &[
    (
        1,
        "12-03:04:11",
        "/usr/lib/systemd/systemd --switched-root --system --deserialize 22",
    ),
    (527, "12-03:04:05", "/usr/lib/systemd/systemd-journald"),
    (689, "12-03:04:02", "/usr/sbin/sshd -D"),
    (
        702,
        "12-03:04:02",
        "/usr/bin/qemu-ga --method=virtio-serial --path=/dev/virtio-ports/org.qemu.guest_agent.0",
    ),
    (715, "12-03:04:01", "/usr/sbin/crond -n"),
];

fn ps_row(pid: impl std::fmt::Display, etime: &str, args: &str) -> String {
    format!("{pid:>7} {etime:>11} {args}\n")
}

/// `ps -eo pid,etime,args`, alone or as `… | grep -F -- 'word' | grep -v grep`
/// (the `grep -v grep` optional). `words` are the parts' shell words.
pub fn linux_ps(procs: &Procs, now: Instant, parts: &[Vec<String>]) -> Run {
    let is = |w: &[String], want: &[&str]| w.iter().map(String::as_str).eq(want.iter().copied());
    let ps = &parts[0];
    if !(is(ps, &["ps", "-eo", "pid,etime,args"]) || is(ps, &["ps", "-e", "-o", "pid,etime,args"]))
    {
        return Run::err(
            "ps: this simulated guest knows `ps -eo pid,etime,args` only\n",
            1,
        );
    }
    let word = match parts.get(1).map(|w| w.as_slice()) {
        None => None,
        Some([grep, f, dash, word]) if grep == "grep" && f == "-F" && dash == "--" => Some(word),
        Some(_) => return pipeline_unsupported(),
    };
    let drop_grep = match parts.get(2) {
        None => false,
        Some(w) if is(w, &["grep", "-v", "grep"]) && parts.len() == 3 => true,
        Some(_) => return pipeline_unsupported(),
    };
    let mut rows = vec![ps_row("PID", "ELAPSED", "COMMAND")];
    rows.extend(LINUX_SYSTEM.iter().map(|(p, e, a)| ps_row(p, e, a)));
    rows.extend(
        procs
            .running(now)
            .map(|p| ps_row(p.pid, &etime(p.elapsed(now)), &p.command)),
    );
    // The pipeline's own processes.
    let pid = procs.next_pid();
    for (k, w) in parts.iter().enumerate() {
        rows.push(ps_row(pid + k as u32, "00:00", &w.join(" ")));
    }
    if let Some(word) = word {
        rows.retain(|r| r.contains(word.as_str()));
        if drop_grep {
            rows.retain(|r| !r.contains("grep"));
        }
        if rows.is_empty() {
            return Run::err("", 1);
        }
    }
    Run::out(rows.concat())
}

fn pipeline_unsupported() -> Run {
    Run::err(
        "bash: this simulated guest runs one pipeline only: ps -eo pid,etime,args | grep -F -- 'word' | grep -v grep\n",
        2,
    )
}

const WINDOWS_SYSTEM: &[(&str, u32, u32)] = &[
    ("System Idle Process", 0, 8),
    ("System", 4, 144),
    ("smss.exe", 364, 1_208),
    ("csrss.exe", 496, 5_412),
    ("wininit.exe", 572, 6_868),
    ("services.exe", 644, 9_320),
    ("qemu-ga.exe", 1_980, 7_104),
];

fn task_row(image: &str, pid: &str, session: &str, num: &str, mem: &str) -> String {
    // Columns count display cells: a Chinese character takes two.
    let pad = |text: &str, width: usize, left: bool| {
        let cells: usize = text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
        let fill = " ".repeat(width.saturating_sub(cells));
        if left {
            format!("{text}{fill}")
        } else {
            format!("{fill}{text}")
        }
    };
    format!(
        "{} {} {} {} {}\r\n",
        pad(image, 25, true),
        pad(pid, 8, false),
        pad(session, 16, true),
        pad(num, 11, false),
        pad(mem, 12, false)
    )
}

fn kib(k: u32) -> String {
    match k {
        0..=999 => format!("{k} K"),
        _ => format!("{},{:03} K", k / 1_000, k % 1_000),
    }
}

/// `tasklist`, or `tasklist /FI "IMAGENAME eq name*"` (a trailing `*` matches
/// a prefix; case does not matter).
pub fn tasklist(procs: &Procs, now: Instant, args: &[String], zh: bool) -> Run {
    let filter = match args {
        [] => None,
        [fi, spec] if fi.eq_ignore_ascii_case("/fi") => {
            match spec.split_whitespace().collect::<Vec<_>>()[..] {
                [field, op, value]
                    if field.eq_ignore_ascii_case("imagename") && op.eq_ignore_ascii_case("eq") =>
                {
                    Some(value.to_ascii_lowercase())
                }
                _ => {
                    return Run::err(
                        "ERROR: The search filter cannot be recognized.\r\n",
                        1,
                    )
                }
            }
        }
        [other, ..] => {
            return Run::err(
                format!("ERROR: Invalid argument/option - '{other}'.\r\nType \"TASKLIST /?\" for usage.\r\n"),
                1,
            )
        }
    };
    let mut tasks: Vec<(String, u32, u32)> = WINDOWS_SYSTEM
        .iter()
        .map(|(n, p, m)| (n.to_string(), *p, *m))
        .collect();
    for p in procs.running(now) {
        let image = if p.program.to_ascii_lowercase().ends_with(".exe") {
            p.program.clone()
        } else {
            format!("{}.exe", p.program)
        };
        tasks.push((image, p.pid, 4_012));
    }
    tasks.push(("tasklist.exe".into(), procs.next_pid(), 8_736));
    if let Some(f) = &filter {
        tasks.retain(|(image, _, _)| {
            let image = image.to_ascii_lowercase();
            match f.strip_suffix('*') {
                Some(prefix) => image.starts_with(prefix),
                None => image == *f,
            }
        });
        if tasks.is_empty() {
            return Run::out(if zh {
                "信息: 没有运行的任务匹配指定标准。\r\n"
            } else {
                "INFO: No tasks are running which match the specified criteria.\r\n"
            });
        }
    }
    let mut out = String::from("\r\n");
    out.push_str(&if zh {
        task_row("映像名称", "PID", "会话名", "会话#", "内存使用")
    } else {
        task_row("Image Name", "PID", "Session Name", "Session#", "Mem Usage")
    });
    out.push_str(
        "========================= ======== ================ =========== ============\r\n",
    );
    for (image, pid, mem) in &tasks {
        out.push_str(&task_row(
            image,
            &pid.to_string(),
            "Services",
            "0",
            &kib(*mem),
        ));
    }
    Run::out(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etime_forms() {
        assert_eq!(etime(42.9), "00:42");
        assert_eq!(etime(3_723.0), "01:02:03");
        assert_eq!(etime(90_061.0), "1-01:01:01");
    }

    #[test]
    fn tasklist_columns() {
        assert_eq!(
            task_row("System Idle Process", "0", "Services", "0", &kib(8)),
            "System Idle Process              0 Services                   0          8 K\r\n"
        );
        assert_eq!(kib(1_208), "1,208 K");
        assert_eq!(
            task_row("映像名称", "PID", "会话名", "会话#", "内存使用"),
            "映像名称                       PID 会话名                 会话#     内存使用\r\n"
        );
    }
}

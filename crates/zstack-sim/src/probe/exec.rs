//! With `--exec-vm`: what a command's output really is on this server
//! (ZSTACK-API.md §7), checked on one Running VM whose guest agent runs.

use super::{Answer, Check, Probe};
use serde_json::Value;
use std::time::{Duration, Instant};
use zstack_api::{Endpoint, ExecuteGuestVmCommand, Platform};

const SEPARATOR: &str = ", errorStream: ";
const PREFIX: &str = "standardStream: ";

/// stdout of a stream in the documented shape (split on the last separator).
fn stdout_of(stream: &str) -> Option<&str> {
    let rest = stream.strip_prefix(PREFIX)?;
    rest.rfind(SEPARATOR).map(|at| &rest[..at])
}

fn brief(text: &str) -> String {
    let head: String = text.chars().take(120).collect();
    format!("{head:?}")
}

impl Probe {
    /// The final answer of ExecuteGuestVmCommand, 200 or 202 alike.
    fn exec(
        &self,
        session: &str,
        vm: &str,
        platform: &str,
        command: &str,
        timeout: Option<u64>,
    ) -> Answer {
        // The body exactly as the console sends it.
        let body = ExecuteGuestVmCommand {
            vm_instance_uuid: vm.to_owned(),
            platform: Platform::from(platform),
            command: command.to_owned(),
            command_timeout: timeout.and_then(|t| u32::try_from(t).ok()),
        }
        .request()
        .body
        .unwrap_or_default();
        let url = format!("{}/vm-instances/commands/exec", self.root);
        let a = self.call("PUT", &url, Some(session), Some(&body));
        if a.status != 202 {
            return a;
        }
        let Some(path) = a
            .json()
            .and_then(|v| v.get("location")?.as_str().map(String::from))
            .and_then(|l| l.find("/zstack/v1/api-jobs/").map(|at| l[at..].to_owned()))
        else {
            return a;
        };
        let started = Instant::now();
        loop {
            let p = self.call("GET", &format!("{}{path}", self.base), Some(session), None);
            if p.status != 202 || started.elapsed() > self.poll_limit + Duration::from_secs(60) {
                return p;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn stream(
        &self,
        session: &str,
        vm: &str,
        platform: &str,
        command: &str,
    ) -> Result<String, String> {
        let a = self.exec(session, vm, platform, command, None);
        a.json()
            .and_then(|v| v.get("stream")?.as_str().map(String::from))
            .filter(|_| a.status == 200)
            .ok_or_else(|| a.brief())
    }

    pub(super) fn exec_checks(&self, session: &str, vm: &str) -> Vec<Check> {
        let mut checks = Vec::new();
        let mut check = |name, ok, detail: String| checks.push(Check { name, ok, detail });
        let inv = self
            .call(
                "GET",
                &format!("{}/vm-instances/{vm}", self.root),
                Some(session),
                None,
            )
            .json()
            .and_then(|v| v.pointer("/inventories/0").cloned());
        let platform = match inv
            .as_ref()
            .and_then(|i| i.get("platform"))
            .and_then(Value::as_str)
        {
            Some("Windows") => "Windows",
            Some(_) => "Linux",
            None => {
                check("exec: the VM exists", false, format!("no VM {vm}"));
                return checks;
            }
        };
        let windows = platform == "Windows";

        let echo = if windows {
            "echo a, errorStream: b"
        } else {
            "echo 'a, errorStream: b'"
        };
        let (ok, detail) = match self.stream(session, vm, platform, echo) {
            Ok(s) => (
                s.starts_with(PREFIX)
                    && s.matches(SEPARATOR).count() == 2
                    && stdout_of(&s).is_some_and(|o| o.starts_with("a, errorStream: b")),
                brief(&s),
            ),
            Err(e) => (false, e),
        };
        check(
            "exec: stdout may contain the separator (split on the last)",
            ok,
            detail,
        );

        if windows {
            let (ok, detail) =
                match self.stream(session, vm, platform, "chcp 65001>nul & echo 中文镕") {
                    Ok(s) => (
                        stdout_of(&s).is_some_and(|o| o.trim_end() == "中文镕"),
                        brief(&s),
                    ),
                    Err(e) => (false, e),
                };
            check(
                "exec: after `chcp 65001>nul & ` output arrives as UTF-8",
                ok,
                detail,
            );
            // What the console's own code page does to GBK-only text: readable
            // (UTF-8 guest) or Latin-1 mojibake (a Chinese guest). Both are ZStack.
            let (ok, detail) = match self.stream(session, vm, platform, "chcp & echo 镕") {
                Ok(s) => (stdout_of(&s).is_some(), brief(&s)),
                Err(e) => (false, e),
            };
            check(
                "exec: the guest's own code page (shown, not judged)",
                ok,
                detail,
            );
            return checks;
        }

        let (ok, detail) = match self.stream(session, vm, platform, "seq 1 1500") {
            Ok(s) => {
                let lines: Vec<&str> = stdout_of(&s).unwrap_or_default().lines().collect();
                let ok = lines.len() == 1_000 && lines.first() == Some(&"501");
                (
                    ok,
                    format!("{} lines, first {:?}", lines.len(), lines.first()),
                )
            }
            Err(e) => (false, e),
        };
        check("exec: a stream keeps its last 1,000 lines", ok, detail);

        // Takes commandTimeout (10 s) on a real server.
        let late = self.exec(session, vm, platform, "sleep 47", Some(10));
        let ps = "ps -eo pid,etime,args | grep -F -- 'sleep 47' | grep -v grep";
        let (ok, detail) = match (late.status, self.stream(session, vm, platform, ps)) {
            (200, _) => (
                false,
                format!("sleep 47 finished within 10 s: {}", late.brief()),
            ),
            (_, Ok(s)) => (
                stdout_of(&s).is_some_and(|o| o.contains("sleep 47")),
                format!("{} then {}", late.brief(), brief(&s)),
            ),
            (_, Err(e)) => (false, e),
        };
        check(
            "exec: a command past its timeout still runs in the guest",
            ok,
            detail,
        );
        checks
    }
}

//! A protocol probe: checks any ZStack base URL (the simulator or a real
//! management node) for the behaviours the console relies on.

mod exec;
mod lifecycle;
mod scripts;

use serde_json::Value;
use std::time::{Duration, Instant};
use ureq::Agent;
use zstack_api::hash_password;

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    pub name: &'static str,
    pub ok: bool,
    pub detail: String,
}

struct Answer {
    status: u16,
    body: String,
}

impl Answer {
    fn json(&self) -> Option<Value> {
        serde_json::from_str(&self.body).ok()
    }

    fn error_code(&self) -> Option<String> {
        self.json()?
            .pointer("/error/code")?
            .as_str()
            .map(String::from)
    }

    fn looks_plain(&self) -> bool {
        !self.body.trim_start().starts_with(['{', '['])
    }

    fn brief(&self) -> String {
        let body: String = self.body.chars().take(160).collect();
        format!("HTTP {} {body:?}", self.status)
    }
}

pub struct Probe {
    base: String,
    root: String,
    agent: Agent,
    poll_limit: Duration,
    /// A Running VM for the exec checks (`--exec-vm`).
    exec_vm: Option<String>,
}

/// `http://mn:8080`, `http://mn:8080/` and `http://mn:8080/zstack/v1` all name the same server.
fn split_base(url: &str) -> String {
    let url = url.trim().trim_end_matches('/');
    url.strip_suffix("/zstack/v1").unwrap_or(url).to_owned()
}

impl Probe {
    pub fn new(base_url: &str, timeout: Duration) -> Probe {
        let base = split_base(base_url);
        let agent: Agent = Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(timeout))
            .build()
            .into();
        Probe {
            root: format!("{base}/zstack/v1"),
            base,
            agent,
            poll_limit: timeout,
            exec_vm: None,
        }
    }

    /// Also checks what command output looks like on this VM (it must be
    /// Running with its guest agent up; a Linux one spends ~10 s on a timeout).
    pub fn with_exec_vm(mut self, vm: Option<String>) -> Probe {
        self.exec_vm = vm;
        self
    }

    fn call(&self, method: &str, url: &str, session: Option<&str>, body: Option<&str>) -> Answer {
        let auth = session.map(|s| format!("OAuth {s}"));
        let result = match method {
            "PUT" => {
                let mut r = self
                    .agent
                    .put(url)
                    .header("Content-Type", "application/json;charset=UTF-8");
                if let Some(a) = &auth {
                    r = r.header("Authorization", a);
                }
                r.send(body.unwrap_or_default())
            }
            "DELETE" => {
                let mut r = self.agent.delete(url);
                if let Some(a) = &auth {
                    r = r.header("Authorization", a);
                }
                r.call()
            }
            _ => {
                let mut r = self.agent.get(url);
                if let Some(a) = &auth {
                    r = r.header("Authorization", a);
                }
                r.call()
            }
        };
        match result {
            Ok(mut rsp) => Answer {
                status: rsp.status().as_u16(),
                body: rsp.body_mut().read_to_string().unwrap_or_default(),
            },
            Err(e) => Answer {
                status: 0,
                body: format!("transport error: {e}"),
            },
        }
    }

    fn login(&self, account: &str, password: &str) -> Answer {
        let body = serde_json::json!({
            "logInByAccount": { "accountName": account, "password": hash_password(password) }
        });
        self.call(
            "PUT",
            &format!("{}/accounts/login", self.root),
            None,
            Some(&body.to_string()),
        )
    }

    /// Runs every check; those that need a session fail when login failed.
    pub fn run(&self, account: &str, password: &str) -> Vec<Check> {
        let mut checks = Vec::new();
        let mut check = |name, ok, detail: String| checks.push(Check { name, ok, detail });
        let bogus = "0123456789abcdef0123456789abcdef";

        let a = self.call(
            "GET",
            &format!("{}/vm-instances?limit=1", self.root),
            None,
            None,
        );
        check(
            "no Authorization header: 400 plain text",
            a.status == 400 && a.looks_plain(),
            a.brief(),
        );

        let a = self.login(account, &format!("{password}-wrong"));
        let ok = a.status == 503 && a.error_code().as_deref() == Some("ID.1000");
        check("wrong password: 503 ID.1000", ok, a.brief());

        let a = self.login(account, password);
        let session = a
            .json()
            .and_then(|v| v.pointer("/inventory/uuid")?.as_str().map(String::from))
            .filter(|u| u.len() == 32);
        check(
            "login: 200 and a session UUID",
            a.status == 200 && session.is_some(),
            a.brief(),
        );

        let a = self.call(
            "GET",
            &format!("{}/vm-instances?limit=1", self.root),
            Some(bogus),
            None,
        );
        let ok = a.status == 503 && a.error_code().as_deref() == Some("ID.1001");
        check("bogus session: 503 ID.1001", ok, a.brief());

        // A harmless async call: detaching an ISO from a VM that does not exist.
        let url = format!("{}/vm-instances/{bogus}/iso?isoUuid={bogus}", self.root);
        let a = self.call(
            "DELETE",
            &url,
            Some(session.as_deref().unwrap_or(bogus)),
            None,
        );
        let location = a
            .json()
            .and_then(|v| v.get("location")?.as_str().map(String::from));
        let path = location
            .as_deref()
            .and_then(|l| l.find("/zstack/v1/api-jobs/").map(|at| l[at..].to_owned()));
        check(
            "async API: 202 and a job location",
            a.status == 202 && path.is_some(),
            a.brief(),
        );

        let (ok, detail) = match &path {
            Some(p) => self.follow(&format!("{}{p}", self.base), session.as_deref()),
            None => (false, "no location to poll".into()),
        };
        check(
            "job polled at the location's path on this base: 202 then 200/503",
            ok,
            detail,
        );

        let a = self.call(
            "GET",
            &format!("{}/api-jobs/{bogus}", self.root),
            session.as_deref(),
            None,
        );
        let ok = a.status == 404 && a.looks_plain() && a.body.contains("expired");
        check("unknown job: 404 plain text", ok, a.brief());

        let a = self.call(
            "GET",
            &format!("{}/no-such-api", self.root),
            session.as_deref(),
            None,
        );
        let ok = a.status == 404 && a.looks_plain();
        check("unknown path: 404 plain text", ok, a.brief());

        if let Some(s) = &session {
            for c in self.lifecycle_checks(s) {
                check(c.name, c.ok, c.detail);
            }
            for c in self.script_checks(s) {
                check(c.name, c.ok, c.detail);
            }
        }

        if let (Some(s), Some(vm)) = (&session, &self.exec_vm) {
            for c in self.exec_checks(s, vm) {
                check(c.name, c.ok, c.detail);
            }
        }

        if let Some(s) = &session {
            let a = self.call(
                "DELETE",
                &format!("{}/accounts/sessions/{s}", self.root),
                Some(s),
                None,
            );
            check("log out: 200", a.status == 200, a.brief());
        }
        checks
    }

    /// Polls until the job ends; every answer before the end must be 202.
    fn follow(&self, url: &str, session: Option<&str>) -> (bool, String) {
        let started = Instant::now();
        let mut polls = 0;
        loop {
            let a = self.call("GET", url, session, None);
            polls += 1;
            match a.status {
                202 if started.elapsed() < self.poll_limit => {
                    std::thread::sleep(Duration::from_millis(200))
                }
                200 => return (true, format!("200 after {polls} polls")),
                503 if a.error_code().is_some() => {
                    return (
                        true,
                        format!(
                            "503 {} after {polls} polls",
                            a.error_code().unwrap_or_default()
                        ),
                    )
                }
                _ => return (false, format!("poll {polls}: {}", a.brief())),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::split_base;

    #[test]
    fn base_forms() {
        assert_eq!(split_base("http://mn:8080/"), "http://mn:8080");
        assert_eq!(split_base("http://mn:8080/zstack/v1/"), "http://mn:8080");
    }
}

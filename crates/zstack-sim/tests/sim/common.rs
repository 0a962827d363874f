//! A simulator on an ephemeral port, and a client that speaks to it as the console would.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};
use zstack_sim::Config;

pub mod scripts;

pub const WEB: &str = "web-01";
pub const APP: &str = "app-02";
pub const LEGACY: &str = "legacy-03";
pub const APPLIANCE: &str = "appliance-04";
pub const FRESH: &str = "fresh-05";
pub const BATCH: &str = "batch-06";
pub const ARCHIVE: &str = "archive-07";
pub const WIN: &str = "win-srv-08";
pub const DB: &str = "数据库-主";
pub const MARKUP: &str = "<img src=x onerror=alert(1)>";
pub const PAUSED: &str = "paused-11";
pub const FULL: &str = "full-cdrom-13";
/// The Chinese Windows guest: code page 936, its output GBK bytes.
pub const WIN_ZH: &str = "win-zh-14";
/// Both drives hold user ISOs; tools older than the latest.
pub const DRIVES_FULL: &str = "drives-full-15";
/// The tools ISO in drive 1 (occupant GuestTools), tools current and Running.
pub const TOOLS_CD: &str = "tools-cd-16";
/// No CD-ROM drive at all.
pub const NO_CDROM: &str = "no-cdrom-17";
/// The `qemuga` tag off.
pub const QGA_OFF: &str = "qga-off-18";
/// Windows, older tools, no virtio tag.
pub const WIN_OLD: &str = "win-old-19";
/// How many VMs the seeded world has.
pub const SEEDED_VMS: usize = 19;

/// Short delays so the whole suite stays fast.
pub fn fast() -> Config {
    fast_with(|_| {})
}

/// [`fast`], with some settings changed.
pub fn fast_with(change: impl FnOnce(&mut Config)) -> Config {
    let mut c = Config::default();
    c.runtime.job_duration_ms = 60;
    c.runtime.tools_delay_ms = 200;
    c.runtime.guest_time_scale = 0.01;
    change(&mut c);
    c
}

pub struct Sim {
    pub base: String,
    pub api: String,
    pub http: reqwest::Client,
}

/// What came back: status, content type and the body as text.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub content_type: String,
    pub text: String,
}

impl Answer {
    /// Reads the whole reply.
    async fn read(rsp: reqwest::Response) -> Answer {
        let status = rsp.status();
        let content_type = rsp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let text = rsp.text().await.unwrap_or_default();
        Answer {
            status,
            content_type,
            text,
        }
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {:?}", self.status, self.text))
    }

    pub fn error_code(&self) -> String {
        self.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// Checks that this is ZStack's 503 with the error `code`.
    #[track_caller]
    pub fn assert_api_error(&self, code: &str) {
        assert_eq!(
            (self.status, self.error_code().as_str()),
            (StatusCode::SERVICE_UNAVAILABLE, code),
            "{}",
            self.text
        );
    }

    pub fn is_plain_text(&self) -> bool {
        serde_json::from_str::<Value>(&self.text).is_err()
    }
}

pub async fn start(config: Config) -> Sim {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(zstack_sim::serve(config, listener));
    let base = format!("http://{addr}");
    Sim {
        api: format!("{base}/zstack/v1"),
        base,
        http: reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
    }
}

impl Sim {
    pub async fn send(
        &self,
        method: Method,
        url: &str,
        session: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let mut req = self.http.request(method, url);
        if let Some(s) = session {
            req = req.header("Authorization", format!("OAuth {s}"));
        }
        if let Some(b) = body {
            req = req
                .header("Content-Type", "application/json;charset=UTF-8")
                .body(b.to_string());
        }
        Answer::read(req.send().await.expect("request failed")).await
    }

    /// A path under /zstack/v1.
    pub async fn get(&self, path: &str, session: &str) -> Answer {
        self.send(
            Method::GET,
            &format!("{}{path}", self.api),
            Some(session),
            None,
        )
        .await
    }

    /// `GET path` under /zstack/v1 with these query pairs (encoded by the
    /// client, `q` repeatable).
    pub async fn query(&self, path: &str, session: &str, params: &[(&str, &str)]) -> Answer {
        let req = self
            .http
            .get(format!("{}{path}", self.api))
            .header("Authorization", format!("OAuth {session}"))
            .query(params);
        Answer::read(req.send().await.expect("request failed")).await
    }

    pub async fn put(&self, path: &str, session: &str, body: Value) -> Answer {
        self.send(
            Method::PUT,
            &format!("{}{path}", self.api),
            Some(session),
            Some(body),
        )
        .await
    }

    pub async fn login_with(&self, account: &str, password: &str) -> Answer {
        let body = json!({"logInByAccount": {"accountName": account, "password": zstack_api::hash_password(password)}});
        self.send(
            Method::PUT,
            &format!("{}/accounts/login", self.api),
            None,
            Some(body),
        )
        .await
    }

    pub async fn login(&self) -> String {
        let a = self.login_with("admin", "password").await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.text);
        a.json()["inventory"]["uuid"].as_str().unwrap().to_owned()
    }

    /// The UUID of the VM with this name (found with a query, as a client would).
    pub async fn vm(&self, session: &str, name: &str) -> String {
        self.uuid_of("/vm-instances", session, name).await
    }

    pub async fn image(&self, session: &str, name: &str) -> String {
        self.uuid_of("/images", session, name).await
    }

    async fn uuid_of(&self, path: &str, session: &str, name: &str) -> String {
        let all = self.get(path, session).await.json();
        let found = all["inventories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["name"] == name);
        found.unwrap_or_else(|| panic!("no {path} named {name}"))["uuid"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// A fresh session and the UUID of the VM with this name.
    pub async fn login_vm(&self, name: &str) -> (String, String) {
        let s = self.login().await;
        let vm = self.vm(&s, name).await;
        (s, vm)
    }

    /// A fresh session and the UUIDs of the VMs with these names, in order.
    pub async fn login_vms(&self, names: &[&str]) -> (String, Vec<String>) {
        let s = self.login().await;
        let mut vms = Vec::with_capacity(names.len());
        for n in names {
            vms.push(self.vm(&s, n).await);
        }
        (s, vms)
    }

    /// AttachGuestToolsIsoToVm: the 202 answer.
    pub async fn attach_tools(&self, session: &str, vm: &str) -> Answer {
        let body = json!({"attachGuestToolsIsoToVm": {}});
        self.put(&format!("/vm-instances/{vm}/actions"), session, body)
            .await
    }

    /// DetachGuestToolsIsoFromVm: the 202 answer.
    pub async fn detach_tools(&self, session: &str, vm: &str) -> Answer {
        let body = json!({"detachGuestToolsIsoFromVm": {}});
        self.put(&format!("/vm-instances/{vm}/actions"), session, body)
            .await
    }

    /// SetVmQga: the 202 answer.
    pub async fn set_qga(&self, session: &str, vm: &str, enable: bool) -> Answer {
        let body = json!({"setVmQga": {"enable": enable}});
        self.put(&format!("/vm-instances/{vm}/actions"), session, body)
            .await
    }

    /// The VM's `vmCdRoms` as QueryVmInstance answers them.
    pub async fn drives(&self, session: &str, vm: &str) -> Vec<Value> {
        let v = self
            .get(&format!("/vm-instances/{vm}"), session)
            .await
            .json();
        v["inventories"][0]["vmCdRoms"].as_array().unwrap().clone()
    }

    /// AttachIsoToVmInstance: the 202 answer.
    pub async fn attach_iso(&self, session: &str, vm: &str, iso: &str) -> Answer {
        let url = format!("{}/vm-instances/{vm}/iso/{iso}", self.api);
        self.send(Method::POST, &url, Some(session), None).await
    }

    /// The VM with this name as `GET /_sim/world` shows it.
    pub async fn world_vm(&self, name: &str) -> Value {
        let world = self.control(Method::GET, "/world", None).await.json();
        let found = world["vms"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["name"] == name);
        found.unwrap_or_else(|| panic!("no VM {name}")).clone()
    }

    /// The job path of a 202 answer, checked to sit on the configured management node.
    pub fn job_path(&self, accepted: &Answer) -> String {
        assert_eq!(accepted.status, StatusCode::ACCEPTED, "{}", accepted.text);
        let loc = accepted.json()["location"].as_str().unwrap().to_owned();
        let at = loc
            .find("/zstack/v1/api-jobs/")
            .expect("location has the job path");
        loc[at..].to_owned()
    }

    /// Polls a 202's job at this server until it ends; returns every answer.
    pub async fn follow(&self, accepted: &Answer, session: &str) -> Vec<Answer> {
        let url = format!("{}{}", self.base, self.job_path(accepted));
        let started = Instant::now();
        let mut answers = Vec::new();
        loop {
            let a = self.send(Method::GET, &url, Some(session), None).await;
            let done = a.status != StatusCode::ACCEPTED;
            answers.push(a);
            if done || started.elapsed() > Duration::from_secs(10) {
                return answers;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The final answer of an async call.
    pub async fn finish(&self, accepted: &Answer, session: &str) -> Answer {
        self.follow(accepted, session).await.pop().unwrap()
    }

    pub async fn control(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.send(method, &format!("{}/_sim{path}", self.base), None, body)
            .await
    }

    pub async fn exec(
        &self,
        session: &str,
        vm: &str,
        platform: &str,
        command: &str,
        timeout: Option<u64>,
    ) -> Answer {
        let mut params = json!({"vmInstanceUuid": vm, "platform": platform, "command": command});
        if let Some(t) = timeout {
            params["commandTimeout"] = json!(t);
        }
        self.put(
            "/vm-instances/commands/exec",
            session,
            json!({ "params": params }),
        )
        .await
    }
}

//! Per-VM command history, kept by the console in localStorage.
//!
//! There is deliberately no field for a session token: nothing here may
//! outlive a sign-out in a way that grants access.

use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    /// `Date.now()` when the command was sent.
    pub at_ms: f64,
    pub platform: String,
    pub command: String,
    #[serde(default)]
    pub timeout_secs: Option<u32>,
    #[serde(default)]
    pub duration_ms: Option<u64>,
    pub outcome: Outcome,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(tag = "kind")]
pub enum Outcome {
    /// The raw `stream`, possibly cut to the output limit.
    Output {
        stream: String,
        truncated: bool,
    },
    Failed {
        code: Option<String>,
        headline: String,
    },
    Cancelled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryLimits {
    pub max_entries: usize,
    pub max_output_bytes: usize,
    /// For the whole list, as measured by [`entry_bytes`]; keeps well under
    /// the ~5 MB localStorage quota that the session token shares.
    pub max_total_bytes: usize,
}

impl Default for HistoryLimits {
    fn default() -> Self {
        HistoryLimits {
            max_entries: 50,
            max_output_bytes: 64 * 1024,
            max_total_bytes: 1024 * 1024,
        }
    }
}

/// The localStorage key of one VM's history.
pub fn storage_key(vm_uuid: &str) -> String {
    ["zstack.history:", vm_uuid].concat()
}

/// Roughly what an entry takes once stored: its text plus a fixed allowance
/// for the JSON around it. Escaping can add a little more.
pub fn entry_bytes(e: &HistoryEntry) -> usize {
    let outcome = match &e.outcome {
        Outcome::Output { stream, .. } => stream.len(),
        Outcome::Failed { code, headline } => code.as_ref().map_or(0, String::len) + headline.len(),
        Outcome::Cancelled => 0,
    };
    160 + e.platform.len() + e.command.len() + outcome
}

/// Adds `entry` as the newest (first) item, cutting its output to the limit
/// and dropping the oldest entries beyond the count and size limits. The new
/// entry itself is always kept: it is what the user just ran.
pub fn push(history: &mut Vec<HistoryEntry>, mut entry: HistoryEntry, limits: &HistoryLimits) {
    if let Outcome::Output { stream, truncated } = &mut entry.outcome {
        if stream.len() > limits.max_output_bytes {
            stream.truncate(floor_char_boundary(stream, limits.max_output_bytes));
            *truncated = true;
        }
    }
    history.insert(0, entry);
    let mut total = 0;
    let mut keep = 0;
    for (i, e) in history.iter().enumerate() {
        total += entry_bytes(e);
        if i > 0 && (i >= limits.max_entries || total > limits.max_total_bytes) {
            break;
        }
        keep = i + 1;
    }
    history.truncate(keep);
}

/// The largest char boundary at or below `at` (`str::floor_char_boundary` is unstable).
fn floor_char_boundary(s: &str, at: usize) -> usize {
    let mut i = at.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub fn to_json(history: &[HistoryEntry]) -> String {
    serde_json::to_string(history).unwrap_or_else(|_| "[]".into())
}

/// Reads a stored history. Anything unreadable (another version's format,
/// hand edits, a cut-off write) is skipped: entry by entry, or all of it.
pub fn from_json(text: &str) -> Vec<HistoryEntry> {
    let Ok(items) = serde_json::from_str::<Vec<serde_json::Value>>(text) else {
        return Vec::new();
    };
    items
        .into_iter()
        .filter_map(|v| serde_json::from_value(v).ok())
        .collect()
}

/// ↑/↓ recall over distinct commands, newest first, like a shell's.
#[derive(Debug, Clone, Default)]
pub struct Recall {
    commands: Vec<String>,
    /// Which command is shown; `None` while the user's own text is.
    pos: Option<usize>,
    /// What was typed before recall started, given back by ↓ past the newest.
    draft: String,
}

impl Recall {
    /// `commands` newest first; repeats after the first are dropped.
    pub fn new(commands: Vec<String>) -> Recall {
        let mut distinct: Vec<String> = Vec::with_capacity(commands.len());
        for c in commands {
            if !c.trim().is_empty() && !distinct.contains(&c) {
                distinct.push(c);
            }
        }
        Recall {
            commands: distinct,
            pos: None,
            draft: String::new(),
        }
    }

    pub fn from_history(history: &[HistoryEntry]) -> Recall {
        Recall::new(history.iter().map(|e| e.command.clone()).collect())
    }

    /// The next older command, or `None` at the oldest (the text stays).
    pub fn up(&mut self, current_text: &str) -> Option<String> {
        let next = match self.pos {
            None => {
                self.draft = current_text.to_owned();
                0
            }
            Some(i) => i + 1,
        };
        let cmd = self.commands.get(next)?;
        self.pos = Some(next);
        Some(cmd.clone())
    }

    /// The next newer command; past the newest, the text typed before recall.
    /// `None` when not recalling.
    pub fn down(&mut self) -> Option<String> {
        match self.pos? {
            0 => {
                self.pos = None;
                Some(std::mem::take(&mut self.draft))
            }
            i => {
                self.pos = Some(i - 1);
                Some(self.commands[i - 1].clone())
            }
        }
    }

    /// Back to the user's own text (after they type or run).
    pub fn reset(&mut self) {
        self.pos = None;
        self.draft.clear();
    }

    pub fn is_recalling(&self) -> bool {
        self.pos.is_some()
    }

    pub fn commands(&self) -> &[String] {
        &self.commands
    }
}

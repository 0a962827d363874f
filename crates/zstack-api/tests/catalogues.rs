//! The console's message catalogues (`locales/<lang>/<area>.json` at the
//! workspace root): both languages hold the same keys with the same
//! placeholders, nothing is empty, the Chinese one is Chinese, and every
//! translation key this crate hands out (`Reason::key`, `EmptyReason::key`)
//! exists. build.rs refuses to build on the first two; this test says which
//! message is wrong without a wasm build.

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use zstack_api::iso::EmptyReason;
use zstack_api::reason::Reason;

/// Latin words a Chinese message may keep: names, protocols, units, keys.
const KEPT_IN_CHINESE: &[&str] = &[
    "ZStack",
    "ISO",
    "UUID",
    "CPU",
    "IP",
    "MAC",
    "Linux",
    "Windows",
    "QEMU",
    "qga",
    "zwatch",
    "GuestTools",
    // The device ZStack names its guest-crash reporting after.
    "pvpanic",
    // ZStack error codes (GT.1001) as it sends them.
    "GT",
    "HTTP",
    "REST",
    "JSON",
    "Ctrl",
    "Enter",
    "Shift",
    "Esc",
    "Tab",
    "KB",
    "MB",
    "GB",
    "TB",
    "KiB",
    "MiB",
    "GiB",
    "TiB",
    "ms",
    // Character sets and shells, named as the admin types them.
    "GBK",
    "Latin",
    "UTF",
    "cmd",
    "PowerShell",
];

fn catalogue(lang: &str) -> BTreeMap<String, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../locales")
        .join(lang);
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let area = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let map: BTreeMap<String, Value> =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (key, value) in map {
            let text = value
                .as_str()
                .unwrap_or_else(|| panic!("{area}.{key} in {lang} is not a string"));
            out.insert(format!("{area}.{key}"), text.to_owned());
        }
    }
    out
}

fn placeholders(text: &str) -> BTreeSet<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name))
        .collect()
}

/// Latin words of two or more letters, outside `{placeholders}`.
fn latin_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_placeholder = false;
    for c in text.chars().chain(std::iter::once(' ')) {
        match c {
            '{' => in_placeholder = true,
            '}' => in_placeholder = false,
            c if c.is_ascii_alphabetic() && !in_placeholder => {
                word.push(c);
                continue;
            }
            _ => {}
        }
        if word.len() >= 2 {
            words.push(std::mem::take(&mut word));
        }
        word.clear();
    }
    words
}

#[test]
fn both_languages_have_the_same_keys_and_placeholders() {
    let (en, zh) = (catalogue("en"), catalogue("zh-CN"));
    assert!(en.len() > 100, "only {} English messages", en.len());
    let (a, b): (BTreeSet<_>, BTreeSet<_>) = (en.keys().collect(), zh.keys().collect());
    assert_eq!(
        a.symmetric_difference(&b).collect::<Vec<_>>(),
        Vec::<&&String>::new(),
        "keys in one catalogue only"
    );
    for (key, text) in &en {
        assert!(!text.trim().is_empty(), "en {key} is empty");
        assert!(!zh[key].trim().is_empty(), "zh-CN {key} is empty");
        assert_eq!(
            placeholders(text),
            placeholders(&zh[key]),
            "{key}: placeholders differ"
        );
    }
}

#[test]
fn chinese_messages_are_chinese() {
    let zh = catalogue("zh-CN");
    let mut problems = Vec::new();
    for (key, text) in &zh {
        let foreign: Vec<_> = latin_words(text)
            .into_iter()
            .filter(|w| !KEPT_IN_CHINESE.contains(&w.as_str()))
            .collect();
        if !foreign.is_empty() {
            problems.push(format!("{key}: {foreign:?} in {text:?}"));
        }
        // Nothing but kept words and symbols is fine ("ISO", "Ctrl+Enter").
        let has_han = text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        let only_kept = latin_words(text).len() == text.split_whitespace().count();
        if !has_han && !only_kept && text.chars().any(|c| c.is_alphabetic()) {
            problems.push(format!("{key}: no Chinese in {text:?}"));
        }
    }
    assert!(
        problems.is_empty(),
        "English left in zh-CN:\n{}",
        problems.join("\n")
    );
}

#[test]
fn english_messages_have_no_chinese() {
    for (key, text) in catalogue("en") {
        assert!(
            !text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "en {key}: {text}"
        );
    }
}

#[test]
fn every_key_this_crate_hands_out_is_translated() {
    let (en, zh) = (catalogue("en"), catalogue("zh-CN"));
    let keys = Reason::ALL.iter().map(|r| r.key()).chain(
        [
            EmptyReason::VmStateNoCandidates("Paused".into()),
            EmptyReason::NoReadyIsosInZone,
            EmptyReason::AllFiltered,
        ]
        .into_iter()
        .map(|e| e.key()),
    );
    for key in keys {
        assert!(en.contains_key(key), "en lacks {key}");
        assert!(zh.contains_key(key), "zh-CN lacks {key}");
    }
}

#[test]
fn the_word_scan_finds_english_and_skips_placeholders() {
    assert_eq!(latin_words("已选 {count} 台 VM"), vec!["VM"]);
    assert_eq!(latin_words("Run {cmd} on ISO"), vec!["Run", "on", "ISO"]);
    assert!(latin_words("{time} 后仍无结果 5 s").is_empty());
}

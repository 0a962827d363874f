//! English and Simplified Chinese. The catalogues are `locales/<lang>/*.json`;
//! `build.rs` turns them into one constant per message (`k::login::TITLE`)
//! and a static array of strings per language, so a message costs one table
//! entry, a lookup is an index, and a missing translation fails the build.
//!
//! Using it:
//! - text in a view: `{tr(k::area::KEY)}` (a signal: it follows the switch);
//!   the same for attributes: `aria-label=tr(k::area::KEY)`;
//! - inside a reactive closure: `t(k::area::KEY)`;
//! - with values: `tf(k::area::KEY, &[("count", &n)])` for `"{count} VMs"`;
//! - state that outlives a switch keeps the `Msg`, never the translated text.
//!
//! The language comes from the stored choice (`zstack.lang`), else the
//! browser's languages, else English; the header's switch changes and stores it.

use gloo_storage::{LocalStorage, Storage};
use leptos::prelude::*;
use std::fmt::Display;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// One message of the catalogues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Msg(pub(crate) u16);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    ZhCn,
}

pub const STORAGE_KEY: &str = "zstack.lang";

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::ZhCn];

    /// The BCP 47 tag, for `<html lang>`, storage and `Intl`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::ZhCn => "zh-CN",
        }
    }

    /// The language's name in itself, as a language menu shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::ZhCn => "简体中文",
        }
    }

    /// A browser language tag (`zh-Hans-CN`, `en-GB`) to ours; `None` for others.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            // Traditional-script readers are still better served by Chinese.
            "zh" => Some(Lang::ZhCn),
            _ => None,
        }
    }

    fn table(self) -> &'static [&'static str] {
        match self {
            Lang::En => &EN,
            Lang::ZhCn => &ZH_CN,
        }
    }
}

// Reference-counted, not arena-owned: the first read may happen inside an
// effect, and an arena signal would be disposed with that effect's owner.
thread_local! {
    static LANG: ArcRwSignal<Lang> = ArcRwSignal::new(initial());
}

fn initial() -> Lang {
    stored().or_else(from_browser).unwrap_or(Lang::En)
}

fn stored() -> Option<Lang> {
    let raw = LocalStorage::raw().get_item(STORAGE_KEY).ok().flatten()?;
    Lang::ALL.into_iter().find(|l| l.tag() == raw)
}

fn from_browser() -> Option<Lang> {
    let nav = web_sys::window()?.navigator();
    nav.languages()
        .iter()
        .filter_map(|v| v.as_string())
        .chain(nav.language())
        .find_map(|tag| Lang::from_tag(&tag))
}

/// The current language (tracked).
pub fn lang() -> Lang {
    LANG.with(|s| s.get())
}

/// Sets `<html lang>` (screen readers pick their voice by it) and the
/// window title now and whenever the language changes.
pub fn init() {
    Effect::new(move |_| {
        let doc = document();
        if let Some(root) = doc.document_element() {
            let _ = root.set_attribute("lang", lang().tag());
        }
        doc.set_title(t(k::common::BRAND));
    });
}

/// The header's switch: changes every visible string at once and remembers it.
pub fn set_lang(l: Lang) {
    let _ = LocalStorage::raw().set_item(STORAGE_KEY, l.tag());
    LANG.with(|s| s.set(l));
}

/// The text of a message in the current language (tracked).
pub fn t(m: Msg) -> &'static str {
    lang().table()[m.0 as usize]
}

/// A message as a signal, for view text and attributes.
pub fn tr(m: Msg) -> Signal<&'static str> {
    Signal::derive(move || t(m))
}

/// A message with `{name}` placeholders filled in (tracked).
pub fn tf(m: Msg, args: &[(&str, &dyn Display)]) -> String {
    fill(t(m), args)
}

/// The text for a dotted key from `zstack-api` (`Reason::key`); the key
/// itself if the catalogue lacks it (a test keeps that from happening).
pub fn t_key(key: &str) -> &'static str {
    lookup(key).map(t).unwrap_or("?")
}

/// `{name}` placeholders replaced by values; unknown ones are kept as written.
pub fn fill(text: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => {
                        use std::fmt::Write;
                        let _ = write!(out, "{v}");
                    }
                    None => out.push_str(&rest[start..start + end + 2]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A ZStack date (the management node's local time, no zone sent) as the
/// chosen language writes it: `Nov 23, 2026, 2:01 PM` or `2026年11月23日 14:01`.
/// `None` when ZStack sent something that is not a date. Written here rather
/// than with `Intl`: its first use loads locale data on the main thread
/// (20-90 ms measured), which landed between the API answers and the badges.
pub fn date(ts: &zstack_api::Timestamp) -> Option<String> {
    let d = ts.parse()?;
    Some(match lang() {
        Lang::En => {
            let (h12, half) = match d.hour {
                0 => (12, "AM"),
                h @ 1..=11 => (h, "AM"),
                12 => (12, "PM"),
                h => (h - 12, "PM"),
            };
            let month = MONTHS[usize::from(d.month.clamp(1, 12) - 1)];
            format!(
                "{month} {}, {}, {h12}:{:02} {half}",
                d.day, d.year, d.minute
            )
        }
        Lang::ZhCn => format!(
            "{}年{}月{}日 {:02}:{:02}",
            d.year, d.month, d.day, d.hour, d.minute
        ),
    })
}

/// A message whose `{placeholders}` hold values we do not translate (names,
/// UUIDs, what the user typed): each value in a `translate="no"` span, so
/// translation tools and the Chinese-text check leave it alone. Placeholders
/// without a value stay as written.
pub fn with_data<S: AsRef<str>>(text: &str, values: &[(&str, S)]) -> Vec<AnyView> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + len];
        let Some((_, value)) = values.iter().find(|(n, _)| *n == name) else {
            out.push(rest[..start + len + 1].to_owned().into_any());
            rest = &rest[start + len + 1..];
            continue;
        };
        if start > 0 {
            out.push(rest[..start].to_owned().into_any());
        }
        out.push(view! { <span translate="no">{value.as_ref().to_owned()}</span> }.into_any());
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        out.push(rest.to_owned().into_any());
    }
    out
}

/// [`with_data`] on a message of ours, in the current language. Call inside a
/// reactive closure so that a language switch re-draws it.
pub fn msg_with_data<S: AsRef<str>>(m: Msg, values: &[(&str, S)]) -> Vec<AnyView> {
    with_data(t(m), values)
}

//! Recognising output that the host decoded with the wrong charset.
//!
//! The host tries UTF-8, then GB2312, then ISO-8859-1, so text whose bytes
//! were neither lands here as Latin-1: one character U+0000–U+00FF per byte,
//! which gives the bytes back exactly. The crate carries no GBK tables (they
//! would add ~100 KB to the wasm); the browser's `TextDecoder('gbk')` decodes.

/// How a stream part's text should be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputEncoding {
    /// Shown as it is: ASCII, real Unicode, or nothing recognisably garbled.
    Plain,
    /// GBK bytes (a Chinese Windows guest, code page 936) the host read as
    /// ISO-8859-1: hand [`latin1_bytes`] to `TextDecoder('gbk')`.
    GbkAsLatin1,
    /// UTF-16LE bytes (`cmd /u`) the host read as ISO-8859-1 (or as UTF-8,
    /// when every unit was ASCII): read it with [`decode_utf16le`].
    Utf16LeAsLatin1,
}

impl OutputEncoding {
    /// The WHATWG label the browser's `TextDecoder` needs, when the browser
    /// must do the decoding (the crate decodes UTF-16LE itself).
    pub fn text_decoder_label(self) -> Option<&'static str> {
        match self {
            OutputEncoding::GbkAsLatin1 => Some("gbk"),
            OutputEncoding::Plain | OutputEncoding::Utf16LeAsLatin1 => None,
        }
    }
}

/// Classifies a stream part, conservatively: anything not clearly garbled is
/// [`OutputEncoding::Plain`], so English, real UTF-8 Chinese and a lone
/// accented letter (`caf\u{e9}`) are never touched.
///
/// Call it on the text as received, before [`strip_ansi`](crate::strip_ansi).
pub fn detect_encoding(text: &str) -> OutputEncoding {
    // The common case, decided without copying: GBK needs high bytes and
    // UTF-16 needs NULs, and a megabyte of plain output has neither.
    if text.is_ascii() && !text.as_bytes().contains(&0) {
        return OutputEncoding::Plain;
    }
    let Some(bytes) = latin1_bytes(text) else {
        return OutputEncoding::Plain;
    };
    if utf16_start(&bytes).is_some() {
        OutputEncoding::Utf16LeAsLatin1
    } else if looks_gbk(&bytes) {
        OutputEncoding::GbkAsLatin1
    } else {
        OutputEncoding::Plain
    }
}

/// The bytes behind Latin-1 text, for the app to hand to `TextDecoder`;
/// `None` when a character above U+00FF shows it was never Latin-1.
pub fn latin1_bytes(text: &str) -> Option<Vec<u8>> {
    text.chars().map(|c| u8::try_from(c).ok()).collect()
}

/// Reads UTF-16LE that arrived as Latin-1 (`cmd /u`): the decoding is small
/// and pure, so unlike GBK it lives here. A byte-order mark is dropped, a
/// leading NUL left over from a cut line is skipped, unpaired surrogates and
/// an odd last byte become U+FFFD; `None` when the text was never Latin-1.
pub fn decode_utf16le(text: &str) -> Option<String> {
    let bytes = latin1_bytes(text)?;
    let body = &bytes[utf16_start(&bytes).unwrap_or(0)..];
    let body = body.strip_prefix(&UTF16LE_BOM).unwrap_or(body);
    let units: Vec<u16> = body
        .chunks_exact(2)
        .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
        .collect();
    let mut out = String::from_utf16_lossy(&units);
    if body.len() % 2 == 1 {
        out.push(char::REPLACEMENT_CHARACTER);
    }
    Some(out)
}

const UTF16LE_BOM: [u8; 2] = [0xFF, 0xFE];

/// Where UTF-16LE code units start, if the bytes look like UTF-16LE: a BOM,
/// or NULs as the high byte of most ASCII-range units. ZStack keeps the last
/// lines, cut after a `\n` byte, so a part may start with the `\n`'s NUL:
/// then the units start at 1.
fn utf16_start(bytes: &[u8]) -> Option<usize> {
    if bytes.starts_with(&UTF16LE_BOM) || nul_high_bytes(bytes) {
        Some(0)
    } else if bytes.first() == Some(&0) && nul_high_bytes(&bytes[1..]) {
        Some(1)
    } else {
        None
    }
}

/// At least two NULs, on at least a quarter of the units, nearly all at odd
/// positions (high bytes). Text never has that; `find -print0` puts its NULs
/// at either parity and far apart. A NUL low byte (U+xx00) is allowed rarely.
fn nul_high_bytes(bytes: &[u8]) -> bool {
    let (mut odd, mut even) = (0usize, 0usize);
    for (i, _) in bytes.iter().enumerate().filter(|(_, &b)| b == 0) {
        if i % 2 == 1 {
            odd += 1;
        } else {
            even += 1;
        }
    }
    let units = bytes.len() / 2;
    odd >= 2 && odd * 4 >= units && even * 4 <= odd
}

/// Valid GBK throughout (lead 0x81–0xFE, trail 0x40–0x7E or 0x80–0xFE, no
/// stray high byte; 0x80 alone is code page 936's euro sign), with at least
/// one GB2312 hanzi (lead 0xB0–0xF7, trail 0xA1–0xFE).
///
/// One more guard keeps European Latin-1 plain: there, an accented letter
/// before an ASCII letter forms a "pair" with an ASCII-range trail, which in
/// Chinese only GBK-only characters have. So pairs in GB2312's form (both
/// bytes 0xA1 or more) must outnumber pairs with an ASCII-range trail.
fn looks_gbk(bytes: &[u8]) -> bool {
    let (mut hanzi, mut gb2312_form, mut ascii_trail) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        // ASCII, or 0x80: the euro sign, a single byte in code page 936.
        if lead <= 0x80 {
            i += 1;
            continue;
        }
        let Some(&trail) = bytes.get(i + 1) else {
            return false;
        };
        if lead == 0xFF || !matches!(trail, 0x40..=0x7E | 0x80..=0xFE) {
            return false;
        }
        if (0xB0..=0xF7).contains(&lead) && trail >= 0xA1 {
            hanzi += 1;
        }
        if (0xA1..=0xF7).contains(&lead) && trail >= 0xA1 {
            gb2312_form += 1;
        }
        if trail < 0x80 {
            ascii_trail += 1;
        }
        i += 2;
    }
    hanzi > 0 && gb2312_form > ascii_trail
}

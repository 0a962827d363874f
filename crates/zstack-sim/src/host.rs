//! What ZStack's host makes of the bytes a guest wrote (ZSTACK-API.md §7):
//! each stream keeps its last 1,000 lines, then is decoded as UTF-8, else
//! GB2312, else ISO-8859-1 (one byte, one character).

use encoding_rs::GBK;

/// Lines of each stream that ZStack keeps (the last ones; no flag says so).
pub const KEPT_LINES: usize = 1_000;

/// The last `n` lines of `bytes`. A final `\n` ends the last line rather than
/// starting another. `\n` never occurs inside a UTF-8 or GBK character, so the
/// cut is safe before decoding.
pub fn last_lines(bytes: &[u8], n: usize) -> &[u8] {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let mut seen = 0;
    for (i, &b) in body.iter().enumerate().rev() {
        if b == b'\n' {
            seen += 1;
            if seen == n {
                return &bytes[i + 1..];
            }
        }
    }
    bytes
}

/// The host's decoding: valid UTF-8 as is; else valid GB2312 decoded; else
/// every byte as the character U+0000-U+00FF of the same value.
pub fn decode(bytes: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return text.to_owned();
    }
    if is_gb2312(bytes) {
        return GBK.decode_without_bom_handling(bytes).0.into_owned();
    }
    bytes.iter().map(|&b| char::from(b)).collect()
}

/// GB2312 (EUC-CN): ASCII, or two bytes both in 0xA1-0xFE that name an
/// assigned character. encoding_rs has no GB2312 decoder of its own; GBK is a
/// superset, so a pair is checked by decoding it as GBK and refusing what GBK
/// maps to the private use area (GB2312's unassigned rows).
pub fn is_gb2312(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        let Some(&t) = bytes.get(i + 1) else {
            return false;
        };
        if !(0xA1..=0xFE).contains(&b) || !(0xA1..=0xFE).contains(&t) {
            return false;
        }
        let (text, bad) = GBK.decode_without_bom_handling(&bytes[i..i + 2]);
        let assigned = text
            .chars()
            .all(|c| !('\u{E000}'..='\u{F8FF}').contains(&c) && c != '\u{FFFD}');
        if bad || !assigned {
            return false;
        }
        i += 2;
    }
    true
}

/// One stream as it arrives: cut, then decoded.
pub fn arrive(bytes: &[u8], cut: bool) -> String {
    decode(if cut {
        last_lines(bytes, KEPT_LINES)
    } else {
        bytes
    })
}

/// ZStack's only documented shape of the `stream` field.
pub fn stream(stdout: &str, stderr: &str) -> String {
    format!("standardStream: {stdout}, errorStream: {stderr}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gbk(text: &str) -> Vec<u8> {
        GBK.encode(text).0.into_owned()
    }

    #[test]
    fn cut_keeps_the_last_lines() {
        assert_eq!(last_lines(b"a\nb\nc\n", 2), b"b\nc\n");
        assert_eq!(last_lines(b"a\nb\nc", 2), b"b\nc");
        assert_eq!(last_lines(b"a\nb\n", 2), b"a\nb\n");
        assert_eq!(last_lines(b"", 2), b"");
        assert_eq!(last_lines(b"\n\n\n", 1), b"\n");
        let seq: String = (1..=1500).map(|n| format!("{n}\n")).collect();
        let kept = last_lines(seq.as_bytes(), KEPT_LINES);
        assert!(kept.starts_with(b"501\n") && kept.ends_with(b"1500\n"));
    }

    #[test]
    fn decoding_follows_the_hosts_order() {
        assert_eq!(decode("中文".as_bytes()), "中文");
        assert_eq!(decode(&gbk("中文")), "中文");
        // 镕 is GBK only (0xE9 0x46): the whole stream goes through ISO-8859-1.
        let bytes = gbk("中文镕");
        assert_eq!(bytes, [0xD6, 0xD0, 0xCE, 0xC4, 0xE9, 0x46]);
        assert!(!is_gb2312(&bytes));
        assert_eq!(decode(&bytes), "ÖÐÎÄéF");
        assert!(is_gb2312(&gbk("活动代码页: 936\r\n")));
        assert!(!is_gb2312(&[0xD6]));
        assert!(!is_gb2312(&[0xAA, 0xA1]), "an unassigned row");
    }
}

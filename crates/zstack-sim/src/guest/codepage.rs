//! The bytes a guest writes: Linux and `chcp 65001` write UTF-8; a Chinese
//! Windows console writes code page 936 (GBK); code page 437 writes ASCII.
//! A character the code page lacks becomes `?`, as Windows writes it.

use encoding_rs::GBK;

pub const UTF8: u16 = 65001;
pub const GBK_936: u16 = 936;
pub const US_437: u16 = 437;

/// The code pages `chcp` accepts here.
pub fn known(cp: u16) -> bool {
    matches!(cp, UTF8 | GBK_936 | US_437)
}

pub fn encode(text: &str, cp: u16) -> Vec<u8> {
    if text.is_ascii() || cp == UTF8 {
        return text.as_bytes().to_vec();
    }
    if cp == GBK_936 {
        let (bytes, _, unmappable) = GBK.encode(text);
        if !unmappable {
            return bytes.into_owned();
        }
    }
    let mut out = Vec::with_capacity(text.len());
    let mut buf = [0; 4];
    for c in text.chars() {
        match cp {
            _ if c.is_ascii() => out.push(c as u8),
            GBK_936 => match GBK.encode(c.encode_utf8(&mut buf)) {
                (bytes, _, false) => out.extend_from_slice(&bytes),
                _ => out.push(b'?'),
            },
            _ => out.push(b'?'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_pages() {
        assert_eq!(encode("中文", UTF8), "中文".as_bytes());
        assert_eq!(encode("中文", GBK_936), [0xD6, 0xD0, 0xCE, 0xC4]);
        assert_eq!(encode("中😀", GBK_936), [0xD6, 0xD0, b'?']);
        assert_eq!(encode("a中", US_437), b"a?");
    }
}

//! Garbled output: real GBK and UTF-16LE bytes, read by the host as Latin-1.

use encoding_rs::GBK;
use proptest::prelude::*;
use zstack_api::*;

/// Real GBK bytes, as a Chinese Windows guest (code page 936) writes them.
fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = GBK.encode(text);
    assert!(!unmappable, "{text:?} is not all GBK");
    bytes.into_owned()
}

/// What the host's last decoding step (ISO-8859-1) makes of bytes.
fn as_latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn utf16le(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

fn from_gbk(bytes: &[u8]) -> String {
    GBK.decode_without_bom_handling(bytes).0.into_owned()
}

/// A `dir` listing on a Chinese Windows guest; `镕` is outside GB2312, so the
/// host's GB2312 step fails and the whole stream goes through Latin-1.
const DIR_LISTING: &str = " 驱动器 C 中的卷没有标签。\r\n 卷的序列号是 5A3C-1B2F\r\n\r\n \
     C:\\Users\\管理员 的目录\r\n\r\n2024/05/01  10:00    <DIR>          .\r\n\
     2024/05/01  10:02             1,024 朱镕基.txt\r\n               1 个文件          1,024 字节\r\n";

#[test]
fn the_documented_example() {
    let mojibake = as_latin1(&gbk("中文"));
    assert_eq!(mojibake, "ÖÐÎÄ");
    assert_eq!(detect_encoding(&mojibake), OutputEncoding::GbkAsLatin1);
    assert_eq!(latin1_bytes(&mojibake).unwrap(), gbk("中文"));
}

#[test]
fn pure_chinese_with_a_gbk_only_character() {
    let text = "朱镕基同志的讲话";
    let mojibake = as_latin1(&gbk(text));
    assert_eq!(detect_encoding(&mojibake), OutputEncoding::GbkAsLatin1);
    assert_eq!(from_gbk(&latin1_bytes(&mojibake).unwrap()), text);
}

#[test]
fn mixed_ascii_and_chinese_with_windows_line_ends() {
    let mojibake = as_latin1(&gbk(DIR_LISTING));
    assert!(mojibake.contains("\r\n"));
    assert_eq!(detect_encoding(&mojibake), OutputEncoding::GbkAsLatin1);
    let bytes = latin1_bytes(&mojibake).unwrap();
    assert_eq!(bytes, gbk(DIR_LISTING));
    assert_eq!(from_gbk(&bytes), DIR_LISTING);
    assert_eq!(
        OutputEncoding::GbkAsLatin1.text_decoder_label(),
        Some("gbk")
    );
}

#[test]
fn code_page_936_euro_sign_is_gbk() {
    let text = "价格：100€\r\n";
    let bytes = gbk(text);
    assert!(bytes.contains(&0x80));
    assert_eq!(
        detect_encoding(&as_latin1(&bytes)),
        OutputEncoding::GbkAsLatin1
    );
}

#[test]
fn plain_text_stays_plain() {
    for text in [
        "",
        "hello world\n",
        "Volume in drive C has no label.\r\n Directory of C:\\\r\n",
        // Real UTF-8 Chinese, decoded by the host's first step.
        "中文\n驱动器 C 中的卷没有标签。",
        // A lone high byte, as Latin-1 or as real Unicode alike.
        "caf\u{e9}",
        "caf\u{e9} au lait",
        "na\u{ef}ve r\u{e9}sum\u{e9}\n",
        // European Latin-1 whose bytes happen to pair up as GBK.
        "Gr\u{f6}\u{df}e M\u{e4}dchen",
        "Gr\u{f6}\u{df}e M\u{e4}dchen Gr\u{fc}\u{df}e",
        // A stray high byte spoils otherwise valid GBK.
        "\u{d6}\u{d0}\u{ce}\u{c4}\u{e9}",
        "\u{d6}\u{d0} \u{ff}\u{a1}",
        // Valid GBK pairs, but none a GB2312 hanzi.
        "\u{81}\u{40}\u{a1}\u{a1}",
        // `find -print0`: NULs, but not as UTF-16 high bytes.
        "./a.txt\0./bb.txt\0./ccc.txt\0",
        "emoji 😀 and \u{fffd}",
    ] {
        assert_eq!(detect_encoding(text), OutputEncoding::Plain, "{text:?}");
    }
    assert_eq!(OutputEncoding::Plain.text_decoder_label(), None);
}

#[test]
fn latin1_bytes_refuses_text_that_was_never_latin1() {
    assert_eq!(latin1_bytes("caf\u{e9}"), Some(b"caf\xe9".to_vec()));
    assert_eq!(latin1_bytes("\0\u{ff}"), Some(vec![0, 0xFF]));
    assert_eq!(latin1_bytes("中"), None);
    assert_eq!(latin1_bytes("\u{100}"), None);
    assert_eq!(latin1_bytes(""), Some(vec![]));
}

#[test]
fn cmd_u_output_is_utf16le() {
    // Chinese units have no NUL, but the ASCII ones and the line ends do.
    let text = DIR_LISTING;
    let received = as_latin1(&utf16le(text));
    assert!(received.contains('\0'));
    assert_eq!(detect_encoding(&received), OutputEncoding::Utf16LeAsLatin1);
    assert_eq!(decode_utf16le(&received).as_deref(), Some(text));
    assert_eq!(OutputEncoding::Utf16LeAsLatin1.text_decoder_label(), None);
}

#[test]
fn ascii_utf16le_passes_the_hosts_utf8_step_and_is_still_found() {
    let received = String::from_utf8(utf16le("Volume in drive C\r\n")).unwrap();
    assert_eq!(detect_encoding(&received), OutputEncoding::Utf16LeAsLatin1);
    assert_eq!(
        decode_utf16le(&received).as_deref(),
        Some("Volume in drive C\r\n")
    );
}

#[test]
fn utf16le_bom_and_cut_starts() {
    let mut with_bom = vec![0xFF, 0xFE];
    with_bom.extend(utf16le("中文"));
    let received = as_latin1(&with_bom);
    assert_eq!(detect_encoding(&received), OutputEncoding::Utf16LeAsLatin1);
    assert_eq!(decode_utf16le(&received).as_deref(), Some("中文"));

    // Kept lines start after a `\n` byte, leaving that unit's NUL in front.
    let cut = as_latin1(&utf16le("x\nline two\r\nline three\r\n")[3..]);
    assert!(cut.starts_with('\0'));
    assert_eq!(detect_encoding(&cut), OutputEncoding::Utf16LeAsLatin1);
    assert_eq!(
        decode_utf16le(&cut).as_deref(),
        Some("line two\r\nline three\r\n")
    );

    // An odd last byte and a lone surrogate are marked, not dropped.
    let mut odd = utf16le("ab");
    odd.push(b'c');
    assert_eq!(
        decode_utf16le(&as_latin1(&odd)).as_deref(),
        Some("ab\u{fffd}")
    );
    assert_eq!(
        decode_utf16le(&as_latin1(&[0x3D, 0xD8, b'a', 0])).as_deref(),
        Some("\u{fffd}a")
    );
    assert_eq!(decode_utf16le("中"), None);
}

/// GB2312 level-1 hanzi (lead 0xB0–0xD7), the everyday characters.
fn gb2312_hanzi() -> impl Strategy<Value = char> {
    (0xB0u8..=0xD7, 0xA1u8..=0xFE)
        .prop_filter("unassigned", |&(lead, trail)| lead != 0xD7 || trail < 0xFA)
        .prop_map(|(lead, trail)| from_gbk(&[lead, trail]).chars().next().unwrap())
}

fn cjk() -> impl Strategy<Value = char> {
    (0x4E00u32..=0x9FA5).prop_map(|c| char::from_u32(c).unwrap())
}

proptest! {
    #[test]
    fn any_gbk_hanzi_survive_the_round_trip(text in prop::collection::vec(cjk(), 1..40)) {
        let text: String = text.into_iter().collect();
        let bytes = gbk(&text);
        let mojibake = as_latin1(&bytes);
        let back = latin1_bytes(&mojibake).unwrap();
        prop_assert_eq!(&back, &bytes);
        prop_assert_eq!(from_gbk(&back), text);
    }

    #[test]
    fn chinese_mixed_with_ascii_is_found(
        parts in prop::collection::vec(
            prop_oneof![gb2312_hanzi().prop_map(String::from), "[ -~]{0,6}", Just("\r\n".to_owned())],
            0..20,
        ),
        hanzi in gb2312_hanzi(),
    ) {
        let text = format!("{hanzi}{}", parts.concat());
        prop_assert_eq!(detect_encoding(&as_latin1(&gbk(&text))), OutputEncoding::GbkAsLatin1);
    }

    #[test]
    fn ascii_and_real_unicode_stay_plain(ascii in "[\t\n\r -~]{0,80}", wide in ".*[^\u{0}-\u{ff}].*") {
        prop_assert_eq!(detect_encoding(&ascii), OutputEncoding::Plain);
        prop_assert_eq!(detect_encoding(&wide), OutputEncoding::Plain);
        prop_assert_eq!(latin1_bytes(&wide), None);
    }

    #[test]
    fn utf16le_comes_back(text in "[ -~\u{4e00}-\u{9fa5}]{0,30}") {
        let text = format!("{text}\r\n");
        let received = as_latin1(&utf16le(&text));
        prop_assert_eq!(decode_utf16le(&received), Some(text));
    }
}

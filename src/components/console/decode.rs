//! Reading output that ZStack's host decoded with the wrong character set:
//! the browser's `TextDecoder` turns the bytes back into text (GBK tables are
//! the browser's, never ours), and the reader's choice is kept per VM.

use gloo_storage::{LocalStorage, Storage};
use zstack_api::{decode_utf16le, latin1_bytes, OutputEncoding};

/// `text` re-read as `encoding` says; `None` when it cannot be (then it is
/// shown as sent).
pub fn redecode(text: &str, encoding: OutputEncoding) -> Option<String> {
    match encoding {
        OutputEncoding::Plain => None,
        OutputEncoding::Utf16LeAsLatin1 => decode_utf16le(text),
        OutputEncoding::GbkAsLatin1 => {
            let bytes = latin1_bytes(text)?;
            let decoder = web_sys::TextDecoder::new_with_label("gbk").ok()?;
            decoder.decode_with_u8_array(&bytes).ok()
        }
    }
}

fn key(scope: &str) -> String {
    format!("zstack.decode:{scope}")
}

/// Whether the reader chose to decode this VM's output.
pub fn remembered(scope: Option<&str>) -> bool {
    scope.is_some_and(|s| LocalStorage::get::<bool>(key(s)).unwrap_or(false))
}

pub fn remember(scope: Option<&str>, on: bool) {
    let Some(s) = scope else { return };
    if on {
        // Storage can be full or disabled; the choice then lasts for this view.
        let _ = LocalStorage::set(key(s), true);
    } else {
        LocalStorage::delete(key(s));
    }
}

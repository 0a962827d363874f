//! Output leaving the page: saved as a file, or put on the clipboard.

use crate::i18n::{k, Msg};
use wasm_bindgen::JsCast;

/// Saves `text` as the file `name` through a temporary object URL.
pub fn save_text(text: &str, name: &str, mime: &str) -> Result<(), Msg> {
    let failed = k::script_run::SAVE_FAILED;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob =
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| failed)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| failed)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or(failed)?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| failed)?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Puts `text` on the clipboard; the message says how it went.
pub async fn copy_text(text: &str) -> Msg {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        return k::script_run::CLIPBOARD_REFUSED;
    };
    match wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text)).await {
        Ok(_) => k::script_run::COPIED,
        Err(_) => k::script_run::CLIPBOARD_REFUSED,
    }
}

/// A file name part from data (a VM's or script's name): letters, digits,
/// `-`, `_` and `.` kept, anything else `_`, at most 60 characters.
pub fn file_part(s: &str) -> String {
    let cleaned: String = s
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .take(60)
        .collect();
    let trimmed = cleaned.trim_matches('.');
    if trimmed.is_empty() {
        "run".into()
    } else {
        trimmed.to_owned()
    }
}

//! Output leaving the page: saved as a file, or put on the clipboard. The
//! callers word a failure in their own area's messages.

use crate::i18n::Msg;
use wasm_bindgen::JsCast;

/// Saves `text` as the file `name` through a temporary object URL; `failed`
/// is the caller's words for a browser that refused.
pub fn save_text(text: &str, name: &str, mime: &str, failed: Msg) -> Result<(), Msg> {
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

/// Puts `text` on the clipboard; whether the browser let it.
pub async fn copy_text(text: &str) -> bool {
    let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(text))
        .await
        .is_ok()
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

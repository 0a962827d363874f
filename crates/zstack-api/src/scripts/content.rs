//! `encodingType`: which server generation the console talks to, how a
//! script's content is sent, and how what comes back is read.

use crate::error::ApiError;
use crate::models::{EncodingType, GuestVmScriptInventory};
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine;

/// What the console knows of the server's script API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ServerGeneration {
    /// Nothing seen yet (an empty library).
    #[default]
    Unknown,
    /// 5.2 / 5.3: no `encodingType` anywhere.
    Legacy,
    /// Newer releases: inventories carry `encodingType`, create requires it.
    Newer,
}

impl ServerGeneration {
    /// From a page of the library: any script carrying `encodingType` proves
    /// a newer server; scripts that all lack it read as 5.2/5.3; no script
    /// proves nothing.
    ///
    /// "All lack it" can also be a newer server whose scripts all predate the
    /// field; a create sent as for 5.2/5.3 is then refused naming
    /// `encodingType` ([`encoding_required`]), and the caller resends as for
    /// a newer one. The reverse mistake cannot happen: only a newer server
    /// writes the field.
    pub fn from_scripts<'a>(scripts: impl IntoIterator<Item = &'a GuestVmScriptInventory>) -> Self {
        scripts
            .into_iter()
            .fold(ServerGeneration::Unknown, |g, s| g.learn(s))
    }

    /// What one more inventory (a query row, a create's or update's reply)
    /// teaches. `Newer` is final.
    pub fn learn(self, script: &GuestVmScriptInventory) -> Self {
        match (self, &script.encoding_type) {
            (ServerGeneration::Newer, _) | (_, Some(_)) => ServerGeneration::Newer,
            _ => ServerGeneration::Legacy,
        }
    }

    /// The `encodingType` a create sends (`None`: no such key).
    ///
    /// Unknown sends `PlainText` with the content as typed, the one body
    /// both generations store correctly: a newer server has the field it
    /// requires and reads the content as plain text; a 5.2/5.3 REST layer
    /// fills the API message from the `params` object (Gson) and drops the
    /// key it does not declare, so it stores the same text. Base64 there
    /// would be stored as Base64 text by an old server, and no key at all
    /// would be refused by a newer one. The reply's inventory then settles
    /// the generation ([`ServerGeneration::learn`]).
    pub fn create_encoding(self) -> Option<EncodingType> {
        match self {
            ServerGeneration::Newer => Some(EncodingType::Base64),
            ServerGeneration::Legacy => None,
            ServerGeneration::Unknown => Some(EncodingType::PlainText),
        }
    }
}

/// The `encodingType` an update of new content sends: the one the script's
/// inventory shows, so that the server keeps reading it as before. An
/// encoding this console cannot write is replaced by `PlainText` (the server
/// knows the field, since it sent one).
pub fn update_encoding(script: &GuestVmScriptInventory) -> Option<EncodingType> {
    match &script.encoding_type {
        None => None,
        Some(EncodingType::Base64) => Some(EncodingType::Base64),
        Some(_) => Some(EncodingType::PlainText),
    }
}

/// Whether a refused create says that `encodingType` is required: a newer
/// server taken for 5.2/5.3. Its validation names the field, in the error
/// or a cause (503), or in a plain-text 400.
pub fn encoding_required(err: &ApiError) -> bool {
    let names_it = |t: &str| t.to_ascii_lowercase().contains("encodingtype");
    let any = |s: &Option<String>| s.as_deref().is_some_and(names_it);
    match err {
        ApiError::Api { error, .. } => error
            .chain()
            .any(|e| any(&e.description) || any(&e.details) || any(&e.elaboration)),
        ApiError::Rest { message, .. } => names_it(message),
        _ => false,
    }
}

/// The content as sent for an `encodingType`: Base64 of its UTF-8 bytes,
/// or as typed.
pub fn encode_content(text: &str, encoding: Option<&EncodingType>) -> String {
    match encoding {
        Some(EncodingType::Base64) => STANDARD.encode(text.as_bytes()),
        _ => text.to_owned(),
    }
}

/// A script's content as read back.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScriptText {
    pub text: String,
    /// The content says Base64 but is not Base64 of UTF-8 text: `text` is
    /// the content as sent, which must not be edited and saved as a script.
    pub undecodable: bool,
}

/// Reads `scriptContent` under its `encodingType`: Base64 decoded to text
/// (line breaks and missing padding tolerated, as Java's MIME decoder
/// writes them), anything else as sent. Never fails.
pub fn decode_content(content: &str, encoding: Option<&EncodingType>) -> ScriptText {
    if encoding != Some(&EncodingType::Base64) {
        return ScriptText {
            text: content.to_owned(),
            undecodable: false,
        };
    }
    let compact: String = content
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let bytes = STANDARD
        .decode(&compact)
        .or_else(|_| STANDARD_NO_PAD.decode(compact.trim_end_matches('=')));
    match bytes.ok().and_then(|b| String::from_utf8(b).ok()) {
        Some(text) => ScriptText {
            text,
            undecodable: false,
        },
        None => ScriptText {
            text: content.to_owned(),
            undecodable: true,
        },
    }
}

/// [`decode_content`] of a script inventory's content.
pub fn script_text(script: &GuestVmScriptInventory) -> ScriptText {
    decode_content(
        script.script_content.as_deref().unwrap_or_default(),
        script.encoding_type.as_ref(),
    )
}

//! Both server generations: telling them apart, what a create and an update
//! send to each, reading content back, and a draft's round trip.

use serde_json::{json, Value};
use zstack_api::models::ErrorCode;
use zstack_api::scripts::*;
use zstack_api::*;

const SCRIPT: &str = "2c1b0f6c0f8a4a1e9d3b7c5e8f901234";

fn params(req: &ApiRequest, key: &str) -> Value {
    let v: Value = serde_json::from_str(req.body.as_deref().unwrap()).unwrap();
    v[key].clone()
}

fn script(encoding: Option<EncodingType>, content: &str) -> GuestVmScriptInventory {
    GuestVmScriptInventory {
        uuid: Some(SCRIPT.into()),
        name: Some("s".into()),
        encoding_type: encoding,
        script_content: Some(content.into()),
        platform: Some(ScriptPlatform::Linux),
        script_type: Some(ScriptType::Shell),
        script_timeout: Some(60),
        ..Default::default()
    }
}

fn draft(content: &str) -> ScriptDraft {
    ScriptDraft {
        name: "s".into(),
        script_content: content.into(),
        ..ScriptDraft::default()
    }
}

fn library(fixture: &str) -> Vec<GuestVmScriptInventory> {
    let r: GuestVmScriptQueryReply = serde_json::from_str(fixture).unwrap();
    r.inventories
}

#[test]
fn generation_from_inventories() {
    let newer = library(include_str!(
        "fixtures/scripts/query_guest_vm_script.newer.json"
    ));
    let legacy = library(include_str!(
        "fixtures/scripts/query_guest_vm_script.legacy.json"
    ));
    assert_eq!(
        ServerGeneration::from_scripts(&newer),
        ServerGeneration::Newer
    );
    assert_eq!(
        ServerGeneration::from_scripts(&legacy),
        ServerGeneration::Legacy
    );
    assert_eq!(
        ServerGeneration::from_scripts(&[]),
        ServerGeneration::Unknown
    );
    assert_eq!(ServerGeneration::default(), ServerGeneration::Unknown);
    // One script with the field among old ones proves a newer server.
    let mixed: Vec<_> = legacy.iter().chain(&newer[..1]).cloned().collect();
    assert_eq!(
        ServerGeneration::from_scripts(&mixed),
        ServerGeneration::Newer
    );
    // Newer is final; a reply teaches an unknown generation.
    assert_eq!(
        ServerGeneration::Newer.learn(&legacy[0]),
        ServerGeneration::Newer
    );
    assert_eq!(
        ServerGeneration::Unknown.learn(&newer[0]),
        ServerGeneration::Newer
    );
    assert_eq!(
        ServerGeneration::Unknown.learn(&legacy[0]),
        ServerGeneration::Legacy
    );
}

#[test]
fn create_per_generation() {
    let text = "echo \"hello 世界\"";
    let newer = CreateGuestVmScript::new(draft(text), ServerGeneration::Newer).request();
    let p = params(&newer, "params");
    assert_eq!(p["encodingType"], "Base64");
    assert_eq!(p["scriptContent"], "ZWNobyAiaGVsbG8g5LiW55WMIg==");

    let legacy = CreateGuestVmScript::new(draft(text), ServerGeneration::Legacy).request();
    let p = params(&legacy, "params");
    assert_eq!(p["scriptContent"], text);
    assert!(p.get("encodingType").is_none(), "{p}");

    let unknown = CreateGuestVmScript::new(draft(text), ServerGeneration::Unknown).request();
    let p = params(&unknown, "params");
    assert_eq!(p["encodingType"], "PlainText");
    assert_eq!(p["scriptContent"], text);
}

#[test]
fn update_keeps_the_scripts_encoding() {
    let new_content = ScriptChanges {
        script_content: Some("df -h".into()),
        ..Default::default()
    };
    let b64 =
        UpdateGuestVmScript::new(&script(Some(EncodingType::Base64), ""), new_content.clone())
            .request();
    assert_eq!(
        params(&b64, "updateGuestVmScript"),
        json!({"scriptContent": "ZGYgLWg=", "encodingType": "Base64"})
    );
    let plain = UpdateGuestVmScript::new(
        &script(Some(EncodingType::PlainText), ""),
        new_content.clone(),
    )
    .request();
    assert_eq!(
        params(&plain, "updateGuestVmScript"),
        json!({"scriptContent": "df -h", "encodingType": "PlainText"})
    );
    let legacy = UpdateGuestVmScript::new(&script(None, ""), new_content.clone()).request();
    assert_eq!(
        params(&legacy, "updateGuestVmScript"),
        json!({"scriptContent": "df -h"})
    );
    // An encoding this console cannot write: plain text, said so.
    let odd = script(Some(EncodingType::from("Gzip")), "");
    assert_eq!(update_encoding(&odd), Some(EncodingType::PlainText));
    // No new content, no encodingType.
    let rename = ScriptChanges {
        name: Some("t".into()),
        ..Default::default()
    };
    let b64 = UpdateGuestVmScript::new(&script(Some(EncodingType::Base64), ""), rename).request();
    assert_eq!(params(&b64, "updateGuestVmScript"), json!({"name": "t"}));
}

#[test]
fn content_read_back() {
    let b64 = Some(&EncodingType::Base64);
    assert_eq!(
        decode_content("ZWNobyAiaGVsbG8g5LiW55WMIg==", b64),
        ScriptText {
            text: "echo \"hello 世界\"".into(),
            undecodable: false
        }
    );
    // Line breaks (MIME style) and missing padding.
    assert_eq!(decode_content("ZGYg\r\nLWg", b64).text, "df -h");
    assert_eq!(decode_content("", b64).text, "");
    // Not Base64, or Base64 of bytes that are not UTF-8: kept as sent, flagged.
    for bad in ["not base64!", "//79", "@@@@"] {
        let t = decode_content(bad, b64);
        assert_eq!((t.text.as_str(), t.undecodable), (bad, true), "{bad}");
    }
    // PlainText, absent and unknown encodings: as sent.
    for enc in [
        None,
        Some(EncodingType::PlainText),
        Some(EncodingType::from("Gzip")),
    ] {
        let t = decode_content("ZGYgLWg=", enc.as_ref());
        assert_eq!((t.text.as_str(), t.undecodable), ("ZGYgLWg=", false));
    }
    // Round trip through what is sent.
    for text in ["", "a", "中文\t\r\n{{x}}", "🙂 emoji"] {
        let sent = encode_content(text, b64);
        assert_eq!(decode_content(&sent, b64).text, text);
        assert_eq!(encode_content(text, None), text);
    }
}

#[test]
fn refused_for_missing_encoding_type() {
    let mut e = ErrorCode::new("SYS.1007", "One or more API argument is invalid", "");
    e.cause = Some(Box::new(ErrorCode::new(
        "SYS.1007",
        "invalid argument",
        "field[encodingType] of message[APICreateGuestVmScriptMsg] is mandatory, can not be null",
    )));
    assert!(encoding_required(&ApiError::Api {
        status: 503,
        error: e
    }));
    assert!(encoding_required(&ApiError::Rest {
        status: 400,
        message: "missing parameter encodingType".into()
    }));
    let other = ErrorCode::new("SYS.1007", "invalid argument", "name is too long");
    assert!(!encoding_required(&ApiError::Api {
        status: 503,
        error: other
    }));
    assert!(!encoding_required(&ApiError::Http { status: 502 }));
}

#[test]
fn draft_from_inventory_and_back() {
    let mut inv = script(Some(EncodingType::Base64), "ZGYgLWg=");
    inv.description = None;
    inv.render_params = Some(r#"[{"key":"k","value":"v","description":"d"}]"#.into());
    let (before, notes) = ScriptDraft::from_inventory(&inv);
    assert_eq!(notes, DraftNotes::default());
    assert_eq!(before.script_content, "df -h");
    assert_eq!(before.description, "");
    assert_eq!(before.script_timeout, Some(60));
    assert_eq!(before.render_params, vec![RenderParam::new("k", "v", "d")]);
    assert!(ScriptChanges::between(&before, &before).is_empty());

    let mut after = before.clone();
    after.script_content = "df -i".into();
    after.script_timeout = None;
    let changes = ScriptChanges::between(&before, &after);
    assert_eq!(
        changes,
        ScriptChanges {
            script_content: Some("df -i".into()),
            ..Default::default()
        },
        "a cleared timeout is the default, 60, unchanged"
    );
    after.script_timeout = Some(5);
    after.render_params.clear();
    let c = ScriptChanges::between(&before, &after);
    assert_eq!(c.script_timeout, Some(5));
    assert_eq!(c.render_params, Some(vec![]));
}

#[test]
fn unreadable_fields_are_flagged_and_left_alone() {
    let mut inv = script(Some(EncodingType::Base64), "%%%");
    inv.render_params = Some("[1,2]".into());
    let (d, notes) = ScriptDraft::from_inventory(&inv);
    assert!(notes.content_undecodable && notes.params_unreadable);
    assert_eq!(d.script_content, "%%%");
    assert!(d.render_params.is_empty());
    // Untouched, nothing is sent for them.
    let mut after = d.clone();
    after.name = "renamed".into();
    let c = ScriptChanges::between(&d, &after);
    assert_eq!((c.script_content, c.render_params), (None, None));
    // A script from nowhere still gives a form.
    let (empty, _) = ScriptDraft::from_inventory(&GuestVmScriptInventory::default());
    assert_eq!(empty.script_content, "");
    assert_eq!(empty.platform, ScriptPlatform::Linux);
}

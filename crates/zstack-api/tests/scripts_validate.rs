//! ZStack's field checks on a script and a run, at their boundaries.

use zstack_api::scripts::validate::*;
use zstack_api::scripts::{jinja_warning, validate_run, validate_script, ScriptDraft};
use zstack_api::{RenderParam, ScriptPlatform, ScriptType};

fn good() -> ScriptDraft {
    ScriptDraft {
        name: "hello".into(),
        script_content: "echo hi".into(),
        ..ScriptDraft::default()
    }
}

fn fields(d: &ScriptDraft) -> Vec<(ScriptField, ScriptInvalid)> {
    validate_script(d)
        .into_iter()
        .map(|e| (e.field, e.reason))
        .collect()
}

#[test]
fn name_length() {
    assert_eq!(name(""), Err(ScriptInvalid::Empty));
    assert_eq!(name("   "), Err(ScriptInvalid::Empty));
    assert_eq!(name("a"), Ok(()));
    assert_eq!(name(&"a".repeat(128)), Ok(()));
    assert_eq!(name(&"中".repeat(128)), Ok(()));
    assert_eq!(
        name(&"a".repeat(129)),
        Err(ScriptInvalid::TooLong { len: 129, max: 128 })
    );
    assert_eq!(
        name(&"中".repeat(129)),
        Err(ScriptInvalid::TooLong { len: 129, max: 128 })
    );
}

#[test]
fn name_characters() {
    for ok in [
        "web_01",
        "a-b.c(d):e+f",
        "清理 日志 (每周)",
        "Überprüfung",
        "x  y",
    ] {
        assert_eq!(name(ok), Ok(()), "{ok}");
    }
    assert_eq!(name(" a"), Err(ScriptInvalid::NameEdgeSpace));
    assert_eq!(name("a "), Err(ScriptInvalid::NameEdgeSpace));
    for (bad, c) in [
        ("a/b", '/'),
        ("<b>", '<'),
        ("a\tb", '\t'),
        ("rm -rf *", '*'),
        ("a🙂", '🙂'),
    ] {
        assert_eq!(name(bad), Err(ScriptInvalid::NameCharacter(c)), "{bad}");
    }
}

#[test]
fn description_length() {
    assert_eq!(description(""), Ok(()));
    assert_eq!(description(&"描".repeat(256)), Ok(()));
    assert_eq!(
        description(&"描".repeat(257)),
        Err(ScriptInvalid::TooLong { len: 257, max: 256 })
    );
}

#[test]
fn content_counts_characters_not_bytes() {
    assert_eq!(content(""), Err(ScriptInvalid::Empty));
    assert_eq!(content(" \n\t"), Err(ScriptInvalid::Empty));
    assert_eq!(content("x"), Ok(()));
    // 65,536 CJK characters are 196,608 UTF-8 bytes: still allowed.
    let cjk = "中".repeat(65_536);
    assert_eq!(cjk.len(), 196_608);
    assert_eq!(content(&cjk), Ok(()));
    assert_eq!(
        content(&"中".repeat(65_537)),
        Err(ScriptInvalid::TooLong {
            len: 65_537,
            max: 65_536
        })
    );
    assert_eq!(content(&"a".repeat(65_536)), Ok(()));
    // An emoji is two characters to ZStack's Java.
    let emoji = format!("{}🙂", "a".repeat(65_535));
    assert_eq!(java_len(&emoji), 65_537);
    assert_eq!(
        content(&emoji),
        Err(ScriptInvalid::TooLong {
            len: 65_537,
            max: 65_536
        })
    );
}

#[test]
fn platform_and_script_type() {
    for t in [ScriptType::Shell, ScriptType::Python, ScriptType::Perl] {
        assert!(platform_and_type(&ScriptPlatform::Linux, &t).is_ok());
        let e = platform_and_type(&ScriptPlatform::Windows, &t).unwrap_err();
        assert_eq!(
            (e.field, e.reason),
            (ScriptField::ScriptType, ScriptInvalid::TypeNotForPlatform)
        );
    }
    for t in [ScriptType::Bat, ScriptType::Powershell] {
        assert!(platform_and_type(&ScriptPlatform::Windows, &t).is_ok());
        assert!(platform_and_type(&ScriptPlatform::Linux, &t).is_err());
    }
    let e = platform_and_type(&ScriptPlatform::from("Mac"), &ScriptType::Shell).unwrap_err();
    assert_eq!(
        (e.field, e.reason),
        (ScriptField::Platform, ScriptInvalid::UnknownPlatform)
    );
    assert!(platform_and_type(&ScriptPlatform::Linux, &ScriptType::from("Ruby")).is_err());
}

#[test]
fn timeouts() {
    let create = || SCRIPT_TIMEOUT_RANGE;
    let run = || EXECUTE_TIMEOUT_RANGE;
    assert_eq!(timeout_text("", create()), Ok(None));
    assert_eq!(timeout_text(" 1 ", create()), Ok(Some(1)));
    assert_eq!(timeout_text("86400", create()), Ok(Some(86_400)));
    let bad_create = Err(ScriptInvalid::Timeout {
        min: 1,
        max: 86_400,
    });
    for t in ["0", "86401", "-1", "1.5", "1e3", "+5", "abc", "99999999999"] {
        assert_eq!(timeout_text(t, create()), bad_create, "{t}");
    }
    assert_eq!(timeout_text("10", run()), Ok(Some(10)));
    assert_eq!(
        timeout_text("9", run()),
        Err(ScriptInvalid::Timeout {
            min: 10,
            max: 86_400
        })
    );
    let mut d = good();
    for (t, ok) in [(0, false), (1, true), (86_400, true), (86_401, false)] {
        d.script_timeout = Some(t);
        assert_eq!(validate_script(&d).is_empty(), ok, "{t}");
    }
}

#[test]
fn render_param_keys() {
    let rows = [
        RenderParam::new("a", "1", ""),
        RenderParam::new(" ", "2", ""),
        RenderParam::new("a", "3", ""),
        RenderParam::new("A", "4", ""),
        RenderParam::new("", "", ""),
    ];
    assert_eq!(
        render_params(&rows),
        [
            ScriptInvalid::ParamKeyEmpty { row: 1 },
            ScriptInvalid::ParamKeyRepeated { row: 2 },
            ScriptInvalid::ParamKeyEmpty { row: 4 },
        ]
    );
    assert!(render_params(&[]).is_empty());
}

#[test]
fn every_field_reported_at_once() {
    assert!(fields(&good()).is_empty());
    let d = ScriptDraft {
        name: " x".into(),
        description: "d".repeat(300),
        script_content: String::new(),
        platform: ScriptPlatform::Windows,
        script_type: ScriptType::Shell,
        script_timeout: Some(0),
        render_params: vec![RenderParam::new("", "v", "")],
    };
    assert_eq!(
        fields(&d),
        [
            (ScriptField::Name, ScriptInvalid::NameEdgeSpace),
            (
                ScriptField::Description,
                ScriptInvalid::TooLong { len: 300, max: 256 }
            ),
            (ScriptField::ScriptContent, ScriptInvalid::Empty),
            (
                ScriptField::ScriptTimeout,
                ScriptInvalid::Timeout {
                    min: 1,
                    max: 86_400
                }
            ),
            (ScriptField::ScriptType, ScriptInvalid::TypeNotForPlatform),
            (
                ScriptField::RenderParams,
                ScriptInvalid::ParamKeyEmpty { row: 0 }
            ),
        ]
    );
}

#[test]
fn a_run() {
    let vm = "0123456789abcdef0123456789abcdef".to_string();
    assert!(validate_run(std::slice::from_ref(&vm), None).is_empty());
    assert!(validate_run(std::slice::from_ref(&vm), Some(10)).is_empty());
    let errs: Vec<_> = validate_run(&[], Some(9))
        .into_iter()
        .map(|e| (e.field, e.reason))
        .collect();
    assert_eq!(
        errs,
        [
            (ScriptField::VmInstanceUuids, ScriptInvalid::Empty),
            (
                ScriptField::ScriptTimeout,
                ScriptInvalid::Timeout {
                    min: 10,
                    max: 86_400
                }
            ),
        ]
    );
    let bad = validate_run(&[vm, "WEB-01".into()], Some(86_401));
    assert_eq!(bad[0].reason, ScriptInvalid::VmUuid("WEB-01".into()));
    assert_eq!(bad.len(), 2);
}

#[test]
fn jinja() {
    assert!(jinja_warning("docker ps --format '{{.ID}}'", true));
    assert!(!jinja_warning("docker ps --format '{{.ID}}'", false));
    assert!(!jinja_warning("echo $HOME", true));
    assert!(jinja_warning("echo ${#list[@]}", true));
    assert!(jinja_warning("{% if x %}", true));
    assert!(!jinja_warning("echo { {x} }", true));
}

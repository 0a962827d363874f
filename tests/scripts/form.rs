//! `/scripts/new` and `/scripts/{uuid}`: checks before sending, the editor's
//! keys, both server generations, only changes sent, delete, drafts.

use super::*;
use serde_json::json;
use zstack_api::scripts::ServerGeneration;
use zstack_console::components::scripts::{forget_generation, generation};

/// Whether the field named `name` is marked invalid.
fn refused(root: &web_sys::Element, name: &str) -> bool {
    field(root, name).get_attribute("aria-invalid").as_deref() == Some("true")
}

fn field(root: &web_sys::Element, name: &str) -> web_sys::HtmlElement {
    named(root, "input, textarea, select", name).unwrap_or_else(|| {
        let names: Vec<String> = all(root, "input, textarea, select")
            .iter()
            .map(name_of)
            .collect();
        panic!("no field {name:?} in {names:?}")
    })
}

fn inventory(encoding: Option<&str>) -> serde_json::Value {
    let mut v = json!({
        "uuid": SCRIPT, "name": "deploy", "description": "old",
        "scriptContent": "echo hi", "renderParams": "", "platform": "Linux",
        "scriptType": "Shell", "scriptTimeout": 60,
        "createDate": "Jan 6, 2017 3:51:16 AM", "lastOpDate": "Jan 6, 2017 3:51:16 AM"
    });
    if let Some(e) = encoding {
        v["encodingType"] = json!(e);
    }
    v
}

/// A script's page over one stored script, the other reads empty.
fn one_script(extra: impl Fn(&Req) -> Option<Answer> + 'static) -> Log {
    serve(move |r| {
        if let Some(a) = extra(r) {
            return a;
        }
        match (r.method.as_str(), r.path.as_str()) {
            ("GET", p) if p == format!("/scripts/{SCRIPT}") => {
                ok(json!({"inventories": [inventory(None)]}))
            }
            _ => ok(json!({"inventories": [], "total": 0})),
        }
    })
}

/// `/scripts/new`, once its form is drawn.
async fn new_script_form() -> Mounted {
    let app = mount_at("/scripts/new");
    until("the form", || {
        named(&app.root, "textarea", "Script").is_some()
    })
    .await;
    app
}

#[wasm_bindgen_test]
async fn a_new_script_is_checked_before_sending_and_nothing_typed_is_lost() {
    let log = serve(|_| ok(json!({"inventories": [], "total": 0})));
    let app = new_script_form().await;
    let content = field(&app.root, "Script");
    type_into(&content, "echo one\n\techo two");
    button(&app.root, "Save").click();
    until("the name refused", || refused(&app.root, "Name")).await;
    let name = field(&app.root, "Name");
    let described = name.get_attribute("aria-describedby").unwrap();
    let message = document().get_element_by_id(&described).unwrap();
    assert_eq!(message.text_content().unwrap(), "Enter a name.");
    assert!(
        document()
            .active_element()
            .unwrap()
            .is_same_node(Some(&name)),
        "focus moves to it"
    );
    assert_eq!(
        value_of(&content),
        "echo one\n\techo two",
        "nothing typed is lost"
    );

    type_into(&name, "bad/name");
    type_into(&field(&app.root, "Timeout (seconds)"), "0");
    button(&app.root, "Save").click();
    until("the “/” refused", || {
        message.text_content().unwrap().contains("“/”")
    })
    .await;
    assert!(refused(&app.root, "Timeout (seconds)"));
    assert!(sent(&log, "POST", "/scripts").is_empty(), "nothing sent");
}

#[wasm_bindgen_test]
async fn tab_types_a_tab_and_esc_then_tab_moves_on() {
    let _log = serve(|_| ok(json!({"inventories": [], "total": 0})));
    let app = new_script_form().await;
    let content = field(&app.root, "Script");
    type_into(&content, "ab");
    let area: web_sys::HtmlTextAreaElement = content.clone().unchecked_into();
    area.focus().unwrap();
    area.set_selection_range(1, 1).unwrap();
    let key = |k: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(k);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev =
            web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        // `false`: the app took the key (prevented its default).
        content.dispatch_event(&ev).unwrap()
    };
    assert!(!key("Tab"), "Tab is kept by the editor");
    assert_eq!(value_of(&content), "a\tb");
    assert_eq!(
        area.selection_start().unwrap(),
        Some(2),
        "the caret after the tab"
    );
    key("Escape");
    assert!(key("Tab"), "after Esc, Tab moves on");
    assert_eq!(value_of(&content), "a\tb");
    assert!(!key("Tab"), "and the next Tab types again");
    let help = text(&app.root, &format!("#{}", "script-content-help")).unwrap();
    assert!(help.contains("Esc, then Tab"), "{help}");
}

#[wasm_bindgen_test]
async fn types_follow_the_platform_and_jinja_is_warned_with_parameters() {
    let _log = serve(|_| ok(json!({"inventories": [], "total": 0})));
    let app = mount_at("/scripts/new");
    until("the form", || {
        named(&app.root, "select", "Platform").is_some()
    })
    .await;
    let options = |sel: &web_sys::HtmlElement| -> Vec<String> {
        all(sel, "option")
            .iter()
            .map(|o| o.text_content().unwrap())
            .collect()
    };
    let kind = field(&app.root, "Script type");
    assert_eq!(options(&kind), ["Shell", "Python", "Perl"]);
    choose(&field(&app.root, "Platform"), "Windows");
    until("Windows' script types", || {
        options(&field(&app.root, "Script type")) == ["Bat", "Powershell"]
    })
    .await;
    let kind = field(&app.root, "Script type");
    assert_eq!(value_of(&kind), "Bat");

    type_into(&field(&app.root, "Script"), "docker ps --format '{{.ID}}'");
    // Nothing to wait for: the pause gives a wrong warning time to show.
    sleep(20).await;
    assert!(
        find(&app.root, "[data-testid=script-jinja-warning]").is_none(),
        "no parameters yet"
    );
    button(&app.root, "Add parameter").click();
    until("the warning", || {
        find(&app.root, "[data-testid=script-jinja-warning]").is_some()
    })
    .await;
    let warning = text(&app.root, "[data-testid=script-jinja-warning]").expect("the warning");
    assert!(warning.contains("Jinja2"), "{warning}");
    // An empty key is refused beside its row.
    type_into(&field(&app.root, "Name"), "ps");
    button(&app.root, "Save").click();
    until("the empty key refused", || {
        refused(&app.root, "Parameter 1 key")
    })
    .await;
    button(&app.root, "Remove parameter 1").click();
    until("no warning without parameters", || {
        find(&app.root, "[data-testid=script-jinja-warning]").is_none()
    })
    .await;
}

#[wasm_bindgen_test]
async fn an_unknown_server_gets_plain_text_then_the_new_script_opens() {
    forget_generation();
    let log = serve(|r| match (r.method.as_str(), r.path.as_str()) {
        ("POST", "/scripts") => {
            Answer::Job(json!({"inventory": inventory(Some("PlainText"))}).to_string())
        }
        ("GET", p) if p == format!("/scripts/{SCRIPT}") => {
            ok(json!({"inventories": [inventory(Some("PlainText"))]}))
        }
        _ => ok(json!({"inventories": [], "total": 0})),
    });
    let app = new_script_form().await;
    type_into(&field(&app.root, "Name"), "deploy");
    type_into(&field(&app.root, "Script"), "echo hi");
    button(&app.root, "Save").click();
    until("the script's page", || {
        pathname() == format!("/scripts/{SCRIPT}")
    })
    .await;
    let posts = sent(&log, "POST", "/scripts");
    assert_eq!(posts.len(), 1);
    assert_eq!(
        posts[0].json(),
        json!({"params": {"name": "deploy", "scriptContent": "echo hi", "platform": "Linux",
            "scriptType": "Shell", "encodingType": "PlainText"}})
    );
    until("the note", || {
        text(&app.root, "[role=status].alert").is_some_and(|t| t == "Script created.")
    })
    .await;
    until("the heading", || {
        text(&app.root, "h1").as_deref() == Some("deploy")
    })
    .await;
}

#[wasm_bindgen_test]
async fn a_newer_server_taken_for_an_old_one_gets_the_create_once_more_as_base64() {
    forget_generation();
    let log = serve(|r| {
        match (r.method.as_str(), r.path.as_str()) {
        ("POST", "/scripts") if !r.body.as_deref().unwrap_or("").contains("encodingType") => Answer::Now(
            503,
            json!({"error": {"code": "SYS.1007", "description": "One or more API argument is invalid",
                "details": "Invalid value for field[encodingType]: it is required"}})
            .to_string(),
        ),
        ("POST", "/scripts") => Answer::Job(json!({"inventory": inventory(Some("Base64"))}).to_string()),
        ("GET", "/scripts") => ok(json!({"inventories": [inventory(None)], "total": 1})),
        _ => ok(json!({"inventories": [], "total": 0})),
    }
    });
    // The library's scripts carry no encodingType: it reads as 5.2/5.3.
    let app = mount_at("/scripts/new");
    until("the library read", || {
        !sent(&log, "GET", "/scripts").is_empty()
    })
    .await;
    until("the form", || {
        named(&app.root, "textarea", "Script").is_some()
    })
    .await;
    until("the library's answer taken", || {
        generation() == ServerGeneration::Legacy
    })
    .await;
    type_into(&field(&app.root, "Name"), "deploy");
    type_into(&field(&app.root, "Script"), "echo hi");
    button(&app.root, "Save").click();
    until("the script's page", || {
        pathname() == format!("/scripts/{SCRIPT}")
    })
    .await;
    let posts = sent(&log, "POST", "/scripts");
    assert_eq!(posts.len(), 2, "sent once more, and only once");
    assert!(posts[0].json()["params"].get("encodingType").is_none());
    assert_eq!(posts[1].json()["params"]["encodingType"], "Base64");
    assert_eq!(posts[1].json()["params"]["scriptContent"], "ZWNobyBoaQ==");
    until("the note", || {
        text(&app.root, "[role=status].alert")
            .is_some_and(|t| t.contains("encodingType") && t.contains("Base64"))
    })
    .await;
}

#[wasm_bindgen_test]
async fn an_update_sends_only_what_changed() {
    let log = one_script(|r| {
        (r.method == "PUT").then(|| Answer::Job(json!({"inventory": inventory(None)}).to_string()))
    });
    let app = mount_at(&format!("/scripts/{SCRIPT}"));
    until("the form", || {
        named(&app.root, "input", "Description").is_some_and(|d| value_of(&d) == "old")
    })
    .await;
    button(&app.root, "Save").click();
    until("nothing to save said", || {
        text(&app.root, "[role=status].alert").is_some_and(|t| t.contains("Nothing has changed"))
    })
    .await;
    type_into(&field(&app.root, "Description"), "new");
    button(&app.root, "Save").click();
    until("the update", || {
        !sent(&log, "PUT", &format!("/scripts/{SCRIPT}/actions")).is_empty()
    })
    .await;
    let put = &sent(&log, "PUT", &format!("/scripts/{SCRIPT}/actions"))[0];
    assert_eq!(
        put.json(),
        json!({"updateGuestVmScript": {"description": "new"}})
    );
    until("saved said", || {
        text(&app.root, "[role=status].alert").is_some_and(|t| t == "Saved.")
    })
    .await;
}

#[wasm_bindgen_test]
async fn delete_asks_first_then_goes_back_to_the_library() {
    let log = one_script(|r| (r.method == "DELETE").then(|| Answer::Job("{}".into())));
    let app = mount_at(&format!("/scripts/{SCRIPT}"));
    until("the form", || {
        named(&app.root, "button", "Delete").is_some()
    })
    .await;
    button(&app.root, "Delete").click();
    until("a question first", || {
        find(&app.root, "[role=alertdialog]").is_some()
    })
    .await;
    let dialog = find(&app.root, "[role=alertdialog]").unwrap();
    assert!(dialog.text_content().unwrap().contains("“deploy”"));
    button(&dialog, "Cancel").click();
    until("the question gone", || {
        find(&app.root, "[role=alertdialog]").is_none()
    })
    .await;
    assert!(
        log.borrow().iter().all(|r| r.method != "DELETE"),
        "Cancel sends nothing"
    );

    button(&app.root, "Delete").click();
    until("the question", || {
        find(&app.root, "[role=alertdialog]").is_some()
    })
    .await;
    let dialog = find(&app.root, "[role=alertdialog]").unwrap();
    button(&dialog, "Delete").click();
    until("the library", || pathname() == "/scripts").await;
    let deletes = sent(&log, "DELETE", &format!("/scripts/{SCRIPT}"));
    assert_eq!(deletes.len(), 1);
    assert_eq!(deletes[0].param("deleteMode"), Some("Permissive"));
}

#[wasm_bindgen_test]
async fn a_typed_script_survives_a_dead_session_and_sign_in() {
    let _log = one_script(|r| {
        (r.method == "PUT").then(|| {
            Answer::Now(
                503,
                json!({"error": {"code": "ID.1001", "description": "The session is invalid"}})
                    .to_string(),
            )
        })
    });
    let app = mount_at(&format!("/scripts/{SCRIPT}"));
    until("the form", || {
        named(&app.root, "textarea", "Script").is_some_and(|c| value_of(&c) == "echo hi")
    })
    .await;
    type_into(&field(&app.root, "Script"), "echo typed\n\tindented");
    button(&app.root, "Save").click();
    until("sign-in", || pathname() == "/login").await;
    assert!(window().location().search().unwrap().contains("next="));
    // Signing in again returns to the script, the typing still there.
    sign_in();
    session::begin(session::load().unwrap());
    until("back", || pathname() == format!("/scripts/{SCRIPT}")).await;
    until("the draft", || {
        named(&app.root, "textarea", "Script")
            .is_some_and(|c| value_of(&c) == "echo typed\n\tindented")
    })
    .await;
}

use crate::common::*;
use reqwest::{Method, StatusCode};

#[tokio::test]
async fn unknown_paths_and_wrong_methods_are_plain_text() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    let a = sim.get("/no-such-thing", &s).await;
    assert_eq!(
        (a.status, a.text.as_str()),
        (StatusCode::NOT_FOUND, "no api mapping to /v1/no-such-thing")
    );
    let a = sim
        .send(
            Method::GET,
            &format!("{}/zstack/v2/images", sim.base),
            Some(&s),
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.is_plain_text());

    for (method, path) in [
        (Method::POST, "/images"),
        (Method::DELETE, "/vm-instances"),
        (Method::GET, "/accounts/login"),
        (Method::GET, "/vm-instances/commands/exec"),
    ] {
        let a = sim
            .send(
                method.clone(),
                &format!("{}{path}", sim.api),
                Some(&s),
                None,
            )
            .await;
        assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert!(
            a.is_plain_text() && a.text.contains("is not allowed"),
            "{}",
            a.text
        );
    }

    let vm = sim.vm(&s, WEB).await;
    let a = sim
        .put(
            &format!("/vm-instances/{vm}/actions"),
            &s,
            serde_json::json!({"rebootVmInstance": {}}),
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(a
        .text
        .starts_with("the body doesn't contain action mapping"));
}

#[tokio::test]
async fn hostile_input_never_breaks_the_server() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    let junk = [
        "/vm-instances/%ff%fe/guest-tools-infos",
        "/vm-instances/..%2F..%2Fetc/iso-candidates",
        "/images?q=name~=%25%25%25%25_&sort=%2Bname",
        "/vm-instances?q=vmNics.ip%20is%20null&q=name!~=%00",
        "/vm-instances/%E6%95%B0/guest-tools-infos",
    ];
    for path in junk {
        let a = sim.get(path, &s).await;
        assert!(
            a.status.as_u16() < 500 || a.status == StatusCode::SERVICE_UNAVAILABLE,
            "{path}: {}",
            a.status
        );
    }
    let raw = sim
        .http
        .put(format!("{}/vm-instances/commands/exec", sim.api))
        .header("Authorization", format!("OAuth {s}"))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), StatusCode::BAD_REQUEST);
    // Still answering.
    assert_eq!(
        sim.get("/vm-instances?limit=1", &s).await.status,
        StatusCode::OK
    );
}

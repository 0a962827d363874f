use crate::common::*;
use reqwest::{Method, StatusCode};
use std::time::Duration;
use zstack_api::Timestamp;

#[tokio::test]
async fn missing_or_malformed_authorization_is_400_plain_text() {
    let sim = start(fast()).await;
    let a = sim
        .send(
            Method::GET,
            &format!("{}/vm-instances", sim.api),
            None,
            None,
        )
        .await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert_eq!(a.text, "missing header 'Authorization'");
    assert!(a.is_plain_text());

    let rsp = sim
        .http
        .get(format!("{}/vm-instances", sim.api))
        .header("Authorization", "Bearer abc")
        .send()
        .await
        .unwrap();
    assert_eq!(rsp.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        rsp.text().await.unwrap(),
        "Authorization type must be 'OAuth'"
    );
}

#[tokio::test]
async fn bogus_session_is_503_id_1001_never_401() {
    let sim = start(fast()).await;
    let a = sim
        .get("/vm-instances", "0123456789abcdef0123456789abcdef")
        .await;
    assert_eq!(a.status, StatusCode::SERVICE_UNAVAILABLE);
    let e = &a.json()["error"];
    assert_eq!(e["code"], "ID.1001");
    assert_eq!(
        e["description"],
        "The session is invalid, either wrong session id or the session has been expired"
    );
    assert_eq!(e["details"], "Session expired");
    assert_eq!(e["globalErrorCode"], "ORG_ZSTACK_IDENTITY_10020");
}

#[tokio::test]
async fn login_takes_the_sha512_hex_and_refuses_the_plain_password() {
    let sim = start(fast()).await;
    let ok = sim.login_with("admin", "password").await;
    assert_eq!(ok.status, StatusCode::OK);
    let inv = &ok.json()["inventory"];
    for field in [
        "uuid",
        "accountUuid",
        "userUuid",
        "userType",
        "expiredDate",
        "createDate",
    ] {
        assert!(inv.get(field).is_some(), "SessionInventory lacks {field}");
    }
    let uuid = inv["uuid"].as_str().unwrap();
    assert!(
        uuid.len() == 32
            && uuid
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
    let created = Timestamp(inv["createDate"].as_str().unwrap().into())
        .parse()
        .unwrap();
    let expires = Timestamp(inv["expiredDate"].as_str().unwrap().into())
        .parse()
        .unwrap();
    assert_eq!(expires.to_unix_secs() - created.to_unix_secs(), 7200);

    let wrong = sim.login_with("admin", "nope").await;
    assert_eq!(wrong.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(wrong.error_code(), "ID.1000");

    let unknown = sim.login_with("root", "password").await;
    assert_eq!(unknown.error_code(), "ID.1000");

    // A client that forgets to hash is refused.
    let body =
        serde_json::json!({"logInByAccount": {"accountName": "admin", "password": "password"}});
    let plain = sim
        .send(
            Method::PUT,
            &format!("{}/accounts/login", sim.api),
            None,
            Some(body),
        )
        .await;
    assert_eq!(plain.error_code(), "ID.1000");
}

#[tokio::test]
async fn validate_and_log_out() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    let url = |p: &str| format!("{}/accounts/sessions/{p}", sim.api);
    let v = sim
        .send(Method::GET, &url(&format!("{s}/valid")), None, None)
        .await;
    assert_eq!(
        (v.status, v.json()),
        (StatusCode::OK, serde_json::json!({"valid": true}))
    );

    let out = sim.send(Method::DELETE, &url(&s), Some(&s), None).await;
    assert_eq!(out.status, StatusCode::OK);
    assert_eq!(out.json(), serde_json::json!({}));

    let v = sim
        .send(Method::GET, &url(&format!("{s}/valid")), None, None)
        .await;
    assert_eq!(v.json()["valid"], false);
    assert_eq!(sim.get("/vm-instances", &s).await.error_code(), "ID.1001");
}

#[tokio::test]
async fn empty_body_mode_sends_zero_bytes_for_empty_replies() {
    let sim = start(fast_with(|c| c.runtime.empty_body = true)).await;
    let s = sim.login().await;
    let out = sim
        .send(
            Method::DELETE,
            &format!("{}/accounts/sessions/{s}", sim.api),
            Some(&s),
            None,
        )
        .await;
    assert_eq!((out.status, out.text.as_str()), (StatusCode::OK, ""));
}

#[tokio::test]
async fn sessions_expire_after_the_ttl() {
    let sim = start(fast_with(|c| c.runtime.session_ttl = 1)).await;
    let s = sim.login().await;
    assert_eq!(
        sim.get("/vm-instances?limit=1", &s).await.status,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let a = sim.get("/vm-instances?limit=1", &s).await;
    a.assert_api_error("ID.1001");
}

#[tokio::test]
async fn forced_expiry_ends_every_session() {
    let sim = start(fast()).await;
    let (s1, s2) = (sim.login().await, sim.login().await);
    let r = sim.control(Method::POST, "/expire-sessions", None).await;
    assert_eq!(r.json()["expired"], 2);
    for s in [s1, s2] {
        assert_eq!(sim.get("/vm-instances", &s).await.error_code(), "ID.1001");
    }
}

use crate::common::*;
use reqwest::StatusCode;
use serde_json::Value;

async fn query(
    sim: &Sim,
    s: &str,
    path: &str,
    params: &[(&str, &str)],
) -> (StatusCode, Value, String) {
    let a = sim.query(path, s, params).await;
    (
        a.status,
        serde_json::from_str(&a.text).unwrap_or(Value::Null),
        a.text,
    )
}

fn names(v: &Value) -> Vec<String> {
    v["inventories"]
        .as_array()
        .unwrap_or_else(|| panic!("no inventories in {v}"))
        .iter()
        .map(|i| i["name"].as_str().unwrap_or_default().to_owned())
        .collect()
}

async fn count(sim: &Sim, s: &str, cond: &str) -> usize {
    let (status, v, text) = query(sim, s, "/vm-instances", &[("q", cond)]).await;
    assert_eq!(status, StatusCode::OK, "{cond}: {text}");
    names(&v).len()
}

#[tokio::test]
async fn every_operator() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    let cases: &[(&str, usize)] = &[
        ("name=web-01", 1),
        ("name=WEB-01", 1), // MySQL's default collation ignores case
        ("name!=web-01", 18),
        ("cpuNum>4", 1),
        ("cpuNum<2", 6),
        ("cpuNum>=4", 3),
        ("cpuNum<=1", 6),
        ("state?=Stopped,Paused", 2),
        ("state!?=Running", 2),
        ("name~=web%", 1),
        ("name~=%-0_", 8),
        ("name!~=%-0_", 11),
        ("hostUuid is null", 1),
        ("hostUuid not null", 18),
        ("vmNics.ip=10.10.0.11", 1),
        ("vmNics.ip~=172.20.1.1_", 8),
        ("vmCdRoms.isoUuid not null", 4),
        ("createDate>2024-01-10 00:00:00", 10),
        ("createDate<=Jan 2, 2024 1:01:11 AM", 2),
        ("memorySize>=8589934592", 3),
        ("name=数据库-主", 1),
        ("description~=%<script>%", 1),
    ];
    for (cond, want) in cases {
        assert_eq!(count(&sim, &s, cond).await, *want, "{cond}");
    }
}

#[tokio::test]
async fn conditions_are_anded() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    let (_, v, _) = query(
        &sim,
        &s,
        "/vm-instances",
        &[("q", "state=Running"), ("q", "platform=Windows")],
    )
    .await;
    assert_eq!(names(&v), [WIN, WIN_ZH, WIN_OLD]);
}

#[tokio::test]
async fn paging_sorting_counting_and_fields() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    let (_, v, _) = query(&sim, &s, "/vm-instances", &[("count", "true")]).await;
    assert_eq!(v, serde_json::json!({"total": SEEDED_VMS}));

    let (_, v, _) = query(
        &sim,
        &s,
        "/vm-instances",
        &[("sort", "+name"), ("limit", "3"), ("start", "2")],
    )
    .await;
    assert_eq!(names(&v), ["appliance-04", "archive-07", "batch-06"]);
    assert!(v.get("total").is_none());

    let (_, v, _) = query(
        &sim,
        &s,
        "/vm-instances",
        &[
            ("sort", "-cpuNum"),
            ("limit", "1"),
            ("replyWithCount", "true"),
        ],
    )
    .await;
    assert_eq!(
        (names(&v), v["total"].as_u64()),
        (vec![DB.to_owned()], Some(SEEDED_VMS as u64))
    );

    let (_, v, _) = query(
        &sim,
        &s,
        "/vm-instances",
        &[("sort", "-createDate"), ("limit", "1")],
    )
    .await;
    assert_eq!(names(&v), [WIN_OLD]);

    let (_, v, _) = query(
        &sim,
        &s,
        "/vm-instances",
        &[("fields", "uuid,name"), ("limit", "2")],
    )
    .await;
    for inv in v["inventories"].as_array().unwrap() {
        let keys: Vec<&String> = inv.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["name", "uuid"]);
    }
}

#[tokio::test]
async fn bad_parameters_are_400_plain_text_unknown_fields_503() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    for params in [
        [("q", "name")],
        [("limit", "ten")],
        [("start", "-1")],
        [("sort", "")],
        [("count", "yes")],
    ] {
        let (status, _, text) = query(&sim, &s, "/vm-instances", &params).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{params:?}");
        assert!(serde_json::from_str::<Value>(&text).is_err(), "{text}");
    }
    let (status, v, _) = query(&sim, &s, "/vm-instances", &[("q", "noSuchField=1")]).await;
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (StatusCode::SERVICE_UNAVAILABLE, Some("SYS.1007"))
    );
    // Parameters a query API does not know are ignored, as RestServer does.
    let (status, _, _) = query(
        &sim,
        &s,
        "/vm-instances",
        &[("groupBy", "x"), ("systemTags", "a")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn single_uuid_forms_return_a_list() {
    let sim = start(fast()).await;
    let (s, vm) = sim.login_vm(WEB).await;
    let v = sim.get(&format!("/vm-instances/{vm}"), &s).await.json();
    assert_eq!(names(&v), [WEB]);
    let v = sim
        .get("/vm-instances/0123456789abcdef0123456789abcdef", &s)
        .await
        .json();
    assert_eq!(v, serde_json::json!({"inventories": []}));
    let iso = sim.image(&s, "virtio-win-0.1.240.iso").await;
    let v = sim.get(&format!("/images/{iso}"), &s).await.json();
    assert_eq!(names(&v), ["virtio-win-0.1.240.iso"]);
}

#[tokio::test]
async fn images_and_guest_tools_states_are_queryable() {
    let sim = start(fast()).await;
    let s = sim.login().await;
    let (_, v, _) = query(
        &sim,
        &s,
        "/images",
        &[("q", "mediaType=ISO"), ("count", "true")],
    )
    .await;
    assert_eq!(v["total"], 11);
    let a = sim.image(&s, "TinyLinux").await;
    let b = sim.image(&s, "rhel-9.3-x86_64-dvd.iso").await;
    let (_, v, _) = query(&sim, &s, "/images", &[("q", &format!("uuid?={a},{b}"))]).await;
    assert_eq!(names(&v).len(), 2);
    let (_, v, _) = query(
        &sim,
        &s,
        "/images",
        &[
            ("q", "backupStorageRefs.installPath~=sftp%"),
            ("q", "mediaType=ISO"),
        ],
    )
    .await;
    assert_eq!(names(&v).len(), 4);

    let vm = sim.vm(&s, WEB).await;
    let (_, v, _) = query(
        &sim,
        &s,
        "/guesttools",
        &[("q", &format!("vmInstanceUuid={vm}"))],
    )
    .await;
    let invs = v["inventories"].as_array().unwrap();
    assert_eq!(invs.len(), 1);
    assert_eq!(
        (invs[0]["qgaState"].as_str(), invs[0]["version"].as_str()),
        (Some("Running"), Some("4.8.0"))
    );
    let (_, v, _) = query(
        &sim,
        &s,
        "/guesttools",
        &[("q", "qgaState=NotInstalled"), ("count", "true")],
    )
    .await;
    assert_eq!(v["total"], 4);
}

#[tokio::test]
async fn two_thousand_extra_vms_page_by_the_default_limit() {
    let sim = start(fast_with(|c| c.extra_vms = 2000)).await;
    let s = sim.login().await;
    let (_, v, _) = query(&sim, &s, "/vm-instances", &[("count", "true")]).await;
    assert_eq!(v["total"], 2000 + SEEDED_VMS);
    let (_, v, _) = query(&sim, &s, "/vm-instances", &[("fields", "uuid")]).await;
    assert_eq!(v["inventories"].as_array().unwrap().len(), 1000);
    let (_, v, _) = query(
        &sim,
        &s,
        "/vm-instances",
        &[("start", "2000"), ("limit", "1000"), ("fields", "name")],
    )
    .await;
    assert_eq!(v["inventories"].as_array().unwrap().len(), SEEDED_VMS);
    let (_, v, _) = query(&sim, &s, "/vm-instances", &[("q", "name=load-01999")]).await;
    assert_eq!(names(&v), ["load-01999"]);
}

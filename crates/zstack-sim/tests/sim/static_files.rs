use crate::common::*;
use reqwest::StatusCode;
use std::path::PathBuf;

const WASM: &str = "zstack-console-0123456789abcdef_bg.wasm";
const JS: &str = "zstack-console-0123456789abcdef.js";

fn dist() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "zstack-sim-dist-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("index.html"),
        "<!doctype html><title>console</title><div id=app></div>",
    )
    .unwrap();
    let mut wasm = b"\0asm\x01\0\0\0".to_vec();
    wasm.extend(std::iter::repeat_n(0u8, 4096));
    std::fs::write(dir.join(WASM), wasm).unwrap();
    std::fs::write(
        dir.join(JS),
        "export function init() { return 1; }\n".repeat(200),
    )
    .unwrap();
    dir
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

async fn fetch(sim: &Sim, path: &str, encoding: Option<&str>) -> reqwest::Response {
    let mut req = sim.http.get(format!("{}{path}", sim.base));
    if let Some(e) = encoding {
        req = req.header("Accept-Encoding", e);
    }
    req.send().await.unwrap()
}

fn header(rsp: &reqwest::Response, name: &str) -> String {
    rsp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn serves_the_app_with_types_fallback_compression_and_caching() {
    let dir = dist();
    let sim = start(fast_with(|c| c.dist = Some(dir.clone()))).await;

    let wasm = fetch(&sim, &format!("/{WASM}"), None).await;
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(header(&wasm, "content-type"), "application/wasm");
    assert!(header(&wasm, "cache-control").contains("immutable"));
    assert!(wasm.bytes().await.unwrap().starts_with(b"\0asm"));

    for path in [
        "/",
        "/vms/0123456789abcdef0123456789abcdef",
        "/login?next=%2Fvms",
    ] {
        let page = fetch(&sim, path, None).await;
        assert_eq!(page.status(), StatusCode::OK, "{path}");
        assert!(
            header(&page, "content-type").starts_with("text/html"),
            "{path}"
        );
        assert_eq!(header(&page, "cache-control"), "no-cache", "{path}");
        assert!(
            page.text().await.unwrap().contains("<div id=app>"),
            "{path}"
        );
    }

    for enc in ["br", "gzip"] {
        let js = fetch(&sim, &format!("/{JS}"), Some(enc)).await;
        assert_eq!(header(&js, "content-encoding"), enc);
        let body = js.bytes().await.unwrap();
        assert!(body.len() < 7_400 / 4, "{enc}: {} bytes", body.len());
    }
    let plain = fetch(&sim, &format!("/{JS}"), None).await;
    assert_eq!(header(&plain, "content-encoding"), "");

    // The API and the control API are not the app.
    let api = fetch(&sim, "/zstack/v1/nothing", None).await;
    assert_eq!(api.status(), StatusCode::NOT_FOUND);
    assert_eq!(api.text().await.unwrap(), "no api mapping to /v1/nothing");
    assert_eq!(
        fetch(&sim, "/_sim/requests", None).await.status(),
        StatusCode::OK
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn without_dist_there_is_no_app() {
    let sim = start(fast()).await;
    assert_eq!(fetch(&sim, "/", None).await.status(), StatusCode::NOT_FOUND);
}

/// A `.br` beside a file is sent as it is (nginx's brotli_static), with the
/// original's type and caching; a browser that does not take brotli gets
/// the plain file.
#[tokio::test]
async fn precompressed_files_are_sent_as_they_are() {
    let dir = dist();
    // Not brotli at all: proves the bytes come from the file, not the encoder.
    std::fs::write(dir.join(format!("{WASM}.br")), b"precompressed-marker").unwrap();
    std::fs::write(dir.join("index.html.br"), b"html-marker").unwrap();
    let sim = start(fast_with(|c| c.dist = Some(dir.clone()))).await;

    let wasm = fetch(&sim, &format!("/{WASM}"), Some("br")).await;
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(header(&wasm, "content-encoding"), "br");
    assert_eq!(header(&wasm, "content-type"), "application/wasm");
    assert!(header(&wasm, "cache-control").contains("immutable"));
    assert_eq!(&wasm.bytes().await.unwrap()[..], b"precompressed-marker");

    // A route of the app is index.html, precompressed too.
    let page = fetch(&sim, "/vms/0123456789abcdef0123456789abcdef", Some("br")).await;
    assert_eq!(header(&page, "content-encoding"), "br");
    assert_eq!(&page.bytes().await.unwrap()[..], b"html-marker");

    let plain = fetch(&sim, &format!("/{WASM}"), Some("identity")).await;
    assert_eq!(header(&plain, "content-encoding"), "");
    assert!(plain.bytes().await.unwrap().starts_with(b"\0asm"));
    std::fs::remove_dir_all(dir).ok();
}

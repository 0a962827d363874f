//! Serves a built single-page app (`--dist`): files with their content types,
//! `index.html` for every other path, compression, and cache headers that let
//! hashed assets live forever while `index.html` is always revalidated.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use std::path::Path;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const NO_CACHE: &str = "no-cache";

pub fn router(dist: &Path) -> Router {
    // `name.br` / `name.gz` beside a file are sent as they are when the
    // browser takes them (what nginx's brotli_static / gzip_static do in
    // production, deploy/nginx.conf); other files are compressed on the fly.
    let files = ServeDir::new(dist)
        .append_index_html_on_directories(true)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(dist.join("index.html"))
                .precompressed_br()
                .precompressed_gzip(),
        );
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
        .layer(CompressionLayer::new())
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(req.uri().path());
    let mut rsp = next.run(req).await;
    let html = rsp
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("text/html"));
    let policy = if hashed && !html && rsp.status().is_success() {
        IMMUTABLE
    } else {
        NO_CACHE
    };
    rsp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    rsp
}

/// Whether the file name carries a content hash, as Trunk writes them
/// (`app-1f2e3d4c5b6a7988_bg.wasm`, `style-0a1b2c3d4e5f6071.css`).
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    name.split(['-', '.', '_'])
        .any(|part| part.len() >= 8 && part.bytes().all(|b| b.is_ascii_hexdigit()))
        && name.contains('.')
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn hashed_names() {
        assert!(is_hashed_asset("/zstack-console-1f2e3d4c5b6a7988_bg.wasm"));
        assert!(is_hashed_asset("/style-0a1b2c3d.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/vms/0123456789abcdef0123456789abcdef"));
    }
}

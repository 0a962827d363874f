//! A ZStack REST server simulator: the APIs the guest-tools console uses, with
//! ZStack's status codes and bodies, a seeded world, async jobs, session
//! expiry and fault injection. See README.md for the flags and the world.

// ZStack's ErrorCode (zstack-api) is 160 bytes; errors are the rare path here.
#![allow(clippy::result_large_err)]

mod clock;
pub mod config;
mod control;
mod entry;
mod faults;
mod guest;
mod host;
mod jobs;
pub mod probe;
mod reply;
mod reqlog;
mod router;
mod routes;
mod sessions;
mod state;
mod static_files;
mod world;

pub use config::{Config, ExecMode, PollBody};

use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::any;
use axum::Router;
use state::{Shared, Sim};
use tower::ServiceBuilder;
use tower_http::trace::{DefaultOnFailure, TraceLayer};
use tracing::Level;

/// The whole server: `/zstack/...` (the API), `/_sim/...` (control) and,
/// with `--dist`, the single-page app.
pub fn app(config: Config) -> Router {
    router(Sim::new(config))
}

fn router(sim: Shared) -> Router {
    // Every path under /zstack goes to one handler: ZStack's own router
    // (router.rs) decides, so its plain-text 404 and 405 come out as ZStack's.
    let api = Router::new()
        .route("/zstack", any(routes::dispatch))
        .route("/zstack/", any(routes::dispatch))
        .route("/zstack/{*rest}", any(routes::dispatch))
        .layer(
            ServiceBuilder::new()
                // ZStack answers its API errors with 503: not a failure to log as an error.
                .layer(
                    TraceLayer::new_for_http()
                        .on_failure(DefaultOnFailure::new().level(Level::DEBUG)),
                )
                .layer(from_fn_with_state(sim.clone(), entry::resolve))
                .layer(from_fn_with_state(sim.clone(), entry::log))
                .layer(from_fn_with_state(sim.clone(), entry::latency))
                .layer(from_fn_with_state(sim.clone(), entry::faults)),
        )
        .with_state(sim.clone());
    let app = Router::new().merge(api).merge(control::router(sim.clone()));
    match &sim.config.dist {
        Some(dist) => app.merge(static_files::router(dist)),
        None => app.fallback(no_app),
    }
}

async fn no_app() -> (StatusCode, &'static str) {
    (
        StatusCode::NOT_FOUND,
        "zstack-sim serves no app here (start it with --dist <dir>); the API is at /zstack/v1\n",
    )
}

/// Serves `config` on an already bound listener until the process ends.
pub async fn serve(config: Config, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    axum::serve(listener, app(config)).await
}

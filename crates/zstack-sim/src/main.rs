use clap::Parser;
use tracing_subscriber::EnvFilter;
use zstack_sim::Config;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let config = Config::parse();
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    if config.log_json {
        tracing_subscriber::fmt()
            .json()
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
    let listener = tokio::net::TcpListener::bind(config.listen).await?;
    let addr = listener.local_addr()?;
    println!(
        "zstack-sim listening on http://{addr} (API root http://{addr}/zstack/v1); demo account {} / {}",
        config.account, config.password
    );
    zstack_sim::serve(config, listener).await
}

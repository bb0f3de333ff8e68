//! `aura edge --config aura.toml`: runs the edge until SIGINT/SIGTERM
//! (requests in flight finish); SIGHUP re-reads the config's projects and
//! keys (secret rotation without a restart).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use aura_edge::{Edge, EdgeConfig, SystemClock};

/// Run the self-hosted edge.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
Config (TOML):
  listen = \"127.0.0.1:8787\"
  [storage]
  kind = \"local\"            # or \"s3\" (bucket, endpoint, region, prefix; credentials from
  path = \"./aura-data\"      # AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)
  [[projects]]
  name = \"my-app\"
  secret_keys = [\"sk_live_…\"]       # upload-token secrets, all accepted
  serve_secrets = [\"psk_live_…\"]    # serve-token secrets, all accepted

Signals: SIGINT/SIGTERM stop gracefully; SIGHUP reloads projects and keys.
Logs: RUST_LOG (default info; debug logs every request, tokens redacted).")]
pub struct EdgeArgs {
    /// The TOML configuration.
    #[arg(long, short = 'c', default_value = "aura.toml")]
    pub config: PathBuf,
    /// Override `listen` (e.g. 127.0.0.1:0 for a free port).
    #[arg(long)]
    pub listen: Option<String>,
}

/// Exit codes of `aura edge`.
const EXIT_CONFIG: u8 = 3;
const EXIT_IO: u8 = 4;

pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

fn load(args: &EdgeArgs) -> Result<EdgeConfig, String> {
    let mut config = EdgeConfig::from_file(&args.config).map_err(|e| e.to_string())?;
    if let Some(listen) = &args.listen {
        config.listen = listen.clone();
    }
    Ok(config)
}

#[cfg(unix)]
async fn terminated() {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).expect("SIGTERM handler");
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}

#[cfg(not(unix))]
async fn terminated() {
    let _ = tokio::signal::ctrl_c().await;
}

pub fn run(args: EdgeArgs) -> ExitCode {
    init_logging();
    let config = match load(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error[invalid_input]: {e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async move {
        let edge = match Edge::bind(&config, Arc::new(SystemClock)).await {
            Ok(e) => e,
            Err(e) => {
                eprintln!("error[invalid_input]: {e}");
                return ExitCode::from(EXIT_CONFIG);
            }
        };
        let state = edge.state();
        tracing::info!(
            addr = %edge.local_addr(),
            storage = state.store.kind(),
            projects = config.projects.len(),
            "aura edge listening"
        );
        eprintln!("aura edge listening on http://{}", edge.local_addr());
        #[cfg(unix)]
        {
            let args_config = args.config.clone();
            let listen = args.listen.clone();
            let state = state.clone();
            tokio::spawn(async move {
                use tokio::signal::unix::{signal, SignalKind};
                let Ok(mut hup) = signal(SignalKind::hangup()) else { return };
                while hup.recv().await.is_some() {
                    let reloaded = load(&EdgeArgs { config: args_config.clone(), listen: listen.clone() })
                        .and_then(|c| state.reload(&c).map_err(|e| e.to_string()));
                    match reloaded {
                        Ok(()) => tracing::info!("configuration reloaded"),
                        Err(e) => tracing::error!(error = %e, "reload refused; keeping the running configuration"),
                    }
                }
            });
        }
        match edge.serve(terminated()).await {
            Ok(()) => {
                tracing::info!("stopped");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error[remote_error]: server failed: {e}");
                ExitCode::from(EXIT_IO)
            }
        }
    })
}

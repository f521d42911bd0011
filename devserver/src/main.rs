//! `clerk-devserver`: parses arguments, opens the database, seeds the demo user when asked,
//! prints how to use the instance, and serves until Ctrl-C (or `--exit-after`).

use clap::Parser;
use clerk_devserver::config::Config;
use clerk_devserver::db::Db;
use clerk_devserver::demo::{self, DEMO_EMAIL, DEMO_PASSWORD};
use clerk_devserver::password;
use clerk_devserver::state::{AppState, StateOptions};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// A local Clerk development instance: Frontend API, Backend API, dev outbox, mock OAuth.
#[derive(Parser, Debug)]
#[command(name = "clerk-devserver", version)]
struct Args {
    /// Address to listen on (use port 0 for any free port).
    #[arg(long, default_value = "127.0.0.1:4000")]
    addr: SocketAddr,
    /// Directory of the SQLite database (created if missing).
    #[arg(long, default_value = ".clerk-dev", conflicts_with = "in_memory")]
    data: PathBuf,
    /// Keep everything in memory (for tests): nothing is written to disk.
    #[arg(long)]
    in_memory: bool,
    /// TOML file overriding the instance configuration.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Directory whose index.html, www/ and pkg/ are served.
    #[arg(long = "static", default_value = ".")]
    static_dir: PathBuf,
    /// Create the demo user on first start and print its credentials.
    #[arg(long)]
    seed_demo: bool,
    /// Stop by itself after this many seconds (so a test's server never outlives it).
    #[arg(long)]
    exit_after: Option<u64>,
    /// Write the listening address's instance JSON to this file once serving (for scripts using port 0).
    #[arg(long)]
    ready_file: Option<PathBuf>,
    /// Let `POST /dev/clock` move the server's clock forward (for tests of expiry).
    #[arg(long)]
    movable_clock: bool,
}

fn main() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "clerk_devserver=info".into());
    tracing_subscriber::fmt().with_env_filter(filter).with_target(false).init();
    if let Err(e) = run(Args::parse()) {
        eprintln!("clerk-devserver: {e}");
        std::process::exit(1);
    }
}

fn run(args: Args) -> Result<(), String> {
    let config = match &args.config {
        Some(path) => Config::from_file(path)?,
        None => Config::default(),
    };
    let db = Db::open(if args.in_memory { None } else { Some(&args.data) })?;
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr).await.map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        if !addr.ip().is_loopback() {
            tracing::warn!("listening on {addr}, which is not a loopback address: this server has no TLS and is for development only");
        }
        let secret_from_env = std::env::var("CLERK_SECRET_KEY").ok().filter(|k| !k.is_empty());
        let had_secret = secret_from_env.is_some();
        let mut opts = StateOptions::new(db, addr);
        opts.config = config;
        opts.secret_key = secret_from_env;
        opts.static_dir = Some(args.static_dir.clone());
        opts.seed_demo = args.seed_demo;
        if args.movable_clock {
            opts.clock = std::sync::Arc::new(clerk_devserver::clock::MovableClock::default());
        }
        let st = tokio::task::spawn_blocking(move || AppState::build(opts)).await.map_err(|e| e.to_string())??;

        if args.seed_demo {
            seed_demo(&st).map_err(|e| format!("seeding the demo user failed: {e}"))?;
        }
        print_banner(&st, had_secret, args.seed_demo, args.in_memory, &args.data);
        if let Some(path) = &args.ready_file {
            let info = serde_json::json!({
                "publishableKey": st.publishable_key, "frontendApiUrl": st.frontend_api_url, "bapiUrl": st.bapi_url,
            });
            std::fs::write(path, info.to_string()).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }

        let exit_after = args.exit_after;
        let shutdown = async move {
            let ctrl_c = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            match exit_after {
                Some(secs) => tokio::select! { _ = ctrl_c => {}, _ = tokio::time::sleep(Duration::from_secs(secs)) => {
                    tracing::info!("--exit-after {secs}s reached, stopping");
                } },
                None => ctrl_c.await,
            }
        };
        clerk_devserver::serve(listener, st, shutdown).await.map_err(|e| e.to_string())
    })
}

/// Creates the demo user once per database (`demo::seed`).
fn seed_demo(st: &AppState) -> Result<(), String> {
    // Hashed before the transaction, as every password is (no KDF under the database lock).
    let password_hash = password::hash(DEMO_PASSWORD)?;
    st.db.tx_blocking(|tx| demo::seed(tx, st, password_hash)).map_err(|e| e.to_string())
}

fn print_banner(st: &AppState, secret_from_env: bool, demo: bool, in_memory: bool, data: &std::path::Path) {
    let storage = if in_memory { "in memory (nothing is saved)".to_string() } else { format!("{}/clerk-dev.sqlite3", data.display()) };
    println!();
    println!("  clerk-devserver is running");
    println!();
    println!("    Pages:            {}/", st.frontend_api_url);
    println!("    Publishable key:  {}", st.publishable_key);
    println!("    Frontend API:     {}", st.frontend_api_url);
    println!("    Backend API:      {}  (Authorization: Bearer <secret key>)", st.bapi_url);
    println!("    Dashboard:        {}/dev/", st.frontend_api_url);
    if secret_from_env {
        println!("    Secret key:       from CLERK_SECRET_KEY");
    } else {
        println!("    Secret key:       {}", st.secret_key);
    }
    println!("    Database:         {storage}");
    if demo {
        println!();
        println!("    Demo user:        {DEMO_EMAIL} / {DEMO_PASSWORD}");
    }
    println!();
}

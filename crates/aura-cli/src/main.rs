//! `aura`: the command-line face of aura-core (sign, inspect, keygen) and of
//! the self-hosted edge (edge, demo). Exit codes: see `exit.rs`.

mod api_cmd;
mod cli;
mod clock;
mod cloudflare_cmd;
mod demo;
mod edge_cmd;
mod exit;
mod inspect;
mod keygen;
mod output;
mod secrets;
mod sign;
mod sign_cdn;

/// mimalloc: the edge allocates small per-request buffers on several
/// threads; glibc's allocator spent ~10% of a hot request in malloc/free and
/// arena consolidation (perf, bench/edge).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}

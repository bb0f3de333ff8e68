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

fn main() -> std::process::ExitCode {
    cli::run()
}

//! The command tree and its dispatch.

use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand};

use crate::api_cmd::{self, SetVisibilityArgs, UploadArgs};
use crate::cloudflare_cmd::{self, CloudflareCommand};
use crate::demo::{self, DemoArgs};
use crate::edge_cmd::{self, EdgeArgs};
use crate::exit::{self, CliError};
use crate::inspect::{self, InspectArgs};
use crate::keygen::{self, KeygenCommand};
use crate::output::Verbose;
use crate::sign::{self, SignCommand};

/// Sign, inspect and generate keys for AuraImage, Cloudflare Images and
/// Cloudflare Stream; run the self-hosted edge.
#[derive(Parser)]
#[command(
    name = "aura",
    version,
    after_help = exit::TABLE,
    propagate_version = true,
    subcommand_required = true,
    arg_required_else_help = true
)]
pub struct Cli {
    /// Explain on stderr what is done: the clock, where secrets came from (never their value),
    /// the signed string or payload.
    #[arg(long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Sign an upload token, a signed URL, an Images URL, a Stream token or a JWT.
    #[command(subcommand)]
    Sign(SignCommand),
    /// Decode a token or signed URL and explain why it would be refused, or until when it is valid.
    Inspect(InspectArgs),
    /// Generate secrets and keys in the shapes the services hand out (prints the secret).
    #[command(subcommand)]
    Keygen(KeygenCommand),
    /// Upload an image to the CDN or an `aura edge` (POST /v1/upload).
    Upload(UploadArgs),
    /// Make an image public or private (setVisibility).
    SetVisibility(SetVisibilityArgs),
    /// Cloudflare's APIs: Images signing keys, Stream keys, signed-only images and videos.
    #[command(subcommand)]
    Cloudflare(CloudflareCommand),
    /// Run the self-hosted edge.
    Edge(EdgeArgs),
    /// Run the end-to-end demo against a local edge.
    Demo(DemoArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(CompletionsArgs),
}

#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell.
    pub shell: clap_complete::Shell,
}

fn done(result: Result<(), CliError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.report(),
    }
}

/// Runs a command of this crate; a panic is a bug, reported as `internal`
/// (exit 70) without a backtrace that could carry argument values. (The
/// edge installs its own handling.)
fn guarded(f: impl FnOnce() -> ExitCode) -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("error[internal]: aura panicked{at} (please report it)");
    }));
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or(ExitCode::from(exit::INTERNAL))
}

/// Parses the arguments and runs the command. Usage errors exit with 2
/// (clap's message on stderr); `--help` and `--version` with 0.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    let verbose = Verbose(cli.verbose);
    match cli.command {
        Command::Sign(c) => guarded(|| done(sign::run(c, verbose))),
        Command::Inspect(a) => guarded(|| inspect::run(a, verbose).unwrap_or_else(|e| e.report())),
        Command::Keygen(c) => guarded(|| done(keygen::run(c))),
        Command::Upload(a) => guarded(|| done(api_cmd::upload(a, verbose))),
        Command::SetVisibility(a) => guarded(|| done(api_cmd::set_visibility(a, verbose))),
        Command::Cloudflare(c) => guarded(|| cloudflare_cmd::run(c)),
        Command::Edge(a) => edge_cmd::run(a),
        Command::Demo(a) => demo::run(a),
        Command::Completions(a) => {
            let mut script = Vec::new();
            clap_complete::generate(a.shell, &mut Cli::command(), "aura", &mut script);
            crate::output::out_bytes(&script);
            ExitCode::SUCCESS
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_tree_is_consistent() {
        Cli::command().debug_assert();
    }
}

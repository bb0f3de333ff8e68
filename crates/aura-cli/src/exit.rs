//! The exit codes of `aura`, in one place, and the error type that maps to them.

use std::fmt;
use std::process::ExitCode;

use aura_core::AuraError;

/// Success (inspect: valid, or decoded without a secret and not refused).
pub const OK: u8 = 0;
/// `inspect`: the URL or token would be refused.
pub const REFUSED: u8 = 1;
/// Usage error: clap's own exit code for unknown commands, flags, missing arguments.
pub const USAGE: u8 = 2;
/// A bad key or argument value.
pub const INVALID_INPUT: u8 = 3;
/// A file or stdin could not be read.
pub const IO: u8 = 4;
/// The remote service answered an error, or something undocumented.
pub const REMOTE: u8 = 5;
/// A bug.
pub const INTERNAL: u8 = 70;

/// Shown after the top-level `--help`.
pub const TABLE: &str = "\
Exit codes:
  0   success (inspect: valid, or decoded without a secret and not refused)
  1   inspect: the URL or token would be refused; the reason is printed
  2   usage error: unknown command or flag, missing argument
  3   invalid input: a bad key or argument value
  4   I/O error: a file or stdin could not be read
  5   remote or HTTP error
  70  internal error (a bug; please report it)

Errors go to stderr as `error[<code>]: <message>`; <code> is one of the core's
error codes (invalid_input, invalid_key, malformed, ...) or `io`. Secrets are
never printed, except by `aura keygen`, whose output they are.";

/// Why a command failed.
pub enum CliError {
    /// A typed error of the core (bad argument value, bad key…).
    Aura(AuraError),
    /// A file or stdin that could not be read.
    Io {
        what: String,
        source: std::io::Error,
    },
}

impl CliError {
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Aura(e) => e.code(),
            CliError::Io { .. } => "io",
        }
    }

    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Aura(AuraError::RemoteError { .. } | AuraError::InvalidResponse(_)) => REMOTE,
            CliError::Aura(AuraError::UploadFromUrl { kind, .. })
                if *kind != aura_core::UploadFromUrlKind::InvalidName =>
            {
                REMOTE
            }
            CliError::Aura(AuraError::Internal(_)) => INTERNAL,
            CliError::Aura(_) => INVALID_INPUT,
            CliError::Io { .. } => IO,
        }
    }

    /// Prints `error[<code>]: <message>` to stderr and returns the exit code.
    pub fn report(&self) -> ExitCode {
        eprintln!("error[{}]: {self}", self.code());
        ExitCode::from(self.exit_code())
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Aura(e) => f.write_str(&e.message()),
            CliError::Io { what, source } => write!(f, "cannot read {what}: {source}"),
        }
    }
}

impl From<AuraError> for CliError {
    fn from(e: AuraError) -> Self {
        CliError::Aura(e)
    }
}

/// An argument value outside the contract (`invalid_input`, exit 3).
pub fn invalid(message: impl Into<String>) -> CliError {
    CliError::Aura(AuraError::InvalidInput(message.into()))
}

pub fn io(what: impl Into<String>, source: std::io::Error) -> CliError {
    CliError::Io {
        what: what.into(),
        source,
    }
}

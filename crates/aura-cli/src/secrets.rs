//! Where secrets come from: an environment variable, a file, or stdin;
//! never a command-line value (process lists show those to every user).
//! Values are never printed; `--verbose` names the source and the length.

use std::io::Read;
use std::path::{Path, PathBuf};

use aura_core::Secret;

use crate::exit::{invalid, io, CliError};
use crate::output::Verbose;

/// Files and stdin usually end with a newline the user did not mean as part
/// of the secret: trailing CR/LF are removed (nothing else is trimmed).
fn strip_line_end(mut text: String) -> String {
    let kept = text.trim_end_matches(['\r', '\n']).len();
    text.truncate(kept);
    text
}

pub fn read_file(path: &Path, flag: &str) -> Result<Secret, CliError> {
    let bytes = std::fs::read(path).map_err(|e| io(format!("{flag} {}", path.display()), e))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| invalid(format!("{flag} {}: not UTF-8 text", path.display())))?;
    non_empty(strip_line_end(text), &format!("{flag} {}", path.display()))
}

pub fn read_stdin(flag: &str) -> Result<Secret, CliError> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| io(format!("{flag} (stdin)"), e))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| invalid(format!("{flag}: stdin is not UTF-8 text")))?;
    non_empty(strip_line_end(text), &format!("{flag} (stdin)"))
}

fn non_empty(text: String, source: &str) -> Result<Secret, CliError> {
    if text.is_empty() {
        return Err(invalid(format!("{source} is empty")));
    }
    Ok(Secret::new(text))
}

/// A non-empty environment variable.
pub fn from_env(var: &str) -> Option<Secret> {
    std::env::var(var)
        .ok()
        .filter(|v| !v.is_empty())
        .map(Secret::new)
}

/// `file` (flag `--<name>-file`), else `stdin` (`--<name>-stdin`), else `$env`.
pub fn load(
    file: Option<&Path>,
    stdin: bool,
    env: &str,
    name: &str,
    verbose: Verbose,
) -> Result<Secret, CliError> {
    let (secret, source) = if let Some(path) = file {
        let flag = format!("--{name}-file");
        (
            read_file(path, &flag)?,
            format!("{flag} {}", path.display()),
        )
    } else if stdin {
        let flag = format!("--{name}-stdin");
        (read_stdin(&flag)?, flag)
    } else if let Some(secret) = from_env(env) {
        (secret, format!("${env}"))
    } else {
        return Err(invalid(format!(
            "no {what}: set {env}, or pass --{name}-file PATH or --{name}-stdin",
            what = name.replace('-', " ")
        )));
    };
    verbose.say(format_args!(
        "{} from {source} ({} bytes)",
        name.replace('-', " "),
        secret.expose().len()
    ));
    Ok(secret)
}

/// `--secret-key-file` / `--secret-key-stdin`, else `$AURA_SECRET_KEY`.
#[derive(clap::Args)]
pub struct SecretKeySource {
    /// Read the project's secret key (sk_live_…) from this file [default: $AURA_SECRET_KEY].
    #[arg(long, value_name = "PATH", conflicts_with = "secret_key_stdin")]
    pub secret_key_file: Option<PathBuf>,
    /// Read the secret key from stdin (a trailing newline is removed).
    #[arg(long)]
    pub secret_key_stdin: bool,
}

impl SecretKeySource {
    pub fn load(&self, verbose: Verbose) -> Result<Secret, CliError> {
        load(
            self.secret_key_file.as_deref(),
            self.secret_key_stdin,
            "AURA_SECRET_KEY",
            "secret-key",
            verbose,
        )
    }
}

/// `--serve-secret-file` / `--serve-secret-stdin`, else `$AURA_SERVE_SECRET`.
#[derive(clap::Args)]
pub struct ServeSecretSource {
    /// Read the project's serve secret (psk_live_…) from this file [default: $AURA_SERVE_SECRET].
    #[arg(long, value_name = "PATH", conflicts_with = "serve_secret_stdin")]
    pub serve_secret_file: Option<PathBuf>,
    /// Read the serve secret from stdin (a trailing newline is removed).
    #[arg(long)]
    pub serve_secret_stdin: bool,
}

impl ServeSecretSource {
    pub fn load(&self, verbose: Verbose) -> Result<Secret, CliError> {
        load(
            self.serve_secret_file.as_deref(),
            self.serve_secret_stdin,
            "AURA_SERVE_SECRET",
            "serve-secret",
            verbose,
        )
    }
}

/// `--key-file` / `--key-stdin`, else the command's environment variable.
#[derive(clap::Args)]
pub struct KeySource {
    /// Read the signing key from this file [default: the environment variable named below].
    #[arg(long, value_name = "PATH", conflicts_with = "key_stdin")]
    pub key_file: Option<PathBuf>,
    /// Read the signing key from stdin (a trailing newline is removed).
    #[arg(long)]
    pub key_stdin: bool,
}

impl KeySource {
    pub fn load(&self, env: &str, verbose: Verbose) -> Result<Secret, CliError> {
        load(
            self.key_file.as_deref(),
            self.key_stdin,
            env,
            "key",
            verbose,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_line_ends_are_stripped() {
        assert_eq!(strip_line_end("k \r\n\n".into()), "k ");
        assert_eq!(strip_line_end(" k\t".into()), " k\t");
    }
}

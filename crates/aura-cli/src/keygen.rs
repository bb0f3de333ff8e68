//! `aura keygen …`: new keys in the shapes the services hand out. The one
//! command whose output is a secret: that is its purpose.

use clap::{Args, Subcommand};
use serde_json::json;

use aura_core::encoding::b64url;
use aura_core::inspect::iso8601;
use aura_core::keys::{generate_secret, generate_stream_key, OsRandom, RandomSource, SecretKind};
use aura_core::Secret;

use crate::clock;
use crate::exit::{invalid, CliError};
use crate::output::{outln, print_json};

const SECRET_OUTPUT: &str = "The output IS the secret: store it (a secret manager, an env file \
readable only by you) and do not paste it into a shared terminal or log.";

#[derive(Subcommand)]
pub enum KeygenCommand {
    /// An AuraImage secret key (sk_live_…): signs upload tokens and setVisibility.
    #[command(after_help = SECRET_OUTPUT)]
    UploadSecret(SecretArgs),
    /// An AuraImage serve secret (psk_live_…): signs serve tokens and signed URLs.
    #[command(after_help = SECRET_OUTPUT)]
    ServeSecret(SecretArgs),
    /// A Cloudflare Images-style signing key (32 random bytes, base64url): for a self-hosted edge or tests.
    #[command(after_help = SECRET_OUTPUT)]
    ImagesKey(NamedArgs),
    /// A Cloudflare Stream signing key (RSA-2048) as POST /stream/keys returns it: {id, pem, jwk, created}.
    #[command(
        after_help = "The output IS the private key (pem and jwk are the API's base64 forms; \
`aura sign stream-token` takes either). Store it like a password."
    )]
    StreamKey(NamedArgs),
}

#[derive(Args)]
pub struct SecretArgs {
    /// Print {"kind", "secret"} instead of the bare secret.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct NamedArgs {
    /// The key's id (stream-key: default 32 random hex digits) or name (images-key: at most 20 letters and digits).
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,
    /// Print JSON (stream-key always does).
    #[arg(long)]
    pub json: bool,
}

pub fn run(command: KeygenCommand) -> Result<(), CliError> {
    match command {
        KeygenCommand::UploadSecret(a) => secret(SecretKind::SecretKey, "upload-secret", a.json),
        KeygenCommand::ServeSecret(a) => secret(SecretKind::ServeSecret, "serve-secret", a.json),
        KeygenCommand::ImagesKey(a) => images_key(a),
        KeygenCommand::StreamKey(a) => stream_key(a),
    }
}

fn secret(kind: SecretKind, name: &str, json: bool) -> Result<(), CliError> {
    let secret = generate_secret(kind, &mut OsRandom)?;
    if json {
        print_json(&json!({"kind": name, "secret": secret.expose()}));
    } else {
        outln!("{}", secret.expose());
    }
    Ok(())
}

fn images_key(a: NamedArgs) -> Result<(), CliError> {
    if let Some(id) = &a.id {
        if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(invalid(
                "an Images key name is 1 to 20 ASCII letters and digits",
            ));
        }
    }
    let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
    OsRandom.fill(bytes.as_mut())?;
    let value = Secret::new(b64url(bytes.as_ref()));
    if a.json {
        print_json(&json!({"name": a.id, "value": value.expose()}));
    } else {
        outln!("{}", value.expose());
    }
    Ok(())
}

fn stream_key(a: NamedArgs) -> Result<(), CliError> {
    let key = generate_stream_key(a.id.as_deref())?;
    print_json(&json!({
        "id": key.id,
        "pem": key.pem.expose(),
        "jwk": key.jwk.expose(),
        "created": iso8601(clock::system_now()),
    }));
    Ok(())
}

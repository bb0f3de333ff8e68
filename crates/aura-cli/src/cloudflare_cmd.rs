//! `aura cloudflare …`: Cloudflare Images signing keys and image privacy,
//! Stream signing keys and video privacy, through Cloudflare's API (the core
//! builds and reads every request, aura-client sends them).
//!
//! Credentials: `--api-token-file PATH`, else `$CLOUDFLARE_API_TOKEN`, else
//! `$CLOUDFLARE_EMAIL` + `$CLOUDFLARE_API_KEY` (never a flag value). Output is
//! JSON on stdout. Secret values (an Images key's value, a Stream key's
//! `pem`/`jwk`, a `/token` token) are printed only by the commands whose
//! result they are (create, rotate, ensure, token); `list` shows names only;
//! errors never carry them.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use aura_client::cloudflare::{
    auth_from_env, block_on, transport_with_timeout, Cloudflare, EnsureAction,
};
use aura_core::cloudflare::{
    Api, Auth, EnsureOptions, ImageDetails, ImagesSigningKey, StreamTokenRequest, VideoDetails,
};
use clap::{Args, Subcommand};
use serde_json::{json, Value};

use crate::exit::{invalid, CliError};
use crate::output::print_json;

/// `aura cloudflare <group> <command>`.
#[derive(Subcommand)]
pub enum CloudflareCommand {
    /// Images signing keys: list, create, rotate, delete, ensure.
    ImagesKeys(ImagesKeysArgs),
    /// One Images image: details, require signed URLs (make it private).
    Images(ImagesArgs),
    /// Stream signing keys: create, list, revoke.
    StreamKeys(StreamKeysArgs),
    /// One Stream video: require signed URLs, details, a token from /token.
    Stream(StreamArgs),
}

/// The account, the API and the credentials (usable after any subcommand).
#[derive(Args)]
#[command(next_help_heading = "Connection")]
pub struct Connection {
    /// The Cloudflare account id.
    #[arg(long, env = "CLOUDFLARE_ACCOUNT_ID", global = true, value_name = "ID")]
    pub account_id: Option<String>,
    /// The API root [default: https://api.cloudflare.com/client/v4].
    #[arg(long, env = "CLOUDFLARE_BASE_URL", global = true, value_name = "URL")]
    pub base_url: Option<String>,
    /// Read an API token from this file [default: $CLOUDFLARE_API_TOKEN, else
    /// $CLOUDFLARE_EMAIL + $CLOUDFLARE_API_KEY].
    #[arg(long, global = true, value_name = "PATH")]
    pub api_token_file: Option<PathBuf>,
    /// Seconds before one attempt gives up (connecting included).
    #[arg(long, global = true, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,
}

impl Connection {
    fn client(&self) -> Result<Cloudflare, CliError> {
        let auth = match &self.api_token_file {
            Some(path) => Auth::api_token(crate::secrets::read_file(path, "--api-token-file")?)?,
            None => auth_from_env()?,
        };
        let account = self
            .account_id
            .as_deref()
            .filter(|a| !a.is_empty())
            .ok_or_else(|| {
                invalid("no account id: pass --account-id or set CLOUDFLARE_ACCOUNT_ID")
            })?;
        let mut api = Api::new(account, auth)?;
        if let Some(base) = self.base_url.as_deref().filter(|b| !b.is_empty()) {
            api = api.with_base_url(base)?;
        }
        if self.timeout == 0 {
            return Err(invalid("--timeout must be at least 1 second"));
        }
        let transport = transport_with_timeout(Duration::from_secs(self.timeout))?;
        Ok(Cloudflare::new(api, transport))
    }
}

#[derive(Args)]
pub struct ImagesKeysArgs {
    #[command(flatten)]
    pub conn: Connection,
    #[command(subcommand)]
    pub command: ImagesKeysCommand,
}

#[derive(Subcommand)]
pub enum ImagesKeysCommand {
    /// List the keys: {"keys":[{"name"}]} (names only; values are never listed).
    List,
    /// Create a key; refused if the name exists (that would rotate it). Prints {"name","value"}.
    Create {
        /// 1-20 letters and digits.
        name: String,
    },
    /// Replace an existing key's value: every URL signed with the old value stops working.
    /// Prints {"name","value"}.
    Rotate { name: String },
    /// Delete a key: every URL signed with it stops working. Prints the names left.
    Delete { name: String },
    /// Make sure the key exists: create it if missing; an existing key is refused
    /// unless --adopt. Prints {"name","value","action":"created"|"adopted"}.
    Ensure {
        name: String,
        /// Use an existing key of that name as it is (never rotated).
        #[arg(long)]
        adopt: bool,
    },
}

#[derive(Args)]
pub struct ImagesArgs {
    #[command(flatten)]
    pub conn: Connection,
    #[command(subcommand)]
    pub command: ImagesCommand,
}

#[derive(Subcommand)]
pub enum ImagesCommand {
    /// The image's details (the API's result, as JSON).
    Details { image_id: String },
    /// requireSignedURLs=true (private; --off: public). Prints {"id","requireSignedURLs"};
    /// the printed id is the one to use from now on.
    RequireSigned {
        image_id: String,
        /// Set requireSignedURLs=false instead.
        #[arg(long)]
        off: bool,
    },
}

#[derive(Args)]
pub struct StreamKeysArgs {
    #[command(flatten)]
    pub conn: Connection,
    #[command(subcommand)]
    pub command: StreamKeysCommand,
}

#[derive(Subcommand)]
pub enum StreamKeysCommand {
    /// Create a key: prints {"id","created","pem","jwk"} (shown once by Cloudflare;
    /// `pem` loads into `aura sign stream-token`).
    Create,
    /// List the keys: {"keys":[{"id","created","key_id"}]}.
    List,
    /// Revoke a key: every token signed with it stops working.
    Revoke { key_id: String },
}

#[derive(Args)]
pub struct StreamArgs {
    #[command(flatten)]
    pub conn: Connection,
    #[command(subcommand)]
    pub command: StreamCommand,
}

#[derive(Subcommand)]
pub enum StreamCommand {
    /// requireSignedURLs=true for a video (--off: false). Prints {"uid","requireSignedURLs"}.
    RequireSigned {
        uid: String,
        /// Set requireSignedURLs=false instead.
        #[arg(long)]
        off: bool,
    },
    /// The video's details (the API's result, as JSON).
    Details { uid: String },
    /// A token minted by Cloudflare's /token endpoint (rate limited; sign locally with
    /// `aura sign stream-token` when you hold a key). Prints {"token"}.
    Token {
        uid: String,
        /// Expiry, Unix seconds [default: Cloudflare's, one hour].
        #[arg(long, value_name = "UNIX")]
        exp: Option<i64>,
        /// Not before, Unix seconds [default: Cloudflare's, one hour ago].
        #[arg(long, value_name = "UNIX")]
        nbf: Option<i64>,
        /// Allow MP4/M4A downloads with the token.
        #[arg(long)]
        downloadable: bool,
    },
}

fn key_json(key: &ImagesSigningKey) -> Value {
    json!({"name": key.name, "value": key.value.expose()})
}

fn names(keys: &[ImagesSigningKey]) -> Value {
    Value::Array(keys.iter().map(|k| json!({"name": k.name})).collect())
}

fn image_json(d: &ImageDetails) -> Value {
    json!({"id": d.id, "requireSignedURLs": d.require_signed_urls})
}

fn video_json(v: &VideoDetails) -> Value {
    json!({"uid": v.uid, "requireSignedURLs": v.require_signed_urls})
}

async fn images_keys(cf: &Cloudflare, cmd: ImagesKeysCommand) -> Result<Value, CliError> {
    Ok(match cmd {
        ImagesKeysCommand::List => json!({"keys": names(&cf.list_images_keys().await?)}),
        ImagesKeysCommand::Create { name } => key_json(&cf.create_images_key(&name).await?),
        ImagesKeysCommand::Rotate { name } => key_json(&cf.rotate_images_key(&name).await?),
        ImagesKeysCommand::Delete { name } => {
            let left = cf.delete_images_key(&name).await?;
            json!({"deleted": name, "remaining": names(&left)})
        }
        ImagesKeysCommand::Ensure { name, adopt } => {
            let options = EnsureOptions {
                adopt,
                ..EnsureOptions::default()
            };
            let ensured = cf.ensure_signing_key(&name, &options).await?;
            let mut out = key_json(&ensured.key);
            out["action"] = json!(match ensured.action {
                EnsureAction::Adopted => "adopted",
                EnsureAction::Created => "created",
            });
            out
        }
    })
}

async fn images(cf: &Cloudflare, cmd: ImagesCommand) -> Result<Value, CliError> {
    Ok(match cmd {
        ImagesCommand::Details { image_id } => cf.image_details(&image_id).await?.raw,
        ImagesCommand::RequireSigned { image_id, off } => {
            image_json(&cf.set_image_require_signed_urls(&image_id, !off).await?)
        }
    })
}

async fn stream_keys(cf: &Cloudflare, cmd: StreamKeysCommand) -> Result<Value, CliError> {
    Ok(match cmd {
        StreamKeysCommand::Create => {
            let k = cf.create_stream_key().await?;
            json!({
                "id": k.id,
                "created": k.created,
                "pem": k.pem.expose(),
                "jwk": k.jwk.as_ref().map(|j| j.expose()),
            })
        }
        StreamKeysCommand::List => {
            let keys: Vec<Value> = cf
                .list_stream_keys()
                .await?
                .into_iter()
                .map(|k| json!({"id": k.id, "created": k.created, "key_id": k.key_id}))
                .collect();
            json!({ "keys": keys })
        }
        StreamKeysCommand::Revoke { key_id } => {
            let result = cf.revoke_stream_key(&key_id).await?;
            json!({"revoked": key_id, "result": result})
        }
    })
}

async fn stream(cf: &Cloudflare, cmd: StreamCommand) -> Result<Value, CliError> {
    Ok(match cmd {
        StreamCommand::RequireSigned { uid, off } => {
            video_json(&cf.set_video_require_signed_urls(&uid, !off).await?)
        }
        StreamCommand::Details { uid } => cf.video_details(&uid).await?.raw,
        StreamCommand::Token {
            uid,
            exp,
            nbf,
            downloadable,
        } => {
            let options = StreamTokenRequest {
                exp,
                nbf,
                downloadable: downloadable.then_some(true),
                ..StreamTokenRequest::default()
            };
            let token = cf.stream_token(&uid, &options).await?;
            json!({"token": token.expose()})
        }
    })
}

fn execute(cmd: CloudflareCommand) -> Result<Value, CliError> {
    let cf = match &cmd {
        CloudflareCommand::ImagesKeys(a) => &a.conn,
        CloudflareCommand::Images(a) => &a.conn,
        CloudflareCommand::StreamKeys(a) => &a.conn,
        CloudflareCommand::Stream(a) => &a.conn,
    }
    .client()?;
    block_on(async move {
        match cmd {
            CloudflareCommand::ImagesKeys(a) => images_keys(&cf, a.command).await,
            CloudflareCommand::Images(a) => images(&cf, a.command).await,
            CloudflareCommand::StreamKeys(a) => stream_keys(&cf, a.command).await,
            CloudflareCommand::Stream(a) => stream(&cf, a.command).await,
        }
    })?
}

/// Runs `aura cloudflare …`: JSON on stdout and exit 0, or
/// `error[<code>]: <message>` on stderr and the exit code of `exit.rs`
/// (3 invalid input or a refused ensure/create, 4 unreadable token file,
/// 5 Cloudflare's error or an undocumented answer).
pub fn run(cmd: CloudflareCommand) -> ExitCode {
    match execute(cmd) {
        Ok(value) => {
            print_json(&value);
            ExitCode::SUCCESS
        }
        Err(e) => e.report(),
    }
}

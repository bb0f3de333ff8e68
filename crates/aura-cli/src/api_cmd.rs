//! `aura upload FILE` and `aura set-visibility NAME public|private`: the
//! AuraImage HTTP calls, against the hosted CDN or any `aura edge`. The core
//! builds the requests and reads the answers; aura-client sends them.

use std::path::PathBuf;

use aura_core::auraimage::{AuraImage, SizeInput, UploadFromUrlOptions, UploadOptions};
use clap::Args;
use serde_json::json;

use crate::exit::{self, CliError};
use crate::output::{print_json, Verbose};
use crate::secrets::SecretKeySource;

/// Where the calls go, and as which project.
#[derive(Args)]
pub struct Target {
    /// The project (payload projectName).
    #[arg(long, env = "AURA_PROJECT")]
    pub project: String,
    /// The CDN (or `aura edge`) base URL.
    #[arg(long, env = "AURA_CDN_URL", default_value = "https://cdn.auraimage.ai")]
    pub cdn_url: String,
    #[command(flatten)]
    pub secret: SecretKeySource,
}

impl Target {
    fn aura(&self, verbose: Verbose) -> Result<AuraImage, CliError> {
        let secret = self.secret.load(verbose)?;
        Ok(AuraImage::new(
            secret.expose(),
            &self.project,
            None,
            Some(&self.cdn_url),
        )?)
    }
}

/// Upload an image with a fresh upload token; prints the upload result (JSON).
#[derive(Args)]
pub struct UploadArgs {
    /// The image file.
    #[arg(required_unless_present = "from_url")]
    pub file: Option<PathBuf>,
    /// Fetch the image from this http(s) URL and upload it (the SDK's
    /// uploadFromUrl: one fetch, image/* Content-Type, size checked first).
    #[arg(long, value_name = "URL", conflicts_with = "file")]
    pub from_url: Option<String>,
    /// With --from-url: give up fetching after this many milliseconds.
    #[arg(
        long,
        value_name = "MS",
        requires = "from_url",
        default_value_t = 30000
    )]
    pub timeout_ms: u32,
    /// The name to store it under [default: the file name, or the URL's last
    /// path segment; the server strips the extension].
    #[arg(long)]
    pub name: Option<String>,
    /// public or private.
    #[arg(long, value_name = "public|private")]
    pub visibility: Option<String>,
    /// Replace an existing image of that name.
    #[arg(long)]
    pub overwrite: bool,
    /// Largest accepted upload (e.g. 10mb) [default: 30mb].
    #[arg(long, value_name = "SIZE")]
    pub max_size: Option<String>,
    #[command(flatten)]
    pub target: Target,
}

/// Make an image public or private (setVisibility); prints {"visibility": …}.
#[derive(Args)]
pub struct SetVisibilityArgs {
    /// The image name.
    pub name: String,
    /// public or private.
    #[arg(value_name = "public|private")]
    pub visibility: String,
    #[command(flatten)]
    pub target: Target,
}

/// The MIME type of a file from its first bytes, as the edge sniffs them.
fn content_type(bytes: &[u8]) -> &'static str {
    aura_edge::media::sniff(bytes).map_or("application/octet-stream", |f| f.mime())
}

fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Runtime::new()
        .map_err(|e| CliError::Aura(aura_core::AuraError::Internal(format!("runtime: {e}"))))
}

pub fn upload(a: UploadArgs, verbose: Verbose) -> Result<(), CliError> {
    let Some(file) = a.file.clone() else {
        return upload_from_url(a, verbose);
    };
    let bytes = std::fs::read(&file).map_err(|e| exit::io(file.display().to_string(), e))?;
    let filename = file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| "upload".into());
    let options = UploadOptions {
        max_size: a.max_size.map(SizeInput::Text),
        visibility: a.visibility,
        name: Some(a.name.unwrap_or_else(|| filename.clone())),
        overwrite: a.overwrite.then_some(true),
        ..UploadOptions::default()
    };
    let aura = a.target.aura(verbose)?;
    verbose.say(format_args!(
        "POST {}/v1/upload ({} bytes)",
        a.target.cdn_url,
        bytes.len()
    ));
    let result = runtime()?.block_on(async {
        let t = aura_client::Transport::new()?;
        aura_client::auraimage::upload(&t, &aura, &bytes, &filename, content_type(&bytes), &options)
            .await
    })?;
    print_json(&result);
    Ok(())
}

/// `aura upload --from-url URL`.
fn upload_from_url(a: UploadArgs, verbose: Verbose) -> Result<(), CliError> {
    let url = a.from_url.unwrap_or_default();
    let options = UploadFromUrlOptions {
        name: a.name,
        max_size: a.max_size.map(SizeInput::Text),
        visibility: a.visibility,
        overwrite: a.overwrite.then_some(true),
        timeout_ms: Some(f64::from(a.timeout_ms)),
    };
    let aura = a.target.aura(verbose)?;
    verbose.say(format_args!(
        "GET {}",
        url.split('?').next().unwrap_or(&url)
    ));
    let result = runtime()?.block_on(async {
        let t = aura_client::Transport::new()?;
        aura_client::auraimage::upload_from_url(&t, &aura, &url, &options).await
    })?;
    print_json(&result);
    Ok(())
}

pub fn set_visibility(a: SetVisibilityArgs, verbose: Verbose) -> Result<(), CliError> {
    let aura = a.target.aura(verbose)?;
    let visibility = runtime()?.block_on(async {
        let t = aura_client::Transport::new()?;
        aura_client::auraimage::set_visibility(&t, &aura, &a.name, &a.visibility).await
    })?;
    print_json(&json!({ "visibility": visibility }));
    Ok(())
}

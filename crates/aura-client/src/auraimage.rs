//! AuraImage's HTTP calls: `upload` and `setVisibility` (auraimage.md §7,
//! §10). The core builds the requests and reads the answers.

use aura_core::auraimage::{AuraImage, UploadFromUrlOptions, UploadOptions};
use aura_core::exchange::{Answer, Exchange};
use aura_core::keys::{OsRandom, RandomSource};
use aura_core::AuraError;
use serde_json::Value;

use crate::cloudflare::unexpected;
use crate::transport::Transport;

/// A random multipart boundary (the core takes it as an argument).
fn boundary() -> Result<String, AuraError> {
    let mut b = [0u8; 16];
    OsRandom.fill(&mut b)?;
    Ok(format!(
        "aura-{}",
        b.iter().map(|x| format!("{x:02x}")).collect::<String>()
    ))
}

/// Uploads `file` with a fresh upload token for `options`; the upload
/// result (`url, name, blurhash, width, height, format, size, visibility`).
pub async fn upload(
    t: &Transport,
    aura: &AuraImage,
    file: &[u8],
    filename: &str,
    content_type: &str,
    options: &UploadOptions,
) -> Result<Value, AuraError> {
    let ex = Exchange::upload(
        aura,
        file,
        filename,
        content_type,
        options,
        t.now(),
        &boundary()?,
    )?;
    match t.drive(ex).await? {
        Answer::Uploaded(result) => Ok(result),
        other => Err(unexpected(other)),
    }
}

/// `uploadFromUrl(url, options)` (auraimage.md §8): fetches the source once,
/// checks it, uploads it; errors are `upload_from_url` with the SDK's kinds.
pub async fn upload_from_url(
    t: &Transport,
    aura: &AuraImage,
    url: &str,
    options: &UploadFromUrlOptions,
) -> Result<Value, AuraError> {
    let ex = Exchange::upload_from_url(aura, url, options, t.now(), &boundary()?)?;
    match t.drive(ex).await? {
        Answer::Uploaded(result) => Ok(result),
        other => Err(unexpected(other)),
    }
}

/// `setVisibility(name, "public" | "private")`: the visibility the server reports.
pub async fn set_visibility(
    t: &Transport,
    aura: &AuraImage,
    name: &str,
    visibility: &str,
) -> Result<Option<String>, AuraError> {
    match t
        .drive(Exchange::set_visibility(aura, name, visibility, t.now())?)
        .await?
    {
        Answer::Visibility(v) => Ok(v),
        other => Err(unexpected(other)),
    }
}

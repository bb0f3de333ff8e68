//! AuraImage's HTTP calls: `upload` and `setVisibility` (auraimage.md §7,
//! §10). The core builds the requests and reads the answers.

use aura_core::auraimage::{
    parse_set_visibility_response, parse_upload_response, AuraImage, UploadOptions,
};
use aura_core::keys::{OsRandom, RandomSource};
use aura_core::AuraError;
use serde_json::Value;

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
    let req = aura.upload_request(file, filename, content_type, options, t.now(), &boundary()?)?;
    let res = t.send(&req).await?;
    parse_upload_response(res.status, &res.body)
}

/// `setVisibility(name, "public" | "private")`: the visibility the server reports.
pub async fn set_visibility(
    t: &Transport,
    aura: &AuraImage,
    name: &str,
    visibility: &str,
) -> Result<Option<String>, AuraError> {
    let req = aura
        .set_visibility_request(name, visibility, t.now())?
        .into_request();
    let res = t.send(&req).await?;
    parse_set_visibility_response(res.status, &String::from_utf8_lossy(&res.body))
}

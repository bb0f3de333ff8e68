//! Upload tokens: `AuraImage#signUpload` (auraimage.md §3).

use super::dialect::Dialect;
use super::numbers::non_negative;
use super::size::{parse_size, parse_size_js, SizeInput};
use crate::error::{invalid, Result};
use crate::js::json::{push_json_number, push_string};
use crate::js::number::push_int;

/// `'30mb'` (since 0.5.0).
pub const DEFAULT_MAX_SIZE: u64 = 31_457_280;
/// Seconds.
pub const DEFAULT_UPLOAD_EXPIRES_IN: f64 = 3600.0;

/// Options of `signUpload`; `None` means "not passed".
#[derive(Clone, Debug, Default)]
pub struct UploadOptions {
    /// Default `"30mb"`.
    pub max_size: Option<SizeInput>,
    /// Default `["image/*"]`.
    pub allowed_types: Option<Vec<String>>,
    /// Seconds, default 3600. Added to `iat` unrounded, as the SDK does.
    pub expires_in: Option<f64>,
    /// Overrides the constructor's project (`''` is kept, as `??` does).
    pub project_name: Option<String>,
    /// `public` or `private`; `''` is omitted, as the SDK's truthiness test does.
    pub visibility: Option<String>,
    /// Image name (extension-less, may contain `/`).
    pub name: Option<String>,
    /// `overwrite` in the payload when set; omitted when `None`.
    pub overwrite: Option<bool>,
}

/// The payload JSON in the SDK's key order:
/// `projectName, maxSize, allowedTypes, iat, exp, visibility, name, overwrite`.
pub(crate) fn upload_payload_json(
    default_project: &str,
    options: &UploadOptions,
    now: i64,
    dialect: Dialect,
) -> Result<String> {
    let requested = options.expires_in.unwrap_or(DEFAULT_UPLOAD_EXPIRES_IN);
    let (max_size, expires_in) = match dialect {
        Dialect::Typed => (
            options
                .max_size
                .as_ref()
                .map_or(Ok(DEFAULT_MAX_SIZE), parse_size)? as f64,
            non_negative("expiresIn", requested)?,
        ),
        // The SDK: parseSize's double and `nowSec + expiresIn`, unchecked.
        Dialect::JsCompat => (
            options
                .max_size
                .as_ref()
                .map_or(Ok(DEFAULT_MAX_SIZE as f64), parse_size_js)?,
            requested,
        ),
    };
    let visibility = match (options.visibility.as_deref(), dialect) {
        (None | Some(""), _) => None,
        (Some(v @ ("public" | "private")), _) | (Some(v), Dialect::JsCompat) => Some(v),
        (Some(_), Dialect::Typed) => {
            return Err(invalid("visibility must be 'public' or 'private'"))
        }
    };
    let project = options.project_name.as_deref().unwrap_or(default_project);

    let mut json = String::with_capacity(160);
    json.push_str("{\"projectName\":");
    push_string(&mut json, project);
    json.push_str(",\"maxSize\":");
    push_json_number(&mut json, max_size);
    json.push_str(",\"allowedTypes\":[");
    match &options.allowed_types {
        Some(types) => {
            for (i, t) in types.iter().enumerate() {
                if i > 0 {
                    json.push(',');
                }
                push_string(&mut json, t);
            }
        }
        None => json.push_str("\"image/*\""),
    }
    json.push_str("],\"iat\":");
    push_int(&mut json, now);
    json.push_str(",\"exp\":");
    push_json_number(&mut json, now as f64 + expires_in);
    if let Some(v) = visibility {
        json.push_str(",\"visibility\":");
        push_string(&mut json, v);
    }
    if let Some(name) = &options.name {
        json.push_str(",\"name\":");
        push_string(&mut json, name);
    }
    if let Some(overwrite) = options.overwrite {
        json.push_str(if overwrite {
            ",\"overwrite\":true"
        } else {
            ",\"overwrite\":false"
        });
    }
    json.push('}');
    Ok(json)
}

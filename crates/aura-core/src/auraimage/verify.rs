//! Verifiers for upload and serve tokens (auraimage.md §6), strict where the
//! SDK is lenient: canonical base64url only, UTF-8 without BOM, an object
//! payload, a numeric `exp`. Valid while `now <= exp`, as the SDK.

use serde_json::{Map, Value};
use std::fmt;

use super::envelope::{split_token, TokenParts};
use crate::error::{malformed, AuraError, Result};
use crate::mac::{non_empty_keys, required_keys, HmacKey};

/// The project and image a serve token must be for (the edge always passes it).
#[derive(Clone, Copy, Debug)]
pub struct ExpectedImage<'a> {
    /// The project the token's `p` must equal.
    pub project: &'a str,
    /// The image name the token's `f` must equal.
    pub name: &'a str,
}

impl<'a> ExpectedImage<'a> {
    /// From optional arguments: both or neither (`invalid_input` otherwise).
    pub fn from_parts(project: Option<&'a str>, name: Option<&'a str>) -> Result<Option<Self>> {
        match (project, name) {
            (Some(project), Some(name)) => Ok(Some(ExpectedImage { project, name })),
            (None, None) => Ok(None),
            _ => Err(crate::error::invalid("pass project and name together")),
        }
    }
}

fn prepare(secrets: &[&str]) -> Result<Vec<HmacKey>> {
    required_keys(secrets, "secret")
}

/// Tries each key in order; `Ok(())` on the first match.
pub(crate) fn check_signature(parts: &TokenParts<'_>, keys: &[HmacKey]) -> Result<()> {
    let signature = parts.signature()?;
    if keys
        .iter()
        .any(|k| k.verify(parts.signed.as_bytes(), &signature))
    {
        Ok(())
    } else {
        Err(AuraError::BadSignature)
    }
}

/// `exp` must be a finite number; expired when `exp < now`.
pub(crate) fn check_exp(payload: &Map<String, Value>, now: i64) -> Result<()> {
    let exp = match payload.get("exp") {
        Some(Value::Number(n)) => n.as_f64().filter(|e| e.is_finite()),
        _ => None,
    }
    .ok_or_else(|| malformed("exp must be a number"))?;
    if exp < now as f64 {
        Err(AuraError::Expired)
    } else {
        Ok(())
    }
}

fn verify_upload_parts(parts: TokenParts<'_>, keys: &[HmacKey], now: i64) -> Result<Value> {
    check_signature(&parts, keys)?;
    check_exp(&parts.payload, now)?;
    Ok(Value::Object(parts.payload))
}

/// `verifyUploadToken(token, secret | secrets)`: secrets tried in order
/// (rotation); empty strings are skipped, as the SDK.
pub fn verify_upload_token(token: &str, secrets: &[&str], now: i64) -> Result<Value> {
    let keys = prepare(secrets)?;
    verify_upload_parts(split_token(token)?, &keys, now)
}

/// `verifyUploadToken(token, resolver)`: the resolver gets the payload's
/// `projectName` and returns that project's secrets. A payload without a
/// non-empty string `projectName` is `missing_project_name`, before any
/// signature check (the SDK's order).
pub fn verify_upload_token_with_resolver<F>(token: &str, resolver: F, now: i64) -> Result<Value>
where
    F: FnOnce(&str) -> Result<Vec<String>>,
{
    let project = upload_token_project_name(token)?;
    let secrets = resolver(&project)?;
    verify_upload_token_resolved(token, &secrets, now)
}

/// Step 1 of a resolver verification (for hosts whose resolver is async):
/// the token's `projectName`, or `missing_project_name`.
pub fn upload_token_project_name(token: &str) -> Result<String> {
    match split_token(token)?.payload.get("projectName") {
        Some(Value::String(p)) if !p.is_empty() => Ok(p.clone()),
        _ => Err(AuraError::MissingProjectName),
    }
}

/// Step 2: verify with the secrets the resolver returned; none (or only
/// empty ones) is `bad_signature`, as the SDK returns null.
pub fn verify_upload_token_resolved<S: AsRef<str>>(
    token: &str,
    secrets: &[S],
    now: i64,
) -> Result<Value> {
    let keys = non_empty_keys(secrets);
    if keys.is_empty() {
        return Err(AuraError::BadSignature);
    }
    verify_upload_parts(split_token(token)?, &keys, now)
}

fn verify_serve_parts(
    parts: TokenParts<'_>,
    keys: &[HmacKey],
    now: i64,
    expected: Option<ExpectedImage<'_>>,
) -> Result<Value> {
    check_signature(&parts, keys)?;
    check_serve_payload(&parts.payload, now, expected)?;
    Ok(Value::Object(parts.payload))
}

/// The checks after the signature: string `p` and `f`, `exp`, the image.
pub(crate) fn check_serve_payload(
    payload: &Map<String, Value>,
    now: i64,
    expected: Option<ExpectedImage<'_>>,
) -> Result<()> {
    let (p, f) = match (payload.get("p"), payload.get("f")) {
        (Some(Value::String(p)), Some(Value::String(f))) => (p, f),
        _ => return Err(malformed("serve token needs string p and f")),
    };
    check_exp(payload, now)?;
    if let Some(e) = expected {
        if e.project != p || e.name != f {
            return Err(AuraError::WrongImage);
        }
    }
    Ok(())
}

/// `verifyServeToken(token, secret)`, with rotation (several secrets tried in
/// order) and the optional image check (`wrong_image`).
pub fn verify_serve_token(
    token: &str,
    secrets: &[&str],
    now: i64,
    expected: Option<ExpectedImage<'_>>,
) -> Result<Value> {
    let keys = prepare(secrets)?;
    verify_serve_parts(split_token(token)?, &keys, now, expected)
}

/// A serve-token verifier with its keys prepared once (the edge's hot path).
#[derive(Clone)]
pub struct ServeTokenVerifier {
    keys: Vec<HmacKey>,
}

impl ServeTokenVerifier {
    /// Prepares the serve secrets, tried in order; empty ones are skipped, and a list with
    /// none left is `invalid_input`.
    pub fn new(secrets: &[&str]) -> Result<Self> {
        Ok(ServeTokenVerifier {
            keys: prepare(secrets)?,
        })
    }

    /// As [`verify_serve_token`] with the prepared keys; `now` in Unix seconds.
    /// Returns the payload.
    pub fn verify(
        &self,
        token: &str,
        now: i64,
        expected: Option<ExpectedImage<'_>>,
    ) -> Result<Value> {
        verify_serve_parts(split_token(token)?, &self.keys, now, expected)
    }
}

/// An upload-token verifier with its keys prepared once.
#[derive(Clone)]
pub struct UploadTokenVerifier {
    keys: Vec<HmacKey>,
}

impl UploadTokenVerifier {
    /// Prepares the upload secrets, tried in order; empty ones are skipped, and a list
    /// with none left is `invalid_input`.
    pub fn new(secrets: &[&str]) -> Result<Self> {
        Ok(UploadTokenVerifier {
            keys: prepare(secrets)?,
        })
    }

    /// As [`verify_upload_token`] with the prepared keys; `now` in Unix seconds.
    /// Returns the payload.
    pub fn verify(&self, token: &str, now: i64) -> Result<Value> {
        verify_upload_parts(split_token(token)?, &self.keys, now)
    }
}

impl fmt::Debug for ServeTokenVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ServeTokenVerifier({} keys)", self.keys.len())
    }
}

impl fmt::Debug for UploadTokenVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UploadTokenVerifier({} keys)", self.keys.len())
    }
}

//! The token envelope shared by upload and serve tokens (auraimage.md §2):
//! `b64url(json) + "." + b64url(HMAC-SHA256(secret, b64url(json)))`.

use serde_json::Value;

use crate::encoding::{b64url_decode_strict, push_b64url};
use crate::error::{invalid, malformed, Result};
use crate::js::json::stringify;
use crate::mac::HmacKey;

/// The base64url signature a key gives the signed (base64url payload) text.
pub(crate) fn signature_b64(signed: &str, key: &HmacKey) -> String {
    let mut out = String::with_capacity(43);
    push_b64url(&mut out, &key.sign(signed.as_bytes()));
    out
}

/// Seals a JSON text into a token with a prepared key.
pub(crate) fn seal(json: &str, key: &HmacKey) -> String {
    let mut token = String::with_capacity(json.len() * 4 / 3 + 48);
    seal_into(&mut token, json, key);
    token
}

/// Appends the token to `out` without an intermediate allocation.
pub(crate) fn seal_into(out: &mut String, json: &str, key: &HmacKey) {
    let start = out.len();
    push_b64url(out, json.as_bytes());
    let mac = key.sign(&out.as_bytes()[start..]);
    out.push('.');
    push_b64url(out, &mac);
}

fn seal_value(payload: &Value, secret: &str) -> Result<String> {
    if secret.is_empty() {
        return Err(invalid(
            "HMAC secret is empty — refusing to import zero-length key",
        ));
    }
    Ok(seal(&stringify(payload), &HmacKey::new(secret)))
}

/// `signUploadToken(payload, secret)`: any JSON value, serialised exactly as
/// `JSON.stringify` does, in the value's own member order.
pub fn sign_upload_token(payload: &Value, secret: &str) -> Result<String> {
    seal_value(payload, secret)
}

/// `signServeToken(payload, secret)`: identical envelope.
pub fn sign_serve_token(payload: &Value, secret: &str) -> Result<String> {
    seal_value(payload, secret)
}

/// A token split on its last `.` and strictly decoded.
pub struct TokenParts<'a> {
    /// The base64url payload text (what the MAC covers).
    pub signed: &'a str,
    /// The parsed payload; always a JSON object.
    pub payload: serde_json::Map<String, Value>,
    /// The base64url signature text (decoded on demand).
    pub signature_b64: &'a str,
}

/// Splits on the last `.` and decodes the payload strictly: canonical
/// base64url without padding, UTF-8 without BOM, a JSON object.
pub fn split_token(token: &str) -> Result<TokenParts<'_>> {
    let dot = token
        .rfind('.')
        .ok_or_else(|| malformed("token has no '.'"))?;
    let (signed, signature_b64) = (&token[..dot], &token[dot + 1..]);
    let bytes = b64url_decode_strict(signed)
        .ok_or_else(|| malformed("payload is not canonical base64url"))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| malformed("payload is not UTF-8"))?;
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Object(payload)) => Ok(TokenParts {
            signed,
            payload,
            signature_b64,
        }),
        Ok(_) => Err(malformed("payload is not a JSON object")),
        Err(_) => Err(malformed("payload is not JSON")),
    }
}

impl TokenParts<'_> {
    /// The decoded signature bytes (strict base64url).
    pub fn signature(&self) -> Result<Vec<u8>> {
        b64url_decode_strict(self.signature_b64)
            .ok_or_else(|| malformed("signature is not canonical base64url"))
    }
}

//! A tolerant PEM reader for pasted keys: any line width, LF or CRLF,
//! surrounding whitespace. Returns the label and the DER bytes.

use zeroize::Zeroizing;

use crate::encoding::b64_decode_lenient;
use crate::error::{AuraError, Result};

/// One decoded PEM block.
pub struct Pem {
    /// The label between `BEGIN ` and `-----`, e.g. `PRIVATE KEY`.
    pub label: String,
    /// The decoded body (DER), zeroized on drop.
    pub der: Zeroizing<Vec<u8>>,
}

/// Reads the first PEM block of `text`: the label and the base64 body up to the
/// matching `END` line (whitespace in the body is tolerated). `invalid_key` if the
/// header, the `END` line or the base64 is bad.
pub fn parse_pem(text: &str) -> Result<Pem> {
    let bad = |m: &str| AuraError::InvalidKey(m.to_string());
    let t = text.trim().replace("\r\n", "\n");
    let begin = t
        .strip_prefix("-----BEGIN ")
        .ok_or_else(|| bad("bad PEM header"))?;
    let (label, rest) = begin
        .split_once("-----")
        .ok_or_else(|| bad("bad PEM header"))?;
    let end_marker = format!("-----END {label}-----");
    let body = rest
        .split_once(&end_marker)
        .map(|(b, _)| b)
        .ok_or_else(|| bad("PEM has no matching END line (truncated?)"))?;
    let der = b64_decode_lenient(body).ok_or_else(|| bad("PEM body is not base64"))?;
    Ok(Pem {
        label: label.to_string(),
        der: Zeroizing::new(der),
    })
}

/// PEM text with 64-column lines and a final LF (Go's `pem.EncodeToMemory`).
pub fn to_pem(label: &str, der: &[u8]) -> String {
    let b64 = crate::encoding::b64_std(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

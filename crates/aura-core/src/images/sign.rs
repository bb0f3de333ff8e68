//! Signing: the docs Worker's algorithm (cloudflare.md §1.1), in two modes.

use std::fmt;

use super::delivery_url::DeliveryUrl;
use super::query::{parse_pairs, serialize, set};
use crate::error::{invalid, AuraError, Result};
use crate::mac::HmacKey;

/// How to treat what the Worker gets wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ImagesMode {
    /// The safe default. Equals `Worker` except that: existing `exp`/`sig`
    /// parameters are removed before signing; custom-domain URLs
    /// (`/cdn-cgi/imagedelivery/…`) are signed over the account path
    /// `/<hash>/<id>/<variant>`, which is what the edge accepts; flexible
    /// variants (`w=400,…`) are refused with `flexible_variant_not_signable`.
    #[default]
    Default,
    /// Byte for byte what the docs Worker produces, for every URL.
    Worker,
}

impl ImagesMode {
    /// Reads `default` or `worker`; `invalid_input` otherwise.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "default" => Ok(ImagesMode::Default),
            "worker" => Ok(ImagesMode::Worker),
            _ => Err(invalid(format!(
                "mode must be 'default' or 'worker', got {s:?}"
            ))),
        }
    }
}

/// The signed URL and the exact string that was signed (for debugging).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedImageUrl {
    /// The URL with `exp` and `sig` set.
    pub url: String,
    /// The exact text the HMAC covers.
    pub string_to_sign: String,
}

/// An Images signing key, prepared once. The key is the dashboard/API string
/// used as UTF-8 bytes: never base64-decoded, hex-decoded or trimmed.
#[derive(Clone)]
pub struct ImagesSigner {
    key: HmacKey,
}

impl ImagesSigner {
    /// The key as the dashboard/API shows it; `invalid_input` if empty.
    pub fn new(key: &str) -> Result<Self> {
        if key.is_empty() {
            return Err(invalid("Images signing key is empty"));
        }
        Ok(ImagesSigner {
            key: HmacKey::new(key),
        })
    }

    /// Signs `url` to expire at `now + expires_in` (Unix seconds).
    pub fn sign(
        &self,
        url: &str,
        expires_in: i64,
        now: i64,
        mode: ImagesMode,
    ) -> Result<SignedImageUrl> {
        let url = DeliveryUrl::parse(url)?;
        let mut pairs = parse_pairs(url.query.as_deref());
        if mode == ImagesMode::Default {
            if url.is_flexible_variant() {
                return Err(AuraError::FlexibleVariantNotSignable);
            }
            pairs.retain(|(name, _)| name != "exp" && name != "sig");
        }
        let exp = now
            .checked_add(expires_in)
            .ok_or_else(|| invalid("exp overflows"))?;
        set(&mut pairs, "exp", exp.to_string());
        let query = serialize(&pairs);
        let path = match mode {
            ImagesMode::Worker => url.path(),
            ImagesMode::Default => url.account_path(),
        };
        let mut string_to_sign = String::with_capacity(path.len() + 1 + query.len());
        string_to_sign.push_str(path);
        string_to_sign.push('?');
        string_to_sign.push_str(&query);
        let mut sig_hex = [0u8; 64];
        hex::encode_to_slice(self.key.sign(string_to_sign.as_bytes()), &mut sig_hex)
            .expect("64 hex digits");
        let sig = std::str::from_utf8(&sig_hex).expect("hex is ASCII");

        // `url.href` after `searchParams.set("sig", …)`: the serialised query
        // replaces the old one; the fragment stays after it.
        let fragment = url.fragment.as_deref();
        let mut out = String::with_capacity(
            url.before_query.len() + query.len() + 70 + fragment.map_or(0, |f| f.len() + 1),
        );
        out.push_str(&url.before_query);
        out.push('?');
        if pairs.iter().any(|(n, _)| n == "sig") {
            set(&mut pairs, "sig", sig.to_string()); // an existing sig is rewritten in place (worker mode)
            out.push_str(&serialize(&pairs));
        } else {
            out.push_str(&query);
            out.push_str("&sig=");
            out.push_str(sig);
        }
        if let Some(f) = fragment {
            out.push('#');
            out.push_str(f);
        }
        Ok(SignedImageUrl {
            url: out,
            string_to_sign,
        })
    }
}

impl fmt::Debug for ImagesSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ImagesSigner(<redacted>)")
    }
}

/// One-shot form of [`ImagesSigner::sign`].
pub fn sign_images_url(
    url: &str,
    key: &str,
    expires_in: i64,
    now: i64,
    mode: ImagesMode,
) -> Result<SignedImageUrl> {
    ImagesSigner::new(key)?.sign(url, expires_in, now, mode)
}

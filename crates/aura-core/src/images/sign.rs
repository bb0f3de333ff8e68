//! Signing: the docs Worker's algorithm (cloudflare.md §1.1), in two modes.

use std::fmt;
use url::Url;

use super::query::{parse_pairs, serialize, set};
use super::CUSTOM_DOMAIN_PREFIX;
use crate::error::{invalid, AuraError, Result};
use crate::mac::{hex_lower, HmacKey};

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
    pub url: String,
    pub string_to_sign: String,
}

/// An Images signing key, prepared once. The key is the dashboard/API string
/// used as UTF-8 bytes: never base64-decoded, hex-decoded or trimmed.
#[derive(Clone)]
pub struct ImagesSigner {
    key: HmacKey,
}

pub(crate) fn parse_delivery_url(raw: &str) -> Result<Url> {
    let url = Url::parse(raw).map_err(|e| invalid(format!("not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("URL must be http(s) with a host"));
    }
    Ok(url)
}

/// The account path the edge verifies: a custom-domain prefix removed.
pub(crate) fn account_path(url: &Url) -> &str {
    let path = url.path();
    match path.strip_prefix(CUSTOM_DOMAIN_PREFIX) {
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    }
}

fn is_flexible_variant(url: &Url) -> bool {
    url.path_segments()
        .and_then(|mut s| s.next_back())
        .is_some_and(|variant| variant.contains('='))
}

impl ImagesSigner {
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
        let mut url = parse_delivery_url(url)?;
        let mut pairs = parse_pairs(url.query());
        if mode == ImagesMode::Default {
            if is_flexible_variant(&url) {
                return Err(AuraError::FlexibleVariantNotSignable);
            }
            pairs.retain(|(name, _)| name != "exp" && name != "sig");
        }
        let exp = now
            .checked_add(expires_in)
            .ok_or_else(|| invalid("exp overflows"))?;
        set(&mut pairs, "exp", exp.to_string());
        let path = match mode {
            ImagesMode::Worker => url.path(),
            ImagesMode::Default => account_path(&url),
        };
        let string_to_sign = format!("{path}?{}", serialize(&pairs));
        let sig = hex_lower(&self.key.sign(string_to_sign.as_bytes()));
        set(&mut pairs, "sig", sig);
        url.set_query(Some(&serialize(&pairs)));
        Ok(SignedImageUrl {
            url: url.into(),
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

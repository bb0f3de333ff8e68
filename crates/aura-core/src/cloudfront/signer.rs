//! Signed URLs. A signer holds a parsed key and a style; `prepare_*` builds
//! the policy and everything around the signature, `sign()` finishes with
//! the key (either hash) and `finish()` with an RSA signature made elsewhere
//! (an HSM), which is checked against the key's public half before any URL
//! is returned.

use std::fmt;

use super::default_rules::{check_expiry, check_explicit_policy, default_url};
use super::encoding::cloudfront_b64;
use super::js_url::{encode_url_path, get_resource, push_extended_encode};
use super::key::{CloudFrontKey, HashAlgorithm};
use super::policy::{effective, js_url_from_policy, write_policy, Conditions};
use super::style::CloudFrontStyle;
use crate::error::{invalid, AuraError, Result};

/// A key and a style, prepared once.
#[derive(Clone)]
pub struct CloudFrontSigner {
    key: CloudFrontKey,
    style: CloudFrontStyle,
}

/// Everything of a signed URL but the signature.
#[derive(Clone)]
pub struct UnsignedUrl {
    key: CloudFrontKey,
    style: CloudFrontStyle,
    /// The returned URL up to the separator (for JS rtmp: the stream name).
    prefix: String,
    policy: String,
    /// `Some(N)`: canned, sent as `Expires=N`; `None`: custom, sent as `Policy`.
    expires: Option<i64>,
}

/// A signed URL and the exact policy text that was signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedUrl {
    /// The signed URL (for an `aws-js` rtmp URL: the signed stream name).
    pub url: String,
    /// The UTF-8 text whose bytes the signature covers.
    pub policy: String,
    /// The hash the signature was made with.
    pub hash_algorithm: HashAlgorithm,
    /// Canned (`Expires`) rather than custom (`Policy`).
    pub canned: bool,
}

impl CloudFrontSigner {
    /// botocore has no `Hash-Algorithm` parameter, so a SHA-256 key pair in
    /// the `botocore` style would make URLs CloudFront checks as SHA-1:
    /// refused (`invalid_input`).
    pub fn new(key: CloudFrontKey, style: CloudFrontStyle) -> Result<Self> {
        if style == CloudFrontStyle::Botocore && key.hash_algorithm() == HashAlgorithm::Sha256 {
            return Err(invalid(
                "the botocore style signs RSA-SHA1 only (botocore sends no Hash-Algorithm); use aws-js or default for SHA-256 key pairs",
            ));
        }
        Ok(CloudFrontSigner { key, style })
    }

    /// The signing key.
    pub fn key(&self) -> &CloudFrontKey {
        &self.key
    }

    /// The style whose bytes this signer produces.
    pub fn style(&self) -> CloudFrontStyle {
        self.style
    }

    /// A URL with a canned policy (only `date_less_than`) or a custom one
    /// built from the conditions (`Resource` = the URL as the style signs it).
    /// `now` (Unix seconds) is used by `default` only; the references never
    /// read a clock.
    pub fn prepare_url(&self, url: &str, conditions: &Conditions, now: i64) -> Result<UnsignedUrl> {
        let (prefix, policy, e) = match self.style {
            CloudFrontStyle::AwsJs => {
                if url.is_empty() {
                    return Err(invalid(
                        "@aws-sdk/cloudfront-signer: Please provide 'url' or 'policy'.",
                    ));
                }
                let base = encode_url_path(url);
                let resource = get_resource(&base)?;
                let e = effective(self.style, conditions)?;
                let policy = write_policy(self.style, &resource, &e);
                (joinable(&base, resource), policy, e)
            }
            CloudFrontStyle::Default => {
                let base = default_url(url)?;
                let e = effective(self.style, conditions)?;
                check_expiry(e.date_less_than, now)?;
                let policy = write_policy(self.style, &base, &e);
                (joinable(&base, base.clone()), policy, e)
            }
            CloudFrontStyle::Botocore => {
                let e = effective(self.style, conditions)?;
                let policy = write_policy(self.style, url, &e);
                (joinable(url, url.to_string()), policy, e)
            }
        };
        Ok(UnsignedUrl {
            key: self.key.clone(),
            style: self.style,
            prefix,
            expires: e.is_canned().then_some(e.date_less_than),
            policy,
        })
    }

    /// A URL with a policy given as text, signed byte for byte as given and
    /// sent as `Policy`. Without `url`, `aws-js` returns the policy's first
    /// `Resource` (first `*://` → `https://`) as the JS signer does;
    /// `default` and `botocore` need the URL. `default` also checks the
    /// policy (see [`CloudFrontStyle::Default`]).
    pub fn prepare_url_with_policy(
        &self,
        url: Option<&str>,
        policy: &str,
        now: i64,
    ) -> Result<UnsignedUrl> {
        if policy.is_empty() {
            return Err(invalid("policy is empty"));
        }
        let url = url.filter(|u| !u.is_empty());
        let prefix = match self.style {
            CloudFrontStyle::AwsJs => {
                let base = match url {
                    Some(u) => encode_url_path(u),
                    None => js_url_from_policy(policy)?,
                };
                let resource = get_resource(&base)?;
                joinable(&base, resource)
            }
            CloudFrontStyle::Default => {
                let url = url.ok_or_else(|| {
                    invalid("the default style signs the URL it returns: pass the URL (a policy's Resource is a pattern)")
                })?;
                let base = default_url(url)?;
                check_explicit_policy(policy, Some(&base), now)?;
                joinable(&base, base.clone())
            }
            CloudFrontStyle::Botocore => {
                let url =
                    url.ok_or_else(|| invalid("botocore's generate_presigned_url needs the URL"))?;
                joinable(url, url.to_string())
            }
        };
        Ok(UnsignedUrl {
            key: self.key.clone(),
            style: self.style,
            prefix,
            expires: None,
            policy: policy.to_string(),
        })
    }

    /// [`Self::prepare_url`] then [`UnsignedUrl::sign`].
    pub fn sign_url(&self, url: &str, conditions: &Conditions, now: i64) -> Result<SignedUrl> {
        self.prepare_url(url, conditions, now)?.sign()
    }

    /// [`Self::prepare_url_with_policy`] then [`UnsignedUrl::sign`].
    pub fn sign_url_with_policy(
        &self,
        url: Option<&str>,
        policy: &str,
        now: i64,
    ) -> Result<SignedUrl> {
        self.prepare_url_with_policy(url, policy, now)?.sign()
    }
}

/// `resource` followed by the separator both references choose: `&` when the
/// URL they append to already contains `?`, else `?`.
fn joinable(appended_to: &str, mut resource: String) -> String {
    resource.push(if appended_to.contains('?') { '&' } else { '?' });
    resource
}

impl UnsignedUrl {
    /// The exact text to sign (its UTF-8 bytes).
    pub fn policy(&self) -> &str {
        &self.policy
    }

    /// The hash the key signs with.
    pub fn hash_algorithm(&self) -> HashAlgorithm {
        self.key.hash_algorithm()
    }

    /// Canned (`Expires`) rather than custom (`Policy`).
    pub fn is_canned(&self) -> bool {
        self.expires.is_some()
    }

    /// Signs with the key (RSA-SHA1 or RSA-SHA256, by the key's hash).
    pub fn sign(self) -> Result<SignedUrl> {
        let signature = self.key.sign(self.policy.as_bytes())?;
        Ok(self.assemble(&signature))
    }

    /// Completes the URL with an RSA PKCS#1 v1.5 signature of [`Self::policy`]
    /// made elsewhere (an HSM, or another signer of the same key). It
    /// must verify with the key's public half under its hash, else
    /// `bad_signature` and no URL.
    pub fn finish(self, signature: &[u8]) -> Result<SignedUrl> {
        if !self.key.public_key().verify(
            self.key.hash_algorithm(),
            self.policy.as_bytes(),
            signature,
        ) {
            return Err(AuraError::BadSignature);
        }
        Ok(self.assemble(signature))
    }

    fn assemble(self, signature: &[u8]) -> SignedUrl {
        let hash = self.key.hash_algorithm();
        let signature = cloudfront_b64(signature);
        let mut url = self.prefix;
        match self.expires {
            Some(n) => {
                url.push_str("Expires=");
                url.push_str(&n.to_string());
            }
            None => {
                url.push_str("Policy=");
                url.push_str(&cloudfront_b64(self.policy.as_bytes()));
            }
        }
        if self.style == CloudFrontStyle::Botocore {
            url.push_str("&Signature=");
            url.push_str(&signature);
            url.push_str("&Key-Pair-Id=");
            url.push_str(self.key.key_pair_id());
        } else {
            url.push_str("&Key-Pair-Id=");
            push_extended_encode(&mut url, self.key.key_pair_id());
            url.push_str("&Signature=");
            url.push_str(&signature);
            if hash == HashAlgorithm::Sha256 {
                url.push_str("&Hash-Algorithm=SHA256");
            }
        }
        SignedUrl {
            url,
            policy: self.policy,
            hash_algorithm: hash,
            canned: self.expires.is_some(),
        }
    }
}

impl fmt::Debug for CloudFrontSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "CloudFrontSigner({:?}, style={})",
            self.key,
            self.style.as_str()
        )
    }
}

impl fmt::Debug for UnsignedUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "UnsignedUrl(style={}, prefix={:?}, policy={:?})",
            self.style.as_str(),
            self.prefix,
            self.policy
        )
    }
}

//! Signed cookies (cloudfront.md §1.4, §2.7): the JS `getSignedCookies`
//! (botocore has none). The policy `Resource` is the URL as given: the JS
//! signer does not re-encode cookie resources.

use std::fmt;

use super::default_rules::{check_expiry, check_explicit_policy, default_cookie_resource};
use super::encoding::cloudfront_b64;
use super::js_url::get_resource;
use super::key::{CloudFrontKey, HashAlgorithm};
use super::policy::{effective, write_policy, Conditions};
use super::signer::CloudFrontSigner;
use super::style::CloudFrontStyle;
use crate::error::{invalid, AuraError, Result};

/// Everything of a cookie set but the signature.
#[derive(Clone)]
pub struct UnsignedCookies {
    key: CloudFrontKey,
    policy: String,
    expires: Option<i64>,
}

/// The cookie values, as `getSignedCookies` returns them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedCookies {
    /// `CloudFront-Key-Pair-Id` (the id as is: cookie values are not URL-encoded).
    pub key_pair_id: String,
    /// `CloudFront-Signature`.
    pub signature: String,
    /// `CloudFront-Expires` (canned).
    pub expires: Option<i64>,
    /// `CloudFront-Policy` (custom): the policy in CloudFront's base64.
    pub policy: Option<String>,
    /// `CloudFront-Hash-Algorithm: SHA256` is sent for SHA-256 only.
    pub hash_algorithm: HashAlgorithm,
    /// The UTF-8 text whose bytes the signature covers.
    pub policy_json: String,
}

impl SignedCookies {
    /// Name/value pairs in the JS signer's order: `CloudFront-Key-Pair-Id`,
    /// `CloudFront-Signature`, `CloudFront-Expires` or `CloudFront-Policy`,
    /// then `CloudFront-Hash-Algorithm` for SHA-256.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![
            ("CloudFront-Key-Pair-Id", self.key_pair_id.clone()),
            ("CloudFront-Signature", self.signature.clone()),
        ];
        if let Some(n) = self.expires {
            out.push(("CloudFront-Expires", n.to_string()));
        }
        if let Some(p) = &self.policy {
            out.push(("CloudFront-Policy", p.clone()));
        }
        if self.hash_algorithm == HashAlgorithm::Sha256 {
            out.push(("CloudFront-Hash-Algorithm", "SHA256".to_string()));
        }
        out
    }
}

fn no_botocore(style: CloudFrontStyle) -> Result<()> {
    if style == CloudFrontStyle::Botocore {
        return Err(invalid(
            "botocore has no signed-cookie API; use the aws-js or default style",
        ));
    }
    Ok(())
}

impl CloudFrontSigner {
    /// Cookies with a canned policy (only `date_less_than`) or a custom one
    /// built from the conditions, for `url` (a pattern with `*`/`?` for
    /// custom policies). `now` is used by `default` only.
    pub fn prepare_cookies(
        &self,
        url: &str,
        conditions: &Conditions,
        now: i64,
    ) -> Result<UnsignedCookies> {
        let style = self.style();
        no_botocore(style)?;
        if url.is_empty() {
            return Err(invalid(
                "Invalid policy: signed cookies need the URL or a policy",
            ));
        }
        let resource = get_resource(url)?;
        let e = effective(style, conditions)?;
        if style == CloudFrontStyle::Default {
            default_cookie_resource(url, e.is_canned())?;
            check_expiry(e.date_less_than, now)?;
        }
        Ok(UnsignedCookies {
            key: self.key().clone(),
            policy: write_policy(style, &resource, &e),
            expires: e.is_canned().then_some(e.date_less_than),
        })
    }

    /// Cookies for a policy given as text (signed byte for byte).
    /// `default` checks the policy first (see [`CloudFrontStyle::Default`]).
    pub fn prepare_cookies_with_policy(&self, policy: &str, now: i64) -> Result<UnsignedCookies> {
        no_botocore(self.style())?;
        if policy.is_empty() {
            return Err(invalid("policy is empty"));
        }
        if self.style() == CloudFrontStyle::Default {
            check_explicit_policy(policy, None, now)?;
        }
        Ok(UnsignedCookies {
            key: self.key().clone(),
            policy: policy.to_string(),
            expires: None,
        })
    }

    /// [`Self::prepare_cookies`] then [`UnsignedCookies::sign`].
    pub fn sign_cookies(
        &self,
        url: &str,
        conditions: &Conditions,
        now: i64,
    ) -> Result<SignedCookies> {
        self.prepare_cookies(url, conditions, now)?.sign()
    }

    /// [`Self::prepare_cookies_with_policy`] then [`UnsignedCookies::sign`].
    pub fn sign_cookies_with_policy(&self, policy: &str, now: i64) -> Result<SignedCookies> {
        self.prepare_cookies_with_policy(policy, now)?.sign()
    }
}

impl UnsignedCookies {
    /// The exact text to sign (its UTF-8 bytes).
    pub fn policy(&self) -> &str {
        &self.policy
    }

    /// The hash the key signs with (its `Hash-Algorithm`).
    pub fn hash_algorithm(&self) -> HashAlgorithm {
        self.key.hash_algorithm()
    }

    /// Signs with the key (RSA-SHA1 or RSA-SHA256, by the key's hash).
    pub fn sign(self) -> Result<SignedCookies> {
        let signature = self.key.sign(self.policy.as_bytes())?;
        Ok(self.assemble(&signature))
    }

    /// Completes the cookies with a signature made elsewhere; it must verify
    /// with the key's public half, else `bad_signature`.
    pub fn finish(self, signature: &[u8]) -> Result<SignedCookies> {
        if !self.key.public_key().verify(
            self.key.hash_algorithm(),
            self.policy.as_bytes(),
            signature,
        ) {
            return Err(AuraError::BadSignature);
        }
        Ok(self.assemble(signature))
    }

    fn assemble(self, signature: &[u8]) -> SignedCookies {
        SignedCookies {
            key_pair_id: self.key.key_pair_id().to_string(),
            signature: cloudfront_b64(signature),
            expires: self.expires,
            policy: self
                .expires
                .is_none()
                .then(|| cloudfront_b64(self.policy.as_bytes())),
            hash_algorithm: self.key.hash_algorithm(),
            policy_json: self.policy,
        }
    }
}

impl fmt::Debug for UnsignedCookies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "UnsignedCookies(policy={:?})", self.policy)
    }
}

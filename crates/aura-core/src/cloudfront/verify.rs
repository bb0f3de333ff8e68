//! Verifying signed URLs and cookies as CloudFront does: key pair id lookup,
//! the RSA signature over the policy (canned: rebuilt from the request and
//! `Expires`), then the policy's `Resource`, dates and `IpAddress`.
//!
//! Strictness (fail closed): every CloudFront parameter or cookie at most
//! once; `Expires` a canonical integer; `Signature`/`Policy` canonical
//! CloudFront base64; `Key-Pair-Id` in the one spelling the JS signer emits;
//! `Hash-Algorithm` absent (SHA-1) or exactly `SHA256`; the custom policy
//! parsed strictly ([`super::parse_policy`]); resources compared byte for
//! byte (no percent-decoding, no case folding). Valid while
//! `DateGreaterThan < now < DateLessThan`, as the condition names say.

use std::fmt;
use std::net::IpAddr;

use super::cidr::Cidr;
use super::default_rules::CLOUDFRONT_PARAMS;
use super::encoding::cloudfront_b64_decode;
use super::js_url::decode_extended_canonical;
use super::key::{CloudFrontPublicKey, HashAlgorithm};
use super::policy::{parse_policy, write_policy, Effective};
use super::style::CloudFrontStyle;
use crate::error::{invalid, malformed, AuraError, Result};
use crate::wildcard::wildcard_matches as resource_matches;

/// What a verification depends on besides the keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CloudFrontVerifyOptions {
    /// Unix seconds.
    pub now: i64,
    /// The viewer's address, needed when a policy has `IpAddress`.
    pub client_ip: Option<IpAddr>,
    /// Accept RSA-SHA1 signatures (CloudFront does; the default is `true`).
    pub allow_sha1: bool,
}

impl CloudFrontVerifyOptions {
    /// Options at `now` (Unix seconds): no client IP, SHA-1 accepted.
    pub fn new(now: i64) -> Self {
        CloudFrontVerifyOptions {
            now,
            client_ip: None,
            allow_sha1: true,
        }
    }

    /// Sets the viewer's address, checked against a policy's `IpAddress`.
    pub fn with_client_ip(mut self, ip: IpAddr) -> Self {
        self.client_ip = Some(ip);
        self
    }
}

/// What a valid URL or cookie set grants.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedAccess {
    /// The key pair id whose key made the signature.
    pub key_pair_id: String,
    /// The hash the signature was made with.
    pub hash_algorithm: HashAlgorithm,
    /// Canned (`Expires`) rather than custom (`Policy`).
    pub canned: bool,
    /// The signed policy text.
    pub policy: String,
    /// The request resource (canned) or the policy's pattern (custom).
    pub resource: String,
    /// The expiry, in Unix seconds.
    pub date_less_than: i64,
    /// The start (`DateGreaterThan`), in Unix seconds, if the policy has one.
    pub date_greater_than: Option<i64>,
    /// The policy's `AWS:SourceIp`, if any.
    pub ip_address: Option<String>,
}

/// Trusted public keys, looked up by key pair id.
#[derive(Clone)]
pub struct CloudFrontVerifier {
    keys: Vec<CloudFrontPublicKey>,
}

/// The signing material a request presents, before any check.
struct Presented<'a> {
    /// The request without CloudFront's parameters (and without a fragment).
    resource: String,
    key_pair_id: String,
    signature: &'a str,
    expires: Option<&'a str>,
    policy: Option<&'a str>,
    hash_algorithm: Option<&'a str>,
}

/// Collects each named value at most once.
#[derive(Default)]
struct Slots<'a> {
    values: [Option<&'a str>; 5],
}

impl<'a> Slots<'a> {
    fn put(&mut self, index: usize, name: &str, value: &'a str) -> Result<()> {
        if self.values[index].replace(value).is_some() {
            return Err(malformed(format!("{name} appears more than once")));
        }
        Ok(())
    }
}

fn without_fragment(url: &str) -> &str {
    url.split_once('#').map_or(url, |(u, _)| u)
}

/// `-?(0|[1-9][0-9]*)` within i64, `-0` excluded: the only spellings the
/// signers produce, so a changed byte cannot give the same number.
fn canonical_int(s: &str) -> Option<i64> {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let ok = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && s != "-0";
    ok.then(|| s.parse().ok()).flatten()
}

impl CloudFrontVerifier {
    /// At least one key; key pair ids must be distinct.
    pub fn new(keys: Vec<CloudFrontPublicKey>) -> Result<Self> {
        if keys.is_empty() {
            return Err(invalid(
                "a CloudFront verifier needs at least one public key",
            ));
        }
        for (i, k) in keys.iter().enumerate() {
            if keys[..i].iter().any(|o| o.key_pair_id() == k.key_pair_id()) {
                return Err(invalid(format!(
                    "key pair id {:?} is given twice",
                    k.key_pair_id()
                )));
            }
        }
        Ok(CloudFrontVerifier { keys })
    }

    /// A signed URL as the request arrives (a fragment, never sent, is ignored).
    pub fn verify_url(
        &self,
        url: &str,
        options: &CloudFrontVerifyOptions,
    ) -> Result<VerifiedAccess> {
        let url = without_fragment(url);
        let (base, query) = url
            .split_once('?')
            .ok_or_else(|| malformed("URL has no query: no CloudFront signature parameters"))?;
        let mut slots = Slots::default();
        let mut kept = Vec::new();
        for piece in query.split('&') {
            let (name, value) = piece.split_once('=').unwrap_or((piece, ""));
            match CLOUDFRONT_PARAMS.iter().position(|p| *p == name) {
                Some(i) => slots.put(i, name, value)?,
                None => kept.push(piece),
            }
        }
        let mut resource = base.to_string();
        if !kept.is_empty() {
            resource.push('?');
            resource.push_str(&kept.join("&"));
        }
        let [expires, policy, signature, key_pair_id, hash_algorithm] = slots.values;
        let raw_id = key_pair_id.ok_or_else(|| malformed("URL has no Key-Pair-Id"))?;
        let key_pair_id = decode_extended_canonical(raw_id)
            .ok_or_else(|| malformed("Key-Pair-Id is not encoded as the signers encode it"))?;
        self.check(
            Presented {
                resource,
                key_pair_id,
                signature: signature.ok_or_else(|| malformed("URL has no Signature"))?,
                expires,
                policy,
                hash_algorithm,
            },
            options,
        )
    }

    /// Signed cookies (`name`, `value`) for a request to `url`. Other cookies
    /// are ignored; each `CloudFront-*` cookie may appear once.
    pub fn verify_cookies(
        &self,
        url: &str,
        cookies: &[(&str, &str)],
        options: &CloudFrontVerifyOptions,
    ) -> Result<VerifiedAccess> {
        let mut slots = Slots::default();
        for (name, value) in cookies {
            if let Some(param) = name.strip_prefix("CloudFront-") {
                if let Some(i) = CLOUDFRONT_PARAMS.iter().position(|p| *p == param) {
                    slots.put(i, name, value)?;
                }
            }
        }
        let [expires, policy, signature, key_pair_id, hash_algorithm] = slots.values;
        self.check(
            Presented {
                resource: without_fragment(url).to_string(),
                key_pair_id: key_pair_id
                    .ok_or_else(|| malformed("no CloudFront-Key-Pair-Id cookie"))?
                    .to_string(),
                signature: signature.ok_or_else(|| malformed("no CloudFront-Signature cookie"))?,
                expires,
                policy,
                hash_algorithm,
            },
            options,
        )
    }

    fn check(&self, p: Presented<'_>, options: &CloudFrontVerifyOptions) -> Result<VerifiedAccess> {
        let hash = match p.hash_algorithm {
            None => HashAlgorithm::Sha1,
            Some("SHA256") => HashAlgorithm::Sha256,
            Some(other) => {
                return Err(malformed(format!("Hash-Algorithm {other:?} is not SHA256")))
            }
        };
        if hash == HashAlgorithm::Sha1 && !options.allow_sha1 {
            return Err(AuraError::AlgNotAllowed("RSA-SHA1".into()));
        }
        let canned_expires = match (p.expires, p.policy) {
            (Some(e), None) => {
                Some(canonical_int(e).ok_or_else(|| malformed("Expires is not an integer"))?)
            }
            (None, Some(_)) => None,
            (Some(_), Some(_)) => return Err(malformed("both Expires and Policy are present")),
            (None, None) => return Err(malformed("neither Expires nor Policy is present")),
        };
        let key = self
            .keys
            .iter()
            .find(|k| k.key_pair_id() == p.key_pair_id)
            .ok_or(AuraError::UnknownKid)?;
        let signature = cloudfront_b64_decode(p.signature)
            .ok_or_else(|| malformed("Signature is not CloudFront base64"))?;

        let (policy, statement) = match canned_expires {
            Some(expires) => {
                let e = Effective {
                    date_less_than: expires,
                    date_greater_than: None,
                    ip_address: None,
                };
                // JS and botocore write the same resource differently only
                // outside printable ASCII; either text is the canned policy.
                let js = write_policy(CloudFrontStyle::AwsJs, &p.resource, &e);
                let py = write_policy(CloudFrontStyle::Botocore, &p.resource, &e);
                let policy = if key.verify(hash, js.as_bytes(), &signature) {
                    js
                } else if py != js && key.verify(hash, py.as_bytes(), &signature) {
                    py
                } else {
                    return Err(AuraError::BadSignature);
                };
                (policy, None)
            }
            None => {
                let bytes = cloudfront_b64_decode(p.policy.expect("custom"))
                    .ok_or_else(|| malformed("Policy is not CloudFront base64"))?;
                if !key.verify(hash, &bytes, &signature) {
                    return Err(AuraError::BadSignature);
                }
                let statement = parse_policy(&bytes)?;
                let policy = String::from_utf8(bytes).expect("parse_policy checked UTF-8");
                (policy, Some(statement))
            }
        };

        let (resource, date_less_than, date_greater_than, ip_address) = match statement {
            None => (p.resource, canned_expires.expect("canned"), None, None),
            Some(s) => {
                if !resource_matches(&s.resource, &p.resource) {
                    // A valid policy for another resource.
                    return Err(AuraError::WrongImage);
                }
                (
                    s.resource,
                    s.date_less_than,
                    s.date_greater_than,
                    s.ip_address,
                )
            }
        };
        if options.now >= date_less_than {
            return Err(AuraError::Expired);
        }
        if date_greater_than.is_some_and(|start| options.now <= start) {
            return Err(AuraError::NotYetValid);
        }
        if let Some(ip) = &ip_address {
            let cidr = Cidr::parse(ip)
                .ok_or_else(|| malformed(format!("AWS:SourceIp {ip:?} is not an IP or CIDR")))?;
            let viewer = options.client_ip.ok_or_else(|| {
                invalid(format!(
                    "the policy restricts viewers to {ip}; pass client_ip"
                ))
            })?;
            if !cidr.contains(viewer) {
                return Err(AuraError::AccessDenied { rule_index: 0 });
            }
        }
        Ok(VerifiedAccess {
            key_pair_id: p.key_pair_id,
            hash_algorithm: hash,
            canned: canned_expires.is_some(),
            policy,
            resource,
            date_less_than,
            date_greater_than,
            ip_address,
        })
    }
}

impl fmt::Debug for CloudFrontVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self
            .keys
            .iter()
            .map(CloudFrontPublicKey::key_pair_id)
            .collect();
        write!(f, "CloudFrontVerifier({ids:?})")
    }
}

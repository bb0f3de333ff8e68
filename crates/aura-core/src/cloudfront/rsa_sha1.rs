//! RSASSA-PKCS1-v1_5 signing with SHA-1 (RFC 8017 §8.2.1), through AWS-LC's
//! own `RSA_sign`.
//!
//! **Why it is here.** CloudFront key pairs sign with RSA-SHA1 unless the URL
//! says `Hash-Algorithm=SHA256`: it is CloudFront's original scheme, what the
//! AWS consoles still set up by default, the only hash botocore sends and the
//! JS signer's default. aws-lc-rs (the core's RSA) verifies RSA-SHA1
//! (`RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY`) but its safe API cannot
//! sign it: its signing encodings are a sealed set of SHA-256/384/512. The C
//! library under it, AWS-LC, signs RSA-SHA1 like OpenSSL does; this module
//! calls that function (`RSA_sign(NID_sha1, …)`) through `aws-lc-sys`, the
//! very crate aws-lc-rs links, so no second RSA implementation is in the
//! build. The `rsa` crate stays barred (RUSTSEC-2023-0071, Marvin).
//!
//! **What AWS-LC does** (BoringSSL's `rsa_impl.c`): the private operation is
//! constant-time Montgomery exponentiation by CRT with base blinding, and it
//! checks its own result against the public key before returning it (the
//! Bellcore fault countermeasure), as it does for the SHA-256 signatures
//! aws-lc-rs makes.
//! PKCS#1 v1.5 is deterministic: the same key and message give the same bytes
//! as OpenSSL, Node.js or Python's `cryptography`.
//!
//! **Parsing.** The key's PKCS#1 DER is parsed once, when the
//! [`super::CloudFrontKey`] is made (`RSA_private_key_from_bytes`, which also
//! runs `RSA_check_key`), and freed with `RSA_free` when the last clone of
//! the key is dropped; AWS-LC zeroizes the key's integers as it frees them.
//!
//! **Threads.** AWS-LC documents `RSA_sign` as safe to call concurrently on
//! one `RSA` (its lazily built Montgomery contexts and blinding cache are
//! under the key's own lock), which is what aws-lc-rs relies on too for its
//! `Send + Sync` key pairs.

use std::os::raw::c_uint;
use std::ptr::NonNull;

use crate::error::{AuraError, Result};

/// A parsed AWS-LC RSA private key that signs RSA-SHA1.
pub(super) struct Sha1Signer {
    rsa: NonNull<aws_lc_sys::RSA>,
    /// The modulus length in bytes (= the signature length).
    k: usize,
}

// SAFETY: the pointer is owned (freed once, in Drop) and AWS-LC's RSA_sign
// and RSA_size may run concurrently on one key (see the module docs).
unsafe impl Send for Sha1Signer {}
unsafe impl Sync for Sha1Signer {}

impl Drop for Sha1Signer {
    fn drop(&mut self) {
        // SAFETY: `rsa` came from RSA_private_key_from_bytes and is freed once.
        unsafe { aws_lc_sys::RSA_free(self.rsa.as_ptr()) }
    }
}

impl Sha1Signer {
    /// From a PKCS#1 `RSAPrivateKey` DER (already accepted by aws-lc-rs).
    pub(super) fn new(pkcs1_der: &[u8]) -> Result<Self> {
        // SAFETY: reads `pkcs1_der.len()` bytes of a live slice; returns an
        // owned RSA or null.
        let raw =
            unsafe { aws_lc_sys::RSA_private_key_from_bytes(pkcs1_der.as_ptr(), pkcs1_der.len()) };
        let rsa = NonNull::new(raw)
            .ok_or_else(|| AuraError::InvalidKey("RSA private key is invalid".into()))?;
        // SAFETY: `rsa` is a live key.
        let k = unsafe { aws_lc_sys::RSA_size(rsa.as_ptr()) } as usize;
        Ok(Sha1Signer { rsa, k })
    }

    /// The RSASSA-PKCS1-v1_5 SHA-1 signature of `message` (`k` bytes).
    pub(super) fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        let digest =
            aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, message);
        let digest = digest.as_ref();
        let mut out = vec![0u8; self.k];
        let mut len: c_uint = 0;
        // SAFETY: `digest` is 20 live bytes; `out` has RSA_size(rsa) bytes,
        // the most RSA_sign writes; `len` is a live c_uint; `rsa` is live.
        let ok = unsafe {
            aws_lc_sys::RSA_sign(
                aws_lc_sys::NID_sha1,
                digest.as_ptr(),
                digest.len(),
                out.as_mut_ptr(),
                &mut len,
                self.rsa.as_ptr(),
            )
        };
        if ok != 1 || len as usize != self.k {
            return Err(AuraError::Internal("RSA-SHA1 signing failed".into()));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use aws_lc_rs::encoding::AsDer;
    use aws_lc_rs::rsa::{KeyPair, KeySize};
    use base64::Engine as _;

    use super::super::{CloudFrontKey, HashAlgorithm};

    /// Fresh keys of every size aws-lc-rs generates: each RSA-SHA1 signature
    /// verifies (the vector file pins the bytes for its two 2048-bit keys).
    #[test]
    fn fresh_keys_of_each_size_sign() {
        for size in [KeySize::Rsa2048, KeySize::Rsa3072, KeySize::Rsa4096] {
            let pair = KeyPair::generate(size).unwrap();
            let der = AsDer::as_der(&pair).unwrap();
            let pem = format!(
                "-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n",
                base64::engine::general_purpose::STANDARD.encode(der.as_ref())
            );
            let key = CloudFrontKey::from_pem(&pem, "K", HashAlgorithm::Sha1).unwrap();
            for message in [&b""[..], b"{}", &[0xffu8; 1000]] {
                let sig = key.sign(message).unwrap();
                assert_eq!(sig.len(), size.len());
                assert!(key.public_key().verify(HashAlgorithm::Sha1, message, &sig));
            }
        }
    }

    /// Clones share one parsed key and sign from several threads at once.
    #[test]
    fn one_key_signs_from_many_threads() {
        let file: serde_json::Value =
            serde_json::from_str(include_str!("../../../../tests/vectors/cloudfront.json"))
                .unwrap();
        let pem = file["keys"]["rsa"][0]["pkcs1_pem"].as_str().unwrap();
        let key = CloudFrontKey::from_pem(pem, "K", HashAlgorithm::Sha1).unwrap();
        let want = key.sign(b"policy").unwrap();
        std::thread::scope(|s| {
            for _ in 0..4 {
                let key = key.clone();
                let want = &want;
                s.spawn(move || {
                    for _ in 0..50 {
                        assert_eq!(&key.sign(b"policy").unwrap(), want);
                    }
                });
            }
        });
    }
}

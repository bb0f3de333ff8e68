//! RSASSA-PKCS1-v1_5 signing with SHA-1 (RFC 8017 §8.2.1, EMSA-PKCS1-v1_5
//! §9.2), in pure Rust.
//!
//! **Why it is here.** CloudFront key pairs sign with RSA-SHA1 unless the URL
//! says `Hash-Algorithm=SHA256`: it is CloudFront's original scheme, what the
//! AWS consoles still set up by default, the only hash botocore sends and the
//! JS signer's default. aws-lc-rs (the core's RSA) verifies RSA-SHA1
//! (`RSA_PKCS1_2048_8192_SHA1_FOR_LEGACY_USE_ONLY`) but cannot sign it: its
//! signing encodings are a sealed set of SHA-256/384/512 and it exposes no raw
//! RSA private operation. The `rsa` crate is barred (RUSTSEC-2023-0071,
//! Marvin: its variable-time big integers leak through timing). So this module
//! does the private operation itself, with `crypto-bigint`'s constant-time
//! arithmetic, and [`super::CloudFrontKey::sign`] checks every signature with
//! aws-lc-rs's RSA-SHA1 verification before returning it.
//!
//! **The computation.** `EM = 00 01 FF…FF 00 ‖ DigestInfo(SHA-1) ‖ H` (the
//! DER prefix `30 21 30 09 06 05 2b 0e 03 02 1a 05 00 04 14`), `m = OS2IP(EM)`,
//! and `s = m^d mod n` by the Chinese remainder theorem (RFC 8017 §5.1.2
//! 2.b): `s₁ = (m mod p)^dP mod p`, `s₂ = (m mod q)^dQ mod q`,
//! `h = qInv·(s₁ − s₂) mod p`, `s = s₂ + q·h`. PKCS#1 v1.5 is deterministic:
//! the same key and message give the same bytes as OpenSSL, Node.js or
//! Python's `cryptography`.
//!
//! **Constant time.** Everything secret (`p`, `q`, `dP`, `dQ`, `qInv`, and
//! `s₁`, `s₂`, `h`, each of which would reveal a factor together with the
//! public signature) is a fixed-precision [`BoxedUint`]: all of them use the
//! same precision, the larger prime's bit length rounded up to whole limbs,
//! which depends on the public modulus size only. The arithmetic is
//! `crypto-bigint`'s Montgomery form over that precision:
//! - `pow` is a fixed 4-bit-window exponentiation over *all* `bits_precision`
//!   bits of the exponent (not its actual length), with a table lookup that
//!   reads every entry and selects with masks; its multiplications and
//!   squarings are branch-free almost-Montgomery multiplications with masked
//!   final subtractions. Its running time depends on the precision only.
//! - `m mod p` uses no division: `m` (public) is split into halves
//!   `m = m_hi·R + m_lo` with `R = 2^precision`, and `m_hi·R mod p` is exactly
//!   the Montgomery representation of `m_hi`, so `m mod p` is two Montgomery
//!   conversions (multiplication by `R² mod p`, REDC with a masked final
//!   subtraction) and a modular addition.
//! - subtraction, multiplication by `qInv` and the final `s₂ + q·h` are
//!   fixed-width limb loops with masked carries; no branch or memory index
//!   depends on a secret.
//!
//! The Montgomery parameters (`R mod p`, `R² mod p`, …) are computed once per
//! key, when it is parsed (`BoxedMontyParams::new`, the constant-time
//! variant), never per signature. What the timing of a signature can reveal
//! is the key size; the message and the signature are public anyway.
//!
//! **Fault guard.** A fault in one CRT half gives a signature `s′` with
//! `gcd(s′^e − m, n) = p` (the Bellcore attack). The caller therefore
//! verifies every signature with aws-lc-rs before releasing it and returns
//! `internal` if it does not verify.
//!
//! **Memory.** The private integers live in the key object (parsed once) and
//! are zeroized on drop, as are the per-signature intermediates. `crypto-bigint`
//! 0.6 does not zeroize its `BoxedMontyParams` (which hold `p`, `q` and values
//! derived from them) nor its exponentiation table; aws-lc-rs holds the same
//! key in its own memory.

use std::sync::Arc;

use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BoxedUint, Limb, Odd};
use zeroize::{Zeroize, Zeroizing};

use crate::error::{AuraError, Result};

/// `DigestInfo` DER for SHA-1 up to the digest (RFC 8017 §9.2 note 1).
const SHA1_DIGEST_INFO: [u8; 15] = [
    0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
];
const SHA1_LEN: usize = 20;

fn invalid_key(msg: &str) -> AuraError {
    AuraError::InvalidKey(msg.into())
}

fn internal(msg: &str) -> AuraError {
    AuraError::Internal(msg.into())
}

/// Big-endian bytes without leading zeros.
fn strip(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

fn bit_len(stripped: &[u8]) -> u32 {
    stripped.first().map_or(0, |b| {
        (stripped.len() as u32 - 1) * 8 + (8 - b.leading_zeros())
    })
}

/// The CRT half of an RSA private key, ready to exponentiate.
pub(super) struct Sha1Signer {
    /// `k`: the modulus length in bytes (= the signature length).
    k: usize,
    /// Precision of every value mod `p` or mod `q`: the larger prime's bit
    /// length rounded up to whole limbs (public: it follows from the key size).
    bits: u32,
    q: BoxedUint,
    dp: BoxedUint,
    dq: BoxedUint,
    /// `qInv` in Montgomery form mod `p`.
    qinv: BoxedMontyForm,
    p_params: Arc<BoxedMontyParams>,
    q_params: Arc<BoxedMontyParams>,
}

impl Drop for Sha1Signer {
    fn drop(&mut self) {
        self.q.zeroize();
        self.dp.zeroize();
        self.dq.zeroize();
        self.qinv.zeroize();
    }
}

impl Sha1Signer {
    /// From a parsed PKCS#1 key (already validated by aws-lc-rs: `n = p·q`,
    /// `dP`, `dQ`, `qInv` consistent).
    pub(super) fn new(key: &pkcs1::RsaPrivateKey<'_>) -> Result<Self> {
        if key.other_prime_infos.is_some() {
            return Err(AuraError::UnsupportedKeyType(
                "multi-prime RSA keys are not supported".into(),
            ));
        }
        let n = strip(key.modulus.as_bytes());
        let p = strip(key.prime1.as_bytes());
        let q = strip(key.prime2.as_bytes());
        let k = n.len();
        let bits = bit_len(p).max(bit_len(q)).div_ceil(Limb::BITS) * Limb::BITS;
        // `n = p·q` fits twice the precision (EM is split into two halves of
        // it); anything else is not a consistent key, which aws-lc-rs refuses
        // before this runs.
        if bits == 0 || k * 8 > 2 * bits as usize || k < SHA1_DIGEST_INFO.len() + SHA1_LEN + 11 {
            return Err(invalid_key("RSA private key CRT parameters are invalid"));
        }
        let int = |bytes: &[u8]| {
            BoxedUint::from_be_slice(strip(bytes), bits)
                .map_err(|_| invalid_key("RSA private key CRT parameters are invalid"))
        };
        let odd = |v: BoxedUint| {
            Option::<Odd<BoxedUint>>::from(Odd::new(v))
                .ok_or_else(|| invalid_key("RSA private key prime is even"))
        };
        let p_params = Arc::new(BoxedMontyParams::new(odd(int(p)?)?));
        let q_int = int(q)?;
        let q_params = Arc::new(BoxedMontyParams::new(odd(q_int.clone())?));
        let qinv = Zeroizing::new(int(key.coefficient.as_bytes())?);
        Ok(Sha1Signer {
            k,
            bits,
            q: q_int,
            dp: int(key.exponent1.as_bytes())?,
            dq: int(key.exponent2.as_bytes())?,
            qinv: BoxedMontyForm::new_with_arc(BoxedUint::clone(&qinv), Arc::clone(&p_params)),
            p_params,
            q_params,
        })
    }

    /// `m mod r` in Montgomery form, for `m = hi·R + lo` (`hi`, `lo` < `R`):
    /// the Montgomery form of `hi` is the integer `hi·R mod r`, so
    /// `m mod r = mont(hi) + lo`, each converted again. No division.
    fn reduce(hi: &BoxedUint, lo: &BoxedUint, params: &Arc<BoxedMontyParams>) -> BoxedMontyForm {
        let mut hi_r = BoxedMontyForm::new_with_arc(hi.clone(), Arc::clone(params));
        let mut a = BoxedMontyForm::new_with_arc(hi_r.as_montgomery().clone(), Arc::clone(params));
        let mut b = BoxedMontyForm::new_with_arc(lo.clone(), Arc::clone(params));
        let m = a.add(&b);
        for v in [&mut hi_r, &mut a, &mut b] {
            v.zeroize();
        }
        m
    }

    /// `(m mod r)^d mod r`, fully reduced.
    fn pow(
        hi: &BoxedUint,
        lo: &BoxedUint,
        d: &BoxedUint,
        params: &Arc<BoxedMontyParams>,
    ) -> BoxedUint {
        let mut m = Self::reduce(hi, lo, params);
        let mut s = m.pow(d);
        let out = s.retrieve();
        m.zeroize();
        s.zeroize();
        out
    }

    /// The RSASSA-PKCS1-v1_5 SHA-1 signature of `message` (`k` bytes). The
    /// caller verifies it before releasing it.
    pub(super) fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        let digest =
            aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA1_FOR_LEGACY_USE_ONLY, message);
        // EM (k bytes) right-aligned in a buffer of twice the precision.
        let width = 2 * self.bits as usize / 8;
        let mut em = vec![0u8; width];
        let t_len = SHA1_DIGEST_INFO.len() + SHA1_LEN;
        let start = width - self.k;
        em[start + 1] = 0x01;
        em[start + 2..width - t_len - 1].fill(0xff);
        em[width - t_len..width - SHA1_LEN].copy_from_slice(&SHA1_DIGEST_INFO);
        em[width - SHA1_LEN..].copy_from_slice(digest.as_ref());
        let (hi, lo) = em.split_at(width / 2);
        let half = |b: &[u8]| {
            BoxedUint::from_be_slice(b, self.bits).map_err(|_| internal("EMSA encoding"))
        };
        let (hi, lo) = (half(hi)?, half(lo)?);

        let mut s1 = Self::pow(&hi, &lo, &self.dp, &self.p_params);
        let mut s2 = Self::pow(&hi, &lo, &self.dq, &self.q_params);
        let mut a = BoxedMontyForm::new_with_arc(s1.clone(), Arc::clone(&self.p_params));
        let mut b = BoxedMontyForm::new_with_arc(s2.clone(), Arc::clone(&self.p_params));
        let mut t = &a - &b;
        let mut th = &t * &self.qinv;
        let mut h = th.retrieve();
        let mut qh = h.mul(&self.q);
        let mut s2w = s2.widen(2 * self.bits);
        let mut s = qh.wrapping_add(&s2w);
        let bytes = s.to_be_bytes();
        let out = if bytes[..start].iter().all(|&b| b == 0) {
            Ok(bytes[start..].to_vec())
        } else {
            Err(internal("RSA-SHA1 signature out of range"))
        };
        for v in [&mut s1, &mut s2, &mut h, &mut qh, &mut s2w, &mut s] {
            v.zeroize();
        }
        for v in [&mut a, &mut b, &mut t, &mut th] {
            v.zeroize();
        }
        out
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
}

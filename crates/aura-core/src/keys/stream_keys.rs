//! Stream signing keys in the exact shapes `POST /stream/keys` returns
//! (cloudflare.md §2.3): `pem` = base64 of a PKCS#1 PEM (64-column lines,
//! final LF); `jwk` = base64 of compact JSON with members
//! `use,kty,kid,alg,n,e,d,p,q,dp,dq,qi`.

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair as RsaKeyPair, KeySize};
use pkcs1::der::Decode;
use std::fmt;

use crate::encoding::{b64_std, b64url};
use crate::error::{AuraError, Result};
use crate::js::json::push_string;
use crate::pem::to_pem;
use crate::secret::Secret;
use crate::stream::StreamKey;

/// A key as Cloudflare's API hands it out. `pem` and `jwk` are secrets.
#[derive(Clone)]
pub struct CloudflareStreamKey {
    /// The key id (`kid`).
    pub id: String,
    /// Base64 of the PKCS#1 PEM (`-----BEGIN RSA PRIVATE KEY-----`).
    pub pem: Secret,
    /// Base64 of the private JWK (compact JSON, members
    /// `use,kty,kid,alg,n,e,d,p,q,dp,dq,qi`).
    pub jwk: Secret,
    /// The same key, ready to sign, with `id` as its key id.
    pub key: StreamKey,
}

impl fmt::Debug for CloudflareStreamKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CloudflareStreamKey(id={:?}, <private>)", self.id)
    }
}

/// Exports a key in Cloudflare's `pem` and `jwk` shapes under `key_id`.
pub fn export_cloudflare_shapes(key: &StreamKey, key_id: &str) -> Result<CloudflareStreamKey> {
    let der = key.private_pkcs1_der()?;
    let pem = to_pem("RSA PRIVATE KEY", &der);
    let rsa = pkcs1::RsaPrivateKey::from_der(&der)
        .map_err(|_| AuraError::Internal("key export failed".into()))?;
    let mut jwk = String::from("{\"use\":\"sig\",\"kty\":\"RSA\",\"kid\":");
    push_string(&mut jwk, key_id);
    jwk.push_str(",\"alg\":\"RS256\"");
    for (name, value) in [
        ("n", rsa.modulus),
        ("e", rsa.public_exponent),
        ("d", rsa.private_exponent),
        ("p", rsa.prime1),
        ("q", rsa.prime2),
        ("dp", rsa.exponent1),
        ("dq", rsa.exponent2),
        ("qi", rsa.coefficient),
    ] {
        jwk.push_str(&format!(",\"{name}\":\"{}\"", b64url(value.as_bytes())));
    }
    jwk.push('}');
    let out = CloudflareStreamKey {
        id: key_id.to_string(),
        pem: Secret::new(b64_std(pem.as_bytes())),
        jwk: Secret::new(b64_std(jwk.as_bytes())),
        key: key.with_key_id(key_id)?,
    };
    zeroize::Zeroize::zeroize(&mut jwk);
    Ok(out)
}

/// A fresh RSA-2048 key (aws-lc-rs's own DRBG), exported like Cloudflare's,
/// under `key_id` or a new random 32-hex id.
pub fn generate_stream_key(key_id: Option<&str>) -> Result<CloudflareStreamKey> {
    let key_id = match key_id {
        Some(id) => id.to_string(),
        None => super::generate_key_id(&mut super::OsRandom)?,
    };
    let key_id = key_id.as_str();
    let pair = RsaKeyPair::generate(KeySize::Rsa2048)
        .map_err(|_| AuraError::Internal("RSA key generation failed".into()))?;
    let pkcs8 = pair
        .as_der()
        .map_err(|_| AuraError::Internal("key export failed".into()))?;
    let info = pkcs8::PrivateKeyInfo::from_der(pkcs8.as_ref())
        .map_err(|_| AuraError::Internal("key export failed".into()))?;
    let key = StreamKey::from_pkcs1_der(info.private_key, Some(key_id.to_string()))?;
    export_cloudflare_shapes(&key, key_id)
}

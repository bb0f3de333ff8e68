//! Stream key text in every format (PEM PKCS#1/PKCS#8/SPKI, CRLF and
//! `\n`-escaped, the API's base64 `pem`/`jwk`, JWK, JWKS).
//!
//! Input: one flags byte, then the key text.
//! - Any text: `StreamKey::from_any`, `StreamPublicKey::from_any`,
//!   `StreamPublicKey::from_jwks`, `JwtKey::from_pem`/`from_text` and
//!   `parse_pem` return (never panic).
//! - Property: text that loads as a private key also loads as a public key
//!   with the same modulus fingerprint and key id; text that loads as one
//!   public key loads as a one-key set with the same fingerprint; a private
//!   key exported in Cloudflare's `pem` and `jwk` shapes loads back to the
//!   same fingerprint, with the id in the JWK.
#![no_main]

use aura_core::jwt::{Algorithm, JwtKey};
use aura_core::keys::export_cloudflare_shapes;
use aura_core::stream::{StreamKey, StreamPublicKey};
use aura_fuzz::Reader;
use libfuzzer_sys::fuzz_target;

const EXPORT_ID: &str = "0123456789abcdef0123456789abcdef";

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let flags = r.u8();
    let text = r.rest_text();
    let kid = (flags & 1 != 0).then_some("fuzz-kid");

    let private = StreamKey::from_any(&text, kid);
    let public = StreamPublicKey::from_any(&text, None);
    let _ = StreamPublicKey::from_any(&text, kid);
    let set = StreamPublicKey::from_jwks(&text);
    let _ = aura_core::pem::parse_pem(&text);
    let _ = JwtKey::from_pem(&text, kid);
    let alg = [
        Algorithm::RS256,
        Algorithm::ES256,
        Algorithm::EdDSA,
        Algorithm::HS256,
    ][usize::from(flags >> 1) % 4];
    let _ = JwtKey::from_text(&text, alg, kid);

    if let Ok(private) = &private {
        let public = StreamPublicKey::from_any(&text, kid)
            .unwrap_or_else(|e| panic!("private key text refused as a public key: {e:?}"));
        assert_eq!(private.modulus_sha256(), public.modulus_sha256());
        assert_eq!(
            private.public_key().modulus_sha256(),
            public.modulus_sha256()
        );
        assert_eq!(private.key_id(), public.key_id());
        assert_eq!(private.modulus_sha256().len(), 64);

        if flags & 0x10 != 0 {
            let shapes = export_cloudflare_shapes(private, EXPORT_ID).expect("exports");
            for shape in [shapes.pem.expose(), shapes.jwk.expose()] {
                let back = StreamKey::from_any(shape, None)
                    .unwrap_or_else(|e| panic!("exported shape does not load: {e:?}"));
                assert_eq!(back.modulus_sha256(), private.modulus_sha256());
            }
            let from_jwk = StreamKey::from_any(shapes.jwk.expose(), None).unwrap();
            assert_eq!(from_jwk.key_id(), Some(EXPORT_ID));
        }
    }
    if let Ok(public) = &public {
        let set = set
            .as_ref()
            .unwrap_or_else(|e| panic!("one public key refused as a set: {e:?}"));
        assert_eq!(set.len(), 1);
        assert_eq!(set[0].modulus_sha256(), public.modulus_sha256());
        assert_eq!(set[0].key_id(), public.key_id());
    }
});

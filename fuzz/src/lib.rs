//! Shared pieces of the fuzz targets: the input framing `fuzz/seed.py`
//! writes, the fixed keys, and the one-byte mutation the properties use.
//!
//! Framing (all integers big-endian; missing bytes read as zero):
//! a fixed header, then text fields separated by NUL, the last field taking
//! the rest of the input (it may contain NUL). Text is read with
//! `String::from_utf8_lossy`, so every input reaches the code under test.
//!
//! Nothing here reads a clock or a random source: `now` comes from the input.

use std::sync::OnceLock;

use aura_core::jwt::JwtKey;
use aura_core::stream::{StreamKey, StreamPublicKey};
use serde_json::Value;

/// Reads the framing described above.
pub struct Reader<'a> {
    data: &'a [u8],
}

/// The header of the token targets: 12 bytes.
#[derive(Clone, Copy, Debug)]
pub struct Header {
    /// Target-specific switches (algorithm, mode, options).
    pub flags: u8,
    /// Unix seconds, as the caller would pass it.
    pub now: i64,
    /// Where the one-byte change of a property goes (modulo the length).
    pub pos: u16,
    /// What it becomes (see [`change_one_byte`]).
    pub repl: u8,
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    fn take<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0u8; N];
        let n = N.min(self.data.len());
        out[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        out
    }

    pub fn u8(&mut self) -> u8 {
        self.take::<1>()[0]
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_be_bytes(self.take())
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_be_bytes(self.take())
    }

    pub fn i64(&mut self) -> i64 {
        i64::from_be_bytes(self.take())
    }

    /// Any bit pattern: NaN, infinities, -0, subnormals.
    pub fn f64(&mut self) -> f64 {
        f64::from_bits(u64::from_be_bytes(self.take()))
    }

    pub fn header(&mut self) -> Header {
        Header {
            flags: self.u8(),
            now: self.i64(),
            pos: self.u16(),
            repl: self.u8(),
        }
    }

    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let n = n.min(self.data.len());
        let (head, tail) = self.data.split_at(n);
        self.data = tail;
        head
    }

    /// Bytes up to the next NUL (consumed), or the rest.
    pub fn field(&mut self) -> &'a [u8] {
        match self.data.iter().position(|&b| b == 0) {
            Some(i) => {
                let f = &self.data[..i];
                self.data = &self.data[i + 1..];
                f
            }
            None => std::mem::take(&mut self.data),
        }
    }

    pub fn field_text(&mut self) -> String {
        String::from_utf8_lossy(self.field()).into_owned()
    }

    pub fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.data)
    }

    pub fn rest_text(&mut self) -> String {
        String::from_utf8_lossy(self.rest()).into_owned()
    }
}

/// A `now` for round-trip properties: in [0, 2^42), so `now ± a lifetime`
/// stays exact in the f64 arithmetic JavaScript-compatible verifiers use.
pub fn property_now(now: i64) -> i64 {
    now.rem_euclid(1 << 42)
}

/// `s` with the byte at `pos % len` replaced by a different printable ASCII
/// character chosen by `repl`. `s` must be ASCII (tokens, hex signatures).
pub fn change_one_byte(s: &str, pos: usize, repl: u8) -> String {
    assert!(s.is_ascii(), "only ASCII text is mutated");
    assert!(!s.is_empty());
    let mut bytes = s.as_bytes().to_vec();
    let i = pos % bytes.len();
    let mut c = 0x21 + repl % 94;
    if c == bytes[i] {
        c = 0x21 + (repl % 94 + 1) % 94;
    }
    bytes[i] = c;
    String::from_utf8(bytes).expect("ASCII")
}

/// Same, inside `range` of `s` only.
pub fn change_one_byte_in(s: &str, range: std::ops::Range<usize>, pos: usize, repl: u8) -> String {
    let inner = change_one_byte(&s[range.clone()], pos, repl);
    format!("{}{}{}", &s[..range.start], inner, &s[range.end..])
}

const STREAM_VECTORS: &str = include_str!("../../tests/vectors/cloudflare-stream.json");
const AURAIMAGE_VECTORS: &str = include_str!("../../tests/vectors/auraimage.json");

/// A test key of `tests/vectors/cloudflare-stream.json` (TEST KEYS ONLY).
pub struct VectorKey {
    pub id: String,
    pub private: StreamKey,
    pub public: StreamPublicKey,
    pub pkcs8_pem: String,
    pub spki_pem: String,
}

/// Every key of the Stream vectors, each under its `id`.
pub fn stream_keys() -> &'static [VectorKey] {
    static KEYS: OnceLock<Vec<VectorKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let file: Value = serde_json::from_str(STREAM_VECTORS).expect("vector file parses");
        file["keys"]
            .as_array()
            .expect("keys")
            .iter()
            .map(|k| {
                let id = k["id"].as_str().expect("id").to_string();
                let f = &k["formats"];
                let text = |name: &str| f[name].as_str().expect(name).to_string();
                VectorKey {
                    private: StreamKey::from_any(&text("pkcs1_pem"), Some(&id)).expect("key loads"),
                    public: StreamPublicKey::from_any(&text("public_spki_pem"), Some(&id))
                        .expect("public key loads"),
                    pkcs8_pem: text("pkcs8_pem"),
                    spki_pem: text("public_spki_pem"),
                    id,
                }
            })
            .collect()
    })
}

/// Every secret the AuraImage vectors sign or verify with, so vector
/// tokens used as seeds pass the signature check and reach the later code.
pub fn auraimage_secrets() -> &'static [String] {
    static SECRETS: OnceLock<Vec<String>> = OnceLock::new();
    SECRETS.get_or_init(|| {
        let file: Value = serde_json::from_str(AURAIMAGE_VECTORS).expect("vector file parses");
        let mut out: Vec<String> = Vec::new();
        let mut add = |v: &Value| {
            if let Some(s) = v.as_str() {
                if !s.is_empty() && !out.iter().any(|o| o == s) {
                    out.push(s.to_string());
                }
            }
        };
        for case in file["cases"].as_array().expect("cases") {
            let input = &case["input"];
            add(&input["secret"]);
            for s in input["secret"].as_array().into_iter().flatten() {
                add(s);
            }
            for s in input["secrets"].as_array().into_iter().flatten() {
                add(s);
            }
            add(&input["constructor"]["secretKey"]);
            add(&input["constructor"]["serveSecret"]);
        }
        out
    })
}

/// The HS256 secret `fuzz/seed.py` signs its JWT seeds with (TEST ONLY).
pub const HS256_SECRET: &str = "aura-fuzz HS256 test secret, not a real one";

/// A P-256 PKCS#8 key made for these targets (TEST KEY ONLY).
pub const ES256_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgOo0xThsN3DGFlgj0
g+zVYadLMLjKou6tILMPaGhwiKyhRANCAASzmozUkHBlTe7ldT8vUasOR5kO0WoL
Ed6PiuX57dBlUsY81iWknY9RQwIvuwSR4AHNDgpUpym5NbrIZYzJa/Pb
-----END PRIVATE KEY-----
";

/// An Ed25519 PKCS#8 key made for these targets (TEST KEY ONLY).
pub const ED25519_PEM: &str = "-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIOQxSee11RqdHeVMipvoY6Qg7VEl5BedORNZ6cmn5urM
-----END PRIVATE KEY-----
";

/// The JWT keys: HS256 `h1`, RS256 (the first Stream vector key, under its
/// id), ES256 `e1`, EdDSA `d1`.
pub fn jwt_keys() -> &'static [JwtKey] {
    static KEYS: OnceLock<Vec<JwtKey>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let rsa = &stream_keys()[0];
        vec![
            JwtKey::hmac(HS256_SECRET, Some("h1")).expect("hs256"),
            JwtKey::from_pem(&rsa.pkcs8_pem, Some(&rsa.id)).expect("rs256"),
            JwtKey::from_pem(ES256_PEM, Some("e1")).expect("es256"),
            JwtKey::from_pem(ED25519_PEM, Some("d1")).expect("eddsa"),
        ]
    })
}

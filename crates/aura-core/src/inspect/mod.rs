//! Decoding and diagnosis of any token or signed URL the core knows: what it
//! is, what it contains, and, in plain words, why a verifier would refuse it
//! or until when it is valid.
//!
//! Pure, like the rest of the core: no I/O and no clock (`now` is Unix
//! seconds). The verdict always comes from the core's own verifiers
//! ([`ServeTokenVerifier`](crate::auraimage::ServeTokenVerifier),
//! [`ImagesVerifier`](crate::images::ImagesVerifier),
//! [`StreamVerifier`](crate::stream::StreamVerifier), [`decode`](crate::jwt::decode));
//! the findings run the same checks one by one, so that every problem is
//! named, not only the first. Nothing here prints or returns a secret: a
//! mismatch shows the signed string, the signature the given secret would
//! produce and the one the input carries.
//!
//! ```
//! use aura_core::inspect::{inspect, Expectations, InspectKeys, Verdict};
//! let url = "https://imagedelivery.net/h/i/public?exp=100&sig=".to_string() + &"0".repeat(64);
//! let report = inspect(&url, &InspectKeys::default(), &Expectations::default(), 200).unwrap();
//! assert!(matches!(report.verdict, Verdict::Refused { code: "expired", .. }));
//! ```

mod auraimage;
mod cdns;
mod detect;
mod images;
mod jwt;
mod report;
mod stream;
mod time;

pub use crate::auraimage::{parse_serve_path, strip_known_extension, ServePath, KNOWN_EXTENSIONS};
pub use detect::{detect, Kind};
pub use report::{Finding, Report, Severity, SignatureMismatch, TimeInfo, Verdict};
pub use time::{duration, iso8601, relative};

use std::fmt;

use crate::error::Result;
use crate::secret::Secret;

/// What to check signatures with. Every credential is tried where it fits
/// the detected kind: as an HMAC secret (AuraImage, Cloudflare Images,
/// HS256) or as key text (PEM, JWK, a JWKS, Cloudflare's base64 `pem`/`jwk`)
/// for Stream and the asymmetric JWT algorithms. Several credentials model
/// rotation: any of them may have signed.
#[derive(Clone, Default)]
pub struct InspectKeys {
    /// Secrets and key texts to try; empty ones are ignored.
    pub credentials: Vec<Secret>,
    /// Key id for key texts that carry none (PEM). Without it, such a key is
    /// assumed to be the one the token names (and a finding says so).
    pub key_id: Option<String>,
    /// Show the whole signature the given secret would produce on a
    /// mismatch. Off by default: that value is a valid signature over
    /// whatever the input says, so pasting the output of `inspect` run with a
    /// production secret on someone's crafted URL would hand them a token.
    /// By default only its first [`SHOWN_SIGNATURE_CHARS`] characters show.
    pub reveal_expected: bool,
}

/// Characters of an expected signature shown when it is not revealed.
pub const SHOWN_SIGNATURE_CHARS: usize = 8;

impl InspectKeys {
    /// The credentials and key id, with `reveal_expected` off.
    pub fn new(credentials: Vec<Secret>, key_id: Option<String>) -> Self {
        InspectKeys {
            credentials,
            key_id,
            reveal_expected: false,
        }
    }

    /// The expected signature as the report shows it: whole when revealed,
    /// else its first characters and `…`.
    pub(crate) fn shown(&self, signature: String) -> String {
        if self.reveal_expected || signature.len() <= SHOWN_SIGNATURE_CHARS {
            signature
        } else {
            format!("{}…", &signature[..SHOWN_SIGNATURE_CHARS])
        }
    }

    /// The non-empty credentials.
    pub(crate) fn texts(&self) -> Vec<&str> {
        self.credentials
            .iter()
            .map(Secret::expose)
            .filter(|s| !s.is_empty())
            .collect()
    }
}

impl fmt::Debug for InspectKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "InspectKeys({} credentials, key_id={:?})",
            self.credentials.len(),
            self.key_id
        )
    }
}

/// What the input must be for, when known: the image a serve token must
/// name (`wrong_image`), the video a Stream token must name (`sub_mismatch`).
#[derive(Clone, Debug, Default)]
pub struct Expectations {
    /// With `name`, overrides the project and name read from an AuraImage
    /// URL path (needed when the CDN URL has a base path).
    pub project: Option<String>,
    /// The image name a serve token must name; given together with `project`.
    pub name: Option<String>,
    /// The Stream video UID; a JWS with an RS256 header is then read as a
    /// Stream token even without Stream claims.
    pub video_id: Option<String>,
}

/// Decodes `input` (a token or a signed URL, surrounding whitespace
/// ignored), checks it at `now` and explains the outcome.
///
/// `Err` only for unusable arguments: a credential that is not a key of the
/// kind the input needs (`invalid_key`, `invalid_input`…), or a project
/// expectation without a name. A token that would be refused is an `Ok`
/// report whose verdict is [`Verdict::Refused`].
pub fn inspect(input: &str, keys: &InspectKeys, expect: &Expectations, now: i64) -> Result<Report> {
    let input = input.trim();
    crate::auraimage::ExpectedImage::from_parts(expect.project.as_deref(), expect.name.as_deref())?;
    let kind = detect_with(input, expect);
    let ctx = Context { keys, expect, now };
    match kind {
        Kind::UploadToken | Kind::ServeToken => auraimage::token(input, kind, &ctx),
        Kind::AuraImageUrl => auraimage::url(input, &ctx),
        Kind::ImagesUrl => images::url(input, &ctx),
        Kind::StreamToken => stream::token(input, &ctx),
        Kind::StreamUrl => stream::url(input, &ctx),
        Kind::Jwt => jwt::token(input, &ctx),
        Kind::CloudFrontUrl => cdns::cloudfront(input, &ctx),
        Kind::GoogleCdnUrl => cdns::google(input, &ctx),
        Kind::MuxToken => cdns::mux(input, &ctx),
        Kind::ImgixUrl => cdns::imgix(input, &ctx),
        Kind::BunnyUrl => cdns::bunny(input, &ctx),
        Kind::AkamaiToken => cdns::akamai(input, &ctx),
        Kind::Unknown => Ok(detect::unknown(input, now)),
    }
}

/// [`detect`], knowing the expectations: a JWS with an RS256 header is read
/// as a Stream token when a video id is expected.
pub fn detect_with(input: &str, expect: &Expectations) -> Kind {
    match detect(input) {
        Kind::Jwt if expect.video_id.is_some() && detect::is_rs256_jws(input.trim()) => {
            Kind::StreamToken
        }
        kind => kind,
    }
}

/// Shared by the per-kind inspectors.
pub(crate) struct Context<'a> {
    pub keys: &'a InspectKeys,
    pub expect: &'a Expectations,
    pub now: i64,
}

#[cfg(test)]
mod tests;

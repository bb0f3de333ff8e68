//! Google Cloud CDN and Media CDN signed requests, byte-identical to the
//! sample code Google publishes (`GoogleCloudPlatform/python-docs-samples`
//! @683bf45: `cdn/snippets.py`, `media_cdn/snippets.py`,
//! `media_cdn/dualtoken.py`), and verifiers. Byte-level notes:
//! `shared/reference/google-cdn.md`.
//!
//! ```text
//! Cloud CDN (HMAC-SHA1, key = urlsafe_b64decode(base64_key), any length)
//!   URL     U SEP Expires=E&KeyName=K            &Signature=b64u_pad(HMAC(U SEP Expires…))
//!   prefix  U SEP URLPrefix=b64u_pad(P)&Expires=E&KeyName=K &Signature=b64u_pad(HMAC(policy))
//!   cookie  Cloud-CDN-Cookie=URLPrefix=b64u_pad(P):Expires=E:KeyName=K:Signature=…
//! ```
//! `SEP` is `&` when the query (between the first `?` and the first `#`)
//! has a non-empty `&`-piece, else `?`; the parameters go at the very end,
//! after a `#fragment`. `U` and `P` are `str.strip()`ped; nothing is
//! percent-encoded; text is signed as UTF-8.
//!
//! ## Refused (`invalid_input` / `invalid_key`) where the samples sign
//! - a key name that is empty or has characters other than `A–Z a–z 0–9 -
//!   _ .` (the samples insert `&`, `:` and spaces verbatim, making a URL
//!   the edge cannot split; Google key names are RFC 1035 names);
//! - an expiry (or start) before 1970;
//! - a URL with control characters after stripping, or a bracketed (IPv6)
//!   or non-ASCII host (Python's `urlsplit` removes, strips or raises there
//!   depending on the version).
//!
//! Times are whole Unix seconds: the samples' `datetime` handling (aware
//! vs. naive, local time, truncation) is the caller's conversion.
//! Key text is decoded as Python's `urlsafe_b64decode` (both alphabets,
//! other characters skipped, `=` padding required), failing with
//! `invalid_key` and Python's message.
//!
//! ```text
//! Media CDN (Ed25519, key = the 32-byte seed)
//!   URL / prefix / cookie  as Cloud CDN, Signature = b64u_pad(Ed25519), cookie Edge-Cache-Cookie
//!   path component         P edge-cache-token=Expires=E&KeyName=K&Signature=b64u(sig)/FILE
//!   token  [FullPath|PathGlobs=G|URLPrefix=b64u(P)][~Starts=S]~Expires=E[~SessionID=][~Data=]
//!          [~Headers=n1,n2][~IPRanges=b64u(R)]~(Signature=b64u(Ed25519) | hmac=hex(HMAC-SHA1/256))
//! ```
//! The token's signature covers `FullPath=<path>` and `Headers=n1=v1,…`
//! instead of the written `FullPath` / `Headers=n1,…`. Tokens and path
//! components use unpadded base64url (`dualtoken.py`); the other Media CDN
//! outputs are padded, as `media_cdn/snippets.py` writes them.
//!
//! ## Styles: Python only
//! Every output is the Python sample's. The Go samples (`golang-samples`)
//! differ only where no user needs them: they do not strip, use
//! `strings.Contains(url, "?")` for the separator, return the cookie value
//! without its name, refuse a prefix with a query, and for Media CDN write
//! unpadded base64 (`URLPrefix` and signature). The verifiers accept padded
//! and unpadded signatures and prefixes, so Go-signed URLs and cookies
//! verify; no Go-style signer is offered. The Node Cloud CDN sample (an
//! unmerged pull request) re-serialises URLs through WHATWG `URL` and is not
//! reproduced.
//!
//! Tokens are refused (`invalid_input`) where the sample writes one the edge
//! cannot split: `~` in a value, a header name that is empty or has `,`/`=`,
//! a header value with `,`; and non-ASCII `ip_ranges` (the sample raises).
//!
//! ## Verifying
//! [`CloudCdnVerifier`] finds the key by `KeyName` (`unknown_kid`), checks
//! the signature in constant time (`bad_signature`), the expiry (valid
//! while `now <= Expires`, else `expired`) and, for prefix signatures and
//! cookies, that the request URL starts with the decoded `URLPrefix`
//! (`access_denied`, [`RULE_URL_PREFIX`]). [`MediaCdnVerifier`] does the
//! same with Ed25519 public keys, also for path-component URLs.
//! [`MediaCdnTokenVerifier`] checks a token for a [`TokenRequest`]: the
//! signature with every trusted key of its kind (tokens carry no key name),
//! `Starts`, `Expires`, and the prefix, path globs (`*` any run; globs
//! separated by `,` or `!`), full path, signed headers and IP ranges.

mod cloud_cdn;
mod cloud_cdn_verify;
mod key;
mod media_cdn;
mod media_cdn_verify;
mod parse;
mod text;
mod token;
mod token_verify;

pub use cloud_cdn::{CloudCdnSigner, CLOUD_CDN_COOKIE_NAME};
pub use cloud_cdn_verify::CloudCdnVerifier;
pub use key::python_urlsafe_b64decode;
pub use media_cdn::{MediaCdnSigner, MEDIA_CDN_COOKIE_NAME};
pub use media_cdn_verify::MediaCdnVerifier;
pub use parse::{GoogleCdnGrant, RULE_HEADERS, RULE_IP_RANGES, RULE_PATH, RULE_URL_PREFIX};
pub use token::{
    MediaCdnTokenOptions, MediaCdnTokenSigner, TokenAlgorithm, TokenResource,
    DEFAULT_TOKEN_LIFETIME,
};
pub use token_verify::{MediaCdnTokenGrant, MediaCdnTokenVerifier, TokenRequest};

/// A signed URL, cookie or token, and the exact text that was signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signed {
    /// What the sample returns (URL, `Name=value` cookie, or token).
    pub value: String,
    /// The bytes given to HMAC / Ed25519, as UTF-8 text.
    pub string_to_sign: String,
}

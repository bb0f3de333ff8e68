//! Bunny CDN token authentication ("advanced", HMAC-SHA256, `HS256-`
//! tokens), as BunnyWay's five official signers (Node, Python, Go, Rust,
//! PHP; BunnyWay/BunnyCDN.TokenAuthentication 2.1.0) produce it, and a
//! verifier. Byte-level notes: `shared/reference/bunny.md`.
//!
//! ```text
//! message = path || expires || ip_bytes || name=value&…   (values raw, names sorted)
//! token   = "HS256-" + ("1-" if ip) + base64url_nopad(HMAC-SHA256(key, message))
//! query form      scheme://host/path?token=T&name=enc(value)&…&expires=E
//! directory form  scheme://host/bcdn_token=T&name=enc(value)&…&expires=E/path
//! ```
//! `path` is `path_allowed` when given (then also signed as `token_path`);
//! `expires` is `expires_at`, else `now + expiration_time`; `ip_bytes` is
//! nothing, the 4 bytes of an IPv4 address, or the first 8 bytes of an IPv6
//! address and 8 zero bytes (/64). The parameters are the URL's query, then
//! `token_countries`, `token_countries_blocked`, `limit` (each replacing one
//! of that name), or only `token_ignore_params=true` when parameters are
//! ignored (countries and limit are then dropped, in every signer); then
//! `token_path`. The key is the pull zone's key as UTF-8 text.
//!
//! ## Where the five signers differ, and the styles
//! Every style reproduces one signer byte for byte ([`BunnyStyle`]); each is
//! the vendor's code that applications in that language copy, and they
//! print different URLs for the same input:
//!
//! | input | node | python | go | rust | php |
//! |---|---|---|---|---|---|
//! | path `/a b` | `/a%20b` | `/a b` | `/a b` | `/a%20b` | `/a b` |
//! | path `/a%20b` | kept | kept | **decoded** | kept | kept |
//! | non-ASCII path | encoded | raw | raw | encoded | raw |
//! | `/a/../b` | resolved | kept | kept | resolved | kept |
//! | no path | `/` | empty | empty | `/` | `/` |
//! | `;` in the last segment | kept | **cut off** | kept | kept | kept |
//! | `+` in the query | space | space | space | kept | kept |
//! | `%ZZ` in the query | literal | literal | **error** | literal | literal |
//! | value encoding | `encodeURIComponent` | all but `-_.~` | same | same | same |
//! | name order | ICU `localeCompare` | code points | bytes | bytes | `ksort` (`9` < `10`) |
//! | countries given and in the query | replaced | replaced | replaced | replaced | **error** |
//! | `:8443` | kept | kept | kept | **dropped** | **dropped** |
//! | `:443` | dropped | kept | kept | dropped | dropped |
//! | `user:pw@` | dropped | **kept** | dropped | dropped | dropped |
//! | `HTTPS://Host` | lower-cased | scheme lower | scheme lower | lower-cased | kept |
//! | `::ffff:1.2.3.4` | /64 | /64 | **IPv4** | /64 | /64 |
//! | `fe80::1%eth0` | error | **accepted** | error | error | error |
//! | not a URL | error | `://not a url?…` | same | error | same |
//! | `is_directory` not given | query form | **directory** | query form | query form | query form |
//!
//! Reproduced only in part, refused with `invalid_input` otherwise: the node
//! style orders ASCII names only (ICU's full collation is not reproduced);
//! the php style refuses names `ksort` has no consistent order for (`9`,
//! `10`, `1a`) or compares as non-integer numbers (`1.5`, `01`); the python
//! style refuses non-ASCII hosts (CPython's NFKC netloc check); the go style
//! refuses IPv6 hosts with zones; every style refuses control characters
//! and surrounding spaces in the URL; a style whose output would not be
//! UTF-8 (Go's decoded `%FF`) is refused.
//!
//! ## The default
//! [`BunnyStyle::Default`] produces the Python signer's bytes (the signer the
//! vendor generates its cross-language e2e vectors from; it reads `+` as a
//! space like Node and Go, sorts by code point like Go and Rust, encodes
//! values like Go, Rust and PHP, and keeps ports), and refuses with
//! `invalid_input` the inputs where that output is not what a client will
//! request, carries credentials, or depends on a reading the signers do not
//! share: a URL that is not absolute http(s); user information; an empty
//! path; a path with a space, non-ASCII or other character a client
//! percent-encodes, a `;`, a bad `%` escape or a `.`/`..` segment; a query
//! with a bad `%` escape, a value that is not UTF-8, a name without
//! characters or with characters outside `A–Z a–z 0–9 -._~!$'()*,:@/?[]`,
//! or a name the token URL uses itself (`token`, `expires`, `bcdn_token`);
//! a user IP with a zone or IPv4 written inside IPv6; a `path_allowed` not
//! starting with `/`; a negative `expires_at`. [`BunnyOptions::default`] is
//! the query form (four signers and the docs; the Python signer's own
//! default is the directory form, [`BunnyStyle::default_is_directory`]).
//!
//! ## Verifying
//! [`BunnyVerifier`] accepts the output of every style: the signed
//! parameters are the URL's (or the directory segment's) in the order they
//! appear, names and values percent-decoded (upper-case hex only), without
//! `token`/`bcdn_token` and `expires`; with `token_ignore_params=true` only
//! it and `token_path` are signed and other parameters are ignored. The
//! signed path is `token_path`, else the URL's path as written. Valid while
//! `now <= expires`. Then, for the viewer: the decoded request path must
//! start with `token_path`; the country must be in `token_countries` and not
//! in `token_countries_blocked` (comma-separated, case-insensitive; an
//! unknown country is refused when either list is signed). An IP-locked
//! token needs the viewer's IP (IPv4-mapped IPv6 is read as IPv4).
//!
//! The deprecated MD5 "basic" token has no reference implementation or
//! vectors and is not offered.

mod canonical;
mod ip;
mod order;
mod params;
mod percent;
mod reading;
mod sign;
mod style;
mod url_go;
mod url_php;
mod url_python;
mod url_whatwg;
mod verify;

pub use sign::{
    sign_bunny_url, BunnyOptions, BunnySigner, SignedBunnyUrl, DEFAULT_EXPIRATION_TIME,
};
pub use style::BunnyStyle;
pub use verify::{
    verify_bunny_url, BunnyToken, BunnyVerifier, BunnyViewer, RULE_COUNTRIES_ALLOWED,
    RULE_COUNTRIES_BLOCKED, RULE_PATH_ALLOWED,
};

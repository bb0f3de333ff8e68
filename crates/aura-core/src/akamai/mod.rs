//! Akamai EdgeAuth (Auth Token 2.0) URL and ACL tokens, equal to
//! `akamai-edgeauth` 0.2.0 (npm) and 0.3.2 (PyPI), and a verifier.
//! Byte-level notes: `shared/reference/akamai.md`.
//!
//! ```text
//! fields = [ip=E(ip)] [st=start] exp=end [acl=acl] [id=E(session_id)] [data=E(payload)]
//! hashed = join(FD, fields + [url=E(url)] (URL tokens) + [salt=salt])
//! token  = join(FD, fields + [hmac=hex(HMAC_alg(hex_decode(key), hashed))])
//! ```
//! `FD` is the field delimiter (`~`); `E` is the identity, or with
//! `escape_early` the package's escaping (the two differ: [`EdgeAuthStyle`]).
//! The ACL and the salt are never escaped; a list of ACLs is joined with the
//! ACL delimiter (`!`) first. `exp` is `end_time`, else `(start or now) +
//! window_seconds`; `st` is written only when a start is given (`"now"` is
//! the current time). `alg` is SHA-256, SHA-1 or MD5.
//!
//! ## Refused in every style (what one package silently gets wrong)
//! With `invalid_input` unless noted:
//! - a key that is not even-length hex (`invalid_key`): Node signs with the
//!   bytes before the first bad pair (`YourEncryptionKey`, `zz11`, `0x12ab`
//!   → an empty key; `abc` → one byte), Python raises;
//! - non-numbers for times (`"yesterday"` → Node writes `exp=NaN`), numeric
//!   strings, fractions (`1.5` → Python writes `exp=1700000001.5`): the
//!   typed API takes whole seconds;
//! - `end_time` ≤ 0 (Python signs `exp=0`), `start_time` ≤ 0 (Node ignores 0,
//!   Python signs `exp=window`), `window_seconds` ≤ 0, neither end nor window;
//! - an end not after the start (Node signs `st=X~exp=X`, valid never);
//! - an empty field delimiter (Node silently uses `~`, Python joins without
//!   one), an empty ACL delimiter for several ACLs (Node `!`, Python none);
//! - an empty ACL list (Node signs `acl=`) or an empty URL or ACL entry;
//! - a URL given as a list (Node hashes `/u1,/u2`, Python `['/u1', '/u2']`).
//!
//! ## The default style
//! Both packages' bytes where they agree; otherwise refused: with
//! `escape_early`, a value or URL containing a space, `~`, `!`, `(` or `)`
//! (Node `%20 %7e ! ( )`, Python `+ ~ %21 %28 %29`); an emitted field whose
//! (escaped) value contains the field delimiter, or an ACL entry containing
//! the ACL delimiter — the edge could not split such a token, yet both
//! packages emit it. `EdgeAuthStyle::Node` / `Python` reproduce one package,
//! including such tokens.
//!
//! ## Verifying
//! [`EdgeAuthVerifier`] holds the keys and the property's settings: fields
//! must come in the order above, at most once, `exp` and `hmac` (lowercase
//! hex of the algorithm's length) required; the HMAC is recomputed over the
//! fields as written (plus `url=E(url)` and the salt) and compared in
//! constant time with each key. Valid while `st <= now < exp` (`exp` is the
//! first second the token is refused; Python refuses `exp == st` for that
//! reason). An `ip=` token needs the viewer's IP (IPv4-mapped IPv6 read as
//! IPv4); an ACL token needs a path matching one ACL (`*` any run, `?` one
//! character).

mod acl;
mod algorithm;
mod escape;
mod key;
mod options;
mod sign;
mod verify;

pub use acl::acl_matches;
pub use algorithm::EdgeAuthAlgorithm;
pub use options::{EdgeAuthOptions, EdgeAuthStart, EdgeAuthStyle};
pub use sign::{EdgeAuthSigner, EdgeAuthToken};
pub use verify::{EdgeAuthClaims, EdgeAuthVerifier, RULE_ACL, RULE_IP};

//! imgix signed URLs and srcsets (`s=` signing), as `@imgix/js-core` 3.8.0
//! (`buildURL`, `buildSrcSet`) and `imgix` 4.0.0 on PyPI (`create_url`,
//! `create_srcset`) produce them, and a verifier. Byte-level notes:
//! `shared/reference/imgix.md`.
//!
//! ```text
//! url = scheme "://" domain PATH QUERY [ ("&" if QUERY else "?") "s=" md5hex(token + PATH + QUERY) ]
//! ```
//! QUERY has its leading `?`. The token is the source's secure URL token as
//! text; without one (or an empty one) nothing is signed. The scheme and
//! domain are not signed; `expires` is an ordinary (signed) parameter.
//!
//! ## The two styles ([`ImgixStyle`])
//! | | js (default) | python |
//! |---|---|---|
//! | empty path | `/` | empty (`https://domain?s=…`) |
//! | proxy path | starts `http://`/`https://`: `encodeURIComponent` | starts `http`: `quote_plus` (space `+`, a known defect: the origin fetch reads a plus) |
//! | other paths | `encodeURI` + `#?:+` escaped (keeps `!'()*`) | `quote(p, safe="/&$;=@,")` |
//! | parameter order | insertion order (integer keys first) | sorted by quoted key |
//! | keys | `encodeURIComponent` | `quote` (`/` kept) |
//! | values | `encodeURIComponent(String(v))` | all but `A–Z a–z 0–9 _.-~` escaped, space `%20` |
//! | numbers, booleans | `2`, `true` | `2.0` for a float, `True` |
//! | `ixlib` | first, `js-3.8.0`, a caller's kept | `python-4.0.0`, sorted in, replaces a caller's |
//! | `*64` keys | URL-safe base64 of strings only | of `str(v)` |
//! | srcset DPR when | `w` or `h` truthy | `w` or `h` present (and no widths) |
//! | srcset widths | `Math.round`, no cap, explicit widths > 0 | fixed list for defaults, half-to-even, capped at 8192, `[]` = none |
//! | `variable_qualities` | qualities only | also limits the ratios to `1..=len` |
//!
//! Refused with `invalid_input`: a null value or a list in the python style
//! (the SDK writes `None` and `['a', 'b']`); a `*64` parameter that is not a
//! string in the js style (js-base64 throws); duplicate keys; DPRs outside
//! 1–5, and in the python style fractional ones (the SDK checks only the
//! last ratio and signs `7x`); widths, min and max are whole pixels (a
//! binding refuses fractions); a domain that fails the SDKs' pattern
//! (case-insensitive in js, lower case in python).
//!
//! ## Verifying
//! [`ImgixVerifier`]: `s` must be the last parameter, 32 lowercase hex
//! digits, equal (constant time) to the MD5 of a token and everything
//! between the domain and `&s=`/`?s=`; an `expires` parameter is enforced
//! (`now <= expires`). The URL must be printable ASCII without fragment,
//! which rules out MD5 length extension (it needs bytes 0x80 and 0x00).
//!
//! Not offered: js-core's static full-URL helpers (`_buildURL`,
//! `_buildSrcSet`, which re-parse a whole URL with `ufo`).

mod builder;
mod domain;
mod params;
mod path;
mod srcset;
mod style;
mod value;
mod verify;

pub use builder::{ImgixClient, ImgixClientOptions};
pub use params::ImgixParams;
pub use srcset::{target_widths, ImgixSrcsetOptions, DEFAULT_WIDTHS};
pub use style::ImgixStyle;
pub use value::ImgixValue;
pub use verify::{ImgixVerifiedUrl, ImgixVerifier};

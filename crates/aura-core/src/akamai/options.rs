//! What a token carries and how it is written.

use crate::error::{invalid, Result};

/// Whose `escape_early` to produce. The two packages agree on everything
/// else this core signs (what only one of them gets wrong is refused in
/// every style).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum EdgeAuthStyle {
    /// The bytes both packages produce; refuses (`invalid_input`) an
    /// escaped value with a space, `~`, `!`, `(` or `)` (escaped differently
    /// by the two), and a token the edge cannot split: an emitted value
    /// (after escaping) containing the field delimiter, or an ACL entry
    /// containing the ACL delimiter.
    #[default]
    Default,
    /// akamai-edgeauth 0.2.0 (npm): `encodeURIComponent`, then `~'*` escaped,
    /// escapes lower-cased (space `%20`, `~` `%7e`, `!()` kept).
    Node,
    /// akamai-edgeauth 0.3.2 (PyPI): `quote_plus`, escapes lower-cased (space
    /// `+`, `~` kept, `!()` escaped).
    Python,
}

impl EdgeAuthStyle {
    /// The style's name: `default`, `node` or `python`.
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeAuthStyle::Default => "default",
            EdgeAuthStyle::Node => "node",
            EdgeAuthStyle::Python => "python",
        }
    }

    /// Reads a name written by [`EdgeAuthStyle::as_str`] (case-sensitive); any other
    /// text is `invalid_input`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "default" => Ok(EdgeAuthStyle::Default),
            "node" => Ok(EdgeAuthStyle::Node),
            "python" => Ok(EdgeAuthStyle::Python),
            _ => Err(invalid(format!(
                "style must be default, node or python, got {s:?}"
            ))),
        }
    }
}

/// `start_time`: the current time, or an absolute Unix time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EdgeAuthStart {
    /// `"now"` (any case): `st=<now>`.
    Now,
    /// A Unix time > 0.
    At(i64),
}

/// The packages' options, typed. Empty strings are the same as `None`, as
/// in both packages (they test truthiness).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeAuthOptions {
    /// Whose escaping `escape_early` reproduces, and what is refused.
    pub style: EdgeAuthStyle,
    /// `ip=`: the viewer address the token is bound to.
    pub ip: Option<String>,
    /// `st=`: written only when given.
    pub start_time: Option<EdgeAuthStart>,
    /// `exp=`, > 0; wins over `window_seconds`.
    pub end_time: Option<i64>,
    /// `exp = (start or now) + window_seconds`, > 0.
    pub window_seconds: Option<i64>,
    /// `id=`.
    pub session_id: Option<String>,
    /// `data=`.
    pub payload: Option<String>,
    /// Hashed after the fields, never emitted.
    pub salt: Option<String>,
    /// Between fields; `~` by default; never empty.
    pub field_delimiter: String,
    /// Between the ACLs of an ACL token; `!` by default.
    pub acl_delimiter: String,
    /// Percent-escape `ip`, `id`, `data` and the URL of a URL token (the
    /// "Escape token input" setting of the edge).
    pub escape_early: bool,
}

impl Default for EdgeAuthOptions {
    fn default() -> Self {
        EdgeAuthOptions {
            style: EdgeAuthStyle::Default,
            ip: None,
            start_time: None,
            end_time: None,
            window_seconds: None,
            session_id: None,
            payload: None,
            salt: None,
            field_delimiter: "~".into(),
            acl_delimiter: "!".into(),
            escape_early: false,
        }
    }
}

pub(super) fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

//! Generating URL and ACL tokens as both packages do.

use std::fmt;

use super::algorithm::EdgeAuthAlgorithm;
use super::escape::{escape, escapes_differ};
use super::key::EdgeAuthKey;
use super::options::{given, EdgeAuthOptions, EdgeAuthStart, EdgeAuthStyle};
use crate::error::{invalid, Result};

/// A token and what went into its HMAC (for debugging).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EdgeAuthToken {
    /// The value of the `__token__` (or `hdnts`…) cookie, query parameter
    /// or header: `[ip=…~][st=…~]exp=…[~acl=…][~id=…][~data=…]~hmac=…`.
    pub token: String,
    /// The delimited fields plus `url=` (URL tokens) and `salt=`.
    pub string_to_sign: String,
    /// `st`, when the token has one (Unix seconds).
    pub start: Option<i64>,
    /// `exp` (Unix seconds): the first second the token is refused.
    pub expires: i64,
}

/// An EdgeAuth key (hex) and algorithm, parsed once.
#[derive(Clone)]
pub struct EdgeAuthSigner {
    key: EdgeAuthKey,
    algorithm: EdgeAuthAlgorithm,
}

enum Target<'a> {
    Url(&'a str),
    Acl(String),
}

fn positive(what: &str, value: i64) -> Result<i64> {
    if value <= 0 {
        return Err(invalid(format!("{what} must be a number > 0")));
    }
    Ok(value)
}

/// `st` and `exp`, with the checks both packages make and the refusals of
/// what one of them gets wrong: `end_time: 0` (Python signs `exp=0`),
/// `start_time: 0` (Node ignores it, Python signs `exp=window`), a start
/// equal to the end (Node signs a token that is never valid).
pub(super) fn times(o: &EdgeAuthOptions, now: i64) -> Result<(Option<i64>, i64)> {
    let start = match o.start_time {
        None => None,
        Some(EdgeAuthStart::Now) => Some(now),
        Some(EdgeAuthStart::At(t)) => Some(positive("start_time", t)?),
    };
    let end = match (o.end_time, o.window_seconds) {
        (Some(end), _) => positive("end_time", end)?,
        (None, Some(window)) => start
            .unwrap_or(now)
            .checked_add(positive("window_seconds", window)?)
            .ok_or_else(|| invalid("start_time + window_seconds overflows"))?,
        (None, None) => return Err(invalid("you must provide end_time or window_seconds")),
    };
    if let Some(window) = o.window_seconds {
        positive("window_seconds", window)?;
    }
    if start.is_some_and(|s| end <= s) {
        return Err(invalid(
            "token will have already expired (end_time <= start_time)",
        ));
    }
    Ok((start, end))
}

impl EdgeAuthSigner {
    /// `key` is the hex string from the property's token settings.
    pub fn new(key: &str, algorithm: EdgeAuthAlgorithm) -> Result<Self> {
        Ok(EdgeAuthSigner {
            key: EdgeAuthKey::parse(key)?,
            algorithm,
        })
    }

    /// The HMAC algorithm this signer uses.
    pub fn algorithm(&self) -> EdgeAuthAlgorithm {
        self.algorithm
    }

    /// `generateURLToken(url)`: the URL (path and query as the edge sees
    /// them) is hashed, not emitted.
    pub fn url_token(
        &self,
        url: &str,
        options: &EdgeAuthOptions,
        now: i64,
    ) -> Result<EdgeAuthToken> {
        if url.is_empty() {
            return Err(invalid("you must provide url"));
        }
        self.generate(Target::Url(url), options, now)
    }

    /// `generateACLToken(acl)`: the ACLs joined with the ACL delimiter (one
    /// entry is the plain string form). Entries use `*` and `?` wildcards.
    pub fn acl_token<S: AsRef<str>>(
        &self,
        acl: &[S],
        options: &EdgeAuthOptions,
        now: i64,
    ) -> Result<EdgeAuthToken> {
        if acl.is_empty() || acl.iter().any(|a| a.as_ref().is_empty()) {
            return Err(invalid(
                "you must provide acl (no empty list, no empty entry; Node signs acl= for [])",
            ));
        }
        if acl.len() > 1 && options.acl_delimiter.is_empty() {
            return Err(invalid(
                "acl_delimiter must not be empty (Node uses ! instead, Python joins without one)",
            ));
        }
        if options.style == EdgeAuthStyle::Default {
            if let Some(a) = acl
                .iter()
                .find(|a| acl.len() > 1 && a.as_ref().contains(options.acl_delimiter.as_str()))
            {
                return Err(invalid(format!(
                    "ACL {:?} contains the ACL delimiter {:?}",
                    a.as_ref(),
                    options.acl_delimiter
                )));
            }
        }
        let joined = acl
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(&options.acl_delimiter);
        self.generate(Target::Acl(joined), options, now)
    }

    fn generate(&self, target: Target<'_>, o: &EdgeAuthOptions, now: i64) -> Result<EdgeAuthToken> {
        if o.field_delimiter.is_empty() {
            return Err(invalid(
                "field_delimiter must not be empty (Node uses ~ instead, Python writes exp=…hmac=…)",
            ));
        }
        let (start, end) = times(o, now)?;
        let default = o.style == EdgeAuthStyle::Default;
        let escaped = |what: &str, text: &str| -> Result<String> {
            if !o.escape_early {
                return Ok(text.to_string());
            }
            if default && escapes_differ(text) {
                return Err(invalid(format!(
                    "{what} contains a space, ~, !, ( or ), which the Node and Python packages escape differently; choose style node or python"
                )));
            }
            Ok(escape(text, o.style))
        };

        let mut fields: Vec<String> = Vec::new();
        if let Some(ip) = given(&o.ip) {
            fields.push(format!("ip={}", escaped("ip", ip)?));
        }
        if let Some(st) = start {
            fields.push(format!("st={st}"));
        }
        fields.push(format!("exp={end}"));
        if let Target::Acl(acl) = &target {
            fields.push(format!("acl={acl}"));
        }
        if let Some(id) = given(&o.session_id) {
            fields.push(format!("id={}", escaped("session_id", id)?));
        }
        if let Some(data) = given(&o.payload) {
            fields.push(format!("data={}", escaped("payload", data)?));
        }
        if default {
            if let Some(f) = fields
                .iter()
                .find(|f| f.contains(o.field_delimiter.as_str()))
            {
                return Err(invalid(format!(
                    "field {:?} contains the field delimiter {:?}: the edge could not split the token (escape it with escape_early or choose another delimiter)",
                    f.split('=').next().unwrap_or(""),
                    o.field_delimiter
                )));
            }
        }

        let mut hashed = fields.clone();
        if let Target::Url(url) = target {
            hashed.push(format!("url={}", escaped("url", url)?));
        }
        if let Some(salt) = given(&o.salt) {
            hashed.push(format!("salt={salt}"));
        }
        let string_to_sign = hashed.join(&o.field_delimiter);
        let mac = self
            .algorithm
            .mac(self.key.bytes(), string_to_sign.as_bytes());
        fields.push(format!("hmac={}", hex::encode(mac)));
        Ok(EdgeAuthToken {
            token: fields.join(&o.field_delimiter),
            string_to_sign,
            start,
            expires: end,
        })
    }
}

impl fmt::Debug for EdgeAuthSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EdgeAuthSigner({}, <redacted>)", self.algorithm.as_str())
    }
}

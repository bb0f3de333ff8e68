//! A verified Stream token's claims as typed values, for the bindings that
//! return records instead of JSON (Kotlin, Swift). Read with the verifier's
//! own rules: NumericDates may be numeric strings, as `/token` issues them.

use serde_json::{Map, Value};

use super::rules::{rules_from_claims, AccessRule};
use super::verify::validity_window;
use crate::error::Result;
use crate::members::{boolean, text};

/// What [`StreamVerifier::verify`](super::StreamVerifier::verify) accepted.
#[derive(Clone, Debug)]
pub struct VerifiedStreamClaims {
    /// `sub`: the video UID, when it is a string.
    pub sub: Option<String>,
    /// `kid` of the claims (the header may carry it instead).
    pub kid: Option<String>,
    /// `exp`: Unix seconds.
    pub exp: Option<f64>,
    /// `nbf`: Unix seconds.
    pub nbf: Option<f64>,
    /// `downloadable`, when it is a boolean.
    pub downloadable: Option<bool>,
    /// `accessRules`, in the token's order (empty when absent).
    pub access_rules: Vec<AccessRule>,
    /// Every claim, member order kept.
    pub claims: Map<String, Value>,
}

impl VerifiedStreamClaims {
    /// From claims the verifier returned; `malformed` for claims it would
    /// have refused (a non-numeric `exp`, broken `accessRules`).
    pub fn from_claims(claims: Map<String, Value>) -> Result<Self> {
        let (exp, nbf) = validity_window(&claims)?;
        let access_rules = match claims.get("accessRules") {
            Some(rules) => rules_from_claims(rules)?,
            None => Vec::new(),
        };
        Ok(VerifiedStreamClaims {
            sub: text(&claims, "sub"),
            kid: text(&claims, "kid"),
            exp,
            nbf,
            downloadable: boolean(&claims, "downloadable"),
            access_rules,
            claims,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stream::{RuleAction, RuleType};

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn typed_members_with_numeric_string_dates_and_rules() {
        let c = VerifiedStreamClaims::from_claims(claims(serde_json::json!({
            "sub": "video", "kid": "k1", "exp": "1700000000", "nbf": 1690000000.5,
            "downloadable": true,
            "accessRules": [
                {"type": "ip.geoip.country", "action": "allow", "country": ["GB"]},
                {"type": "any", "action": "block"}
            ]
        })))
        .unwrap();
        assert_eq!(
            (c.sub.as_deref(), c.kid.as_deref()),
            (Some("video"), Some("k1"))
        );
        assert_eq!(
            (c.exp, c.nbf),
            (Some(1_700_000_000.0), Some(1_690_000_000.5))
        );
        assert_eq!(c.downloadable, Some(true));
        let rules: Vec<_> = c
            .access_rules
            .iter()
            .map(|r| (r.rule_type, r.action))
            .collect();
        assert_eq!(
            rules,
            [
                (RuleType::IpGeoipCountry, RuleAction::Allow),
                (RuleType::Any, RuleAction::Block)
            ]
        );
        assert_eq!(c.access_rules[0].country, ["GB"]);
    }

    #[test]
    fn what_the_verifier_refuses_is_malformed() {
        for v in [
            serde_json::json!({"exp": "soon"}),
            serde_json::json!({"accessRules": [{"type": "any"}]}),
        ] {
            let e = VerifiedStreamClaims::from_claims(claims(v)).unwrap_err();
            assert_eq!(e.code(), "malformed");
        }
        let c = VerifiedStreamClaims::from_claims(Map::new()).unwrap();
        assert!(c.sub.is_none() && c.exp.is_none() && c.access_rules.is_empty());
    }
}

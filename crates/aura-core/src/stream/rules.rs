//! Access rules (`accessRules`): at most 5, evaluated first to last, the
//! first match decides, no match allows. Members keep the caller's order.

use serde_json::Value;
use std::net::IpAddr;

use crate::error::{invalid, AuraError, Result};

/// The most access rules a token may carry.
pub const MAX_ACCESS_RULES: usize = 5;

/// An access rule's `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleType {
    /// `any`: matches every viewer.
    Any,
    /// `ip.src`: the viewer's IP is one of the `ip` addresses or CIDRs (same
    /// address family only).
    IpSrc,
    /// `ip.geoip.country`: the viewer's country is one of the `country` codes.
    IpGeoipCountry,
}

/// An access rule's `action` when it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleAction {
    /// `allow`.
    Allow,
    /// `block`.
    Block,
}

/// The outcome of evaluating a token's rules for a viewer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The viewer may watch (a matching `allow` rule, or no rule matched).
    Allow,
    /// A matching `block` rule refuses the viewer.
    Block,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Member {
    Type,
    Action,
    Ip,
    Country,
}

/// An IPv4/IPv6 address or CIDR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    fn parse(s: &str) -> Option<IpNet> {
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = addr.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) if !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()) => {
                p.parse().ok()?
            }
            Some(_) => return None,
        };
        (prefix <= max).then_some(IpNet { addr, prefix })
    }

    /// Same family only: an IPv4 entry never matches an IPv6 viewer, and an
    /// IPv4-mapped IPv6 entry is not the IPv4 address.
    fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(v)) => masked(
                u32::from(net) as u128,
                u32::from(v) as u128,
                self.prefix,
                32,
            ),
            (IpAddr::V6(net), IpAddr::V6(v)) => {
                masked(u128::from(net), u128::from(v), self.prefix, 128)
            }
            _ => false,
        }
    }
}

fn masked(net: u128, ip: u128, prefix: u8, width: u32) -> bool {
    if prefix == 0 {
        return true;
    }
    let shift = width - prefix as u32;
    (net >> shift) == (ip >> shift)
}

/// One access rule. Build with [`AccessRule::any`], [`AccessRule::ip_src`],
/// [`AccessRule::country`] (members `type, action, ip|country`, the docs'
/// order) or [`AccessRule::from_json`] (the caller's member order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessRule {
    /// `type`.
    pub rule_type: RuleType,
    /// `action`.
    pub action: RuleAction,
    /// The `ip` entries as given (addresses or CIDRs).
    pub ip: Vec<String>,
    /// The `country` entries as given.
    pub country: Vec<String>,
    nets: Vec<IpNet>,
    order: Vec<Member>,
}

fn action_str(a: RuleAction) -> &'static str {
    match a {
        RuleAction::Allow => "allow",
        RuleAction::Block => "block",
    }
}

impl RuleType {
    /// The JSON value: `any`, `ip.src` or `ip.geoip.country`.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleType::Any => "any",
            RuleType::IpSrc => "ip.src",
            RuleType::IpGeoipCountry => "ip.geoip.country",
        }
    }

    /// Reads the JSON value (exact); anything else is `invalid_input`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "any" => Ok(RuleType::Any),
            "ip.src" => Ok(RuleType::IpSrc),
            "ip.geoip.country" => Ok(RuleType::IpGeoipCountry),
            _ => Err(invalid(format!(
                "access rule type must be any, ip.src or ip.geoip.country, got {s:?}"
            ))),
        }
    }
}

impl RuleAction {
    /// The JSON value: `allow` or `block`.
    pub fn as_str(self) -> &'static str {
        action_str(self)
    }

    /// Reads `allow` or `block` (exact); anything else is `invalid_input`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "allow" => Ok(RuleAction::Allow),
            "block" => Ok(RuleAction::Block),
            _ => Err(invalid(format!(
                "access rule action must be allow or block, got {s:?}"
            ))),
        }
    }
}

fn strings(v: &Value, member: &str) -> Result<Vec<String>> {
    v.as_array()
        .filter(|a| !a.is_empty())
        .and_then(|a| {
            a.iter()
                .map(|x| x.as_str().map(String::from))
                .collect::<Option<Vec<_>>>()
        })
        .ok_or_else(|| {
            invalid(format!(
                "access rule {member} must be a non-empty list of strings"
            ))
        })
}

impl AccessRule {
    /// An `any` rule: `{"type":"any","action":…}`.
    pub fn any(action: RuleAction) -> Self {
        AccessRule {
            rule_type: RuleType::Any,
            action,
            ip: vec![],
            country: vec![],
            nets: vec![],
            order: vec![Member::Type, Member::Action],
        }
    }

    /// `ip.src` over addresses or CIDRs (IPv4 or IPv6).
    pub fn ip_src<S: AsRef<str>>(action: RuleAction, ips: &[S]) -> Result<Self> {
        let ip: Vec<String> = ips.iter().map(|s| s.as_ref().to_string()).collect();
        Self::build(
            RuleType::IpSrc,
            action,
            ip,
            vec![],
            vec![Member::Type, Member::Action, Member::Ip],
        )
    }

    /// `ip.geoip.country` over ISO 3166-1 alpha-2 codes (upper case).
    pub fn country<S: AsRef<str>>(action: RuleAction, codes: &[S]) -> Result<Self> {
        let country: Vec<String> = codes.iter().map(|s| s.as_ref().to_string()).collect();
        let rule = Self::build(
            RuleType::IpGeoipCountry,
            action,
            vec![],
            country,
            vec![Member::Type, Member::Action, Member::Country],
        )?;
        rule.check_signable()?;
        Ok(rule)
    }

    fn build(
        rule_type: RuleType,
        action: RuleAction,
        ip: Vec<String>,
        country: Vec<String>,
        order: Vec<Member>,
    ) -> Result<Self> {
        let has = |m: Member| order.contains(&m);
        match rule_type {
            RuleType::Any if has(Member::Ip) || has(Member::Country) => {
                return Err(invalid("an 'any' rule takes no ip or country"))
            }
            RuleType::IpSrc if !has(Member::Ip) || has(Member::Country) => {
                return Err(invalid("an 'ip.src' rule takes an ip list and no country"))
            }
            RuleType::IpGeoipCountry if !has(Member::Country) || has(Member::Ip) => {
                return Err(invalid(
                    "an 'ip.geoip.country' rule takes a country list and no ip",
                ))
            }
            _ => {}
        }
        // As `from_json` (and so every verifier) reads them: an empty list is
        // refused here too, or Aura would sign a rule it then calls malformed.
        if (rule_type == RuleType::IpSrc && ip.is_empty())
            || (rule_type == RuleType::IpGeoipCountry && country.is_empty())
        {
            return Err(invalid(format!(
                "access rule {} must be a non-empty list of strings",
                if ip.is_empty() && rule_type == RuleType::IpSrc {
                    "ip"
                } else {
                    "country"
                }
            )));
        }
        let nets = ip
            .iter()
            .map(|s| {
                IpNet::parse(s).ok_or_else(|| {
                    invalid(format!("access rule ip {s:?} is not an IP address or CIDR"))
                })
            })
            .collect::<Result<Vec<_>>>()?;
        if country
            .iter()
            .any(|c| c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()))
        {
            return Err(invalid(
                "access rule countries must be two-letter ISO 3166-1 codes",
            ));
        }
        Ok(AccessRule {
            rule_type,
            action,
            ip,
            country,
            nets,
            order,
        })
    }

    /// Parses one rule object, keeping its member order. Country codes of the
    /// wrong case parse (they never match); signing refuses them.
    pub fn from_json(v: &Value) -> Result<Self> {
        let obj = v
            .as_object()
            .ok_or_else(|| invalid("an access rule must be an object"))?;
        let (mut rule_type, mut action) = (None, None);
        let (mut ip, mut country, mut order) = (vec![], vec![], vec![]);
        for (k, val) in obj {
            match k.as_str() {
                "type" => {
                    rule_type =
                        Some(RuleType::parse(val.as_str().ok_or_else(|| {
                            invalid("access rule type must be a string")
                        })?)?);
                    order.push(Member::Type);
                }
                "action" => {
                    action =
                        Some(RuleAction::parse(val.as_str().ok_or_else(|| {
                            invalid("access rule action must be a string")
                        })?)?);
                    order.push(Member::Action);
                }
                "ip" => {
                    ip = strings(val, "ip")?;
                    order.push(Member::Ip);
                }
                "country" => {
                    country = strings(val, "country")?;
                    order.push(Member::Country);
                }
                other => return Err(invalid(format!("unknown access rule member {other:?}"))),
            }
        }
        let rule_type = rule_type.ok_or_else(|| invalid("access rule has no type"))?;
        let action = action.ok_or_else(|| invalid("access rule has no action"))?;
        Self::build(rule_type, action, ip, country, order)
    }

    /// Parses a rules array (at most 5).
    pub fn list_from_json(v: &Value) -> Result<Vec<Self>> {
        let items = v
            .as_array()
            .ok_or_else(|| invalid("accessRules must be an array"))?;
        if items.len() > MAX_ACCESS_RULES {
            return Err(invalid(format!(
                "at most {MAX_ACCESS_RULES} access rules are allowed, got {}",
                items.len()
            )));
        }
        items.iter().map(Self::from_json).collect()
    }

    /// Upper-case country codes, as Cloudflare documents them.
    pub(crate) fn check_signable(&self) -> Result<()> {
        if self
            .country
            .iter()
            .any(|c| !c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            return Err(invalid(
                "access rule countries must be upper-case ISO 3166-1 alpha-2 codes",
            ));
        }
        Ok(())
    }

    pub(crate) fn members(&self) -> &[Member] {
        &self.order
    }

    fn matches(&self, ip: Option<IpAddr>, country: Option<&str>) -> bool {
        match self.rule_type {
            RuleType::Any => true,
            RuleType::IpSrc => ip.is_some_and(|ip| self.nets.iter().any(|n| n.contains(ip))),
            RuleType::IpGeoipCountry => {
                country.is_some_and(|c| self.country.iter().any(|x| x == c))
            }
        }
    }
}

/// First match decides; no match (or no rules) allows. Returns the decision
/// and the index of the deciding rule. Country codes compare exactly.
pub fn evaluate_access_rules(
    rules: &[AccessRule],
    viewer_ip: Option<IpAddr>,
    viewer_country: Option<&str>,
) -> (Decision, Option<usize>) {
    for (i, rule) in rules.iter().enumerate() {
        if rule.matches(viewer_ip, viewer_country) {
            let d = match rule.action {
                RuleAction::Allow => Decision::Allow,
                RuleAction::Block => Decision::Block,
            };
            return (d, Some(i));
        }
    }
    (Decision::Allow, None)
}

/// Rules read from a token: any structural problem is `malformed`.
pub(crate) fn rules_from_claims(v: &Value) -> Result<Vec<AccessRule>> {
    AccessRule::list_from_json(v)
        .map_err(|e| AuraError::Malformed(format!("accessRules: {}", e.message())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_lists_are_refused_by_the_constructors_as_by_the_reader() {
        let none: [&str; 0] = [];
        for (built, json) in [
            (
                AccessRule::ip_src(RuleAction::Allow, &none),
                serde_json::json!({"type": "ip.src", "action": "allow", "ip": []}),
            ),
            (
                AccessRule::country(RuleAction::Block, &none),
                serde_json::json!({"type": "ip.geoip.country", "action": "block", "country": []}),
            ),
        ] {
            assert_eq!(built.unwrap_err().code(), "invalid_input");
            assert!(AccessRule::from_json(&json).is_err());
            assert_eq!(
                rules_from_claims(&serde_json::json!([json]))
                    .unwrap_err()
                    .code(),
                "malformed"
            );
        }
    }

    #[test]
    fn cidr_matching() {
        let n = IpNet::parse("93.184.216.0/24").unwrap();
        assert!(n.contains("93.184.216.34".parse().unwrap()));
        assert!(!n.contains("93.184.217.1".parse().unwrap()));
        assert!(IpNet::parse("2400:cb00::/32")
            .unwrap()
            .contains("2400:cb00:1234::1".parse().unwrap()));
        assert!(IpNet::parse("0.0.0.0/0")
            .unwrap()
            .contains("1.2.3.4".parse().unwrap()));
        assert!(IpNet::parse("1.2.3.4/33").is_none());
        assert!(IpNet::parse("1.2.3/8").is_none());
    }
}

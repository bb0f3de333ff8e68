//! The signed JSON policy (cloudfront.md §1.1): built exactly as each
//! reference serialises it, and parsed strictly for verification.
//!
//! Canned: `{"Statement":[{"Resource":R,"Condition":{"DateLessThan":{"AWS:EpochTime":N}}}]}`
//! (signed, not sent: the URL carries `Expires=N`). Custom adds
//! `DateGreaterThan` and/or `IpAddress` (`{"AWS:SourceIp":"a.b.c.d/m"}`) and
//! is sent base64-encoded in `Policy`.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

use super::cidr::{botocore_cidr, js_parse_cidr, strict_cidr};
use super::style::CloudFrontStyle;
use crate::error::{invalid, malformed, Result};
use crate::js::json::push_string as push_js_string;

/// What a policy allows, in Unix seconds. Only `date_less_than`: a canned
/// policy (exactly one URL). Any other condition makes it custom, whose
/// `Resource` is matched with `*`/`?` as wildcards (see
/// [`super::CloudFrontStyle::Default`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conditions {
    /// `DateLessThan` (`Expires` for a canned policy): valid while `now` is before it.
    pub date_less_than: i64,
    /// `DateGreaterThan`: valid only after it. `Some(0)` is dropped by the
    /// JS signer (and so by `aws-js` and `default`); botocore keeps it.
    pub date_greater_than: Option<i64>,
    /// `IpAddress`: an IPv4 address or CIDR. `Some("")` means none, as in both references.
    pub ip_address: Option<String>,
}

impl Conditions {
    /// Only an expiry: a canned policy.
    pub fn expires_at(date_less_than: i64) -> Self {
        Conditions {
            date_less_than,
            date_greater_than: None,
            ip_address: None,
        }
    }
}

/// The conditions after a style's rules: what is written into the policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Effective {
    pub date_less_than: i64,
    pub date_greater_than: Option<i64>,
    pub ip_address: Option<String>,
}

impl Effective {
    /// Canned exactly when there is neither a start nor an IP condition.
    pub fn is_canned(&self) -> bool {
        self.date_greater_than.is_none() && self.ip_address.is_none()
    }
}

/// Applies a style's rules to the caller's conditions.
pub(crate) fn effective(style: CloudFrontStyle, c: &Conditions) -> Result<Effective> {
    let ip = c.ip_address.as_deref();
    match style {
        CloudFrontStyle::AwsJs | CloudFrontStyle::Default => {
            if c.date_less_than == 0 {
                // JS: a date of epoch 0 is falsy: "Invalid policy" / "dateLessThan is invalid".
                return Err(invalid(
                    "date_less_than is 0 (1970-01-01), which the JS signer refuses as an invalid date",
                ));
            }
            let date_greater_than = c.date_greater_than.filter(|&s| s != 0);
            let ip_address = match (style, ip) {
                (CloudFrontStyle::AwsJs, None | Some("")) => None,
                (CloudFrontStyle::AwsJs, Some(ip)) => Some(js_parse_cidr(ip)?),
                (_, None) => None,
                (_, Some("")) => {
                    return Err(invalid(
                        "ip_address is empty; pass None for no IP condition",
                    ))
                }
                (_, Some(ip)) => Some(strict_cidr(ip)?),
            };
            if style == CloudFrontStyle::Default {
                if let Some(start) = date_greater_than {
                    if start >= c.date_less_than {
                        return Err(invalid(format!(
                            "date_greater_than {start} is not before date_less_than {}: the policy would never be valid",
                            c.date_less_than
                        )));
                    }
                }
            }
            Ok(Effective {
                date_less_than: c.date_less_than,
                date_greater_than,
                ip_address,
            })
        }
        CloudFrontStyle::Botocore => Ok(Effective {
            date_less_than: c.date_less_than,
            date_greater_than: c.date_greater_than,
            ip_address: ip.filter(|s| !s.is_empty()).map(botocore_cidr),
        }),
    }
}

/// Python `json.dumps(s)` with the default `ensure_ascii=True`: `"` `\`
/// and `\b \f \n \r \t` short forms, every other code point outside
/// 0x20–0x7E as lowercase `\uXXXX` (astral as a surrogate pair).
fn push_py_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str("\\u");
                    for shift in [12, 8, 4, 0] {
                        out.push(HEX[usize::from((*unit >> shift) & 0xf)] as char);
                    }
                }
            }
        }
    }
    out.push('"');
}

/// The policy text for `resource` in a style's serialisation.
pub(crate) fn write_policy(style: CloudFrontStyle, resource: &str, e: &Effective) -> String {
    let botocore = style == CloudFrontStyle::Botocore;
    let mut out = String::with_capacity(resource.len() + 160);
    out.push_str("{\"Statement\":[{\"Resource\":");
    if botocore {
        push_py_string(&mut out, resource);
    } else {
        push_js_string(&mut out, resource);
    }
    out.push_str(",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":");
    out.push_str(&e.date_less_than.to_string());
    out.push('}');
    let start = |out: &mut String| {
        if let Some(s) = e.date_greater_than {
            out.push_str(",\"DateGreaterThan\":{\"AWS:EpochTime\":");
            out.push_str(&s.to_string());
            out.push('}');
        }
    };
    let ip = |out: &mut String| {
        if let Some(ip) = &e.ip_address {
            out.push_str(",\"IpAddress\":{\"AWS:SourceIp\":");
            if botocore {
                push_py_string(out, ip);
            } else {
                push_js_string(out, ip);
            }
            out.push('}');
        }
    };
    if botocore {
        ip(&mut out);
        start(&mut out);
    } else {
        start(&mut out);
        ip(&mut out);
    }
    out.push_str("}}]}");
    out
}

/// A policy for `resource` as a style writes it: botocore's
/// `CloudFrontSigner.build_policy`, or the JS signer's builder (which
/// validates the IP and drops a zero start time), or the default's stricter
/// rules. Canned when there is neither a start nor an IP condition.
pub fn build_policy(
    style: CloudFrontStyle,
    resource: &str,
    conditions: &Conditions,
) -> Result<String> {
    Ok(write_policy(
        style,
        resource,
        &effective(style, conditions)?,
    ))
}

/// `JSON.parse(policy).Statement[0].Resource` with the first `*://`
/// replaced by `https://`: the URL the JS signer returns when it is given a
/// policy and no URL (cloudfront.md §2.1 step 2).
pub(crate) fn js_url_from_policy(policy: &str) -> Result<String> {
    let value: serde_json::Value = serde_json::from_str(policy)
        .map_err(|e| invalid(format!("policy is not JSON ({e}), and no URL was given")))?;
    let resource = value
        .get("Statement")
        .and_then(|s| s.get(0))
        .and_then(|s| s.get("Resource"))
        .and_then(serde_json::Value::as_str)
        .filter(|r| !r.is_empty())
        .ok_or_else(|| {
            invalid("@aws-sdk/cloudfront-signer: No URL provided and unable to determine URL from first policy statement resource.")
        })?;
    Ok(resource.replacen("*://", "https://", 1))
}

/// The one statement of a policy, as the verifier reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyStatement {
    /// The URL (canned) or pattern (custom: `*` and `?` wildcards).
    pub resource: String,
    /// `DateLessThan` in Unix seconds: the expiry.
    pub date_less_than: i64,
    /// `DateGreaterThan` in Unix seconds, if the policy has one.
    pub date_greater_than: Option<i64>,
    /// `IpAddress`'s `AWS:SourceIp` (an IP or CIDR), if the policy has one.
    pub ip_address: Option<String>,
}

/// JSON with object members kept as a list, so duplicates can be refused.
enum Json {
    Null,
    Bool,
    Int(i64),
    OtherNumber,
    Str(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Json;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> std::result::Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E>(self, _: bool) -> std::result::Result<Json, E> {
                Ok(Json::Bool)
            }
            fn visit_i64<E>(self, v: i64) -> std::result::Result<Json, E> {
                Ok(Json::Int(v))
            }
            fn visit_u64<E>(self, v: u64) -> std::result::Result<Json, E> {
                Ok(i64::try_from(v).map_or(Json::OtherNumber, Json::Int))
            }
            fn visit_f64<E>(self, _: f64) -> std::result::Result<Json, E> {
                Ok(Json::OtherNumber)
            }
            fn visit_str<E>(self, v: &str) -> std::result::Result<Json, E> {
                Ok(Json::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> std::result::Result<Json, E> {
                Ok(Json::Str(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> std::result::Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = a.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> std::result::Result<Json, A::Error> {
                let mut members: Vec<(String, Json)> = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, Json>()? {
                    if members.iter().any(|(seen, _)| *seen == k) {
                        return Err(de::Error::custom(format!("duplicate member {k:?}")));
                    }
                    members.push((k, v));
                }
                Ok(Json::Object(members))
            }
        }
        d.deserialize_any(V)
    }
}

/// The members of an object, refusing any name outside `allowed`.
fn object<'a>(v: &'a Json, what: &str, allowed: &[&str]) -> Result<&'a [(String, Json)]> {
    let Json::Object(members) = v else {
        return Err(malformed(format!("policy {what} is not an object")));
    };
    if let Some((name, _)) = members.iter().find(|(n, _)| !allowed.contains(&n.as_str())) {
        return Err(malformed(format!(
            "policy {what} has an unknown member {name:?}"
        )));
    }
    Ok(members)
}

fn member<'a>(members: &'a [(String, Json)], name: &str) -> Option<&'a Json> {
    members.iter().find(|(n, _)| n == name).map(|(_, v)| v)
}

fn epoch(v: &Json, what: &str) -> Result<i64> {
    let inner = object(v, what, &["AWS:EpochTime"])?;
    match member(inner, "AWS:EpochTime") {
        Some(Json::Int(n)) => Ok(*n),
        Some(_) => Err(malformed(format!("{what} AWS:EpochTime is not an integer"))),
        None => Err(malformed(format!("{what} has no AWS:EpochTime"))),
    }
}

/// Parses a policy the way the verifier accepts it: UTF-8 JSON, exactly one
/// statement, a string `Resource`, `DateLessThan` required, optional
/// `DateGreaterThan` and `IpAddress`, integer epoch times, no duplicate and
/// no unknown members anywhere (fail closed: a condition Aura does not
/// understand is never ignored).
pub fn parse_policy(policy: &[u8]) -> Result<PolicyStatement> {
    let text = std::str::from_utf8(policy).map_err(|_| malformed("policy is not UTF-8"))?;
    let root: Json = serde_json::from_str(text)
        .map_err(|e| malformed(format!("policy is not valid JSON: {e}")))?;
    let top = object(&root, "document", &["Statement"])?;
    let statements = match member(top, "Statement") {
        Some(Json::Array(items)) => items,
        _ => return Err(malformed("policy has no Statement array")),
    };
    let [statement] = statements.as_slice() else {
        return Err(malformed(format!(
            "policy has {} statements; CloudFront policies have exactly one",
            statements.len()
        )));
    };
    let statement = object(statement, "statement", &["Resource", "Condition"])?;
    let resource = match member(statement, "Resource") {
        Some(Json::Str(r)) => r.clone(),
        Some(_) => return Err(malformed("policy Resource is not a string")),
        None => return Err(malformed("policy has no Resource")),
    };
    let condition =
        member(statement, "Condition").ok_or_else(|| malformed("policy has no Condition"))?;
    let condition = object(
        condition,
        "Condition",
        &["DateLessThan", "DateGreaterThan", "IpAddress"],
    )?;
    let date_less_than = epoch(
        member(condition, "DateLessThan").ok_or_else(|| malformed("policy has no DateLessThan"))?,
        "DateLessThan",
    )?;
    let date_greater_than = member(condition, "DateGreaterThan")
        .map(|v| epoch(v, "DateGreaterThan"))
        .transpose()?;
    let ip_address = match member(condition, "IpAddress") {
        None => None,
        Some(v) => match member(object(v, "IpAddress", &["AWS:SourceIp"])?, "AWS:SourceIp") {
            Some(Json::Str(ip)) => Some(ip.clone()),
            _ => return Err(malformed("IpAddress AWS:SourceIp is not a string")),
        },
    };
    Ok(PolicyStatement {
        resource,
        date_less_than,
        date_greater_than,
        ip_address,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(dlt: i64, dgt: Option<i64>, ip: Option<&str>) -> Conditions {
        Conditions {
            date_less_than: dlt,
            date_greater_than: dgt,
            ip_address: ip.map(String::from),
        }
    }

    #[test]
    fn member_orders_and_escaping() {
        let conds = c(1767830400, Some(1767744000), Some("192.0.2.0/24"));
        assert_eq!(
            build_policy(CloudFrontStyle::AwsJs, "https://d/v/*", &conds).unwrap(),
            r#"{"Statement":[{"Resource":"https://d/v/*","Condition":{"DateLessThan":{"AWS:EpochTime":1767830400},"DateGreaterThan":{"AWS:EpochTime":1767744000},"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"}}}]}"#
        );
        assert_eq!(
            build_policy(CloudFrontStyle::Botocore, "https://d/v/*", &conds).unwrap(),
            r#"{"Statement":[{"Resource":"https://d/v/*","Condition":{"DateLessThan":{"AWS:EpochTime":1767830400},"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateGreaterThan":{"AWS:EpochTime":1767744000}}}]}"#
        );
        let r = "https://d/é\u{7f}\u{2028}😀\"\\/\t";
        assert_eq!(
            build_policy(CloudFrontStyle::Botocore, r, &c(1, None, None)).unwrap(),
            "{\"Statement\":[{\"Resource\":\"https://d/\\u00e9\\u007f\\u2028\\ud83d\\ude00\\\"\\\\/\\t\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1}}}]}"
        );
        assert_eq!(
            build_policy(CloudFrontStyle::AwsJs, r, &c(1, None, None)).unwrap(),
            "{\"Statement\":[{\"Resource\":\"https://d/é\u{7f}\u{2028}😀\\\"\\\\/\\t\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":1}}}]}"
        );
    }

    #[test]
    fn style_rules_for_conditions() {
        let js = |c: &Conditions| effective(CloudFrontStyle::AwsJs, c);
        assert!(js(&c(5, Some(0), Some(""))).unwrap().is_canned());
        assert_eq!(js(&c(0, None, None)).unwrap_err().code(), "invalid_input");
        let boto = effective(CloudFrontStyle::Botocore, &c(5, Some(0), Some(""))).unwrap();
        assert_eq!(boto.date_greater_than, Some(0));
        assert_eq!(boto.ip_address, None);
        let d = |c: &Conditions| effective(CloudFrontStyle::Default, c);
        assert_eq!(d(&c(5, Some(5), None)).unwrap_err().code(), "invalid_input");
        assert_eq!(
            d(&c(5, None, Some(""))).unwrap_err().code(),
            "invalid_input"
        );
        assert_eq!(
            d(&c(5, None, Some(" 1.2.3.4"))).unwrap_err().code(),
            "invalid_input"
        );
        assert_eq!(
            d(&c(5, Some(0), Some("1.2.3.4")))
                .unwrap()
                .ip_address
                .as_deref(),
            Some("1.2.3.4/32")
        );
    }

    #[test]
    fn strict_parse() {
        let ok = parse_policy(
            br#"{"Statement":[{"Resource":"https://d/*","Condition":{"DateLessThan":{"AWS:EpochTime":9},"IpAddress":{"AWS:SourceIp":"1.2.3.4/32"},"DateGreaterThan":{"AWS:EpochTime":-3}}}]}"#,
        )
        .unwrap();
        assert_eq!(ok.resource, "https://d/*");
        assert_eq!((ok.date_less_than, ok.date_greater_than), (9, Some(-3)));
        assert_eq!(ok.ip_address.as_deref(), Some("1.2.3.4/32"));
        for bad in [
            &b"not json"[..],
            br#"{"Statement":[]}"#,
            br#"{"Statement":[{"Resource":"x"}]}"#,
            br#"{"Statement":[{"Resource":"x","Condition":{}}]}"#,
            br#"{"Statement":[{"Resource":"x","Condition":{"DateLessThan":{"AWS:EpochTime":1.5}}}]}"#,
            br#"{"Statement":[{"Resource":"x","Condition":{"DateLessThan":{"AWS:EpochTime":"9"}}}]}"#,
            br#"{"Statement":[{"Resource":"x","Condition":{"DateLessThan":{"AWS:EpochTime":9},"DateLessThan":{"AWS:EpochTime":99}}}]}"#,
            br#"{"Statement":[{"Resource":"x","Resource":"y","Condition":{"DateLessThan":{"AWS:EpochTime":9}}}]}"#,
            br#"{"Statement":[{"Resource":"x","Condition":{"DateLessThan":{"AWS:EpochTime":9},"StringLike":{}}}]}"#,
            br#"{"Statement":[{"Resource":"x","Condition":{"DateLessThan":{"AWS:EpochTime":9}}}],"Version":"1"}"#,
            br#"{"Statement":[{"Resource":1,"Condition":{"DateLessThan":{"AWS:EpochTime":9}}}]}"#,
            br#"{"Statement":[{"Condition":{"DateLessThan":{"AWS:EpochTime":9}}}]}"#,
            b"{\"Statement\":[{\"Resource\":\"\xff\",\"Condition\":{\"DateLessThan\":{\"AWS:EpochTime\":9}}}]}",
        ] {
            assert_eq!(parse_policy(bad).unwrap_err().code(), "malformed", "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn url_from_policy() {
        assert_eq!(
            js_url_from_policy(r#"{"Statement":[{"Resource":"*://d/*"}]}"#).unwrap(),
            "https://d/*"
        );
        assert!(js_url_from_policy(r#"{"Statement":[]}"#).is_err());
        assert!(js_url_from_policy("not json at all").is_err());
    }
}

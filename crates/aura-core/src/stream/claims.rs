//! The header and claims bytes of each producer style (cloudflare.md §2.2).
//! RS256 is deterministic, so these bytes are the token.

use super::rules::{AccessRule, Member};
use super::signer::StreamStyle;
use crate::js::json::push_string as push_js_string;
use crate::js::number::push_int;

pub(crate) struct Claims<'a> {
    pub sub: &'a str,
    pub kid: &'a str,
    pub iat: i64,
    pub exp: i64,
    pub nbf: Option<i64>,
    pub downloadable: Option<bool>,
    pub access_rules: Option<&'a [AccessRule]>,
}

/// Go's `encoding/json` string escaping (Go 1.19, as the go-jose vectors
/// ran): `<`, `>`, `&`, U+2028, U+2029 as `\u00XX`/`\u20XX`; `\n \r \t`
/// short; other controls (also `\b`, `\f`) as `\u00xx`.
fn push_go_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' | '\u{0}'..='\u{1f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            _ => out.push(c),
        }
    }
    out.push('"');
}

fn push_str(out: &mut String, s: &str, style: StreamStyle) {
    match style {
        StreamStyle::GoJose => push_go_string(out, s),
        _ => push_js_string(out, s),
    }
}

/// Writes `"key":` with the style's escaping (keys are plain ASCII).
fn key(out: &mut String, first: &mut bool, name: &str) {
    if !*first {
        out.push(',');
    }
    *first = false;
    out.push('"');
    out.push_str(name);
    out.push_str("\":");
}

pub(crate) fn header_json(style: StreamStyle, kid: &str) -> String {
    let mut out = String::with_capacity(64);
    match style {
        StreamStyle::Cloudflare => {
            out.push_str("{\"alg\":\"RS256\",\"kid\":");
            push_js_string(&mut out, kid);
        }
        StreamStyle::Jsonwebtoken => {
            out.push_str("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":");
            push_js_string(&mut out, kid);
        }
        StreamStyle::JsonwebtokenClaimsKid => out.push_str("{\"alg\":\"RS256\",\"typ\":\"JWT\""),
        StreamStyle::GoJose => {
            out.push_str("{\"alg\":\"RS256\",\"kid\":");
            push_go_string(&mut out, kid);
            out.push_str(",\"typ\":\"JWT\"");
        }
    }
    out.push('}');
    out
}

fn push_list(out: &mut String, items: &[String], style: StreamStyle) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_str(out, item, style);
    }
    out.push(']');
}

fn push_rule(out: &mut String, rule: &AccessRule, style: StreamStyle) {
    let sorted = [Member::Action, Member::Country, Member::Ip, Member::Type];
    let order: Vec<Member> = match style {
        // go-jose normalises claims through a map: nested members are sorted too.
        StreamStyle::GoJose => sorted
            .iter()
            .copied()
            .filter(|m| rule.members().contains(m))
            .collect(),
        _ => rule.members().to_vec(),
    };
    out.push('{');
    let mut first = true;
    for m in order {
        match m {
            Member::Type => {
                key(out, &mut first, "type");
                push_str(out, rule.rule_type.as_str(), style);
            }
            Member::Action => {
                key(out, &mut first, "action");
                push_str(out, rule.action.as_str(), style);
            }
            Member::Ip => {
                key(out, &mut first, "ip");
                push_list(out, &rule.ip, style);
            }
            Member::Country => {
                key(out, &mut first, "country");
                push_list(out, &rule.country, style);
            }
        }
    }
    out.push('}');
}

fn push_rules(out: &mut String, rules: &[AccessRule], style: StreamStyle) {
    out.push('[');
    for (i, r) in rules.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_rule(out, r, style);
    }
    out.push(']');
}

#[derive(Clone, Copy)]
enum Claim {
    Sub,
    Kid,
    Iat,
    Exp,
    Nbf,
    Downloadable,
    AccessRules,
}

/// Member order per style.
fn claim_order(style: StreamStyle) -> &'static [Claim] {
    use Claim::*;
    match style {
        // The docs Worker and download example: sub, kid, exp, nbf, downloadable, accessRules.
        StreamStyle::Cloudflare | StreamStyle::Jsonwebtoken => {
            &[Sub, Kid, Exp, Nbf, Downloadable, AccessRules]
        }
        // jwt.sign({kid, sub, …}, key, {expiresIn}): given members, then iat, nbf, exp.
        StreamStyle::JsonwebtokenClaimsKid => &[Kid, Sub, Downloadable, AccessRules, Iat, Nbf, Exp],
        // go-jose: alphabetical.
        StreamStyle::GoJose => &[AccessRules, Downloadable, Exp, Kid, Nbf, Sub],
    }
}

pub(crate) fn claims_json(style: StreamStyle, c: &Claims<'_>) -> String {
    let mut out = String::with_capacity(160);
    out.push('{');
    let mut first = true;
    for claim in claim_order(style) {
        match claim {
            Claim::Sub => {
                key(&mut out, &mut first, "sub");
                push_str(&mut out, c.sub, style);
            }
            Claim::Kid => {
                key(&mut out, &mut first, "kid");
                push_str(&mut out, c.kid, style);
            }
            Claim::Iat => {
                key(&mut out, &mut first, "iat");
                push_int(&mut out, c.iat);
            }
            Claim::Exp => {
                key(&mut out, &mut first, "exp");
                push_int(&mut out, c.exp);
            }
            Claim::Nbf => {
                if let Some(nbf) = c.nbf {
                    key(&mut out, &mut first, "nbf");
                    push_int(&mut out, nbf);
                }
            }
            Claim::Downloadable => {
                if let Some(d) = c.downloadable {
                    key(&mut out, &mut first, "downloadable");
                    out.push_str(if d { "true" } else { "false" });
                }
            }
            Claim::AccessRules => {
                if let Some(rules) = c.access_rules {
                    key(&mut out, &mut first, "accessRules");
                    push_rules(&mut out, rules, style);
                }
            }
        }
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_escapes_html_and_line_separators() {
        let mut s = String::new();
        push_go_string(&mut s, "<a&b>\u{2028}\u{8}é");
        assert_eq!(s, "\"\\u003ca\\u0026b\\u003e\\u2028\\u0008é\"");
    }
}

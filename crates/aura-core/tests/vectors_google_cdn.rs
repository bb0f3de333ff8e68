//! Every case of `tests/vectors/google-cdn.json` (Google's Python samples
//! run with the clock fixed): the sample's bytes and string-to-sign, or a
//! refusal; and every reference output through the verifiers.

mod common;

use aura_core::google_cdn::{
    CloudCdnSigner, CloudCdnVerifier, MediaCdnSigner, MediaCdnTokenOptions, MediaCdnTokenSigner,
    MediaCdnTokenVerifier, MediaCdnVerifier, Signed, TokenAlgorithm, TokenRequest, TokenResource,
    RULE_URL_PREFIX,
};
use aura_core::AuraError;
use common::{check_provenance, load, s, Outcome, Tally};
use serde_json::Value;

/// Python `datetime.fromisoformat` of the vectors' strings:
/// (seconds of the wall-clock time read as UTC, microseconds, UTC offset).
fn parse_iso(text: &str) -> (i64, i64, Option<i64>) {
    let (date, rest) = text.split_once('T').unwrap();
    let d: Vec<i64> = date.split('-').map(|x| x.parse().unwrap()).collect();
    let (time, offset) = match rest.find(['+', '-']) {
        Some(i) => (&rest[..i], Some(&rest[i..])),
        None => (rest, None),
    };
    let (hms, frac) = time.split_once('.').unwrap_or((time, "0"));
    let t: Vec<i64> = hms.split(':').map(|x| x.parse().unwrap()).collect();
    let micros: i64 = format!("{frac:0<6}")[..6].parse().unwrap();
    // days_from_civil (Howard Hinnant)
    let (y, m, day) = (d[0], d[1], d[2]);
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146097 + doe - 719468;
    let secs = days * 86400 + t[0] * 3600 + t[1] * 60 + t[2];
    let offset = offset.map(|o| {
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let parts: Vec<i64> = o[1..].split(':').map(|x| x.parse().unwrap()).collect();
        sign * (parts[0] * 3600 + parts[1] * 60)
    });
    (secs, micros, offset)
}

/// `int((dt - epoch).total_seconds())`: truncated toward zero.
fn truncate(secs: i64, micros: i64) -> i64 {
    (secs * 1_000_000 + micros) / 1_000_000
}

/// UTC offset of the zones the vectors use, in January 2026.
fn tz_offset(tz: Option<&str>) -> i64 {
    match tz {
        None => 0,
        Some("America/New_York") => -5 * 3600,
        Some("Asia/Kolkata") => 5 * 3600 + 1800,
        Some("Europe/Berlin") => 3600,
        Some(other) => panic!("unknown tz {other}"),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Clock {
    /// cdn/snippets.py after #12704: aware datetimes only.
    Aware,
    /// media_cdn/snippets.py: naive datetimes, read as UTC.
    NaiveUtc,
    /// dualtoken.py: aware, or naive read as local time.
    Local,
}

/// The Unix seconds the sample computes, or why the typed API cannot be
/// given this argument (a Python type error).
fn seconds(v: &Value, clock: Clock, tz: Option<&str>) -> Result<i64, String> {
    let Some(text) = v.as_str() else {
        return Err(
            "an int expiration_time is a Python TypeError; the API takes Unix seconds".into(),
        );
    };
    let (secs, micros, offset) = parse_iso(text);
    match (clock, offset) {
        (Clock::Aware, None) => Err("a naive datetime is a Python TypeError in cdn/snippets.py; the API takes Unix seconds".into()),
        (Clock::NaiveUtc, Some(_)) => Err("an aware datetime is a Python TypeError in media_cdn/snippets.py; the API takes Unix seconds".into()),
        (_, Some(off)) => Ok(truncate(secs - off, micros)),
        (Clock::Local, None) => Ok(truncate(secs - tz_offset(tz), micros)),
        (_, None) => Ok(truncate(secs, micros)),
    }
}

fn clock_of(kind: &str) -> Clock {
    match kind {
        "cdn_signed_url" | "cdn_signed_url_prefix" | "cdn_signed_cookie" => Clock::Aware,
        "media_cdn_signed_url" | "media_cdn_signed_url_prefix" | "media_cdn_signed_cookie" => {
            Clock::NaiveUtc
        }
        _ => Clock::Local,
    }
}

fn opt(i: &Value, key: &str) -> Option<String> {
    i.get(key).and_then(Value::as_str).map(String::from)
}

fn truthy(i: &Value, key: &str) -> Option<String> {
    opt(i, key).filter(|v| !v.is_empty())
}

/// Runs the case through the API; `Err(reason)` when it cannot be expressed.
fn run(kind: &str, i: &Value) -> Result<aura_core::Result<Signed>, String> {
    let tz = i.get("tz").and_then(Value::as_str);
    let clock = clock_of(kind);
    let expires = match i.get("expiration_time") {
        Some(v) => Some(seconds(v, clock, tz)?),
        None => None,
    };
    let key = s(i, "base64_key");
    Ok(match kind {
        "cdn_signed_url" | "cdn_signed_url_prefix" | "cdn_signed_cookie" => {
            CloudCdnSigner::new(s(i, "key_name"), key).and_then(|signer| {
                let e = expires.unwrap();
                match kind {
                    "cdn_signed_url" => signer.sign_url(s(i, "url"), e),
                    "cdn_signed_url_prefix" => {
                        signer.sign_url_prefix(s(i, "url"), s(i, "url_prefix"), e)
                    }
                    _ => signer.sign_cookie(s(i, "url_prefix"), e),
                }
            })
        }
        "media_cdn_signed_url"
        | "media_cdn_signed_url_prefix"
        | "media_cdn_signed_cookie"
        | "media_cdn_path_component" => {
            MediaCdnSigner::new(s(i, "key_name"), key).and_then(|signer| {
                let e = expires.unwrap();
                match kind {
                    "media_cdn_signed_url" => signer.sign_url(s(i, "url"), e),
                    "media_cdn_signed_url_prefix" => {
                        signer.sign_url_prefix(s(i, "url"), s(i, "url_prefix"), e)
                    }
                    "media_cdn_signed_cookie" => signer.sign_cookie(s(i, "url_prefix"), e),
                    _ => signer.sign_path_component(s(i, "url_prefix"), s(i, "filename"), e),
                }
            })
        }
        "media_cdn_token" => {
            // The sample's precedence picks one resource: FullPath >
            // PathGlobs > URLPrefix (truthy values only).
            let resource = if let Some(p) = truthy(i, "full_path") {
                TokenResource::FullPath(p)
            } else if let Some(g) = truthy(i, "path_globs") {
                TokenResource::PathGlobs(g)
            } else if let Some(p) = truthy(i, "url_prefix") {
                TokenResource::UrlPrefix(p)
            } else {
                return Err("no resource: the typed API always has one (TokenResource)".into());
            };
            let mut headers = Vec::new();
            for h in i
                .get("headers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Some(value) = h.get("value").and_then(Value::as_str) else {
                    return Err(
                        "a header without a value cannot be expressed ((name, value) pairs)".into(),
                    );
                };
                headers.push((s(h, "name").to_string(), value.to_string()));
            }
            let starts = match i.get("start_time") {
                Some(v) => Some(seconds(v, clock, tz)?),
                None => None,
            };
            let options = MediaCdnTokenOptions {
                resource,
                starts,
                expires,
                session_id: opt(i, "session_id"),
                data: opt(i, "data"),
                headers,
                ip_ranges: opt(i, "ip_ranges"),
            };
            TokenAlgorithm::from_name(s(i, "signature_algorithm"))
                .and_then(|alg| MediaCdnTokenSigner::new(key, alg))
                .and_then(|signer| signer.sign(&options, i["now_unix"].as_i64().unwrap()))
        }
        other => panic!("unknown kind {other}"),
    })
}

fn compare(case: &Value, got: aura_core::Result<Signed>) -> Outcome {
    let out = case.get("output");
    let want = out.and_then(|o| {
        ["signed_url", "cookie", "token"]
            .iter()
            .find_map(|k| o.get(*k).and_then(Value::as_str))
    });
    match (want, got) {
        (None, Err(_)) => Outcome::Pass,
        (None, Ok(signed)) => Outcome::Fail(format!(
            "reference raised {}, Aura signed {}",
            case["error"], signed.value
        )),
        (Some(want), Ok(signed)) => {
            let sts = s(out.unwrap(), "string_to_sign");
            if signed.value == want && signed.string_to_sign == sts {
                Outcome::Pass
            } else {
                Outcome::Fail(format!(
                    "bytes differ:\n  got  {}\n  want {want}\n  got  sts {}\n  want sts {sts}",
                    signed.value, signed.string_to_sign
                ))
            }
        }
        (Some(_), Err(AuraError::InvalidInput(m))) => Outcome::RejectedByRule(m),
        (Some(_), Err(e)) => Outcome::Fail(format!("unexpected error {e}")),
    }
}

fn expires_in(text: &str) -> i64 {
    let at = text.rfind("Expires=").unwrap() + "Expires=".len();
    let digits: String = text[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().unwrap()
}

/// A key of the same kind that is not the case's.
fn other_key<'a>(key: &str, first: &'a str, second: &'a str) -> &'a str {
    if key == second {
        first
    } else {
        second
    }
}

fn public_key_of(key: &str) -> Option<[u8; 32]> {
    MediaCdnSigner::new("k", key).ok().map(|s| s.public_key())
}

/// Accepted until Expires (or refused by the prefix rule where the URL is
/// outside it), expired after, refused under another key.
fn verify_reference(kind: &str, i: &Value, output: &str) -> Outcome {
    let key = s(i, "base64_key");
    let key_name = i.get("key_name").and_then(Value::as_str).unwrap_or("");
    let e = expires_in(output);
    let strip = |t: &str| t.trim().to_string();
    let outside = match kind {
        "cdn_signed_url_prefix" | "media_cdn_signed_url_prefix" => {
            !strip(s(i, "url")).starts_with(&strip(s(i, "url_prefix")))
        }
        _ => false,
    };
    let cookie_url = i
        .get("url_prefix")
        .and_then(Value::as_str)
        .map(|p| format!("{}x", strip(p)));
    let check = |f: &dyn Fn(i64) -> aura_core::Result<()>, other: aura_core::Result<()>| {
        let at = f(e);
        let ok = match (&at, outside) {
            (Ok(()), false) => true,
            (Err(AuraError::AccessDenied { rule_index }), true) => *rule_index == RULE_URL_PREFIX,
            _ => false,
        };
        match (ok, f(e + 1), other) {
            (
                true,
                Err(AuraError::Expired),
                Err(AuraError::BadSignature | AuraError::UnknownKid),
            ) => Outcome::Pass,
            (_, later, other) => Outcome::Fail(format!(
                "verify {output}: at expiry {at:?}, after {later:?}, other key {other:?}"
            )),
        }
    };
    match kind {
        "cdn_signed_url" | "cdn_signed_url_prefix" | "cdn_signed_cookie" => {
            let mut v = CloudCdnVerifier::new();
            if v.add_key(key_name, key).is_err() {
                return Outcome::NotApplicable("key name refused by rule".into());
            }
            let mut other = CloudCdnVerifier::new();
            other
                .add_key(
                    key_name,
                    other_key(key, "dDU4lYX-e6nRQowNdmXWJw==", "3Wl6GHS3A1mJZw_RhS8PzQ=="),
                )
                .unwrap();
            if kind == "cdn_signed_cookie" {
                let url = cookie_url.unwrap();
                check(
                    &|now| v.verify_cookie(output, &url, now).map(|_| ()),
                    other.verify_cookie(output, &url, e).map(|_| ()),
                )
            } else {
                check(
                    &|now| v.verify_url(output, now).map(|_| ()),
                    other.verify_url(output, e).map(|_| ()),
                )
            }
        }
        "media_cdn_token" => {
            let mut v = MediaCdnTokenVerifier::new();
            let mut other = MediaCdnTokenVerifier::new();
            if output.contains("~Signature=") {
                v.add_ed25519_public_key(&public_key_of(key).unwrap())
                    .unwrap();
                other
                    .add_ed25519_public_key(
                        &public_key_of(other_key(
                            key,
                            "vQWlLOQaqCxgT_UiJGpR5W8s0M9C3X5MuX5Coe99Axo=",
                            "X7H4C9FRM1vsvT5B4BsJsFilMitoVru1CmmV5hBFWLQ=",
                        ))
                        .unwrap(),
                    )
                    .unwrap();
            } else {
                v.add_hmac_key(key).unwrap();
                other
                    .add_hmac_key(other_key(
                        key,
                        "ZECB2GCGgISWMyGLSM-d6DMUqqSrFqSOsJweQlM6x2k=",
                        "Pi6vwsqGH8AyLx0PDIRpHjS_zhJl-cnJz13UtmqZQ5Q=",
                    ))
                    .unwrap();
            }
            let headers: Vec<(String, String)> = i
                .get("headers")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|h| (s(h, "name").to_string(), s(h, "value").to_string()))
                .collect();
            let headers: Vec<(&str, &str)> = headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            let path = if let Some(p) = truthy(i, "full_path") {
                p
            } else if let Some(g) = truthy(i, "path_globs") {
                g.trim().split([',', '!']).next().unwrap().replace('*', "x")
            } else {
                "/".into()
            };
            let url = format!(
                "{}x",
                i.get("url_prefix").and_then(Value::as_str).unwrap_or("")
            );
            let ip = opt(i, "ip_ranges").and_then(|r| {
                r.split(',')
                    .next()
                    .and_then(|c| c.split('/').next()?.parse().ok())
            });
            let request = TokenRequest {
                url: &url,
                path: &path,
                headers: &headers,
                ip,
            };
            let starts = output
                .split('~')
                .find_map(|f| f.strip_prefix("Starts="))
                .map(|v| v.parse::<i64>().unwrap());
            let f = |now: i64| v.verify(output, &request, now).map(|_| ());
            let other_result = other.verify(output, &request, e).map(|_| ());
            let before_start = starts.filter(|&st| st > 0).map(|st| f(st - 1));
            match (f(e), f(e + 1), other_result, before_start) {
                (Ok(()), Err(AuraError::Expired), Err(AuraError::BadSignature), None | Some(Err(AuraError::NotYetValid))) => Outcome::Pass,
                (at, later, other, before) => Outcome::Fail(format!(
                    "verify {output}: at expiry {at:?}, after {later:?}, other key {other:?}, before start {before:?}"
                )),
            }
        }
        _ => {
            let mut v = MediaCdnVerifier::new();
            let Some(public) = public_key_of(key) else {
                return Outcome::NotApplicable("no Ed25519 key".into());
            };
            if v.add_public_key(key_name, &public).is_err() {
                return Outcome::NotApplicable("key name refused by rule".into());
            }
            let mut other = MediaCdnVerifier::new();
            other
                .add_public_key(
                    key_name,
                    &public_key_of(other_key(
                        key,
                        "vQWlLOQaqCxgT_UiJGpR5W8s0M9C3X5MuX5Coe99Axo=",
                        "X7H4C9FRM1vsvT5B4BsJsFilMitoVru1CmmV5hBFWLQ=",
                    ))
                    .unwrap(),
                )
                .unwrap();
            match kind {
                "media_cdn_signed_cookie" => {
                    let url = cookie_url.unwrap();
                    check(
                        &|now| v.verify_cookie(output, &url, now).map(|_| ()),
                        other.verify_cookie(output, &url, e).map(|_| ()),
                    )
                }
                "media_cdn_path_component" => check(
                    &|now| v.verify_path_component(output, now).map(|_| ()),
                    other.verify_path_component(output, e).map(|_| ()),
                ),
                _ => check(
                    &|now| v.verify_url(output, now).map(|_| ()),
                    other.verify_url(output, e).map(|_| ()),
                ),
            }
        }
    }
}

fn main() {
    check_provenance("google-cdn.json");
    let file = load("google-cdn.json");
    let mut tally = Tally::default();
    for case in file["cases"].as_array().unwrap() {
        let id = s(case, "id");
        let kind = s(case, "kind");
        let i = &case["input"];
        let outcome = match run(kind, i) {
            Ok(got) => compare(case, got),
            Err(reason) if case.get("error").is_some() => Outcome::NotApplicable(reason),
            Err(reason) => {
                Outcome::Fail(format!("cannot express a case the sample signs: {reason}"))
            }
        };
        let refused = matches!(outcome, Outcome::RejectedByRule(_));
        tally.record(kind, id, outcome);
        if refused {
            // What Aura refuses to sign (e.g. `~` inside token values) is not
            // expected to verify either.
            continue;
        }

        let output = case.get("output").and_then(|o| {
            ["signed_url", "cookie", "token"]
                .iter()
                .find_map(|k| o.get(*k).and_then(Value::as_str))
        });
        if let Some(output) = output {
            let outcome = match verify_reference(kind, i, output) {
                Outcome::NotApplicable(_) => continue,
                o => o,
            };
            tally.record(&format!("verify.{kind}"), id, outcome);
        }
    }
    tally.finish("google-cdn.json");
}

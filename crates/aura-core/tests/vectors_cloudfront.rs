//! Every case of `tests/vectors/cloudfront.json` through the core.
//!
//! - JS kinds (`url_*`, `cookies_*`) in the `aws-js` style and botocore kinds
//!   (`botocore_url_*`, `policy_json`) in the `botocore` style: the reference
//!   bytes, or a typed error by rule (listed with the reason); never other bytes.
//! - `default` on every JS case: the `aws-js` bytes, or `invalid_input` by rule.
//! - Both hashes are signed by the core (RSA-SHA1 through its constant-time
//!   CRT signer, RSA-SHA256 through aws-lc-rs): PKCS#1 v1.5 is deterministic,
//!   so the signature, and the whole URL or cookie set, must equal the
//!   reference byte for byte. `finish` with the reference signature must give
//!   the same bytes as `sign`.
//! - The verifier on every reference output; `differences` in both styles;
//!   each `regression_history` entry: `default` returns exactly the URL it signed.

mod common;

use std::collections::BTreeMap;
use std::net::IpAddr;

use aura_core::cloudfront::*;
use aura_core::AuraError;
use common::{load, s};
use serde_json::Value;

const FILE: &str = "cloudfront.json";
const SHA256: &str = "dd17fdf82006590694bb3c4da161893163bd5a567a2b4d6de90ddf4b9f5b487a";

// ---------------------------------------------------------------- tally

enum Outcome {
    Pass,
    /// A typed error where the reference produced output (conformance rule).
    Rejected(String),
    /// The input cannot be expressed through the typed API.
    NotApplicable(String),
    Fail(String),
}

#[derive(Default)]
struct Kind {
    run: usize,
    passed: usize,
    rejected: Vec<(String, String)>,
    not_applicable: Vec<(String, String)>,
    failed: Vec<(String, String)>,
}

#[derive(Default)]
struct Tally {
    kinds: BTreeMap<String, Kind>,
}

fn grouped(rows: &[(String, String)]) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (id, reason) in rows {
        match out.iter_mut().find(|(r, _)| r == reason) {
            Some((_, ids)) => ids.push(id.clone()),
            None => out.push((reason.clone(), vec![id.clone()])),
        }
    }
    out
}

impl Tally {
    fn record(&mut self, kind: &str, id: &str, outcome: Outcome) {
        let k = self.kinds.entry(kind.to_string()).or_default();
        k.run += 1;
        let row = |r: String| (id.to_string(), r);
        match outcome {
            Outcome::Pass => k.passed += 1,
            Outcome::Rejected(r) => k.rejected.push(row(r)),
            Outcome::NotApplicable(r) => k.not_applicable.push(row(r)),
            Outcome::Fail(r) => k.failed.push(row(r)),
        }
    }

    fn finish(self) {
        println!("\n== vectors: {FILE} ==");
        println!(
            "{:<26} {:>5} {:>7} {:>9} {:>5} {:>7}",
            "kind", "run", "passed", "rejected", "n/a", "failed"
        );
        let mut failures = Vec::new();
        let mut total = 0;
        for (name, k) in &self.kinds {
            total += k.run;
            println!(
                "{:<26} {:>5} {:>7} {:>9} {:>5} {:>7}",
                name,
                k.run,
                k.passed,
                k.rejected.len(),
                k.not_applicable.len(),
                k.failed.len()
            );
        }
        for (name, k) in &self.kinds {
            for (label, rows) in [
                ("rejected by rule", &k.rejected),
                ("not applicable", &k.not_applicable),
            ] {
                for (reason, ids) in grouped(rows) {
                    println!("  {name} {label} ({}): {reason}", ids.len());
                    for chunk in ids.chunks(12) {
                        println!("      {}", chunk.join(" "));
                    }
                }
            }
            for (id, r) in &k.failed {
                failures.push(format!("{name} {id}: {r}"));
            }
        }
        assert!(total > 0, "no vector case ran");
        assert!(
            failures.is_empty(),
            "{} vector case(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

// ---------------------------------------------------------------- inputs

struct Keys(Value);

impl Keys {
    fn entry(&self, name: &str) -> &Value {
        self.0["keys"]["rsa"]
            .as_array()
            .unwrap()
            .iter()
            .find(|k| k["name"] == name)
            .unwrap_or_else(|| panic!("no key {name}"))
    }

    /// The PEM text a case hands its signer (`*_buffer` is the same PEM as a Buffer).
    fn private_text(&self, spec: &Value) -> String {
        if let Some(literal) = spec.get("literal") {
            return literal.as_str().unwrap().to_string();
        }
        let format = s(spec, "format").trim_end_matches("_buffer");
        s(self.entry(s(spec, "key")), format).to_string()
    }

    fn public(&self, name: &str, key_pair_id: &str) -> CloudFrontPublicKey {
        CloudFrontPublicKey::from_pem(s(self.entry(name), "public_spki_pem"), key_pair_id).unwrap()
    }
}

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn num(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().unwrap())
}

/// `±HH:MM` in seconds.
fn offset_seconds(s: &str) -> Option<i64> {
    let sign = match s.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = s[1..].split_once(':')?;
    Some(sign * (num(h)? * 3600 + num(m)? * 60))
}

/// (seconds since the epoch of the wall-clock date-time, fraction in
/// microseconds, the rest after the seconds) for `YYYY-MM-DDTHH:MM:SS[.f…]rest`.
fn iso_parts(s: &str) -> Option<(i64, i64, &str)> {
    let (date, time) = s.split_once('T')?;
    let d: Vec<&str> = date.split('-').collect();
    let [y, mo, da] = d.as_slice() else {
        return None;
    };
    let (y, mo, da) = (num(y)?, num(mo)?, num(da)?);
    let (hms, rest) = time.split_at(8.min(time.len()));
    let t: Vec<&str> = hms.split(':').collect();
    let [h, mi, se] = t.as_slice() else {
        return None;
    };
    let wall = days_from_civil(y, mo, da) * 86_400 + num(h)? * 3600 + num(mi)? * 60 + num(se)?;
    let (micros, rest) = match rest.strip_prefix('.') {
        Some(f) => {
            let digits = f.bytes().take_while(u8::is_ascii_digit).count();
            let mut frac = f[..digits].to_string();
            frac.truncate(6);
            while frac.len() < 6 {
                frac.push('0');
            }
            (num(&frac)?, &f[digits..])
        }
        None => (0, rest),
    };
    Some((wall, micros, rest))
}

/// `Date.parse(s)` for the forms in the file (ISO date, ISO date-time with
/// `Z`, an offset or none = local time, RFC 1123); NaN otherwise.
fn js_parse_date(s: &str, tz: Option<&str>) -> f64 {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let local_offset = |wall: i64| -> i64 {
        match tz {
            None | Some("UTC") => 0,
            Some("America/New_York") => {
                // EST (UTC−5) outside daylight time; the file uses January only.
                let month = (wall.div_euclid(86_400) as f64 / 30.44) as i64 % 12;
                assert!(
                    !(2..=10).contains(&month),
                    "harness knows New York winter time only"
                );
                -5 * 3600
            }
            Some(other) => panic!("harness does not know TZ {other}"),
        }
    };
    if let Some((wall, micros, rest)) = iso_parts(s) {
        let offset = match rest {
            "Z" => 0,
            "" => local_offset(wall),
            o => match offset_seconds(o) {
                Some(o) => o,
                None => return f64::NAN,
            },
        };
        return ((wall - offset) * 1000) as f64 + (micros / 1000) as f64;
    }
    let d: Vec<&str> = s.split('-').collect();
    if let [y, m, da] = d.as_slice() {
        if y.len() == 4 && m.len() == 2 && da.len() == 2 {
            if let (Some(y), Some(m), Some(da)) = (num(y), num(m), num(da)) {
                return (days_from_civil(y, m, da) * 86_400_000) as f64; // date-only = UTC
            }
        }
    }
    let w: Vec<&str> = s.split(' ').collect();
    if let [_, day, mon, year, time, "GMT"] = w.as_slice() {
        if let Some(m) = MONTHS.iter().position(|x| x == mon) {
            if let Some((wall, 0, "")) = iso_parts(&format!("{year}-{:02}-{day}T{time}", m + 1)) {
                return (wall * 1000) as f64;
            }
        }
    }
    f64::NAN
}

/// `new Date(x).getTime()` for a case's date input.
fn js_date_ms(v: &Value, tz: Option<&str>) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap(),
        Value::String(s) => js_parse_date(s, tz),
        Value::Object(o) if o.contains_key("Date") => o["Date"].as_f64().unwrap(),
        other => panic!("date input {other}"),
    }
}

/// botocore: `int(datetime2timestamp(datetime.fromisoformat(s)))`, naive = UTC,
/// truncated toward zero. `None` for `{"int": n}` (a Python type error).
fn botocore_seconds(v: &Value) -> Option<i64> {
    let s = v.as_str()?;
    let (wall, micros, rest) = iso_parts(s).unwrap_or_else(|| panic!("ISO date {s}"));
    let offset = if rest.is_empty() {
        0
    } else {
        offset_seconds(rest).unwrap()
    };
    Some(((wall - offset) * 1_000_000 + micros) / 1_000_000)
}

// ---------------------------------------------------------------- outputs

/// The `Signature` of a reference URL (or cookie), decoded.
fn reference_signature(out: &Value) -> Vec<u8> {
    let text = match out.get("signed_url") {
        Some(url) => url
            .as_str()
            .unwrap()
            .split(['?', '&'])
            .find_map(|p| p.strip_prefix("Signature="))
            .unwrap()
            .to_string(),
        None => s(&out["cookies"], "CloudFront-Signature").to_string(),
    };
    cloudfront_b64_decode(&text).expect("reference signature decodes")
}

fn cookies_json(c: &SignedCookies) -> Value {
    let mut map = serde_json::Map::new();
    for (name, value) in c.pairs() {
        let v = if name == "CloudFront-Expires" {
            Value::from(value.parse::<i64>().unwrap())
        } else {
            Value::from(value)
        };
        map.insert(name.to_string(), v);
    }
    Value::Object(map)
}

#[derive(Clone)]
enum Unsigned {
    Url(UnsignedUrl),
    Cookies(UnsignedCookies),
}

/// What we produced, in the reference's terms.
struct Produced {
    output: Value,
    policy: String,
    hash: HashAlgorithm,
}

impl Unsigned {
    fn hash(&self) -> HashAlgorithm {
        match self {
            Unsigned::Url(u) => u.hash_algorithm(),
            Unsigned::Cookies(c) => c.hash_algorithm(),
        }
    }

    /// Signs with the key (`None`) or finishes with a given signature.
    fn complete(self, signature: Option<&[u8]>) -> Result<Produced, AuraError> {
        let hash = self.hash();
        Ok(match self {
            Unsigned::Url(u) => {
                let signed = match signature {
                    Some(sig) => u.finish(sig)?,
                    None => u.sign()?,
                };
                Produced {
                    output: Value::from(signed.url),
                    policy: signed.policy,
                    hash,
                }
            }
            Unsigned::Cookies(c) => {
                let signed = match signature {
                    Some(sig) => c.finish(sig)?,
                    None => c.sign()?,
                };
                Produced {
                    output: cookies_json(&signed),
                    policy: signed.policy_json.clone(),
                    hash,
                }
            }
        })
    }
}

fn reference_output(out: &Value) -> &Value {
    out.get("signed_url").unwrap_or_else(|| &out["cookies"])
}

/// Our result against the reference's, for a style that must give its bytes.
fn compare(
    unsigned: Result<Unsigned, AuraError>,
    case: &Value,
    by_rule: impl Fn(&AuraError) -> Option<String>,
) -> Outcome {
    let out = case.get("output");
    let ref_error = case.get("error");
    let unsigned = match (unsigned, ref_error) {
        (Err(_), Some(_)) => return Outcome::Pass,
        (Ok(u), Some(e)) => {
            return Outcome::Fail(format!(
                "prepared what the reference refuses ({e}): policy {:?}",
                match &u {
                    Unsigned::Url(u) => u.policy().to_string(),
                    Unsigned::Cookies(c) => c.policy().to_string(),
                }
            ))
        }
        (Err(e), None) => {
            return match by_rule(&e) {
                Some(reason) => Outcome::Rejected(reason),
                None => Outcome::Fail(format!("refused with {e}, reference produced output")),
            }
        }
        (Ok(u), None) => u,
    };
    let out = out.expect("output");
    let ref_sig = reference_signature(out);
    let finished = unsigned.clone().complete(Some(&ref_sig));
    let produced = match unsigned.complete(None) {
        Ok(p) => p,
        Err(e) => return Outcome::Fail(format!("signing failed: {e}")),
    };
    let ours = match &produced.output {
        Value::String(url) => serde_json::json!({ "signed_url": url }),
        cookies => serde_json::json!({ "cookies": cookies }),
    };
    if reference_signature(&ours) != ref_sig {
        return Outcome::Fail(format!(
            "{} signature differs from the reference's (PKCS#1 v1.5 is deterministic)",
            produced.hash.signature_name()
        ));
    }
    if produced.policy != s(out, "policy") {
        return Outcome::Fail(format!(
            "policy {:?} != reference {:?}",
            produced.policy,
            s(out, "policy")
        ));
    }
    if let Some(alg) = out.get("sign_alg") {
        if alg != produced.hash.signature_name() {
            return Outcome::Fail(format!(
                "hash {} != reference {alg}",
                produced.hash.signature_name()
            ));
        }
    }
    if &produced.output != reference_output(out) {
        return Outcome::Fail(format!(
            "output {} != reference {}",
            produced.output,
            reference_output(out)
        ));
    }
    match finished {
        Ok(f) if f.output == produced.output => Outcome::Pass,
        Ok(f) => Outcome::Fail(format!(
            "finish(reference signature) gave {} but sign() {}",
            f.output, produced.output
        )),
        Err(AuraError::BadSignature) => {
            Outcome::Fail("the reference signature does not verify over our policy bytes".into())
        }
        Err(e) => Outcome::Fail(format!("finish failed: {e}")),
    }
}

// ---------------------------------------------------------------- cases

fn is_cookies(kind: &str) -> bool {
    kind.starts_with("cookies")
}

/// A JS case through a signer of `style`.
fn prepare_js(keys: &Keys, case: &Value, style: CloudFrontStyle) -> Result<Unsigned, AuraError> {
    let i = &case["input"];
    let hash = if i.get("algorithm").and_then(Value::as_str) == Some("SHA256") {
        HashAlgorithm::Sha256
    } else {
        HashAlgorithm::Sha1 // the JS signer: any other value, or none, is SHA-1
    };
    let key_pair_id = i.get("keyPairId").and_then(Value::as_str).unwrap_or("");
    let key = CloudFrontKey::from_pem(&keys.private_text(&i["privateKey"]), key_pair_id, hash)?;
    let signer = CloudFrontSigner::new(key, style)?;
    let now = i["now_ms"].as_i64().unwrap() / 1000;
    let tz = i.get("tz").and_then(Value::as_str);
    let url = i.get("url").and_then(Value::as_str);
    let cookies = is_cookies(s(case, "kind"));
    if let Some(policy) = i
        .get("policy")
        .and_then(Value::as_str)
        .filter(|p| !p.is_empty())
    {
        return Ok(if cookies {
            Unsigned::Cookies(signer.prepare_cookies_with_policy(policy, now)?)
        } else {
            Unsigned::Url(signer.prepare_url_with_policy(url, policy, now)?)
        });
    }
    // JS treats a missing dateLessThan exactly as a falsy one ("Invalid policy").
    let date_less_than = match i.get("dateLessThan") {
        None => 0,
        Some(v) => epoch_seconds_from_js_millis(js_date_ms(v, tz))?,
    };
    let conditions = Conditions {
        date_less_than,
        // An invalid dateGreaterThan is silently dropped by the JS signer.
        date_greater_than: i
            .get("dateGreaterThan")
            .and_then(|v| epoch_seconds_from_js_millis(js_date_ms(v, tz)).ok()),
        ip_address: i.get("ipAddress").and_then(Value::as_str).map(String::from),
    };
    let url = url.unwrap_or(""); // a missing url is falsy in JS too
    Ok(if cookies {
        Unsigned::Cookies(signer.prepare_cookies(url, &conditions, now)?)
    } else {
        Unsigned::Url(signer.prepare_url(url, &conditions, now)?)
    })
}

/// Errors the `aws-js` style may raise where the JS signer produced output.
fn aws_js_rule(e: &AuraError) -> Option<String> {
    match e {
        AuraError::UnsupportedKeyType(m) if m.contains("encrypted") => {
            Some("encrypted PEM keys are refused (unsupported_key_type): no PBES2 / legacy PEM decryption in the core; decrypt the key first".into())
        }
        AuraError::InvalidInput(m) if m.starts_with("key pair id") => Some(
            "a key pair id is required (invalid_input): the JS signer drops Key-Pair-Id when it is undefined, and CloudFront cannot verify such a URL or cookie".into(),
        ),
        _ => None,
    }
}

/// `default` refuses only with `invalid_input` (its rules) or the `aws-js` rules.
fn default_rule(e: &AuraError) -> Option<String> {
    aws_js_rule(e).or_else(|| match e {
        AuraError::InvalidInput(m) => Some(format!("default: {m}")),
        _ => None,
    })
}

enum Boto {
    NotExpressible(&'static str),
    Canned(i64),
    Policy(String),
}

fn botocore_conditions(b: &Value) -> Option<Conditions> {
    Some(Conditions {
        date_less_than: botocore_seconds(&b["date_less_than"])?,
        date_greater_than: match b.get("date_greater_than") {
            None | Some(Value::Null) => None,
            Some(v) => Some(botocore_seconds(v)?),
        },
        ip_address: b
            .get("ip_address")
            .and_then(Value::as_str)
            .map(String::from),
    })
}

fn botocore_plan(i: &Value) -> Boto {
    let dlt = i.get("date_less_than");
    match (dlt, i.get("policy"), i.get("build_policy")) {
        (Some(_), Some(_) | None, Some(_)) | (Some(_), Some(_), None) | (None, None, None) => {
            Boto::NotExpressible("botocore's both-or-neither ValueError: date_less_than and policy are separate methods of the typed API")
        }
        (Some(d), None, None) => match botocore_seconds(d) {
            Some(n) => Boto::Canned(n),
            None => Boto::NotExpressible("a Python int where a datetime is required (AttributeError): the typed API takes i64 seconds"),
        },
        (None, Some(p), _) => Boto::Policy(p.as_str().unwrap().to_string()),
        (None, None, Some(b)) => match botocore_conditions(b) {
            Some(c) => Boto::Policy(
                build_policy(CloudFrontStyle::Botocore, s(b, "resource"), &c).expect("botocore build_policy never fails"),
            ),
            None => Boto::NotExpressible("a Python int where a datetime is required (AttributeError): the typed API takes i64 seconds"),
        },
    }
}

fn run_botocore(keys: &Keys, case: &Value) -> Outcome {
    let i = &case["input"];
    let plan = botocore_plan(i);
    if let Boto::NotExpressible(why) = plan {
        return match case.get("error") {
            Some(_) => Outcome::NotApplicable(why.into()),
            None => Outcome::Fail(format!("not expressible but the reference signed: {why}")),
        };
    }
    let prepared = (|| {
        let key = CloudFrontKey::from_pem(
            &keys.private_text(&i["private_key"]),
            s(i, "key_id"),
            HashAlgorithm::Sha1,
        )?;
        let signer = CloudFrontSigner::new(key, CloudFrontStyle::Botocore)?;
        let now = i["now_ms"].as_i64().unwrap() / 1000;
        let url = s(i, "url");
        Ok(Unsigned::Url(match &plan {
            Boto::Canned(n) => signer.prepare_url(url, &Conditions::expires_at(*n), now)?,
            Boto::Policy(p) => signer.prepare_url_with_policy(Some(url), p, now)?,
            Boto::NotExpressible(_) => unreachable!(),
        }))
    })();
    compare(prepared, case, |_| None)
}

fn run_policy_json(case: &Value) -> Outcome {
    let b = &case["input"]["build_policy"];
    match (botocore_conditions(b), case.get("error")) {
        (None, Some(_)) => Outcome::NotApplicable(
            "a Python int where a datetime is required (AttributeError): the typed API takes i64 seconds".into(),
        ),
        (None, None) => Outcome::Fail("date not expressible".into()),
        (Some(c), _) => {
            let ours = build_policy(CloudFrontStyle::Botocore, s(b, "resource"), &c).unwrap();
            if ours == s(&case["output"], "policy") {
                Outcome::Pass
            } else {
                Outcome::Fail(format!("{ours:?} != {:?}", case["output"]["policy"]))
            }
        }
    }
}

// ---------------------------------------------------------------- verifier

fn verifier(keys: &Keys) -> CloudFrontVerifier {
    CloudFrontVerifier::new(vec![
        keys.public("rsa-dev-1", "K2JCJMDEHXQW5F"),
        keys.public("rsa-dev-2", "APKAEIBAERJR2EXAMPLE"),
        keys.public("rsa-dev-1", "K+/=&x y"),
    ])
    .unwrap()
}

/// A time inside the reference policy's window and a viewer inside its
/// `IpAddress`, read from the reference policy independently of the library.
fn verify_options(policy: &str, now: i64) -> CloudFrontVerifyOptions {
    let mut o = CloudFrontVerifyOptions::new(now);
    let Ok(v) = serde_json::from_str::<Value>(policy) else {
        return o;
    };
    let cond = &v["Statement"][0]["Condition"];
    if let Some(start) = cond["DateGreaterThan"]["AWS:EpochTime"].as_i64() {
        o.now = start + 1;
    }
    if let Some(ip) = cond["IpAddress"]["AWS:SourceIp"].as_str() {
        o.client_ip = ip.split('/').next().unwrap().parse::<IpAddr>().ok();
    }
    o
}

/// Reference outputs the verifier must refuse, with the code and why.
const EXPECTED_REFUSALS: &[(&str, &str, &str)] = &[
    (
        "cf-004",
        "expired",
        "Expires=1767830: seconds passed where JS takes milliseconds",
    ),
    ("cf-014", "expired", "Expires=-1"),
    (
        "cf-159",
        "expired",
        "Expires=0 (botocore truncates 1969-12-31T23:59:59.5 toward zero)",
    ),
    (
        "cf-097",
        "expired",
        "DateGreaterThan after DateLessThan: never valid",
    ),
    (
        "cf-217",
        "expired",
        "DateGreaterThan after DateLessThan: never valid",
    ),
    (
        "cf-220",
        "expired",
        "DateGreaterThan after DateLessThan: never valid",
    ),
    (
        "cf-233",
        "expired",
        "DateGreaterThan after DateLessThan: never valid",
    ),
    (
        "cf-235",
        "expired",
        "DateGreaterThan after DateLessThan: never valid",
    ),
    (
        "cf-239",
        "expired",
        "DateGreaterThan after DateLessThan: never valid",
    ),
    (
        "cf-074",
        "malformed",
        "no Key-Pair-Id (keyPairId undefined)",
    ),
    (
        "cf-144",
        "malformed",
        "no CloudFront-Key-Pair-Id (keyPairId undefined)",
    ),
    (
        "cf-169",
        "malformed",
        "botocore writes the key id `K+/=&x y` raw, which splits the query",
    ),
    (
        "cf-164",
        "malformed",
        "botocore appends the parameters after the fragment, which is never sent",
    ),
    (
        "cf-diff-011/botocore",
        "malformed",
        "botocore appends the parameters after the fragment, which is never sent",
    ),
    (
        "cf-100",
        "malformed",
        "AWS:SourceIp ` 1.2.3.4/32` (JS keeps the leading space)",
    ),
    (
        "cf-101",
        "malformed",
        "AWS:SourceIp `01.002.3.4/08` (leading zeros: octal or decimal?)",
    ),
    (
        "cf-102",
        "malformed",
        "AWS:SourceIp `0x7f.1e0.0.1/-0` (JS Number() syntax)",
    ),
    (
        "cf-180",
        "malformed",
        "AWS:SourceIp `not-an-ip/32` (botocore validates nothing)",
    ),
    (
        "cf-124",
        "malformed",
        "policy without Condition/DateLessThan, signed as given",
    ),
    (
        "cf-125",
        "malformed",
        "policy without Condition/DateLessThan, signed as given",
    ),
    (
        "cf-126",
        "malformed",
        "policy without Condition/DateLessThan, signed as given",
    ),
    (
        "cf-127",
        "malformed",
        "policy without Condition/DateLessThan, signed as given",
    ),
    (
        "cf-185",
        "malformed",
        "policy without Condition/DateLessThan, signed as given",
    ),
    (
        "cf-186",
        "malformed",
        "policy without Condition/DateLessThan, signed as given",
    ),
    (
        "cf-128",
        "malformed",
        "policy `not json at all`, signed as given",
    ),
    (
        "cf-153",
        "malformed",
        "policy `not json at all`, signed as given",
    ),
    (
        "cf-187",
        "malformed",
        "policy `not json at all`, signed as given",
    ),
    (
        "cf-123",
        "wrong_image",
        "explicit policy for /vidéo/日本/* on a URL for /a.mp4",
    ),
];

fn check_verdict(id: &str, got: Result<VerifiedAccess, AuraError>, policy: &str) -> Outcome {
    let expected = EXPECTED_REFUSALS.iter().find(|(i, _, _)| *i == id);
    match (got, expected) {
        (Ok(v), None) if v.policy == policy => Outcome::Pass,
        (Ok(v), None) => Outcome::Fail(format!("verified another policy {:?}", v.policy)),
        (Ok(_), Some((_, code, why))) => Outcome::Fail(format!("accepted; expected {code}: {why}")),
        (Err(e), Some((_, code, why))) if e.code() == *code => {
            Outcome::Rejected(format!("{code}: {why}"))
        }
        (Err(e), _) => Outcome::Fail(format!("refused: {e}")),
    }
}

fn verify_reference(
    tally: &mut Tally,
    v: &CloudFrontVerifier,
    kind: &str,
    id: &str,
    out: &Value,
    now: i64,
) {
    let policy = s(out, "policy");
    let options = verify_options(policy, now);
    let got = match out.get("signed_url") {
        Some(url) => v.verify_url(url.as_str().unwrap(), &options),
        None => {
            let cookies = out["cookies"].as_object().unwrap();
            let values: Vec<(String, String)> = cookies
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), String::from),
                    )
                })
                .collect();
            let pairs: Vec<(&str, &str)> = values
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            // The request: a canned policy's resource exactly; for a custom
            // one, a URL its pattern covers (each `*` standing for "x").
            let canned = cookies.contains_key("CloudFront-Expires");
            let resource = serde_json::from_str::<Value>(policy)
                .ok()
                .and_then(|p| p["Statement"][0]["Resource"].as_str().map(String::from))
                .map(|r| if canned { r } else { r.replace('*', "x") })
                .unwrap_or_default();
            v.verify_cookies(&resource, &pairs, &options)
        }
    };
    tally.record(kind, id, check_verdict(id, got, policy));
}

// ---------------------------------------------------------------- regression history

/// `default` (with a SHA-256 key, so it can sign here) on a regression input:
/// refused by rule, or a URL whose bytes without CloudFront's parameters are
/// exactly the signed `Resource`, which a WHATWG parser leaves unchanged,
/// which equals the fixed reference's `Resource`, and which verifies.
fn regression(keys: &Keys, v: &CloudFrontVerifier, case: &Value) -> Outcome {
    let i = &case["input"];
    let key = CloudFrontKey::from_pem(
        &keys.private_text(&i["privateKey"]),
        s(i, "keyPairId"),
        HashAlgorithm::Sha256,
    )
    .unwrap();
    let signer = CloudFrontSigner::new(key, CloudFrontStyle::Default).unwrap();
    let now = i["now_ms"].as_i64().unwrap() / 1000;
    let conditions = Conditions {
        date_less_than: epoch_seconds_from_js_millis(js_date_ms(&i["dateLessThan"], None)).unwrap(),
        date_greater_than: i
            .get("dateGreaterThan")
            .map(|d| epoch_seconds_from_js_millis(js_date_ms(d, None)).unwrap()),
        ip_address: i.get("ipAddress").and_then(Value::as_str).map(String::from),
    };
    let signed = match signer.sign_url(s(i, "url"), &conditions, now) {
        Ok(signed) => signed,
        Err(AuraError::InvalidInput(m)) => {
            return Outcome::Rejected(format!("default refuses: {m}"))
        }
        Err(e) => return Outcome::Fail(format!("{e}")),
    };
    let signed_resource = serde_json::from_str::<Value>(&signed.policy).unwrap()["Statement"][0]
        ["Resource"]
        .as_str()
        .unwrap()
        .to_string();
    let wire_base = signed
        .url
        .split(if signed.canned { "Expires=" } else { "Policy=" })
        .next()
        .unwrap()
        .trim_end_matches(['?', '&'])
        .to_string();
    let fixed_resource = serde_json::from_str::<Value>(s(&case["output"], "policy")).unwrap()
        ["Statement"][0]["Resource"]
        .as_str()
        .unwrap()
        .to_string();
    let options = verify_options(&signed.policy, now);
    if wire_base != signed_resource {
        Outcome::Fail(format!(
            "returned {wire_base:?} but signed {signed_resource:?}"
        ))
    } else if url::Url::parse(&signed.url).map(|u| u.as_str() == signed.url) != Ok(true) {
        Outcome::Fail(format!("a client would not send {:?} as is", signed.url))
    } else if signed_resource != fixed_resource {
        Outcome::Fail(format!(
            "resource {signed_resource:?} != the fixed signer's {fixed_resource:?}"
        ))
    } else if let Err(e) = v.verify_url(&signed.url, &options) {
        Outcome::Fail(format!("own URL refused: {e}"))
    } else {
        Outcome::Pass
    }
}

// ---------------------------------------------------------------- main

fn main() {
    let text = std::fs::read(common::vectors_dir().join(FILE)).unwrap();
    assert_eq!(
        aura_core::mac::hex_lower(&aura_core::mac::sha256(&text)),
        SHA256,
        "{FILE} differs from the copy recorded in PROVENANCE.md"
    );
    let file = load(FILE);
    let keys = Keys(file.clone());
    let v = verifier(&keys);
    let mut tally = Tally::default();
    let cases = file["cases"].as_array().unwrap();
    assert_eq!(
        cases.len() as u64,
        file["counts"]["total"].as_u64().unwrap()
    );

    for case in cases {
        let (id, kind) = (s(case, "id"), s(case, "kind"));
        let now = case["input"]["now_ms"].as_i64().unwrap_or(0) / 1000;
        match kind {
            "url_canned" | "url_custom" | "cookies_canned" | "cookies_custom" => {
                let js = compare(
                    prepare_js(&keys, case, CloudFrontStyle::AwsJs),
                    case,
                    aws_js_rule,
                );
                tally.record(kind, id, js);
                let default_kind = if is_cookies(kind) {
                    "default: cookies"
                } else {
                    "default: url"
                };
                let default = compare(
                    prepare_js(&keys, case, CloudFrontStyle::Default),
                    case,
                    default_rule,
                );
                tally.record(default_kind, id, default);
            }
            "botocore_url_canned" | "botocore_url_custom" => {
                tally.record(kind, id, run_botocore(&keys, case))
            }
            "policy_json" => tally.record(kind, id, run_policy_json(case)),
            other => panic!("unknown kind {other}"),
        }
        if let Some(out) = case
            .get("output")
            .filter(|o| o.get("policy_json").is_none() && o.get("sign_alg").is_some())
        {
            let verify_kind = if is_cookies(kind) {
                "verify: reference cookies"
            } else {
                "verify: reference url"
            };
            verify_reference(&mut tally, &v, verify_kind, id, out, now);
        }
    }

    for d in file["differences"].as_array().unwrap() {
        let id = s(d, "id");
        let i = &d["input"];
        let conditions = Conditions {
            date_less_than: i["date_less_than_epoch"].as_i64().unwrap(),
            date_greater_than: i["date_greater_than_epoch"].as_i64(),
            ip_address: i["ip_address"].as_str().map(String::from),
        };
        let pem = keys.private_text(&serde_json::json!({"key": i["key"], "format": "pkcs1_pem"}));
        for (side, style) in [
            ("js", CloudFrontStyle::AwsJs),
            ("botocore", CloudFrontStyle::Botocore),
        ] {
            let prepared = CloudFrontKey::from_pem(&pem, s(i, "key_pair_id"), HashAlgorithm::Sha1)
                .and_then(|k| CloudFrontSigner::new(k, style))
                .and_then(|signer| signer.prepare_url(s(i, "url"), &conditions, 0))
                .map(Unsigned::Url);
            tally.record(
                &format!("differences: {side}"),
                id,
                compare(prepared, &d[side], |_| None),
            );
            if let Some(out) = d[side].get("output") {
                verify_reference(
                    &mut tally,
                    &v,
                    "verify: reference url",
                    &format!("{id}/{side}"),
                    out,
                    1_767_225_600,
                );
            }
        }
    }

    let history = &file["regression_history"];
    for entry in history["entries"].as_array().unwrap() {
        let id = s(entry, "case");
        let case = cases.iter().find(|c| c["id"] == id).unwrap();
        tally.record("regression_history", id, regression(&keys, &v, case));
    }
    tally.finish();
}

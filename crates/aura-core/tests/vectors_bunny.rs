//! Every case of `tests/vectors/bunny.json`: each signer's case through its
//! style, byte for byte; every input through the default style (the Python
//! signer's bytes or a refusal by rule); the verifier on every URL the
//! default style signs and on every reference URL.

mod common;

use aura_core::bunny::{
    BunnyOptions, BunnySigner, BunnyStyle, BunnyVerifier, BunnyViewer, RULE_PATH_ALLOWED,
};
use aura_core::AuraError;
use common::{check_provenance, load, s, Outcome, Tally};
use serde_json::Value;

fn style_of(kind: &str) -> BunnyStyle {
    match kind {
        "node.signUrl" => BunnyStyle::Node,
        "python.sign_url" => BunnyStyle::Python,
        "go.SignUrl" => BunnyStyle::Go,
        "rust.sign_url" => BunnyStyle::Rust,
        "php.sign_bcdn_url" => BunnyStyle::Php,
        other => panic!("unknown kind {other}"),
    }
}

fn text(i: &Value, key: &str) -> Option<String> {
    i.get(key)
        .and_then(Value::as_str)
        .filter(|v| !v.is_empty())
        .map(String::from)
}

/// The arguments as the case passed them; a missing one takes the
/// signer's own default (`is_directory`: true in Python only).
fn options(i: &Value, style: BunnyStyle) -> BunnyOptions {
    let defaults = BunnyOptions::default();
    BunnyOptions {
        style,
        expiration_time: i["expiration_time"]
            .as_i64()
            .unwrap_or(defaults.expiration_time),
        expires_at: i["expires_at"].as_i64(),
        user_ip: text(i, "user_ip"),
        directory: i["is_directory"]
            .as_bool()
            .unwrap_or(style.default_is_directory()),
        path_allowed: text(i, "path_allowed"),
        countries_allowed: text(i, "countries_allowed"),
        countries_blocked: text(i, "countries_blocked"),
        ignore_params: i["ignore_params"].as_bool().unwrap_or(false),
        speed_limit: i["speed_limit"].as_i64().unwrap_or(0),
    }
}

fn now(i: &Value) -> i64 {
    i["now_ms"].as_i64().unwrap().div_euclid(1000)
}

fn sign(i: &Value, o: &BunnyOptions) -> aura_core::Result<String> {
    BunnySigner::new(s(i, "security_key"))?
        .sign(s(i, "url"), o, now(i))
        .map(|signed| signed.url)
}

/// Reference bytes, or `invalid_input` by rule, never other bytes.
fn compare(case: &Value, got: aura_core::Result<String>) -> Outcome {
    match (case.get("output").and_then(Value::as_str), got) {
        (None, Err(_)) => Outcome::Pass,
        (None, Ok(url)) => Outcome::Fail(format!(
            "reference threw {}, Aura signed {url}",
            case["error"]
        )),
        (Some(want), Ok(url)) if url == want => Outcome::Pass,
        (Some(want), Ok(url)) => {
            Outcome::Fail(format!("bytes differ:\n  got  {url}\n  want {want}"))
        }
        (Some(_), Err(AuraError::InvalidInput(m))) => Outcome::RejectedByRule(m),
        (Some(_), Err(e)) => Outcome::Fail(format!("unexpected error {e}")),
    }
}

/// A parameter of a signed URL (query or directory segment), decoded.
fn url_param(url: &str, name: &str) -> Option<String> {
    url.split(['?', '&', '/'])
        .find_map(|piece| piece.strip_prefix(name)?.strip_prefix('='))
        .map(|v| String::from_utf8(percent_decoded(v.split(['/', '#']).next().unwrap())).unwrap())
}

/// The viewer a signed URL is meant for: its IP, and a country the signed
/// lists let through.
fn viewer_for(url: &str, o: &BunnyOptions) -> (Option<String>, String) {
    let blocked = url_param(url, "token_countries_blocked").unwrap_or_default();
    let country = url_param(url, "token_countries")
        .and_then(|l| {
            l.split(',')
                .map(str::trim)
                .find(|c| !c.is_empty())
                .map(String::from)
        })
        .unwrap_or_else(|| {
            ["ZZ", "YY"]
                .into_iter()
                .find(|c| !blocked.contains(c))
                .unwrap()
                .to_string()
        });
    (o.user_ip.clone(), country)
}

/// The request path of a signed URL (after the directory segment).
fn request_path(url: &str) -> String {
    let rest = &url[url.find("://").unwrap() + 3..];
    let rest = &rest[rest.find('/').unwrap_or(rest.len())..];
    let rest = match rest.strip_prefix("/bcdn_token=") {
        Some(r) => &r[r.find('/').unwrap_or(r.len())..],
        None => rest,
    };
    rest.split(['?', '#']).next().unwrap().to_string()
}

/// `%XX` decoded, anything else as it is (written here independently of
/// the library).
fn percent_decoded(path: &str) -> Vec<u8> {
    let b = path.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex
            .filter(|_| b[i] == b'%')
            .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            Some(v) => {
                out.push(v);
                i += 3;
            }
            None => {
                out.push(b[i]);
                i += 1;
            }
        }
    }
    out
}

/// Verifies a URL signed for these options: accepted until `expires`
/// (unless outside `path_allowed`), expired after, refused under another key.
fn verify_round_trip(url: &str, expires: i64, key: &str, o: &BunnyOptions) -> Outcome {
    let (ip, country) = viewer_for(url, o);
    let viewer = BunnyViewer {
        ip: ip.as_deref(),
        country: Some(&country),
    };
    let outside_path = o
        .path_allowed
        .as_deref()
        .is_some_and(|p| !percent_decoded(&request_path(url)).starts_with(p.as_bytes()));
    let verifier = BunnyVerifier::new(&["another-key", key]).unwrap();
    let at_expiry = verifier.verify(url, expires, &viewer);
    let expected_ok = match (&at_expiry, outside_path) {
        (Ok(t), false) => t.expires == expires,
        (Err(AuraError::AccessDenied { rule_index }), true) => *rule_index == RULE_PATH_ALLOWED,
        _ => false,
    };
    match (
        expected_ok,
        verifier.verify(url, expires + 1, &viewer),
        BunnyVerifier::new(&["another-key"])
            .unwrap()
            .verify(url, expires, &viewer),
    ) {
        (true, Err(AuraError::Expired), Err(AuraError::BadSignature)) => Outcome::Pass,
        (_, later, other) => Outcome::Fail(format!(
            "verify {url}: at expiry {at_expiry:?}, after {later:?}, other key {other:?}"
        )),
    }
}

fn main() {
    check_provenance("bunny.json");
    let file = load("bunny.json");
    let cases = file["cases"].as_array().unwrap();
    let mut tally = Tally::default();

    for case in cases {
        let id = s(case, "id");
        let kind = s(case, "kind");
        let i = &case["input"];
        let style = style_of(kind);
        let o = options(i, style);
        tally.record(kind, id, compare(case, sign(i, &o)));

        // Every reference URL verifies, for its viewer, until it expires.
        if let (Some(url), Ok(_)) = (
            case.get("output").and_then(Value::as_str),
            BunnySigner::new(s(i, "security_key")),
        ) {
            let expires: i64 = url
                .rsplit("expires=")
                .next()
                .unwrap()
                .split('/')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let outcome = match verify_round_trip(url, expires, s(i, "security_key"), &o) {
                Outcome::Fail(reason) => match reference_not_verified(id) {
                    Some(why) => Outcome::Strict(why.to_string()),
                    None => Outcome::Fail(reason),
                },
                other => other,
            };
            tally.record("verify_reference_output", id, outcome);
        }
    }

    // The default style, once per input (Python ran every input): the
    // Python signer's bytes or a refusal by rule.
    for case in cases.iter().filter(|c| s(c, "kind") == "python.sign_url") {
        let id = s(case, "id");
        let i = &case["input"];
        let mut o = options(i, BunnyStyle::Default);
        if i.get("is_directory").is_none() {
            // The default style's own default is the query form: compare
            // with the Python signer's bytes for that form.
            o.directory = false;
            let python = BunnyOptions {
                style: BunnyStyle::Python,
                ..o.clone()
            };
            let outcome = match (sign(i, &o), sign(i, &python)) {
                (Ok(d), Ok(p)) if d == p => Outcome::Pass,
                (Err(AuraError::InvalidInput(m)), Ok(_)) => Outcome::RejectedByRule(m),
                (Err(_), Err(_)) => Outcome::Pass,
                (d, p) => Outcome::Fail(format!("default {d:?} vs python style {p:?}")),
            };
            tally.record("default", id, outcome);
        } else {
            tally.record("default", id, compare(case, sign(i, &o)));
        }
        if let Ok(signed) =
            BunnySigner::new(s(i, "security_key")).and_then(|k| k.sign(s(i, "url"), &o, now(i)))
        {
            tally.record(
                "verify_default_output",
                id,
                verify_round_trip(&signed.url, signed.expires, s(i, "security_key"), &o),
            );
        }
    }
    tally.finish("bunny.json");
}

/// Reference URLs the verifier refuses, and why (none expected beyond these).
fn reference_not_verified(id: &str) -> Option<&'static str> {
    match id {
        "node-062" | "py-062" | "rust-033" | "php-033" => Some(
            "locked to ::ffff:1.2.3.4 as the IPv6 /64 ::/64; the verifier reads an IPv4-mapped viewer as the IPv4 address (as Go signs it), so a ::/64 lock does not match it",
        ),
        "py-064" => Some("locked to fe80::1%eth0: the verifier refuses a viewer IP with a zone"),
        "py-091" | "go-039" | "php-039" => Some(
            "\"://not a url?…\" is not an absolute URL; the path the signer hashed (\"not a url\") is not in it",
        ),
        _ => None,
    }
}

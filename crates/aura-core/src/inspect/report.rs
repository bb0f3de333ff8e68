//! What [`inspect`](super::inspect) returns, and the builder the per-kind
//! inspectors share.

use serde::Serialize;
use serde_json::{Map, Value};

use super::detect::Kind;
use super::time::{duration, iso8601, relative};
use crate::error::{AuraError, Result};
use crate::js::number::number_to_string;

/// Everything inspect found out. Serialises to the JSON `aura inspect --json` prints.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// What the input was taken to be.
    pub kind: Kind,
    /// The decoded parts: `payload` (AuraImage), `header` and `claims`
    /// (JWS), `url` (what the URL path and query say), `query` (Images).
    pub decoded: Value,
    /// `iat`, `nbf`, `exp` as found, each in UTC and relative to `now`.
    pub times: Vec<TimeInfo>,
    /// Whether a secret or key was given and the signature checked.
    pub signature_checked: bool,
    /// Every problem, warning and note, in the verifier's order.
    pub findings: Vec<Finding>,
    /// The outcome.
    pub verdict: Verdict,
}

/// A time claim.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TimeInfo {
    /// The claim's name: `iat`, `nbf` or `exp`.
    pub claim: String,
    /// As the input holds it (a number, or a numeric string).
    pub value: Value,
    /// Whole seconds (floored).
    pub unix: i64,
    /// The time in UTC, RFC 3339 (`2026-01-02T03:04:05Z`).
    pub iso: String,
    /// `in 5m 3s`, `3h ago`.
    pub relative: String,
}

/// How much a [`Finding`] matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A reason the input is refused.
    Error,
    /// Accepted by the verifier, but likely a problem elsewhere.
    Warning,
    /// A note; never affects the verdict.
    Info,
}

/// One thing inspect noticed about the input.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// How much it matters.
    pub severity: Severity,
    /// The [`AuraError`] code (errors and warnings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<&'static str>,
    /// The explanation, for people.
    pub message: String,
    /// The evidence, for a signature mismatch.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<SignatureMismatch>,
}

/// The evidence of a signature mismatch. Never contains the secret.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SignatureMismatch {
    /// The exact string the MAC or signature covers.
    pub signed: String,
    /// What the (first) given secret or private key produces over `signed`;
    /// `None` for public keys and ES256 (randomised).
    pub expected: Option<String>,
    /// What the input carries.
    pub actual: String,
    /// `hex` (Cloudflare Images) or `base64url`.
    pub encoding: &'static str,
}

/// The outcome of an inspection; serialised with a `status` tag.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Verdict {
    /// Every check passed with the given secret or key. `until` is `exp`
    /// (floored), when there is one.
    Valid {
        /// The floored `exp` in Unix seconds; `None` when the input has none.
        until: Option<i64>,
    },
    /// Would be refused; `code` is the verifier's [`AuraError`] code.
    Refused {
        /// The [`AuraError`] code of the refusal.
        code: &'static str,
        /// Why: the refusing finding's message, or the verifier's error message.
        reason: String,
    },
    /// Decoded and not refused by anything checkable without a secret, but
    /// the signature was not checked.
    Unchecked {
        /// The floored `exp` in Unix seconds; `None` when the input has none.
        until: Option<i64>,
    },
}

impl Verdict {
    /// Whether the verdict is [`Verdict::Refused`].
    pub fn is_refused(&self) -> bool {
        matches!(self, Verdict::Refused { .. })
    }
}

/// A NumericDate as a number or a numeric string (what `/token` issues).
pub(crate) fn seconds_of(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse::<f64>().ok(),
        _ => None,
    }
    .filter(|f| f.is_finite())
}

fn floor_i64(f: f64) -> i64 {
    // `as` saturates; fine for display.
    f.floor() as i64
}

/// `42`, or `1.5` for fractional times (JavaScript's number printing).
fn seconds_text(f: f64) -> String {
    number_to_string(f)
}

/// `expired 42 s ago (exp 2026-…)`; `expired 10800 s (3h) ago (exp …)`.
pub(crate) fn expired_message(exp: f64, now: i64) -> String {
    let ago = now as f64 - exp;
    let human = if ago >= 60.0 {
        format!(" ({})", duration(ago as u64))
    } else {
        String::new()
    };
    format!(
        "expired {} s{human} ago (exp {})",
        seconds_text(ago),
        iso8601(floor_i64(exp))
    )
}

/// `not valid for 30 s more (nbf 2026-…)`.
pub(crate) fn not_yet_message(nbf: f64, now: i64) -> String {
    let wait = nbf - now as f64;
    let human = if wait >= 60.0 {
        format!(" ({})", duration(wait as u64))
    } else {
        String::new()
    };
    format!(
        "not valid for {} s{human} more (nbf {})",
        seconds_text(wait),
        iso8601(floor_i64(nbf))
    )
}

/// Collects a report.
pub(crate) struct Builder {
    kind: Kind,
    now: i64,
    decoded: Map<String, Value>,
    times: Vec<TimeInfo>,
    findings: Vec<Finding>,
    signature_checked: bool,
}

impl Builder {
    pub fn new(kind: Kind, now: i64) -> Self {
        Builder {
            kind,
            now,
            decoded: Map::new(),
            times: Vec::new(),
            findings: Vec::new(),
            signature_checked: false,
        }
    }

    pub fn decoded(&mut self, key: &str, value: Value) {
        self.decoded.insert(key.to_string(), value);
    }

    /// Records `claim` from `map` when it holds a time.
    pub fn time_from(&mut self, map: &Map<String, Value>, claim: &str) {
        if let Some(v) = map.get(claim) {
            self.time(claim, v.clone());
        }
    }

    pub fn time(&mut self, claim: &str, value: Value) {
        if let Some(f) = seconds_of(&value) {
            let unix = floor_i64(f);
            self.times.push(TimeInfo {
                claim: claim.to_string(),
                value,
                unix,
                iso: iso8601(unix),
                relative: relative(unix, self.now),
            });
        }
    }

    /// The floored `exp`, if recorded.
    pub fn exp(&self) -> Option<i64> {
        self.times.iter().find(|t| t.claim == "exp").map(|t| t.unix)
    }

    pub fn has_code(&self, code: &str) -> bool {
        self.findings.iter().any(|f| f.code == Some(code))
    }

    pub fn error(&mut self, err: &AuraError, message: String) {
        self.findings.push(Finding {
            severity: Severity::Error,
            code: Some(err.code()),
            message,
            signature: None,
        });
    }

    pub fn mismatch(&mut self, message: String, evidence: SignatureMismatch) {
        self.findings.push(Finding {
            severity: Severity::Error,
            code: Some(AuraError::BadSignature.code()),
            message,
            signature: Some(evidence),
        });
    }

    /// Parses a compact JWS and records its header, claims and times; `None`
    /// (with the finding recorded) when it is malformed.
    pub fn decode_jws<'t>(&mut self, token: &'t str) -> Option<crate::jws::Jws<'t>> {
        let parsed = match crate::jws::parse(token) {
            Ok(j) => j,
            Err(e) => {
                self.error(&e, format!("malformed token: {}", e.message()));
                return None;
            }
        };
        self.decoded("header", Value::Object(parsed.header.clone()));
        self.decoded("claims", Value::Object(parsed.claims.clone()));
        for claim in ["iat", "nbf", "exp"] {
            self.time_from(&parsed.claims, claim);
        }
        Some(parsed)
    }

    /// A JWS whose signature no given key produced: the signing input, what
    /// the given private key would produce (`None` for public keys and
    /// randomised algorithms), and what the token carries.
    pub fn jws_mismatch(
        &mut self,
        signing_input: &[u8],
        token: &str,
        expected: Option<String>,
        no_expected: &str,
    ) {
        let signed = String::from_utf8_lossy(signing_input).into_owned();
        let actual = token.rsplit('.').next().unwrap_or("").to_string();
        let would = match &expected {
            Some(sig) => format!("with the given key the signature would be `{sig}` but"),
            None => no_expected.to_string(),
        };
        self.mismatch(
            format!(
                "signature mismatch: the signed string was `{signed}`; {would} the token carries `{actual}`"
            ),
            SignatureMismatch {
                signed,
                expected,
                actual,
                encoding: "base64url",
            },
        );
    }

    pub fn warning(&mut self, err: &AuraError, message: String) {
        self.findings.push(Finding {
            severity: Severity::Warning,
            code: Some(err.code()),
            message,
            signature: None,
        });
    }

    pub fn info(&mut self, message: String) {
        self.findings.push(Finding {
            severity: Severity::Info,
            code: None,
            message,
            signature: None,
        });
    }

    pub fn not_checked(&mut self) {
        self.info("signature not checked: no secret or key was given".into());
    }

    fn report(self, verdict: Verdict) -> Report {
        Report {
            kind: self.kind,
            decoded: Value::Object(self.decoded),
            times: self.times,
            signature_checked: self.signature_checked,
            findings: self.findings,
            verdict,
        }
    }

    fn first_error(&self) -> Option<&Finding> {
        self.findings.iter().find(|f| f.severity == Severity::Error)
    }

    fn refused_by(f: &Finding) -> Verdict {
        Verdict::Refused {
            code: f.code.unwrap_or("malformed"),
            reason: f.message.clone(),
        }
    }

    /// Without a signature check: the first error refuses, else unchecked.
    pub fn finish_unchecked(self) -> Report {
        let verdict = match self.first_error() {
            Some(f) => Self::refused_by(f),
            None => Verdict::Unchecked { until: self.exp() },
        };
        self.report(verdict)
    }

    /// With the verifier's own result (authoritative). Its error is
    /// explained by the finding of the same code; an accepted input is
    /// still refused by an error finding the verifier does not check
    /// (e.g. a flexible Images variant).
    pub fn finish_checked(mut self, result: Result<()>) -> Report {
        self.signature_checked = true;
        let verdict = match result {
            Err(e) => match self
                .findings
                .iter()
                .find(|f| f.severity == Severity::Error && f.code == Some(e.code()))
            {
                Some(f) => Self::refused_by(f),
                None => Verdict::Refused {
                    code: e.code(),
                    reason: e.message(),
                },
            },
            Ok(()) => match self.first_error() {
                Some(f) => Self::refused_by(f),
                None => Verdict::Valid { until: self.exp() },
            },
        };
        self.report(verdict)
    }
}

//! Shared by the vector tests: loading, JS number decoding, per-kind tallies.
#![allow(dead_code)]

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors")
}

/// The file's SHA-256 must be the one `PROVENANCE.md` lists for it, so an
/// edited expected value fails the suite.
pub fn check_provenance(name: &str) {
    use sha2::{Digest, Sha256};
    let dir = vectors_dir();
    let bytes = std::fs::read(dir.join(name)).expect("vector file");
    let digest = hex::encode(Sha256::digest(&bytes));
    let provenance = std::fs::read_to_string(dir.join("PROVENANCE.md")).expect("PROVENANCE.md");
    let row = provenance
        .lines()
        .find(|l| l.starts_with(&format!("| `{name}` |")))
        .unwrap_or_else(|| panic!("{name} has no row in PROVENANCE.md"));
    assert!(
        row.contains(&format!("`{digest}`")),
        "{name} has sha256 {digest}, not the one PROVENANCE.md lists"
    );
}

pub fn load(name: &str) -> Value {
    let path = vectors_dir().join(name);
    let text =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    serde_json::from_str(&text).expect("vector file is JSON")
}

/// Numbers JSON cannot hold come as `{"$num": "NaN" | "Infinity" | "-Infinity" | "-0"}`.
pub fn num(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::Object(m) => match m.get("$num").and_then(Value::as_str)? {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            "-0" => Some(-0.0),
            _ => None,
        },
        _ => None,
    }
}

pub fn same_number(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a.to_bits() == b.to_bits()
}

pub fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("missing string {key} in {v}"))
}

/// JSON values equal with numbers compared as f64 (as JavaScript holds them).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && json_eq(v1, v2))
        }
        _ => a == b,
    }
}

#[derive(Default)]
struct KindTally {
    run: usize,
    passed: usize,
    rejected: Vec<(String, String)>,
    strict: Vec<(String, String)>,
    not_applicable: Vec<(String, String)>,
    failures: Vec<(String, String)>,
}

/// Per-kind counts: run, passed (reference bytes or reference verdict),
/// rejected by rule (typed `invalid_input`, with ids and reasons), strict
/// (a `quirk` case the reference accepts and Aura rejects, with reasons).
#[derive(Default)]
pub struct Tally {
    kinds: BTreeMap<String, KindTally>,
}

pub enum Outcome {
    Pass,
    /// Rejected by conformance rule 1 (typed API contract).
    RejectedByRule(String),
    /// A `quirk` case: the reference accepts, Aura is strict (rule 2).
    Strict(String),
    /// Cannot be expressed through this API (documented per case).
    NotApplicable(String),
    Fail(String),
}

impl Tally {
    pub fn record(&mut self, kind: &str, id: &str, outcome: Outcome) {
        let k = self.kinds.entry(kind.to_string()).or_default();
        k.run += 1;
        match outcome {
            Outcome::Pass => k.passed += 1,
            Outcome::RejectedByRule(r) => k.rejected.push((id.into(), r)),
            Outcome::Strict(r) => k.strict.push((id.into(), r)),
            Outcome::NotApplicable(r) => k.not_applicable.push((id.into(), r)),
            Outcome::Fail(r) => k.failures.push((id.into(), r)),
        }
    }

    /// Prints the table and panics if any case failed or no case ran.
    pub fn finish(self, file: &str) {
        println!("\n== vectors: {file} ==");
        println!(
            "{:<28} {:>5} {:>7} {:>9} {:>7} {:>5} {:>7}",
            "kind", "run", "passed", "rejected", "strict", "n/a", "failed"
        );
        let mut failures = Vec::new();
        let mut total = 0;
        for (kind, k) in &self.kinds {
            total += k.run;
            println!(
                "{:<28} {:>5} {:>7} {:>9} {:>7} {:>5} {:>7}",
                kind,
                k.run,
                k.passed,
                k.rejected.len(),
                k.strict.len(),
                k.not_applicable.len(),
                k.failures.len()
            );
            for (id, r) in &k.rejected {
                println!("    rejected-by-rule {id}: {r}");
            }
            for (id, r) in &k.strict {
                println!("    strict (quirk)   {id}: {r}");
            }
            for (id, r) in &k.not_applicable {
                println!("    not applicable   {id}: {r}");
            }
            for (id, r) in &k.failures {
                failures.push(format!("{kind} {id}: {r}"));
            }
        }
        assert!(total > 0, "no vector case ran for {file}");
        assert!(
            failures.is_empty(),
            "{} vector case(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

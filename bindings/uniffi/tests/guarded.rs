//! Every exported entry point (`#[uniffi::export]` functions, and every fn of
//! a `#[uniffi::export] impl` block: constructors and methods) runs its body
//! in `errors::guard`, so a panic reaches Kotlin/Swift as
//! `AuraException.Internal` (code `internal`), not as uniffi's own
//! `InternalException` / `UniffiInternalError.rustPanic` — which Swift meets
//! with `try!` in a non-throwing function, a crash. A source scan: it reads
//! `src/*.rs` as rustfmt lays them out.
//!
//! An entry point that returns `Result<…>` must call `guard(` (or a wrapper
//! that does). One that does not return `Result` cannot throw
//! `AuraException` without changing the Kotlin/Swift API (and the generated
//! Swift in swift/Sources), so each such body is either a trivial accessor
//! (`TRIVIAL`: a copy of a field or of a core accessor's value) or named in
//! `NOT_RESULT` with the reason it cannot panic, or in `KNOWN_GAPS`.

use std::collections::BTreeMap;
use std::path::Path;

/// Bodies that return `Result` without calling `guard(` themselves: they
/// chain other entry points, each of which guards (checked below).
const DELEGATING: &[(&str, &[&str])] = &[(
    "cloudfront.rs:CloudFrontSigner.from_pem",
    &[
        "cloudfront.rs:CloudFrontKey.from_pem",
        "cloudfront.rs:CloudFrontSigner.new",
    ],
)];

/// Not `Result`, not a plain accessor; each runs no code that can panic.
const NOT_RESULT: &[(&str, &str)] = &[
    ("errors.rs:all_error_codes", "copies a static list of &str"),
    ("bunny.rs:bunny_default_is_directory", "a match on an enum"),
    (
        "cloudflare_api.rs:cloudflare_default_base_url",
        "copies a constant",
    ),
    (
        "jwt_keys.rs:jwt_algorithm_name",
        "a match on an enum, copied",
    ),
    ("mux.rs:mux_token_name", "a match on an enum, copied"),
    (
        "cloudflare.rs:StreamUrls.iframe",
        "formats the token into a fixed URL",
    ),
    (
        "cloudflare.rs:StreamUrls.hls",
        "formats the token into a fixed URL",
    ),
    (
        "cloudflare.rs:StreamUrls.dash",
        "formats the token into a fixed URL",
    ),
    (
        "cloudflare.rs:StreamUrls.download_mp4",
        "formats the token into a fixed URL",
    ),
    (
        "cloudflare.rs:StreamKey.public_key",
        "copies the key's public half",
    ),
    (
        "cloudfront.rs:CloudFrontKey.public_key",
        "copies the key's public half",
    ),
    (
        "cloudfront.rs:CloudFrontSigner.public_key",
        "copies the key's public half",
    ),
    (
        "cloudfront.rs:CloudFrontKey.with_hash_algorithm",
        "a clone with one field set",
    ),
    ("exchange.rs:Outgoing.headers", "clones name/value pairs"),
    ("jwt_keys.rs:KeyRing.new", "an empty ring"),
    (
        "jwt_keys.rs:KeyRing.verification_secrets",
        "lock (poison-tolerant), clone the secrets",
    ),
    (
        "jwt_keys.rs:KeyRing.list",
        "lock (poison-tolerant), copy the entries",
    ),
    ("secret.rs:SecretText.new", "wraps the string"),
];

/// Entry points that can panic and are not guarded (none; `Exchange.start`
/// was, until it returned `Result<Step>`). This test fails when the list is
/// out of date.
const KNOWN_GAPS: &[&str] = &[];

struct Entry {
    returns_result: bool,
    body: String,
}

fn is_attr(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("#[") || t.starts_with("///") || t.starts_with("//")
}

/// `file:fn` or `file:Type.method` → its signature and body; also the
/// number of exported fns, counted line by line.
fn scan(file: &str, source: &str, out: &mut BTreeMap<String, Entry>) -> usize {
    let lines: Vec<&str> = source.lines().collect();
    let mut declared = 0;
    let add = |key: String, from: usize, to: usize, out: &mut BTreeMap<String, Entry>| {
        let text = lines[from..to].join("\n");
        let sig = text.split_once('{').map_or(text.as_str(), |(s, _)| s);
        let entry = Entry {
            returns_result: sig.contains("-> Result<"),
            body: text.clone(),
        };
        assert!(out.insert(key.clone(), entry).is_none(), "duplicate {key}");
    };
    for (i, line) in lines.iter().enumerate() {
        assert!(
            !line.trim_start().starts_with("#[uniffi::export")
                || line.starts_with("#[uniffi::export"),
            "{file}:{}: an indented #[uniffi::export] (in a macro?) is not scanned",
            i + 1
        );
        if !line.starts_with("#[uniffi::export") {
            continue;
        }
        let mut j = i + 1;
        while is_attr(lines[j]) {
            j += 1;
        }
        let item = lines[j];
        if item.starts_with("pub struct ") || item.starts_with("pub enum ") {
            continue; // Display/Debug exports: see the note at the end of the report
        }
        if let Some(rest) = item.strip_prefix("pub fn ") {
            declared += 1;
            let name = rest.split('(').next().unwrap();
            let end = j + lines[j..].iter().position(|l| *l == "}").unwrap();
            add(format!("{file}:{name}"), j, end, out);
            continue;
        }
        let ty = item
            .strip_prefix("impl ")
            .and_then(|r| r.strip_suffix(" {"))
            .filter(|t| t.chars().all(|c| c.is_alphanumeric() || c == '_'))
            .unwrap_or_else(|| panic!("{file}:{}: unknown exported item {item:?}", j + 1));
        let mut k = j + 1;
        while lines[k] != "}" {
            let l = lines[k];
            let f = l
                .strip_prefix("    pub fn ")
                .or_else(|| l.strip_prefix("    fn "));
            assert!(
                !l.starts_with("    pub async fn ") && !l.starts_with("    async fn "),
                "{file}:{}: async export",
                k + 1
            );
            if let Some(rest) = f {
                declared += 1;
                let name = rest.split('(').next().unwrap();
                let end = k + lines[k..].iter().position(|l| *l == "    }").unwrap();
                add(format!("{file}:{ty}.{name}"), k, end, out);
                k = end;
            }
            k += 1;
        }
    }
    declared
}

/// A zero-argument accessor chain on `self.inner` (or a field of `self`),
/// then at most a copy or a conversion: `self.inner.key_id().to_string()`,
/// `self.inner.kid().map(String::from)`, `self.inner.algorithm().into()`.
fn trivial(body: &str) -> bool {
    let Some((_, inner)) = body.split_once('{') else {
        return false;
    };
    let expr: String = inner.split_whitespace().collect();
    let Some(mut rest) = expr.strip_prefix("self.") else {
        return false;
    };
    let tails = [
        ".to_string()",
        ".map(String::from)",
        ".into()",
        ".clone()",
        ".to_vec()",
        ".map(|k|k.to_vec())",
        "asu64",
    ];
    loop {
        let word = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if word == 0 || rest[..word].starts_with("unwrap") {
            return false;
        }
        rest = &rest[word..];
        rest = rest.strip_prefix("()").unwrap_or(rest);
        if rest.is_empty() || tails.contains(&rest) {
            return true;
        }
        match rest.strip_prefix('.') {
            Some(r) => rest = r,
            None => return false,
        }
    }
}

#[test]
fn every_exported_body_runs_in_guard() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut entries = BTreeMap::new();
    let mut declared = 0;
    let mut files: Vec<_> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut sources = BTreeMap::new();
    for path in files {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&path).unwrap();
        declared += scan(&file, &source, &mut entries);
        sources.insert(file, source);
    }
    assert_eq!(entries.len(), declared, "the scan found every entry point");
    assert!(declared > 150, "only {declared} entry points");
    for name in [
        "errors.rs:throw_error_example",
        "auraimage.rs:AuraImage.new",
        "exchange.rs:Exchange.receive",
        "exchange.rs:Exchange.set_visibility",
        "jwt_keys.rs:KeyRing.add",
    ] {
        assert!(entries.contains_key(name), "{name} not found");
    }

    // Exchange::build runs its closure in guard.
    let exchange = &sources["exchange.rs"];
    let build = exchange.split("fn build(").nth(1).expect("Exchange::build");
    assert!(build[..build.find("\n    }\n").unwrap()].contains("guard(f)"));
    let guarded = |e: &Entry| e.body.contains("guard(") || e.body.contains("Exchange::build(");

    let mut problems = Vec::new();
    for (name, targets) in DELEGATING {
        for t in *targets {
            let short = t.split(':').nth(1).unwrap().replace('.', "::");
            assert!(
                entries[*name].body.contains(&format!("{short}(")),
                "{name} calls {t}"
            );
            assert!(guarded(&entries[*t]), "{name} delegates to unguarded {t}");
        }
    }
    for (name, e) in &entries {
        let delegating = DELEGATING.iter().any(|(n, _)| n == name);
        let listed =
            NOT_RESULT.iter().any(|(n, _)| n == name) || KNOWN_GAPS.contains(&name.as_str());
        let ok = if guarded(e) || delegating {
            !listed
        } else if e.returns_result {
            false
        } else {
            listed != trivial(&e.body)
        };
        if !ok {
            problems.push(name.clone());
        }
    }
    for name in NOT_RESULT
        .iter()
        .map(|(n, _)| *n)
        .chain(KNOWN_GAPS.iter().copied())
    {
        if !entries.contains_key(name) {
            problems.push(format!("{name} (listed, gone)"));
        }
    }
    assert!(
        problems.is_empty(),
        "entry points not in errors::guard, or lists out of date (a trivial accessor needs no \
         listing; a listed one that became guarded or trivial should be dropped): {problems:#?}"
    );
}

#[test]
fn the_trivial_shape_is_narrow() {
    assert!(trivial(
        "pub fn key_id(&self) -> String {\n        self.inner.key_id().to_string()"
    ));
    assert!(trivial(
        "pub fn algorithm(&self) -> A {\n        self.inner.key().hash_algorithm().into()"
    ));
    assert!(trivial(
        "pub fn delay_ms(&self) -> u64 {\n        self.inner.delay_ms"
    ));
    assert!(!trivial(
        "pub fn hls(&self, t: String) -> String {\n        self.inner.hls(&t)"
    ));
    assert!(!trivial(
        "pub fn start(&self) -> Step {\n        step(self.lock().start())"
    ));
    assert!(!trivial(
        "pub fn x(&self) -> u64 {\n        self.inner.x().unwrap()"
    ));
    assert!(!trivial(
        "pub fn x(&self) -> String {\n        self.inner.x()[0].clone()"
    ));
}

//! `aura inspect`: formats `aura_core::inspect`'s report (text or `--json`).
//! All decoding and diagnosis is in the core; this file gathers the
//! credentials and prints.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use serde_json::Value;

use aura_core::inspect::{
    detect_with, inspect, Expectations, Finding, InspectKeys, Kind, Report, Severity, Verdict,
};
use aura_core::Secret;

use crate::clock;
use crate::exit::{invalid, CliError, OK, REFUSED};
use crate::output::{compact, outln, print_json, Verbose};
use crate::secrets;

const AFTER_HELP: &str = "\
Recognises: AuraImage upload and serve tokens and signed URLs
(…/{project}/{transform?}/{name}?token=…), Cloudflare Images signed URLs
(?exp=…&sig=…), Cloudflare Stream tokens and URLs (videodelivery.net/<TOKEN>/…,
customer-<CODE>.cloudflarestream.com/<TOKEN>/…) and general JWTs.

Without --secret/--key (or their -file/-stdin forms) the secret is taken from
the environment variable for what the input is: AURA_SECRET_KEY (upload
tokens), AURA_SERVE_SECRET (serve tokens and URLs), IMAGES_SIGNING_KEY (Images
URLs), STREAM_KEY (Stream), AURA_JWT_KEY (JWT). Without any, the input is
decoded and its times checked, and the signature is reported as not checked.

Exit: 0 valid (or not refused, signature not checked), 1 would be refused,
3 a secret or key that cannot be used, 4 a file that cannot be read.";

/// Decode a token or signed URL and explain why it would be refused, or until when it is valid.
#[derive(Args)]
#[command(after_help = AFTER_HELP)]
pub struct InspectArgs {
    /// The URL or token ("-" reads it from stdin).
    pub input: String,
    /// A secret to check the signature with; repeat for rotation. Visible to other users in the
    /// process list: prefer --secret-file, --secret-stdin or the environment.
    #[arg(long, value_name = "SECRET", allow_hyphen_values = true)]
    pub secret: Vec<String>,
    /// Read a secret from this file (repeatable).
    #[arg(long, value_name = "PATH")]
    pub secret_file: Vec<PathBuf>,
    /// Read a secret from stdin.
    #[arg(long, conflicts_with = "key_stdin")]
    pub secret_stdin: bool,
    /// Key text for Stream and asymmetric JWTs (PEM, JWK, JWKS, Cloudflare's base64 pem/jwk);
    /// repeatable. Prefer --key-file.
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    pub key: Vec<String>,
    /// Read key text from this file (repeatable).
    #[arg(long, value_name = "PATH")]
    pub key_file: Vec<PathBuf>,
    /// Read key text from stdin.
    #[arg(long)]
    pub key_stdin: bool,
    /// The id of a key given as PEM (which carries none) [default: assume the token's kid].
    #[arg(long, value_name = "ID")]
    pub key_id: Option<String>,
    /// On a signature mismatch, print the whole signature the given secret
    /// would produce (default: its first 8 characters). That value is a valid
    /// signature for this input: never paste it where others can read it.
    #[arg(long)]
    pub reveal_expected: bool,
    /// Check as if the clock read this Unix time in seconds [default: the system clock].
    #[arg(long, value_name = "UNIX_SECONDS", allow_hyphen_values = true)]
    pub now: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
    /// The project a serve token must be for [default: read from the URL path].
    #[arg(long, value_name = "PROJECT", requires = "expect_name")]
    pub expect_project: Option<String>,
    /// The image name a serve token must be for [default: read from the URL path].
    #[arg(long, value_name = "NAME", requires = "expect_project")]
    pub expect_name: Option<String>,
    /// The video UID a Stream token must be for (its sub).
    #[arg(long, value_name = "ID")]
    pub video_id: Option<String>,
}

/// The environment variable holding the secret for a kind.
fn env_for(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::UploadToken => Some("AURA_SECRET_KEY"),
        Kind::ServeToken | Kind::AuraImageUrl => Some("AURA_SERVE_SECRET"),
        Kind::ImagesUrl => Some("IMAGES_SIGNING_KEY"),
        Kind::StreamToken | Kind::StreamUrl => Some("STREAM_KEY"),
        Kind::Jwt => Some("AURA_JWT_KEY"),
        Kind::CloudFrontUrl => Some("CLOUDFRONT_PUBLIC_KEY"),
        Kind::GoogleCdnUrl => Some("GOOGLE_CDN_KEY"),
        Kind::MuxToken => Some("MUX_SIGNING_KEY"),
        Kind::ImgixUrl => Some("IMGIX_TOKEN"),
        Kind::BunnyUrl => Some("BUNNY_TOKEN_KEY"),
        Kind::AkamaiToken => Some("AKAMAI_EDGEAUTH_KEY"),
        Kind::Unknown => None,
    }
}

fn hint(kind: Kind) -> String {
    let flags = match kind {
        Kind::StreamToken | Kind::StreamUrl | Kind::CloudFrontUrl | Kind::MuxToken => {
            "--key, --key-file or --key-stdin"
        }
        _ => "--secret, --secret-file or --secret-stdin",
    };
    match env_for(kind) {
        Some(var) => format!("pass {flags}, or set {var}"),
        None => format!("pass {flags}"),
    }
}

/// Credentials in flag order, with where each came from (never the value).
fn credentials(
    a: &InspectArgs,
    kind: Kind,
    verbose: Verbose,
) -> Result<(Vec<Secret>, Vec<String>), CliError> {
    let mut out = Vec::new();
    let mut sources = Vec::new();
    for s in &a.secret {
        out.push(Secret::new(s.as_str()));
        sources.push("--secret".to_string());
    }
    for path in &a.secret_file {
        out.push(secrets::read_file(path, "--secret-file")?);
        sources.push(format!("--secret-file {}", path.display()));
    }
    if a.secret_stdin {
        out.push(secrets::read_stdin("--secret-stdin")?);
        sources.push("--secret-stdin".into());
    }
    for k in &a.key {
        out.push(Secret::new(k.as_str()));
        sources.push("--key".into());
    }
    for path in &a.key_file {
        out.push(secrets::read_file(path, "--key-file")?);
        sources.push(format!("--key-file {}", path.display()));
    }
    if a.key_stdin {
        out.push(secrets::read_stdin("--key-stdin")?);
        sources.push("--key-stdin".into());
    }
    if out.is_empty() {
        if let Some(var) = env_for(kind) {
            if let Some(secret) = secrets::from_env(var) {
                out.push(secret);
                sources.push(format!("${var}"));
            }
        }
    }
    for (source, secret) in sources.iter().zip(&out) {
        verbose.say(format_args!(
            "credential from {source} ({} bytes)",
            secret.expose().len()
        ));
    }
    Ok((out, sources))
}

pub fn run(a: InspectArgs, verbose: Verbose) -> Result<ExitCode, CliError> {
    let now = clock::resolve(a.now.as_deref(), verbose)?;
    let input = if a.input == "-" {
        if a.secret_stdin || a.key_stdin {
            return Err(invalid(
                "stdin cannot hold both the input and a secret: use a -file flag for one",
            ));
        }
        secrets::read_stdin("input")?.expose().trim().to_string()
    } else {
        a.input.trim().to_string()
    };
    let expect = Expectations {
        project: a.expect_project.clone(),
        name: a.expect_name.clone(),
        video_id: a.video_id.clone(),
    };
    let kind = detect_with(&input, &expect);
    verbose.say(format_args!("detected: {}", kind.label()));
    let (credentials, sources) = credentials(&a, kind, verbose)?;
    let mut keys = InspectKeys::new(credentials, a.key_id.clone());
    keys.reveal_expected = a.reveal_expected;
    let report = inspect(&input, &keys, &expect, now)?;
    if a.json {
        let mut value = serde_json::to_value(&report).expect("reports serialise");
        value["now"] = Value::from(now);
        value["checked_with"] = Value::from(sources);
        print_json(&value);
    } else {
        print_text(&report, &sources);
    }
    Ok(ExitCode::from(if report.verdict.is_refused() {
        REFUSED
    } else {
        OK
    }))
}

fn when(report: &Report, until: Option<i64>) -> String {
    match until.and_then(|u| {
        report
            .times
            .iter()
            .find(|t| t.unix == u && t.claim == "exp")
    }) {
        Some(t) => format!("{} ({})", t.iso, t.relative),
        None => "no expiry".into(),
    }
}

/// Whether the text output shows a finding: the verdict line repeats the
/// deciding error, and the signature line says when nothing was checked.
fn shown(f: &Finding, verdict: &Verdict) -> bool {
    match (f.severity, verdict) {
        (Severity::Error, Verdict::Refused { reason, .. }) => f.message != *reason,
        (Severity::Info, _) => !f.message.starts_with("signature not checked"),
        _ => true,
    }
}

fn print_text(report: &Report, sources: &[String]) {
    outln!("{}", report.kind.label());
    if let Value::Object(decoded) = &report.decoded {
        for (key, value) in decoded {
            match value {
                Value::Object(parts) if key == "url" => {
                    outln!("  url:");
                    for (k, v) in parts {
                        let text = v.as_str().map_or_else(|| compact(v), String::from);
                        outln!("    {k:<14} {text}");
                    }
                }
                Value::String(s) => outln!("  {key:<16} {s}"),
                other => outln!("  {key:<16} {}", compact(other)),
            }
        }
    }
    for t in &report.times {
        outln!(
            "  {:<16} {} ({}) [{}]",
            t.claim,
            t.iso,
            t.relative,
            compact(&t.value)
        );
    }
    if report.signature_checked {
        outln!("  {:<16} checked with {}", "signature", sources.join(", "));
    } else if report.kind != Kind::Unknown {
        outln!("  {:<16} not checked ({})", "signature", hint(report.kind));
    }
    let findings: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| shown(f, &report.verdict))
        .collect();
    if !findings.is_empty() {
        outln!();
    }
    for f in findings {
        let label = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "note",
        };
        match f.code {
            Some(code) => outln!("  {label}[{code}]: {}", f.message),
            None => outln!("  {label}: {}", f.message),
        }
    }
    outln!();
    match &report.verdict {
        Verdict::Valid { until } => outln!("valid until {}", when(report, *until)),
        Verdict::Refused { code, reason } => outln!("refused [{code}]: {reason}"),
        Verdict::Unchecked { until } => outln!(
            "signature not checked ({}); otherwise valid until {}",
            hint(report.kind),
            when(report, *until)
        ),
    }
}

//! `aura sign cloudfront-url | cloudfront-cookies | google-cdn-url |
//! media-cdn-url | mux | imgix | bunny | akamai`: the six more CDNs of the
//! core, each signing with the vendor's bytes (see the README's "More CDNs").
//! Keys come from the environment, `--key-file` or `--key-stdin`, never a flag.

use clap::Args;
use serde_json::{json, Value};

use aura_core::akamai::{EdgeAuthAlgorithm, EdgeAuthOptions, EdgeAuthSigner};
use aura_core::bunny::{BunnyOptions, BunnySigner, BunnyStyle};
use aura_core::cloudfront::{
    CloudFrontKey, CloudFrontSigner, CloudFrontStyle, Conditions, HashAlgorithm,
};
use aura_core::google_cdn::{CloudCdnSigner, MediaCdnSigner};
use aura_core::imgix::{ImgixClient, ImgixClientOptions, ImgixStyle, ImgixValue};
use aura_core::mux::{Expiration, MuxSigner, MuxTokenOptions, PlaybackType};

use crate::clock;
use crate::exit::{invalid, CliError};
use crate::output::{print_json, Verbose};
use crate::secrets::KeySource;
use crate::sign::Common;

/// Seconds from now, or an absolute Unix time.
#[derive(Args)]
pub struct Expiry {
    /// Seconds until the URL or token expires [default: 3600].
    #[arg(long, value_name = "SECONDS", conflicts_with = "expires_at")]
    pub expires_in: Option<i64>,
    /// The Unix time it expires at.
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub expires_at: Option<i64>,
}

impl Expiry {
    fn at(&self, now: i64) -> i64 {
        self.expires_at
            .unwrap_or_else(|| now.saturating_add(self.expires_in.unwrap_or(3600)))
    }
}

#[derive(Args)]
pub struct CloudFrontArgs {
    /// The URL (or, for cookies, the resource; `*` wildcards allowed with a custom policy).
    pub url: String,
    /// The CloudFront public key id (Key-Pair-Id).
    #[arg(long, value_name = "ID")]
    pub key_pair_id: String,
    /// SHA1 (CloudFront's original key pairs) or SHA256.
    #[arg(long, value_name = "SHA1|SHA256", default_value = "SHA1")]
    pub hash: String,
    /// default (signs exactly the URL it returns), aws-js or botocore.
    #[arg(long, default_value = "default")]
    pub style: String,
    #[command(flatten)]
    pub expiry: Expiry,
    /// Valid only after this Unix time (custom policy).
    #[arg(long, value_name = "UNIX_SECONDS")]
    pub starts_at: Option<i64>,
    /// Only for this IPv4 address or CIDR (custom policy).
    #[arg(long, value_name = "CIDR")]
    pub ip: Option<String>,
    #[command(flatten)]
    pub key: KeySource,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args)]
pub struct GoogleCdnArgs {
    /// The URL to sign.
    pub url: String,
    /// The key's name as configured on the backend service / keyset.
    #[arg(long, value_name = "NAME")]
    pub key_name: String,
    /// Sign this URL prefix instead of the one URL (URLPrefix=…).
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
    #[command(flatten)]
    pub expiry: Expiry,
    #[command(flatten)]
    pub key: KeySource,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args)]
pub struct MuxArgs {
    /// The playback id.
    pub playback_id: String,
    /// The signing key id (the JWT kid).
    #[arg(long, value_name = "ID")]
    pub key_id: String,
    /// video, thumbnail, gif, storyboard, stats, drm_license.
    #[arg(long = "type", default_value = "video")]
    pub token_type: String,
    /// mux-node's expiration: seconds, or a span such as 7d, 12h, 30m [default: 7d].
    #[arg(long, value_name = "SPAN")]
    pub expiration: Option<String>,
    /// An extra claim NAME=VALUE (VALUE as JSON when it parses, else text); repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    #[command(flatten)]
    pub key: KeySource,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args)]
pub struct ImgixArgs {
    /// The image path (or a full URL for a web proxy source).
    pub path: String,
    /// The imgix source domain (example.imgix.net).
    #[arg(long)]
    pub domain: String,
    /// A parameter NAME=VALUE; repeatable, in order.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// js (@imgix/js-core) or python (imgix).
    #[arg(long, default_value = "js")]
    pub style: String,
    #[command(flatten)]
    pub key: KeySource,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args)]
pub struct BunnyArgs {
    /// The URL to sign.
    pub url: String,
    #[command(flatten)]
    pub expiry: Expiry,
    /// Lock the token to this viewer IP (IPv6: its /64).
    #[arg(long, value_name = "IP")]
    pub ip: Option<String>,
    /// Put the token in the path (for HLS and other relative URLs).
    #[arg(long)]
    pub directory: bool,
    /// Sign this path prefix instead of the URL's path.
    #[arg(long, value_name = "PATH")]
    pub path_allowed: Option<String>,
    /// Comma-separated country codes allowed.
    #[arg(long, value_name = "CODES")]
    pub countries_allowed: Option<String>,
    /// Comma-separated country codes blocked.
    #[arg(long, value_name = "CODES")]
    pub countries_blocked: Option<String>,
    /// default, node, python, go, rust or php (the official signers' bytes).
    #[arg(long, default_value = "default")]
    pub style: String,
    #[command(flatten)]
    pub key: KeySource,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args)]
pub struct AkamaiArgs {
    /// The URL path to sign (a URL token), unless --acl is given.
    #[arg(required_unless_present = "acl")]
    pub url: Option<String>,
    /// An ACL pattern (`*` and `?` wildcards) for an ACL token; repeatable.
    #[arg(long, value_name = "PATTERN", conflicts_with = "url")]
    pub acl: Vec<String>,
    /// Seconds the token is valid from now [default: 3600].
    #[arg(long, value_name = "SECONDS")]
    pub window: Option<i64>,
    /// sha256, sha1 or md5.
    #[arg(long, default_value = "sha256")]
    pub algorithm: String,
    /// Lock the token to this viewer IP.
    #[arg(long, value_name = "IP")]
    pub ip: Option<String>,
    /// The session id field.
    #[arg(long, value_name = "ID")]
    pub session_id: Option<String>,
    #[command(flatten)]
    pub key: KeySource,
    #[command(flatten)]
    pub common: Common,
}

/// The bare result, or `--json`'s object.
fn emit(json: bool, bare: &str, object: Value) {
    if json {
        print_json(&object);
    } else {
        crate::output::outln!("{bare}");
    }
}

fn pairs(values: &[String]) -> Result<Vec<(String, String)>, CliError> {
    values
        .iter()
        .map(|p| {
            p.split_once('=')
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .ok_or_else(|| invalid(format!("--param must be NAME=VALUE, got {p:?}")))
        })
        .collect()
}

pub fn cloudfront(a: CloudFrontArgs, cookies: bool, verbose: Verbose) -> Result<(), CliError> {
    let now = clock::resolve(a.common.now.as_deref(), verbose)?;
    let hash = HashAlgorithm::parse(&a.hash)?;
    let style = CloudFrontStyle::parse(&a.style)?;
    let conditions = Conditions {
        date_less_than: a.expiry.at(now),
        date_greater_than: a.starts_at,
        ip_address: a.ip.clone(),
    };
    let key = a.key.load("CLOUDFRONT_PRIVATE_KEY", verbose)?;
    let signer = CloudFrontSigner::new(
        CloudFrontKey::from_pem(key.expose(), &a.key_pair_id, hash)?,
        style,
    )?;
    if cookies {
        let signed = signer.sign_cookies(&a.url, &conditions, now)?;
        verbose.say(format_args!("policy = {}", signed.policy_json));
        let lines: Vec<String> = signed
            .pairs()
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let object: serde_json::Map<String, Value> = signed
            .pairs()
            .iter()
            .map(|(k, v)| (k.to_string(), Value::from(v.to_string())))
            .collect();
        emit(
            a.common.json,
            &lines.join("\n"),
            json!({"cookies": object, "policy": signed.policy_json}),
        );
    } else {
        let signed = signer.sign_url(&a.url, &conditions, now)?;
        verbose.say(format_args!("policy = {}", signed.policy));
        emit(
            a.common.json,
            &signed.url,
            json!({"url": signed.url, "policy": signed.policy, "canned": signed.canned, "expires": conditions.date_less_than}),
        );
    }
    Ok(())
}

pub fn google_cdn(a: GoogleCdnArgs, media: bool, verbose: Verbose) -> Result<(), CliError> {
    let now = clock::resolve(a.common.now.as_deref(), verbose)?;
    let expires = a.expiry.at(now);
    let env = if media {
        "MEDIA_CDN_KEY"
    } else {
        "GOOGLE_CDN_KEY"
    };
    let key = a.key.load(env, verbose)?;
    let signed =
        match (media, a.prefix.as_deref()) {
            (false, None) => {
                CloudCdnSigner::new(&a.key_name, key.expose())?.sign_url(&a.url, expires)?
            }
            (false, Some(p)) => CloudCdnSigner::new(&a.key_name, key.expose())?
                .sign_url_prefix(&a.url, p, expires)?,
            (true, None) => {
                MediaCdnSigner::new(&a.key_name, key.expose())?.sign_url(&a.url, expires)?
            }
            (true, Some(p)) => MediaCdnSigner::new(&a.key_name, key.expose())?
                .sign_url_prefix(&a.url, p, expires)?,
        };
    verbose.say(format_args!("string to sign = {}", signed.string_to_sign));
    emit(
        a.common.json,
        &signed.value,
        json!({"url": signed.value, "expires": expires, "string_to_sign": signed.string_to_sign}),
    );
    Ok(())
}

pub fn mux(a: MuxArgs, verbose: Verbose) -> Result<(), CliError> {
    let now = clock::resolve(a.common.now.as_deref(), verbose)?;
    let token_type = PlaybackType::parse(&a.token_type)?;
    let mut options = MuxTokenOptions::new();
    if let Some(e) = a.expiration {
        options = options.expiration(match e.parse::<f64>() {
            Ok(seconds) => Expiration::Seconds(seconds),
            Err(_) => Expiration::Span(e),
        });
    }
    for (name, value) in pairs(&a.params)? {
        let value = serde_json::from_str::<Value>(&value).unwrap_or(Value::String(value));
        options = options.param(&name, value);
    }
    let key = a.key.load("MUX_SIGNING_KEY", verbose)?;
    let signer = MuxSigner::from_key_text(&a.key_id, key.expose())?;
    let token = signer.sign_playback_id(&a.playback_id, token_type, &options, now)?;
    emit(
        a.common.json,
        &token,
        json!({"token": token, "kid": a.key_id, "type": a.token_type}),
    );
    Ok(())
}

pub fn imgix(a: ImgixArgs, verbose: Verbose) -> Result<(), CliError> {
    let style = ImgixStyle::parse(&a.style)?;
    let key = a.key.load("IMGIX_TOKEN", verbose)?;
    let client = ImgixClient::new(
        &a.domain,
        Some(key.expose()),
        ImgixClientOptions {
            style,
            use_https: true,
            include_library_param: false,
        },
    )?;
    let params: Vec<(String, ImgixValue)> = pairs(&a.params)?
        .into_iter()
        .map(|(k, v)| (k, ImgixValue::Text(v)))
        .collect();
    let url = client.build_url(&a.path, &params, false)?;
    emit(
        a.common.json,
        &url,
        json!({"url": url, "style": style.as_str()}),
    );
    Ok(())
}

pub fn bunny(a: BunnyArgs, verbose: Verbose) -> Result<(), CliError> {
    let now = clock::resolve(a.common.now.as_deref(), verbose)?;
    let options = BunnyOptions {
        style: BunnyStyle::parse(&a.style)?,
        expiration_time: a.expiry.expires_in.unwrap_or(3600),
        expires_at: a.expiry.expires_at,
        user_ip: a.ip,
        directory: a.directory,
        path_allowed: a.path_allowed,
        countries_allowed: a.countries_allowed,
        countries_blocked: a.countries_blocked,
        ..BunnyOptions::default()
    };
    let key = a.key.load("BUNNY_TOKEN_KEY", verbose)?;
    let signed = BunnySigner::new(key.expose())?.sign(&a.url, &options, now)?;
    verbose.say(format_args!(
        "signed path = {}, signing data = {}",
        signed.signature_path, signed.signing_data
    ));
    emit(
        a.common.json,
        &signed.url,
        json!({"url": signed.url, "token": signed.token, "expires": signed.expires}),
    );
    Ok(())
}

pub fn akamai(a: AkamaiArgs, verbose: Verbose) -> Result<(), CliError> {
    let now = clock::resolve(a.common.now.as_deref(), verbose)?;
    let options = EdgeAuthOptions {
        ip: a.ip,
        window_seconds: Some(a.window.unwrap_or(3600)),
        session_id: a.session_id,
        ..EdgeAuthOptions::default()
    };
    let key = a.key.load("AKAMAI_EDGEAUTH_KEY", verbose)?;
    let signer = EdgeAuthSigner::new(key.expose(), EdgeAuthAlgorithm::parse(&a.algorithm)?)?;
    let token = match a.url.as_deref() {
        Some(url) => signer.url_token(url, &options, now)?,
        None => signer.acl_token(&a.acl, &options, now)?,
    };
    verbose.say(format_args!("string to sign = {}", token.string_to_sign));
    emit(
        a.common.json,
        &token.token,
        json!({"token": token.token, "expires": token.expires}),
    );
    Ok(())
}

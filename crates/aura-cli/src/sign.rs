//! `aura sign …`: every signing operation of the core, reproducible with `--now`.

use clap::{Args, Subcommand};
use serde_json::{json, Map, Value};

use aura_core::auraimage::{split_token, AuraImage, SizeInput, UploadOptions};
use aura_core::images::{ImagesMode, ImagesSigner};
use aura_core::jwt::{encode, Algorithm, JwtKey};
use aura_core::stream::{
    AccessRule, StreamHost, StreamKey, StreamSigner, StreamStyle, StreamTokenOptions, StreamUrls,
    ThumbnailFormat, DEFAULT_LIFETIME,
};

use crate::clock;
use crate::exit::{invalid, CliError};
use crate::output::{compact, outln, print_json, Verbose};
use crate::secrets::{KeySource, SecretKeySource, ServeSecretSource};
use crate::sign_cdn::{
    self, AkamaiArgs, BunnyArgs, CloudFrontArgs, GoogleCdnArgs, ImgixArgs, MuxArgs,
};

#[derive(Subcommand)]
pub enum SignCommand {
    /// An AuraImage upload token (the X-Aura-Signature header), signed with the project's secret key.
    #[command(
        after_help = "Secret key: $AURA_SECRET_KEY, --secret-key-file or --secret-key-stdin.\n\
Example:\n  AURA_SECRET_KEY=sk_live_… aura sign upload --project demo --max-size 10mb --expires-in 600"
    )]
    Upload(UploadArgs),
    /// An AuraImage signed URL (getSignedUrl): {cdn}/{project}/{name}?token=…
    #[command(
        after_help = "Serve secret: $AURA_SERVE_SECRET, --serve-secret-file or --serve-secret-stdin.\n\
Example:\n  AURA_SERVE_SECRET=psk_live_… aura sign url blog/hero --project demo --expires-in 600"
    )]
    Url(UrlArgs),
    /// A Cloudflare Images signed delivery URL (?exp=…&sig=…).
    #[command(
        after_help = "Signing key: $IMAGES_SIGNING_KEY, --key-file or --key-stdin. The key is used as text, \
exactly as the dashboard shows it.\n\
Example:\n  IMAGES_SIGNING_KEY=… aura sign images-url https://imagedelivery.net/<hash>/<id>/public --expires-in 3600"
    )]
    ImagesUrl(ImagesUrlArgs),
    /// A Cloudflare Stream signed-URL token (RS256).
    #[command(
        after_help = "Signing key: $STREAM_KEY, --key-file or --key-stdin, in any format Cloudflare hands out \
(the API's base64 `pem` or `jwk`, a PKCS#1/PKCS#8 PEM, a JWK).\n\
Example:\n  STREAM_KEY=$(jq -r .pem key.json) aura sign stream-token <video-uid> --key-id <id> --urls"
    )]
    StreamToken(StreamTokenArgs),
    /// A general JWT (HS256, RS256, ES256, EdDSA).
    #[command(
        after_help = "Key: $AURA_JWT_KEY, --key-file or --key-stdin: an HS256 secret (at least 32 bytes) \
or a PEM/JWK private key of the algorithm's type.\n\
Example:\n  aura sign jwt --alg EdDSA --key-file ed25519.pem --claims '{\"sub\":\"me\"}' --expires-in 300"
    )]
    Jwt(JwtArgs),
    /// An AWS CloudFront signed URL (canned or custom policy).
    #[command(
        after_help = "Private key (PKCS#1 or PKCS#8 PEM): $CLOUDFRONT_PRIVATE_KEY, --key-file or --key-stdin.\n\
Example:\n  aura sign cloudfront-url https://d111.cloudfront.net/a.mp4 --key-pair-id K2JCJMDEHXQW5F --key-file pk.pem --expires-in 600"
    )]
    CloudfrontUrl(CloudFrontArgs),
    /// AWS CloudFront signed cookies (CloudFront-Policy or -Expires, -Signature, -Key-Pair-Id).
    #[command(after_help = "Private key: $CLOUDFRONT_PRIVATE_KEY, --key-file or --key-stdin.")]
    CloudfrontCookies(CloudFrontArgs),
    /// A Google Cloud CDN signed URL (HMAC-SHA1), or URL prefix with --prefix.
    #[command(
        after_help = "Key (base64url, as `gcloud compute sign-url` takes it): $GOOGLE_CDN_KEY, --key-file or --key-stdin."
    )]
    GoogleCdnUrl(GoogleCdnArgs),
    /// A Google Media CDN signed URL (Ed25519), or URL prefix with --prefix.
    #[command(
        after_help = "Key (the base64 Ed25519 seed): $MEDIA_CDN_KEY, --key-file or --key-stdin."
    )]
    MediaCdnUrl(GoogleCdnArgs),
    /// A Mux signed playback token (the bytes of @mux/mux-node).
    #[command(
        after_help = "Signing key (the dashboard's base64 PEM, or a PEM): $MUX_SIGNING_KEY, --key-file or --key-stdin."
    )]
    Mux(MuxArgs),
    /// An imgix signed URL (s=…).
    #[command(after_help = "Secure URL token: $IMGIX_TOKEN, --key-file or --key-stdin.")]
    Imgix(ImgixArgs),
    /// A Bunny CDN token-authenticated URL (HS256-…).
    #[command(after_help = "Security key: $BUNNY_TOKEN_KEY, --key-file or --key-stdin.")]
    Bunny(BunnyArgs),
    /// An Akamai EdgeAuth token (URL or ACL).
    #[command(after_help = "Key (hex): $AKAMAI_EDGEAUTH_KEY, --key-file or --key-stdin.")]
    Akamai(AkamaiArgs),
}

/// Flags every sign command takes.
#[derive(Args)]
pub struct Common {
    /// Sign as if the clock read this Unix time in seconds [default: the system clock].
    #[arg(long, value_name = "UNIX_SECONDS", allow_hyphen_values = true)]
    pub now: Option<String>,
    /// Print a JSON object (the result and its expiry) instead of the bare result.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct UploadArgs {
    /// The project the token is for (payload projectName).
    #[arg(long, env = "AURA_PROJECT")]
    pub project: String,
    /// Largest accepted upload: bytes, or a size such as 500kb, 10mb, 1.5gb [default: 30mb].
    #[arg(long, value_name = "SIZE")]
    pub max_size: Option<String>,
    /// Accepted MIME types; repeat or separate with commas [default: image/*].
    #[arg(long, value_name = "TYPE", value_delimiter = ',')]
    pub allowed_types: Vec<String>,
    /// Seconds until the token expires [default: 3600].
    #[arg(long, value_name = "SECONDS")]
    pub expires_in: Option<String>,
    /// Visibility of the uploaded image: public or private.
    #[arg(long, value_name = "public|private")]
    pub visibility: Option<String>,
    /// The image name to store the upload under (extension-less, may contain /).
    #[arg(long)]
    pub name: Option<String>,
    /// Replace an existing image of that name (`--overwrite` or `--overwrite=false`).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub overwrite: Option<String>,
    #[command(flatten)]
    pub secret: SecretKeySource,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args)]
pub struct UrlArgs {
    /// The image name (extension-less, may contain /).
    pub name: String,
    /// The project (as in the serve token's p).
    #[arg(long, env = "AURA_PROJECT")]
    pub project: String,
    /// The CDN base URL.
    #[arg(
        long,
        value_name = "URL",
        env = "AURA_CDN_URL",
        default_value = "https://cdn.auraimage.ai"
    )]
    pub cdn_url: String,
    /// Seconds until the URL expires: floored, clamped to 60..=604800 [default: 3600].
    #[arg(long, value_name = "SECONDS")]
    pub expires_in: Option<String>,
    #[command(flatten)]
    pub secret: ServeSecretSource,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args)]
pub struct ImagesUrlArgs {
    /// The delivery URL: https://imagedelivery.net/<hash>/<id>/<variant> or a custom-domain /cdn-cgi/imagedelivery/… URL.
    pub url: String,
    /// Seconds until the URL expires [default: 3600].
    #[arg(long, value_name = "SECONDS")]
    pub expires_in: Option<String>,
    /// default: drop existing exp/sig, sign custom domains over the account path, refuse flexible
    /// variants; worker: byte for byte what Cloudflare's docs Worker produces.
    #[arg(long, value_name = "default|worker", default_value = "default")]
    pub mode: String,
    #[command(flatten)]
    pub key: KeySource,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args)]
pub struct StreamTokenArgs {
    /// The video (or live input) UID: the token's sub.
    pub video_id: String,
    /// The signing key's id (32 hex digits); needed unless the key is a JWK with kid.
    #[arg(long, value_name = "ID")]
    pub key_id: Option<String>,
    /// Whose bytes to produce: cloudflare (the docs Worker), jsonwebtoken, jsonwebtoken-claims-kid, go-jose.
    #[arg(long, value_name = "STYLE", default_value = "cloudflare")]
    pub style: String,
    /// Seconds until the token expires [default: 3600; above 86400 needs --allow-long-lifetime].
    #[arg(long, value_name = "SECONDS")]
    pub expires_in: Option<String>,
    /// Not valid before this Unix time (seconds).
    #[arg(long, value_name = "UNIX_SECONDS", allow_hyphen_values = true)]
    pub nbf: Option<String>,
    /// Allow /downloads/ (`--downloadable` or `--downloadable=false`).
    #[arg(long, value_name = "BOOL", num_args = 0..=1, require_equals = true, default_missing_value = "true")]
    pub downloadable: Option<String>,
    /// An access rule as JSON, e.g. '{"type":"ip.geoip.country","action":"allow","country":["GB"]}';
    /// repeat it, or pass a JSON array. At most 5; the first match decides.
    #[arg(long, value_name = "JSON")]
    pub access_rule: Vec<String>,
    /// Allow lifetimes above Cloudflare's documented 24 h.
    #[arg(long)]
    pub allow_long_lifetime: bool,
    /// Also print the HLS, DASH, iframe and thumbnail URLs carrying the token.
    #[arg(long)]
    pub urls: bool,
    /// Customer code for customer-<CODE>.cloudflarestream.com URLs [default: videodelivery.net].
    #[arg(long, value_name = "CODE")]
    pub customer_code: Option<String>,
    #[command(flatten)]
    pub key: KeySource,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args)]
pub struct JwtArgs {
    /// HS256, RS256, ES256 or EdDSA; the key must be of that type.
    #[arg(long, value_name = "ALG")]
    pub alg: String,
    /// The claims, a JSON object, serialised in its own member order.
    #[arg(long, value_name = "JSON", default_value = "{}")]
    pub claims: String,
    /// The key id for the header's kid.
    #[arg(long, value_name = "ID")]
    pub kid: Option<String>,
    /// Set exp = now + SECONDS (and iat = now unless the claims have one).
    #[arg(long, value_name = "SECONDS")]
    pub expires_in: Option<String>,
    #[command(flatten)]
    pub key: KeySource,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(command: SignCommand, verbose: Verbose) -> Result<(), CliError> {
    match command {
        SignCommand::Upload(a) => upload(a, verbose),
        SignCommand::Url(a) => url(a, verbose),
        SignCommand::ImagesUrl(a) => images_url(a, verbose),
        SignCommand::StreamToken(a) => stream_token(a, verbose),
        SignCommand::Jwt(a) => jwt(a, verbose),
        SignCommand::CloudfrontUrl(a) => sign_cdn::cloudfront(a, false, verbose),
        SignCommand::CloudfrontCookies(a) => sign_cdn::cloudfront(a, true, verbose),
        SignCommand::GoogleCdnUrl(a) => sign_cdn::google_cdn(a, false, verbose),
        SignCommand::MediaCdnUrl(a) => sign_cdn::google_cdn(a, true, verbose),
        SignCommand::Mux(a) => sign_cdn::mux(a, verbose),
        SignCommand::Imgix(a) => sign_cdn::imgix(a, verbose),
        SignCommand::Bunny(a) => sign_cdn::bunny(a, verbose),
        SignCommand::Akamai(a) => sign_cdn::akamai(a, verbose),
    }
}

fn number(flag: &str, text: &str) -> Result<f64, CliError> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .ok_or_else(|| invalid(format!("{flag} must be a number, got {text:?}")))
}

fn whole(flag: &str, text: &str) -> Result<i64, CliError> {
    text.trim()
        .parse::<i64>()
        .map_err(|_| invalid(format!("{flag} must be a whole number, got {text:?}")))
}

fn boolean(flag: &str, text: &str) -> Result<bool, CliError> {
    match text {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(invalid(format!(
            "{flag} must be true or false, got {text:?}"
        ))),
    }
}

/// The result alone, or `--json`'s object.
fn emit(json: bool, bare: &str, object: Value) {
    if json {
        print_json(&object);
    } else {
        outln!("{bare}");
    }
}

fn upload(a: UploadArgs, verbose: Verbose) -> Result<(), CliError> {
    let now = clock::resolve(a.common.now.as_deref(), verbose)?;
    let options = UploadOptions {
        max_size: a.max_size.map(SizeInput::Text),
        allowed_types: (!a.allowed_types.is_empty()).then_some(a.allowed_types),
        expires_in: a
            .expires_in
            .as_deref()
            .map(|t| number("--expires-in", t))
            .transpose()?,
        project_name: None,
        visibility: a.visibility,
        name: a.name,
        overwrite: a
            .overwrite
            .as_deref()
            .map(|t| boolean("--overwrite", t))
            .transpose()?,
    };
    let secret = a.secret.load(verbose)?;
    let token =
        AuraImage::new(secret.expose(), &a.project, None, None)?.sign_upload(&options, now)?;
    let payload = Value::Object(split_token(&token)?.payload);
    verbose.say(format_args!("payload = {}", compact(&payload)));
    emit(
        a.common.json,
        &token,
        json!({"token": token, "exp": payload["exp"], "payload": payload}),
    );
    Ok(())
}

/// `getSignedUrl` needs no upload secret; the constructor wants a non-empty one.
const UNUSED_UPLOAD_SECRET: &str = "unused: getSignedUrl signs with the serve secret";

fn url(a: UrlArgs, verbose: Verbose) -> Result<(), CliError> {
    let now = clock::resolve(a.common.now.as_deref(), verbose)?;
    let expires_in = a
        .expires_in
        .as_deref()
        .map(|t| number("--expires-in", t))
        .transpose()?;
    let secret = a.secret.load(verbose)?;
    let aura = AuraImage::new(
        UNUSED_UPLOAD_SECRET,
        &a.project,
        Some(secret.expose()),
        Some(&a.cdn_url),
    )?;
    let url = aura.get_signed_url(&a.name, expires_in, None, now)?;
    let token = url
        .rsplit_once("?token=")
        .map_or("", |(_, t)| t)
        .to_string();
    let payload = Value::Object(split_token(&token)?.payload);
    verbose.say(format_args!("payload = {}", compact(&payload)));
    emit(
        a.common.json,
        &url,
        json!({"url": url, "token": token, "exp": payload["exp"], "payload": payload}),
    );
    Ok(())
}

fn images_url(a: ImagesUrlArgs, verbose: Verbose) -> Result<(), CliError> {
    let now = clock::resolve(a.common.now.as_deref(), verbose)?;
    let mode = ImagesMode::parse(&a.mode)?;
    let expires_in = match a.expires_in.as_deref() {
        Some(t) => whole("--expires-in", t)?,
        None => 3600,
    };
    let key = a.key.load("IMAGES_SIGNING_KEY", verbose)?;
    let signed = ImagesSigner::new(key.expose())?.sign(&a.url, expires_in, now, mode)?;
    verbose.say(format_args!("string to sign = {}", signed.string_to_sign));
    let exp = now.saturating_add(expires_in);
    emit(
        a.common.json,
        &signed.url,
        json!({"url": signed.url, "exp": exp, "string_to_sign": signed.string_to_sign, "mode": a.mode}),
    );
    Ok(())
}

/// `--access-rule` values: objects, or arrays of them.
fn access_rules(values: &[String]) -> Result<Option<Vec<AccessRule>>, CliError> {
    if values.is_empty() {
        return Ok(None);
    }
    let mut rules = Vec::new();
    for text in values {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| invalid(format!("--access-rule is not JSON: {e}")))?;
        match value {
            Value::Array(_) => rules.extend(AccessRule::list_from_json(&value)?),
            _ => rules.push(AccessRule::from_json(&value)?),
        }
    }
    Ok(Some(rules))
}

fn stream_token(a: StreamTokenArgs, verbose: Verbose) -> Result<(), CliError> {
    let now = clock::resolve(a.common.now.as_deref(), verbose)?;
    let style = StreamStyle::parse(&a.style)?;
    let options = StreamTokenOptions {
        expires_in: a
            .expires_in
            .as_deref()
            .map(|t| whole("--expires-in", t))
            .transpose()?,
        not_before: a.nbf.as_deref().map(|t| whole("--nbf", t)).transpose()?,
        access_rules: access_rules(&a.access_rule)?,
        downloadable: a
            .downloadable
            .as_deref()
            .map(|t| boolean("--downloadable", t))
            .transpose()?,
        allow_long_lifetime: a.allow_long_lifetime,
    };
    let urls = match (a.urls, a.customer_code) {
        (true, code) => Some(StreamUrls::new(StreamHost::from_customer_code(code))?),
        (false, _) => None,
    };
    let key = a.key.load("STREAM_KEY", verbose)?;
    let key = StreamKey::from_any(key.expose(), a.key_id.as_deref())?;
    verbose.say(format_args!(
        "key modulus SHA-256 = {}",
        key.modulus_sha256()
    ));
    let signer = StreamSigner::new(key, a.key_id.as_deref(), style)?;
    let token = signer.sign(&a.video_id, &options, now)?;
    let exp = now.saturating_add(options.expires_in.unwrap_or(DEFAULT_LIFETIME));
    verbose.say(format_args!(
        "kid = {}, style = {}, exp = {exp}",
        signer.key_id(),
        style.as_str()
    ));
    let mut object = json!({"token": token, "kid": signer.key_id(), "exp": exp});
    let mut lines = vec![token.clone()];
    if let Some(u) = urls {
        let set = [
            ("hls", u.hls(&token)),
            ("dash", u.dash(&token)),
            ("iframe", u.iframe(&token)),
            (
                "thumbnail",
                u.thumbnail(&token, ThumbnailFormat::Jpg, None, None),
            ),
        ];
        let mut map = Map::new();
        for (name, value) in set {
            lines.push(format!("{name:<10} {value}"));
            map.insert(name.into(), Value::from(value));
        }
        object["urls"] = Value::Object(map);
    }
    emit(a.common.json, &lines.join("\n"), object);
    Ok(())
}

fn jwt(a: JwtArgs, verbose: Verbose) -> Result<(), CliError> {
    let now = clock::resolve(a.common.now.as_deref(), verbose)?;
    let alg = Algorithm::parse(&a.alg)?;
    let mut claims = match serde_json::from_str::<Value>(&a.claims) {
        Ok(Value::Object(map)) => map,
        _ => return Err(invalid("--claims must be a JSON object")),
    };
    if let Some(t) = a.expires_in.as_deref() {
        let seconds = whole("--expires-in", t)?;
        claims.entry("iat").or_insert(Value::from(now));
        claims.insert("exp".into(), Value::from(now.saturating_add(seconds)));
    }
    let key = a.key.load("AURA_JWT_KEY", verbose)?;
    let key = JwtKey::from_text(key.expose(), alg, a.kid.as_deref())?;
    let token = encode(&claims, &key, None)?;
    verbose.say(format_args!(
        "claims = {}",
        compact(&Value::Object(claims.clone()))
    ));
    emit(
        a.common.json,
        &token,
        json!({"token": token, "alg": alg.as_str(), "kid": key.kid(), "exp": claims.get("exp"), "claims": claims}),
    );
    Ok(())
}

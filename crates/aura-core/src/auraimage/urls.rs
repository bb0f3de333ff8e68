//! `buildServeUrl` and `buildBlurhashUrl` (auraimage.md §9): public URLs, no secrets.

use super::client::cdn_base;
use super::dialect::Dialect;
use super::numbers::MAX_SAFE_INTEGER;
use crate::error::{invalid, Result};
use crate::js::number::number_to_string;
use crate::js::uri::{push_encode_name, push_encode_uri_component};

/// The `fit` values the URL API documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// `fit=cover`.
    Cover,
    /// `fit=contain`.
    Contain,
    /// `fit=face`.
    Face,
    /// `fit=auto`.
    Auto,
}

impl Fit {
    /// Reads `cover`, `contain`, `face` or `auto` (exact case); `invalid_input` otherwise.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "cover" => Ok(Fit::Cover),
            "contain" => Ok(Fit::Contain),
            "face" => Ok(Fit::Face),
            "auto" => Ok(Fit::Auto),
            _ => Err(invalid(format!(
                "buildServeUrl: fit must be one of cover, contain, face, auto, got {s:?}"
            ))),
        }
    }

    /// The value as written in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            Fit::Cover => "cover",
            Fit::Contain => "contain",
            Fit::Face => "face",
            Fit::Auto => "auto",
        }
    }
}

/// The cache-busting `v` query value: a string or a number, printed as `String(v)`.
#[derive(Clone, Debug, PartialEq)]
pub enum QueryVersion {
    /// Used as is.
    Text(String),
    /// Printed as JavaScript's `String(n)`; typed: finite and at most 2^53 in magnitude.
    Number(f64),
}

impl QueryVersion {
    fn render(&self, dialect: Dialect) -> Result<String> {
        match self {
            QueryVersion::Text(s) => Ok(s.clone()),
            QueryVersion::Number(n)
                if dialect == Dialect::JsCompat
                    || (n.is_finite() && n.abs() <= MAX_SAFE_INTEGER) =>
            {
                Ok(number_to_string(*n))
            }
            QueryVersion::Number(_) => Err(invalid("v must be a finite number of at most 2^53")),
        }
    }
}

/// Options of [`build_serve_url`]; `None`/`false` leaves a transform out.
#[derive(Clone, Debug, Default)]
pub struct ServeUrlOptions {
    /// Required; trailing `/` dropped. Typed: an http(s) URL with a host.
    pub cdn_url: String,
    /// Required; encoded with `encodeURIComponent`.
    pub project: String,
    /// Required; each `/`-separated segment encoded with `encodeURIComponent`.
    pub name: String,
    /// `w=`, in pixels: a positive integer (typed: at most 2^53).
    pub width: Option<f64>,
    /// `h=`, in pixels: a positive integer (typed: at most 2^53).
    pub height: Option<f64>,
    /// `cover`, `contain`, `face` or `auto` (`JsCompat`: any text, unencoded).
    pub fit: Option<String>,
    /// `q=`: an integer from 1 to 100.
    pub quality: Option<f64>,
    /// `jpeg` → `.jpg`, `auto` → no extension, else `.{format}`.
    pub format: Option<String>,
    /// Adds `lqip=true` (low-quality image placeholder).
    pub lqip: bool,
    /// Cache-busting `?v=` query value.
    pub v: Option<QueryVersion>,
    /// Input rules; see [`Dialect`].
    pub dialect: Dialect,
}

/// Options of [`build_blurhash_url`].
#[derive(Clone, Debug, Default)]
pub struct BlurhashUrlOptions {
    /// Required; trailing `/` dropped. Typed: an http(s) URL with a host.
    pub cdn_url: String,
    /// Required; encoded with `encodeURIComponent`.
    pub project: String,
    /// Required; each `/`-separated segment encoded with `encodeURIComponent`.
    pub name: String,
    /// Cache-busting `?v=` query value.
    pub v: Option<QueryVersion>,
    /// Input rules; see [`Dialect`].
    pub dialect: Dialect,
}

fn required(
    fun: &str,
    cdn_url: &str,
    project: &str,
    name: &str,
    dialect: Dialect,
) -> Result<String> {
    if cdn_url.is_empty() {
        return Err(invalid(format!("{fun}: cdnUrl is required")));
    }
    let base = cdn_base(cdn_url, &format!("{fun}: cdnUrl"), dialect)?;
    if project.is_empty() {
        return Err(invalid(format!("{fun}: project is required")));
    }
    if name.is_empty() {
        return Err(invalid(format!("{fun}: name is required")));
    }
    Ok(base)
}

/// `Number.isInteger(v) && v > 0`; typed also caps at 2^53.
fn dimension(field: &str, short: &str, value: f64, dialect: Dialect) -> Result<String> {
    let cap = if dialect == Dialect::Typed {
        MAX_SAFE_INTEGER
    } else {
        f64::MAX
    };
    if !(value.is_finite() && value.fract() == 0.0 && value > 0.0 && value <= cap) {
        let shown = number_to_string(value);
        return Err(invalid(format!(
            "buildServeUrl: {field} must be a positive integer, got {shown}"
        )));
    }
    Ok(format!("{short}={}", number_to_string(value)))
}

fn push_query_v(out: &mut String, v: &Option<QueryVersion>, dialect: Dialect) -> Result<()> {
    if let Some(v) = v {
        out.push_str("?v=");
        push_encode_uri_component(out, &v.render(dialect)?);
    }
    Ok(())
}

/// `buildServeUrl(options)`: `{cdn}/{enc(project)}/{w=…,h=…,fit=…,q=…,lqip=true}/{name}{ext}{?v=}`.
pub fn build_serve_url(o: &ServeUrlOptions) -> Result<String> {
    let base = required("buildServeUrl", &o.cdn_url, &o.project, &o.name, o.dialect)?;
    let mut transforms: Vec<String> = Vec::new();
    if let Some(w) = o.width {
        transforms.push(dimension("width", "w", w, o.dialect)?);
    }
    if let Some(h) = o.height {
        transforms.push(dimension("height", "h", h, o.dialect)?);
    }
    if let Some(fit) = &o.fit {
        let fit = match o.dialect {
            Dialect::Typed => Fit::parse(fit)?.as_str(),
            Dialect::JsCompat => fit.as_str(),
        };
        transforms.push(format!("fit={fit}"));
    }
    if let Some(q) = o.quality {
        if !(q.fract() == 0.0 && (1.0..=100.0).contains(&q)) {
            let shown = number_to_string(q);
            return Err(invalid(format!(
                "buildServeUrl: quality must be an integer between 1 and 100, got {shown}"
            )));
        }
        transforms.push(format!("q={}", number_to_string(q)));
    }
    if o.lqip {
        transforms.push("lqip=true".into());
    }
    let ext = match o.format.as_deref() {
        None | Some("auto") => String::new(),
        Some("jpeg") => ".jpg".into(),
        Some(f)
            if !f.is_empty()
                && f.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) =>
        {
            format!(".{f}")
        }
        Some(f) => {
            return Err(invalid(format!(
                "buildServeUrl: format must be lowercase letters and digits, got {f:?}"
            )))
        }
    };

    let mut url = base;
    url.push('/');
    push_encode_uri_component(&mut url, &o.project);
    if !transforms.is_empty() {
        url.push('/');
        url.push_str(&transforms.join(","));
    }
    url.push('/');
    push_encode_name(&mut url, &o.name);
    url.push_str(&ext);
    push_query_v(&mut url, &o.v, o.dialect)?;
    Ok(url)
}

/// `buildBlurhashUrl(options)`: `{cdn}/v1/blurhash/{enc(project)}/{name}{?v=}`.
pub fn build_blurhash_url(o: &BlurhashUrlOptions) -> Result<String> {
    let mut url = required(
        "buildBlurhashUrl",
        &o.cdn_url,
        &o.project,
        &o.name,
        o.dialect,
    )?;
    url.push_str("/v1/blurhash/");
    push_encode_uri_component(&mut url, &o.project);
    url.push('/');
    push_encode_name(&mut url, &o.name);
    push_query_v(&mut url, &o.v, o.dialect)?;
    Ok(url)
}

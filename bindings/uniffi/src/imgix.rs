//! imgix signed URLs and srcsets (`s=` signing) and a verifier. The client
//! holds the domain and the secure URL token (parsed once); parameters are
//! an ordered list (the order is signed).

use aura_core::imgix as core;
use std::fmt;
use std::sync::Arc;

use crate::errors::{guard, Result};

/// The SDK whose bytes are produced: `Js` (`@imgix/js-core` 3.8.0, default)
/// or `Python` (`imgix` 4.0.0).
#[derive(uniffi::Enum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImgixStyle {
    Js,
    Python,
}

impl From<ImgixStyle> for core::ImgixStyle {
    fn from(s: ImgixStyle) -> Self {
        match s {
            ImgixStyle::Js => core::ImgixStyle::Js,
            ImgixStyle::Python => core::ImgixStyle::Python,
        }
    }
}

/// A parameter value as the SDKs accept it. `Null`: JS omits the
/// parameter (python refuses); `Values`: a list, JS joins with `,` (python refuses).
#[derive(uniffi::Enum, Clone, Debug, PartialEq)]
pub enum ImgixValue {
    Text { value: String },
    Int { value: i64 },
    Float { value: f64 },
    Bool { value: bool },
    Null,
    Values { items: Vec<ImgixValue> },
}

fn core_value(v: &ImgixValue) -> core::ImgixValue {
    match v {
        ImgixValue::Text { value } => core::ImgixValue::Text(value.clone()),
        ImgixValue::Int { value } => core::ImgixValue::Int(*value),
        ImgixValue::Float { value } => core::ImgixValue::Float(*value),
        ImgixValue::Bool { value } => core::ImgixValue::Bool(*value),
        ImgixValue::Null => core::ImgixValue::Null,
        ImgixValue::Values { items } => {
            core::ImgixValue::List(items.iter().map(core_value).collect())
        }
    }
}

/// One query parameter; a list of them keeps the caller's order.
#[derive(uniffi::Record, Clone, Debug, PartialEq)]
pub struct ImgixParam {
    pub name: String,
    pub value: ImgixValue,
}

fn core_params(params: &[ImgixParam]) -> core::ImgixParams {
    params
        .iter()
        .map(|p| (p.name.clone(), core_value(&p.value)))
        .collect()
}

#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct ImgixClientOptions {
    #[uniffi(default = None)]
    pub style: Option<ImgixStyle>,
    /// `https://` (default) or `http://`; not signed.
    #[uniffi(default = true)]
    pub use_https: bool,
    /// Add `ixlib=js-3.8.0` / `ixlib=python-4.0.0` (the SDKs' default is
    /// true, Aura's false).
    #[uniffi(default = false)]
    pub include_library_param: bool,
}

/// A ratio's `q` in a DPR srcset.
#[derive(uniffi::Record, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImgixVariableQuality {
    pub ratio: u32,
    pub quality: u32,
}

#[derive(uniffi::Record, Clone, Debug, Default, PartialEq)]
pub struct ImgixSrcsetOptions {
    #[uniffi(default = false)]
    pub disable_path_encoding: bool,
    /// Explicit widths instead of generated ones.
    #[uniffi(default = None)]
    pub widths: Option<Vec<u32>>,
    #[uniffi(default = None)]
    pub min_width: Option<u32>,
    #[uniffi(default = None)]
    pub max_width: Option<u32>,
    /// ≥ 0.01.
    #[uniffi(default = None)]
    pub width_tolerance: Option<f64>,
    /// DPR srcsets (`w` or `h` given); 1–5.
    #[uniffi(default = None)]
    pub device_pixel_ratios: Option<Vec<f64>>,
    /// `q` per ratio over the defaults 1→75, 2→50, 3→35, 4→23, 5→20.
    #[uniffi(default = None)]
    pub variable_qualities: Option<Vec<ImgixVariableQuality>>,
    #[uniffi(default = false)]
    pub disable_variable_quality: bool,
}

fn core_srcset(o: &ImgixSrcsetOptions) -> core::ImgixSrcsetOptions {
    core::ImgixSrcsetOptions {
        disable_path_encoding: o.disable_path_encoding,
        widths: o.widths.clone(),
        min_width: o.min_width,
        max_width: o.max_width,
        width_tolerance: o.width_tolerance,
        device_pixel_ratios: o.device_pixel_ratios.clone(),
        variable_qualities: o
            .variable_qualities
            .as_ref()
            .map(|q| q.iter().map(|v| (v.ratio, v.quality)).collect()),
        disable_variable_quality: o.disable_variable_quality,
    }
}

/// An imgix source: domain, secure URL token (`None` or empty: unsigned
/// URLs, as in both SDKs) and settings.
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct ImgixClient {
    inner: core::ImgixClient,
}

#[uniffi::export]
impl ImgixClient {
    #[uniffi::constructor]
    pub fn new(
        domain: String,
        secure_url_token: Option<String>,
        options: ImgixClientOptions,
    ) -> Result<Arc<Self>> {
        let o = core::ImgixClientOptions {
            style: options.style.map(Into::into).unwrap_or_default(),
            use_https: options.use_https,
            include_library_param: options.include_library_param,
        };
        guard(|| core::ImgixClient::new(&domain, secure_url_token.as_deref(), o))
            .map(|inner| Arc::new(ImgixClient { inner }))
    }

    /// `buildURL` / `create_url`.
    #[uniffi::method(default(disable_path_encoding = false))]
    pub fn build_url(
        &self,
        path: String,
        params: Vec<ImgixParam>,
        disable_path_encoding: bool,
    ) -> Result<String> {
        guard(|| {
            self.inner
                .build_url(&path, &core_params(&params), disable_path_encoding)
        })
    }

    /// `buildSrcSet` / `create_srcset`: candidates joined with `,\n`.
    pub fn build_srcset(
        &self,
        path: String,
        params: Vec<ImgixParam>,
        options: ImgixSrcsetOptions,
    ) -> Result<String> {
        guard(|| {
            self.inner
                .build_srcset(&path, &core_params(&params), &core_srcset(&options))
        })
    }
}

impl fmt::Display for ImgixClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.inner)
    }
}

impl fmt::Debug for ImgixClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// The srcset widths either SDK generates for `min..=max` and `tolerance`.
#[uniffi::export]
pub fn imgix_target_widths(
    style: ImgixStyle,
    min: u32,
    max: u32,
    tolerance: f64,
) -> Result<Vec<u32>> {
    guard(|| core::target_widths(style.into(), min, max, tolerance))
}

/// What a verified URL carries.
#[derive(uniffi::Record, Clone, Debug, PartialEq, Eq)]
pub struct ImgixVerifiedUrl {
    /// The signed text: path and query before `s`.
    pub path_and_query: String,
    /// The `expires` parameter (Unix seconds), when present.
    pub expires: Option<i64>,
}

/// Several secure URL tokens (rotation).
#[derive(uniffi::Object)]
#[uniffi::export(Display, Debug)]
pub struct ImgixVerifier {
    inner: core::ImgixVerifier,
}

#[uniffi::export]
impl ImgixVerifier {
    #[uniffi::constructor]
    pub fn new(tokens: Vec<String>) -> Result<Arc<Self>> {
        let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
        guard(|| core::ImgixVerifier::new(&refs)).map(|inner| Arc::new(ImgixVerifier { inner }))
    }

    /// `s` must sign everything after the domain; `expires` is enforced
    /// (`now <= expires`).
    pub fn verify(&self, url: String, now: i64) -> Result<ImgixVerifiedUrl> {
        let now = crate::errors::now(now)?;
        guard(|| {
            self.inner.verify(&url, now).map(|v| ImgixVerifiedUrl {
                path_and_query: v.path_and_query,
                expires: v.expires,
            })
        })
    }
}

impl fmt::Display for ImgixVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.inner)
    }
}

impl fmt::Debug for ImgixVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

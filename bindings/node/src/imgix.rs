//! imgix signed URLs and srcsets for Node: a client holding the domain and
//! secure URL token, a verifier holding the tokens.

use aura_core::imgix as core;
use serde_json::Value;

use crate::args;
use crate::errors::{guard, invalid, Result};

/// A JS value as the typed core takes it: an integral number is an `Int`
/// (JavaScript has no other integers), any other number a `Float`.
fn value(v: &Value) -> Result<core::ImgixValue> {
    Ok(match v {
        Value::String(s) => core::ImgixValue::Text(s.clone()),
        Value::Number(n) => match n.as_i64() {
            Some(i) => core::ImgixValue::Int(i),
            None => {
                let f = n.as_f64().unwrap_or(f64::NAN);
                match args::integral(f) {
                    Some(i) => core::ImgixValue::Int(i),
                    None => core::ImgixValue::Float(f),
                }
            }
        },
        Value::Bool(b) => core::ImgixValue::Bool(*b),
        Value::Null => core::ImgixValue::Null,
        Value::Array(items) => {
            core::ImgixValue::List(items.iter().map(value).collect::<Result<_>>()?)
        }
        Value::Object(_) => return Err(invalid("an imgix parameter value cannot be an object")),
    })
}

fn params(p: Option<Value>) -> Result<core::ImgixParams> {
    match p {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Object(m)) => m.iter().map(|(k, v)| Ok((k.clone(), value(v)?))).collect(),
        Some(_) => Err(invalid("params must be an object")),
    }
}

/// `params` as `JSON.stringify` text: one string crosses the boundary
/// instead of one napi call per property. The JS side sends it only for a
/// plain object of strings, booleans and finite numbers, whose JSON text is
/// exact (`float_roundtrip`), so both paths give the same parameters.
fn params_from_json(text: &str) -> Result<core::ImgixParams> {
    let value: Value =
        serde_json::from_str(text).map_err(|_| invalid("params must be a JSON object"))?;
    params(Some(value))
}

#[napi(object)]
pub struct ImgixSrcsetOptions {
    pub disable_path_encoding: Option<bool>,
    pub widths: Option<Vec<f64>>,
    pub min_width: Option<f64>,
    pub max_width: Option<f64>,
    pub width_tolerance: Option<f64>,
    pub device_pixel_ratios: Option<Vec<f64>>,
    /// `{ ratio: quality }`.
    pub variable_qualities: Option<Value>,
    pub disable_variable_quality: Option<bool>,
}

fn srcset_options(o: Option<ImgixSrcsetOptions>) -> Result<core::ImgixSrcsetOptions> {
    let Some(o) = o else {
        return Ok(core::ImgixSrcsetOptions::default());
    };
    let px = |what: &str, v: f64| args::whole_u32(what, v);
    Ok(core::ImgixSrcsetOptions {
        disable_path_encoding: o.disable_path_encoding.unwrap_or(false),
        widths: o
            .widths
            .map(|w| {
                w.into_iter()
                    .map(|x| px("widths", x))
                    .collect::<Result<Vec<_>>>()
            })
            .transpose()?,
        min_width: o.min_width.map(|v| px("minWidth", v)).transpose()?,
        max_width: o.max_width.map(|v| px("maxWidth", v)).transpose()?,
        width_tolerance: o.width_tolerance,
        device_pixel_ratios: o.device_pixel_ratios,
        variable_qualities: match o.variable_qualities {
            None | Some(Value::Null) => None,
            Some(Value::Object(m)) => Some(
                m.iter()
                    .map(|(k, v)| {
                        let ratio = k
                            .parse::<u32>()
                            .map_err(|_| invalid("variableQualities keys are integer ratios"))?;
                        let q = v
                            .as_f64()
                            .ok_or_else(|| invalid("variableQualities values are numbers"))?;
                        Ok((ratio, px("quality", q)?))
                    })
                    .collect::<Result<Vec<_>>>()?,
            ),
            Some(_) => return Err(invalid("variableQualities must be an object")),
        },
        disable_variable_quality: o.disable_variable_quality.unwrap_or(false),
    })
}

#[napi(js_name = "NativeImgixClient")]
pub struct ImgixClient {
    inner: core::ImgixClient,
}

#[napi]
impl ImgixClient {
    #[napi(constructor)]
    pub fn new(
        domain: String,
        secure_url_token: Option<String>,
        style: Option<String>,
        use_https: Option<bool>,
        include_library_param: Option<bool>,
    ) -> Result<Self> {
        guard(|| {
            let defaults = core::ImgixClientOptions::default();
            let options = core::ImgixClientOptions {
                style: core::ImgixStyle::parse(style.as_deref().unwrap_or("js"))?,
                use_https: use_https.unwrap_or(defaults.use_https),
                include_library_param: include_library_param
                    .unwrap_or(defaults.include_library_param),
            };
            core::ImgixClient::new(&domain, secure_url_token.as_deref(), options)
        })
        .map(|inner| ImgixClient { inner })
    }

    #[napi(getter)]
    pub fn style(&self) -> Result<&'static str> {
        guard(|| Ok(self.inner.style().as_str()))
    }

    #[napi]
    pub fn build_url(
        &self,
        path: String,
        params: Option<Value>,
        disable_path_encoding: Option<bool>,
    ) -> Result<String> {
        let params = self::params(params)?;
        guard(|| {
            self.inner
                .build_url(&path, &params, disable_path_encoding.unwrap_or(false))
        })
    }

    #[napi]
    pub fn build_srcset(
        &self,
        path: String,
        params: Option<Value>,
        options: Option<ImgixSrcsetOptions>,
    ) -> Result<String> {
        let params = self::params(params)?;
        let options = srcset_options(options)?;
        guard(|| self.inner.build_srcset(&path, &params, &options))
    }

    /// [`Self::build_url`] with the parameters as JSON text.
    #[napi]
    pub fn build_url_json(
        &self,
        path: String,
        params_json: String,
        disable_path_encoding: Option<bool>,
    ) -> Result<String> {
        let params = params_from_json(&params_json)?;
        guard(|| {
            self.inner
                .build_url(&path, &params, disable_path_encoding.unwrap_or(false))
        })
    }

    /// [`Self::build_srcset`] with the parameters as JSON text.
    #[napi]
    pub fn build_srcset_json(
        &self,
        path: String,
        params_json: String,
        options: Option<ImgixSrcsetOptions>,
    ) -> Result<String> {
        let params = params_from_json(&params_json)?;
        let options = srcset_options(options)?;
        guard(|| self.inner.build_srcset(&path, &params, &options))
    }
}

#[napi(object, object_from_js = false)]
pub struct ImgixVerifiedUrl {
    pub path_and_query: String,
    pub expires: Option<i64>,
}

#[napi(js_name = "NativeImgixVerifier")]
pub struct ImgixVerifier {
    inner: core::ImgixVerifier,
}

#[napi]
impl ImgixVerifier {
    #[napi(constructor)]
    pub fn new(tokens: Vec<String>) -> Result<Self> {
        let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
        guard(|| core::ImgixVerifier::new(&refs)).map(|inner| ImgixVerifier { inner })
    }

    #[napi]
    pub fn verify(&self, url: String, now: f64) -> Result<ImgixVerifiedUrl> {
        let now = args::now(now)?;
        guard(|| self.inner.verify(&url, now)).map(|v| ImgixVerifiedUrl {
            path_and_query: v.path_and_query,
            expires: v.expires,
        })
    }
}

//! Whose URLs to produce.

use crate::error::{invalid, Result};

/// The SDK whose bytes are produced. Both sign `md5(key + path + query)`;
/// they differ in path and value encoding, parameter order and how values
/// become text (module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ImgixStyle {
    /// `@imgix/js-core` 3.8.0 `buildURL` / `buildSrcSet`.
    #[default]
    Js,
    /// `imgix` 4.0.0 (PyPI) `create_url` / `create_srcset`.
    Python,
}

impl ImgixStyle {
    /// The style's name: `js` or `python`.
    pub fn as_str(self) -> &'static str {
        match self {
            ImgixStyle::Js => "js",
            ImgixStyle::Python => "python",
        }
    }

    /// Reads `js` or `python` (case-sensitive); any other text is `invalid_input`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "js" => Ok(ImgixStyle::Js),
            "python" => Ok(ImgixStyle::Python),
            _ => Err(invalid(format!("style must be js or python, got {s:?}"))),
        }
    }

    /// The `ixlib` value the SDK adds when asked to.
    pub fn library_param(self) -> &'static str {
        match self {
            ImgixStyle::Js => "js-3.8.0",
            ImgixStyle::Python => "python-4.0.0",
        }
    }
}

//! The transform segment of a serve URL (auraimage.md §9) and its
//! application to image bytes.
//!
//! Grammar: `/{project}/{transform?}/{name}[.{ext}]`. The transform segment
//! is a comma-separated list of `key=value` items, each key at most once:
//!
//! | key    | values                                     | default |
//! |--------|--------------------------------------------|---------|
//! | `w`    | integer 1..=8192                           | source  |
//! | `h`    | integer 1..=8192                           | source  |
//! | `fit`  | `cover` `contain` `face` `auto`            | `cover` |
//! | `q`    | integer 1..=100                            | 80      |
//! | `lqip` | `true` / `false`                           | `false` |
//!
//! Keys and values are case-sensitive (the SDK emits lowercase). The
//! extension picks the output: `.jpg`/`.jpeg`, `.png`, `.webp`, `.gif`; the
//! other known extensions (`avif heic heif tif tiff bmp`) are formats this
//! edge cannot encode ([`TransformError::Unsupported`]). No extension means
//! `format=auto`: WebP when the request's `Accept` lists `image/webp`, else
//! the source format.
//!
//! Geometry ([`apply`]):
//! - `cover` (default): scale to fill `w`x`h`, then centre-crop to exactly
//!   `w`x`h`;
//! - `contain`: fit inside `w`x`h` keeping the aspect ratio (one side may
//!   come out smaller);
//! - `face` and `auto` behave exactly as `cover`: there is no face or
//!   saliency detection, the crop is always centred, and the edge must not
//!   send `X-Aura-Smart-Crop: ok`;
//! - only one of `w`/`h`: keep the aspect ratio (`fit` is irrelevant);
//! - never upscale: sizes are clamped to the source. For `cover` with a box
//!   larger than the source, the box is shrunk keeping its aspect ratio, so
//!   the output has the requested shape but fewer pixels;
//! - `lqip=true`: after the geometry above, shrink to at most
//!   [`LQIP_WIDTH`] px wide and encode at quality `min(q, 30)`. With no
//!   explicit extension the placeholder is WebP if accepted, else JPEG.
//!
//! Decoding applies the EXIF orientation; the output carries no metadata
//! (no EXIF, ICC or XMP). Animated GIF/WebP inputs are flattened to their
//! first frame when transformed. JPEG output composites transparency over
//! white. WebP output is lossy, encoded by libwebp (the `webp` crate) at
//! quality `q`; PNG and GIF ignore `q`.
//!
//! Resizing uses `fast_image_resize` with a Lanczos3 convolution.

use std::fmt;
use std::io::Cursor;

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::codecs::gif::GifEncoder;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{self, PngEncoder};
use image::metadata::Orientation;
use image::{DynamicImage, Frame, GenericImageView, ImageDecoder, ImageReader};

use super::sniff::Format;

/// Largest accepted `w` / `h`.
pub const MAX_DIMENSION: u32 = 8192;
/// `q` when the segment has none.
pub const DEFAULT_QUALITY: u8 = 80;
/// Widest an `lqip=true` placeholder gets.
pub const LQIP_WIDTH: u32 = 32;
/// Highest quality an `lqip=true` placeholder is encoded at.
pub const LQIP_MAX_QUALITY: u8 = 30;

/// How `w` and `h` are honoured when both are given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Fit {
    /// Fill the box, centre-crop the overflow.
    #[default]
    Cover,
    /// Fit inside the box, keep the aspect ratio.
    Contain,
    /// Accepted for compatibility; behaves as [`Fit::Cover`] (no face detection).
    Face,
    /// Accepted for compatibility; behaves as [`Fit::Cover`] (no saliency detection).
    Auto,
}

impl Fit {
    /// The URL spelling: `cover`, `contain`, `face` or `auto`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Fit::Cover => "cover",
            Fit::Contain => "contain",
            Fit::Face => "face",
            Fit::Auto => "auto",
        }
    }

    fn parse(s: &str) -> Option<Fit> {
        Some(match s {
            "cover" => Fit::Cover,
            "contain" => Fit::Contain,
            "face" => Fit::Face,
            "auto" => Fit::Auto,
            _ => return None,
        })
    }

    /// The geometry actually used: `face`/`auto` are `cover`.
    const fn effective(self) -> Fit {
        match self {
            Fit::Contain => Fit::Contain,
            _ => Fit::Cover,
        }
    }
}

/// The requested output encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum OutputFormat {
    /// Keep the source format. Never produced by [`Transform::parse`]; it is
    /// the [`Default`] for transforms built in code.
    #[default]
    Original,
    /// `.jpg` / `.jpeg` (transparency composited over white).
    Jpeg,
    /// `.png` (`q` ignored).
    Png,
    /// `.webp` (lossy, libwebp).
    Webp,
    /// `.gif` (`q` ignored).
    Gif,
    /// No extension in the URL: WebP when `Accept` lists `image/webp` (and
    /// the source is JPEG, PNG or WebP), else the source format. GIF sources
    /// stay GIF, and formats this edge cannot decode are served as stored.
    Auto,
}

impl OutputFormat {
    /// `original`, `jpeg`, `png`, `webp`, `gif` or `auto`.
    pub const fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Original => "original",
            OutputFormat::Jpeg => "jpeg",
            OutputFormat::Png => "png",
            OutputFormat::Webp => "webp",
            OutputFormat::Gif => "gif",
            OutputFormat::Auto => "auto",
        }
    }

    /// From a URL extension (no dot, case-insensitive). `None` or `""` is
    /// [`OutputFormat::Auto`].
    pub fn from_extension(ext: Option<&str>) -> Result<OutputFormat, TransformError> {
        let Some(ext) = ext.filter(|e| !e.is_empty()) else {
            return Ok(OutputFormat::Auto);
        };
        match ext.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" => Ok(OutputFormat::Jpeg),
            "png" => Ok(OutputFormat::Png),
            "webp" => Ok(OutputFormat::Webp),
            "gif" => Ok(OutputFormat::Gif),
            "avif" | "heic" | "heif" | "tif" | "tiff" | "bmp" => Err(TransformError::Unsupported(
                format!("cannot encode .{ext} output; use .jpg, .png, .webp or .gif"),
            )),
            _ => Err(TransformError::Unsupported(format!(
                "unknown output extension .{ext}"
            ))),
        }
    }
}

/// Why a transform could not be parsed or applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransformError {
    /// Malformed transform segment (HTTP 400): unknown or duplicate key,
    /// missing `=`, bad number, value out of range.
    BadRequest(String),
    /// An output the edge cannot produce (HTTP 415): an extension we can't
    /// encode, or an image the chosen encoder rejects (e.g. a JPEG wider than
    /// 65535 px).
    Unsupported(String),
    /// The source bytes are not a valid image of their format, exceed the
    /// decoder's memory limit, or are in a format this build can't decode.
    Undecodable,
}

impl fmt::Display for TransformError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransformError::BadRequest(m) => write!(f, "bad transform: {m}"),
            TransformError::Unsupported(m) => write!(f, "unsupported output: {m}"),
            TransformError::Undecodable => f.write_str("source image cannot be decoded"),
        }
    }
}

impl std::error::Error for TransformError {}

/// A parsed transform. Build one with [`Transform::parse`] or from
/// [`Transform::default`] (no resize, original format, quality 80).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Transform {
    /// `w`: target width in pixels (1..=[`MAX_DIMENSION`]); `None` = source.
    pub width: Option<u32>,
    /// `h`: target height in pixels (1..=[`MAX_DIMENSION`]); `None` = source.
    pub height: Option<u32>,
    /// `fit`: used only when both `width` and `height` are set.
    pub fit: Fit,
    /// `q`: encoder quality, 1..=100 (JPEG, WebP).
    pub quality: u8,
    /// `lqip=true`: a placeholder at most [`LQIP_WIDTH`] px wide, quality at
    /// most [`LQIP_MAX_QUALITY`].
    pub lqip: bool,
    /// The output encoding, from the URL's extension.
    pub output: OutputFormat,
}

impl Default for Transform {
    fn default() -> Self {
        Transform {
            width: None,
            height: None,
            fit: Fit::Cover,
            quality: DEFAULT_QUALITY,
            lqip: false,
            output: OutputFormat::Original,
        }
    }
}

fn bad(msg: impl Into<String>) -> TransformError {
    TransformError::BadRequest(msg.into())
}

/// Digits only (no sign, no spaces, no decimals), within `lo..=hi`.
fn parse_int(key: &str, value: &str, lo: u32, hi: u32) -> Result<u32, TransformError> {
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(format!("{key} must be an integer, got `{value}`")));
    }
    match value.parse::<u32>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(bad(format!(
            "{key} must be between {lo} and {hi}, got {value}"
        ))),
    }
}

impl Transform {
    /// Parses the optional transform segment and the optional (already
    /// stripped) extension. `segment: None` means no transform segment;
    /// `Some("")` (an empty segment) is a bad request, as is any empty item
    /// (`w=1,,h=2`, a trailing comma). Segment errors are reported before
    /// extension errors.
    pub fn parse(
        segment: Option<&str>,
        extension: Option<&str>,
    ) -> Result<Transform, TransformError> {
        let mut t = Transform::default();
        if let Some(segment) = segment {
            if segment.is_empty() {
                return Err(bad("empty transform segment"));
            }
            let mut seen: Vec<&str> = Vec::new();
            for item in segment.split(',') {
                let Some((key, value)) = item.split_once('=') else {
                    return Err(bad(format!("expected key=value, got `{item}`")));
                };
                if seen.contains(&key) {
                    return Err(bad(format!("duplicate key `{key}`")));
                }
                match key {
                    "w" => t.width = Some(parse_int(key, value, 1, MAX_DIMENSION)?),
                    "h" => t.height = Some(parse_int(key, value, 1, MAX_DIMENSION)?),
                    "q" => t.quality = parse_int(key, value, 1, 100)? as u8,
                    "fit" => {
                        t.fit = Fit::parse(value).ok_or_else(|| {
                            bad(format!(
                                "fit must be cover, contain, face or auto, got `{value}`"
                            ))
                        })?
                    }
                    "lqip" => {
                        t.lqip = match value {
                            "true" => true,
                            "false" => false,
                            _ => {
                                return Err(bad(format!(
                                    "lqip must be true or false, got `{value}`"
                                )))
                            }
                        }
                    }
                    "" => return Err(bad(format!("empty key in `{item}`"))),
                    _ => return Err(bad(format!("unknown key `{key}`"))),
                }
                seen.push(key);
            }
        }
        t.output = OutputFormat::from_extension(extension)?;
        Ok(t)
    }

    /// No resize, no placeholder, original format, default quality: the
    /// stored bytes can be served untouched without looking at them.
    ///
    /// A parsed URL without an extension has [`OutputFormat::Auto`], which is
    /// not identity here because it depends on `Accept`; see
    /// [`Transform::is_identity_for`]. ([`apply`] itself returns the stored
    /// bytes whenever the transform turns out to be a no-op.)
    pub fn is_identity(&self) -> bool {
        self.width.is_none()
            && self.height.is_none()
            && !self.lqip
            && self.output == OutputFormat::Original
            && self.quality == DEFAULT_QUALITY
    }

    /// [`Transform::is_identity`] once the output format is resolved for
    /// `source` and the request's `Accept` (see [`accepts_webp`]): no resize,
    /// no placeholder, the output format equals the source's, and either the
    /// quality is the default or the format is lossless (PNG, GIF).
    /// Also true for any resize-free transform of a source this build cannot
    /// decode when the output stays that format.
    pub fn is_identity_for(&self, source: Format, accept_webp: bool) -> bool {
        self.width.is_none()
            && self.height.is_none()
            && !self.lqip
            && self.output_format(source, accept_webp) == source
            && (self.quality == DEFAULT_QUALITY
                || matches!(source, Format::Png | Format::Gif)
                || !source.can_decode())
    }

    /// [`Transform::is_identity_for`] with the raw `Accept` header value:
    /// the stored bytes are the response, no decoding needed.
    pub fn serves_original(&self, source: Format, accept: Option<&str>) -> bool {
        self.is_identity_for(source, accepts_webp(accept))
    }

    /// Whether the response depends on the request's `Accept` header (so it
    /// must carry `Vary: Accept`): no explicit extension (`format=auto`), or
    /// a placeholder without one. This holds for the untransformed response
    /// of such a URL too, since another `Accept` could get WebP instead.
    pub fn follows_accept(&self) -> bool {
        matches!(self.output, OutputFormat::Auto)
            || (self.lqip && self.output == OutputFormat::Original)
    }

    /// The format [`apply`] encodes to for this source and `Accept`.
    pub fn output_format(&self, source: Format, accept_webp: bool) -> Format {
        match self.output {
            OutputFormat::Jpeg => Format::Jpeg,
            OutputFormat::Png => Format::Png,
            OutputFormat::Webp => Format::Webp,
            OutputFormat::Gif => Format::Gif,
            OutputFormat::Original | OutputFormat::Auto if self.lqip => {
                if accept_webp {
                    Format::Webp
                } else {
                    Format::Jpeg
                }
            }
            OutputFormat::Original => source,
            OutputFormat::Auto => {
                if accept_webp && matches!(source, Format::Jpeg | Format::Png | Format::Webp) {
                    Format::Webp
                } else {
                    source
                }
            }
        }
    }

    /// The quality the encoder is given (`min(q, 30)` for placeholders).
    pub fn effective_quality(&self) -> u8 {
        if self.lqip {
            self.quality.min(LQIP_MAX_QUALITY)
        } else {
            self.quality
        }
    }

    /// A canonical cache key for the derived object: the same effective
    /// transform of the same source gives the same key, whatever the order
    /// or spelling of the URL. Normalisations: key order; `face`/`auto` are
    /// `cover`; `fit` is dropped unless both `w` and `h` are given; `q` is
    /// the effective quality and is dropped for PNG/GIF output; `Auto`
    /// without WebP in `Accept` equals `Original`; placeholder outputs are
    /// named by their concrete format. Shape:
    /// `t1/{sha256}/w=100,h=50,fit=cover,q=80,lqip,fmt=jpeg` (absent parts
    /// omitted). `source_sha256` is used as given (lowercase hex expected).
    pub fn cache_key(&self, source_sha256: &str, accept_webp: bool) -> String {
        let fmt = match self.output {
            OutputFormat::Original | OutputFormat::Auto if self.lqip => {
                if accept_webp {
                    "webp"
                } else {
                    "jpeg"
                }
            }
            OutputFormat::Auto if accept_webp => "auto+webp",
            OutputFormat::Auto | OutputFormat::Original => "original",
            other => other.as_str(),
        };
        let mut parts: Vec<String> = Vec::with_capacity(6);
        if let Some(w) = self.width {
            parts.push(format!("w={w}"));
        }
        if let Some(h) = self.height {
            parts.push(format!("h={h}"));
        }
        if self.width.is_some() && self.height.is_some() {
            parts.push(format!("fit={}", self.fit.effective().as_str()));
        }
        if !matches!(fmt, "png" | "gif") {
            parts.push(format!("q={}", self.effective_quality()));
        }
        if self.lqip {
            parts.push("lqip".to_owned());
        }
        parts.push(format!("fmt={fmt}"));
        format!("t1/{source_sha256}/{}", parts.join(","))
    }
}

/// Whether an `Accept` header value lists `image/webp` (case-insensitive,
/// with a `q` other than 0). Wildcards (`image/*`, `*/*`) don't count:
/// browsers that support WebP name it explicitly.
pub fn accepts_webp(accept: Option<&str>) -> bool {
    accept.is_some_and(|accept| {
        accept.split(',').any(|range| {
            let mut parts = range.split(';');
            let media = parts.next().unwrap_or("").trim();
            if !media.eq_ignore_ascii_case("image/webp") {
                return false;
            }
            !parts.any(|p| {
                let p = p.trim();
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                k.trim().eq_ignore_ascii_case("q")
                    && v.trim().parse::<f32>().is_ok_and(|q| q <= 0.0)
            })
        })
    })
}

/// Decodes `bytes` as `format` and applies the EXIF orientation. Memory is
/// bounded by the `image` crate's default limits (512 MiB per allocation).
pub fn decode(bytes: &[u8], format: Format) -> Result<DynamicImage, TransformError> {
    let fmt = format.image_format().ok_or(TransformError::Undecodable)?;
    let mut decoder = ImageReader::with_format(Cursor::new(bytes), fmt)
        .into_decoder()
        .map_err(|_| TransformError::Undecodable)?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let mut img = DynamicImage::from_decoder(decoder).map_err(|_| TransformError::Undecodable)?;
    img.apply_orientation(orientation);
    if img.width() == 0 || img.height() == 0 {
        return Err(TransformError::Undecodable);
    }
    Ok(img)
}

/// The output size and, for `cover`, the centred source crop (left, top,
/// width, height) that has the output's aspect ratio.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Plan {
    width: u32,
    height: u32,
    crop: Option<(f64, f64, f64, f64)>,
}

fn scaled(v: u32, num: f64, den: f64) -> u32 {
    ((v as f64 * num / den).round() as u32).max(1)
}

fn plan(sw: u32, sh: u32, t: &Transform) -> Plan {
    let (mut w, mut h, cover) = match (t.width, t.height) {
        (None, None) => (sw, sh, false),
        (Some(w), None) => {
            let w = w.min(sw);
            (w, scaled(sh, w as f64, sw as f64).min(sh), false)
        }
        (None, Some(h)) => {
            let h = h.min(sh);
            (scaled(sw, h as f64, sh as f64).min(sw), h, false)
        }
        (Some(w), Some(h)) => match t.fit.effective() {
            Fit::Contain => {
                let s = (w as f64 / sw as f64).min(h as f64 / sh as f64).min(1.0);
                (scaled(sw, s, 1.0).min(w), scaled(sh, s, 1.0).min(h), false)
            }
            _ => {
                let s = (w as f64 / sw as f64).max(h as f64 / sh as f64);
                if s > 1.0 {
                    // Shrink the box (keeping its shape) until it fits the source.
                    (scaled(w, 1.0, s).min(sw), scaled(h, 1.0, s).min(sh), true)
                } else {
                    (w, h, true)
                }
            }
        },
    };
    if t.lqip && w > LQIP_WIDTH {
        h = scaled(h, LQIP_WIDTH as f64, w as f64);
        w = LQIP_WIDTH; // the cover crop below takes this (same-shaped) box
    }
    let (sw_f, sh_f, w_f, h_f) = (sw as f64, sh as f64, w as f64, h as f64);
    let crop = cover
        .then(|| {
            if sw_f * h_f > sh_f * w_f {
                (sh_f * w_f / h_f, sh_f) // source is wider: trim the sides
            } else {
                (sw_f, sw_f * h_f / w_f) // source is taller: trim top and bottom
            }
        })
        // Less than half a pixel to trim: the shapes already match.
        .filter(|&(cw, ch)| (cw - sw_f).abs() >= 0.5 || (ch - sh_f).abs() >= 0.5)
        .map(|(cw, ch)| ((sw_f - cw) / 2.0, (sh_f - ch) / 2.0, cw, ch));
    Plan {
        width: w,
        height: h,
        crop,
    }
}

/// 8-bit Luma, RGB or RGBA: the pixel types the resizer and every encoder
/// here handle.
fn normalise(img: DynamicImage) -> DynamicImage {
    match img {
        DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) | DynamicImage::ImageRgba8(_) => {
            img
        }
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.into_rgba8()),
        other => DynamicImage::ImageRgb8(other.into_rgb8()),
    }
}

fn resize(img: &DynamicImage, p: &Plan) -> Result<DynamicImage, TransformError> {
    let (sw, sh) = img.dimensions();
    if let Some((l, t, cw, ch)) = p.crop {
        // A pure crop (no scaling) is exact with `crop_imm`.
        if (cw - p.width as f64).abs() < 1e-9
            && (ch - p.height as f64).abs() < 1e-9
            && l.fract() == 0.0
            && t.fract() == 0.0
        {
            return Ok(img.crop_imm(l as u32, t as u32, p.width, p.height));
        }
    } else if (sw, sh) == (p.width, p.height) {
        return Ok(img.clone());
    }
    let mut options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if let Some((l, t, cw, ch)) = p.crop {
        options = options.crop(l, t, cw, ch);
    }
    let mut dst = DynamicImage::new(p.width, p.height, img.color());
    Resizer::new()
        .resize(img, &mut dst, &options)
        .map_err(|e| TransformError::Unsupported(format!("resize failed: {e}")))?;
    Ok(dst)
}

fn flatten_over_white(img: &DynamicImage) -> DynamicImage {
    if !img.color().has_alpha() {
        return img.clone();
    }
    let rgba = img.to_rgba8();
    let mut rgb = image::RgbImage::new(rgba.width(), rgba.height());
    for (d, s) in rgb.pixels_mut().zip(rgba.pixels()) {
        let a = s.0[3] as u32;
        for i in 0..3 {
            d.0[i] = ((s.0[i] as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    DynamicImage::ImageRgb8(rgb)
}

fn encode(img: &DynamicImage, format: Format, quality: u8) -> Result<Vec<u8>, TransformError> {
    let fail = |e: &dyn fmt::Display| {
        TransformError::Unsupported(format!("{format} encoding failed: {e}"))
    };
    let mut out = Vec::new();
    match format {
        Format::Jpeg => {
            let img = flatten_over_white(img);
            JpegEncoder::new_with_quality(&mut out, quality.clamp(1, 100))
                .encode_image(&img)
                .map_err(|e| fail(&e))?;
        }
        Format::Png => {
            let enc = PngEncoder::new_with_quality(
                &mut out,
                png::CompressionType::Fast,
                png::FilterType::Adaptive,
            );
            img.write_with_encoder(enc).map_err(|e| fail(&e))?;
        }
        Format::Webp => {
            let (w, h) = img.dimensions();
            let mem = match img {
                DynamicImage::ImageRgba8(rgba) => webp::Encoder::from_rgba(rgba.as_raw(), w, h)
                    .encode_simple(false, quality as f32)
                    .map_err(|e| fail(&format!("{e:?}")))?,
                other => {
                    let rgb = other.to_rgb8();
                    webp::Encoder::from_rgb(rgb.as_raw(), w, h)
                        .encode_simple(false, quality as f32)
                        .map_err(|e| fail(&format!("{e:?}")))?
                }
            };
            out.extend_from_slice(&mem);
        }
        Format::Gif => {
            let mut enc = GifEncoder::new_with_speed(&mut out, 10);
            enc.encode_frame(Frame::new(img.to_rgba8()))
                .map_err(|e| fail(&e))?;
        }
        other => {
            return Err(TransformError::Unsupported(format!(
                "cannot encode {other}"
            )));
        }
    }
    Ok(out)
}

/// Applies `t` to `bytes` (whose sniffed format is `source`), choosing the
/// output format with the request's `Accept` header value. Returns the
/// encoded bytes and their format.
///
/// When the transform is a no-op for this source — [`Transform::is_identity_for`],
/// or a resize that the no-upscale clamp turns into nothing while the format
/// and quality are unchanged — the stored bytes are returned unchanged
/// (metadata included). Otherwise the output is re-encoded without metadata.
pub fn apply(
    bytes: &[u8],
    source: Format,
    t: &Transform,
    accept: Option<&str>,
) -> Result<(Vec<u8>, Format), TransformError> {
    let accept_webp = accepts_webp(accept);
    if t.is_identity_for(source, accept_webp) {
        return Ok((bytes.to_vec(), source));
    }
    let out = t.output_format(source, accept_webp);
    let img = decode(bytes, source)?;
    let (sw, sh) = img.dimensions();
    let p = plan(sw, sh, t);
    let unchanged_pixels = p.crop.is_none() && (p.width, p.height) == (sw, sh);
    let same_quality =
        t.effective_quality() == DEFAULT_QUALITY || matches!(out, Format::Png | Format::Gif);
    if unchanged_pixels && out == source && same_quality {
        return Ok((bytes.to_vec(), source));
    }
    let img = resize(&normalise(img), &p)?;
    Ok((encode(&img, out, t.effective_quality())?, out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::media::sniff::{dimensions, sniff};

    use crate::media::fixtures::*;

    const WEBP_ACCEPT: &str = "image/avif,image/webp,image/apng,image/*,*/*;q=0.8";

    fn t(seg: &str) -> Transform {
        Transform::parse(Some(seg), None).unwrap()
    }

    fn t_ext(seg: &str, ext: &str) -> Transform {
        Transform::parse(Some(seg), Some(ext)).unwrap()
    }

    fn run(
        bytes: &[u8],
        src: Format,
        tr: &Transform,
        accept: Option<&str>,
    ) -> (Vec<u8>, Format, (u32, u32)) {
        let (out, fmt) = apply(bytes, src, tr, accept).unwrap();
        assert_eq!(
            sniff(&out),
            Some(fmt),
            "sniffed output must match the reported format"
        );
        let dims = decode(&out, fmt).unwrap().dimensions();
        (out, fmt, dims)
    }

    #[test]
    fn parse_table() {
        let ok = |w, h, fit, q, lqip| {
            Ok(Transform {
                width: w,
                height: h,
                fit,
                quality: q,
                lqip,
                output: OutputFormat::Auto,
            })
        };
        let bad = |_: &str| Err::<Transform, _>(());
        let cases: Vec<(Option<&str>, Result<Transform, ()>)> = vec![
            (None, ok(None, None, Fit::Cover, 80, false)),
            (
                Some("w=800,h=600,fit=contain,q=75"),
                ok(Some(800), Some(600), Fit::Contain, 75, false),
            ),
            (
                Some("q=75,fit=contain,h=600,w=800"),
                ok(Some(800), Some(600), Fit::Contain, 75, false),
            ),
            (Some("w=100"), ok(Some(100), None, Fit::Cover, 80, false)),
            (Some("h=1"), ok(None, Some(1), Fit::Cover, 80, false)),
            (
                Some("w=8192,h=8192"),
                ok(Some(8192), Some(8192), Fit::Cover, 80, false),
            ),
            (Some("w=0400"), ok(Some(400), None, Fit::Cover, 80, false)),
            (Some("fit=face"), ok(None, None, Fit::Face, 80, false)),
            (Some("fit=auto"), ok(None, None, Fit::Auto, 80, false)),
            (Some("fit=cover"), ok(None, None, Fit::Cover, 80, false)),
            (Some("q=1"), ok(None, None, Fit::Cover, 1, false)),
            (Some("q=100"), ok(None, None, Fit::Cover, 100, false)),
            (Some("lqip=true"), ok(None, None, Fit::Cover, 80, true)),
            (Some("lqip=false"), ok(None, None, Fit::Cover, 80, false)),
            (
                Some("w=400,lqip=true"),
                ok(Some(400), None, Fit::Cover, 80, true),
            ),
            (Some("w=0"), bad("zero")),
            (Some("w=8193"), bad("too wide")),
            (Some("h=99999999999"), bad("overflow")),
            (Some("w=-1"), bad("sign")),
            (Some("w=+1"), bad("sign")),
            (Some("w=1.5"), bad("decimal")),
            (Some("w= 1"), bad("space")),
            (Some("w="), bad("empty value")),
            (Some("q=0"), bad("q zero")),
            (Some("q=101"), bad("q high")),
            (Some("fit=stretch"), bad("unknown fit")),
            (Some("fit=COVER"), bad("case")),
            (Some("lqip=1"), bad("lqip value")),
            (Some("w=1,w=2"), bad("duplicate")),
            (Some("q=50,w=1,q=50"), bad("duplicate")),
            (Some("x=1"), bad("unknown key")),
            (Some("W=1"), bad("key case")),
            (Some("format=auto"), bad("not a segment key")),
            (Some(""), bad("empty")),
            (Some(","), bad("empty items")),
            (Some("w=1,"), bad("trailing comma")),
            (Some("w=1,,h=2"), bad("empty item")),
            (Some("=1"), bad("empty key")),
            (Some("w"), bad("no =")),
            (Some("w=1=2"), bad("bad number")),
        ];
        for (seg, want) in cases {
            let got = Transform::parse(seg, None);
            match (&got, &want) {
                (Ok(g), Ok(w)) => assert_eq!(g, w, "{seg:?}"),
                (Err(TransformError::BadRequest(msg)), Err(())) => assert!(!msg.is_empty()),
                _ => panic!("{seg:?}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn parse_extensions() {
        let out = |e: Option<&str>| Transform::parse(None, e).map(|t| t.output);
        assert_eq!(out(None), Ok(OutputFormat::Auto));
        assert_eq!(out(Some("")), Ok(OutputFormat::Auto));
        assert_eq!(out(Some("jpg")), Ok(OutputFormat::Jpeg));
        assert_eq!(out(Some("jpeg")), Ok(OutputFormat::Jpeg));
        assert_eq!(out(Some("JPG")), Ok(OutputFormat::Jpeg));
        assert_eq!(out(Some("png")), Ok(OutputFormat::Png));
        assert_eq!(out(Some("webp")), Ok(OutputFormat::Webp));
        assert_eq!(out(Some("gif")), Ok(OutputFormat::Gif));
        for e in ["avif", "heic", "heif", "tif", "tiff", "bmp", "jxl", "svg"] {
            assert!(
                matches!(out(Some(e)), Err(TransformError::Unsupported(_))),
                "{e}"
            );
        }
        // A bad segment is reported before a bad extension.
        assert!(matches!(
            Transform::parse(Some("x=1"), Some("avif")),
            Err(TransformError::BadRequest(_))
        ));
    }

    #[test]
    fn identity() {
        assert!(Transform::default().is_identity());
        assert!(!Transform::parse(None, None).unwrap().is_identity()); // auto
        assert!(!t("w=10").is_identity());
        assert!(!t("lqip=true").is_identity());
        let q = Transform {
            quality: 50,
            ..Transform::default()
        };
        assert!(!q.is_identity());
        let png = Transform {
            output: OutputFormat::Png,
            ..Transform::default()
        };
        assert!(!png.is_identity());

        let auto = Transform::parse(None, None).unwrap();
        assert!(auto.is_identity_for(Format::Jpeg, false));
        assert!(!auto.is_identity_for(Format::Jpeg, true));
        assert!(auto.is_identity_for(Format::Webp, true));
        assert!(auto.is_identity_for(Format::Gif, true)); // keeps animation
        assert!(auto.is_identity_for(Format::Avif, true)); // served as stored
        assert!(Transform::parse(None, Some("jpg"))
            .unwrap()
            .is_identity_for(Format::Jpeg, true));
        assert!(!Transform::parse(None, Some("png"))
            .unwrap()
            .is_identity_for(Format::Jpeg, true));
        assert!(!t("q=50").is_identity_for(Format::Jpeg, false));
        assert!(t("q=50").is_identity_for(Format::Png, false));
        assert!(!t("w=10").is_identity_for(Format::Png, false));
        assert!(auto.serves_original(Format::Jpeg, Some("image/png,*/*")));
        assert!(!auto.serves_original(Format::Jpeg, Some(WEBP_ACCEPT)));
        assert!(auto.follows_accept());
        assert!(!Transform::parse(None, Some("webp"))
            .unwrap()
            .follows_accept());
        assert!(!Transform::default().follows_accept());
        assert!(Transform {
            lqip: true,
            ..Transform::default()
        }
        .follows_accept());
    }

    #[test]
    fn accept_header() {
        assert!(accepts_webp(Some(WEBP_ACCEPT)));
        assert!(accepts_webp(Some("image/webp")));
        assert!(accepts_webp(Some("IMAGE/WEBP;q=0.5")));
        assert!(accepts_webp(Some("text/html, image/webp ; q=1")));
        assert!(!accepts_webp(Some("image/webp;q=0")));
        assert!(!accepts_webp(Some("image/webp; q=0.0")));
        assert!(!accepts_webp(Some("image/*,*/*")));
        assert!(!accepts_webp(Some("image/webpx")));
        assert!(!accepts_webp(Some("")));
        assert!(!accepts_webp(None));
    }

    #[test]
    fn cache_keys() {
        let sha = "ab".repeat(32);
        let k = |seg: Option<&str>, ext: Option<&str>, webp: bool| {
            Transform::parse(seg, ext).unwrap().cache_key(&sha, webp)
        };
        assert_eq!(
            k(Some("w=100,h=50"), None, false),
            k(Some("h=50,w=100"), None, false)
        );
        assert_eq!(
            k(Some("w=100,h=50"), None, false),
            format!("t1/{sha}/w=100,h=50,fit=cover,q=80,fmt=original")
        );
        assert_eq!(
            k(Some("w=100,h=50"), None, false),
            k(Some("w=100,h=50,fit=cover,q=80"), None, false)
        );
        assert_eq!(
            k(Some("w=100,h=50,fit=face"), None, false),
            k(Some("w=100,h=50,fit=auto"), None, false)
        );
        assert_eq!(
            k(Some("w=100,h=50,fit=face"), None, false),
            k(Some("w=100,h=50"), None, false)
        );
        assert_eq!(
            k(Some("w=100,fit=contain"), None, false),
            k(Some("w=100"), None, false)
        );
        assert_eq!(
            k(Some("w=0100"), Some("JPG"), false),
            k(Some("w=100"), Some("jpeg"), true)
        );
        assert_eq!(
            k(Some("w=100,q=10"), Some("png"), false),
            k(Some("w=100"), Some("png"), false)
        );
        assert_eq!(
            k(Some("lqip=true"), None, false),
            k(Some("lqip=true,q=30"), Some("jpg"), false)
        );
        assert_eq!(
            k(Some("lqip=true"), None, true),
            k(Some("lqip=true,q=90"), Some("webp"), true)
        );
        assert_eq!(k(Some("lqip=false"), None, false), k(None, None, false));
        assert_eq!(
            k(None, None, false),
            Transform::default().cache_key(&sha, false)
        );

        let distinct = [
            k(Some("w=100,h=50"), None, false),
            k(Some("w=100,h=51"), None, false),
            k(Some("w=50,h=100"), None, false),
            k(Some("w=100"), None, false),
            k(Some("h=100"), None, false),
            k(Some("w=100,h=50,fit=contain"), None, false),
            k(Some("w=100,h=50"), None, true),
            k(Some("w=100,h=50,q=79"), None, false),
            k(Some("w=100,h=50"), Some("jpg"), false),
            k(Some("w=100,h=50"), Some("webp"), false),
            k(Some("w=100,h=50"), Some("png"), false),
            k(Some("w=100,h=50"), Some("gif"), false),
            k(Some("w=100,h=50,lqip=true"), None, false),
            k(Some("w=100,h=50,lqip=true"), None, true),
            Transform::parse(Some("w=100,h=50"), None)
                .unwrap()
                .cache_key(&"cd".repeat(32), false),
        ];
        for (i, a) in distinct.iter().enumerate() {
            for b in &distinct[i + 1..] {
                assert_ne!(a, b);
            }
        }
    }

    #[test]
    fn plans() {
        let p = |sw, sh, seg: &str| {
            let pl = plan(sw, sh, &t(seg));
            (pl.width, pl.height, pl.crop.is_some())
        };
        assert_eq!(p(640, 480, "w=320,h=240"), (320, 240, false)); // same aspect: no crop
        assert_eq!(p(640, 480, "w=100,h=100"), (100, 100, true));
        assert_eq!(p(640, 480, "w=100,h=100,fit=contain"), (100, 75, false));
        assert_eq!(p(640, 480, "w=1000,h=100,fit=contain"), (133, 100, false));
        assert_eq!(p(640, 480, "w=2000,h=2000,fit=contain"), (640, 480, false));
        assert_eq!(p(640, 480, "w=1000,h=1000"), (480, 480, true));
        assert_eq!(p(640, 480, "w=1280,h=480"), (640, 240, true));
        assert_eq!(p(640, 480, "w=640,h=480"), (640, 480, false));
        assert_eq!(p(640, 480, "w=320"), (320, 240, false));
        assert_eq!(p(640, 480, "h=120"), (160, 120, false));
        assert_eq!(p(640, 480, "w=5000"), (640, 480, false));
        assert_eq!(p(640, 480, "h=5000"), (640, 480, false));
        assert_eq!(p(640, 480, "w=1"), (1, 1, false));
        assert_eq!(p(640, 480, "lqip=true"), (32, 24, false));
        assert_eq!(p(640, 480, "w=200,h=100,lqip=true"), (32, 16, true));
        assert_eq!(p(16, 12, "lqip=true"), (16, 12, false));
        assert_eq!(p(5000, 2, "w=100"), (100, 1, false));
    }

    #[test]
    fn cover_gives_exact_size() {
        for (seg, want) in [
            ("w=320,h=240", (320, 240)),
            ("w=100,h=100", (100, 100)),
            ("w=300,h=50", (300, 50)),
            ("w=37,h=401", (37, 401)),
            ("w=100,h=100,fit=face", (100, 100)),
            ("w=100,h=100,fit=auto", (100, 100)),
            ("w=640,h=200", (640, 200)), // pure crop
        ] {
            let (_, fmt, dims) = run(PHOTO_JPG, Format::Jpeg, &t(seg), None);
            assert_eq!((fmt, dims), (Format::Jpeg, want), "{seg}");
        }
    }

    #[test]
    fn cover_crops_the_centre() {
        // 64x48 PNG: red channel = 4x, so a centre crop 16 px wide keeps x in 24..40.
        let (out, _, dims) = run(PHOTO_PNG, Format::Png, &t_ext("w=16,h=48", "png"), None);
        assert_eq!(dims, (16, 48));
        let img = decode(&out, Format::Png).unwrap().to_rgba8();
        let r = img.get_pixel(0, 10).0[0];
        assert!(
            (24 * 4 - 4..=24 * 4 + 4).contains(&(r as u32)),
            "left edge red {r}"
        );
    }

    #[test]
    fn contain_fits_inside_keeping_aspect() {
        for (seg, want) in [
            ("w=100,h=100,fit=contain", (100, 75)),
            ("w=320,h=1000,fit=contain", (320, 240)),
            ("w=1000,h=120,fit=contain", (160, 120)),
            ("w=320", (320, 240)),
            ("h=60", (80, 60)),
        ] {
            let (_, _, dims) = run(PHOTO_JPG, Format::Jpeg, &t(seg), None);
            assert_eq!(dims, want, "{seg}");
        }
    }

    #[test]
    fn never_upscales() {
        for (seg, want) in [
            ("w=1280", (640, 480)),
            ("w=1280,h=960,fit=contain", (640, 480)),
            ("w=1000,h=1000", (480, 480)),
            ("w=8192,h=100", (640, 8)),
        ] {
            let (_, _, dims) = run(PHOTO_JPG, Format::Jpeg, &t_ext(seg, "png"), None);
            assert_eq!(dims, want, "{seg}");
        }
        // Clamped to a no-op with the same format and quality: stored bytes.
        let (out, fmt) = apply(PHOTO_JPG, Format::Jpeg, &t("w=2000"), None).unwrap();
        assert_eq!((out.as_slice(), fmt), (PHOTO_JPG, Format::Jpeg));
        let (out, _) = apply(PHOTO_JPG, Format::Jpeg, &t("w=640,h=480"), None).unwrap();
        assert_eq!(out, PHOTO_JPG);
    }

    #[test]
    fn converts_by_extension() {
        for (src, sfmt) in [
            (PHOTO_JPG, Format::Jpeg),
            (PHOTO_PNG, Format::Png),
            (ANIM_GIF, Format::Gif),
            (TINY_WEBP, Format::Webp),
        ] {
            for (ext, want) in [
                ("jpg", Format::Jpeg),
                ("png", Format::Png),
                ("webp", Format::Webp),
                ("gif", Format::Gif),
            ] {
                let (_, fmt, dims) = run(src, sfmt, &t_ext("w=8", ext), Some(WEBP_ACCEPT));
                assert_eq!(fmt, want, "{sfmt} -> {ext}");
                assert_eq!(dims.0, 8, "{sfmt} -> {ext}");
            }
        }
    }

    #[test]
    fn auto_format_follows_accept() {
        let auto = t("w=100");
        let (_, fmt, _) = run(PHOTO_JPG, Format::Jpeg, &auto, Some(WEBP_ACCEPT));
        assert_eq!(fmt, Format::Webp);
        let (_, fmt, _) = run(PHOTO_JPG, Format::Jpeg, &auto, Some("image/png,image/*"));
        assert_eq!(fmt, Format::Jpeg);
        let (_, fmt, _) = run(PHOTO_PNG, Format::Png, &auto, None);
        assert_eq!(fmt, Format::Png);
        let (_, fmt, _) = run(ANIM_GIF, Format::Gif, &t("w=12"), Some(WEBP_ACCEPT));
        assert_eq!(fmt, Format::Gif);
        // No transform and no extension: WebP if accepted, else the stored bytes.
        let none = Transform::parse(None, None).unwrap();
        let (out, fmt) = apply(PHOTO_JPG, Format::Jpeg, &none, None).unwrap();
        assert_eq!((out.as_slice(), fmt), (PHOTO_JPG, Format::Jpeg));
        let (out, fmt, dims) = run(PHOTO_JPG, Format::Jpeg, &none, Some(WEBP_ACCEPT));
        assert_eq!((fmt, dims), (Format::Webp, (640, 480)));
        assert!(
            out.len() < PHOTO_JPG.len(),
            "webp {} vs jpeg {}",
            out.len(),
            PHOTO_JPG.len()
        );
    }

    #[test]
    fn quality_changes_size_monotonically() {
        for ext in ["jpg", "webp"] {
            let sizes: Vec<usize> = [10, 30, 60, 90]
                .iter()
                .map(|q| {
                    apply(
                        PHOTO_JPG,
                        Format::Jpeg,
                        &t_ext(&format!("w=320,q={q}"), ext),
                        None,
                    )
                    .unwrap()
                    .0
                    .len()
                })
                .collect();
            assert!(sizes.windows(2).all(|w| w[0] < w[1]), "{ext}: {sizes:?}");
        }
        // Quality alone (no resize) re-encodes.
        let (out, _) = apply(PHOTO_JPG, Format::Jpeg, &t("q=30"), None).unwrap();
        assert!(out.len() < PHOTO_JPG.len());
    }

    #[test]
    fn lqip_is_tiny() {
        let (out, fmt, dims) = run(PHOTO_JPG, Format::Jpeg, &t("lqip=true"), None);
        assert_eq!((fmt, dims), (Format::Jpeg, (32, 24)));
        assert!(out.len() < 1500, "{} bytes", out.len());
        let (out, fmt, dims) = run(PHOTO_JPG, Format::Jpeg, &t("lqip=true"), Some(WEBP_ACCEPT));
        assert_eq!((fmt, dims), (Format::Webp, (32, 24)));
        assert!(out.len() < 1000, "{} bytes", out.len());
        let (_, fmt, dims) = run(PHOTO_PNG, Format::Png, &t("w=40,h=40,lqip=true"), None);
        assert_eq!((fmt, dims), (Format::Jpeg, (32, 32)));
        let (_, fmt, dims) = run(PHOTO_JPG, Format::Jpeg, &t_ext("lqip=true", "png"), None);
        assert_eq!((fmt, dims), (Format::Png, (32, 24)));
    }

    #[test]
    fn orientation_is_applied_and_metadata_stripped() {
        let (out, _, dims) = run(ROTATED_JPG, Format::Jpeg, &t_ext("w=16", "png"), None);
        assert_eq!(dims, (16, 32));
        let img = decode(&out, Format::Png).unwrap().to_rgb8();
        let (top, bottom) = (img.get_pixel(8, 2).0, img.get_pixel(8, 29).0);
        assert!(top[0] > 150 && top[2] < 100, "top should be red: {top:?}");
        assert!(
            bottom[2] > 150 && bottom[0] < 100,
            "bottom should be blue: {bottom:?}"
        );
        let (out, _, dims) = run(ROTATED_JPG, Format::Jpeg, &t("w=16"), None);
        assert_eq!(dims, (16, 32));
        assert!(
            !out.windows(6).any(|w| w == b"Exif\0\0"),
            "EXIF must be stripped"
        );
        assert_eq!(dimensions(&out, Format::Jpeg), Some((16, 32)));
    }

    #[test]
    fn alpha_is_kept_or_flattened() {
        let (out, _, _) = run(PHOTO_PNG, Format::Png, &t_ext("w=64", "webp"), None);
        let img = decode(&out, Format::Webp).unwrap();
        assert!(img.color().has_alpha());
        assert!(img.to_rgba8().get_pixel(63, 0).0[3] < 64);
        let (out, _, _) = run(PHOTO_PNG, Format::Png, &t_ext("q=95", "jpg"), None);
        let px = decode(&out, Format::Jpeg)
            .unwrap()
            .to_rgb8()
            .get_pixel(63, 20)
            .0;
        assert!(
            px.iter().all(|&c| c > 200),
            "transparent over white: {px:?}"
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            apply(TEXT, Format::Jpeg, &t("w=10"), None),
            Err(TransformError::Undecodable)
        );
        assert_eq!(
            apply(&PHOTO_JPG[..200], Format::Jpeg, &t("w=10"), None),
            Err(TransformError::Undecodable)
        );
        assert_eq!(
            apply(PHOTO_PNG, Format::Jpeg, &t("w=10"), None),
            Err(TransformError::Undecodable)
        );
        assert_eq!(
            apply(FAKE_JXL, Format::Jxl, &t("w=10"), None),
            Err(TransformError::Undecodable)
        );
        // A format we can't decode, untouched: stored bytes.
        let none = Transform::parse(None, None).unwrap();
        let (out, fmt) = apply(FAKE_JXL, Format::Jxl, &none, Some(WEBP_ACCEPT)).unwrap();
        assert_eq!((out.as_slice(), fmt), (FAKE_JXL, Format::Jxl));
        let display = TransformError::BadRequest("x".into()).to_string();
        assert!(display.contains('x'));
    }
}

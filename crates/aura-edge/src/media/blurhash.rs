//! BlurHash of an image, as served by `GET /v1/blurhash/{project}/{name}`.
//!
//! The image is decoded (EXIF orientation applied), shrunk to at most
//! [`MAX_SIDE`] pixels on its long side with an area-averaging filter, and
//! encoded with the `blurhash` crate. Components: [`COMPONENTS_LONG`] (4)
//! along the long axis and [`COMPONENTS_SHORT`] (3) along the short one, so a
//! landscape (or square) image uses 4x3 and a portrait one 3x4; either way
//! the hash is 1 + 1 + 4 + 2 x 11 = 28 characters. Transparent pixels are
//! composited over white first (BlurHash has no alpha).

use fast_image_resize::{FilterType, ResizeAlg, ResizeOptions, Resizer};
use image::{DynamicImage, GenericImageView, RgbaImage};

use super::sniff::Format;
use super::transform::decode;

/// Components along the image's long axis.
pub const COMPONENTS_LONG: u32 = 4;
/// Components along the image's short axis.
pub const COMPONENTS_SHORT: u32 = 3;
/// The long side of the thumbnail the hash is computed from.
pub const MAX_SIDE: u32 = 32;

/// BlurHash of encoded image bytes. `None` when `format` can't be decoded by
/// this build (see [`Format::can_decode`]) or the bytes are not a valid image.
pub fn blurhash(bytes: &[u8], format: Format) -> Option<String> {
    blurhash_image(&decode(bytes, format).ok()?)
}

/// BlurHash of an already decoded image (orientation already applied).
pub fn blurhash_image(img: &DynamicImage) -> Option<String> {
    let (w, h) = img.dimensions();
    if w == 0 || h == 0 {
        return None;
    }
    let (tw, th) = thumb_size(w, h);
    let rgba = if img.color().has_alpha() {
        flatten_over_white(shrink(&DynamicImage::ImageRgba8(as_rgba8(img)), tw, th)?)
    } else {
        let rgb = match img {
            DynamicImage::ImageRgb8(_) => shrink(img, tw, th)?,
            _ => shrink(&DynamicImage::ImageRgb8(img.to_rgb8()), tw, th)?,
        };
        DynamicImage::ImageRgb8(rgb.into_rgb8()).into_rgba8()
    };
    let (cx, cy) = if tw >= th {
        (COMPONENTS_LONG, COMPONENTS_SHORT)
    } else {
        (COMPONENTS_SHORT, COMPONENTS_LONG)
    };
    ::blurhash::encode(cx, cy, tw, th, rgba.as_raw()).ok()
}

fn as_rgba8(img: &DynamicImage) -> RgbaImage {
    match img {
        DynamicImage::ImageRgba8(i) => i.clone(),
        other => other.to_rgba8(),
    }
}

/// At most `MAX_SIDE` on the long side, at least 1 on the short side; images
/// already that small are kept as they are.
fn thumb_size(w: u32, h: u32) -> (u32, u32) {
    if w.max(h) <= MAX_SIDE {
        return (w, h);
    }
    let scale = MAX_SIDE as f64 / w.max(h) as f64;
    let s = |v: u32| ((v as f64 * scale).round() as u32).clamp(1, MAX_SIDE);
    (s(w), s(h))
}

/// Box-filter convolution: each output pixel averages its whole source area,
/// which is what a heavy downscale wants (and it is the cheapest kernel).
fn shrink(img: &DynamicImage, tw: u32, th: u32) -> Option<DynamicImage> {
    if img.dimensions() == (tw, th) {
        return Some(img.clone());
    }
    let mut dst = DynamicImage::new(tw, th, img.color());
    let options = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Box));
    Resizer::new().resize(img, &mut dst, &options).ok()?;
    Some(dst)
}

fn flatten_over_white(img: DynamicImage) -> RgbaImage {
    let mut rgba = img.into_rgba8();
    for p in rgba.pixels_mut() {
        let a = p.0[3] as u32;
        for c in &mut p.0[..3] {
            *c = ((*c as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
        }
        p.0[3] = 255;
    }
    rgba
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::media::fixtures::*;

    const BASE83: &str =
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";

    fn check(hash: &str, cx: u32, cy: u32) {
        assert_eq!(hash.len(), 28, "{hash}");
        assert!(hash.chars().all(|c| BASE83.contains(c)), "{hash}");
        // First character encodes (cx - 1) + (cy - 1) * 9.
        let flag = BASE83.find(hash.chars().next().unwrap()).unwrap() as u32;
        assert_eq!(flag, (cx - 1) + (cy - 1) * 9, "{hash}");
    }

    #[test]
    fn fixtures_hash_to_28_chars() {
        for (bytes, fmt) in [
            (PHOTO_JPG, Format::Jpeg),
            (PHOTO_PNG, Format::Png),
            (ANIM_GIF, Format::Gif),
            (TINY_WEBP, Format::Webp),
        ] {
            let h = blurhash(bytes, fmt).unwrap_or_else(|| panic!("{fmt}"));
            check(&h, 4, 3);
        }
        // Displayed portrait (EXIF orientation 6): 3 across, 4 down.
        check(&blurhash(ROTATED_JPG, Format::Jpeg).unwrap(), 3, 4);
    }

    #[test]
    fn deterministic() {
        let a = blurhash(PHOTO_JPG, Format::Jpeg).unwrap();
        let b = blurhash(PHOTO_JPG, Format::Jpeg).unwrap();
        assert_eq!(a, b);
        assert_ne!(a, blurhash(PHOTO_PNG, Format::Png).unwrap());
    }

    #[test]
    fn decodes_back_to_the_right_colours() {
        // rotated.jpg is red on the left and blue on the right as stored;
        // rotated 90° clockwise for display, red is on top.
        let h = blurhash(ROTATED_JPG, Format::Jpeg).unwrap();
        let px = ::blurhash::decode(&h, 3, 4, 1.0).unwrap();
        let top = &px[4..7]; // pixel (1, 0)
        let bottom = &px[(3 * 3 + 1) * 4..(3 * 3 + 1) * 4 + 3]; // pixel (1, 3)
        assert!(top[0] > top[2], "top should be red: {top:?}");
        assert!(bottom[2] > bottom[0], "bottom should be blue: {bottom:?}");
    }

    #[test]
    fn none_for_undecodable() {
        assert_eq!(blurhash(FAKE_JXL, Format::Jxl), None);
        assert_eq!(blurhash(TEXT, Format::Jpeg), None);
        assert_eq!(blurhash(&PHOTO_JPG[..100], Format::Jpeg), None);
        assert_eq!(blurhash(b"", Format::Png), None);
        assert_eq!(blurhash(PHOTO_JPG, Format::Avif), None);
    }

    #[test]
    fn thumb_sizes() {
        assert_eq!(thumb_size(640, 480), (32, 24));
        assert_eq!(thumb_size(480, 640), (24, 32));
        assert_eq!(thumb_size(5000, 10), (32, 1));
        assert_eq!(thumb_size(16, 12), (16, 12));
        assert_eq!(thumb_size(1, 1), (1, 1));
    }
}

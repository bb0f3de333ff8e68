//! Magic-byte format detection, `allowedTypes` matching and header-only
//! dimensions.
//!
//! Nothing here trusts a file name, an extension or a client-sent
//! `Content-Type`: the format is what the first bytes say it is.

use std::fmt;
use std::io::Cursor;

use image::{ImageDecoder, ImageFormat, ImageReader};

/// An image format the edge can recognise. Only [`Format::can_decode`]
/// formats can be transformed; the others are stored and served as-is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// JPEG (decodable).
    Jpeg,
    /// PNG (decodable).
    Png,
    /// WebP (decodable).
    Webp,
    /// GIF (decodable).
    Gif,
    /// AVIF (ISO-BMFF with an `avif`/`avis` brand).
    Avif,
    /// HEIC/HEIF (ISO-BMFF with a HEVC or generic MIAF brand).
    Heic,
    /// TIFF, either byte order.
    Tiff,
    /// Windows BMP.
    Bmp,
    /// JPEG XL, bare codestream or container.
    Jxl,
}

impl Format {
    /// Every variant, in declaration order.
    pub const ALL: [Format; 9] = [
        Format::Jpeg,
        Format::Png,
        Format::Webp,
        Format::Gif,
        Format::Avif,
        Format::Heic,
        Format::Tiff,
        Format::Bmp,
        Format::Jxl,
    ];

    /// Short lowercase name: `"jpeg"`, `"png"`, `"webp"`, `"gif"`, `"avif"`,
    /// `"heic"`, `"tiff"`, `"bmp"`, `"jxl"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Gif => "gif",
            Format::Avif => "avif",
            Format::Heic => "heic",
            Format::Tiff => "tiff",
            Format::Bmp => "bmp",
            Format::Jxl => "jxl",
        }
    }

    /// The IANA media type (`image/jpeg`, …).
    pub const fn mime(self) -> &'static str {
        match self {
            Format::Jpeg => "image/jpeg",
            Format::Png => "image/png",
            Format::Webp => "image/webp",
            Format::Gif => "image/gif",
            Format::Avif => "image/avif",
            Format::Heic => "image/heic",
            Format::Tiff => "image/tiff",
            Format::Bmp => "image/bmp",
            Format::Jxl => "image/jxl",
        }
    }

    /// The conventional file extension, without the dot (`"jpg"` for JPEG).
    pub const fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::Webp => "webp",
            Format::Gif => "gif",
            Format::Avif => "avif",
            Format::Heic => "heic",
            Format::Tiff => "tiff",
            Format::Bmp => "bmp",
            Format::Jxl => "jxl",
        }
    }

    /// Maps a file extension (case-insensitive, no dot) to a format:
    /// `jpg jpeg png webp gif avif heic heif tif tiff bmp jxl`.
    pub fn from_extension(ext: &str) -> Option<Format> {
        let ext = ext.to_ascii_lowercase();
        Some(match ext.as_str() {
            "jpg" | "jpeg" => Format::Jpeg,
            "png" => Format::Png,
            "webp" => Format::Webp,
            "gif" => Format::Gif,
            "avif" => Format::Avif,
            "heic" | "heif" => Format::Heic,
            "tif" | "tiff" => Format::Tiff,
            "bmp" => Format::Bmp,
            "jxl" => Format::Jxl,
            _ => return None,
        })
    }

    /// Whether this build can decode (and therefore transform) the format.
    pub const fn can_decode(self) -> bool {
        matches!(
            self,
            Format::Jpeg | Format::Png | Format::Webp | Format::Gif
        )
    }

    /// Whether this build can encode the format (same set as decoding).
    pub const fn can_encode(self) -> bool {
        self.can_decode()
    }

    /// The `image` crate's name for the format, for the decodable ones.
    pub(crate) const fn image_format(self) -> Option<ImageFormat> {
        match self {
            Format::Jpeg => Some(ImageFormat::Jpeg),
            Format::Png => Some(ImageFormat::Png),
            Format::Webp => Some(ImageFormat::WebP),
            Format::Gif => Some(ImageFormat::Gif),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

const PNG_SIG: &[u8; 8] = b"\x89PNG\r\n\x1a\n";
const JXL_CONTAINER_SIG: &[u8; 12] = b"\x00\x00\x00\x0cJXL \r\n\x87\n";

/// Detects the format from magic bytes only. Truncated or unknown input
/// gives `None`.
///
/// - JPEG `FF D8 FF`; PNG the 8-byte signature; GIF `GIF87a`/`GIF89a`;
/// - WebP `RIFF????WEBP`;
/// - ISO-BMFF `????ftyp`: any of the major/compatible brands `avif`/`avis`
///   gives [`Format::Avif`], else any of `heic heix heim heis hevc hevx mif1
///   msf1` gives [`Format::Heic`] (AVIF files commonly list `mif1` too, so
///   AVIF brands win);
/// - TIFF `II*\0` / `MM\0*`;
/// - BMP `BM` followed, at offset 14, by a known DIB header size (12, 16,
///   40, 52, 56, 64, 108 or 124): two ASCII letters alone are too weak;
/// - JPEG XL bare codestream `FF 0A` or the 12-byte container signature.
pub fn sniff(bytes: &[u8]) -> Option<Format> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Format::Jpeg);
    }
    if bytes.starts_with(PNG_SIG) {
        return Some(Format::Png);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(Format::Gif);
    }
    if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(Format::Webp);
    }
    if bytes.starts_with(JXL_CONTAINER_SIG) || bytes.starts_with(&[0xFF, 0x0A]) {
        return Some(Format::Jxl);
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Some(Format::Tiff);
    }
    if let Some(f) = sniff_ftyp(bytes) {
        return Some(f);
    }
    if bytes.len() >= 18 && bytes.starts_with(b"BM") {
        let dib = u32::from_le_bytes([bytes[14], bytes[15], bytes[16], bytes[17]]);
        if matches!(dib, 12 | 16 | 40 | 52 | 56 | 64 | 108 | 124) {
            return Some(Format::Bmp);
        }
    }
    None
}

/// How far into an ISO-BMFF file [`sniff`] reads brands: the `ftyp` box,
/// up to this many bytes (60 compatible brands; real files list a handful).
/// A bound, so that an upload's early type check needs a bounded prefix.
pub const FTYP_SNIFF_MAX: usize = 256;

/// ISO-BMFF `ftyp` box: size(4) "ftyp" major(4) minor_version(4) compat(4)*.
fn sniff_ftyp(bytes: &[u8]) -> Option<Format> {
    if bytes.len() < 12 || &bytes[4..8] != b"ftyp" {
        return None;
    }
    let size = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
    // size 0 = "to end of file", 1 = 64-bit size follows (never seen for
    // ftyp); otherwise it must at least hold the major brand and version.
    let end = match size {
        0 | 1 => bytes.len().min(FTYP_SNIFF_MAX),
        n if n < 16 => return None,
        n => bytes.len().min(n).min(FTYP_SNIFF_MAX),
    };
    let major = &bytes[8..12];
    let compat = bytes.get(16..end).unwrap_or(&[]).chunks_exact(4);
    let brands = || std::iter::once(major).chain(compat.clone());
    if brands().any(|b| b == b"avif" || b == b"avis") {
        return Some(Format::Avif);
    }
    const HEIC_BRANDS: [&[u8; 4]; 8] = [
        b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1",
    ];
    if brands().any(|b| HEIC_BRANDS.iter().any(|h| b == *h)) {
        return Some(Format::Heic);
    }
    None
}

/// Whether `format` is accepted by an upload token's `allowedTypes`.
///
/// Each entry is trimmed, lowercased and stripped of `;` parameters, then
/// matches if it is `*/*`, `image/*`, or the format's exact mime type.
/// Aliases: `image/jpg` and `image/pjpeg` for JPEG, `image/heif` for HEIC,
/// `image/x-ms-bmp` for BMP. An empty list allows nothing (the caller
/// decides any default).
pub fn allowed(format: Format, allowed_types: &[String]) -> bool {
    allowed_types.iter().any(|t| {
        let t = t
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        t == "*/*"
            || t == "image/*"
            || t == format.mime()
            || matches!(
                (format, t.as_str()),
                (Format::Jpeg, "image/jpg" | "image/pjpeg")
                    | (Format::Heic, "image/heif")
                    | (Format::Bmp, "image/x-ms-bmp")
            )
    })
}

/// Width and height read from the headers, without decoding the pixels.
///
/// JPEG, PNG, GIF and WebP go through the `image` crate's decoders (header
/// parsing only); for JPEG and WebP an EXIF orientation that rotates by 90°
/// swaps the pair, so the result is the size as displayed (and as
/// [`crate::media::transform::apply`] sees it). BMP and TIFF are read from
/// their fixed headers (first IFD for TIFF). AVIF, HEIC and JPEG XL give
/// `None`, as does anything malformed.
pub fn dimensions(bytes: &[u8], format: Format) -> Option<(u32, u32)> {
    match format {
        Format::Bmp => bmp_dimensions(bytes),
        Format::Tiff => tiff_dimensions(bytes),
        _ => {
            let fmt = format.image_format()?;
            let mut decoder = ImageReader::with_format(Cursor::new(bytes), fmt)
                .into_decoder()
                .ok()?;
            let (w, h) = decoder.dimensions();
            let rotated = matches!(
                decoder.orientation().ok(),
                Some(
                    image::metadata::Orientation::Rotate90
                        | image::metadata::Orientation::Rotate270
                        | image::metadata::Orientation::Rotate90FlipH
                        | image::metadata::Orientation::Rotate270FlipH
                )
            );
            match (w, h) {
                (0, _) | (_, 0) => None,
                _ if rotated => Some((h, w)),
                _ => Some((w, h)),
            }
        }
    }
}

fn bmp_dimensions(b: &[u8]) -> Option<(u32, u32)> {
    let dib = u32::from_le_bytes(b.get(14..18)?.try_into().ok()?);
    let (w, h) = if dib == 12 {
        // BITMAPCOREHEADER: u16 width, u16 height.
        let w = u16::from_le_bytes(b.get(18..20)?.try_into().ok()?) as i64;
        let h = u16::from_le_bytes(b.get(20..22)?.try_into().ok()?) as i64;
        (w, h)
    } else {
        // BITMAPINFOHEADER and later: i32 width, i32 height (negative = top-down).
        let w = i32::from_le_bytes(b.get(18..22)?.try_into().ok()?) as i64;
        let h = i32::from_le_bytes(b.get(22..26)?.try_into().ok()?) as i64;
        (w, h.abs())
    };
    let (w, h) = (u32::try_from(w).ok()?, u32::try_from(h).ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

fn tiff_dimensions(b: &[u8]) -> Option<(u32, u32)> {
    let le = match b.get(0..4)? {
        b"II*\0" => true,
        b"MM\0*" => false,
        _ => return None,
    };
    let u16_at = |o: usize| -> Option<u32> {
        let a: [u8; 2] = b.get(o..o + 2)?.try_into().ok()?;
        Some(if le {
            u16::from_le_bytes(a)
        } else {
            u16::from_be_bytes(a)
        } as u32)
    };
    let u32_at = |o: usize| -> Option<u32> {
        let a: [u8; 4] = b.get(o..o + 4)?.try_into().ok()?;
        Some(if le {
            u32::from_le_bytes(a)
        } else {
            u32::from_be_bytes(a)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    let (mut w, mut h) = (None, None);
    for i in 0..count.min(512) {
        let e = ifd + 2 + i * 12;
        let tag = u16_at(e)?;
        if tag != 256 && tag != 257 {
            continue;
        }
        // Type 3 = SHORT (value in the first 2 bytes of the field), 4 = LONG.
        let value = match u16_at(e + 2)? {
            3 => u16_at(e + 8)?,
            4 => u32_at(e + 8)?,
            _ => return None,
        };
        if tag == 256 {
            w = Some(value);
        } else {
            h = Some(value);
        }
        if let (Some(w), Some(h)) = (w, h) {
            return (w > 0 && h > 0).then_some((w, h));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::media::fixtures::*;

    fn ftyp(major: &[u8; 4], compat: &[&[u8; 4]]) -> Vec<u8> {
        let size = 16 + 4 * compat.len() as u32;
        let mut v = size.to_be_bytes().to_vec();
        v.extend_from_slice(b"ftyp");
        v.extend_from_slice(major);
        v.extend_from_slice(&[0, 0, 0, 0]);
        for c in compat {
            v.extend_from_slice(*c);
        }
        v.extend_from_slice(b"\0\0\0\x08meta");
        v
    }

    fn bmp_header(dib: u32, w: i32, h: i32) -> Vec<u8> {
        let mut v = b"BM".to_vec();
        v.extend_from_slice(&[0; 12]);
        v.extend_from_slice(&dib.to_le_bytes());
        v.extend_from_slice(&w.to_le_bytes());
        v.extend_from_slice(&h.to_le_bytes());
        v.extend_from_slice(&[0; 28]);
        v
    }

    fn tiff_header(le: bool, w: u32, h_short: u16) -> Vec<u8> {
        let mut v = if le {
            b"II*\0".to_vec()
        } else {
            b"MM\0*".to_vec()
        };
        let p16 = |v: &mut Vec<u8>, x: u16| {
            v.extend_from_slice(&if le { x.to_le_bytes() } else { x.to_be_bytes() })
        };
        let p32 = |v: &mut Vec<u8>, x: u32| {
            v.extend_from_slice(&if le { x.to_le_bytes() } else { x.to_be_bytes() })
        };
        p32(&mut v, 8);
        p16(&mut v, 3); // entries
        p16(&mut v, 254); // NewSubfileType LONG 0
        p16(&mut v, 4);
        p32(&mut v, 1);
        p32(&mut v, 0);
        p16(&mut v, 256); // ImageWidth LONG
        p16(&mut v, 4);
        p32(&mut v, 1);
        p32(&mut v, w);
        p16(&mut v, 257); // ImageLength SHORT
        p16(&mut v, 3);
        p32(&mut v, 1);
        p16(&mut v, h_short);
        p16(&mut v, 0);
        p32(&mut v, 0); // next IFD
        v
    }

    #[test]
    fn sniffs_fixtures() {
        assert_eq!(sniff(PHOTO_JPG), Some(Format::Jpeg));
        assert_eq!(sniff(ROTATED_JPG), Some(Format::Jpeg));
        assert_eq!(sniff(PHOTO_PNG), Some(Format::Png));
        assert_eq!(sniff(ANIM_GIF), Some(Format::Gif));
        assert_eq!(sniff(TINY_WEBP), Some(Format::Webp));
        assert_eq!(sniff(FAKE_JXL), Some(Format::Jxl));
        assert_eq!(sniff(TEXT), None);
    }

    #[test]
    fn sniffs_synthetic_headers() {
        let cases: Vec<(Vec<u8>, Option<Format>)> = vec![
            (b"GIF87a\x01\x00".to_vec(), Some(Format::Gif)),
            (b"GIF88a\x01\x00".to_vec(), None),
            (b"RIFF\0\0\0\0WEBPVP8 ".to_vec(), Some(Format::Webp)),
            (b"RIFF\0\0\0\0WAVEfmt ".to_vec(), None),
            (ftyp(b"avif", &[b"mif1", b"miaf"]), Some(Format::Avif)),
            (ftyp(b"mif1", &[b"avif", b"miaf"]), Some(Format::Avif)),
            (ftyp(b"avis", &[]), Some(Format::Avif)),
            (ftyp(b"heic", &[b"mif1"]), Some(Format::Heic)),
            (ftyp(b"heix", &[]), Some(Format::Heic)),
            (ftyp(b"mif1", &[b"heic"]), Some(Format::Heic)),
            (ftyp(b"msf1", &[b"hevc"]), Some(Format::Heic)),
            (ftyp(b"isom", &[b"iso2", b"mp41"]), None), // an MP4
            (ftyp(b"qt  ", &[]), None),
            (b"II*\0\x08\0\0\0".to_vec(), Some(Format::Tiff)),
            (b"MM\0*\0\0\0\x08".to_vec(), Some(Format::Tiff)),
            (bmp_header(40, 2, 2), Some(Format::Bmp)),
            (bmp_header(124, 2, 2), Some(Format::Bmp)),
            (b"BM is not a bitmap, just text".to_vec(), None),
            (b"\xFF\x0A\xFA\x7F".to_vec(), Some(Format::Jxl)),
            (JXL_CONTAINER_SIG.to_vec(), Some(Format::Jxl)),
            (
                b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>".to_vec(),
                None,
            ),
            (b"%PDF-1.7".to_vec(), None),
        ];
        for (bytes, want) in cases {
            assert_eq!(sniff(&bytes), want, "{:?}", String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn truncated_or_empty_is_none() {
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(&[0xFF]), None);
        assert_eq!(sniff(&[0xFF, 0xD8]), None);
        assert_eq!(sniff(&PNG_SIG[..7]), None);
        assert_eq!(sniff(b"GIF89"), None);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEB"), None);
        assert_eq!(sniff(b"\0\0\0\x18ftypav"), None);
        assert_eq!(sniff(b"\0\0\0\x08ftypavif"), None); // box too small
        assert_eq!(sniff(b"II*"), None);
        assert_eq!(sniff(b"BM"), None);
        assert_eq!(sniff(&bmp_header(40, 2, 2)[..17]), None);
        assert_eq!(sniff(&JXL_CONTAINER_SIG[..11]), None);
        // Every strict prefix of the real fixtures shorter than the magic fails.
        for (bytes, n) in [
            (PHOTO_JPG, 3),
            (PHOTO_PNG, 8),
            (ANIM_GIF, 6),
            (TINY_WEBP, 12),
        ] {
            for len in 0..n {
                assert_eq!(sniff(&bytes[..len]), None, "len {len}");
            }
            assert!(sniff(&bytes[..n]).is_some());
        }
    }

    #[test]
    fn format_names() {
        let table = [
            (Format::Jpeg, "jpeg", "image/jpeg", "jpg"),
            (Format::Png, "png", "image/png", "png"),
            (Format::Webp, "webp", "image/webp", "webp"),
            (Format::Gif, "gif", "image/gif", "gif"),
            (Format::Avif, "avif", "image/avif", "avif"),
            (Format::Heic, "heic", "image/heic", "heic"),
            (Format::Tiff, "tiff", "image/tiff", "tiff"),
            (Format::Bmp, "bmp", "image/bmp", "bmp"),
            (Format::Jxl, "jxl", "image/jxl", "jxl"),
        ];
        for (f, s, m, e) in table {
            assert_eq!((f.as_str(), f.mime(), f.extension()), (s, m, e));
            assert_eq!(f.to_string(), s);
            assert_eq!(Format::from_extension(e), Some(f));
            assert_eq!(Format::from_extension(s), Some(f)); // meta stores as_str()
            assert_eq!(Format::from_extension(&e.to_uppercase()), Some(f));
        }
        assert_eq!(Format::ALL.len(), table.len());
        assert_eq!(Format::from_extension("jpeg"), Some(Format::Jpeg));
        assert_eq!(Format::from_extension("heif"), Some(Format::Heic));
        assert_eq!(Format::from_extension("tif"), Some(Format::Tiff));
        assert_eq!(Format::from_extension("svg"), None);
        assert_eq!(Format::from_extension(""), None);
        let decodable: Vec<_> = Format::ALL.into_iter().filter(|f| f.can_decode()).collect();
        assert_eq!(
            decodable,
            [Format::Jpeg, Format::Png, Format::Webp, Format::Gif]
        );
    }

    #[test]
    fn allowed_matrix() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        let table: &[(Format, &[&str], bool)] = &[
            (Format::Jpeg, &["image/*"], true),
            (Format::Jxl, &["image/*"], true),
            (Format::Png, &["*/*"], true),
            (Format::Jpeg, &["image/jpeg"], true),
            (Format::Jpeg, &["IMAGE/JPEG"], true),
            (Format::Jpeg, &[" image/jpeg "], true),
            (Format::Jpeg, &["image/jpeg; q=0.9"], true),
            (Format::Jpeg, &["image/jpg"], true),
            (Format::Jpeg, &["image/png", "image/webp"], false),
            (Format::Png, &["image/png", "image/webp"], true),
            (Format::Webp, &["image/png", "image/webp"], true),
            (Format::Png, &["image/jpg"], false),
            (Format::Heic, &["image/heif"], true),
            (Format::Heic, &["image/heic"], true),
            (Format::Avif, &["image/heic"], false),
            (Format::Gif, &["video/*"], false),
            (Format::Gif, &["image"], false),
            (Format::Gif, &["image/gi"], false),
            (Format::Gif, &[""], false),
            (Format::Gif, &[], false),
            (Format::Jxl, &["image/jpeg", "image/png"], false),
        ];
        for (f, types, want) in table {
            assert_eq!(allowed(*f, &s(types)), *want, "{f} in {types:?}");
        }
    }

    #[test]
    fn fixture_dimensions() {
        assert_eq!(dimensions(PHOTO_JPG, Format::Jpeg), Some((640, 480)));
        assert_eq!(dimensions(PHOTO_PNG, Format::Png), Some((64, 48)));
        assert_eq!(dimensions(ANIM_GIF, Format::Gif), Some((24, 16)));
        assert_eq!(dimensions(TINY_WEBP, Format::Webp), Some((16, 12)));
        // Stored 64x32 with EXIF orientation 6 (rotate 90°): displayed 32x64.
        assert_eq!(dimensions(ROTATED_JPG, Format::Jpeg), Some((32, 64)));
        assert_eq!(dimensions(FAKE_JXL, Format::Jxl), None);
        assert_eq!(dimensions(TEXT, Format::Jpeg), None);
        assert_eq!(dimensions(&PHOTO_JPG[..2], Format::Jpeg), None);
        assert_eq!(dimensions(&PHOTO_PNG[..20], Format::Png), None);
        // Wrong format claimed: the decoder rejects the header.
        assert_eq!(dimensions(PHOTO_PNG, Format::Jpeg), None);
        assert_eq!(dimensions(&ftyp(b"avif", &[]), Format::Avif), None);
    }

    #[test]
    fn bmp_and_tiff_dimensions() {
        assert_eq!(
            dimensions(&bmp_header(40, 300, 200), Format::Bmp),
            Some((300, 200))
        );
        assert_eq!(
            dimensions(&bmp_header(124, 300, -200), Format::Bmp),
            Some((300, 200))
        );
        assert_eq!(dimensions(&bmp_header(40, -3, 2), Format::Bmp), None);
        assert_eq!(dimensions(&bmp_header(40, 0, 2), Format::Bmp), None);
        let mut core = b"BM".to_vec();
        core.extend_from_slice(&[0; 12]);
        core.extend_from_slice(&12u32.to_le_bytes());
        core.extend_from_slice(&[0x2C, 0x01, 0xC8, 0x00]); // 300 x 200 as u16
        assert_eq!(dimensions(&core, Format::Bmp), Some((300, 200)));
        assert_eq!(dimensions(&bmp_header(40, 3, 2)[..20], Format::Bmp), None);

        assert_eq!(
            dimensions(&tiff_header(true, 4000, 3000), Format::Tiff),
            Some((4000, 3000))
        );
        assert_eq!(
            dimensions(&tiff_header(false, 70000, 5), Format::Tiff),
            Some((70000, 5))
        );
        let t = tiff_header(true, 4000, 3000);
        assert_eq!(dimensions(&t[..t.len() - 10], Format::Tiff), None);
        assert_eq!(dimensions(b"II*\0\xff\xff\xff\xff", Format::Tiff), None);
    }
}

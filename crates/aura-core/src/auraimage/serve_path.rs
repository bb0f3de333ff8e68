//! The AuraImage serve-URL grammar (auraimage.md §9, ADR 0022):
//! `/{project}/{transform?}/{name}[.{ext}]`, read back from a URL path; and
//! the service's rules for project and image names (§11). The edge and
//! `inspect` both read paths with these functions.

use serde::Serialize;

use crate::error::{invalid, malformed, Result};
use crate::js::uri::{push_encode_name, push_encode_uri_component};

/// §11: names the hosted service refuses for projects.
pub const RESERVED_PROJECTS: [&str; 8] = [
    "api", "admin", "cdn", "health", "registry", "static", "test", "v1",
];

/// The longest image name the edge stores, in bytes.
pub const MAX_NAME_BYTES: usize = 1024;

/// Whether `name` is one of [`RESERVED_PROJECTS`] (exact, case-sensitive match).
pub fn is_reserved_project(name: &str) -> bool {
    RESERVED_PROJECTS.contains(&name)
}

/// §11 (cli `project-name.ts`): `^[a-z0-9-]+$`, 2–40 characters.
pub fn is_valid_project_name(name: &str) -> bool {
    (2..=40).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An image name the edge accepts: segments separated by `/`, none empty,
/// `.` or `..`; no control characters, no `\ % ? #` (which cannot round-trip
/// through a URL unambiguously) and no `= ,` (only the transform segment
/// holds them, §9); at most [`MAX_NAME_BYTES`]. `invalid_input` otherwise.
pub fn check_name(name: &str) -> Result<()> {
    if name.is_empty() {
        return Err(invalid("image name is empty"));
    }
    if name.len() > MAX_NAME_BYTES {
        return Err(invalid("image name is longer than 1024 bytes"));
    }
    if name
        .chars()
        .any(|c| c.is_control() || matches!(c, '\\' | '%' | '?' | '#' | '=' | ','))
    {
        return Err(invalid(
            "image name contains a control character or one of \\ % ? # = ,",
        ));
    }
    if name
        .split('/')
        .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return Err(invalid("image name has an empty, '.' or '..' segment"));
    }
    Ok(())
}

/// The URL path of an image, as `buildServeUrl` builds it: the project and
/// each name segment through `encodeURIComponent`.
pub fn image_path(project: &str, name: &str) -> String {
    let mut out = String::with_capacity(project.len() + name.len() + 2);
    out.push('/');
    push_encode_uri_component(&mut out, project);
    out.push('/');
    push_encode_name(&mut out, name);
    out
}

/// Extensions the server strips from the last segment of a name.
pub const KNOWN_EXTENSIONS: [&str; 11] = [
    "jpg", "jpeg", "png", "webp", "avif", "gif", "heic", "heif", "tif", "tiff", "bmp",
];

/// A serve path, each part percent-decoded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ServePath {
    /// The first segment: the project name.
    pub project: String,
    /// The optional segment right after the project; the only one holding `=`.
    pub transform: Option<String>,
    /// Extension-less, may contain `/`.
    pub name: String,
    /// The stripped known extension, lower-cased.
    pub extension: Option<String>,
}

/// Splits a known image extension off the last segment: `blog/hero.webp` →
/// (`blog/hero`, `Some("webp")`). Case-insensitive; other extensions stay.
pub fn strip_known_extension(name: &str) -> (&str, Option<&str>) {
    let last_start = name.rfind('/').map_or(0, |i| i + 1);
    if let Some(dot) = name[last_start..].rfind('.') {
        let ext = &name[last_start + dot + 1..];
        if dot > 0 && KNOWN_EXTENSIONS.iter().any(|k| k.eq_ignore_ascii_case(ext)) {
            return (&name[..last_start + dot], Some(ext));
        }
    }
    (name, None)
}

/// `%XX` → byte; a `%` without two hex digits stays literal.
fn percent_decode(segment: &str) -> Result<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap() * 16 + hex(l).unwrap()) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| malformed("URL path is not UTF-8"))
}

/// Reads a URL path (still percent-encoded, as `Url::path` gives it). Each
/// segment is decoded on its own; an encoded `/` inside a segment is refused,
/// as the edge does.
pub fn parse_serve_path(raw_path: &str) -> Result<ServePath> {
    let path = raw_path
        .strip_prefix('/')
        .ok_or_else(|| malformed("path must start with /"))?;
    let mut segments = path
        .split('/')
        .map(|raw| {
            let seg = percent_decode(raw)?;
            if seg.contains('/') {
                return Err(malformed("an encoded '/' (%2F) inside a path segment"));
            }
            Ok(seg)
        })
        .collect::<Result<Vec<_>>>()?;
    if segments.len() < 2 {
        return Err(malformed("path needs /{project}/{name}"));
    }
    let project = segments.remove(0);
    let transform = if segments.len() >= 2 && segments[0].contains('=') {
        Some(segments.remove(0))
    } else {
        None
    };
    let joined = segments.join("/");
    let (name, ext) = strip_known_extension(&joined);
    Ok(ServePath {
        project,
        transform,
        name: name.to_string(),
        extension: ext.map(str::to_ascii_lowercase),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(check_name("blog/hero").is_ok());
        assert!(check_name("héro été").is_ok());
        for bad in [
            "", "a//b", "/a", "a/", "a/../b", "..", ".", "a\0b", "a%2Fb", "a\\b", "w=1", "a,b",
            "a?b", "a#b",
        ] {
            assert_eq!(
                check_name(bad).unwrap_err().code(),
                "invalid_input",
                "{bad:?}"
            );
        }
        assert!(check_name(&"x".repeat(1024)).is_ok());
        assert!(check_name(&"x".repeat(1025)).is_err());
    }

    #[test]
    fn projects() {
        assert!(is_valid_project_name("my-app"));
        assert!(!is_valid_project_name("a"));
        assert!(!is_valid_project_name("My-App"));
        assert!(!is_valid_project_name(&"a".repeat(41)));
        assert!(is_reserved_project("v1") && is_reserved_project("admin"));
        assert!(!is_reserved_project("my-app"));
    }

    #[test]
    fn image_paths() {
        assert_eq!(
            image_path("my-app", "blog/my hero"),
            "/my-app/blog/my%20hero"
        );
        assert_eq!(image_path("a b", "x"), "/a%20b/x");
    }

    #[test]
    fn grammar() {
        let p = parse_serve_path("/demo/w=400,fit=cover/blog/hero.WEBP").unwrap();
        assert_eq!(p.project, "demo");
        assert_eq!(p.transform.as_deref(), Some("w=400,fit=cover"));
        assert_eq!(p.name, "blog/hero");
        assert_eq!(p.extension.as_deref(), Some("webp"));
        let p = parse_serve_path("/a%20b/my%20photo.jxl").unwrap();
        assert_eq!(
            (p.project.as_str(), p.name.as_str()),
            ("a b", "my photo.jxl")
        );
        assert_eq!(p.transform, None);
        // A single segment after the project is the name, even with '='.
        assert_eq!(parse_serve_path("/p/a=b").unwrap().name, "a=b");
        assert_eq!(parse_serve_path("/p/100%25").unwrap().name, "100%");
        assert!(parse_serve_path("/p/a%2Fb").is_err());
        assert!(parse_serve_path("/p").is_err());
        assert_eq!(strip_known_extension(".png"), (".png", None));
    }
}

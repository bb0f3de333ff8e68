//! Paths the edge reads. The AuraImage grammar and naming rules live in the
//! core (`aura_core::auraimage::serve_path`); this module adds the edge's
//! answer when a path is refused, and the stand-ins' file segments.

pub use aura_core::auraimage::{
    image_path as public_path, is_reserved_project, is_valid_project_name, strip_known_extension,
    ServePath,
};

/// Why a path or name is refused (answered as 400).
#[derive(Debug, PartialEq, Eq)]
pub struct BadName(pub String);

/// An image name the edge stores (see `aura_core::auraimage::check_name`).
pub fn check_name(name: &str) -> Result<(), BadName> {
    aura_core::auraimage::check_name(name).map_err(|e| BadName(e.to_string()))
}

/// `/{project}/{transform?}/{name}[.{ext}]`, decoded, with a name the edge
/// could have stored. Each segment is decoded on its own, so an encoded
/// `%2F` can never create a new segment: it is refused instead.
pub fn parse_serve_path(raw_path: &str) -> Result<ServePath, BadName> {
    let path =
        aura_core::auraimage::parse_serve_path(raw_path).map_err(|e| BadName(e.to_string()))?;
    check_name(&path.name)?;
    Ok(path)
}

/// A file path segment under `files/` for the Cloudflare stand-ins.
pub fn check_file_segment(seg: &str) -> bool {
    !seg.is_empty()
        && seg != "."
        && seg != ".."
        && seg.len() <= 255
        && !seg
            .chars()
            .any(|c| c.is_control() || matches!(c, '/' | '\\' | '%'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serve_paths() {
        let p = parse_serve_path("/my-app/w=400,q=75/blog/my%20hero.webp").unwrap();
        assert_eq!(
            (
                p.project.as_str(),
                p.transform.as_deref(),
                p.name.as_str(),
                p.extension.as_deref()
            ),
            ("my-app", Some("w=400,q=75"), "blog/my hero", Some("webp"))
        );
        for bad in [
            "/my-app/a%2Fb",
            "/my-app/a/../b",
            "/my-app/a%00b",
            "/my-app",
            "/my-app/%ff",
            "/p/100%25",
        ] {
            assert!(parse_serve_path(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn file_segments() {
        assert!(check_file_segment("cat-2026"));
        for bad in ["", ".", "..", "a/b", "a\\b", "a%2F", "a\0"] {
            assert!(!check_file_segment(bad), "{bad:?} accepted");
        }
    }
}

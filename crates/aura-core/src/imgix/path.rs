//! `_sanitizePath` / `_sanitize_path`: one leading `/` removed, the rest
//! encoded, `/` put back.

use super::ImgixStyle;
use crate::js::uri::encode_uri_component;

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn encode_except(path: &str, keep: impl Fn(u8) -> bool, space_plus: bool) -> String {
    let mut out = String::with_capacity(path.len() * 3);
    for &b in path.as_bytes() {
        if keep(b) {
            out.push(b as char);
        } else if space_plus && b == b' ' {
            out.push('+');
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        }
    }
    out
}

fn python_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'~')
}

/// `encodeURI(p)` then `# ? : +` escaped: keeps `A–Z a–z 0–9 ; , / @ & = $
/// - _ . ! ~ * ' ( )`.
fn js_file_path(path: &str) -> String {
    encode_except(
        path,
        |b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b';' | b','
                        | b'/'
                        | b'@'
                        | b'&'
                        | b'='
                        | b'$'
                        | b'-'
                        | b'_'
                        | b'.'
                        | b'!'
                        | b'~'
                        | b'*'
                        | b'\''
                        | b'('
                        | b')'
                )
        },
        false,
    )
}

/// The path as the SDK prints and signs it.
pub(super) fn sanitize_path(path: &str, disable_encoding: bool, style: ImgixStyle) -> String {
    if style == ImgixStyle::Python && path.is_empty() {
        return String::new();
    }
    let p = path.strip_prefix('/').unwrap_or(path);
    if disable_encoding {
        return format!("/{p}");
    }
    let encoded = match style {
        ImgixStyle::Js if p.starts_with("http://") || p.starts_with("https://") => {
            encode_uri_component(p)
        }
        ImgixStyle::Js => js_file_path(p),
        // `quote_plus(p)`: space → `+` (imgix-rb changed the same to %20).
        ImgixStyle::Python if p.starts_with("http") => encode_except(p, python_safe, true),
        // `quote(p, safe="/&$;=@,")`.
        ImgixStyle::Python => encode_except(
            p,
            |b| python_safe(b) || matches!(b, b'/' | b'&' | b'$' | b';' | b'=' | b'@' | b','),
            false,
        ),
    };
    format!("/{encoded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_like_the_sdks() {
        let js = |p| sanitize_path(p, false, ImgixStyle::Js);
        let py = |p| sanitize_path(p, false, ImgixStyle::Python);
        assert_eq!(js("&$+,:;=?@#.jpg"), "/&$%2B,%3A;=%3F@%23.jpg");
        assert_eq!(py("&$+,:;=?@#.jpg"), "/&$%2B,%3A;=%3F@%23.jpg");
        assert_eq!(js("!'()*~.jpg"), "/!'()*~.jpg");
        assert_eq!(py("!'()*~.jpg"), "/%21%27%28%29%2A~.jpg");
        assert_eq!(js(""), "/");
        assert_eq!(py(""), "");
        assert_eq!(py("https://a/b c.jpg"), "/https%3A%2F%2Fa%2Fb+c.jpg");
        assert_eq!(js("https://a/b c.jpg"), "/https%3A%2F%2Fa%2Fb%20c.jpg");
        assert_eq!(py("httpfoo/bar.jpg"), "/httpfoo%2Fbar.jpg");
        assert_eq!(js("HTTP://X/y"), "/HTTP%3A//X/y");
        assert_eq!(sanitize_path("/a b", true, ImgixStyle::Js), "/a b");
    }
}

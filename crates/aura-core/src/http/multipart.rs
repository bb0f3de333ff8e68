//! `multipart/form-data` (RFC 7578) with the boundary given by the host
//! (randomness is injected, so bodies are reproducible in tests).

use crate::error::{invalid, Result};

/// A `multipart/form-data` body under construction; parts are appended in call
/// order and [`Multipart::finish`] closes it.
pub struct Multipart {
    boundary: String,
    body: Vec<u8>,
}

/// WHATWG's encoding of names and file names in `Content-Disposition`:
/// `"` → `%22`, CR → `%0D`, LF → `%0A`.
fn escape(s: &str) -> String {
    s.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

impl Multipart {
    /// RFC 2046 §5.1.1: 1–70 characters; here letters, digits, `-` and `_`.
    pub fn new(boundary: &str) -> Result<Self> {
        let ok = (1..=70).contains(&boundary.len())
            && boundary
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !ok {
            return Err(invalid("multipart boundary must be 1-70 of [A-Za-z0-9_-]"));
        }
        Ok(Multipart {
            boundary: boundary.to_string(),
            body: Vec::new(),
        })
    }

    fn open(&mut self, disposition: String, content_type: Option<&str>) {
        self.body.extend_from_slice(b"--");
        self.body.extend_from_slice(self.boundary.as_bytes());
        self.body
            .extend_from_slice(b"\r\nContent-Disposition: form-data; ");
        self.body.extend_from_slice(disposition.as_bytes());
        self.body.extend_from_slice(b"\r\n");
        if let Some(ct) = content_type {
            self.body.extend_from_slice(b"Content-Type: ");
            self.body.extend_from_slice(ct.as_bytes());
            self.body.extend_from_slice(b"\r\n");
        }
        self.body.extend_from_slice(b"\r\n");
    }

    /// Appends a text field `name` (name escaped as WHATWG does; `value` as is).
    pub fn text(mut self, name: &str, value: &str) -> Self {
        self.open(format!("name=\"{}\"", escape(name)), None);
        self.body.extend_from_slice(value.as_bytes());
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// Appends a file part: `name`, `filename` (both escaped as WHATWG does), its
    /// `Content-Type` and its bytes.
    pub fn file(mut self, name: &str, filename: &str, content_type: &str, bytes: &[u8]) -> Self {
        self.open(
            format!(
                "name=\"{}\"; filename=\"{}\"",
                escape(name),
                escape(filename)
            ),
            Some(content_type),
        );
        self.body.extend_from_slice(bytes);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// `(Content-Type header value, body)`.
    pub fn finish(mut self) -> (String, Vec<u8>) {
        self.body.extend_from_slice(b"--");
        self.body.extend_from_slice(self.boundary.as_bytes());
        self.body.extend_from_slice(b"--\r\n");
        (
            format!("multipart/form-data; boundary={}", self.boundary),
            self.body,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_bytes() {
        let (ct, body) = Multipart::new("XyZ")
            .unwrap()
            .file("file", "a\"b.png", "image/png", b"\x89PNG")
            .text("filename", "dir/a.png")
            .finish();
        assert_eq!(ct, "multipart/form-data; boundary=XyZ");
        assert_eq!(
            body,
            b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a%22b.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n--XyZ\r\nContent-Disposition: form-data; name=\"filename\"\r\n\r\ndir/a.png\r\n--XyZ--\r\n".to_vec()
        );
    }

    #[test]
    fn boundaries() {
        assert!(Multipart::new("").is_err());
        assert!(Multipart::new(&"a".repeat(71)).is_err());
        assert!(Multipart::new("a b").is_err());
        assert!(Multipart::new(&"a".repeat(70)).is_ok());
    }
}

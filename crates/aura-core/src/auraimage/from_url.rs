//! `uploadFromUrl(url, options)` as rules without I/O (auraimage.md §8): the
//! name, the limits and the token decided before the fetch, the checks on the
//! source's answer, and the upload built from it. [`crate::exchange`] runs
//! them in order; a host only moves the bytes.

use serde_json::Value;

use super::client::AuraImage;
use super::size::{parse_size, SizeInput};
use super::upload::{UploadOptions, DEFAULT_MAX_SIZE};
use super::upload_request::sdk_answer;
use crate::error::{invalid, AuraError, Result, UploadFromUrlKind};
use crate::http::{Method, Multipart, Request};
use crate::js::whitespace::is_js_whitespace;

/// §8's options. `max_size` follows the SDK's truthiness test: `0` and `""`
/// mean the default 30 MB.
#[derive(Clone, Debug, Default)]
pub struct UploadFromUrlOptions {
    /// Image name; `None` derives it with [`derive_name_from_url`].
    pub name: Option<String>,
    /// Size limit for the source and the upload token (see `parse_size`).
    pub max_size: Option<SizeInput>,
    /// `public` or `private`, passed to the upload token.
    pub visibility: Option<String>,
    /// Passed to the upload token's `overwrite`.
    pub overwrite: Option<bool>,
    /// Milliseconds for the fetch of the source; default 30000.
    pub timeout_ms: Option<f64>,
}

/// The SDK's default fetch timeout (§8 step 4).
pub const DEFAULT_FETCH_TIMEOUT_MS: u64 = 30_000;

/// Everything decided before the source is fetched (§8 steps 1–5).
#[derive(Clone)]
pub(crate) struct FromUrlPlan {
    pub url: String,
    pub name: String,
    pub max_size: u64,
    pub timeout_ms: u64,
    pub token: String,
    pub upload_url: String,
    pub boundary: String,
}

fn error(kind: UploadFromUrlKind, url: &str, status: Option<u16>, message: String) -> AuraError {
    AuraError::UploadFromUrl {
        kind,
        url: url.to_string(),
        status,
        message,
    }
}

/// `deriveNameFromUrl`: the last non-empty segment of `new URL(url).pathname`,
/// not percent-decoded, extension kept.
pub fn derive_name_from_url(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    parsed
        .path()
        .split('/')
        .rfind(|s| !s.is_empty())
        .map(str::to_string)
}

fn is_truthy(size: &SizeInput) -> bool {
    match size {
        SizeInput::Number(n) => *n != 0.0 && !n.is_nan(),
        SizeInput::Text(s) => !s.is_empty(),
    }
}

impl AuraImage {
    /// §8 steps 1–5; `boundary` is the host's random multipart boundary.
    pub(crate) fn plan_upload_from_url(
        &self,
        url: &str,
        options: &UploadFromUrlOptions,
        now: i64,
        boundary: &str,
    ) -> Result<FromUrlPlan> {
        let cdn = self.cdn_url().ok_or_else(|| {
            invalid(
                "AuraImage.uploadFromUrl: cdnUrl is required (set it on the AuraImage constructor)",
            )
        })?;
        let name = match &options.name {
            Some(n) => Some(n.clone()),
            None => derive_name_from_url(url),
        }
        .filter(|n| !n.is_empty())
        .ok_or_else(|| {
            error(
                UploadFromUrlKind::InvalidName,
                url,
                None,
                format!("Could not derive image name from URL: {url}. Provide a name explicitly."),
            )
        })?;
        let max_size = match &options.max_size {
            Some(size) if is_truthy(size) => parse_size(size)?,
            _ => DEFAULT_MAX_SIZE,
        };
        let timeout_ms = match options.timeout_ms {
            None => DEFAULT_FETCH_TIMEOUT_MS,
            Some(t) if t.is_finite() && t >= 0.0 && t.fract() == 0.0 && t <= 2_147_483_647.0 => {
                t as u64
            }
            Some(t) => {
                return Err(invalid(format!(
                    "uploadFromUrl timeout must be a whole number of milliseconds from 0 to 2147483647, got {t}"
                )))
            }
        };
        let token = self.sign_upload(
            &UploadOptions {
                name: Some(name.clone()),
                max_size: Some(SizeInput::Number(max_size as f64)),
                visibility: options.visibility.clone(),
                overwrite: options.overwrite,
                ..UploadOptions::default()
            },
            now,
        )?;
        Multipart::new(boundary)?;
        Ok(FromUrlPlan {
            url: url.to_string(),
            name,
            max_size,
            timeout_ms,
            token,
            upload_url: format!("{cdn}/v1/upload"),
            boundary: boundary.to_string(),
        })
    }
}

impl FromUrlPlan {
    /// §8 step 6: `fetch(url)`. Only http(s) sources are fetched (WHATWG
    /// `fetch` has no other network scheme); the URL is sent as the URL
    /// parser serializes it, as `fetch` does.
    pub fn fetch_request(&self) -> Result<Request> {
        match url::Url::parse(&self.url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => {
                Ok(Request::new(Method::Get, u.as_str()))
            }
            _ => Err(self.fetch_failed("fetch failed: only http(s) URLs can be fetched")),
        }
    }

    /// §8 step 6: a fetch that threw.
    pub fn fetch_failed(&self, message: &str) -> AuraError {
        error(
            UploadFromUrlKind::Fetch,
            &self.url,
            None,
            format!("Failed to fetch URL: {message}"),
        )
    }

    /// §8 step 6: the AbortController fired.
    pub fn fetch_timed_out(&self) -> AuraError {
        error(
            UploadFromUrlKind::Fetch,
            &self.url,
            None,
            format!("Fetch timed out after {}ms: {}", self.timeout_ms, self.url),
        )
    }

    /// §8 steps 7–11: checks the source's answer and builds the upload.
    pub fn upload_request(
        &self,
        status: u16,
        headers: &[(String, String)],
        body: &[u8],
    ) -> Result<Request> {
        let url = &self.url;
        if !(200..300).contains(&status) {
            return Err(error(
                UploadFromUrlKind::Fetch,
                url,
                Some(status),
                format!("Remote server returned {status} for: {url}"),
            ));
        }
        let content_type = header(headers, "content-type").unwrap_or_default();
        if !content_type.starts_with("image/") {
            return Err(error(
                UploadFromUrlKind::ContentType,
                url,
                None,
                format!("Expected image Content-Type, got \"{content_type}\" for: {url}"),
            ));
        }
        if let Some(cl) = header(headers, "content-length") {
            if parse_int(&cl).is_some_and(|n| n > self.max_size as f64) {
                return Err(error(
                    UploadFromUrlKind::Size,
                    url,
                    None,
                    format!(
                        "Content-Length {cl} exceeds max size {} bytes for: {url}",
                        self.max_size
                    ),
                ));
            }
        }
        if body.len() as u64 > self.max_size {
            return Err(error(
                UploadFromUrlKind::Size,
                url,
                None,
                format!(
                    "Downloaded size {} exceeds max size {} bytes for: {url}",
                    body.len(),
                    self.max_size
                ),
            ));
        }
        let (multipart_type, form) = Multipart::new(&self.boundary)?
            .file("file", &self.name, &blob_type(&content_type), body)
            .finish();
        let mut req = Request::new(Method::Post, self.upload_url.clone())
            .header("X-Aura-Signature", self.token.clone())
            .header("Content-Type", multipart_type);
        req.body = form;
        Ok(req)
    }

    /// §8 steps 12–13: the upload result, or `upload` with the status.
    pub fn parse_upload(&self, status: u16, body: &[u8]) -> Result<Value> {
        sdk_answer(status, body).map_err(|e| match e {
            AuraError::RemoteError { status, message } => error(
                UploadFromUrlKind::Upload,
                &self.url,
                Some(status),
                format!("Upload failed ({status}): {message}"),
            ),
            other => other,
        })
    }
}

/// `Headers#get`: the values of `name`, joined with `", "`.
fn header(headers: &[(String, String)], name: &str) -> Option<String> {
    let values: Vec<&str> = headers
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
        .collect();
    (!values.is_empty()).then(|| values.join(", "))
}

/// `parseInt(s, 10)`: leading whitespace, a sign, the longest run of digits;
/// `None` for NaN.
fn parse_int(s: &str) -> Option<f64> {
    let s = s.trim_start_matches(is_js_whitespace);
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let digits: &str = &rest[..rest.bytes().take_while(u8::is_ascii_digit).count()];
    if digits.is_empty() {
        return None;
    }
    let n: f64 = digits.parse().ok()?;
    Some(if negative { -n } else { n })
}

/// The File API's `Blob` type: lower-cased, or empty when a character is
/// outside U+0020–U+007E.
fn blob_type(t: &str) -> String {
    if t.chars().all(|c| ('\u{20}'..='\u{7e}').contains(&c)) {
        t.to_ascii_lowercase()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_urls() {
        for (url, name) in [
            ("https://example.com/images/cat.jpg", Some("cat.jpg")),
            ("https://example.com/a/b/?q=1#f", Some("b")),
            ("https://example.com/my%20photo.png", Some("my%20photo.png")),
            ("https://example.com/my photo.png", Some("my%20photo.png")),
            ("https://example.com/", None),
            ("not a url", None),
        ] {
            assert_eq!(derive_name_from_url(url).as_deref(), name, "{url}");
        }
    }

    #[test]
    fn js_parse_int() {
        assert_eq!(parse_int(" 12abc"), Some(12.0));
        assert_eq!(parse_int("-3"), Some(-3.0));
        assert_eq!(parse_int("abc"), None);
        assert_eq!(parse_int(""), None);
    }

    #[test]
    fn blob_types() {
        assert_eq!(blob_type("image/PNG"), "image/png");
        assert_eq!(blob_type("image/p\u{e9}"), "");
    }
}

//! The upload as data (auraimage.md §8 step 11–13, §10): `POST {cdn}/v1/upload`
//! with `X-Aura-Signature` and one multipart `file` field, and the reading
//! of the answer. The host sends it (aura-client, a binding's fetch…).

use serde_json::Value;

use super::client::AuraImage;
use super::upload::UploadOptions;
use super::visibility::{sdk_error_message, HttpRequest};
use crate::error::{invalid, AuraError, Result};
use crate::http::{Method, Multipart, Request};

impl AuraImage {
    /// A fresh upload token for `options`, and the multipart body the CDN
    /// expects: one `file` part named `filename`, typed `content_type`.
    /// `boundary` is the host's random multipart boundary.
    pub fn upload_request(
        &self,
        file: &[u8],
        filename: &str,
        content_type: &str,
        options: &UploadOptions,
        now: i64,
        boundary: &str,
    ) -> Result<Request> {
        let cdn = self.cdn_url().ok_or_else(|| {
            invalid("AuraImage.upload: cdnUrl is required (set it on the AuraImage constructor)")
        })?;
        if filename.is_empty() || filename.contains(['\r', '\n', '"']) {
            return Err(invalid(
                "upload file name must be non-empty, without quotes or line breaks",
            ));
        }
        let token = self.sign_upload(options, now)?;
        let (multipart_type, body) = Multipart::new(boundary)?
            .file("file", filename, content_type, file)
            .finish();
        let mut req = Request::new(Method::Post, format!("{cdn}/v1/upload"))
            .header("X-Aura-Signature", token)
            .header("Content-Type", multipart_type);
        req.body = body;
        Ok(req)
    }
}

/// 2xx → the upload result object (§10); otherwise `remote_error` with the
/// SDK's message `Upload failed (status): message` (§8 step 12).
pub fn parse_upload_response(status: u16, body: &[u8]) -> Result<Value> {
    sdk_answer(status, body).map_err(|e| match e {
        AuraError::RemoteError { status, message } => AuraError::RemoteError {
            status,
            message: format!("Upload failed ({status}): {message}"),
        },
        other => other,
    })
}

/// A 2xx JSON object, or `remote_error` carrying the SDK's bare
/// `body.message ?? 'unknown error'`; a 2xx that is not an object is
/// `invalid_response`.
pub(crate) fn sdk_answer(status: u16, body: &[u8]) -> Result<Value> {
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    if !(200..300).contains(&status) {
        return Err(AuraError::RemoteError {
            status,
            message: sdk_error_message(parsed.as_ref()),
        });
    }
    match parsed {
        Some(v @ Value::Object(_)) => Ok(v),
        _ => Err(AuraError::InvalidResponse(
            "upload answer is not a JSON object".into(),
        )),
    }
}

impl HttpRequest {
    /// The same request in the core's general HTTP shape.
    pub fn into_request(self) -> Request {
        let method = match self.method {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "DELETE" => Method::Delete,
            _ => Method::Patch,
        };
        Request {
            method,
            url: self.url,
            headers: self.headers,
            body: self.body.into_bytes(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auraimage::sign_upload_token;

    #[test]
    fn request_bytes() {
        let aura = AuraImage::new("sk_test", "demo", None, Some("https://cdn.example/")).unwrap();
        let options = UploadOptions {
            name: Some("blog/hero".into()),
            ..UploadOptions::default()
        };
        let req = aura
            .upload_request(
                b"\xff\xd8\xff",
                "hero.jpg",
                "image/jpeg",
                &options,
                1000,
                "B0",
            )
            .unwrap();
        assert_eq!(req.method, Method::Post);
        assert_eq!(req.url, "https://cdn.example/v1/upload");
        // The token is the one signUpload gives for the same options and clock:
        // payload in the SDK's key order (auraimage.md §3).
        let payload = serde_json::json!({"projectName":"demo","maxSize":31457280,"allowedTypes":["image/*"],"iat":1000,"exp":4600,"name":"blog/hero"});
        let token = sign_upload_token(&payload, "sk_test").unwrap();
        assert_eq!(req.header_value("X-Aura-Signature"), Some(token.as_str()));
        assert_eq!(
            req.header_value("Content-Type"),
            Some("multipart/form-data; boundary=B0")
        );
        assert_eq!(
            req.body,
            b"--B0\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hero.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\xff\xd8\xff\r\n--B0--\r\n".to_vec()
        );
        let no_cdn = AuraImage::new("sk_test", "demo", None, None).unwrap();
        assert_eq!(
            no_cdn
                .upload_request(b"x", "a.jpg", "image/jpeg", &options, 0, "B")
                .unwrap_err()
                .code(),
            "invalid_input"
        );
        assert!(aura
            .upload_request(b"x", "a\"b", "image/jpeg", &options, 0, "B")
            .is_err());
    }

    #[test]
    fn answers() {
        let ok = br#"{"url":"u","name":"n","width":1}"#;
        assert_eq!(parse_upload_response(201, ok).unwrap()["name"], "n");
        assert_eq!(
            parse_upload_response(409, br#"{"message":"Image already exists"}"#).unwrap_err(),
            AuraError::RemoteError {
                status: 409,
                message: "Upload failed (409): Image already exists".into()
            }
        );
        assert_eq!(
            parse_upload_response(500, b"oops").unwrap_err(),
            AuraError::RemoteError {
                status: 500,
                message: "Upload failed (500): unknown error".into()
            }
        );
        assert_eq!(
            parse_upload_response(201, b"[]").unwrap_err().code(),
            "invalid_response"
        );
    }
}

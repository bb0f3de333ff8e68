//! A request described as data. Header values may hold credentials, so
//! `Debug` shows header names only.

use std::fmt;

/// The HTTP methods the core's requests use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method name as sent, upper-case.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// RFC 9110 §9.2.2: repeating it has the effect of sending it once.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }
}

/// An HTTP request for the host to send. `Debug` shows header names only.
#[derive(Clone, PartialEq, Eq)]
pub struct Request {
    /// The HTTP method.
    pub method: Method,
    /// The full URL.
    pub url: String,
    /// In the order to send.
    pub headers: Vec<(String, String)>,
    /// The body bytes (empty for none).
    pub body: Vec<u8>,
}

impl Request {
    /// A request with no headers and an empty body.
    pub fn new(method: Method, url: impl Into<String>) -> Self {
        Request {
            method,
            url: url.into(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// Appends a header (an existing one of the same name is kept).
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    /// A JSON body and its `Content-Type`.
    pub fn json(mut self, body: String) -> Self {
        self.headers
            .push(("Content-Type".into(), "application/json".into()));
        self.body = body.into_bytes();
        self
    }

    /// The value of the first header named `name` (ASCII case-insensitive).
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(k, _)| k.as_str()).collect();
        f.debug_struct("Request")
            .field("method", &self.method.as_str())
            .field("url", &self.url)
            .field("headers", &names)
            .field("body_len", &self.body.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_header_values() {
        let r =
            Request::new(Method::Get, "https://x/y").header("Authorization", "Bearer SECRET-MARK");
        let shown = format!("{r:?}");
        assert!(
            shown.contains("Authorization") && !shown.contains("SECRET-MARK"),
            "{shown}"
        );
    }

    #[test]
    fn idempotent_methods() {
        assert!(
            Method::Get.is_idempotent()
                && Method::Put.is_idempotent()
                && Method::Delete.is_idempotent()
        );
        assert!(!Method::Post.is_idempotent() && !Method::Patch.is_idempotent());
    }
}

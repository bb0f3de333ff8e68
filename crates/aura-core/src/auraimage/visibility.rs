//! `setVisibility` as data (auraimage.md §7): the request to send, and the
//! reading of the answer. The HTTP layer (`aura-client`) does the I/O.

use serde_json::Value;

use crate::error::{invalid, AuraError, Result};
use crate::js::json::push_string;
use crate::js::uri::{push_encode_name, push_encode_uri_component};

/// An image's visibility, the value `setVisibility` sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Visibility {
    /// `public`.
    Public,
    /// `private`.
    Private,
}

impl Visibility {
    /// Reads `public` or `private` (exact case); `invalid_input` otherwise.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "public" => Ok(Visibility::Public),
            "private" => Ok(Visibility::Private),
            _ => Err(invalid(
                "AuraImage.setVisibility: visibility must be 'public' or 'private'",
            )),
        }
    }

    /// The wire value: `public` or `private`.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Private => "private",
        }
    }
}

/// An HTTP request described as data. Header order is the SDK's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// The HTTP method, e.g. `PATCH`.
    pub method: &'static str,
    /// The full request URL.
    pub url: String,
    /// Header name/value pairs, in the order to send them.
    pub headers: Vec<(String, String)>,
    /// The request body (JSON text).
    pub body: String,
}

/// `PATCH {cdn}/v1/images/{enc(project)}/{name per segment}`.
pub(crate) fn set_visibility_request(
    cdn: &str,
    project: &str,
    name: &str,
    visibility: Visibility,
    signature: String,
) -> HttpRequest {
    let mut url = String::with_capacity(cdn.len() + project.len() + name.len() + 16);
    url.push_str(cdn);
    url.push_str("/v1/images/");
    push_encode_uri_component(&mut url, project);
    url.push('/');
    push_encode_name(&mut url, name);
    let mut body = String::from("{\"visibility\":");
    push_string(&mut body, visibility.as_str());
    body.push('}');
    HttpRequest {
        method: "PATCH",
        url,
        headers: vec![
            ("X-Aura-Signature".into(), signature),
            ("Content-Type".into(), "application/json".into()),
        ],
        body,
    }
}

/// The SDK's `body.message ?? 'unknown error'` over `res.json().catch(() => ({}))`
/// (auraimage.md §7 step 5, §8 step 12); a non-string message goes through `String()`.
pub(crate) fn sdk_error_message(parsed: Option<&Value>) -> String {
    match parsed.and_then(|v| v.get("message")) {
        None | Some(Value::Null) => "unknown error".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => crate::js::json::stringify(other),
    }
}

/// Reads the answer: 2xx → the `visibility` the server reports (`None` when
/// the body has none); otherwise `remote_error` with the SDK's message.
pub fn parse_set_visibility_response(status: u16, body: &str) -> Result<Option<String>> {
    let parsed: Option<Value> = serde_json::from_str(body).ok();
    if !(200..300).contains(&status) {
        let message = sdk_error_message(parsed.as_ref());
        return Err(AuraError::RemoteError {
            status,
            message: format!("AuraImage.setVisibility failed ({status}): {message}"),
        });
    }
    match parsed {
        Some(Value::Object(map)) => match map.get("visibility") {
            None => Ok(None),
            Some(Value::String(v)) => Ok(Some(v.clone())),
            Some(_) => Err(AuraError::InvalidResponse(
                "visibility in the answer is not a string".into(),
            )),
        },
        Some(_) => Err(AuraError::InvalidResponse(
            "answer is not a JSON object".into(),
        )),
        None => Err(AuraError::InvalidResponse("answer is not JSON".into())),
    }
}

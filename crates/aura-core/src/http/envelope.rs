//! Cloudflare's v4 response envelope (cloudflare.md §7):
//! `{"success": bool, "errors": [{"code", "message"}], "messages": […], "result": …}`.

use serde_json::Value;

use crate::error::{AuraError, Result};

/// The `result` of a successful answer. A `success: false` envelope or an
/// error status is `remote_error` with the status and every `code: message`
/// pair; a 2xx answer that is not such an envelope is `invalid_response`.
pub fn parse_v4_envelope(status: u16, body: &[u8]) -> Result<Value> {
    let ok_status = (200..300).contains(&status);
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let Some(Value::Object(mut env)) = parsed else {
        return Err(if ok_status {
            AuraError::InvalidResponse(format!("HTTP {status}: the body is not a JSON object"))
        } else {
            AuraError::RemoteError {
                status,
                message: format!("HTTP {status}"),
            }
        });
    };
    let success = env.get("success").and_then(Value::as_bool);
    match (ok_status, success) {
        (true, Some(true)) => Ok(env.remove("result").unwrap_or(Value::Null)),
        (true, None) => Err(AuraError::InvalidResponse(format!(
            "HTTP {status}: no boolean \"success\" in the envelope"
        ))),
        _ => Err(AuraError::RemoteError {
            status,
            message: error_list(env.get("errors")).unwrap_or_else(|| format!("HTTP {status}")),
        }),
    }
}

/// `5403: The given account is not valid; 10000: Authentication error`.
fn error_list(errors: Option<&Value>) -> Option<String> {
    let items = errors?.as_array()?;
    let parts: Vec<String> = items
        .iter()
        .map(|e| {
            let code = e.get("code").map(|c| c.to_string()).unwrap_or_default();
            let msg = e.get("message").and_then(Value::as_str).unwrap_or("");
            match (code.is_empty(), msg.is_empty()) {
                (false, false) => format!("{code}: {msg}"),
                (false, true) => code,
                _ => msg.to_string(),
            }
        })
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_gives_the_result() {
        let body = br#"{"success":true,"errors":[],"messages":[],"result":{"id":"k1"}}"#;
        assert_eq!(
            parse_v4_envelope(200, body).unwrap(),
            serde_json::json!({"id":"k1"})
        );
        let body = br#"{"success":true,"errors":[],"messages":[],"result":null}"#;
        assert_eq!(parse_v4_envelope(200, body).unwrap(), Value::Null);
    }

    #[test]
    fn failures_are_remote_errors_with_codes() {
        let body = br#"{"success":false,"errors":[{"code":5403,"message":"not authorized"},{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}"#;
        assert_eq!(
            parse_v4_envelope(403, body).unwrap_err(),
            AuraError::RemoteError {
                status: 403,
                message: "5403: not authorized; 10000: Authentication error".into()
            }
        );
        // success:false with a 200 status is still an error.
        let body =
            br#"{"success":false,"errors":[{"code":5404,"message":"Not found"}],"result":null}"#;
        assert_eq!(
            parse_v4_envelope(200, body).unwrap_err(),
            AuraError::RemoteError {
                status: 200,
                message: "5404: Not found".into()
            }
        );
        assert_eq!(
            parse_v4_envelope(502, b"<html>bad gateway</html>").unwrap_err(),
            AuraError::RemoteError {
                status: 502,
                message: "HTTP 502".into()
            }
        );
    }

    #[test]
    fn undocumented_success_bodies_are_invalid_responses() {
        for body in [&b"not json"[..], b"[]", b"{\"result\":1}", b""] {
            assert_eq!(
                parse_v4_envelope(200, body).unwrap_err().code(),
                "invalid_response",
                "{body:?}"
            );
        }
    }
}

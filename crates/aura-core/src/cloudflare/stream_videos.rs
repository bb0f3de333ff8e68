//! One Cloudflare Stream video: its details, its `requireSignedURLs` flag,
//! and tokens minted by Cloudflare (cloudflare.md §2.4; seed 003):
//!
//! - `GET /accounts/{a}/stream/{uid}` (`stream-videos-retrieve-video-details`);
//! - `POST /accounts/{a}/stream/{uid}` with `{"uid","requireSignedURLs"}`
//!   (`stream-videos-update-video-details`; seed 003's request);
//! - `POST /accounts/{a}/stream/{uid}/token`
//!   (`stream-videos-create-signed-url-tokens-for-videos`): a fallback signer,
//!   rate limited, for testing or under 1,000 tokens a day, not for Live
//!   WebRTC. Its tokens carry `exp`/`nbf` as strings. Sign locally with
//!   [`crate::stream::StreamSigner`] instead whenever you hold a key.

use std::fmt;

use serde_json::{Map, Value};

use crate::error::{invalid, AuraError, Result};
use crate::http::{parse_v4_envelope, Method, Request};
use crate::secret::Secret;
use crate::stream::{AccessRule, RuleType, MAX_ACCESS_RULES};

use super::api::{check_id, Api};

/// What the API says about a video. `raw` is the whole `result`.
#[derive(Clone, Debug, PartialEq)]
pub struct VideoDetails {
    /// The video's UID.
    pub uid: String,
    /// `false` when absent (the documented default).
    pub require_signed_urls: bool,
    /// `readyToStream`, when present.
    pub ready_to_stream: Option<bool>,
    /// `status.state`: `pendingupload`, `queued`, `inprogress`, `ready`, `error`…
    pub state: Option<String>,
    /// The whole `result` object, as received.
    pub raw: Value,
}

/// The body of `POST /stream/{uid}/token`; every member is optional and
/// omitted when `None` (an empty body gives Cloudflare's defaults: `nbf` one
/// hour before, `exp` one hour after issue).
#[derive(Clone, Default)]
pub struct StreamTokenRequest {
    /// `id` + `pem` (the API's base64 PEM): sign with your own key.
    pub signing_key: Option<(String, Secret)>,
    /// Unix time; at most 24 h after issue (Cloudflare's rule).
    pub exp: Option<i64>,
    /// Unix time in seconds before which the token is refused; must be before `exp`.
    pub nbf: Option<i64>,
    /// `downloadable`: whether the token also allows downloads.
    pub downloadable: Option<bool>,
    /// `accessRules`, at most [`MAX_ACCESS_RULES`] of them.
    pub access_rules: Option<Vec<AccessRule>>,
    /// `flags.original`: the original video, without transformations.
    pub original: Option<bool>,
}

impl fmt::Debug for StreamTokenRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamTokenRequest")
            .field("key_id", &self.signing_key.as_ref().map(|(id, _)| id))
            .field("exp", &self.exp)
            .field("nbf", &self.nbf)
            .field("downloadable", &self.downloadable)
            .field("access_rules", &self.access_rules)
            .field("original", &self.original)
            .finish()
    }
}

/// `GET /accounts/{account_id}/stream/{uid}`.
pub fn video_details_request(api: &Api, uid: &str) -> Result<Request> {
    check_id("a video uid", uid)?;
    Ok(api.request(Method::Get, &["stream", uid]))
}

/// `POST /accounts/{account_id}/stream/{uid}` with
/// `{"uid":"<uid>","requireSignedURLs":<require>}` (seed 003).
pub fn set_video_require_signed_urls_request(
    api: &Api,
    uid: &str,
    require: bool,
) -> Result<Request> {
    check_id("a video uid", uid)?;
    let mut body = Map::new();
    body.insert("uid".into(), Value::String(uid.to_string()));
    body.insert("requireSignedURLs".into(), Value::Bool(require));
    Ok(api
        .request(Method::Post, &["stream", uid])
        .json(Value::Object(body).to_string()))
}

/// A rule in the documented member order `type, action, ip|country` (the
/// order of JSON members does not matter to the API, unlike in a token).
fn rule_json(rule: &AccessRule) -> Result<Value> {
    rule.check_signable()?;
    let strings = |v: &[String]| Value::Array(v.iter().cloned().map(Value::String).collect());
    let mut obj = Map::new();
    obj.insert("type".into(), Value::String(rule.rule_type.as_str().into()));
    obj.insert("action".into(), Value::String(rule.action.as_str().into()));
    match rule.rule_type {
        RuleType::Any => {}
        RuleType::IpSrc => {
            obj.insert("ip".into(), strings(&rule.ip));
        }
        RuleType::IpGeoipCountry => {
            obj.insert("country".into(), strings(&rule.country));
        }
    }
    Ok(Value::Object(obj))
}

/// `POST /accounts/{account_id}/stream/{uid}/token`; the body holds the
/// given members in the order `id, pem, exp, nbf, downloadable, accessRules,
/// flags` (`{}` when none is given).
pub fn stream_token_request(api: &Api, uid: &str, options: &StreamTokenRequest) -> Result<Request> {
    check_id("a video uid", uid)?;
    let mut body = Map::new();
    if let Some((id, pem)) = &options.signing_key {
        check_id("a Stream signing-key id", id)?;
        if pem.is_empty() {
            return Err(invalid("the signing key's pem is empty"));
        }
        body.insert("id".into(), Value::String(id.clone()));
        body.insert("pem".into(), Value::String(pem.expose().to_string()));
    }
    for (name, value) in [("exp", options.exp), ("nbf", options.nbf)] {
        if let Some(t) = value {
            if t < 0 {
                return Err(invalid(format!("{name} must be a Unix time >= 0")));
            }
            body.insert(name.into(), Value::from(t));
        }
    }
    if let (Some(exp), Some(nbf)) = (options.exp, options.nbf) {
        if nbf >= exp {
            return Err(invalid("nbf must be before exp"));
        }
    }
    if let Some(d) = options.downloadable {
        body.insert("downloadable".into(), Value::Bool(d));
    }
    if let Some(rules) = &options.access_rules {
        if rules.len() > MAX_ACCESS_RULES {
            return Err(invalid(format!(
                "at most {MAX_ACCESS_RULES} access rules are allowed, got {}",
                rules.len()
            )));
        }
        let list = rules.iter().map(rule_json).collect::<Result<Vec<_>>>()?;
        body.insert("accessRules".into(), Value::Array(list));
    }
    if let Some(original) = options.original {
        let mut flags = Map::new();
        flags.insert("original".into(), Value::Bool(original));
        body.insert("flags".into(), Value::Object(flags));
    }
    let text = Value::Object(body).to_string();
    Ok(api
        .request(Method::Post, &["stream", uid, "token"])
        .json(text))
}

fn undocumented(what: &str) -> AuraError {
    AuraError::InvalidResponse(format!("Stream video: {what}"))
}

fn video_of(result: Value) -> Result<VideoDetails> {
    let obj = result
        .as_object()
        .ok_or_else(|| undocumented("result is not an object"))?;
    let uid = match obj.get("uid") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => return Err(undocumented("result has no string \"uid\"")),
    };
    let require_signed_urls = match obj.get("requireSignedURLs") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(undocumented("\"requireSignedURLs\" is not a boolean")),
    };
    let ready_to_stream = match obj.get("readyToStream") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => return Err(undocumented("\"readyToStream\" is not a boolean")),
    };
    let state = match obj.get("status").and_then(|s| s.get("state")) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(_) => return Err(undocumented("\"status.state\" is not a string")),
    };
    Ok(VideoDetails {
        uid,
        require_signed_urls,
        ready_to_stream,
        state,
        raw: result,
    })
}

/// The answer to [`video_details_request`].
pub fn parse_video_details(status: u16, body: &[u8]) -> Result<VideoDetails> {
    video_of(parse_v4_envelope(status, body)?)
}

/// The answer to [`set_video_require_signed_urls_request`]: the video as
/// Cloudflare now describes it.
pub fn parse_set_video_require_signed_urls(status: u16, body: &[u8]) -> Result<VideoDetails> {
    video_of(parse_v4_envelope(status, body)?)
}

/// The answer to [`stream_token_request`]: the token (a bearer credential,
/// so a [`Secret`]), which must look like a compact JWS.
pub fn parse_stream_token(status: u16, body: &[u8]) -> Result<Secret> {
    let result = parse_v4_envelope(status, body)?;
    match result.get("token") {
        Some(Value::String(t))
            if t.split('.').count() == 3
                && t.split('.').all(|p| {
                    !p.is_empty()
                        && p.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                }) =>
        {
            Ok(Secret::new(t.clone()))
        }
        Some(Value::String(_)) => Err(undocumented("the token is not a compact JWS")),
        _ => Err(undocumented("result has no string \"token\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cloudflare::test_support::*;
    use crate::stream::RuleAction;

    const UID: &str = "ea95132c15732412d22c1476fa83f27a";
    const TOKEN: &str = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImU5ZGI5OTBhODI2NjZkZDU3MWM3N2Y5NDRhNWM1YzhkIn0.eyJzdWIiOiJlYTk1MTMyYzE1NzMyNDEyZDIyYzE0NzZmYTgzZjI3YSJ9.OZhqOARADn1iubK6GKcn25hN3nU-hCFF5q9w2C4yup0";

    #[test]
    fn details_and_require_signed_request_bytes() {
        let r = video_details_request(&api(), UID).unwrap();
        assert_eq!(r.method, Method::Get);
        assert_eq!(
            r.url,
            format!("https://api.cloudflare.com/client/v4/accounts/{ACCOUNT}/stream/{UID}")
        );
        assert_eq!(r.headers, vec![bearer()]);
        assert!(r.body.is_empty());

        let r = set_video_require_signed_urls_request(&api(), UID, true).unwrap();
        assert_eq!(r.method, Method::Post);
        assert_eq!(r.url, api().url(&["stream", UID]));
        assert_eq!(r.headers, vec![bearer(), json_ct()]);
        assert_eq!(
            r.body,
            format!(r#"{{"uid":"{UID}","requireSignedURLs":true}}"#).into_bytes()
        );
        let r = set_video_require_signed_urls_request(&api(), UID, false).unwrap();
        assert_eq!(
            r.body,
            format!(r#"{{"uid":"{UID}","requireSignedURLs":false}}"#).into_bytes()
        );
        for bad in ["", "x/y", &"a".repeat(33)] {
            assert_eq!(
                set_video_require_signed_urls_request(&api(), bad, true)
                    .unwrap_err()
                    .code(),
                "invalid_input"
            );
            assert!(video_details_request(&api(), bad).is_err());
        }
    }

    #[test]
    fn token_request_bytes() {
        let r = stream_token_request(&api(), UID, &StreamTokenRequest::default()).unwrap();
        assert_eq!(r.method, Method::Post);
        assert_eq!(
            r.url,
            format!("https://api.cloudflare.com/client/v4/accounts/{ACCOUNT}/stream/{UID}/token")
        );
        assert_eq!(r.headers, vec![bearer(), json_ct()]);
        assert_eq!(r.body, b"{}");

        let rules = vec![
            AccessRule::country(RuleAction::Block, &["US", "MX"]).unwrap(),
            AccessRule::ip_src(RuleAction::Allow, &["93.184.216.0/24", "2400:cb00::/32"]).unwrap(),
            AccessRule::any(RuleAction::Block),
        ];
        let options = StreamTokenRequest {
            signing_key: Some((
                "ab0d4ef71a4425f8dcba904123181300".into(),
                Secret::new("UEVNLVNFQ1JFVA=="),
            )),
            exp: Some(1_537_460_365),
            nbf: Some(1_537_453_165),
            downloadable: Some(true),
            access_rules: Some(rules),
            original: Some(false),
        };
        let r = stream_token_request(&api(), UID, &options).unwrap();
        assert_eq!(
            String::from_utf8(r.body).unwrap(),
            r#"{"id":"ab0d4ef71a4425f8dcba904123181300","pem":"UEVNLVNFQ1JFVA==","exp":1537460365,"nbf":1537453165,"downloadable":true,"accessRules":[{"type":"ip.geoip.country","action":"block","country":["US","MX"]},{"type":"ip.src","action":"allow","ip":["93.184.216.0/24","2400:cb00::/32"]},{"type":"any","action":"block"}],"flags":{"original":false}}"#
        );
        let shown = format!("{options:?}");
        assert!(!shown.contains("UEVNLVNFQ1JFVA"), "{shown}");

        // Rules go in the documented member order whatever order they were parsed from.
        let rule =
            AccessRule::from_json(&serde_json::json!({"action":"allow","type":"any"})).unwrap();
        let options = StreamTokenRequest {
            access_rules: Some(vec![rule]),
            ..Default::default()
        };
        let r = stream_token_request(&api(), UID, &options).unwrap();
        assert_eq!(
            r.body,
            br#"{"accessRules":[{"type":"any","action":"allow"}]}"#
        );
    }

    #[test]
    fn token_request_refusals() {
        let bad = [
            StreamTokenRequest {
                exp: Some(-1),
                ..Default::default()
            },
            StreamTokenRequest {
                exp: Some(10),
                nbf: Some(10),
                ..Default::default()
            },
            StreamTokenRequest {
                signing_key: Some(("ab".into(), Secret::new(""))),
                ..Default::default()
            },
            StreamTokenRequest {
                signing_key: Some(("../x".into(), Secret::new("p"))),
                ..Default::default()
            },
            StreamTokenRequest {
                access_rules: Some(vec![AccessRule::any(RuleAction::Allow); 6]),
                ..Default::default()
            },
            StreamTokenRequest {
                // Lower-case countries parse but never match: refused for signing.
                access_rules: Some(vec![AccessRule::from_json(
                    &serde_json::json!({"type":"ip.geoip.country","action":"block","country":["us"]}),
                )
                .unwrap()]),
                ..Default::default()
            },
        ];
        for options in bad {
            assert_eq!(
                stream_token_request(&api(), UID, &options)
                    .unwrap_err()
                    .code(),
                "invalid_input",
                "{options:?}"
            );
        }
    }

    #[test]
    fn parse_videos() {
        let v = parse_video_details(
            200,
            &ok(&format!(
                r#"{{"uid":"{UID}","requireSignedURLs":true,"readyToStream":true,"status":{{"state":"ready","pctComplete":"100"}}}}"#
            )),
        )
        .unwrap();
        assert_eq!(v.uid, UID);
        assert!(v.require_signed_urls);
        assert_eq!(v.ready_to_stream, Some(true));
        assert_eq!(v.state.as_deref(), Some("ready"));
        // Seed 003's answer, trimmed.
        let v = parse_set_video_require_signed_urls(200, &ok(&format!(r#"{{"uid":"{UID}"}}"#)))
            .unwrap();
        assert!(!v.require_signed_urls);
        for result in [
            "null",
            "{}",
            r#"{"uid":5}"#,
            r#"{"uid":"x","requireSignedURLs":1}"#,
            r#"{"uid":"x","readyToStream":"yes"}"#,
            r#"{"uid":"x","status":{"state":3}}"#,
        ] {
            assert_eq!(
                parse_video_details(200, &ok(result)).unwrap_err().code(),
                "invalid_response",
                "{result}"
            );
        }
    }

    #[test]
    fn parse_tokens() {
        let t = parse_stream_token(200, &ok(&format!(r#"{{"token":"{TOKEN}"}}"#))).unwrap();
        assert_eq!(t.expose(), TOKEN);
        for result in [
            "null",
            "{}",
            r#"{"token":5}"#,
            r#"{"token":"abc"}"#,
            r#"{"token":"a..c"}"#,
            r#"{"token":"a.b c.d"}"#,
        ] {
            assert_eq!(
                parse_stream_token(200, &ok(result)).unwrap_err().code(),
                "invalid_response",
                "{result}"
            );
        }
    }

    #[test]
    fn documented_errors() {
        let err = parse_stream_token(429, &failure(10000, "rate limited")).unwrap_err();
        assert_eq!(
            err,
            AuraError::RemoteError {
                status: 429,
                message: "10000: rate limited".into()
            }
        );
        let err = parse_video_details(404, &failure(10003, "not found")).unwrap_err();
        assert_eq!(crate::cloudflare::error_codes(&err), vec![10003]);
    }
}

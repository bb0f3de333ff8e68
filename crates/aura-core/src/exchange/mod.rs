//! Every API operation as a state machine a host drives (sans-IO, as h11 and
//! quinn-proto do): the core builds each request, reads each answer, decides
//! each retry and each next request; a host only moves bytes with the HTTP
//! client its users already mock (reqwest, httpx, `fetch`…) and sleeps when
//! told. The whole host loop:
//!
//! ```text
//! step = exchange.start()
//! while step is Send(out):
//!     sleep(out.delay_ms); send out.request (timeout out.timeout_ms, if any)
//!     step = exchange.receive(status, headers, body, now, jitter)   on an answer
//!          | exchange.fail(NotSent | Lost | TimedOut, message, now, jitter)
//! return step's Answer                  (or the error receive/fail returned)
//! ```
//!
//! Retries follow [`crate::http::next_attempt`]: a POST is sent again only
//! after a 429 or when it was never sent, so a retry never creates a second
//! key. Multi-request operations (`ensureSigningKey`, removing a key,
//! `uploadFromUrl`) are sequenced here too, so no host holds a rule.

mod answer;
mod operations;

pub use answer::{Answer, EnsureAction, Removal};

use crate::auraimage::FromUrlPlan;
use crate::cloudflare::{
    self as cf, error_codes, Api, EnsureDecision, EnsureOptions, RemovalDecision,
};
use crate::error::{AuraError, Result};
use crate::http::{next_attempt, Decision, Outcome, Request, RetryPolicy};

/// The next thing the host does.
#[derive(Debug)]
pub enum Step {
    /// Send `request`, after waiting `delay_ms`.
    Send(Outgoing),
    /// The operation is over.
    Done(Answer),
}

/// A request to send. `Debug` does not show header values (credentials).
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The HTTP request to send.
    pub request: Request,
    /// Wait this long first (0 for a first attempt).
    pub delay_ms: u64,
    /// Give up on this attempt after this long and report
    /// [`Failure::TimedOut`]; `None`: the host's own timeout.
    pub timeout_ms: Option<u64>,
}

/// An attempt that got no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No connection was made (refused, DNS): the request was not sent.
    NotSent,
    /// The connection broke after the request may have reached the server.
    Lost,
    /// The attempt ran past its timeout.
    TimedOut,
}

/// How to read the answer of a one-request operation.
#[derive(Clone, Debug)]
enum Read {
    Visibility,
    Upload,
    ImagesKeys,
    PutImagesKey(String),
    DeleteImagesKey,
    Image,
    SetImage,
    StreamKey,
    StreamKeys,
    RevokeStreamKey,
    Video,
    SetVideo,
    StreamToken,
}

#[derive(Clone, Debug)]
enum Stage {
    /// One request, then done.
    Single(Read),
    /// `ensureSigningKey` (and a safe create): list, then create when
    /// missing. `bare`: answer with the key alone (`ImagesKey`).
    EnsureListing {
        api: Api,
        name: String,
        options: EnsureOptions,
        bare: bool,
    },
    EnsureCreating {
        name: String,
        bare: bool,
    },
    /// An explicit rotation: list, then re-PUT only an existing name.
    RotateListing {
        api: Api,
        name: String,
    },
    /// Removal: list, then delete when present.
    RemoveListing {
        api: Api,
        name: String,
        options: EnsureOptions,
    },
    RemoveDeleting,
    /// `uploadFromUrl`: fetch the source, then upload it.
    FromUrlFetching(Box<FromUrlPlan>),
    FromUrlUploading(Box<FromUrlPlan>),
    /// Done before any request.
    Immediate(Box<Answer>),
}

impl std::fmt::Debug for FromUrlPlan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FromUrlPlan")
            .field("url", &self.url)
            .finish()
    }
}

/// One operation in flight. Build it with the constructors in this module
/// (`Exchange::create_stream_key(&api)`, `Exchange::set_visibility(…)`…).
#[derive(Debug)]
pub struct Exchange {
    stage: Stage,
    policy: RetryPolicy,
    request: Option<Request>,
    timeout_ms: Option<u64>,
    attempt: u32,
}

impl Exchange {
    fn single(request: Request, read: Read) -> Self {
        Exchange::new(Stage::Single(read), Some(request), None)
    }

    fn new(stage: Stage, request: Option<Request>, timeout_ms: Option<u64>) -> Self {
        Exchange {
            stage,
            policy: RetryPolicy::default(),
            request,
            timeout_ms,
            attempt: 0,
        }
    }

    /// Another retry policy (tests, or a caller who wants fewer attempts).
    pub fn with_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The first step: a request to send, or the answer when none is needed.
    pub fn start(&mut self) -> Step {
        if let Stage::Immediate(answer) = &self.stage {
            return Step::Done((**answer).clone());
        }
        self.send(0)
    }

    fn send(&mut self, delay_ms: u64) -> Step {
        self.attempt += 1;
        let request = self
            .request
            .clone()
            .expect("an exchange in flight has a request");
        Step::Send(Outgoing {
            request,
            delay_ms,
            timeout_ms: self.timeout_ms,
        })
    }

    fn next_request(&mut self, stage: Stage, request: Request, timeout_ms: Option<u64>) -> Step {
        self.stage = stage;
        self.request = Some(request);
        self.timeout_ms = timeout_ms;
        self.attempt = 0;
        self.send(0)
    }

    fn current(&self) -> Result<&Request> {
        match (&self.stage, &self.request) {
            (Stage::Immediate(_), _) | (_, None) => Err(AuraError::InvalidInput(
                "this exchange has no request in flight".into(),
            )),
            (_, Some(r)) if self.attempt > 0 => Ok(r),
            _ => Err(AuraError::InvalidInput(
                "start the exchange before reporting an answer".into(),
            )),
        }
    }

    /// The answer to the request last handed out.
    pub fn receive(
        &mut self,
        status: u16,
        headers: &[(String, String)],
        body: &[u8],
        now: i64,
        jitter: f64,
    ) -> Result<Step> {
        let method = self.current()?.method;
        let retry_after = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))
            .map(|(_, v)| v.as_str());
        let decision = next_attempt(
            &self.policy,
            self.attempt,
            method,
            Outcome::Response {
                status,
                retry_after,
            },
            now,
            jitter,
        );
        match decision {
            Decision::Retry { delay_ms } => Ok(self.send(delay_ms)),
            Decision::Done | Decision::Fail => self.answered(status, headers, body),
        }
    }

    /// The request last handed out got no answer (`message` is the
    /// transport's, without the URL's query).
    pub fn fail(&mut self, failure: Failure, message: &str, now: i64, jitter: f64) -> Result<Step> {
        let request = self.current()?;
        let outcome = match failure {
            Failure::NotSent => Outcome::NotSent,
            Failure::Lost | Failure::TimedOut => Outcome::Lost,
        };
        match next_attempt(
            &self.policy,
            self.attempt,
            request.method,
            outcome,
            now,
            jitter,
        ) {
            Decision::Retry { delay_ms } => Ok(self.send(delay_ms)),
            Decision::Done | Decision::Fail => Err(self.failed(failure, message)),
        }
    }

    fn failed(&self, failure: Failure, message: &str) -> AuraError {
        if let Stage::FromUrlFetching(plan) = &self.stage {
            return match failure {
                Failure::TimedOut => plan.fetch_timed_out(),
                _ => plan.fetch_failed(message),
            };
        }
        let request = self.request.as_ref().expect("checked by current()");
        let url = &request.url;
        AuraError::RemoteError {
            status: 0,
            message: format!(
                "{} {} failed after {} attempt(s): {}",
                request.method.as_str(),
                url.split('?').next().unwrap_or(url),
                self.attempt,
                if failure == Failure::TimedOut {
                    "timed out"
                } else {
                    message
                }
            ),
        }
    }

    fn answered(&mut self, status: u16, headers: &[(String, String)], body: &[u8]) -> Result<Step> {
        let stage = std::mem::replace(&mut self.stage, Stage::RemoveDeleting);
        match stage {
            Stage::Single(read) => {
                self.stage = Stage::Single(read.clone());
                Ok(Step::Done(read_single(&read, status, body)?))
            }
            Stage::EnsureListing {
                api,
                name,
                options,
                bare,
            } => {
                let listed = cf::parse_list_images_keys(status, body)?;
                match cf::decide_ensure(&listed, &name, &options)? {
                    EnsureDecision::Adopt(key) => {
                        Ok(Step::Done(ensured(key, EnsureAction::Adopted, bare)))
                    }
                    EnsureDecision::Create => {
                        let req = cf::create_images_key_request(&api, &name)?;
                        Ok(self.next_request(Stage::EnsureCreating { name, bare }, req, None))
                    }
                    EnsureDecision::Refuse { reason } => Err(AuraError::InvalidInput(reason)),
                }
            }
            Stage::EnsureCreating { name, bare } => {
                let key = cf::parse_put_images_key(status, body, &name)?;
                Ok(Step::Done(ensured(key, EnsureAction::Created, bare)))
            }
            Stage::RotateListing { api, name } => {
                let listed = cf::parse_list_images_keys(status, body)?;
                if !listed.iter().any(|k| k.name == name) {
                    return Err(AuraError::KeyNotFound(name));
                }
                let req = cf::rotate_images_key_request(&api, &name)?;
                Ok(self.next_request(Stage::Single(Read::PutImagesKey(name)), req, None))
            }
            Stage::RemoveListing { api, name, options } => {
                let listed = cf::parse_list_images_keys(status, body)?;
                match cf::decide_removal(&listed, &name, &options)? {
                    RemovalDecision::Keep => Ok(Step::Done(Answer::Removed(Removal::Kept))),
                    RemovalDecision::AlreadyGone => {
                        Ok(Step::Done(Answer::Removed(Removal::AlreadyGone)))
                    }
                    RemovalDecision::Delete { .. } => {
                        let req = cf::delete_images_key_request(&api, &name)?;
                        Ok(self.next_request(Stage::RemoveDeleting, req, None))
                    }
                }
            }
            Stage::RemoveDeleting => match cf::parse_delete_images_key(status, body) {
                Ok(remaining) => Ok(Step::Done(Answer::Removed(Removal::Deleted { remaining }))),
                Err(e) if error_codes(&e).contains(&5404) => {
                    Ok(Step::Done(Answer::Removed(Removal::AlreadyGone)))
                }
                Err(e) => Err(e),
            },
            Stage::FromUrlFetching(plan) => {
                let req = plan.upload_request(status, headers, body)?;
                Ok(self.next_request(Stage::FromUrlUploading(plan), req, None))
            }
            Stage::FromUrlUploading(plan) => {
                let result = plan.parse_upload(status, body);
                self.stage = Stage::FromUrlUploading(plan);
                Ok(Step::Done(Answer::Uploaded(result?)))
            }
            Stage::Immediate(answer) => {
                self.stage = Stage::Immediate(answer);
                Err(AuraError::InvalidInput(
                    "this exchange has no request in flight".into(),
                ))
            }
        }
    }
}

fn ensured(key: crate::cloudflare::ImagesSigningKey, action: EnsureAction, bare: bool) -> Answer {
    if bare {
        Answer::ImagesKey(key)
    } else {
        Answer::Ensured { key, action }
    }
}

fn read_single(read: &Read, status: u16, body: &[u8]) -> Result<Answer> {
    use crate::auraimage::{parse_set_visibility_response, parse_upload_response};
    Ok(match read {
        Read::Visibility => Answer::Visibility(parse_set_visibility_response(
            status,
            &String::from_utf8_lossy(body),
        )?),
        Read::Upload => Answer::Uploaded(parse_upload_response(status, body)?),
        Read::ImagesKeys => Answer::ImagesKeys(cf::parse_list_images_keys(status, body)?),
        Read::PutImagesKey(name) => {
            Answer::ImagesKey(cf::parse_put_images_key(status, body, name)?)
        }
        Read::DeleteImagesKey => Answer::ImagesKeys(cf::parse_delete_images_key(status, body)?),
        Read::Image => Answer::Image(cf::parse_image_details(status, body)?),
        Read::StreamKey => Answer::StreamKey(cf::parse_create_stream_key(status, body)?),
        Read::StreamKeys => Answer::StreamKeys(cf::parse_list_stream_keys(status, body)?),
        Read::RevokeStreamKey => {
            Answer::StreamKeyRevoked(cf::parse_revoke_stream_key(status, body)?)
        }
        Read::SetImage => Answer::Image(cf::parse_set_image_require_signed_urls(status, body)?),
        Read::Video => Answer::Video(cf::parse_video_details(status, body)?),
        Read::SetVideo => Answer::Video(cf::parse_set_video_require_signed_urls(status, body)?),
        Read::StreamToken => Answer::StreamToken(cf::parse_stream_token(status, body)?),
    })
}

#[cfg(test)]
mod tests;

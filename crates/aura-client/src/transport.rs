//! The loop "send → ask the core → wait or stop", holding no rule of its own.

use std::sync::Arc;
use std::time::Duration;

use aura_core::exchange::{Answer, Exchange, Failure, Step};
use aura_core::http::{next_attempt, Decision, Method, Outcome, Request, RetryPolicy};
use aura_core::keys::{OsRandom, RandomSource};
use aura_core::AuraError;
use bytes::Bytes;

/// The host's clock (Unix seconds), injected so tests can fix it.
pub trait Clock: Send + Sync + 'static {
    /// The current time in Unix seconds.
    fn now(&self) -> i64;
}

/// The system clock ([`std::time::SystemTime`]); 0 if it reads before the
/// Unix epoch.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }
}

/// A final response.
#[derive(Clone, Debug)]
pub struct Response {
    /// The HTTP status code.
    pub status: u16,
    /// The headers in the order received, names lower-case; a header whose
    /// value is not visible ASCII is left out.
    pub headers: Vec<(String, String)>,
    /// The whole body.
    pub body: Bytes,
    /// How many attempts it took.
    pub attempts: u32,
}

impl Response {
    /// The first header called `name` (compared ASCII case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Sends core-built requests with retries decided by the core.
#[derive(Clone)]
pub struct Transport {
    client: reqwest::Client,
    policy: RetryPolicy,
    clock: Arc<dyn Clock>,
    jitter: Arc<dyn Fn() -> f64 + Send + Sync>,
}

fn os_jitter() -> f64 {
    let mut b = [0u8; 8];
    let _ = OsRandom.fill(&mut b);
    (u64::from_le_bytes(b) >> 11) as f64 / (1u64 << 53) as f64
}

impl Transport {
    /// A transport with a 30 s per-attempt timeout and the default policy.
    pub fn new() -> Result<Self, AuraError> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| AuraError::Internal(format!("HTTP client: {e}")))?;
        Ok(Transport::with_client(client))
    }

    /// Your own reqwest client (proxies, roots, timeouts).
    pub fn with_client(client: reqwest::Client) -> Self {
        Transport {
            client,
            policy: RetryPolicy::default(),
            clock: Arc::new(SystemClock),
            jitter: Arc::new(os_jitter),
        }
    }

    /// The retry policy of [`Transport::send`] (default: 3 attempts, 500 ms
    /// base delay, 30 s cap). [`Transport::drive`] does not use it: an
    /// [`Exchange`] carries its own policy.
    pub fn policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The clock used for `Retry-After` dates and for the `now` handed to the
    /// core (default: [`SystemClock`]).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Jitter in `[0, 1)` (tests pass a constant).
    pub fn jitter(mut self, jitter: Arc<dyn Fn() -> f64 + Send + Sync>) -> Self {
        self.jitter = jitter;
        self
    }

    /// The transport's clock, in Unix seconds.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    fn build(&self, req: &Request) -> reqwest::RequestBuilder {
        let method = match req.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut b = self.client.request(method, &req.url);
        for (k, v) in &req.headers {
            b = b.header(k, v);
        }
        if !req.body.is_empty() {
            b = b.body(req.body.clone());
        }
        b
    }

    /// One attempt: the status, the headers (those that are text) and the
    /// whole body.
    async fn exchange_bytes(
        builder: reqwest::RequestBuilder,
    ) -> Result<(u16, Vec<(String, String)>, Bytes), reqwest::Error> {
        let res = builder.send().await?;
        let status = res.status().as_u16();
        let headers = res
            .headers()
            .iter()
            .filter_map(|(k, v)| Some((k.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect();
        Ok((status, headers, res.bytes().await?))
    }

    /// Runs an operation to its end: sends what the core hands out, waits
    /// when it says, and reports each answer or failure back. No rule here.
    pub async fn drive(&self, mut ex: Exchange) -> Result<Answer, AuraError> {
        let mut step = ex.start();
        loop {
            let out = match step {
                Step::Done(answer) => return Ok(answer),
                Step::Send(out) => out,
            };
            if out.delay_ms > 0 {
                tokio::time::sleep(Duration::from_millis(out.delay_ms)).await;
            }
            let mut builder = self.build(&out.request);
            if let Some(ms) = out.timeout_ms {
                builder = builder.timeout(Duration::from_millis(ms));
            }
            let answer = Self::exchange_bytes(builder).await;
            let (now, jitter) = (self.clock.now(), (self.jitter)());
            step = match answer {
                Ok((status, headers, body)) => ex.receive(status, &headers, &body, now, jitter)?,
                Err(e) => {
                    let failure = if e.is_connect() {
                        Failure::NotSent
                    } else if e.is_timeout() {
                        Failure::TimedOut
                    } else {
                        Failure::Lost
                    };
                    ex.fail(failure, &e.without_url().to_string(), now, jitter)?
                }
            };
        }
    }

    /// Sends `req` until the core says stop. A response is returned whatever
    /// its status (its parser decides); a transport failure that the core
    /// does not retry is `remote_error` with status 0.
    pub async fn send(&self, req: &Request) -> Result<Response, AuraError> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (outcome, answer) = match Self::exchange_bytes(self.build(req)).await {
                Ok((status, headers, body)) => (
                    None,
                    Ok(Response {
                        status,
                        headers,
                        body,
                        attempts: attempt,
                    }),
                ),
                Err(e) if e.is_connect() => (Some(Outcome::NotSent), Err(e)),
                Err(e) => (Some(Outcome::Lost), Err(e)),
            };
            let decision = match (&outcome, &answer) {
                (None, Ok(r)) => next_attempt(
                    &self.policy,
                    attempt,
                    req.method,
                    Outcome::Response {
                        status: r.status,
                        retry_after: r.header("retry-after"),
                    },
                    self.clock.now(),
                    (self.jitter)(),
                ),
                (Some(o), _) => next_attempt(
                    &self.policy,
                    attempt,
                    req.method,
                    *o,
                    self.clock.now(),
                    (self.jitter)(),
                ),
                (None, Err(_)) => Decision::Fail,
            };
            match decision {
                Decision::Retry { delay_ms } => {
                    tokio::time::sleep(Duration::from_millis(delay_ms)).await;
                }
                Decision::Done | Decision::Fail => {
                    return answer.map_err(|e| AuraError::RemoteError {
                        status: 0,
                        message: format!(
                            "{} {} failed after {attempt} attempt(s): {}",
                            req.method.as_str(),
                            without_query(&req.url),
                            if e.is_timeout() {
                                "timed out".to_string()
                            } else {
                                e.without_url().to_string()
                            }
                        ),
                    })
                }
            }
        }
    }
}

/// URLs may carry tokens in their query; errors show the path only.
fn without_query(url: &str) -> &str {
    url.split('?').next().unwrap_or(url)
}

//! When to send a request again, as a pure function of what happened.
//!
//! - 429: the server did not act on the request, so any method is retried,
//!   after `Retry-After` when given (a POST is retried **only** here, so a
//!   retry never creates a second key: Cloudflare's Python SDK 5.9.0 retries
//!   a failed `POST /stream/keys` twice and can leave three keys behind).
//! - 408, 500, 502, 503, 504 and a connection lost after the request may
//!   have been sent: only idempotent methods (GET, PUT, DELETE).
//! - A connection that was never established: nothing was sent, so any
//!   method is retried.
//! - Everything else is final: the response parser reports it.
//!
//! Backoff is exponential with full jitter: `jitter × min(cap, base × 2^(n−1))`
//! with `jitter ∈ [0, 1)` injected by the host, so tests are deterministic.

use super::request::Method;
use super::retry_after::parse_retry_after;

/// How often and how long to retry; the default is 3 attempts, a 500 ms base
/// delay and a 30 s cap.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = never retry).
    pub max_attempts: u32,
    /// The backoff base, in milliseconds: the cap for the first retry's jittered wait,
    /// doubling with each attempt.
    pub base_delay_ms: u64,
    /// No single wait is longer, `Retry-After` included.
    pub max_delay_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay_ms: 500,
            max_delay_ms: 30_000,
        }
    }
}

/// What one attempt gave.
#[derive(Clone, Copy, Debug)]
pub enum Outcome<'a> {
    /// A response arrived.
    Response {
        /// The HTTP status.
        status: u16,
        /// The raw `Retry-After` header value, if any.
        retry_after: Option<&'a str>,
    },
    /// No connection was made (refused, DNS): the request was not sent.
    NotSent,
    /// Timed out or lost after the request may have reached the server.
    Lost,
}

/// What [`next_attempt`] decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Wait this long, then send the same request again.
    Retry {
        /// Milliseconds to wait.
        delay_ms: u64,
    },
    /// Final: hand the response to its parser.
    Done,
    /// Final and no response: report the transport failure.
    Fail,
}

fn backoff(policy: &RetryPolicy, attempt: u32, jitter: f64) -> u64 {
    let exp = policy
        .base_delay_ms
        .saturating_mul(1u64 << (attempt.saturating_sub(1)).min(32));
    let capped = exp.min(policy.max_delay_ms) as f64;
    (capped * jitter.clamp(0.0, 1.0)) as u64
}

/// After attempt number `attempt` (1 for the first) of a `method` request
/// ended with `outcome`: retry (and after how long), or stop.
pub fn next_attempt(
    policy: &RetryPolicy,
    attempt: u32,
    method: Method,
    outcome: Outcome<'_>,
    now: i64,
    jitter: f64,
) -> Decision {
    let retryable = match outcome {
        Outcome::Response { status: 429, .. } | Outcome::NotSent => true,
        Outcome::Response {
            status: 408 | 500 | 502 | 503 | 504,
            ..
        }
        | Outcome::Lost => method.is_idempotent(),
        Outcome::Response { .. } => false,
    };
    let final_decision = match outcome {
        Outcome::Response { .. } => Decision::Done,
        Outcome::NotSent | Outcome::Lost => Decision::Fail,
    };
    if !retryable || attempt >= policy.max_attempts {
        return final_decision;
    }
    let delay_ms = match outcome {
        Outcome::Response {
            retry_after: Some(v),
            ..
        } => match parse_retry_after(v, now) {
            Some(s) => s.saturating_mul(1000).min(policy.max_delay_ms),
            None => backoff(policy, attempt, jitter),
        },
        _ => backoff(policy, attempt, jitter),
    };
    Decision::Retry { delay_ms }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: RetryPolicy = RetryPolicy {
        max_attempts: 3,
        base_delay_ms: 500,
        max_delay_ms: 30_000,
    };

    fn status(s: u16) -> Outcome<'static> {
        Outcome::Response {
            status: s,
            retry_after: None,
        }
    }

    #[test]
    fn a_post_is_retried_only_on_429_or_when_never_sent() {
        assert_eq!(
            next_attempt(&P, 1, Method::Post, status(500), 0, 0.5),
            Decision::Done
        );
        assert_eq!(
            next_attempt(&P, 1, Method::Post, status(503), 0, 0.5),
            Decision::Done
        );
        assert_eq!(
            next_attempt(&P, 1, Method::Post, Outcome::Lost, 0, 0.5),
            Decision::Fail
        );
        assert_eq!(
            next_attempt(&P, 1, Method::Post, status(429), 0, 0.5),
            Decision::Retry { delay_ms: 250 }
        );
        assert_eq!(
            next_attempt(&P, 1, Method::Post, Outcome::NotSent, 0, 0.5),
            Decision::Retry { delay_ms: 250 }
        );
        assert_eq!(
            next_attempt(&P, 1, Method::Patch, status(500), 0, 0.5),
            Decision::Done
        );
    }

    #[test]
    fn idempotent_methods_retry_server_errors_with_backoff() {
        for m in [Method::Get, Method::Put, Method::Delete] {
            assert_eq!(
                next_attempt(&P, 1, m, status(500), 0, 1.0),
                Decision::Retry { delay_ms: 500 }
            );
            assert_eq!(
                next_attempt(&P, 2, m, status(502), 0, 1.0),
                Decision::Retry { delay_ms: 1000 }
            );
            assert_eq!(
                next_attempt(&P, 3, m, status(503), 0, 1.0),
                Decision::Done,
                "out of attempts"
            );
            assert_eq!(
                next_attempt(&P, 1, m, Outcome::Lost, 0, 0.0),
                Decision::Retry { delay_ms: 0 }
            );
            assert_eq!(
                next_attempt(&P, 3, m, Outcome::Lost, 0, 0.0),
                Decision::Fail
            );
        }
    }

    #[test]
    fn final_statuses() {
        for s in [200, 201, 204, 301, 400, 401, 403, 404, 409, 422, 501] {
            assert_eq!(
                next_attempt(&P, 1, Method::Get, status(s), 0, 0.5),
                Decision::Done,
                "{s}"
            );
        }
    }

    #[test]
    fn retry_after_seconds_and_dates_capped() {
        let ra = |v: &'static str| Outcome::Response {
            status: 429,
            retry_after: Some(v),
        };
        assert_eq!(
            next_attempt(&P, 1, Method::Post, ra("2"), 0, 0.9),
            Decision::Retry { delay_ms: 2000 }
        );
        assert_eq!(
            next_attempt(&P, 1, Method::Get, ra("3600"), 0, 0.9),
            Decision::Retry { delay_ms: 30_000 }
        );
        // 784111777 = Sun, 06 Nov 1994 08:49:37 GMT (RFC 9110's example).
        let date = ra("Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(
            next_attempt(&P, 1, Method::Get, date, 784_111_777 - 4, 0.9),
            Decision::Retry { delay_ms: 4000 }
        );
        // Unreadable: backoff instead.
        assert_eq!(
            next_attempt(&P, 1, Method::Get, ra("soon"), 0, 0.5),
            Decision::Retry { delay_ms: 250 }
        );
    }

    #[test]
    fn one_attempt_policy_never_retries() {
        let once = RetryPolicy {
            max_attempts: 1,
            ..P
        };
        assert_eq!(
            next_attempt(&once, 1, Method::Get, status(503), 0, 0.5),
            Decision::Done
        );
    }

    #[test]
    fn backoff_is_capped() {
        let p = RetryPolicy {
            max_attempts: 100,
            ..P
        };
        assert_eq!(
            next_attempt(&p, 40, Method::Get, status(500), 0, 1.0),
            Decision::Retry { delay_ms: 30_000 }
        );
    }
}

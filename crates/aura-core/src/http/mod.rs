//! HTTP as data (sans-IO): the core builds every request, reads every
//! response and decides every retry; a host only moves bytes with the client
//! its users already have (reqwest, httpx, fetch, OkHttp…). Nothing here
//! opens a socket or reads a clock: `now` and jitter come in as arguments.

pub mod envelope;
pub mod multipart;
pub mod request;
pub mod retry;
pub mod retry_after;

pub use envelope::parse_v4_envelope;
pub use multipart::Multipart;
pub use request::{Method, Request};
pub use retry::{next_attempt, Decision, Outcome, RetryPolicy};
pub use retry_after::parse_retry_after;

//! `x-request-id` for every request: a per-process random prefix and a
//! counter. Unique within a run and across restarts, and no system call per
//! request (a v4 UUID asks the kernel for randomness each time).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use aura_core::keys::{OsRandom, RandomSource};
use http::{HeaderValue, Request};
use tower_http::request_id::{MakeRequestId, RequestId};

/// Makes `x-request-id` values `<prefix>-<n>`: 12 random hex digits drawn
/// once ([`Default`]) and a hex counter from 1, shared by clones.
#[derive(Clone)]
pub struct MakeRequestCounter {
    prefix: Arc<str>,
    next: Arc<AtomicU64>,
}

impl Default for MakeRequestCounter {
    fn default() -> Self {
        let mut b = [0u8; 6];
        let _ = OsRandom.fill(&mut b);
        MakeRequestCounter {
            prefix: hex::encode(b).into(),
            next: Arc::new(AtomicU64::new(1)),
        }
    }
}

impl MakeRequestId for MakeRequestCounter {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n:x}", self.prefix))
            .ok()
            .map(RequestId::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_distinct_and_share_the_process_prefix() {
        let mut make = MakeRequestCounter::default();
        let req = Request::new(());
        let a = make.make_request_id(&req).unwrap();
        let b = make.make_request_id(&req).unwrap();
        let (a, b) = (
            a.header_value().to_str().unwrap(),
            b.header_value().to_str().unwrap(),
        );
        assert_ne!(a, b);
        assert_eq!(a.split('-').next(), b.split('-').next());
        assert_eq!(a.len(), 12 + 2);
    }
}

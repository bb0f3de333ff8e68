//! The edge reads time through this trait, so tests can fix it.

use std::sync::atomic::{AtomicI64, Ordering};

/// The edge's time source (token expiry, upload times).
pub trait Clock: Send + Sync + 'static {
    /// Unix seconds.
    fn now(&self) -> i64;
}

/// The system clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0)
    }
}

/// A clock tests set by hand.
pub struct ManualClock(AtomicI64);

impl ManualClock {
    /// A clock that reads `now` (Unix seconds) until set again.
    pub fn new(now: i64) -> Self {
        ManualClock(AtomicI64::new(now))
    }
    /// Sets the time to `now` (Unix seconds), for every holder of the clock.
    pub fn set(&self, now: i64) {
        self.0.store(now, Ordering::SeqCst)
    }
}

impl Clock for ManualClock {
    fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

//! Numbers from JavaScript: taken as `f64` (what a JS number is) and
//! converted by the core's one rule, never by napi's `i64`/`u32` conversions,
//! which map NaN and ±Infinity to 0, truncate fractions and saturate or wrap
//! large values. The core's checks run in `guard` like any entry point's
//! body: these run before an entry point's own `guard` call.

use aura_core::js::time;
use aura_core::AuraError;

use crate::errors::{guard, Result};

/// `now` in Unix seconds (`aura_core::js::time::unix_seconds`).
pub fn now(value: f64) -> Result<i64> {
    guard(|| time::unix_seconds(value))
}

/// Another whole number of seconds (`expiresIn`, `notBefore`, `leeway`).
pub fn seconds(what: &str, value: f64) -> Result<i64> {
    guard(|| time::seconds(what, value))
}

pub fn opt_seconds(what: &str, value: Option<f64>) -> Result<Option<i64>> {
    value.map(|v| seconds(what, v)).transpose()
}

/// A whole number in `0..=u32::MAX` (a pixel count, a status code).
pub fn whole_u32(what: &str, value: f64) -> Result<u32> {
    guard(|| {
        time::safe_integer(value)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or_else(|| {
                AuraError::InvalidInput(format!("{what} must be a non-negative integer"))
            })
    })
}

/// `value` as an `i64` when it is a whole number within ±(2^53 − 1).
pub fn integral(value: f64) -> Option<i64> {
    time::safe_integer(value)
}

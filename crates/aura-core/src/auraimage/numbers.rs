//! The typed API's rule for numbers (conformance rule 1): finite, not
//! negative, at most 2^53; byte counts also whole.

use crate::error::{invalid, Result};

/// 2^53: the largest integer every language binding represents exactly.
pub const MAX_SAFE_INTEGER: f64 = 9007199254740992.0;

/// A duration or count in seconds: finite, ≥ 0, ≤ 2^53. Fractions allowed.
pub fn non_negative(field: &str, value: f64) -> Result<f64> {
    if !value.is_finite() {
        return Err(invalid(format!("{field} must be a finite number")));
    }
    if value < 0.0 {
        return Err(invalid(format!("{field} must not be negative")));
    }
    if value > MAX_SAFE_INTEGER {
        return Err(invalid(format!("{field} must be at most 2^53")));
    }
    Ok(value + 0.0) // -0 becomes +0
}

/// A byte count: as `non_negative`, and a whole number.
pub fn byte_count(field: &str, value: f64) -> Result<u64> {
    let v = non_negative(field, value)?;
    if v.fract() != 0.0 {
        return Err(invalid(format!("{field} must be a whole number of bytes")));
    }
    Ok(v as u64)
}

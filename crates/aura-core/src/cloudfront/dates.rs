//! Dates as the JS signer turns them into `AWS:EpochTime` (cloudfront.md §2.3):
//! `Math.round(new Date(x).getTime() / 1000)`. A binding that accepts the
//! SDK's `string | number | Date` computes `getTime()` on its side and hands
//! the milliseconds here; the core itself only ever takes Unix seconds.

use crate::error::{invalid, Result};

/// The largest |time value| a JS `Date` holds (ECMAScript TimeClip): 8.64e15 ms.
const MAX_JS_DATE_MS: f64 = 8.64e15;

/// `Math.round(x)`: halves round towards +∞ (`-2.5` → `-2`, `2.5` → `3`).
fn js_math_round(x: f64) -> f64 {
    let floor = x.floor();
    if x - floor >= 0.5 {
        floor + 1.0
    } else {
        floor
    }
}

/// `Math.round(ms / 1000)` for a JS time value in milliseconds. NaN,
/// ±Infinity and values a `Date` cannot hold are `invalid_input`
/// (the JS signer's "dateLessThan is invalid"). `-0` is `0`.
pub fn epoch_seconds_from_js_millis(ms: f64) -> Result<i64> {
    if !ms.is_finite() || ms.abs() > MAX_JS_DATE_MS {
        return Err(invalid(
            "date is invalid: not a time value a JavaScript Date can hold",
        ));
    }
    // |ms / 1000| <= 8.64e12: exact in an i64.
    Ok(js_math_round(ms / 1000.0) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_like_math_round() {
        let e = |ms| epoch_seconds_from_js_millis(ms).unwrap();
        assert_eq!(e(1_767_830_400_499.0), 1_767_830_400);
        assert_eq!(e(1_767_830_400_500.0), 1_767_830_401);
        assert_eq!(e(1_767_830_400.0), 1_767_830); // seconds passed as ms (cf-004)
        assert_eq!(e(400.0), 0);
        assert_eq!(e(-1000.0), -1);
        assert_eq!(e(-1500.0), -1);
        assert_eq!(e(-2500.0), -2);
        assert_eq!(e(-0.0), 0);
        assert_eq!(e(8.64e15), 8_640_000_000_000);
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 8.64e15 + 1.0] {
            assert_eq!(
                epoch_seconds_from_js_millis(bad).unwrap_err().code(),
                "invalid_input"
            );
        }
    }
}

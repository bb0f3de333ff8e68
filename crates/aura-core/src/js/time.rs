//! Whole seconds from a JavaScript number: the one rule a binding applies to
//! `now` (and to other second counts) before anything is signed, instead of
//! a host conversion that maps NaN to 0, truncates 1.5 or saturates 2^80.

use crate::error::{invalid, Result};
use crate::js::number::number_to_string;

/// `Number.MAX_SAFE_INTEGER`: 2^53 − 1.
pub const MAX_SAFE_INTEGER: i64 = (1 << 53) - 1;

/// `Number.isSafeInteger(value)`, as an `i64`: finite, no fraction, and
/// |value| ≤ 2^53 − 1. `-0` is `0`.
pub fn safe_integer(value: f64) -> Option<i64> {
    // Every f64 in range with no fraction converts exactly.
    (value.is_finite() && value.fract() == 0.0 && value.abs() <= MAX_SAFE_INTEGER as f64)
        .then_some(value as i64)
}

/// `now` in Unix seconds, from a JS number: a safe integer (negative values
/// are times before 1970). NaN, ±Infinity, fractions and anything beyond
/// ±(2^53 − 1) are `invalid_input`. Within this bound `now` plus any lifetime
/// the core accepts cannot overflow an `i64`.
pub fn unix_seconds(value: f64) -> Result<i64> {
    safe_integer(value).ok_or_else(|| {
        invalid(format!(
            "now must be an integer number of Unix seconds with |now| <= 2^53-1, got {}",
            number_to_string(value)
        ))
    })
}

/// `now` given as an integer (Kotlin's and Swift's `Long`/`Int64`): the
/// same bound, so every language refuses the same clocks.
pub fn unix_seconds_i64(value: i64) -> Result<i64> {
    if value.unsigned_abs() <= MAX_SAFE_INTEGER as u64 {
        Ok(value)
    } else {
        Err(invalid(format!(
            "now must be an integer number of Unix seconds with |now| <= 2^53-1, got {value}"
        )))
    }
}

/// Another whole number of seconds named `what` (a lifetime, `nbf`, a
/// leeway), by the same rule; the core checks its own range afterwards.
pub fn seconds(what: &str, value: f64) -> Result<i64> {
    safe_integer(value).ok_or_else(|| {
        invalid(format!(
            "{what} must be an integer number of seconds with |{what}| <= 2^53-1, got {}",
            number_to_string(value)
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auraimage::{AuraImage, UploadOptions};
    use crate::AuraError;

    fn refused(v: f64) -> String {
        match unix_seconds(v) {
            Err(AuraError::InvalidInput(m)) => m,
            other => panic!("{v} accepted: {other:?}"),
        }
    }

    #[test]
    fn integer_clocks_beyond_2_53_are_invalid_input() {
        for v in [i64::MAX, i64::MIN, 1 << 53, -(1 << 53), 1 << 62] {
            assert!(
                matches!(unix_seconds_i64(v), Err(AuraError::InvalidInput(_))),
                "{v}"
            );
        }
        for v in [0, -1, MAX_SAFE_INTEGER, -MAX_SAFE_INTEGER] {
            assert_eq!(unix_seconds_i64(v).unwrap(), v);
        }
    }

    #[test]
    fn hostile_numbers_are_invalid_input() {
        for v in [
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            1e308,
            -1e308,
            2f64.powi(80),
            2f64.powi(63),
            -(2f64.powi(63)),
            2f64.powi(53),
            -(2f64.powi(53)),
            1.5,
            -0.5,
            1700000000.25,
            f64::MIN_POSITIVE,
        ] {
            refused(v);
        }
        assert_eq!(
            refused(f64::NAN),
            "now must be an integer number of Unix seconds with |now| <= 2^53-1, got NaN"
        );
        assert!(refused(2f64.powi(80)).ends_with("got 1.2089258196146292e+24"));
        assert!(refused(f64::NEG_INFINITY).ends_with("got -Infinity"));
        assert!(matches!(
            seconds("expiresIn", 1.5),
            Err(AuraError::InvalidInput(m)) if m.starts_with("expiresIn must be") && m.ends_with("got 1.5")
        ));
    }

    #[test]
    fn safe_integers_pass_exactly() {
        assert_eq!(unix_seconds(0.0), Ok(0));
        assert_eq!(unix_seconds(-0.0), Ok(0));
        assert_eq!(unix_seconds(-1.0), Ok(-1));
        assert_eq!(unix_seconds(1700000000.0), Ok(1700000000));
        assert_eq!(unix_seconds(9007199254740991.0), Ok(MAX_SAFE_INTEGER));
        assert_eq!(unix_seconds(-9007199254740991.0), Ok(-MAX_SAFE_INTEGER));
        assert_eq!(seconds("leeway", 60.0), Ok(60));
    }

    #[test]
    fn signing_at_the_bounds_does_not_overflow() {
        // Overflow checks are on in test builds: an unchecked `now + lifetime` would panic.
        let aura = AuraImage::new("sk", "p", Some("psk"), Some("https://cdn.example")).unwrap();
        for now in [MAX_SAFE_INTEGER, -MAX_SAFE_INTEGER] {
            aura.sign_upload(&UploadOptions::default(), now).unwrap();
        }
        // A serve `exp` past 2^53 has no exact JS value: refused, not wrapped.
        let code = |r: crate::Result<_>| r.map(|_: String| ()).unwrap_err().code();
        assert_eq!(
            code(aura.get_signed_url("a", Some(1e12), None, MAX_SAFE_INTEGER)),
            "invalid_input"
        );
        let batch = aura.get_signed_urls(&["a"], None, None, MAX_SAFE_INTEGER);
        assert_eq!(batch.unwrap_err().code(), "invalid_input");
        aura.get_signed_url("a", Some(1e12), None, -MAX_SAFE_INTEGER)
            .unwrap();
        aura.get_signed_urls(&["a"], None, None, -MAX_SAFE_INTEGER)
            .unwrap();
    }
}

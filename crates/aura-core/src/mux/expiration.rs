//! `expiration` as mux-node's `parseTimespan` reads it (mux.md §3).

use crate::error::{invalid, Result};
use crate::js::whitespace::{is_js_whitespace, js_trim};

/// The SDK default, `"7d"` (604800 s).
pub const DEFAULT_EXPIRATION: &str = "7d";

/// A token lifetime as the SDK accepts it.
#[derive(Clone, Debug, PartialEq)]
pub enum Expiration {
    /// A JS number of seconds, used as is (may be fractional or negative).
    Seconds(f64),
    /// A time span: `"7d"`, `"2 hours"`, `"90s"`, or a numeric string
    /// (seconds, in `Number()` syntax: `"3600"`, `"1e3"`, `"0x10"`, `"1.5"`).
    Span(String),
}

impl Default for Expiration {
    fn default() -> Self {
        Expiration::Span(DEFAULT_EXPIRATION.to_string())
    }
}

impl From<&str> for Expiration {
    fn from(s: &str) -> Self {
        Expiration::Span(s.to_string())
    }
}

impl From<i64> for Expiration {
    fn from(s: i64) -> Self {
        Expiration::Seconds(s as f64)
    }
}

/// `parseTimespan(value)` in seconds. Errors: `Invalid time span: <value>`
/// as the SDK words it, and (a rule of Aura's) a span that is not a finite
/// number, which mux-node would write as `"exp":null`.
pub fn parse_timespan(value: &Expiration) -> Result<f64> {
    let seconds = match value {
        Expiration::Seconds(n) => *n,
        Expiration::Span(text) => {
            let t = js_trim(text);
            match unit_span(t).or_else(|| js_string_to_number(t)) {
                Some(n) => n,
                None => return Err(invalid(format!("Invalid time span: {text}"))),
            }
        }
    };
    if !seconds.is_finite() {
        return Err(invalid(
            "expiration must be a finite number of seconds (mux-node would write exp as null)",
        ));
    }
    Ok(seconds)
}

/// `^(\d+)\s*(seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|w|years?|yrs?|y)$`,
/// the unit's first letter picking the multiplier.
fn unit_span(t: &str) -> Option<f64> {
    let digits_end = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    if digits_end == 0 {
        return None;
    }
    let (digits, rest) = t.split_at(digits_end);
    let unit = rest.trim_start_matches(is_js_whitespace);
    const UNITS: [&str; 21] = [
        "seconds", "second", "secs", "sec", "s", "minutes", "minute", "mins", "min", "m", "hours",
        "hour", "hrs", "hr", "h", "days", "day", "d", "weeks", "week", "w",
    ];
    const YEARS: [&str; 5] = ["years", "year", "yrs", "yr", "y"];
    if !UNITS.contains(&unit) && !YEARS.contains(&unit) {
        return None;
    }
    let multiplier = match unit.as_bytes()[0] {
        b's' => 1.0,
        b'm' => 60.0,
        b'h' => 3600.0,
        b'd' => 86_400.0,
        b'w' => 604_800.0,
        _ => 31_536_000.0,
    };
    Some(digits.parse::<f64>().ok()? * multiplier)
}

/// ECMAScript `Number(string)` of an already trimmed string; `None` for NaN.
fn js_string_to_number(t: &str) -> Option<f64> {
    if t.is_empty() {
        return Some(0.0);
    }
    let radix = match t.get(..2) {
        Some("0x" | "0X") => 16,
        Some("0o" | "0O") => 8,
        Some("0b" | "0B") => 2,
        _ => 10,
    };
    if radix != 10 {
        let digits = &t[2..];
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return None;
        }
        return Some(digits.chars().fold(0.0, |acc, c| {
            acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
        }));
    }
    let unsigned = t.strip_prefix(['+', '-']).unwrap_or(t);
    if unsigned == "Infinity" {
        return Some(if t.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        });
    }
    // StrUnsignedDecimalLiteral: digits [. digits] | . digits, then [e [+-] digits].
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) {
        return None;
    }
    if let Some(e) = exponent {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        if e.is_empty() || !all_digits(e) {
            return None;
        }
    }
    t.parse::<f64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(s: &str) -> Result<f64> {
        parse_timespan(&Expiration::from(s))
    }

    #[test]
    fn like_mux_node() {
        for (text, want) in [
            ("7d", 604_800.0),
            (" 7d ", 604_800.0),
            ("10 d", 864_000.0),
            ("2 yrs", 63_072_000.0),
            ("5 mins", 300.0),
            ("90s", 90.0),
            ("1 week", 604_800.0),
            ("3600", 3600.0),
            ("", 0.0),
            ("-60", -60.0),
            ("1e3", 1000.0),
            ("0x10", 16.0),
            ("1.5", 1.5),
            (".5", 0.5),
            ("5.", 5.0),
        ] {
            assert_eq!(span(text).unwrap(), want, "{text:?}");
        }
        for bad in [
            "1.5h",
            "1H",
            "10ms",
            "1d 2h",
            "P1D",
            "soon",
            "7 days ago",
            "inf",
            "0x",
            "-0x1",
            "1_000",
        ] {
            let e = span(bad).unwrap_err();
            assert_eq!(e.code(), "invalid_input");
            assert_eq!(e.message(), format!("Invalid time span: {bad}"));
        }
        assert!(span("Infinity").is_err());
        assert!(parse_timespan(&Expiration::Seconds(f64::NAN)).is_err());
        assert_eq!(
            parse_timespan(&Expiration::Seconds(86_400.0)).unwrap(),
            86_400.0
        );
    }
}

//! `String(number)` as ECMAScript prints it (Number::toString, radix 10).

/// Appends the ECMAScript text of `value`: `1e+21`, `5e-7`, `-0` → `0`,
/// `NaN`, `Infinity`. Uses `ryu-js`, which implements the spec's algorithm.
pub fn push_number(out: &mut String, value: f64) {
    if value == 0.0 {
        out.push('0'); // both +0 and -0
        return;
    }
    let mut buf = ryu_js::Buffer::new();
    out.push_str(buf.format(value));
}

/// `String(value)`.
pub fn number_to_string(value: f64) -> String {
    let mut s = String::new();
    push_number(&mut s, value);
    s
}

/// Appends an integer (every integer below 2^53 prints the same in JS).
pub fn push_int(out: &mut String, value: i64) {
    use std::fmt::Write;
    let _ = write!(out, "{value}");
}

#[cfg(test)]
mod tests {
    use super::number_to_string as s;

    #[test]
    fn prints_like_javascript() {
        assert_eq!(s(0.0), "0");
        assert_eq!(s(-0.0), "0");
        assert_eq!(s(1.5), "1.5");
        assert_eq!(s(1745712059.999), "1745712059.999");
        assert_eq!(s(5e-7), "5e-7");
        assert_eq!(s(1e21), "1e+21");
        assert_eq!(s(1.073741824e32), "1.073741824e+32");
        assert_eq!(s(9007199254740994.0), "9007199254740994");
        assert_eq!(s(1e20), "100000000000000000000");
        assert_eq!(s(f64::NAN), "NaN");
        assert_eq!(s(f64::INFINITY), "Infinity");
        assert_eq!(s(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(s(-1.0), "-1");
    }
}

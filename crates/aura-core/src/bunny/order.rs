//! The order the parameters are signed and printed in, per signer.

use std::cmp::Ordering;

use crate::error::{invalid, Result};

pub(super) type Pair = (Vec<u8>, Vec<u8>);

/// Printable ASCII in ICU root collation order (`localeCompare` under the
/// `en-US` locale the vectors ran with); letters share a primary weight with
/// their upper case. Control characters are completely ignorable.
const ICU_ASCII_ORDER: &[u8] =
    b" _-,;:!?.'\"()[]{}@*/\\&#%`^+<=>|~$0123456789aAbBcCdDeEfFgGhHiIjJkKlLmMnNoOpPqQrRsStTuUvVwWxXyYzZ";

fn icu_primary(b: u8) -> Option<u16> {
    if b.is_ascii_control() {
        return None;
    }
    let lower = b.to_ascii_lowercase();
    ICU_ASCII_ORDER
        .iter()
        .position(|&c| c == lower)
        .map(|i| i as u16)
}

/// `a.localeCompare(b)` for ASCII strings: primary weights first (case and
/// controls ignored), then lower case before upper case at the first
/// difference; otherwise equal.
pub(super) fn icu_compare(a: &[u8], b: &[u8]) -> Ordering {
    let primaries = |s: &[u8]| -> Vec<u16> { s.iter().filter_map(|&c| icu_primary(c)).collect() };
    let tertiaries = |s: &[u8]| -> Vec<bool> {
        s.iter()
            .filter(|c| !c.is_ascii_control())
            .map(u8::is_ascii_uppercase)
            .collect()
    };
    primaries(a)
        .cmp(&primaries(b))
        .then_with(|| tertiaries(a).cmp(&tertiaries(b)))
}

/// A canonical array index (`"0"`, `"7"`, `"4294967294"`): JavaScript puts
/// these first, ascending, in an object's property order.
fn array_index(name: &[u8]) -> Option<u64> {
    let text = std::str::from_utf8(name).ok()?;
    if text.is_empty() || text.len() > 10 || (text.len() > 1 && text.starts_with('0')) {
        return None;
    }
    let value: u64 = text.parse().ok()?;
    (value < u32::MAX as u64).then_some(value)
}

/// `Object.entries(parameters).sort(([a], [b]) => a.localeCompare(b))`.
/// Names outside ASCII are refused: ICU's full Unicode collation is not
/// reproduced.
pub(super) fn node_order(pairs: &mut [Pair]) -> Result<()> {
    if let Some((name, _)) = pairs.iter().find(|(name, _)| !name.is_ascii()) {
        return Err(invalid(format!(
            "parameter name {:?} is not ASCII: the node style orders names with ICU's localeCompare, reproduced for ASCII only",
            String::from_utf8_lossy(name)
        )));
    }
    // Property order first (array indices ascending, then insertion order):
    // it decides between names localeCompare finds equal.
    pairs.sort_by_key(|(name, _)| array_index(name).map_or((1, 0), |i| (0, i)));
    pairs.sort_by(|(a, _), (b, _)| icu_compare(a, b));
    Ok(())
}

/// Byte order: Go `sort.Strings`, Rust `BTreeMap<String, _>`, and Python's
/// code-point order (UTF-8 preserves it).
pub(super) fn byte_order(pairs: &mut [Pair]) {
    pairs.sort_by(|(a, _), (b, _)| a.cmp(b));
}

/// An array key as PHP stores it: a canonical decimal integer becomes an
/// int key, anything else stays a string.
enum PhpKey<'a> {
    Int(i64),
    Str(&'a [u8]),
}

fn php_key(name: &[u8]) -> PhpKey<'_> {
    let digits = name.strip_prefix(b"-").unwrap_or(name);
    let canonical = !digits.is_empty()
        && digits.len() < 19
        && digits.iter().all(u8::is_ascii_digit)
        && (digits == b"0" || digits[0] != b'0')
        && name != b"-0";
    if canonical {
        let value: i64 = std::str::from_utf8(name).unwrap().parse().unwrap();
        PhpKey::Int(value)
    } else {
        PhpKey::Str(name)
    }
}

/// PHP 8 `is_numeric` for a string: whitespace, sign, digits with an
/// optional fraction and exponent, trailing whitespace.
fn php_numeric_string(s: &[u8]) -> bool {
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let mut i = s.iter().take_while(|b| ws(b)).count();
    let end = s.len() - s[i..].iter().rev().take_while(|b| ws(b)).count();
    if i < end && matches!(s[i], b'+' | b'-') {
        i += 1;
    }
    let int_digits = s[i..end].iter().take_while(|b| b.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if i < end && s[i] == b'.' {
        i += 1;
        frac_digits = s[i..end].iter().take_while(|b| b.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return false;
    }
    if i < end && matches!(s[i], b'e' | b'E') {
        let mut j = i + 1;
        if j < end && matches!(s[j], b'+' | b'-') {
            j += 1;
        }
        let exp_digits = s[j..end].iter().take_while(|b| b.is_ascii_digit()).count();
        if exp_digits > 0 {
            i = j + exp_digits;
        }
    }
    i == end
}

/// `ksort` (SORT_REGULAR, PHP 8.2): int keys by value, strings by bytes, an
/// int against a non-numeric string as its decimal text.
fn php_compare(a: &[u8], b: &[u8]) -> Ordering {
    match (php_key(a), php_key(b)) {
        (PhpKey::Int(x), PhpKey::Int(y)) => x.cmp(&y),
        (PhpKey::Str(x), PhpKey::Str(y)) => x.cmp(y),
        (PhpKey::Int(x), PhpKey::Str(y)) => x.to_string().as_bytes().cmp(y),
        (PhpKey::Str(x), PhpKey::Int(y)) => x.cmp(y.to_string().as_bytes()),
    }
}

/// `ksort($parameters)`. Names PHP compares as numbers without storing them
/// as integers (`1.5`, `01`, ` 1`, `1e3`) are refused when there is another
/// numeric name, and so is a set of names `ksort` has no consistent order
/// for (`9`, `10`, `1a`): its result then depends on its sort algorithm.
pub(super) fn php_order(pairs: &mut [Pair]) -> Result<()> {
    let numeric_text = pairs
        .iter()
        .filter(|(n, _)| matches!(php_key(n), PhpKey::Str(_)) && php_numeric_string(n))
        .count();
    let ints = pairs
        .iter()
        .filter(|(n, _)| matches!(php_key(n), PhpKey::Int(_)))
        .count();
    if numeric_text > 0 && numeric_text + ints > 1 {
        return Err(invalid(
            "parameter names PHP compares as numbers (1.5, 01, 1e3…) are not ordered in the php style",
        ));
    }
    // Insertion sort: never asks more of the comparison than it gives.
    for i in 1..pairs.len() {
        let mut j = i;
        while j > 0 && php_compare(&pairs[j - 1].0, &pairs[j].0) == Ordering::Greater {
            pairs.swap(j - 1, j);
            j -= 1;
        }
    }
    for i in 0..pairs.len() {
        for j in i + 1..pairs.len() {
            if php_compare(&pairs[i].0, &pairs[j].0) != Ordering::Less {
                return Err(invalid(
                    "these parameter names have no consistent ksort order (integer and text names mixed); the php style refuses them",
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(pairs: &[Pair]) -> Vec<String> {
        pairs
            .iter()
            .map(|(n, _)| String::from_utf8_lossy(n).into_owned())
            .collect()
    }

    fn pairs(names: &[&str]) -> Vec<Pair> {
        names
            .iter()
            .map(|n| (n.as_bytes().to_vec(), Vec::new()))
            .collect()
    }

    #[test]
    fn icu_order_of_the_vectors() {
        let mut p = pairs(&["B", "a", "_x", "Z"]);
        node_order(&mut p).unwrap();
        assert_eq!(names(&p), ["_x", "a", "B", "Z"]);
        let mut p = pairs(&["a-b", "a_b", "ab"]);
        node_order(&mut p).unwrap();
        assert_eq!(names(&p), ["a_b", "a-b", "ab"]);
        // Measured with Node 20 (en-US) on this input order: equal names
        // ("ab", "a\0b") keep it.
        let mut p = pairs(&[
            "a", "A", "ab", "aB", "Ab", "a_b", "a-b", "a1", "b", "_", "__", "a b", "a\u{0}b", "",
            "aa", "a.", "a0",
        ]);
        node_order(&mut p).unwrap();
        assert_eq!(
            names(&p),
            [
                "", "_", "__", "a", "A", "a b", "a_b", "a-b", "a.", "a0", "a1", "aa", "ab",
                "a\u{0}b", "aB", "Ab", "b"
            ]
        );
        assert!(node_order(&mut pairs(&["é", "e"])).is_err());
    }

    #[test]
    fn ksort_like_php() {
        let mut p = pairs(&["10", "9", "b", "a"]);
        php_order(&mut p).unwrap();
        assert_eq!(names(&p), ["9", "10", "a", "b"]);
        assert!(php_order(&mut pairs(&["9", "10", "1a"])).is_err());
        assert!(php_order(&mut pairs(&["1.5", "2"])).is_err());
        let mut p = pairs(&["1.5", "x"]);
        php_order(&mut p).unwrap();
        assert_eq!(names(&p), ["1.5", "x"]);
        assert!(php_numeric_string(b" 1e3 "));
        assert!(php_numeric_string(b".5"));
        assert!(!php_numeric_string(b"."));
        assert!(!php_numeric_string(b"1e"));
        assert!(!php_numeric_string(b"0x1A"));
    }
}

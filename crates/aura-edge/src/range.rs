//! `Range: bytes=…` (RFC 9110 §14.2): one range; several ranges are answered
//! with the whole representation (allowed: a server may ignore Range).

/// What to send for a representation of `len` bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum RangeAnswer {
    /// 200, all of it (no Range, several ranges, or a header we ignore).
    Full,
    /// 206 with `Content-Range: bytes start-end/len` (end inclusive).
    Partial {
        /// Offset of the first byte.
        start: u64,
        /// Offset of the last byte (inclusive, below `len`).
        end: u64,
    },
    /// 416 with `Content-Range: bytes */len`.
    Unsatisfiable,
}

/// Reads a `Range` header value: one `bytes=` range (`a-b`, `a-`, `-n`),
/// clamped to `len`. A start at or past `len`, or `-0`, is unsatisfiable;
/// anything malformed, another unit or several ranges is [`RangeAnswer::Full`].
pub fn answer(header: Option<&str>, len: u64) -> RangeAnswer {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return RangeAnswer::Full;
    };
    if spec.contains(',') {
        return RangeAnswer::Full;
    }
    let Some((first, last)) = spec.trim().split_once('-') else {
        return RangeAnswer::Full;
    };
    let parse = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match (first.trim(), last.trim()) {
        ("", suffix) => match parse(suffix) {
            Some(0) => RangeAnswer::Unsatisfiable,
            Some(n) if len > 0 => RangeAnswer::Partial {
                start: len.saturating_sub(n),
                end: len - 1,
            },
            Some(_) => RangeAnswer::Unsatisfiable,
            None => RangeAnswer::Full,
        },
        (a, b) => {
            let Some(start) = parse(a) else {
                return RangeAnswer::Full;
            };
            let end = if b.is_empty() {
                len.saturating_sub(1)
            } else {
                match parse(b) {
                    Some(e) if e >= start => e.min(len.saturating_sub(1)),
                    _ => return RangeAnswer::Full,
                }
            };
            if start >= len {
                RangeAnswer::Unsatisfiable
            } else {
                RangeAnswer::Partial { start, end }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        use RangeAnswer::*;
        assert_eq!(answer(None, 10), Full);
        assert_eq!(answer(Some("bytes=0-3"), 10), Partial { start: 0, end: 3 });
        assert_eq!(answer(Some("bytes=4-"), 10), Partial { start: 4, end: 9 });
        assert_eq!(answer(Some("bytes=-3"), 10), Partial { start: 7, end: 9 });
        assert_eq!(answer(Some("bytes=-30"), 10), Partial { start: 0, end: 9 });
        assert_eq!(
            answer(Some("bytes=5-100"), 10),
            Partial { start: 5, end: 9 }
        );
        assert_eq!(answer(Some("bytes=10-"), 10), Unsatisfiable);
        assert_eq!(answer(Some("bytes=-0"), 10), Unsatisfiable);
        assert_eq!(answer(Some("bytes=0-1,3-4"), 10), Full);
        assert_eq!(answer(Some("bytes=5-2"), 10), Full);
        assert_eq!(answer(Some("items=0-1"), 10), Full);
        assert_eq!(answer(Some("bytes=x-1"), 10), Full);
    }
}

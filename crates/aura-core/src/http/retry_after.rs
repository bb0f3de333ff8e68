//! `Retry-After` (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.

/// Seconds to wait from `now`, or `None` when the value is neither form.
/// A date in the past gives 0.
pub fn parse_retry_after(value: &str, now: i64) -> Option<u64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return Some(v.parse::<u64>().unwrap_or(u64::MAX));
    }
    let at = parse_http_date(v)?;
    Some(at.saturating_sub(now).max(0) as u64)
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// RFC 9110 §5.6.7: IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), and the
/// obsolete RFC 850 (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime
/// (`Sun Nov  6 08:49:37 1994`) forms. Unix seconds.
pub fn parse_http_date(s: &str) -> Option<i64> {
    let s = s.trim();
    let (day, month, year, time) = if let Some((_, rest)) = s.split_once(", ") {
        let rest = rest.strip_suffix(" GMT")?;
        if rest.contains('-') {
            // RFC 850: 06-Nov-94 08:49:37
            let (date, time) = rest.split_once(' ')?;
            let mut p = date.split('-');
            let (d, m, y) = (p.next()?, p.next()?, p.next()?);
            let y: i64 = y.parse().ok()?;
            // Two-digit years: RFC 9110 says interpret 50+ years ahead as past.
            let y = if y < 100 {
                if y < 70 {
                    2000 + y
                } else {
                    1900 + y
                }
            } else {
                y
            };
            (d.parse().ok()?, m, y, time)
        } else {
            let mut p = rest.split(' ');
            let (d, m, y, t) = (p.next()?, p.next()?, p.next()?, p.next()?);
            if p.next().is_some() {
                return None;
            }
            (d.parse().ok()?, m, y.parse().ok()?, t)
        }
    } else {
        // asctime: Sun Nov  6 08:49:37 1994
        let mut p = s.split_whitespace();
        let (_, m, d, t, y) = (p.next()?, p.next()?, p.next()?, p.next()?, p.next()?);
        if p.next().is_some() {
            return None;
        }
        (d.parse().ok()?, m, y.parse().ok()?, t)
    };
    let month = MONTHS.iter().position(|x| *x == month)? as i64 + 1;
    let mut t = time.split(':');
    let (h, mi, se): (i64, i64, i64) = (
        t.next()?.parse().ok()?,
        t.next()?.parse().ok()?,
        t.next()?.parse().ok()?,
    );
    // RFC 9110 §5.6.7: a four-digit year; anything else (and any negative
    // field) is not a date, so days_from_civil never sees a year that overflows.
    if t.next().is_some()
        || !(1..=31).contains(&day)
        || !(0..=9999).contains(&year)
        || !(0..=23).contains(&h)
        || !(0..=59).contains(&mi)
        || !(0..=60).contains(&se)
    {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + mi * 60 + se)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9110 §5.6.7's example: 784111777 is 1994-11-06T08:49:37Z.
    const EXAMPLE: i64 = 784_111_777;

    #[test]
    fn years_and_fields_out_of_range_are_not_dates() {
        // Found by the api_envelope fuzz target: an 18-digit year overflowed.
        for bad in [
            "Sun, 06 Nov 999999999999999999 08:49:37 GMT",
            "Sun, 06 Nov -9223372036854775808 08:49:37 GMT",
            "Sun, 06 Nov 10000 08:49:37 GMT",
            "Sun, 06 Nov 1994 -1:49:37 GMT",
            "Sun Nov  6 08:-49:37 1994",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_three_date_forms_of_rfc_9110() {
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(EXAMPLE)
        );
        assert_eq!(
            parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(EXAMPLE)
        );
        assert_eq!(parse_http_date("Sun Nov  6 08:49:37 1994"), Some(EXAMPLE));
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Wed, 02 Dec 2026 05:10:03 GMT"),
            Some(1_796_188_203)
        );
        for bad in [
            "",
            "tomorrow",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn seconds_or_dates() {
        assert_eq!(parse_retry_after("120", 0), Some(120));
        assert_eq!(parse_retry_after(" 0 ", 0), Some(0));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", EXAMPLE - 30),
            Some(30)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", EXAMPLE + 30),
            Some(0)
        );
        assert_eq!(parse_retry_after("-5", 0), None);
        assert_eq!(parse_retry_after("1.5", 0), None);
        assert_eq!(parse_retry_after("soon", 0), None);
    }
}

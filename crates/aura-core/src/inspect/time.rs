//! Unix seconds as ISO-8601 UTC and as a distance from `now`.

/// `2026-01-02T03:04:05Z` (RFC 3339, UTC, whole seconds): the proleptic
/// Gregorian calendar for any `i64` second count a token can hold.
pub fn iso8601(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    let year = if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        format!("{y:+}")
    };
    format!(
        "{year}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

/// Days since 1970-01-01 → (year, month, day) (H. Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A length of time in its two largest units: `42s`, `5m 3s`, `3h`, `2d 4h`.
pub fn duration(seconds: u64) -> String {
    const UNITS: [(u64, &str); 4] = [(86_400, "d"), (3600, "h"), (60, "m"), (1, "s")];
    if seconds == 0 {
        return "0s".into();
    }
    let mut parts = Vec::new();
    let mut rest = seconds;
    for (size, unit) in UNITS {
        let n = rest / size;
        rest %= size;
        if n > 0 {
            parts.push(format!("{n}{unit}"));
        } else if !parts.is_empty() {
            break; // `3h 0m 5s` reads as `3h`
        }
        if parts.len() == 2 {
            break;
        }
    }
    parts.join(" ")
}

/// `t` seen from `now`: `in 5m 3s`, `3h ago`, `now`.
pub fn relative(t: i64, now: i64) -> String {
    let delta = i128::from(t) - i128::from(now);
    let magnitude = u64::try_from(delta.unsigned_abs()).unwrap_or(u64::MAX);
    match delta {
        0 => "now".into(),
        d if d > 0 => format!("in {}", duration(magnitude)),
        _ => format!("{} ago", duration(magnitude)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(4_102_444_799), "2099-12-31T23:59:59Z");
        assert_eq!(iso8601(-1), "1969-12-31T23:59:59Z");
        assert_eq!(iso8601(253_402_300_800), "+10000-01-01T00:00:00Z");
        iso8601(i64::MAX); // no overflow
        iso8601(i64::MIN);
    }

    #[test]
    fn durations() {
        assert_eq!(duration(42), "42s");
        assert_eq!(duration(303), "5m 3s");
        assert_eq!(duration(10_800), "3h");
        assert_eq!(duration(10_805), "3h");
        assert_eq!(duration(187_200), "2d 4h");
        assert_eq!(relative(100, 100), "now");
        assert_eq!(relative(403, 100), "in 5m 3s");
        assert_eq!(relative(100, 10_900), "3h ago");
        relative(i64::MAX, i64::MIN);
    }
}

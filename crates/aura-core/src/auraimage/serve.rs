//! Serve tokens and signed URLs: `AuraImage#getSignedUrl` (auraimage.md §5).

use super::dialect::Dialect;
use super::numbers::non_negative;
use super::numbers::MAX_SAFE_INTEGER;
use crate::error::{invalid, Result};
use crate::js::json::push_string;
use crate::js::number::push_int;

/// Seven days: the longest serve-token lifetime.
pub const MAX_SERVE_TTL_SEC: i64 = 604_800;
/// The shortest serve-token lifetime.
pub const MIN_SERVE_TTL_SEC: i64 = 60;

/// `expiresIn` → seconds: default 3600, floored, clamped to [60, 604800].
/// `Typed` refuses non-finite and negative values; `JsCompat` maps them as
/// the SDK does (non-finite → 3600, then floor and clamp).
pub fn serve_lifetime(expires_in: Option<f64>, dialect: Dialect) -> Result<i64> {
    let requested = match (expires_in, dialect) {
        (None, _) => 3600.0,
        (Some(e), Dialect::Typed) => non_negative("expiresIn", e)?,
        (Some(e), Dialect::JsCompat) if e.is_finite() => e,
        (Some(_), Dialect::JsCompat) => 3600.0,
    };
    Ok((requested
        .floor()
        .clamp(MIN_SERVE_TTL_SEC as f64, MAX_SERVE_TTL_SEC as f64)) as i64)
}

/// `exp = now + lifetime` (§5 step 5). JavaScript computes it in doubles, so
/// beyond 2^53 the SDK's bytes are not an exact integer any more: refused
/// (`invalid_input`) rather than wrapped or rounded.
pub fn serve_exp(now: i64, expires_in: Option<f64>, dialect: Dialect) -> Result<i64> {
    let lifetime = serve_lifetime(expires_in, dialect)?;
    now.checked_add(lifetime)
        .filter(|exp| {
            exp.unsigned_abs() <= MAX_SAFE_INTEGER as u64
                && now.unsigned_abs() <= MAX_SAFE_INTEGER as u64
        })
        .ok_or_else(|| {
            invalid("now + expiresIn must stay within ±2^53 seconds (exact in JavaScript)")
        })
}

/// `{"p":project,"f":name,"exp":exp}` in that order.
pub(crate) fn push_serve_payload(json: &mut String, project: &str, name: &str, exp: i64) {
    json.push_str("{\"p\":");
    push_string(json, project);
    json.push_str(",\"f\":");
    push_string(json, name);
    json.push_str(",\"exp\":");
    push_int(json, exp);
    json.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_never_wraps() {
        assert_eq!(serve_exp(1_000, None, Dialect::Typed), Ok(4_600));
        assert_eq!(serve_exp(1_000, Some(1.0), Dialect::Typed), Ok(1_060));
        let max = MAX_SAFE_INTEGER as i64;
        assert_eq!(serve_exp(max - 60, Some(60.0), Dialect::Typed), Ok(max));
        for now in [i64::MAX, i64::MIN, max - 59, max + 1] {
            assert_eq!(
                serve_exp(now, Some(60.0), Dialect::JsCompat)
                    .unwrap_err()
                    .code(),
                "invalid_input",
                "{now}"
            );
        }
    }
}

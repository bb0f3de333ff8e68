//! Serve tokens and signed URLs: `AuraImage#getSignedUrl` (auraimage.md §5).

use super::dialect::Dialect;
use super::numbers::non_negative;
use crate::error::Result;
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

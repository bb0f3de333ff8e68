//! Serve tokens and signed URLs: `AuraImage#getSignedUrl` (auraimage.md §5).

use super::numbers::non_negative;
use crate::error::Result;
use crate::js::json::push_string;
use crate::js::number::push_int;

/// Seven days: the longest serve-token lifetime.
pub const MAX_SERVE_TTL_SEC: i64 = 604_800;
/// The shortest serve-token lifetime.
pub const MIN_SERVE_TTL_SEC: i64 = 60;

/// `expiresIn` → seconds: default 3600, floored, clamped to [60, 604800].
pub fn serve_lifetime(expires_in: Option<f64>) -> Result<i64> {
    let requested = non_negative("expiresIn", expires_in.unwrap_or(3600.0))?;
    Ok((requested.floor() as i64).clamp(MIN_SERVE_TTL_SEC, MAX_SERVE_TTL_SEC))
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

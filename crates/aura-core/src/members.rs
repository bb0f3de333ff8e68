//! Typed reads of a JSON object's members, for the typed views of verified
//! claims (`auraimage::ServeClaims`, `stream::VerifiedStreamClaims`,
//! `jwt::RegisteredClaims`): a member of another JSON type reads as `None`.

use serde_json::{Map, Value};

/// The member as a string.
pub(crate) fn text(object: &Map<String, Value>, key: &str) -> Option<String> {
    object.get(key).and_then(Value::as_str).map(str::to_string)
}

/// The member as a number.
pub(crate) fn number(object: &Map<String, Value>, key: &str) -> Option<f64> {
    object.get(key).and_then(Value::as_f64)
}

/// The member as a boolean.
pub(crate) fn boolean(object: &Map<String, Value>, key: &str) -> Option<bool> {
    object.get(key).and_then(Value::as_bool)
}

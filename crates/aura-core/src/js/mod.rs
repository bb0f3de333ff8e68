//! JavaScript semantics the reference implementations rely on, reproduced
//! byte for byte: `JSON.stringify`, `Number.prototype.toString`,
//! `encodeURIComponent`, and the ECMAScript whitespace set.

pub mod json;
pub mod number;
pub mod time;
pub mod uri;
pub mod whitespace;

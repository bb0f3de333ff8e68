//! Which input rules apply. `Typed` (the default everywhere) enforces
//! conformance rule 1; `JsCompat` reproduces `@auraimage/sdk` exactly, for
//! the Node drop-in, where JavaScript callers may pass NaN, negative or
//! fractional numbers and get the original's bytes (`"exp":null`…).

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Dialect {
    #[default]
    Typed,
    JsCompat,
}

//! Which input rules apply. `Typed` (the default everywhere) enforces
//! conformance rule 1; `JsCompat` reproduces `@auraimage/sdk` exactly, for
//! the Node drop-in, where JavaScript callers may pass NaN, negative or
//! fractional numbers and get the original's bytes (`"exp":null`…).

/// The input rules a call follows; see the module docs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Dialect {
    /// Strict inputs (conformance rule 1): bad numbers are `invalid_input`.
    #[default]
    Typed,
    /// The SDK's exact behaviour, unchecked numbers included, for the Node drop-in.
    JsCompat,
}

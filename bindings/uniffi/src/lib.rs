//! Kotlin and Swift bindings for aura-core through uniffi proc-macros. uniffi
//! stays out of aura-core: this crate wraps it with binding-local types. No
//! rules live here; `now` is read by the host language.

mod auraimage;
mod cloudflare;
mod errors;
mod jwt_keys;

uniffi::setup_scaffolding!();

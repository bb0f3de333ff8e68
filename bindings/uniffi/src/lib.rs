//! Kotlin and Swift bindings for aura-core through uniffi proc-macros. uniffi
//! stays out of aura-core: this crate wraps it with binding-local types. No
//! rules live here; `now` is read by the host language.

mod akamai;
mod answer;
mod auraimage;
mod bunny;
mod cloudflare;
mod cloudflare_api;
mod cloudfront;
mod errors;
mod exchange;
mod google_cdn;
mod imgix;
mod jwt_keys;
mod mux;
mod secret;

uniffi::setup_scaffolding!();

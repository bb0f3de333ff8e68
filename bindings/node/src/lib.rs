//! The `aura-sign` npm package's native part: thin napi-rs wrappers over
//! aura-core. No rules live here; the clock is read in JavaScript and passed
//! as `now`; every call goes through `errors::guard` (core errors and panics
//! become JS errors with `.code`).

// napi-derive registers exports only outside cfg(test); the test build sees them as unused.
#![cfg_attr(test, allow(dead_code))]

#[macro_use]
extern crate napi_derive;

mod akamai;
mod args;
mod auraimage;
mod bunny;
mod cloudflare;
mod cloudfront;
mod errors;
mod exchange;
mod google_cdn;
mod imgix;
mod jwt_keys;
mod mux;

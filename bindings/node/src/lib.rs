//! The `aura-sign` npm package's native part: thin napi-rs wrappers over
//! aura-core. No rules live here; the clock is read in JavaScript and passed
//! as `now`; every call goes through `errors::guard` (core errors and panics
//! become JS errors with `.code`).

#[macro_use]
extern crate napi_derive;

mod auraimage;
mod cloudflare;
mod errors;
mod jwt_keys;

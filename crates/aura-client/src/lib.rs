//! # aura-client
//!
//! Moves the bytes of the requests `aura-core` describes. The core builds
//! each request, parses each response and decides each retry
//! ([`aura_core::http`]); this crate only sends, waits and reads — with
//! reqwest, so proxies, TLS roots and timeouts are configured the way Rust
//! users already do.

#![warn(missing_docs)]

pub mod auraimage;
pub mod cloudflare;
pub mod transport;

pub use transport::{Clock, Response, SystemClock, Transport};

/// The repository README; its Rust examples (core and client) are compiled
/// here as doctests, since this crate sees both.
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

//! # aura-edge
//!
//! A self-hosted, AuraImage-compatible edge as a library: `POST /v1/upload`,
//! signed reads with the CDN behaviour of seed 002, transforms, visibility
//! changes, BlurHash, and local stand-ins for Cloudflare Images and Stream
//! delivery. Storage is a local directory (atomic writes, redb metadata) or
//! any S3-compatible store. The `aura edge` command runs it.

#![warn(missing_docs)]

pub mod cache;
pub mod clock;
pub mod config;
pub mod error;
pub mod media;
pub mod meta;
pub mod paths;
pub mod range;
pub mod redact;
pub mod request_id;
pub mod respond;
pub mod routes;
pub mod server;
pub mod state;
pub mod store;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::EdgeConfig;
pub use error::ConfigError;
pub use server::{Edge, EdgeHandle};

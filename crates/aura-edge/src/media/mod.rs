//! Reading and re-encoding image bytes: magic-byte sniffing, dimensions,
//! BlurHash, and the transforms of the serve-URL grammar (auraimage.md §9).

pub mod blurhash;
#[cfg(test)]
mod fixtures;
pub mod sniff;
pub mod transform;

pub use sniff::{sniff, Format};
pub use transform::{Transform, TransformError};

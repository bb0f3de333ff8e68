//! The edge's pure request parsing, reached without a server: the serve
//! path with the edge's name rules, the transform segment, `Range`, query
//! parameters, the Images and Stream stand-in paths, and the upload path's
//! content checks (magic bytes, `allowedTypes`, header-only dimensions).
//! Multipart parsing itself (multer over the request body stream) is the
//! `edge_multipart` target.
//!
//! Input: flags (u8), a representation length (u64), then
//! `range` NUL `path` NUL `query/accept` NUL `file bytes` (the rest).
//! - Never panics.
//! - Properties: `Range` gives `Full`, `Unsatisfiable`, or a `Partial` with
//!   `start <= end < len`; a path the edge accepts has a name `check_name`
//!   accepts; an Images stand-in match names the configured account hash; a
//!   Stream match starts with a three-part `eyJ` token.
#![no_main]

use std::sync::OnceLock;

use aura_core::images::ImagesVerifier;
use aura_edge::media::sniff::{allowed, dimensions};
use aura_edge::media::transform::accepts_webp;
use aura_edge::media::{sniff, Format, Transform};
use aura_edge::paths::{check_file_segment, check_name, parse_serve_path};
use aura_edge::range::{answer, RangeAnswer};
use aura_edge::routes::{images, query_param, stream};
use aura_edge::state::ImagesStandIn;
use aura_fuzz::Reader;
use libfuzzer_sys::fuzz_target;

const HASH: &str = "cheeW4oKsx5ljh8e8BoL2A";

fn images_stand_in() -> &'static ImagesStandIn {
    static S: OnceLock<ImagesStandIn> = OnceLock::new();
    S.get_or_init(|| ImagesStandIn {
        account_hash: HASH.to_string(),
        verifier: ImagesVerifier::new(&["fuzz-images-key"]).unwrap(),
        require_signed_urls: true,
    })
}

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let flags = r.u8();
    let len = u64::from_be_bytes(r.bytes(8).try_into().unwrap_or([0; 8]));
    let range = r.field_text();
    let path = r.field_text();
    let query = r.field_text();
    let file = r.rest();

    let len = if flags & 1 == 0 { len % 4096 } else { len };
    match answer(Some(&range), len) {
        RangeAnswer::Partial { start, end } => {
            assert!(
                start <= end && end < len,
                "{range:?} of {len}: {start}-{end}"
            )
        }
        RangeAnswer::Full | RangeAnswer::Unsatisfiable => {}
    }
    assert_eq!(answer(None, len), RangeAnswer::Full);

    if let Ok(p) = parse_serve_path(&path) {
        assert!(check_name(&p.name).is_ok(), "{path:?} -> {p:?}");
        if let Ok(t) = Transform::parse(p.transform.as_deref(), p.extension.as_deref()) {
            let _ = (t.is_identity(), t.follows_accept(), t.effective_quality());
            for source in Format::ALL {
                let _ = t.output_format(source, flags & 2 != 0);
                let _ = t.serves_original(source, Some(&query));
                let _ = t.is_identity_for(source, flags & 4 != 0);
            }
            let _ = t.cache_key("0".repeat(64).as_str(), flags & 2 != 0);
        }
    }
    let _ = Transform::parse(Some(&query), Some(&range));
    let _ = check_file_segment(&path);
    let _ = accepts_webp(Some(&query));
    for name in ["token", "sig", "exp"] {
        let _ = query_param(Some(&query), name);
    }
    if let Some([hash, id, variant]) = images::match_path(&path, images_stand_in()) {
        assert_eq!(hash, HASH);
        let _ = (check_file_segment(id), variant);
    }
    if let Some((token, rest)) = stream::match_path(&path) {
        assert!(token.starts_with("eyJ") && token.matches('.').count() == 2);
        let _ = check_file_segment(rest);
    }

    let _ = Format::from_extension(&query);
    if let Some(format) = sniff(file) {
        let types = [
            query.clone(),
            "image/*".to_string(),
            "image/png; q=1".to_string(),
        ];
        let _ = allowed(format, &types[..usize::from(flags >> 3) % 4]);
        if let Some((w, h)) = dimensions(file, format) {
            assert!(w > 0 && h > 0);
        }
    }
});

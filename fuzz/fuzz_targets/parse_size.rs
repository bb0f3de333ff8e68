//! `parseSize` (auraimage.md §4): the SDK-exact `parse_size_js` and the
//! typed `parse_size`.
//!
//! Input: an f64 (8 bytes, any bit pattern), then the size text.
//! - Never panics on any number or text.
//! - Property (the module's contract): a number passes `parse_size_js`
//!   unchanged (bit for bit); text gives a whole, non-negative number or
//!   +Infinity, or the SDK's `Invalid size string: "…"` error; `parse_size`
//!   succeeds exactly when the JS value is a whole number in [0, 2^53], and
//!   then returns that value.
#![no_main]

use aura_core::auraimage::{parse_size, parse_size_js, SizeInput, MAX_SAFE_INTEGER};
use aura_fuzz::Reader;
use libfuzzer_sys::fuzz_target;

fn typed_contract(js: f64) -> Option<u64> {
    (js.is_finite() && js >= 0.0 && js.fract() == 0.0 && js <= MAX_SAFE_INTEGER).then(|| js as u64)
}

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let n = r.f64();
    let text = r.rest_text();

    let number = SizeInput::Number(n);
    let js = parse_size_js(&number).expect("a number always passes");
    assert_eq!(js.to_bits(), n.to_bits());
    match (parse_size(&number), typed_contract(n)) {
        (Ok(got), Some(want)) => assert_eq!(got, want),
        (Err(e), None) => assert_eq!(e.code(), "invalid_input"),
        (got, want) => panic!("parse_size({n:?}) = {got:?}, contract says {want:?}"),
    }

    let input = SizeInput::Text(text.clone());
    match parse_size_js(&input) {
        Ok(v) => {
            assert!(!v.is_nan() && v >= 0.0, "{text:?} -> {v}");
            assert!(v.is_infinite() || v.fract() == 0.0, "{text:?} -> {v}");
            match (parse_size(&input), typed_contract(v)) {
                (Ok(got), Some(want)) => assert_eq!(got, want, "{text:?}"),
                (Err(e), None) => assert_eq!(e.code(), "invalid_input"),
                (got, want) => panic!("parse_size({text:?}) = {got:?}, contract says {want:?}"),
            }
        }
        Err(e) => {
            assert_eq!(e.code(), "invalid_input");
            assert_eq!(e.message(), format!("Invalid size string: \"{text}\""));
            assert!(parse_size(&input).is_err());
        }
    }
});

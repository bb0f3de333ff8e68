//! `aura_sign._native`: thin pyo3 wrappers over aura-core. No rules live
//! here; the clock is read in Python and passed as `now`. Every entry point
//! runs its body in `errors::guard` (a panic becomes `InternalError`) and
//! converts its numbers and strings itself (`args`), so hostile values are
//! `InvalidInput` naming the argument, not pyo3's OverflowError or
//! UnicodeEncodeError.

mod akamai;
mod args;
mod auraimage;
mod bunny;
mod cloudflare;
mod cloudfront;
mod convert;
mod errors;
mod exchange;
mod google_cdn;
mod imgix;
mod jwt_keys;
mod mux;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<auraimage::AuraImage>()?;
    m.add_function(wrap_pyfunction!(auraimage::parse_size, m)?)?;
    m.add_function(wrap_pyfunction!(
        auraimage::parse_set_visibility_response,
        m
    )?)?;
    m.add_function(wrap_pyfunction!(auraimage::build_serve_url, m)?)?;
    m.add_function(wrap_pyfunction!(auraimage::build_blurhash_url, m)?)?;
    m.add_function(wrap_pyfunction!(auraimage::sign_upload_token, m)?)?;
    m.add_function(wrap_pyfunction!(auraimage::sign_serve_token, m)?)?;
    m.add_function(wrap_pyfunction!(auraimage::verify_upload_token, m)?)?;
    m.add_function(wrap_pyfunction!(auraimage::verify_serve_token, m)?)?;
    m.add("MAX_SERVE_TTL_SEC", aura_core::auraimage::MAX_SERVE_TTL_SEC)?;

    m.add_class::<cloudflare::ImagesSigner>()?;
    m.add_function(wrap_pyfunction!(cloudflare::sign_images_url, m)?)?;
    m.add_function(wrap_pyfunction!(cloudflare::sign_images_url_debug, m)?)?;
    m.add_function(wrap_pyfunction!(cloudflare::verify_images_url, m)?)?;
    m.add_class::<cloudflare::StreamKey>()?;
    m.add_class::<cloudflare::StreamPublicKey>()?;
    m.add_class::<cloudflare::StreamSigner>()?;
    m.add_class::<cloudflare::StreamUrls>()?;
    m.add_function(wrap_pyfunction!(cloudflare::verify_stream_token, m)?)?;
    m.add_function(wrap_pyfunction!(cloudflare::evaluate_access_rules, m)?)?;

    m.add_class::<exchange::Exchange>()?;
    m.add_class::<exchange::Outgoing>()?;
    m.add_class::<exchange::Done>()?;
    m.add_class::<exchange::CloudflareAuth>()?;
    m.add_class::<exchange::CloudflareApi>()?;

    m.add_class::<jwt_keys::JwtKey>()?;
    m.add_function(wrap_pyfunction!(jwt_keys::jwt_encode, m)?)?;
    m.add_function(wrap_pyfunction!(jwt_keys::jwt_decode, m)?)?;
    m.add_function(wrap_pyfunction!(jwt_keys::jws_sign_compact, m)?)?;
    m.add_function(wrap_pyfunction!(jwt_keys::jws_verify_compact, m)?)?;
    m.add_function(wrap_pyfunction!(jwt_keys::generate_secret, m)?)?;
    m.add_function(wrap_pyfunction!(jwt_keys::generate_key_id, m)?)?;
    m.add_function(wrap_pyfunction!(jwt_keys::generate_stream_key, m)?)?;
    m.add_function(wrap_pyfunction!(jwt_keys::export_stream_key, m)?)?;
    m.add_class::<jwt_keys::KeyRing>()?;

    m.add_class::<akamai::EdgeAuthSigner>()?;
    m.add_class::<akamai::EdgeAuthVerifier>()?;
    m.add_class::<bunny::BunnySigner>()?;
    m.add_class::<bunny::BunnyVerifier>()?;
    m.add_class::<cloudfront::CloudFrontKey>()?;
    m.add_class::<cloudfront::CloudFrontPublicKey>()?;
    m.add_class::<cloudfront::CloudFrontSigner>()?;
    m.add_class::<cloudfront::CloudFrontVerifier>()?;
    m.add_class::<cloudfront::CloudFrontUnsignedUrl>()?;
    m.add_class::<cloudfront::CloudFrontUnsignedCookies>()?;
    m.add_function(wrap_pyfunction!(cloudfront::cloudfront_epoch_seconds, m)?)?;
    m.add_function(wrap_pyfunction!(cloudfront::cloudfront_build_policy, m)?)?;
    m.add_class::<google_cdn::CloudCdnSigner>()?;
    m.add_class::<google_cdn::CloudCdnVerifier>()?;
    m.add_class::<google_cdn::MediaCdnSigner>()?;
    m.add_class::<google_cdn::MediaCdnVerifier>()?;
    m.add_class::<google_cdn::MediaCdnTokenSigner>()?;
    m.add_class::<google_cdn::MediaCdnTokenVerifier>()?;
    m.add(
        "CLOUD_CDN_COOKIE_NAME",
        aura_core::google_cdn::CLOUD_CDN_COOKIE_NAME,
    )?;
    m.add(
        "MEDIA_CDN_COOKIE_NAME",
        aura_core::google_cdn::MEDIA_CDN_COOKIE_NAME,
    )?;
    m.add(
        "GOOGLE_CDN_RULE_URL_PREFIX",
        aura_core::google_cdn::RULE_URL_PREFIX,
    )?;
    m.add("GOOGLE_CDN_RULE_PATH", aura_core::google_cdn::RULE_PATH)?;
    m.add(
        "GOOGLE_CDN_RULE_IP_RANGES",
        aura_core::google_cdn::RULE_IP_RANGES,
    )?;
    m.add(
        "GOOGLE_CDN_RULE_HEADERS",
        aura_core::google_cdn::RULE_HEADERS,
    )?;
    m.add_class::<mux::MuxSigner>()?;
    m.add_class::<mux::MuxPublicKey>()?;
    m.add_class::<mux::MuxVerifier>()?;
    // `setattr`: the vector test's check order, not part of the API.
    m.setattr(
        "_mux_check_type",
        wrap_pyfunction!(mux::_mux_check_type, m)?,
    )?;
    m.add_class::<imgix::ImgixClient>()?;
    m.add_class::<imgix::ImgixVerifier>()?;

    m.add_function(wrap_pyfunction!(errors::all_error_codes, m)?)?;
    m.add_function(wrap_pyfunction!(errors::_error_examples, m)?)?;
    // `setattr`, not `add`: kept out of `__all__` (and so out of the stubs).
    m.setattr(
        "_panic_for_tests",
        wrap_pyfunction!(errors::_panic_for_tests, m)?,
    )?;
    Ok(())
}

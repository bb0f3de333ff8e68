//! Every case of `tests/vectors/cloudflare-images.json`: `worker` mode byte
//! for byte; `default` mode per conformance rule 3; the verifier on every
//! URL the default mode signs.

mod common;

use aura_core::images::{ImagesMode, ImagesSigner, ImagesVerifier};
use aura_core::AuraError;
use common::{load, s, Outcome, Tally};
use url::{form_urlencoded, Url};

/// The input with every `exp`/`sig` parameter removed (what `default` must
/// sign), written here independently of the library's query code.
fn strip_exp_sig(input: &str) -> String {
    let mut url = Url::parse(input).unwrap();
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .into_owned()
        .filter(|(n, _)| n != "exp" && n != "sig")
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.set_query(Some(
            &form_urlencoded::Serializer::new(String::new())
                .extend_pairs(kept)
                .finish(),
        ));
    }
    url.into()
}

fn has_exp_or_sig(input: &str) -> bool {
    Url::parse(input)
        .unwrap()
        .query_pairs()
        .any(|(n, _)| n == "exp" || n == "sig")
}

fn variant_is_flexible(signed_url: &str) -> bool {
    let path = signed_url.split(['?', '#']).next().unwrap();
    path.rsplit('/').next().unwrap().contains('=')
}

fn main() {
    let file = load("cloudflare-images.json");
    let mut tally = Tally::default();
    for case in file["cases"].as_array().unwrap() {
        let id = s(case, "id");
        let i = &case["input"];
        let out = &case["output"];
        let (url, key) = (s(i, "url"), s(i, "key"));
        let (now, expires_in) = (
            i["now_unix"].as_i64().unwrap(),
            i["expires_in"].as_i64().unwrap(),
        );
        let signer = ImagesSigner::new(key);

        // worker: the reference bytes on every case.
        let worker = signer
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|k| k.sign(url, expires_in, now, ImagesMode::Worker));
        let outcome = match (&worker, out.get("error")) {
            (Err(_), Some(_)) => Outcome::Pass,
            (Ok(w), None)
                if w.url == s(out, "signed_url")
                    && w.string_to_sign == s(out, "string_to_sign") =>
            {
                Outcome::Pass
            }
            (got, _) => Outcome::Fail(format!("worker: got {got:?}, want {out}")),
        };
        tally.record("worker", id, outcome);

        // default: rule 3.
        let default = signer
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|k| k.sign(url, expires_in, now, ImagesMode::Default));
        let outcome = if out.get("error").is_some() {
            match default {
                Err(_) => Outcome::Pass,
                Ok(d) => Outcome::Fail(format!("default signed what the reference refuses: {d:?}")),
            }
        } else if variant_is_flexible(s(out, "signed_url")) {
            match default {
                Err(AuraError::FlexibleVariantNotSignable) => Outcome::Pass,
                other => Outcome::Fail(format!("flexible variant not refused: {other:?}")),
            }
        } else if let Some(edge) = case.get("edge_alternative") {
            match default {
                Ok(d)
                    if d.url == s(edge, "signed_url")
                        && d.string_to_sign == s(edge, "string_to_sign") =>
                {
                    Outcome::Pass
                }
                other => Outcome::Fail(format!("custom domain: got {other:?}, want {edge}")),
            }
        } else if has_exp_or_sig(url) {
            let stripped = signer.as_ref().unwrap().sign(
                &strip_exp_sig(url),
                expires_in,
                now,
                ImagesMode::Worker,
            );
            match (default, stripped) {
                (Ok(d), Ok(w)) if d == w && !d.string_to_sign.contains("sig=") => Outcome::Pass,
                (d, w) => Outcome::Fail(format!("default {d:?} != worker(stripped) {w:?}")),
            }
        } else {
            match default {
                Ok(d)
                    if d.url == s(out, "signed_url")
                        && d.string_to_sign == s(out, "string_to_sign") =>
                {
                    Outcome::Pass
                }
                other => Outcome::Fail(format!("default differs from the reference: {other:?}")),
            }
        };
        tally.record("default", id, outcome);

        // verifier: what default signs verifies until exp, not after, not with another key.
        if let Ok(signed) = signer
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|k| k.sign(url, expires_in, now, ImagesMode::Default))
        {
            let verifier = ImagesVerifier::new(&["some-other-key", key]).unwrap();
            let exp = now + expires_in;
            let outcome = match (
                verifier.verify(&signed.url, exp),
                verifier.verify(&signed.url, exp + 1),
                ImagesVerifier::new(&["some-other-key"])
                    .unwrap()
                    .verify(&signed.url, now),
            ) {
                (Ok(e), Err(AuraError::Expired), Err(AuraError::BadSignature)) if e == exp => {
                    Outcome::Pass
                }
                other => Outcome::Fail(format!("verify: {other:?}")),
            };
            tally.record("verify_default_output", id, outcome);
        }
        if case.get("edge_alternative").is_some() {
            // The Worker's custom-domain signature is over the /cdn-cgi path the edge refuses.
            let worker_url = s(out, "signed_url");
            let outcome = match ImagesVerifier::new(&[key]).unwrap().verify(worker_url, now) {
                Err(AuraError::BadSignature) => Outcome::Pass,
                other => Outcome::Fail(format!("worker custom-domain URL accepted: {other:?}")),
            };
            tally.record("verify_rejects_worker_custom_domain", id, outcome);
        }
    }
    tally.finish("cloudflare-images.json");
}

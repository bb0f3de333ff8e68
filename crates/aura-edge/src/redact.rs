//! What may appear in a log line: paths and queries with tokens and
//! signatures replaced. Headers are never logged (`X-Aura-Signature`).

use http::Uri;

const SECRET_PARAMS: [&str; 3] = ["token", "sig", "signature"];

/// `/eyJ….….…/manifest/video.m3u8?token=abc&w=1` →
/// `/<token>/manifest/video.m3u8?token=<redacted>&w=1`.
pub fn uri(uri: &Uri) -> String {
    let path = uri.path();
    let mut out = String::with_capacity(path.len() + 16);
    match crate::routes::stream::match_path(path) {
        Some((_, rest)) => {
            out.push_str("/<token>/");
            out.push_str(rest);
        }
        None => out.push_str(path),
    }
    if let Some(q) = uri.query() {
        out.push('?');
        for (i, pair) in q.split('&').enumerate() {
            if i > 0 {
                out.push('&');
            }
            let key = pair.split_once('=').map_or(pair, |(k, _)| k);
            if SECRET_PARAMS.iter().any(|s| key.eq_ignore_ascii_case(s)) {
                out.push_str(key);
                out.push_str("=<redacted>");
            } else {
                out.push_str(pair);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_tokens() {
        let u: http::Uri = "/p/n?token=abc.def&w=1&SIG=x".parse().unwrap();
        assert_eq!(super::uri(&u), "/p/n?token=<redacted>&w=1&SIG=<redacted>");
        let u: http::Uri = "/eyJa.b.c/manifest/video.m3u8".parse().unwrap();
        assert_eq!(super::uri(&u), "/<token>/manifest/video.m3u8");
    }
}

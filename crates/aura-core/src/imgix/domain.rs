//! The SDKs' domain check (`DOMAIN_REGEX`), without a regex engine.

use super::ImgixStyle;
use crate::error::{invalid, Result};

fn alnum(b: u8, any_case: bool) -> bool {
    b.is_ascii_digit() || b.is_ascii_lowercase() || (any_case && b.is_ascii_uppercase())
}

/// `^(?:[a-z\d\-_]{1,62}\.){0,125}(?:[a-z\d](?:\-(?=\-*[a-z\d])|[a-z]|\d){0,62}\.)[a-z\d]{1,63}$`,
/// case-insensitive in JS (`/i`), lower case only in Python.
pub(super) fn check_domain(domain: &str, style: ImgixStyle) -> Result<()> {
    let any_case = style == ImgixStyle::Js;
    let labels: Vec<&[u8]> = domain.as_bytes().split(|&b| b == b'.').collect();
    let ok = labels.len() >= 2 && labels.len() <= 127 && {
        let n = labels.len();
        let (last, second) = (labels[n - 1], labels[n - 2]);
        let leading_ok = labels[..n - 2].iter().all(|l| {
            (1..=62).contains(&l.len())
                && l.iter()
                    .all(|&b| alnum(b, any_case) || b == b'-' || b == b'_')
        });
        let second_ok = (1..=63).contains(&second.len())
            && alnum(second[0], any_case)
            && second.iter().all(|&b| alnum(b, any_case) || b == b'-')
            && second.last().is_some_and(|&b| b != b'-');
        let last_ok = (1..=63).contains(&last.len()) && last.iter().all(|&b| alnum(b, any_case));
        leading_ok && second_ok && last_ok
    };
    if ok {
        Ok(())
    } else {
        Err(invalid(
            "Domain must be passed in as fully-qualified domain name and should not include a protocol or any path element, i.e. \"example.imgix.net\".",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_the_regex() {
        for good in [
            "sdk-test.imgix.net",
            "a.b",
            "images.example.co.uk",
            "my-social-network.imgix.net",
            "x_y.a-b.c",
        ] {
            assert!(check_domain(good, ImgixStyle::Python).is_ok(), "{good}");
        }
        for bad in [
            "https://sdk-test.imgix.net",
            "sdk-test.imgix.net/",
            "",
            "my-host1.imgix.net-",
            "under_score.imgix",
            "a-.b",
            "nodot",
            "a..b",
            "-a.b",
        ] {
            assert!(check_domain(bad, ImgixStyle::Js).is_err(), "{bad}");
        }
        assert!(check_domain("Sdk-Test.Imgix.net", ImgixStyle::Js).is_ok());
        assert!(check_domain("Sdk-Test.Imgix.net", ImgixStyle::Python).is_err());
    }
}

//! `URLSearchParams` semantics (WHATWG URL §5): parse, `set`, serialise.

use std::borrow::Cow;
use url::form_urlencoded;

/// A query's pairs, borrowed from the URL where no decoding was needed.
pub type Pairs<'a> = Vec<(Cow<'a, str>, Cow<'a, str>)>;

/// The query's name/value list as `new URL(u).searchParams` holds it:
/// `+` is space, bad `%` stays literal, invalid UTF-8 becomes U+FFFD, empty
/// pairs vanish, `flag` is `("flag", "")`.
pub fn parse_pairs(query: Option<&str>) -> Pairs<'_> {
    match query {
        Some(q) => form_urlencoded::parse(q.as_bytes()).collect(),
        None => Vec::new(),
    }
}

/// `searchParams.set(name, value)`: the first match is rewritten in place and
/// later duplicates dropped; otherwise appended. Names are case-sensitive.
pub fn set<'a>(pairs: &mut Pairs<'a>, name: &'a str, value: String) {
    match pairs.iter().position(|(n, _)| n == name) {
        Some(first) => {
            pairs[first].1 = Cow::Owned(value);
            let mut index = 0;
            pairs.retain(|(n, _)| {
                let keep = index <= first || n != name;
                index += 1;
                keep
            });
        }
        None => pairs.push((Cow::Borrowed(name), Cow::Owned(value))),
    }
}

/// `searchParams.toString()`: application/x-www-form-urlencoded.
pub fn serialize(pairs: &[(Cow<'_, str>, Cow<'_, str>)]) -> String {
    let mut out = String::with_capacity(pairs.iter().map(|(n, v)| n.len() + v.len() + 2).sum());
    form_urlencoded::Serializer::new(&mut out)
        .extend_pairs(pairs.iter().map(|(n, v)| (n.as_ref(), v.as_ref())));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_rewrites_first_and_drops_the_rest() {
        let mut p = parse_pairs(Some("exp=1&sig=2&exp=3&a=b"));
        set(&mut p, "exp", "9".into());
        assert_eq!(serialize(&p), "exp=9&sig=2&a=b");
        set(&mut p, "new", "x y~".into());
        assert_eq!(serialize(&p), "exp=9&sig=2&a=b&new=x+y%7E");
    }

    #[test]
    fn parses_like_url_search_params() {
        let p = parse_pairs(Some("&&flag&=x&bad=%zz&ff=%FF&v=a+b"));
        assert_eq!(serialize(&p), "flag=&=x&bad=%25zz&ff=%EF%BF%BD&v=a+b");
    }
}

//! Wildcard matching shared by the providers that use it: `*` matches any
//! run of characters (also empty, also `/`), `?` exactly one character,
//! everything else itself, case-sensitively. CloudFront custom-policy
//! `Resource`s (cloudfront.md §1.1: a literal `?` that starts a query string
//! is therefore itself a one-character wildcard) and Akamai EdgeAuth ACLs.

/// Whether `text` matches the `pattern`. Iterative, with backtracking to the
/// last `*` only: O(len(pattern) × len(text)) in the worst case, no recursion.
pub(crate) fn wildcard_matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None; // (pattern index after `*`, text index it is tried at)
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            pi += 1;
            star = Some((pi, ti));
        } else if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if let Some((after_star, tried_at)) = star {
            pi = after_star;
            ti = tried_at + 1;
            star = Some((after_star, ti));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::wildcard_matches as m;

    #[test]
    fn star_and_question_mark() {
        assert!(m("https://d/videos/*", "https://d/videos/a.mp4"));
        assert!(m("https://d/videos/*", "https://d/videos/"));
        assert!(m("https://d/videos/*", "https://d/videos/a/b.mp4?x=1"));
        assert!(!m("https://d/videos/*", "https://d/video/a.mp4"));
        assert!(m("*://d/*", "https://d/a"));
        assert!(m("https://d/a.mp4?x=1", "https://d/a.mp4?x=1"));
        assert!(m("https://d/a.mp4?x=1", "https://d/a.mp4/x=1")); // `?` is a wildcard
        assert!(!m("https://d/a.mp4?x=1", "https://d/a.mp4x=1"));
        assert!(m("*", ""));
        assert!(m("a*b*c", "aXXbYYc"));
        assert!(!m("a*b*c", "aXXbYY"));
        assert!(!m("https://d/A.mp4", "https://d/a.mp4"));
        assert!(m("https://d/vidéo/?.mp4", "https://d/vidéo/é.mp4"));
        assert!(!m("", "x"));
        assert!(m("", ""));
    }

    #[test]
    fn a_star_in_the_text_is_matched_by_a_star_in_the_pattern() {
        // A pattern `*` is always a wildcard, also facing a `*` in the text.
        assert!(m("*a", "*ba"));
        assert!(m("/a/*", "/a/*"));
    }

    #[test]
    fn adversarial_patterns_stay_fast() {
        let text = "a".repeat(4000);
        let pattern = format!("{}b", "*a".repeat(200));
        assert!(!m(&pattern, &text));
    }
}

//! ACL matching: `*` matches any run of characters (also `/`), `?` exactly
//! one character.

/// Whether `path` matches the ACL `pattern`.
pub fn acl_matches(pattern: &str, path: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let s: Vec<char> = path.chars().collect();
    let (mut pi, mut si) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while si < s.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == s[si]) {
            pi += 1;
            si += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, si));
            pi += 1;
        } else if let Some((sp, ss)) = star {
            pi = sp + 1;
            si = ss + 1;
            star = Some((sp, ss + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(acl_matches("/akamai/edgeauth/*", "/akamai/edgeauth/a/b.ts"));
        assert!(acl_matches("/*", "/"));
        assert!(acl_matches("/c/??", "/c/ab"));
        assert!(!acl_matches("/c/??", "/c/abc"));
        assert!(!acl_matches("/a/*", "/b/x"));
        assert!(acl_matches("/a/*/x.ts", "/a/1/2/x.ts"));
        assert!(!acl_matches("/a", "/a/"));
        assert!(acl_matches("/a*b*c", "/axxbyyc"));
    }
}

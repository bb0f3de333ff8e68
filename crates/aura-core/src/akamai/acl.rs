//! ACL matching: `*` matches any run of characters (also `/`), `?` exactly
//! one character.

/// Whether `path` matches the ACL `pattern`.
pub fn acl_matches(pattern: &str, path: &str) -> bool {
    crate::wildcard::wildcard_matches(pattern, path)
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

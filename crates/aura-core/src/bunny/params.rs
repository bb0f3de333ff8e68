//! The parameter set: the URL's query, then `token_countries`,
//! `token_countries_blocked`, `limit`, `token_ignore_params`, `token_path`.

use std::collections::HashMap;

use super::order::Pair;

/// Parameters in insertion order. Setting an existing name replaces its
/// value in place (a JavaScript object, a Python dict, a Go map, a PHP
/// array all do); a name seen twice in the query is remembered.
#[derive(Debug, Default)]
pub(super) struct Params {
    entries: Vec<(Vec<u8>, Vec<u8>, bool)>,
    index: HashMap<Vec<u8>, usize>,
}

impl Params {
    /// The query pairs; a repeated name keeps its first value and is marked.
    pub fn from_pairs(pairs: Vec<Pair>) -> Self {
        let mut params = Params::default();
        for (name, value) in pairs {
            match params.index.get(&name) {
                Some(&i) => params.entries[i].2 = true,
                None => {
                    params.index.insert(name.clone(), params.entries.len());
                    params.entries.push((name, value, false));
                }
            }
        }
        params
    }

    pub fn contains(&self, name: &[u8]) -> bool {
        self.index.contains_key(name)
    }

    /// The first name that appeared more than once and was not replaced
    /// since (Python replaces the whole value list).
    pub fn duplicate(&self) -> Option<&[u8]> {
        self.entries
            .iter()
            .find(|(_, _, dup)| *dup)
            .map(|(n, _, _)| n.as_slice())
    }

    pub fn set(&mut self, name: &[u8], value: Vec<u8>) {
        match self.index.get(name) {
            Some(&i) => self.entries[i] = (name.to_vec(), value, false),
            None => {
                self.index.insert(name.to_vec(), self.entries.len());
                self.entries.push((name.to_vec(), value, false));
            }
        }
    }

    pub fn into_pairs(self) -> Vec<Pair> {
        self.entries.into_iter().map(|(n, v, _)| (n, v)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_replaces_in_place_and_clears_the_duplicate() {
        let mut p = Params::from_pairs(vec![
            (b"a".to_vec(), b"1".to_vec()),
            (b"b".to_vec(), b"2".to_vec()),
            (b"a".to_vec(), b"3".to_vec()),
        ]);
        assert!(p.contains(b"b"));
        assert_eq!(p.duplicate(), Some(&b"a"[..]));
        p.set(b"a", b"9".to_vec());
        assert_eq!(p.duplicate(), None);
        p.set(b"c", b"0".to_vec());
        assert_eq!(
            p.into_pairs(),
            vec![
                (b"a".to_vec(), b"9".to_vec()),
                (b"b".to_vec(), b"2".to_vec()),
                (b"c".to_vec(), b"0".to_vec())
            ]
        );
    }
}

//! A key ring: sign with the newest active key; verify with every active or
//! retiring key; revoke one. Rotation = add a new active key (the previous
//! active keys become retiring), so URLs signed before still verify until
//! their keys are revoked.

use crate::error::{invalid, AuraError, Result};

/// Where a key is in its life in a [`KeyRing`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyState {
    /// Signs (the newest active key) and verifies.
    Active,
    /// Verifies, no longer signs.
    Retiring,
    /// Neither signs nor verifies.
    Revoked,
}

impl KeyState {
    /// The state's name: `active`, `retiring` or `revoked`.
    pub fn as_str(self) -> &'static str {
        match self {
            KeyState::Active => "active",
            KeyState::Retiring => "retiring",
            KeyState::Revoked => "revoked",
        }
    }
}

#[derive(Clone, Debug)]
struct Entry<K> {
    id: String,
    key: K,
    state: KeyState,
    added_at: i64,
}

/// Generic over the key: an HMAC secret, an Images key, a `StreamKey`…
#[derive(Clone, Debug, Default)]
pub struct KeyRing<K> {
    entries: Vec<Entry<K>>,
}

impl<K> KeyRing<K> {
    /// An empty ring.
    pub fn new() -> Self {
        KeyRing {
            entries: Vec::new(),
        }
    }

    fn find(&mut self, id: &str) -> Result<&mut Entry<K>> {
        self.entries
            .iter_mut()
            .find(|e| e.id == id)
            .ok_or_else(|| AuraError::KeyNotFound(id.to_string()))
    }

    /// Adds an active key (signing moves to it once it is the newest).
    pub fn add(&mut self, id: &str, key: K, now: i64) -> Result<()> {
        if id.is_empty() {
            return Err(invalid("key id must not be empty"));
        }
        if self.entries.iter().any(|e| e.id == id) {
            return Err(invalid(format!("key id {id:?} is already in the ring")));
        }
        self.entries.push(Entry {
            id: id.to_string(),
            key,
            state: KeyState::Active,
            added_at: now,
        });
        Ok(())
    }

    /// Adds `key` as the active key and moves every other active key to retiring.
    pub fn rotate(&mut self, id: &str, key: K, now: i64) -> Result<()> {
        self.add(id, key, now)?;
        for e in self
            .entries
            .iter_mut()
            .filter(|e| e.id != id && e.state == KeyState::Active)
        {
            e.state = KeyState::Retiring;
        }
        Ok(())
    }

    /// Moves an active key to retiring: it still verifies but no longer signs. A
    /// revoked key stays revoked; an unknown id is `key_not_found`.
    pub fn retire(&mut self, id: &str) -> Result<()> {
        let e = self.find(id)?;
        if e.state == KeyState::Active {
            e.state = KeyState::Retiring;
        }
        Ok(())
    }

    /// Everything signed with this key stops verifying.
    pub fn revoke(&mut self, id: &str) -> Result<()> {
        self.find(id)?.state = KeyState::Revoked;
        Ok(())
    }

    /// The newest active key.
    pub fn signing_key(&self) -> Result<(&str, &K)> {
        self.entries
            .iter()
            .filter(|e| e.state == KeyState::Active)
            .max_by_key(|e| e.added_at)
            .map(|e| (e.id.as_str(), &e.key))
            .ok_or_else(|| invalid("the key ring has no active key"))
    }

    /// Active and retiring keys, newest first.
    pub fn verification_keys(&self) -> Vec<(&str, &K)> {
        // Newest first; keys added in the same second: the later-added first.
        let mut v: Vec<&Entry<K>> = self
            .entries
            .iter()
            .rev()
            .filter(|e| e.state != KeyState::Revoked)
            .collect();
        v.sort_by_key(|e| std::cmp::Reverse(e.added_at));
        v.into_iter().map(|e| (e.id.as_str(), &e.key)).collect()
    }

    /// (id, state, added_at) of every key, in insertion order.
    pub fn list(&self) -> Vec<(&str, KeyState, i64)> {
        self.entries
            .iter()
            .map(|e| (e.id.as_str(), e.state, e.added_at))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_second_rotation_still_signs_and_lists_newest_first() {
        let mut ring = KeyRing::new();
        ring.add("a", 1, 5).unwrap();
        ring.rotate("b", 2, 5).unwrap();
        assert_eq!(ring.signing_key().unwrap(), ("b", &2));
        assert_eq!(ring.verification_keys(), vec![("b", &2), ("a", &1)]);
        ring.add("c", 3, 4).unwrap();
        assert_eq!(
            ring.verification_keys()
                .iter()
                .map(|(id, _)| *id)
                .collect::<Vec<_>>(),
            ["b", "a", "c"]
        );
    }
}

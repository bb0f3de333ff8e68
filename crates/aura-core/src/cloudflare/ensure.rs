//! `ensureSigningKey(name, {adopt, delete})` as a pure decision (seed 000,
//! Alchemy's `ImagesSigningKey`; cloudflare.md §1.6), given the keys the list
//! call returned:
//!
//! - the key exists and `adopt` is set: use it as it is (no request);
//! - the key exists and `adopt` is not set: refuse. A `PUT` of an existing
//!   name regenerates its value and breaks every URL signed with it;
//!   rotation is its own, explicit call;
//! - the key does not exist: create it (`PUT`);
//! - on removal: delete it unless `delete: false` keeps it (URLs signed with
//!   a deleted key stop working).

use super::images_keys::{validate_images_key_name, ImagesSigningKey};
use crate::error::Result;

/// Seed 000's options: `adopt` (default `false`) and `delete` (default `true`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EnsureOptions {
    /// Use an existing key of that name instead of refusing.
    pub adopt: bool,
    /// Delete the key when it is removed; `false` keeps it at Cloudflare.
    pub delete: bool,
}

impl Default for EnsureOptions {
    fn default() -> Self {
        EnsureOptions {
            adopt: false,
            delete: true,
        }
    }
}

/// What to do for `ensureSigningKey(name, options)`; see [`decide_ensure`].
#[derive(Clone, Debug)]
pub enum EnsureDecision {
    /// The key exists and `adopt` is set: this is it; send nothing.
    Adopt(ImagesSigningKey),
    /// No key has that name: send the create request.
    Create,
    /// The key exists and `adopt` is not set: send nothing; report `reason`.
    Refuse {
        /// Why, for the caller to report.
        reason: String,
    },
}

/// What to do when the key is removed from the caller's configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemovalDecision {
    /// Send the delete request. `last_key`: it is the only key, and
    /// Cloudflare then generates a new `default` key.
    Delete {
        /// The key is the only one; Cloudflare then generates a new `default` key.
        last_key: bool,
    },
    /// `delete: false`: leave the key at Cloudflare.
    Keep,
    /// No key has that name: nothing to do.
    AlreadyGone,
}

/// Decides `ensureSigningKey(name, options)` from the listed keys.
/// `invalid_input` for a name Cloudflare would refuse.
pub fn decide_ensure(
    listed: &[ImagesSigningKey],
    name: &str,
    options: &EnsureOptions,
) -> Result<EnsureDecision> {
    validate_images_key_name(name)?;
    Ok(match listed.iter().find(|k| k.name == name) {
        Some(existing) if options.adopt => EnsureDecision::Adopt(existing.clone()),
        Some(_) => EnsureDecision::Refuse {
            reason: format!(
                "the Images signing key {name:?} already exists; creating it again would rotate it \
                 and break every URL signed with it: adopt it, or rotate it explicitly"
            ),
        },
        None => EnsureDecision::Create,
    })
}

/// Decides the removal of `name` from the listed keys.
pub fn decide_removal(
    listed: &[ImagesSigningKey],
    name: &str,
    options: &EnsureOptions,
) -> Result<RemovalDecision> {
    validate_images_key_name(name)?;
    Ok(if !options.delete {
        RemovalDecision::Keep
    } else if !listed.iter().any(|k| k.name == name) {
        RemovalDecision::AlreadyGone
    } else {
        RemovalDecision::Delete {
            last_key: listed.len() == 1,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Secret;

    fn keys(names: &[&str]) -> Vec<ImagesSigningKey> {
        names
            .iter()
            .map(|n| ImagesSigningKey {
                name: n.to_string(),
                value: Secret::new(format!("value-of-{n}")),
            })
            .collect()
    }

    const ADOPT: EnsureOptions = EnsureOptions {
        adopt: true,
        delete: true,
    };

    #[test]
    fn defaults_are_seed_000s() {
        assert_eq!(
            EnsureOptions::default(),
            EnsureOptions {
                adopt: false,
                delete: true
            }
        );
    }

    #[test]
    fn adopt_an_existing_key_instead_of_rotating_it() {
        match decide_ensure(&keys(&["default", "prod"]), "prod", &ADOPT).unwrap() {
            EnsureDecision::Adopt(k) => {
                assert_eq!(
                    (k.name.as_str(), k.value.expose()),
                    ("prod", "value-of-prod")
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn refuse_to_rotate_a_live_key_silently() {
        let d = decide_ensure(
            &keys(&["default", "prod"]),
            "prod",
            &EnsureOptions::default(),
        );
        match d.unwrap() {
            EnsureDecision::Refuse { reason } => {
                assert!(reason.contains("rotate"), "{reason}");
                assert!(!reason.contains("value-of"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn create_when_missing_whatever_adopt_says() {
        for opts in [ADOPT, EnsureOptions::default()] {
            assert!(matches!(
                decide_ensure(&keys(&["default"]), "prod", &opts).unwrap(),
                EnsureDecision::Create
            ));
            assert!(matches!(
                decide_ensure(&[], "prod", &opts).unwrap(),
                EnsureDecision::Create
            ));
        }
        // Names compare exactly.
        assert!(matches!(
            decide_ensure(&keys(&["Prod"]), "prod", &EnsureOptions::default()).unwrap(),
            EnsureDecision::Create
        ));
    }

    #[test]
    fn removal_keeps_the_key_when_delete_is_false() {
        let listed = keys(&["default", "prod"]);
        let keep = EnsureOptions {
            adopt: false,
            delete: false,
        };
        assert_eq!(
            decide_removal(&listed, "prod", &keep).unwrap(),
            RemovalDecision::Keep
        );
        assert_eq!(
            decide_removal(&listed, "prod", &EnsureOptions::default()).unwrap(),
            RemovalDecision::Delete { last_key: false }
        );
        assert_eq!(
            decide_removal(&keys(&["prod"]), "prod", &EnsureOptions::default()).unwrap(),
            RemovalDecision::Delete { last_key: true }
        );
        assert_eq!(
            decide_removal(&listed, "gone", &EnsureOptions::default()).unwrap(),
            RemovalDecision::AlreadyGone
        );
    }

    #[test]
    fn bad_names() {
        assert_eq!(
            decide_ensure(&[], "no-dash", &ADOPT).unwrap_err().code(),
            "invalid_input"
        );
        assert!(decide_removal(&[], "", &ADOPT).is_err());
    }
}

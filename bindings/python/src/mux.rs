//! Mux signed playback, DRM-license and viewer-count tokens (RS256 JWTs as
//! `@mux/mux-node` 15.3.0 writes them): a signer holding the parsed key and
//! its id, public keys, a verifier.

use aura_core::mux as core;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString, PyTuple};
use serde_json::{Map, Value};

use crate::args::{self, opt_seconds, text};
use crate::convert::{map_to_py, to_json};
use crate::errors::{guard, invalid, IntoPy};

/// `expiration`: seconds (int or float, used as is) or a time span (`"7d"`).
fn expiration(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Option<core::Expiration>> {
    match obj {
        None => Ok(None),
        Some(o) if o.is_none() => Ok(None),
        Some(o) => match o.cast::<PyString>() {
            Ok(s) => Ok(Some(core::Expiration::Span(
                text(s, "expiration")?.into_owned(),
            ))),
            Err(_) => Ok(Some(core::Expiration::Seconds(args::number(
                o,
                "expiration",
            )?))),
        },
    }
}

fn object(what: &str, obj: Option<&Bound<'_, PyAny>>) -> PyResult<Map<String, Value>> {
    match obj {
        None => Ok(Map::new()),
        Some(o) if o.is_none() => Ok(Map::new()),
        Some(o) => match to_json(o, what)? {
            Value::Object(m) => Ok(m),
            _ => Err(PyTypeError::new_err(format!("{what} must be a dict"))),
        },
    }
}

fn options(
    exp: Option<&Bound<'_, PyAny>>,
    params: Option<&Bound<'_, PyAny>>,
) -> PyResult<core::MuxTokenOptions> {
    Ok(core::MuxTokenOptions {
        expiration: expiration(exp)?,
        params: object("params", params)?,
    })
}

fn playback_type(
    t: Option<&Bound<'_, PyString>>,
    default: core::PlaybackType,
) -> PyResult<core::PlaybackType> {
    match t {
        None => Ok(default),
        Some(t) => core::PlaybackType::parse(&text(t, "type")?).py(),
    }
}

fn viewer_count_type(t: Option<&Bound<'_, PyString>>) -> PyResult<core::ViewerCountType> {
    match t {
        None => Ok(core::ViewerCountType::Video),
        Some(t) => core::ViewerCountType::parse(&text(t, "type")?).py(),
    }
}

/// Multi-type entries: a type name or a `(type, params)` pair.
fn multi_types(list: &Bound<'_, PyAny>) -> PyResult<Vec<core::MultiType>> {
    let bad = || PyTypeError::new_err("each type is a name or a (type, params) pair");
    list.try_iter()
        .map_err(|_| bad())?
        .map(|e| {
            let e = e?;
            if let Ok(s) = e.cast::<PyString>() {
                return Ok((playback_type(Some(s), core::PlaybackType::Video)?, None));
            }
            if e.is_instance_of::<PyTuple>() || e.is_instance_of::<PyList>() {
                if e.len()? != 2 {
                    return Err(bad());
                }
                let t = e.get_item(0)?;
                let t = t.cast::<PyString>().map_err(|_| bad())?;
                let params = object("the params of a (type, params) pair", Some(&e.get_item(1)?))?;
                return Ok((
                    playback_type(Some(t), core::PlaybackType::Video)?,
                    Some(params),
                ));
            }
            Err(bad())
        })
        .collect()
}

/// Checks a `type` (a name or a list) as mux-node does before it reads the
/// key; `kind` is `playback` or `viewer_counts`. Registered with `setattr`
/// (not in `__all__` nor the stubs): the vector test's order of checks.
#[pyfunction]
pub fn _mux_check_type(kind: &Bound<'_, PyString>, token_type: &Bound<'_, PyAny>) -> PyResult<()> {
    guard(|| {
        if token_type.is_none() {
            return Ok(());
        }
        if let Ok(s) = token_type.cast::<PyString>() {
            if text(kind, "kind")? == "viewer_counts" {
                viewer_count_type(Some(s))?;
            } else {
                playback_type(Some(s), core::PlaybackType::Video)?;
            }
            return Ok(());
        }
        multi_types(token_type).map(drop)
    })
}

/// A Mux signing key (parsed once) and its id (the `kid`).
#[pyclass(frozen, module = "aura_sign._native", name = "MuxSigner")]
pub struct MuxSigner {
    inner: core::MuxSigner,
}

#[pymethods]
impl MuxSigner {
    /// `key`: the dashboard's base64 string, or PKCS#1 / PKCS#8 PEM.
    #[new]
    fn new(key_id: &Bound<'_, PyString>, key: &Bound<'_, PyString>) -> PyResult<Self> {
        guard(|| {
            Ok(MuxSigner {
                inner: core::MuxSigner::from_key_text(&text(key_id, "key_id")?, &text(key, "key")?)
                    .py()?,
            })
        })
    }

    #[getter]
    fn key_id(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.key_id()))
    }

    /// The public half, under this signer's key id.
    fn public_key(&self) -> PyResult<MuxPublicKey> {
        guard(|| {
            Ok(MuxPublicKey {
                inner: self.inner.key().public_key(self.inner.key_id()).py()?,
            })
        })
    }

    #[pyo3(signature = (playback_id, now, token_type=None, expiration=None, params=None))]
    fn sign_playback_id(
        &self,
        playback_id: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        token_type: Option<&Bound<'_, PyString>>,
        expiration: Option<&Bound<'_, PyAny>>,
        params: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        guard(|| {
            let id = text(playback_id, "playback_id")?;
            let t = playback_type(token_type, core::PlaybackType::Video)?;
            let now = args::now(now)?;
            let o = options(expiration, params)?;
            self.inner.sign_playback_id(&id, t, &o, now).py()
        })
    }

    /// One token per entry: `[(token name, token)]` in first-appearance order.
    #[pyo3(signature = (playback_id, types, now, expiration=None, params=None))]
    fn sign_playback_ids(
        &self,
        playback_id: &Bound<'_, PyString>,
        types: &Bound<'_, PyAny>,
        now: &Bound<'_, PyAny>,
        expiration: Option<&Bound<'_, PyAny>>,
        params: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<(&'static str, String)>> {
        guard(|| {
            let id = text(playback_id, "playback_id")?;
            let types = multi_types(types)?;
            let now = args::now(now)?;
            let o = options(expiration, params)?;
            Ok(self.inner.sign_playback_ids(&id, &types, &o, now).py()?.0)
        })
    }

    /// A `type` other than `drm_license` signs that type (as mux-node).
    #[pyo3(signature = (playback_id, now, token_type=None, expiration=None, params=None))]
    fn sign_drm_license(
        &self,
        playback_id: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        token_type: Option<&Bound<'_, PyString>>,
        expiration: Option<&Bound<'_, PyAny>>,
        params: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        guard(|| {
            let id = text(playback_id, "playback_id")?;
            let t = playback_type(token_type, core::PlaybackType::DrmLicense)?;
            let now = args::now(now)?;
            let o = options(expiration, params)?;
            match t {
                core::PlaybackType::DrmLicense => self.inner.sign_drm_license(&id, &o, now),
                t => self.inner.sign_playback_id(&id, t, &o, now),
            }
            .py()
        })
    }

    #[pyo3(signature = (id, now, token_type=None, expiration=None, params=None))]
    fn sign_viewer_counts(
        &self,
        id: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        token_type: Option<&Bound<'_, PyString>>,
        expiration: Option<&Bound<'_, PyAny>>,
        params: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<String> {
        guard(|| {
            let id = text(id, "id")?;
            let t = viewer_count_type(token_type)?;
            let now = args::now(now)?;
            let o = options(expiration, params)?;
            self.inner.sign_viewer_counts(&id, t, &o, now).py()
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "MuxSigner(key_id={:?}, <private key>)",
                self.inner.key_id()
            ))
        })
    }
}

/// A Mux public key under its signing-key id.
#[pyclass(frozen, module = "aura_sign._native", name = "MuxPublicKey")]
pub struct MuxPublicKey {
    inner: core::MuxPublicKey,
}

#[pymethods]
impl MuxPublicKey {
    /// SPKI / PKCS#1 public PEM, their base64, or a private key's public half.
    #[staticmethod]
    fn from_any(key: &Bound<'_, PyString>, key_id: &Bound<'_, PyString>) -> PyResult<Self> {
        guard(|| {
            Ok(MuxPublicKey {
                inner: core::MuxPublicKey::from_any(&text(key, "key")?, &text(key_id, "key_id")?)
                    .py()?,
            })
        })
    }

    #[getter]
    fn key_id(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.key_id()))
    }

    #[getter]
    fn modulus_sha256(&self) -> PyResult<&str> {
        guard(|| Ok(self.inner.modulus_sha256()))
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "MuxPublicKey(key_id={:?}, modulus_sha256={:?})",
                self.inner.key_id(),
                self.inner.modulus_sha256()
            ))
        })
    }
}

/// Trusted public keys, each under its signing-key id.
#[pyclass(frozen, module = "aura_sign._native", name = "MuxVerifier")]
pub struct MuxVerifier {
    inner: core::MuxVerifier,
}

#[pymethods]
impl MuxVerifier {
    #[new]
    fn new(keys: Vec<PyRef<'_, MuxPublicKey>>) -> PyResult<Self> {
        guard(|| {
            Ok(MuxVerifier {
                inner: core::MuxVerifier::new(keys.iter().map(|k| k.inner.clone()).collect())
                    .py()?,
            })
        })
    }

    /// `audience`: `playback` (types video … drm_license) or `viewer_counts`.
    #[pyo3(signature = (token, audience, id, now, token_type=None, leeway=None))]
    #[allow(clippy::too_many_arguments)]
    fn verify<'py>(
        &self,
        py: Python<'py>,
        token: &Bound<'_, PyString>,
        audience: &Bound<'_, PyString>,
        id: &Bound<'_, PyString>,
        now: &Bound<'_, PyAny>,
        token_type: Option<&Bound<'_, PyString>>,
        leeway: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let token = text(token, "token")?;
            let id = text(id, "id")?;
            let now = args::now(now)?;
            let leeway = opt_seconds(leeway, "leeway")?.unwrap_or(0);
            let audience = match &*text(audience, "audience")? {
                "playback" => core::MuxAudience::Playback(playback_type(
                    token_type,
                    core::PlaybackType::Video,
                )?),
                "viewer_counts" => core::MuxAudience::ViewerCounts(viewer_count_type(token_type)?),
                _ => return Err(invalid("audience must be playback or viewer_counts")),
            };
            let mut o = core::MuxVerifyOptions::new(audience, &id, now);
            o.leeway = leeway;
            map_to_py(py, &self.inner.verify(&token, &o).py()?)
        })
    }

    fn __repr__(&self) -> PyResult<&'static str> {
        guard(|| Ok("MuxVerifier(<public keys>)"))
    }
}

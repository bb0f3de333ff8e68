//! General JWT with prepared keys, key generation, and the key ring.

use aura_core::jwt::{self, Algorithm};
use aura_core::keys::{self, KeyRing as CoreKeyRing, OsRandom, SecretKind};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use std::sync::Mutex;

use crate::args::{self, opt_seconds, opt_string, opt_text, str_or, text, texts};
use crate::cloudflare::StreamKey;
use crate::convert::{map_to_py, to_json};
use crate::errors::{guard, IntoPy};

#[pyclass(frozen, module = "aura_sign._native", name = "JwtKey")]
pub struct JwtKey {
    inner: jwt::JwtKey,
}

#[pymethods]
impl JwtKey {
    #[staticmethod]
    #[pyo3(signature = (text, kid=None))]
    fn from_pem(text: &Bound<'_, PyString>, kid: Option<&Bound<'_, PyString>>) -> PyResult<Self> {
        guard(|| {
            let text = args::text(text, "text")?;
            let kid = opt_text(kid, "kid")?;
            Ok(JwtKey {
                inner: jwt::JwtKey::from_pem(&text, kid.as_deref()).py()?,
            })
        })
    }

    /// Key text for `algorithm` (an HS256 secret, or PEM/JWK text).
    #[staticmethod]
    #[pyo3(signature = (text, algorithm, kid=None))]
    fn from_text(
        text: &Bound<'_, PyString>,
        algorithm: &Bound<'_, PyString>,
        kid: Option<&Bound<'_, PyString>>,
    ) -> PyResult<Self> {
        guard(|| {
            let text = args::text(text, "text")?;
            let algorithm = Algorithm::parse(&args::text(algorithm, "algorithm")?).py()?;
            let kid = opt_text(kid, "kid")?;
            Ok(JwtKey {
                inner: jwt::JwtKey::from_text(&text, algorithm, kid.as_deref()).py()?,
            })
        })
    }

    /// One JWK (RFC 7517): `oct` (HS256, the raw bytes of `k`), `RSA`, `EC`
    /// P-256 or `OKP` Ed25519; the `kid` is the JWK's.
    #[staticmethod]
    fn from_jwk(text: &Bound<'_, PyString>) -> PyResult<Self> {
        guard(|| {
            let text = args::text(text, "text")?;
            Ok(JwtKey {
                inner: jwt::JwtKey::from_jwk(&text).py()?,
            })
        })
    }

    #[staticmethod]
    #[pyo3(signature = (secret, kid=None))]
    fn hmac(secret: &Bound<'_, PyString>, kid: Option<&Bound<'_, PyString>>) -> PyResult<Self> {
        guard(|| {
            let secret = text(secret, "secret")?;
            let kid = opt_text(kid, "kid")?;
            Ok(JwtKey {
                inner: jwt::JwtKey::hmac(&secret, kid.as_deref()).py()?,
            })
        })
    }

    #[getter]
    fn algorithm(&self) -> PyResult<&'static str> {
        guard(|| Ok(self.inner.algorithm().as_str()))
    }

    #[getter]
    fn kid(&self) -> PyResult<Option<&str>> {
        guard(|| Ok(self.inner.kid()))
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            let kid = self
                .inner
                .kid()
                .map_or("None".to_string(), |k| format!("{k:?}"));
            let kind = if self.inner.can_sign() {
                "private"
            } else {
                "public"
            };
            Ok(format!(
                "JwtKey(algorithm={:?}, kid={kid}, <{kind}>)",
                self.inner.algorithm().as_str()
            ))
        })
    }
}

fn object(
    d: &Bound<'_, PyAny>,
    what: &str,
) -> PyResult<serde_json::Map<String, serde_json::Value>> {
    match to_json(d, what)? {
        serde_json::Value::Object(m) => Ok(m),
        _ => Err(PyTypeError::new_err(format!("{what} must be a dict"))),
    }
}

fn keys_of(keys: &Bound<'_, PyAny>) -> PyResult<Vec<jwt::JwtKey>> {
    if let Ok(k) = keys.cast::<JwtKey>() {
        return Ok(vec![k.get().inner.clone()]);
    }
    keys.try_iter()?
        .map(|k| {
            Ok(k?
                .cast::<JwtKey>()
                .map_err(|_| PyTypeError::new_err("keys must be JwtKey objects"))?
                .get()
                .inner
                .clone())
        })
        .collect()
}

/// `algorithm` must name the key's algorithm (it is bound to the key type).
#[pyfunction]
#[pyo3(signature = (claims, key, algorithm, headers=None))]
pub fn jwt_encode(
    py: Python<'_>,
    claims: &Bound<'_, PyAny>,
    key: &Bound<'_, JwtKey>,
    algorithm: &Bound<'_, PyString>,
    headers: Option<&Bound<'_, PyDict>>,
) -> PyResult<String> {
    guard(|| {
        let key = &key.get().inner;
        let algorithm = text(algorithm, "algorithm")?;
        let alg = Algorithm::parse(&algorithm).py()?;
        if alg != key.algorithm() {
            return Err(crate::errors::to_py_err(
                aura_core::AuraError::AlgNotAllowed(format!(
                    "{algorithm} with a {} key",
                    key.algorithm().as_str()
                )),
            ));
        }
        let claims = object(claims, "claims")?;
        let headers = headers.map(|h| object(h.as_any(), "headers")).transpose()?;
        py.detach(|| jwt::encode(&claims, key, headers.as_ref()))
            .py()
    })
}

#[pyfunction]
#[pyo3(
    signature = (token, keys, algorithms, now, leeway=None, require_exp=false),
    text_signature = "(token, keys, algorithms, now, leeway=0, require_exp=False)"
)]
pub fn jwt_decode<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyString>,
    keys: &Bound<'py, PyAny>,
    algorithms: Vec<Bound<'py, PyString>>,
    now: &Bound<'py, PyAny>,
    leeway: Option<&Bound<'py, PyAny>>,
    require_exp: bool,
) -> PyResult<Bound<'py, PyAny>> {
    guard(|| {
        let token = text(token, "token")?;
        let keys = keys_of(keys)?;
        let algorithms = texts(&algorithms, "algorithms")?
            .iter()
            .map(|a| Algorithm::parse(a))
            .collect::<aura_core::Result<Vec<_>>>()
            .py()?;
        let options = jwt::DecodeOptions {
            algorithms: &algorithms,
            now: args::now(now)?,
            leeway: opt_seconds(leeway, "leeway")?.unwrap_or(0),
            require_exp,
        };
        let claims = py.detach(|| jwt::decode(&token, &keys, &options)).py()?;
        map_to_py(py, &claims)
    })
}

/// RFC 7515 compact JWS over the exact `protected_header` and `payload` bytes.
#[pyfunction]
pub fn jws_sign_compact(
    py: Python<'_>,
    protected_header: &[u8],
    payload: &[u8],
    key: &Bound<'_, JwtKey>,
) -> PyResult<String> {
    guard(|| {
        let key = &key.get().inner;
        py.detach(|| aura_core::jws::sign_compact(protected_header, payload, key))
            .py()
    })
}

/// Checks only the signature: `(protected header, payload bytes)`.
#[pyfunction]
pub fn jws_verify_compact<'py>(
    py: Python<'py>,
    token: &Bound<'py, PyString>,
    keys: &Bound<'py, PyAny>,
    algorithms: Vec<Bound<'py, PyString>>,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyBytes>)> {
    guard(|| {
        let token = text(token, "token")?;
        let keys = keys_of(keys)?;
        let algorithms = texts(&algorithms, "algorithms")?
            .iter()
            .map(|a| Algorithm::parse(a))
            .collect::<aura_core::Result<Vec<_>>>()
            .py()?;
        let (header, payload) = py
            .detach(|| aura_core::jws::verify_compact(&token, &keys, &algorithms))
            .py()?;
        Ok((map_to_py(py, &header)?, PyBytes::new(py, &payload)))
    })
}

#[pyfunction]
#[pyo3(signature = (kind=None), text_signature = "(kind=\"secret_key\")")]
pub fn generate_secret(kind: Option<&Bound<'_, PyString>>) -> PyResult<String> {
    guard(|| {
        let kind = SecretKind::parse(&str_or(kind, "kind", "secret_key")?).py()?;
        Ok(keys::generate_secret(kind, &mut OsRandom)
            .py()?
            .expose()
            .to_string())
    })
}

#[pyfunction]
pub fn generate_key_id() -> PyResult<String> {
    guard(|| keys::generate_key_id(&mut OsRandom).py())
}

/// `(id, pem, jwk, StreamKey)` in Cloudflare's API shapes.
#[pyfunction]
#[pyo3(signature = (key_id=None))]
pub fn generate_stream_key(
    py: Python<'_>,
    key_id: Option<&Bound<'_, PyString>>,
) -> PyResult<(String, String, String, StreamKey)> {
    guard(|| {
        let key_id = opt_string(key_id, "key_id")?;
        let k = py
            .detach(|| keys::generate_stream_key(key_id.as_deref()))
            .py()?;
        Ok((
            k.id.clone(),
            k.pem.expose().to_string(),
            k.jwk.expose().to_string(),
            StreamKey {
                inner: k.key.clone(),
            },
        ))
    })
}

#[pyfunction]
pub fn export_stream_key(
    key: &Bound<'_, StreamKey>,
    key_id: &Bound<'_, PyString>,
) -> PyResult<(String, String)> {
    guard(|| {
        let key_id = text(key_id, "key_id")?;
        let k = keys::export_cloudflare_shapes(&key.get().inner, &key_id).py()?;
        Ok((k.pem.expose().to_string(), k.jwk.expose().to_string()))
    })
}

/// Holds any Python objects as keys; the rotation rules are the core's.
#[pyclass(frozen, module = "aura_sign._native", name = "KeyRing")]
pub struct KeyRing {
    inner: Mutex<CoreKeyRing<Py<PyAny>>>,
}

impl KeyRing {
    fn ring(&self) -> std::sync::MutexGuard<'_, CoreKeyRing<Py<PyAny>>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[pymethods]
impl KeyRing {
    #[new]
    fn new() -> PyResult<Self> {
        guard(|| {
            Ok(KeyRing {
                inner: Mutex::new(CoreKeyRing::new()),
            })
        })
    }

    fn add(
        &self,
        id: &Bound<'_, PyString>,
        key: Py<PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        guard(|| {
            let id = text(id, "id")?;
            let now = args::now(now)?;
            self.ring().add(&id, key, now).py()
        })
    }

    fn rotate(
        &self,
        id: &Bound<'_, PyString>,
        key: Py<PyAny>,
        now: &Bound<'_, PyAny>,
    ) -> PyResult<()> {
        guard(|| {
            let id = text(id, "id")?;
            let now = args::now(now)?;
            self.ring().rotate(&id, key, now).py()
        })
    }

    fn retire(&self, id: &Bound<'_, PyString>) -> PyResult<()> {
        guard(|| self.ring().retire(&text(id, "id")?).py())
    }

    fn revoke(&self, id: &Bound<'_, PyString>) -> PyResult<()> {
        guard(|| self.ring().revoke(&text(id, "id")?).py())
    }

    fn signing_key(&self, py: Python<'_>) -> PyResult<(String, Py<PyAny>)> {
        guard(|| {
            let ring = self.ring();
            let (id, key) = ring.signing_key().py()?;
            Ok((id.to_string(), key.clone_ref(py)))
        })
    }

    fn verification_keys(&self, py: Python<'_>) -> PyResult<Vec<(String, Py<PyAny>)>> {
        guard(|| {
            Ok(self
                .ring()
                .verification_keys()
                .into_iter()
                .map(|(id, k)| (id.to_string(), k.clone_ref(py)))
                .collect())
        })
    }

    fn list(&self) -> PyResult<Vec<(String, &'static str, i64)>> {
        guard(|| {
            Ok(self
                .ring()
                .list()
                .into_iter()
                .map(|(id, st, at)| (id.to_string(), st.as_str(), at))
                .collect())
        })
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| Ok(format!("KeyRing({} keys)", self.ring().list().len())))
    }
}

//! Image metadata through the hot cache.

use std::sync::Arc;

use crate::cache::{meta_key, MetaLookup};
use crate::error::ApiResult;
use crate::meta::ImageMeta;
use crate::state::AppState;

/// The metadata of `(project, name)`: from the hot cache, else from the
/// store (the answer, absence included, is cached). `None`: no such image.
pub async fn image_meta(
    st: &AppState,
    project: &str,
    name: &str,
) -> ApiResult<Option<Arc<ImageMeta>>> {
    let key = meta_key(project, name);
    if let MetaLookup::Hit(meta) = st.cache.get_meta(&key) {
        return Ok(meta);
    }
    let generation = st.cache.read_generation();
    let meta = st.store.get_image(project, name).await?.map(Arc::new);
    st.cache.fill_meta(key, meta.clone(), generation);
    Ok(meta)
}

/// Call after the store recorded a change to this image.
pub fn changed(st: &AppState, project: &str, name: &str) {
    st.cache.meta_changed(&meta_key(project, name));
}

/// The original bytes, from the cache or the store.
pub async fn blob(st: &AppState, sha256: &str) -> ApiResult<Option<bytes::Bytes>> {
    let key = format!("b:{sha256}");
    if let Some(b) = st.cache.get_bytes(&key) {
        return Ok(Some(b));
    }
    let bytes = st.store.get_blob(sha256).await?;
    if let Some(b) = &bytes {
        st.cache.put_bytes(key, b.clone());
    }
    Ok(bytes)
}

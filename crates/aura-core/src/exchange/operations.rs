//! One constructor per operation. Each checks its arguments and builds its
//! first request before anything is sent, so bad input fails without I/O.

use super::{Answer, Exchange, Read, Removal, Stage};
use crate::auraimage::{AuraImage, UploadFromUrlOptions, UploadOptions};
use crate::cloudflare::{self as cf, Api, EnsureOptions, StreamTokenRequest};
use crate::error::Result;
use crate::http::RetryPolicy;

impl Exchange {
    // ---- AuraImage (auraimage.md §7, §8, §10) ----------------------------

    /// `setVisibility(name, "public" | "private")`.
    pub fn set_visibility(
        aura: &AuraImage,
        name: &str,
        visibility: &str,
        now: i64,
    ) -> Result<Self> {
        let req = aura
            .set_visibility_request(name, visibility, now)?
            .into_request();
        Ok(Exchange::single(req, Read::Visibility))
    }

    /// `upload(file, options)`: one multipart `file` part with a fresh
    /// upload token; `boundary` is the host's random multipart boundary.
    pub fn upload(
        aura: &AuraImage,
        file: &[u8],
        filename: &str,
        content_type: &str,
        options: &UploadOptions,
        now: i64,
        boundary: &str,
    ) -> Result<Self> {
        let req = aura.upload_request(file, filename, content_type, options, now, boundary)?;
        Ok(Exchange::single(req, Read::Upload))
    }

    /// `uploadFromUrl(url, options)`: fetch the source once (no retry, the
    /// SDK's timeout), check it, upload it. Errors are `upload_from_url`
    /// with the SDK's kinds and messages.
    pub fn upload_from_url(
        aura: &AuraImage,
        url: &str,
        options: &UploadFromUrlOptions,
        now: i64,
        boundary: &str,
    ) -> Result<Self> {
        let plan = aura.plan_upload_from_url(url, options, now, boundary)?;
        let fetch = plan.fetch_request()?;
        let timeout = Some(plan.timeout_ms);
        let mut ex = Exchange::new(Stage::FromUrlFetching(Box::new(plan)), Some(fetch), timeout);
        // The SDK fetches the source exactly once; the upload that follows
        // gets the default policy again (a POST is repeated only after 429).
        ex.policy = RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        };
        Ok(ex)
    }

    // ---- Cloudflare Images signing keys (cloudflare.md §1.6) -------------

    /// Lists the Images signing keys; answers [`Answer::ImagesKeys`].
    pub fn list_images_keys(api: &Api) -> Result<Self> {
        Ok(Exchange::single(
            cf::list_images_keys_request(api)?,
            Read::ImagesKeys,
        ))
    }

    /// Creates `name`: list, then PUT only when no key has that name
    /// (`invalid_input` otherwise: a PUT of a live name would rotate it).
    pub fn create_images_key(api: &Api, name: &str) -> Result<Self> {
        Exchange::ensuring(api, name, &EnsureOptions::default(), true)
    }

    /// Regenerates the value of the existing key `name` (every URL signed
    /// with the old value stops working): list, then PUT;
    /// `key_not_found` when it does not exist.
    pub fn rotate_images_key(api: &Api, name: &str) -> Result<Self> {
        cf::validate_images_key_name(name)?;
        let req = cf::list_images_keys_request(api)?;
        let stage = Stage::RotateListing {
            api: api.clone(),
            name: name.to_string(),
        };
        Ok(Exchange::new(stage, Some(req), None))
    }

    /// Deletes `name`; the answer lists the keys left.
    pub fn delete_images_key(api: &Api, name: &str) -> Result<Self> {
        let req = cf::delete_images_key_request(api, name)?;
        Ok(Exchange::single(req, Read::DeleteImagesKey))
    }

    /// `ensureSigningKey(name, {adopt})` (seed 000): list, then adopt,
    /// create, or refuse to rotate a live key.
    pub fn ensure_signing_key(api: &Api, name: &str, options: &EnsureOptions) -> Result<Self> {
        Exchange::ensuring(api, name, options, false)
    }

    fn ensuring(api: &Api, name: &str, options: &EnsureOptions, bare: bool) -> Result<Self> {
        cf::validate_images_key_name(name)?;
        let req = cf::list_images_keys_request(api)?;
        let stage = Stage::EnsureListing {
            api: api.clone(),
            name: name.to_string(),
            options: *options,
            bare,
        };
        Ok(Exchange::new(stage, Some(req), None))
    }

    /// The removal side of `ensureSigningKey`: nothing is sent when
    /// `delete: false`; otherwise list, then delete when present (a 5404
    /// in between counts as already gone).
    pub fn remove_signing_key(api: &Api, name: &str, options: &EnsureOptions) -> Result<Self> {
        cf::validate_images_key_name(name)?;
        if !options.delete {
            return Ok(Exchange::new(
                Stage::Immediate(Box::new(Answer::Removed(Removal::Kept))),
                None,
                None,
            ));
        }
        let req = cf::list_images_keys_request(api)?;
        let stage = Stage::RemoveListing {
            api: api.clone(),
            name: name.to_string(),
            options: *options,
        };
        Ok(Exchange::new(stage, Some(req), None))
    }

    // ---- Cloudflare Images (cloudflare.md §1.5) --------------------------

    /// Reads an image's details; answers [`Answer::Image`].
    pub fn image_details(api: &Api, image_id: &str) -> Result<Self> {
        Ok(Exchange::single(
            cf::image_details_request(api, image_id)?,
            Read::Image,
        ))
    }

    /// `requireSignedURLs: true` makes the image private (seed 001).
    pub fn set_image_require_signed_urls(api: &Api, image_id: &str, require: bool) -> Result<Self> {
        let req = cf::set_image_require_signed_urls_request(api, image_id, require)?;
        Ok(Exchange::single(req, Read::SetImage))
    }

    // ---- Cloudflare Stream (cloudflare.md §2.3, §2.4; seed 003) ----------

    /// Creates a signing key; the answer loads straight into a signer.
    pub fn create_stream_key(api: &Api) -> Result<Self> {
        Ok(Exchange::single(
            cf::create_stream_key_request(api)?,
            Read::StreamKey,
        ))
    }

    /// Lists the Stream signing keys (no key material); answers [`Answer::StreamKeys`].
    pub fn list_stream_keys(api: &Api) -> Result<Self> {
        Ok(Exchange::single(
            cf::list_stream_keys_request(api)?,
            Read::StreamKeys,
        ))
    }

    /// Revokes the Stream key `key_id` (tokens signed with it stop working);
    /// answers [`Answer::StreamKeyRevoked`].
    pub fn revoke_stream_key(api: &Api, key_id: &str) -> Result<Self> {
        let req = cf::revoke_stream_key_request(api, key_id)?;
        Ok(Exchange::single(req, Read::RevokeStreamKey))
    }

    /// Reads a video's details; answers [`Answer::Video`].
    pub fn video_details(api: &Api, uid: &str) -> Result<Self> {
        Ok(Exchange::single(
            cf::video_details_request(api, uid)?,
            Read::Video,
        ))
    }

    /// Seed 003's `POST /stream/{uid}` with `{"uid", "requireSignedURLs"}`.
    pub fn set_video_require_signed_urls(api: &Api, uid: &str, require: bool) -> Result<Self> {
        let req = cf::set_video_require_signed_urls_request(api, uid, require)?;
        Ok(Exchange::single(req, Read::SetVideo))
    }

    /// Stream's `/token` endpoint: a signed token made by Cloudflare.
    pub fn stream_token(api: &Api, uid: &str, options: &StreamTokenRequest) -> Result<Self> {
        let req = cf::stream_token_request(api, uid, options)?;
        Ok(Exchange::single(req, Read::StreamToken))
    }
}

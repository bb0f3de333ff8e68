//! The token types and their `aud` claims (mux.md §2, `TypeClaim`,
//! `DataTypeClaim`, `TypeToken`).

use crate::error::{invalid, Result};

/// `signPlaybackId`'s `type` (and `signDrmLicense`'s).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PlaybackType {
    /// `video` → `aud: "v"` (the default).
    Video,
    /// `thumbnail` → `aud: "t"`.
    Thumbnail,
    /// `gif` → `aud: "g"`.
    Gif,
    /// `storyboard` → `aud: "s"`.
    Storyboard,
    /// `stats` → `aud: "playback_id"`.
    Stats,
    /// `drm_license` → `aud: "d"`.
    DrmLicense,
}

impl PlaybackType {
    /// Every type.
    pub const ALL: [PlaybackType; 6] = [
        PlaybackType::Video,
        PlaybackType::Thumbnail,
        PlaybackType::Gif,
        PlaybackType::Storyboard,
        PlaybackType::Stats,
        PlaybackType::DrmLicense,
    ];

    /// The SDK's type name.
    pub fn as_str(self) -> &'static str {
        match self {
            PlaybackType::Video => "video",
            PlaybackType::Thumbnail => "thumbnail",
            PlaybackType::Gif => "gif",
            PlaybackType::Storyboard => "storyboard",
            PlaybackType::Stats => "stats",
            PlaybackType::DrmLicense => "drm_license",
        }
    }

    /// The `aud` claim.
    pub fn aud(self) -> &'static str {
        match self {
            PlaybackType::Video => "v",
            PlaybackType::Thumbnail => "t",
            PlaybackType::Gif => "g",
            PlaybackType::Storyboard => "s",
            PlaybackType::Stats => "playback_id",
            PlaybackType::DrmLicense => "d",
        }
    }

    /// The key of this type's token in a multi-type result (`TypeToken`).
    pub fn token_name(self) -> &'static str {
        match self {
            PlaybackType::Video => "playback-token",
            PlaybackType::Thumbnail => "thumbnail-token",
            PlaybackType::Gif => "gif-token",
            PlaybackType::Storyboard => "storyboard-token",
            PlaybackType::Stats => "stats-token",
            PlaybackType::DrmLicense => "drm-token",
        }
    }

    /// Exact, case-sensitive names only. Unlike mux-node, `Object.prototype`
    /// members (`toString`, `__proto__`…) are refused, not signed without `aud`.
    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                invalid(format!(
                    "Invalid signature type: {s}; Expected one of video,thumbnail,gif,storyboard,stats,drm_license"
                ))
            })
    }
}

/// `signViewerCounts`'s `type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ViewerCountType {
    /// `video` → `aud: "video_id"` (the default).
    Video,
    /// `asset` → `aud: "asset_id"`.
    Asset,
    /// `playback` → `aud: "playback_id"`.
    Playback,
    /// `live_stream` → `aud: "live_stream_id"`.
    LiveStream,
}

impl ViewerCountType {
    /// Every type.
    pub const ALL: [ViewerCountType; 4] = [
        ViewerCountType::Video,
        ViewerCountType::Asset,
        ViewerCountType::Playback,
        ViewerCountType::LiveStream,
    ];

    /// The SDK's type name.
    pub fn as_str(self) -> &'static str {
        match self {
            ViewerCountType::Video => "video",
            ViewerCountType::Asset => "asset",
            ViewerCountType::Playback => "playback",
            ViewerCountType::LiveStream => "live_stream",
        }
    }

    /// The `aud` claim.
    pub fn aud(self) -> &'static str {
        match self {
            ViewerCountType::Video => "video_id",
            ViewerCountType::Asset => "asset_id",
            ViewerCountType::Playback => "playback_id",
            ViewerCountType::LiveStream => "live_stream_id",
        }
    }

    /// Exact, case-sensitive names only; anything else is `invalid_input`.
    pub fn parse(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                invalid(format!(
                    "Invalid signature type: {s}; Expected one of video,asset,playback,live_stream"
                ))
            })
    }
}

/// What a verifier expects the token to be for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MuxAudience {
    /// A `signPlaybackId` / `signDrmLicense` token of this type.
    Playback(PlaybackType),
    /// A `signViewerCounts` token of this type.
    ViewerCounts(ViewerCountType),
}

impl MuxAudience {
    /// The `aud` claim the token must carry.
    pub fn aud(self) -> &'static str {
        match self {
            MuxAudience::Playback(t) => t.aud(),
            MuxAudience::ViewerCounts(t) => t.aud(),
        }
    }
}

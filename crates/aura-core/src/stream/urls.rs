//! Where the token goes: it replaces the video UID in the delivery URL
//! (cloudflare.md §2.5).

use crate::error::{invalid, Result};

/// The delivery host: a customer subdomain, or the legacy hosts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StreamHost {
    /// `customer-<CODE>.cloudflarestream.com`.
    Customer(String),
    /// `videodelivery.net` and `iframe.videodelivery.net`.
    Legacy,
}

impl StreamHost {
    /// A customer code (`customer-<CODE>.cloudflarestream.com`), or none for the legacy hosts.
    pub fn from_customer_code(code: Option<String>) -> Self {
        code.map_or(StreamHost::Legacy, StreamHost::Customer)
    }
}

/// The image format of a thumbnail URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThumbnailFormat {
    /// `thumbnail.jpg`: a still image.
    Jpg,
    /// `thumbnail.gif`: an animated GIF.
    Gif,
}

impl ThumbnailFormat {
    /// Reads `jpg` or `gif`; anything else is `invalid_input`.
    pub fn parse(s: &str) -> Result<Self> {
        match s {
            "jpg" => Ok(ThumbnailFormat::Jpg),
            "gif" => Ok(ThumbnailFormat::Gif),
            _ => Err(invalid("thumbnail format must be jpg or gif")),
        }
    }
}

/// URL builders for a token (or a public video UID).
#[derive(Clone, Debug)]
pub struct StreamUrls {
    host: StreamHost,
}

impl StreamUrls {
    /// A customer code must be lowercase ASCII letters and digits
    /// (`invalid_input` otherwise).
    pub fn new(host: StreamHost) -> Result<Self> {
        if let StreamHost::Customer(code) = &host {
            if code.is_empty()
                || !code
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
            {
                return Err(invalid(
                    "customer code must be lowercase letters and digits",
                ));
            }
        }
        Ok(StreamUrls { host })
    }

    fn base(&self, token: &str) -> String {
        match &self.host {
            StreamHost::Customer(code) => {
                format!("https://customer-{code}.cloudflarestream.com/{token}")
            }
            StreamHost::Legacy => format!("https://videodelivery.net/{token}"),
        }
    }

    /// The embeddable player (`…/<token>/iframe`, or
    /// `https://iframe.videodelivery.net/<token>` on the legacy host).
    pub fn iframe(&self, token: &str) -> String {
        match &self.host {
            StreamHost::Customer(_) => format!("{}/iframe", self.base(token)),
            StreamHost::Legacy => format!("https://iframe.videodelivery.net/{token}"),
        }
    }

    /// The HLS manifest, `…/<token>/manifest/video.m3u8`.
    pub fn hls(&self, token: &str) -> String {
        format!("{}/manifest/video.m3u8", self.base(token))
    }

    /// The DASH manifest, `…/<token>/manifest/video.mpd`.
    pub fn dash(&self, token: &str) -> String {
        format!("{}/manifest/video.mpd", self.base(token))
    }

    /// `time` like `"1s"`/`"2m"`; `height` in pixels.
    pub fn thumbnail(
        &self,
        token: &str,
        format: ThumbnailFormat,
        time: Option<&str>,
        height: Option<u32>,
    ) -> String {
        let ext = match format {
            ThumbnailFormat::Jpg => "jpg",
            ThumbnailFormat::Gif => "gif",
        };
        let mut url = format!("{}/thumbnails/thumbnail.{ext}", self.base(token));
        let mut sep = '?';
        if let Some(t) = time {
            url.push(sep);
            url.push_str("time=");
            url.push_str(&crate::js::uri::encode_uri_component(t));
            sep = '&';
        }
        if let Some(h) = height {
            url.push(sep);
            url.push_str(&format!("height={h}"));
        }
        url
    }

    /// `/downloads/default.mp4` (needs a `downloadable` token).
    pub fn download_mp4(&self, token: &str) -> String {
        format!("{}/downloads/default.mp4", self.base(token))
    }

    /// `/downloads/audio.m4a` (needs a `downloadable` token).
    pub fn download_audio(&self, token: &str) -> String {
        format!("{}/downloads/audio.m4a", self.base(token))
    }
}

//! The test images of `tests/fixtures/`, shared by the media unit tests.

pub const PHOTO_JPG: &[u8] = include_bytes!("../../tests/fixtures/photo.jpg");
pub const PHOTO_PNG: &[u8] = include_bytes!("../../tests/fixtures/photo.png");
pub const ANIM_GIF: &[u8] = include_bytes!("../../tests/fixtures/anim.gif");
pub const TINY_WEBP: &[u8] = include_bytes!("../../tests/fixtures/tiny.webp");
pub const ROTATED_JPG: &[u8] = include_bytes!("../../tests/fixtures/rotated.jpg");
pub const FAKE_JXL: &[u8] = include_bytes!("../../tests/fixtures/fake.jxl");
pub const TEXT: &[u8] = include_bytes!("../../tests/fixtures/not-an-image.txt");

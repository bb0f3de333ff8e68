//! The edge's upload body parsing, `aura_edge::routes::upload::receive_multipart`
//! (multer under the token's `maxSize` / `allowedTypes`), without a server:
//! the body comes as a stream of chunks that the input splits, each chunk
//! arriving after a `Pending` or together with the one before, as from a
//! socket; a small std-only executor drives it.
//!
//! Input: flags (u8), max_size (u16), types (u8: one of [`TYPES`]), then
//! `boundary` NUL `splits` NUL and, by mode (flags bit 0):
//! - raw (0): `body` (the rest). Content-Type is
//!   `multipart/form-data; boundary=<boundary>`, or with flags bit 2 the
//!   boundary field itself (any text); bit 1 sends a `Content-Length`.
//! - built (1): `part filename` NUL `filename field` NUL `extras` NUL
//!   `file bytes` (the rest): a well-formed body of the parts `extras`
//!   (`name=value` pairs split on `&`), the `filename` text field (bit 4),
//!   the `file` part (left out with bit 3; without a `filename` parameter
//!   with bit 6; first with bit 7, else last), a second `file` part (bit 5).
//!   The boundary is made of RFC 2046 characters, quoted with bit 2.
//!
//! `splits`: each byte is a chunk length (its low 7 bits, 0 an empty chunk;
//! bit 7 set: no `Pending` before it), cycled until the body is used up.
//!
//! - Never panics, never hangs (a future that is never woken would).
//! - Raw: an accepted file has at most `max_size` bytes, a `filename` field
//!   at most `MAX_FILENAME_FIELD`, and a file long enough for the early type
//!   check has an allowed type; a refusal is 400, 413 or 415.
//! - `media::sniff` on any prefix of at least `sniff_needs` bytes gives the
//!   answer it gives on the whole file (what makes the early 415 final).
//! - Built, whatever the split (and unless a part holds `--boundary`): the
//!   parser returns exactly the file bytes, its filename and the filename
//!   field, or the documented refusal: 413 past `max_size`, 415 for a type
//!   the token refuses (either of the two for a file that earns both), 400
//!   for a bad `filename` field or a missing `file` part.
#![no_main]

use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::pin::{pin, Pin};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

use aura_edge::error::ApiError;
use aura_edge::media::sniff::allowed;
use aura_edge::media::{sniff, Format};
use aura_edge::routes::upload::{
    receive_multipart, sniff_needs, Received, MAX_FILENAME_FIELD, MULTIPART_SLACK,
};
use aura_fuzz::Reader;
use futures_util::Stream;
use libfuzzer_sys::fuzz_target;

/// The `allowedTypes` a token may carry (`types % 8`).
const TYPES: [&[&str]; 8] = [
    &["image/*"],
    &["image/png"],
    &["image/jpeg", "image/webp"],
    &["*/*"],
    &[],
    &["image/avif; q=1", "IMAGE/HEIF"],
    &["application/pdf"],
    &["image/gif", "image/bmp", "image/tiff"],
];

/// RFC 2046 boundary characters (no space).
const BCHARS: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'()+_,-./:=?";
/// Characters a quoted `filename` parameter keeps as they are in multer.
const FILENAME_CHARS: &[u8] =
    b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz._-()/+ ";
const NAME_CHARS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz_-.";

struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls `f` on this thread, parking between polls until it is woken.
fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut cx = Context::from_waker(&waker);
    loop {
        if let Poll::Ready(out) = f.as_mut().poll(&mut cx) {
            return out;
        }
        thread::park();
    }
}

/// The body as a socket gives it: a chunk marked `true` comes after a
/// `Pending` (woken at once), the end always does.
struct Chunks {
    chunks: VecDeque<(bool, Vec<u8>)>,
    ready: bool,
}

impl Stream for Chunks {
    type Item = Result<Vec<u8>, Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let wait = self.chunks.front().is_none_or(|(wait, _)| *wait);
        if wait && !std::mem::replace(&mut self.ready, false) {
            self.ready = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        self.ready = false;
        Poll::Ready(self.chunks.pop_front().map(|(_, c)| Ok(c)))
    }
}

/// `body` cut by `splits` (see the header); no splits: one chunk.
fn split(body: &[u8], splits: &[u8]) -> Chunks {
    let mut chunks = VecDeque::new();
    let mut rest = body;
    let step: usize = splits.iter().map(|b| usize::from(b & 0x7F)).sum();
    if splits.is_empty() || step == 0 {
        chunks.push_back((true, body.to_vec()));
    } else {
        for b in splits.iter().cycle() {
            if rest.is_empty() {
                break;
            }
            let (head, tail) = rest.split_at(usize::from(b & 0x7F).min(rest.len()));
            chunks.push_back((b & 0x80 == 0, head.to_vec()));
            rest = tail;
        }
    }
    Chunks {
        chunks,
        ready: false,
    }
}

fn parse(
    content_type: Option<&str>,
    content_length: Option<usize>,
    body: Chunks,
    max_size: u64,
    types: &[String],
) -> Result<Received, ApiError> {
    let len = content_length.map(|n| n.to_string());
    block_on(receive_multipart(
        content_type,
        len.as_deref(),
        body,
        max_size,
        types,
    ))
}

/// The refusal of the edge's type check, if any.
fn type_refusal(format: Option<Format>, types: &[String]) -> Option<(u16, String)> {
    match format {
        None => Some((415, "Unsupported file type".into())),
        Some(Format::Jxl) => Some((415, "JXL not supported".into())),
        Some(f) if !allowed(f, types) => Some((
            415,
            format!("File type {} is not allowed by this upload token", f.mime()),
        )),
        Some(_) => None,
    }
}

fn too_large(max: u64) -> (u16, String) {
    (413, format!("File exceeds the maximum size of {max} bytes"))
}

/// `raw` in `chars`: the bytes in it kept, each other one mapped into it.
fn sanitize(raw: &[u8], chars: &[u8], max: usize) -> String {
    raw.iter()
        .take(max)
        .map(|&b| match chars.contains(&b) {
            true => char::from(b),
            false => char::from(chars[usize::from(b) % chars.len()]),
        })
        .collect()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Sniffing is final once `sniff_needs` bytes are in.
fn check_sniff_prefixes(file: &[u8], pick: usize) {
    let needs = sniff_needs(file);
    if needs > file.len() {
        return;
    }
    let whole = sniff(file);
    let mid = needs + pick % (file.len() - needs + 1);
    for k in [needs, needs + 1, mid, file.len().saturating_sub(1)] {
        if k >= needs && k <= file.len() {
            assert_eq!(
                sniff(&file[..k]),
                whole,
                "sniff of {k} of {} bytes",
                file.len()
            );
        }
    }
}

fn raw(flags: u8, max_size: u64, types: &[String], boundary: &[u8], splits: &[u8], body: &[u8]) {
    let header = if flags & 4 != 0 {
        boundary.to_vec()
    } else {
        [b"multipart/form-data; boundary=", boundary].concat()
    };
    // `HeaderValue::to_str`: visible ASCII (and tab) only.
    let content_type = header
        .iter()
        .all(|&b| b == b'\t' || (0x20..0x7F).contains(&b))
        .then(|| String::from_utf8(header).expect("ASCII"));
    let length = (flags & 2 != 0).then_some(body.len());
    match parse(
        content_type.as_deref(),
        length,
        split(body, splits),
        max_size,
        types,
    ) {
        Ok(r) => {
            assert!(
                r.bytes.len() as u64 <= max_size,
                "{} > {max_size}",
                r.bytes.len()
            );
            if let Some(f) = &r.filename_field {
                assert!(f.len() <= MAX_FILENAME_FIELD);
            }
            if r.bytes.len() >= sniff_needs(&r.bytes) {
                assert_eq!(type_refusal(sniff(&r.bytes), types), None);
            }
        }
        Err(e) => assert!(matches!(e.status.as_u16(), 400 | 413 | 415), "{e:?}"),
    }
}

struct Part {
    disposition: String,
    content: Vec<u8>,
}

#[allow(clippy::too_many_arguments)]
fn built(
    flags: u8,
    max_size: u64,
    types: &[String],
    boundary: &[u8],
    splits: &[u8],
    part_filename: &[u8],
    filename_field: &[u8],
    extras: &[u8],
    file: &[u8],
) {
    let mut b = sanitize(boundary, BCHARS, 70);
    if b.is_empty() {
        b.push('b');
    }
    let token = b
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || b"'+_-.".contains(&c));
    let content_type = if flags & 4 != 0 || !token {
        format!("multipart/form-data; boundary=\"{b}\"")
    } else {
        format!("multipart/form-data; boundary={b}")
    };

    let mut parts = Vec::new();
    for pair in extras.split(|&c| c == b'&').take(8) {
        let (name, value) = match pair.iter().position(|&c| c == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &b""[..]),
        };
        let mut name = sanitize(name, NAME_CHARS, 32);
        if name.is_empty() || name == "file" || name == "filename" {
            name.insert_str(0, "x-");
        }
        parts.push(Part {
            disposition: format!("name=\"{name}\""),
            content: value[..value.len().min(2048)].to_vec(),
        });
    }
    // The filename field, then the file part: (expected, refusal if any).
    let mut expected_field = None;
    let mut field_refusal = None;
    if flags & 16 != 0 {
        let text = &filename_field[..filename_field.len().min(MAX_FILENAME_FIELD + 8)];
        if text.len() > MAX_FILENAME_FIELD {
            field_refusal = Some((400, "filename field is too long".to_string()));
        } else {
            match std::str::from_utf8(text) {
                Ok(t) => expected_field = Some(t.to_string()),
                Err(_) => field_refusal = Some((400, "filename field is not UTF-8".to_string())),
            }
        }
        parts.push(Part {
            disposition: "name=\"filename\"".into(),
            content: text.to_vec(),
        });
    }
    let part_name = sanitize(part_filename, FILENAME_CHARS, 64);
    let has_file = flags & 8 == 0;
    // Refusals the file part may end with (several: which comes first
    // depends on the reads), or none.
    let mut file_refusals = Vec::new();
    if has_file {
        let needs = sniff_needs(file);
        let refused = type_refusal(sniff(file), types);
        if file.len() as u64 > max_size {
            file_refusals.push(too_large(max_size));
            if needs as u64 <= max_size {
                file_refusals.extend(refused);
            }
        } else if file.len() >= needs {
            file_refusals.extend(refused);
        }
        let file_part = Part {
            disposition: if flags & 64 != 0 {
                "name=\"file\"".into()
            } else {
                format!("name=\"file\"; filename=\"{part_name}\"")
            },
            content: file.to_vec(),
        };
        if flags & 128 != 0 {
            parts.insert(0, file_part);
        } else {
            parts.push(file_part);
        }
    }
    if flags & 32 != 0 && has_file {
        parts.push(Part {
            disposition: "name=\"file\"; filename=\"second.png\"".into(),
            content: file.iter().rev().take(100).copied().collect(),
        });
    }
    let delimiter = format!("--{b}");
    if parts
        .iter()
        .any(|p| contains(&p.content, delimiter.as_bytes()))
    {
        return; // ambiguous framing: no property
    }
    let mut body = Vec::new();
    for p in &parts {
        body.extend_from_slice(
            format!(
                "{delimiter}\r\nContent-Disposition: form-data; {}\r\n\
                 Content-Type: application/octet-stream\r\n\r\n",
                p.disposition
            )
            .as_bytes(),
        );
        body.extend_from_slice(&p.content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("{delimiter}--\r\n").as_bytes());

    // The answers allowed: the first part's refusal in body order, else the
    // result; a body past max_size + slack may be refused with 413 anywhere.
    let file_first = flags & 128 != 0;
    let refusals: Vec<(u16, String)> = if file_first && !file_refusals.is_empty() {
        file_refusals
    } else if let Some(r) = field_refusal {
        vec![r]
    } else if !file_refusals.is_empty() {
        file_refusals
    } else if !has_file {
        vec![(400, "Missing multipart field \"file\"".into())]
    } else {
        Vec::new()
    };
    let big = body.len() as u64 > max_size.saturating_add(MULTIPART_SLACK);

    let length = (flags & 2 != 0).then_some(body.len());
    let whole = parse(
        Some(&content_type),
        length,
        split(&body, &[]),
        max_size,
        types,
    );
    let split = parse(
        Some(&content_type),
        length,
        split(&body, splits),
        max_size,
        types,
    );
    for got in [whole, split] {
        match got {
            Ok(r) => {
                assert!(
                    refusals.is_empty() && !(big && file.len() as u64 > max_size),
                    "accepted, expected one of {refusals:?} (big: {big})"
                );
                assert!(&r.bytes[..] == file, "file bytes differ");
                let want = (flags & 64 == 0).then_some(part_name.as_str());
                assert_eq!(r.part_filename.as_deref(), want);
                assert_eq!(r.filename_field, expected_field);
            }
            Err(e) => {
                let got = (e.status.as_u16(), e.message);
                assert!(
                    refusals.contains(&got) || (big && got == too_large(max_size)),
                    "{got:?}, expected one of {refusals:?} (big: {big})"
                );
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let mut r = Reader::new(data);
    let flags = r.u8();
    let max_size = u64::from(r.u16());
    let types: Vec<String> = TYPES[usize::from(r.u8()) % TYPES.len()]
        .iter()
        .map(|t| t.to_string())
        .collect();
    let boundary = r.field();
    let splits = r.field();
    if flags & 1 == 0 {
        let body = r.rest();
        check_sniff_prefixes(body, usize::from(flags));
        raw(flags, max_size, &types, boundary, splits, body);
    } else {
        let part_filename = r.field();
        let filename_field = r.field();
        let extras = r.field();
        let file = r.rest();
        check_sniff_prefixes(file, usize::from(flags));
        built(
            flags,
            max_size,
            &types,
            boundary,
            splits,
            part_filename,
            filename_field,
            extras,
            file,
        );
    }
});

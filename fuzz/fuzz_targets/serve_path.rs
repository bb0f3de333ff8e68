//! The AuraImage serve-path grammar `/{project}/{transform?}/{name}[.{ext}]`
//! (`auraimage::parse_serve_path`) and the name rules the edge applies.
//!
//! Input: the URL path; a NUL in it also splits it into `project` NUL `name`
//! for the builder property.
//! - Any path: `parse_serve_path`, `check_name`, `strip_known_extension`,
//!   `is_valid_project_name` return (never panic).
//! - Property (parse → build → parse): a parsed path, encoded back the way
//!   the SDK builds URLs (`encodeURIComponent` per segment, the stripped
//!   extension re-appended), parses to the same `ServePath`.
//! - Property (build → parse): for a name `check_name` accepts and a project
//!   without `/`, `parse_serve_path(image_path(project, name))` gives the
//!   project, no transform, and the name with its known extension split off
//!   (lower-cased).
#![no_main]

use aura_core::auraimage::{
    check_name, image_path, is_reserved_project, is_valid_project_name, parse_serve_path,
    strip_known_extension, ServePath,
};
use aura_core::js::uri::{encode_uri_component, push_encode_name};
use libfuzzer_sys::fuzz_target;

fn rebuild(p: &ServePath) -> String {
    let mut out = format!("/{}", encode_uri_component(&p.project));
    if let Some(t) = &p.transform {
        out.push('/');
        out.push_str(&encode_uri_component(t));
    }
    out.push('/');
    let full = match &p.extension {
        Some(ext) => format!("{}.{ext}", p.name),
        None => p.name.clone(),
    };
    push_encode_name(&mut out, &full);
    out
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    let parsed = parse_serve_path(&text);
    let _ = check_name(&text);
    let _ = strip_known_extension(&text);
    let _ = is_valid_project_name(&text);
    let _ = is_reserved_project(&text);

    if let Ok(p) = &parsed {
        let _ = check_name(&p.name);
        let again = rebuild(p);
        assert_eq!(
            parse_serve_path(&again).as_ref(),
            Ok(p),
            "{text:?} -> {p:?} -> {again:?}"
        );
    }

    if let Some((project, name)) = text.split_once('\0') {
        if check_name(name).is_ok() && !project.contains('/') {
            let path = image_path(project, name);
            let (stem, ext) = strip_known_extension(name);
            let want = ServePath {
                project: project.to_string(),
                transform: None,
                name: stem.to_string(),
                extension: ext.map(str::to_ascii_lowercase),
            };
            assert_eq!(
                parse_serve_path(&path),
                Ok(want),
                "{project:?} {name:?} -> {path:?}"
            );
        }
    }
});

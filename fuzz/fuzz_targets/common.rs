//! Checks shared by the ingest targets: whatever the bytes, reading returns one result per
//! record and every article it returns is well formed.

#![allow(dead_code)]

use dateline::pipeline::ingest::{self, Article, Format, IngestOptions, MAX_PUBLISHED_YEAR, MIN_PUBLISHED_YEAR};
use chrono::Datelike;

/// Reads `data` as `format` under `name` and checks every article.
pub fn ingest(data: &[u8], name: &str, format: Format) {
    let opts = IngestOptions { format: Some(format), ..Default::default() };
    for result in ingest::read_bytes(data, name, &opts) {
        match result {
            Ok(a) => check_article(&a),
            Err(e) => {
                // Every error can be shown; its location names the file.
                let shown = e.to_string();
                assert!(shown.starts_with(name), "error without its file: {shown}");
            }
        }
    }
}

/// The promises an [`Article`] makes, whatever the input was.
pub fn check_article(a: &Article) {
    assert_eq!(a.id.len(), 16, "id {:?}", a.id);
    assert!(a.id.bytes().all(|b| b.is_ascii_hexdigit()), "id {:?}", a.id);
    assert!(!a.title.contains('\0') && !a.body.contains('\0'), "NUL kept");
    assert!(!a.body.is_empty(), "empty body (title {:?})", a.title);
    let mut last_end = 0;
    for p in &a.parts {
        assert!(p.start <= p.end && p.end <= a.body.len(), "part {p:?} outside a body of {} bytes", a.body.len());
        assert!(a.body.is_char_boundary(p.start) && a.body.is_char_boundary(p.end), "part {p:?} splits a character");
        assert!(p.start >= last_end, "parts overlap or go backwards: {:?}", a.parts);
        last_end = p.end;
    }
    if let Some(d) = a.published {
        assert!((MIN_PUBLISHED_YEAR..=MAX_PUBLISHED_YEAR).contains(&d.year()), "published {d}");
    }
    if let Some(l) = &a.language {
        assert!(l.len() == 2 && l.bytes().all(|b| b.is_ascii_lowercase()), "language {l:?}");
    }
    if let Some(u) = &a.url {
        assert!(!u.is_empty() && u.trim() == u, "url {u:?}");
    }
}

//! The geoparser and the rest of the pipeline on arbitrary UTF-8: an article is built from
//! the input (title = first line, body = the rest) and run through `pipeline::process`
//! (language detection, place names, resolution, events and their dates).
//!
//! The first byte is a control byte: bits 0-1 pick the language (fr, en, de, detected),
//! bit 2 gives a publication date, bit 3 makes the article a teaser stub (no dateline),
//! bit 4 puts the whole text in the body with no title.
#![no_main]

use chrono::NaiveDate;
use dateline::pipeline::ingest::{Article, Origin};
use dateline::Gazetteer;
use libfuzzer_sys::fuzz_target;

fn check_span(text: &str, start: usize, end: usize, surface: &str) {
    assert!(start < end && end <= text.len(), "span {start}..{end} of {} bytes", text.len());
    assert!(text.is_char_boundary(start) && text.is_char_boundary(end), "span {start}..{end} splits a character");
    assert_eq!(&text[start..end], surface, "surface differs from the span");
}

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, rest)) = data.split_first() else { return };
    let Ok(input) = std::str::from_utf8(rest) else { return };
    let language = match ctl & 3 {
        0 => Some("fr".to_string()),
        1 => Some("en".to_string()),
        2 => Some("de".to_string()),
        _ => None,
    };
    let (title, body) = if ctl & 16 != 0 {
        ("", input)
    } else {
        input.split_once('\n').unwrap_or((input, ""))
    };
    let article = Article {
        id: "0123456789abcdef".into(),
        title: title.to_string(),
        url: None,
        source: None,
        published: (ctl & 4 != 0).then(|| NaiveDate::from_ymd_opt(2016, 12, 8).unwrap()),
        published_at: None,
        language,
        body: body.to_string(),
        parts: Vec::new(),
        origin: Origin { path: "fuzz".into(), record: None, line: None },
        parent: (ctl & 8 != 0).then(|| "fedcba9876543210".into()),
    };
    let p = dateline::pipeline::process(Gazetteer::embedded(), article);
    let text = &p.text;
    for r in &p.geo.places {
        check_span(text, r.start, r.end, &r.surface);
        assert!((0.0..=1.0).contains(&r.confidence), "confidence {}", r.confidence);
    }
    for d in &p.geo.demonyms {
        check_span(text, d.start, d.end, &d.surface);
    }
    let chars: Vec<char> = text.chars().collect();
    for e in &p.events {
        assert!(e.sentence_start <= e.sentence_end && e.sentence_end <= chars.len(), "sentence {}..{}", e.sentence_start, e.sentence_end);
        let sentence: String = chars[e.sentence_start..e.sentence_end].iter().collect();
        assert_eq!(sentence, e.sentence, "sentence differs from its span");
        let n = e.sentence.chars().count();
        assert!(e.trigger_start < e.trigger_end && e.trigger_end <= n, "trigger {}..{} in {n} chars", e.trigger_start, e.trigger_end);
        if let (Some(s), Some(t)) = (e.place_start, e.place_end) {
            assert!(s < t && t <= n, "place {s}..{t} in {n} chars");
        }
        assert!(e.confidence.is_finite(), "confidence {}", e.confidence);
    }
});

//! The date resolver on arbitrary sentences: `find_dates(sentence, lang, published)` with the
//! language and the publication date taken from the first four bytes.
//!
//! Byte 0 picks the language; bytes 1-3 (a little-endian 24-bit number n) pick the
//! publication date: 0 is none, 1 and 2 the first and last days chrono can represent,
//! anything else the day n % 600000 days after 1000-01-01 (so up to year ~2642, past the
//! accepted range).
#![no_main]

use chrono::{Datelike, Days, NaiveDate};
use dateline::pipeline::dates::{find_dates, MAX_YEAR, MIN_YEAR};
use libfuzzer_sys::fuzz_target;

const LANGS: &[&str] = &["fr", "en", "", "fr-FR", "EN_gb", "de", "ar", "fr-"];

fuzz_target!(|data: &[u8]| {
    if data.len() < 4 {
        return;
    }
    let Ok(sentence) = std::str::from_utf8(&data[4..]) else { return };
    let lang = LANGS[data[0] as usize % LANGS.len()];
    let published = match u32::from_le_bytes([data[1], data[2], data[3], 0]) {
        0 => None,
        1 => Some(NaiveDate::MIN),
        2 => Some(NaiveDate::MAX),
        n => NaiveDate::from_ymd_opt(1000, 1, 1).unwrap().checked_add_days(Days::new(u64::from(n % 600_000))),
    };
    let found = find_dates(sentence, lang, published);
    let mut last_end = 0;
    for d in &found {
        assert!(d.start < d.end && d.end <= sentence.len(), "span {}..{} of {} bytes", d.start, d.end, sentence.len());
        assert!(sentence.is_char_boundary(d.start) && sentence.is_char_boundary(d.end), "span splits a character");
        assert!(d.start >= last_end, "dates overlap or go backwards: {found:?}");
        last_end = d.end;
        if published.is_none() {
            // Without a publication date only absolute dates are found, all in range.
            assert!((MIN_YEAR..=MAX_YEAR).contains(&d.date.year()), "{d:?}");
        }
    }
});

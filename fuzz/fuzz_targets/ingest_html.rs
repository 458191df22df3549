//! Ingest of HTML pages through scraper: metadata, JSON-LD, the article body walk, and the
//! tag stripper used for pages nested too deep.
#![no_main]

use dateline::pipeline::ingest::Format;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::ingest(data, "a.html", Format::Html);
});

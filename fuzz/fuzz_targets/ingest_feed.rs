//! Ingest of RSS 1.0/2.0 and Atom through feed-rs (both go through the same reader; the
//! depth check and the HTML fragments of entries are ours).
#![no_main]

use dateline::pipeline::ingest::Format;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::ingest(data, "a.xml", Format::Rss);
});

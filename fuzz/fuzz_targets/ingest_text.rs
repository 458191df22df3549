//! Ingest of plain text and of Markdown with front matter: the same bytes read both ways,
//! and the format sniffer used for standard input and files without an extension.
#![no_main]

use dateline::pipeline::ingest::Format;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let _ = Format::sniff(data);
    common::ingest(data, "a.txt", Format::Text);
    common::ingest(data, "a.md", Format::Markdown);
});

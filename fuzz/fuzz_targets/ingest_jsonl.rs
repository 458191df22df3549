//! Ingest of JSON Lines: one object a line, each line its own record or error.
#![no_main]

use dateline::pipeline::ingest::Format;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::ingest(data, "a.jsonl", Format::JsonLines);
});

//! Ingest of JSON (one object or an array of objects), format forced.
#![no_main]

use dateline::pipeline::ingest::Format;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::ingest(data, "a.json", Format::Json);
});

//! Ingest of CSV and TSV: the delimiter is guessed from the header line, and a ".tsv" name
//! forces tabs, so the same bytes are read under both names.
#![no_main]

use dateline::pipeline::ingest::Format;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    common::ingest(data, "a.csv", Format::Csv);
    common::ingest(data, "a.tsv", Format::Csv);
});

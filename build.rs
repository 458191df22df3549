//! Builds the default gazetteer index from the committed sources in `gazetteer/` at compile
//! time, so the binary carries a ready index and starts without parsing any text.
//! The same writer serves `dateline gazetteer build` and `dateline gazetteer import`.

#[path = "src/gazetteer/format.rs"]
#[allow(dead_code)]
mod format;
#[path = "src/gazetteer/normalize.rs"]
#[allow(dead_code)]
mod normalize;
#[path = "src/gazetteer/record.rs"]
#[allow(dead_code)]
mod record;
#[path = "src/gazetteer/source.rs"]
#[allow(dead_code)]
mod source;
#[path = "src/gazetteer/writer.rs"]
#[allow(dead_code)]
mod writer;

use std::path::PathBuf;

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
    // DATELINE_GAZETTEER_SRC points the build at another source directory (tests of the
    // build itself, or a custom gazetteer compiled in).
    println!("cargo:rerun-if-env-changed=DATELINE_GAZETTEER_SRC");
    let dir = std::env::var_os("DATELINE_GAZETTEER_SRC").map(PathBuf::from).unwrap_or_else(|| root.join("gazetteer"));
    for f in ["places.tsv.gz", "aliases.tsv", "demonyms.tsv", "firstnames.tsv", "commonwords"] {
        println!("cargo:rerun-if-changed={}", dir.join(f).display());
    }
    for f in ["format.rs", "normalize.rs", "record.rs", "source.rs", "writer.rs"] {
        println!("cargo:rerun-if-changed=src/gazetteer/{f}");
    }
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("gazetteer.dlgz");
    let input = match source::read_dir(&dir) {
        Ok(input) => input,
        Err(e) => panic!("cannot read the gazetteer sources: {e}"),
    };
    let bytes = writer::write_index(input).unwrap_or_else(|e| panic!("cannot build the gazetteer index: {e}"));
    std::fs::write(&out, bytes).unwrap_or_else(|e| panic!("cannot write {}: {e}", out.display()));
}

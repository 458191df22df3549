//! Every cargo-fuzz target in `fuzz/` built with libFuzzer's instrumentation and run briefly
//! from its seeds and corpus, by `fuzz/run.sh`. A test binary of its own, so that cargo runs
//! it alone, not beside the timing-sensitive integration tests.
//!
//! Runs under CI=true (20 s per target) or when DATELINE_FUZZ_SECONDS is set; otherwise it is
//! skipped with a message, because the instrumented build takes minutes the first time.

use std::path::PathBuf;
use std::process::Command;

#[test]
fn every_fuzz_target_runs_without_findings() {
    let secs = match std::env::var("DATELINE_FUZZ_SECONDS") {
        Ok(s) => s,
        Err(_) if std::env::var("CI").as_deref() == Ok("true") => "20".to_string(),
        Err(_) => {
            eprintln!(
                "SKIPPED fuzz run: set DATELINE_FUZZ_SECONDS=20 (CI sets CI=true) to build the \
                 instrumented targets, minutes the first time, and run each that long"
            );
            return;
        }
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new("bash").arg(root.join("fuzz/run.sh")).arg(&secs).output().expect("bash runs");
    let report = format!("{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "fuzzing found something, or its build failed:\n{report}");
    // Every target of fuzz/Cargo.toml ran and said so.
    let manifest = std::fs::read_to_string(root.join("fuzz/Cargo.toml")).unwrap();
    let targets: Vec<&str> = manifest
        .lines()
        .filter_map(|l| l.strip_prefix("name = \"")?.strip_suffix('"'))
        .filter(|n| *n != "dateline-fuzz")
        .collect();
    assert!(targets.len() >= 9, "{targets:?}");
    for t in targets {
        let line = report.lines().find(|l| l.split_whitespace().next() == Some(t));
        assert!(line.is_some_and(|l| l.ends_with(" ok")), "target {t} did not report ok:\n{report}");
    }
    eprintln!("{report}");
}

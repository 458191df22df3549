//! API robustness: schemathesis (from PyPI) generates requests from the server's own OpenAPI
//! document (`/api`), valid and invalid, and checks every answer against it: never a 5xx, only
//! documented statuses, content types, headers and schemas, and every invalid request refused
//! with a 4xx. `.ci/run` installs it in a virtualenv at /tmp/dateline-schemathesis; without it
//! the test skips with a message (under CI=true it fails).
//!
//! Every check runs but `positive_data_acceptance`, which wants every request the schemas allow
//! to succeed: some rules cannot be written in an OpenAPI 3.0 schema (a bbox's latitudes within
//! ±90 and its south edge below its north edge, a date that exists, an interval that does not
//! end before it starts), so the document allows a little more than the server, which answers
//! those with a 400 that names the parameter. The other direction (all the server accepts, the
//! document allows) is what `negative_data_rejection` checks.
//!
//! The server runs with an ingest token, which schemathesis sends, so `POST /articles` is fuzzed
//! through the whole pipeline; a second short run checks the document of a server without one.

use super::util::Server;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const VENV: &str = "/tmp/dateline-schemathesis";
/// The version `.ci/run` installs.
pub const VERSION: &str = "4.32.5";
const SEED: &str = "20260601";
/// Test cases per operation and phase: enough to reach every parameter's edge cases, few
/// enough for the run to take well under two minutes.
const EXAMPLES: &str = "25";
/// Longest the tool may take before the test gives up on it.
const DEADLINE: Duration = Duration::from_secs(300);

fn install_hint() -> String {
    format!("python3 -m venv {VENV} && {VENV}/bin/pip install schemathesis=={VERSION}")
}

/// The schemathesis executable, or None (with a message; a panic under CI=true) when missing.
fn schemathesis() -> Option<PathBuf> {
    let exe = PathBuf::from(VENV).join("bin/schemathesis");
    let ok = exe.exists() && Command::new(&exe).arg("--version").output().is_ok_and(|o| o.status.success());
    if ok {
        return Some(exe);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("schemathesis is missing and CI=true: {}", install_hint());
    }
    eprintln!("SKIPPED schemathesis API robustness test: schemathesis is missing; install it with: {}", install_hint());
    None
}

/// The arguments of one run against `url`, after `run`.
pub fn args(url: &str, token: Option<&str>, examples: &str) -> Vec<String> {
    let mut a: Vec<String> = [
        &format!("{url}/api"),
        "--checks",
        "all",
        "--exclude-checks",
        "positive_data_acceptance",
        "--mode",
        "all",
        "--max-examples",
        examples,
        "--seed",
        SEED,
        "--generation-database",
        "none",
        "--request-timeout",
        "20",
        "--workers",
        "2",
        "--no-color",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(t) = token {
        a.push("--header".into());
        a.push(format!("Authorization: Bearer {t}"));
    }
    a
}

/// Runs schemathesis with `args` in `work`; returns whether it passed and its report.
fn run(exe: &Path, args: &[String], work: &Path) -> (bool, String) {
    let out_path = work.join("schemathesis.log");
    let log = std::fs::File::create(&out_path).unwrap();
    let mut child = Command::new(exe)
        .arg("run")
        .args(args)
        .current_dir(work)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "120")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("start schemathesis");
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if started.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let report = std::fs::read_to_string(&out_path).unwrap_or_default();
    eprintln!("schemathesis {} took {:.1} s", args[0], started.elapsed().as_secs_f64());
    match status {
        Some(s) => (s.success(), report),
        None => (false, format!("schemathesis did not finish within {DEADLINE:?}\n{report}")),
    }
}

#[test]
fn schemathesis_finds_nothing() {
    let Some(exe) = schemathesis() else { return };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("schemathesis.db").to_str().unwrap().to_string();
    let o = super::util::run(&["ingest", super::util::root().join("samples").to_str().unwrap(), "--db", &db]);
    assert!(o.status.success(), "{}", super::util::stderr(&o));
    let token = "schemathesis-ingest-token";

    let server = Server::start_with(&db, &["--ingest-token", token]);
    let (ok, report) = run(&exe, &args(&server.url, Some(token), EXAMPLES), dir.path());
    drop(server);
    assert!(ok, "schemathesis found problems in the API (server with an ingest token):\n{report}");
    assert!(report.contains("passed"), "schemathesis ran no test:\n{report}");

    // Ingest off: POST /articles is documented as always 403, with no security scheme.
    let server = Server::start_with(&db, &[]);
    let mut a = args(&server.url, None, "10");
    a.extend(["--include-path".to_string(), "/articles".to_string()]);
    let (ok, report) = run(&exe, &a, dir.path());
    drop(server);
    assert!(ok, "schemathesis found problems in the API (server without an ingest token):\n{report}");
}

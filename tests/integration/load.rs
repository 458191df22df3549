//! A bounded load test on loopback: `wrk` with 64 connections against `items`, `timeline` and
//! an export, twice over. No request may fail, and the server's resident memory after the
//! second round may not have grown past the first's (a little slack for the allocator).
//!
//! `DATELINE_LOAD_SECONDS` (default 4) sets each run's length and `DATELINE_LOAD_DB` serves an
//! existing store instead of the samples: BENCHMARKS.md has the figures of 60-second runs on
//! a million events. Needs `wrk` (Debian package `wrk`); skips without it, fails under CI.

use std::process::Command;

struct Run {
    requests_per_sec: f64,
    requests: u64,
    errors: u64,
    p99_ms: f64,
}

fn wrk(url: &str, seconds: u64) -> Run {
    let out = Command::new("wrk")
        .args(["-t2", "-c64", &format!("-d{seconds}s"), "--timeout", "30s", "--latency", url])
        .output()
        .expect("run wrk");
    let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "wrk failed:\n{text}");
    let num_after = |key: &str| -> Option<f64> {
        let line = text.lines().find(|l| l.trim_start().starts_with(key))?;
        line.trim_start()[key.len()..].split_whitespace().next()?.trim_end_matches(',').parse().ok()
    };
    let requests = text
        .lines()
        .find(|l| l.contains("requests in"))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no request count in wrk's output:\n{text}"));
    let mut errors = num_after("Non-2xx or 3xx responses:").unwrap_or(0.0) as u64;
    if let Some(line) = text.lines().find(|l| l.contains("Socket errors:")) {
        errors += line.split(|c: char| !c.is_ascii_digit()).filter_map(|n| n.parse::<u64>().ok()).sum::<u64>();
    }
    let p99 = text
        .lines()
        .find(|l| l.trim_start().starts_with("99%"))
        .and_then(|l| l.split_whitespace().nth(1))
        .map(|v| {
            let (n, unit) = v.split_at(v.find(|c: char| c.is_ascii_alphabetic()).unwrap_or(v.len()));
            let n: f64 = n.parse().unwrap_or(f64::NAN);
            match unit {
                "us" => n / 1000.0,
                "s" => n * 1000.0,
                "m" => n * 60_000.0,
                _ => n,
            }
        })
        .unwrap_or(f64::NAN);
    Run { requests_per_sec: num_after("Requests/sec:").unwrap_or(0.0), requests, errors, p99_ms: p99 }
}

fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the server is running");
    status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|n| n.parse().ok())
        .expect("VmRSS")
}

#[test]
fn sixty_four_connections_no_errors_no_growth() {
    if Command::new("wrk").arg("--version").output().is_err() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("wrk is missing and CI=true: apt-get install wrk");
        }
        eprintln!("SKIPPED load test: wrk is missing (Debian: apt-get install wrk)");
        return;
    }
    let _turn = super::util::alone();
    let seconds: u64 = std::env::var("DATELINE_LOAD_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(4);
    let dir = tempfile::tempdir().unwrap();
    let db = match std::env::var("DATELINE_LOAD_DB") {
        Ok(db) => db,
        Err(_) => {
            let db = dir.path().join("load.db").to_str().unwrap().to_string();
            let samples = super::util::root().join("samples");
            let o = super::util::run(&["ingest", samples.to_str().unwrap(), "--db", &db]);
            assert!(o.status.success(), "{}", super::util::stderr(&o));
            db
        }
    };
    let server = super::util::Server::start(&db);
    let urls = [
        format!("{}/collections/events/items?bbox=-10,35,40,60&datetime=2026-01-01/2026-01-31&limit=100", server.url),
        format!("{}/timeline?type=PROTEST,FIGHT,ASSAULT", server.url),
        format!("{}/export.geojson?bbox=30,30,40,40&datetime=2026-01-01/2026-01-07", server.url),
    ];
    let mut rss = Vec::new();
    for round in 1..=2 {
        for url in &urls {
            let r = wrk(url, seconds);
            eprintln!(
                "load round {round}: {url}: {} requests, {:.0} req/s, p99 {:.1} ms, {} errors",
                r.requests, r.requests_per_sec, r.p99_ms, r.errors
            );
            assert!(r.requests > 0, "{url}: no request completed");
            assert_eq!(r.errors, 0, "{url}: errors under load");
        }
        rss.push(rss_kb(server.pid()));
        eprintln!("server resident memory after round {round}: {} MB", rss[rss.len() - 1] / 1024);
    }
    // The first round warms caches and pools; the second may not add to it beyond slack.
    assert!(rss[1] <= rss[0] + rss[0] / 5 + 16 * 1024, "memory grew under load: {} KB then {} KB", rss[0], rss[1]);
}

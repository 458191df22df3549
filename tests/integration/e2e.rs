//! The web map in a real browser: starts `dateline serve` on loopback with a store seeded from
//! the sample articles plus two of ours (one undated, one whose text holds HTML), then runs
//! `tests/e2e/map.test.mjs` (playwright-core driving Debian's Chromium). Skips with a message
//! when Chromium or the npm packages are missing, unless CI=true, where that is a failure.

use std::process::Command;

const EXTRA: &str = r#"{"title": "Un article piégé", "text": "Des manifestants ont défilé ce samedi rue de la République, à Lyon, en criant <img src=x onerror=\"window.__xss=1\"> et <script>window.__xss=2</script> devant la mairie.", "url": "https://example.org/t/xss", "published": "2026-06-06", "lang": "fr"}
{"title": "Flooding in Manila", "text": "Rescue teams delivered aid in Manila after the floods.", "url": "https://example.org/t/manila-undated", "lang": "en"}
"#;

fn missing(what: &str, how: &str) -> bool {
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{what} is missing, and CI=true: {how}");
    }
    eprintln!("SKIPPED web map browser test: {what} is missing ({how})");
    true
}

/// Chromium, Node.js and the npm packages are here (or the test should skip).
fn browser_ready(root: &std::path::Path) -> bool {
    if !std::path::Path::new("/usr/bin/chromium").exists() && missing("Chromium", "apt-get install chromium chromium-driver") {
        return false;
    }
    if !root.join("tests/e2e/node_modules/playwright-core").exists() && missing("playwright-core", "cd tests/e2e && npm ci") {
        return false;
    }
    if Command::new("node").arg("--version").output().is_err() && missing("Node.js", "install nodejs") {
        return false;
    }
    true
}

/// Runs one `node --test` file against a server; fails with its report.
fn run_node_test(root: &std::path::Path, file: &str, envs: &[(&str, &str)]) {
    let _turn = super::util::alone();
    let out = Command::new("node").args(["--test", file]).current_dir(root).envs(envs.iter().copied()).output().unwrap();
    let report = format!("{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "browser test failed:\n{report}");
    assert!(!report.contains("# skipped 1") || std::env::var("CI").as_deref() != Ok("true"), "{report}");
}

#[test]
fn web_map_in_a_real_browser() {
    let root = super::util::root();
    if !browser_ready(&root) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e2e.db");
    let extra = super::util::write(dir.path(), "extra.jsonl", EXTRA);
    let o = super::util::run(&["ingest", root.join("samples").to_str().unwrap(), extra.to_str().unwrap(), "--db", db.to_str().unwrap()]);
    assert!(o.status.success(), "{}", super::util::stderr(&o));

    // Expectations from the store itself.
    let o = super::util::run(&["export", "--db", db.to_str().unwrap()]);
    let fc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let feats = fc["features"].as_array().unwrap();
    let located: Vec<&serde_json::Value> = feats.iter().filter(|f| !f["geometry"].is_null()).collect();
    let undated = located.iter().filter(|f| f["properties"]["date"].is_null()).count();
    let mut by_type = serde_json::Map::new();
    for f in &located {
        let t = f["properties"]["type"].as_str().unwrap().to_string();
        let n = by_type.get(&t).and_then(|v| v.as_u64()).unwrap_or(0) + 1;
        by_type.insert(t, n.into());
    }
    let xss = located
        .iter()
        .find(|f| f["properties"]["sentence"].as_str().unwrap_or("").contains("<img"))
        .expect("the article with HTML gives a located event");
    assert!(undated > 0, "the seed has an undated located event");
    // Its place is the street, at the point of the town.
    assert_eq!(xss["properties"]["place_text"], "rue de la République", "{xss}");
    assert_eq!(xss["properties"]["place_name"], "Lyon", "{xss}");
    let expect = serde_json::json!({
        "total": located.len(), "undated": undated, "by_type": by_type,
        "xss_event_id": xss["id"], "xss_place": "rue de la République, Lyon",
    });
    let expect_path = super::util::write(dir.path(), "expect.json", &expect.to_string());

    let server = super::util::Server::start(db.to_str().unwrap());
    let url = server.url.clone();
    run_node_test(&root, "tests/e2e/map.test.mjs", &[("DATELINE_URL", &url), ("DATELINE_E2E_EXPECT", expect_path.to_str().unwrap())]);
    drop(server);
}

/// The page with 100,000 events in the store: `tests/e2e/load.test.mjs` checks that it never
/// fetches more than it shows, that its count is the API's, and that it renders fast.
#[test]
fn web_map_with_a_hundred_thousand_events() {
    let root = super::util::root();
    if !browser_ready(&root) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("load.db");
    let o = super::util::run(&["synth", "--events", "100000", "--db", db.to_str().unwrap()]);
    assert!(o.status.success(), "{}", super::util::stderr(&o));
    let server = super::util::Server::start(db.to_str().unwrap());
    run_node_test(&root, "tests/e2e/load.test.mjs", &[("DATELINE_URL", &server.url)]);
    drop(server);
}

//! Crash safety: `dateline ingest` killed with SIGKILL at a random moment leaves a store that
//! opens, holds only whole articles, and that a second run completes with no duplicates. On
//! SQLite and on PostGIS.

use dateline::store::{EventStore, Filter};
use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

const CITIES: &[(&str, &str)] = &[
    ("Lyon", "fr"),
    ("Marseille", "fr"),
    ("Genève", "fr"),
    ("Alep", "fr"),
    ("Dakar", "fr"),
    ("Nairobi", "en"),
    ("Lagos", "en"),
    ("Manila", "en"),
    ("Kyiv", "en"),
    ("Lima", "en"),
];

/// `n` distinct articles of our own writing, as JSON Lines, each with one to three events.
fn corpus(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let (city, lang) = CITIES[i % CITIES.len()];
        let (title, text) = if lang == "fr" {
            (
                format!("Manifestation numéro {i} à {city}"),
                format!(
                    "Des milliers de personnes ont manifesté ce samedi à {city} contre la réforme {i}. {}",
                    ["", "La police a arrêté douze manifestants.", "Les syndicats ont appelé à une grève ce lundi. Le maire a condamné les violences."][i % 3]
                ),
            )
        } else {
            (
                format!("Protest number {i} in {city}"),
                format!(
                    "Thousands of people protested on Saturday in {city} against reform {i}. {}",
                    ["", "Police arrested twelve protesters.", "Unions called for a strike on Monday. The mayor condemned the violence."][i % 3]
                ),
            )
        };
        let day = 1 + i % 28;
        out.push_str(&serde_json::json!({
            "title": title, "text": text, "lang": lang,
            "url": format!("https://example.org/crash/{i}"),
            "published": format!("2026-03-{day:02}"),
        }).to_string());
        out.push('\n');
    }
    out
}

/// Event count per article id, from the store.
async fn events_by_article(s: &dyn EventStore) -> HashMap<String, u64> {
    let all = Filter { include_unlocated: true, ..Filter::default() };
    let (evs, n) = s.query(&all, u64::MAX, 0).await.unwrap();
    assert_eq!(evs.len() as u64, n);
    let mut m = HashMap::new();
    for e in evs {
        *m.entry(e.properties["article_id"].as_str().unwrap().to_string()).or_insert(0) += 1;
    }
    m
}

/// A pseudo-random number from the clock (each run kills at another moment; the moment is
/// printed so that a failure can be replayed).
fn clock_random() -> u64 {
    let n = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64;
    n ^ (n >> 17) ^ (n << 13)
}

/// Where the stores of a test live.
enum Backend<'a> {
    Sqlite(&'a Path),
    Postgis(&'a super::pg::PgCluster),
}

impl Backend<'_> {
    /// A new, empty store.
    async fn new_db(&self, name: &str) -> String {
        match self {
            Backend::Sqlite(dir) => dir.join(format!("{name}.db")).to_str().unwrap().to_string(),
            Backend::Postgis(pg) => pg.fresh_db().await,
        }
    }
}

async fn crash_and_recover(backend: Backend<'_>, work: &Path) {
    let file = work.join("crash.jsonl");
    std::fs::write(&file, corpus(3000)).unwrap();

    // The reference: the whole corpus, ingested without interruption into the same backend
    // (so that its duration says when to kill).
    let reference = backend.new_db("reference").await;
    let t = Instant::now();
    let o = super::util::run(&["ingest", file.to_str().unwrap(), "--db", &reference]);
    assert!(o.status.success(), "{}", super::util::stderr(&o));
    let full = t.elapsed();
    let reference = dateline::store::open(&reference).await.unwrap();
    let want = events_by_article(reference.as_ref()).await;
    let want_stats = reference.stats().await.unwrap();
    assert_eq!(want_stats.articles, 3000);

    // Killed somewhere between a tenth and three quarters of the way through. Should the run
    // end before the kill (a busy machine makes durations vary), try again sooner.
    let mut frac = 0.1 + (clock_random() % 650) as f64 / 1000.0;
    let mut db = String::new();
    for attempt in 0.. {
        assert!(attempt < 4, "the ingest always ended before it could be killed");
        db = backend.new_db(&format!("crash{attempt}")).await;
        let kill_after = full.mul_f64(frac).max(Duration::from_millis(150));
        eprintln!("crash test on {db}: killing ingest after {kill_after:?} (full run {full:?})");
        let mut child = super::util::dateline()
            .args(["ingest", file.to_str().unwrap(), "--db", &db])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(kill_after);
        child.kill().unwrap(); // SIGKILL
        if !child.wait().unwrap().success() {
            break;
        }
        frac /= 2.0;
    }
    let db = db.as_str();

    // The store opens and holds whole articles only: each stored article has every one of its
    // events, and no event is without its article.
    {
        let store = dateline::store::open(db).await.expect("the store opens after the crash");
        let stats = store.stats().await.unwrap();
        let got = events_by_article(store.as_ref()).await;
        let (articles, _) = store.articles(u64::MAX, 0).await.unwrap();
        assert_eq!(articles.len() as u64, stats.articles);
        for a in &articles {
            let n = got.get(&a.id).copied().unwrap_or(0);
            assert_eq!(n, want.get(&a.id).copied().unwrap_or(0), "article {} is whole", a.id);
            assert_eq!(a.events, n);
        }
        let ids: std::collections::HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
        assert!(got.keys().all(|k| ids.contains(k.as_str())), "no event without its article");
        assert_eq!(got.values().sum::<u64>(), stats.events);
        eprintln!("after the crash: {} of 3000 articles, {} events", stats.articles, stats.events);
    }

    // Running the ingest again completes it, with no duplicates.
    let o = super::util::run(&["ingest", file.to_str().unwrap(), "--db", db]);
    assert!(o.status.success(), "{}", super::util::stderr(&o));
    let store = dateline::store::open(db).await.unwrap();
    assert_eq!(store.stats().await.unwrap(), want_stats);
    assert_eq!(events_by_article(store.as_ref()).await, want);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_survives_sigkill_during_ingest() {
    let dir = tempfile::tempdir().unwrap();
    crash_and_recover(Backend::Sqlite(dir.path()), dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgis_survives_sigkill_during_ingest() {
    let Some(pg) = super::pg::PgCluster::start() else { return };
    let dir = tempfile::tempdir().unwrap();
    crash_and_recover(Backend::Postgis(&pg), dir.path()).await;
}

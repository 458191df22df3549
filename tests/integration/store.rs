//! The store test suite. `suite` runs against any `EventStore`; it runs here against SQLite,
//! and a later backend calls it the same way.

use dateline::pipeline::{self, ingest};
use dateline::store::{Bbox, DateRange, EventStore, Filter, PutOutcome};
use dateline::Gazetteer;
use std::sync::Arc;

/// Articles of our own writing (JSON Lines), with known places and dates.
pub const ARTICLES: &str = r#"{"title": "Combats à Alep", "text": "Des combats ont opposé l'armée syrienne aux rebelles ce jeudi à Alep. Trois civils ont été tués.", "url": "https://example.org/t/alep", "published": "2026-03-05", "lang": "fr"}
{"title": "Talks in Geneva", "text": "Russian and American diplomats met on Saturday in Geneva to discuss a ceasefire.", "url": "https://example.org/t/geneva", "published": "2026-04-10", "lang": "en"}
{"title": "Protest in Fiji", "text": "Hundreds of people protested on Monday in Suva against the new fuel tax.", "url": "https://example.org/t/suva", "published": "2026-05-18", "lang": "en"}
{"title": "Storm near Apia", "text": "Rescue teams delivered aid on Tuesday to villages near Apia after the storm.", "url": "https://example.org/t/apia", "published": "2026-05-20", "lang": "en"}
"#;

pub fn processed(jsonl: &str) -> Vec<pipeline::Processed> {
    let opts = ingest::IngestOptions { format: Some(ingest::Format::JsonLines), ..Default::default() };
    ingest::read_bytes(jsonl.as_bytes(), "test.jsonl", &opts)
        .into_iter()
        .map(|r| pipeline::process(Gazetteer::embedded(), r.expect("test article reads")))
        .collect()
}

fn all() -> Filter {
    Filter { include_unlocated: true, ..Filter::default() }
}

/// The suite: every behaviour the trait promises.
pub async fn suite(store: Arc<dyn EventStore>) {
    let arts = processed(ARTICLES);
    let expected_events: usize = arts.iter().map(|p| p.events.len()).sum();
    assert!(expected_events >= 4, "the test articles give events ({expected_events})");
    for p in &arts {
        assert_eq!(store.put_article(p).await.unwrap(), PutOutcome::Inserted);
    }
    // Idempotent: the same articles again change nothing.
    for p in &arts {
        assert_eq!(store.put_article(p).await.unwrap(), PutOutcome::Skipped);
    }
    let stats = store.stats().await.unwrap();
    assert_eq!(stats.articles, 4);
    assert_eq!(stats.events as usize, expected_events);

    // Same url, new content: replaced, not duplicated.
    let changed = ARTICLES.lines().next().unwrap().replace("Trois civils", "Quatre civils");
    let p2 = processed(&changed);
    assert_eq!(store.put_article(&p2[0]).await.unwrap(), PutOutcome::Replaced);
    assert_eq!(store.stats().await.unwrap().articles, 4);
    assert_eq!(store.stats().await.unwrap().events as usize, expected_events - arts[0].events.len() + p2[0].events.len());

    let (evs, n) = store.query(&all(), 1000, 0).await.unwrap();
    assert_eq!(n as usize, evs.len());
    // Paging.
    let (page, n2) = store.query(&all(), 2, 1).await.unwrap();
    assert_eq!((page.len(), n2), (2, n));
    assert_eq!(page[0].id, evs[1].id);

    // By id, and an unknown id.
    let one = store.get(&evs[0].id).await.unwrap().unwrap();
    assert_eq!(one, evs[0]);
    assert!(store.get("no-such-event").await.unwrap().is_none());

    // Bounding boxes, including one across the antimeridian (Suva at 178°E, Apia at 171°W).
    let syria = Filter { bbox: Some(Bbox::parse("35,32,42,38").unwrap()), ..all() };
    let (in_syria, _) = store.query(&syria, 100, 0).await.unwrap();
    assert!(!in_syria.is_empty());
    assert!(in_syria.iter().all(|e| e.properties["country"] == "SY"), "{:?}", in_syria.iter().map(|e| &e.properties["country"]).collect::<Vec<_>>());
    let pacific = Filter { bbox: Some(Bbox::parse("175,-20,-170,-10").unwrap()), ..all() };
    let (across, _) = store.query(&pacific, 100, 0).await.unwrap();
    let countries: std::collections::BTreeSet<String> = across.iter().map(|e| e.properties["country"].as_str().unwrap_or("").to_string()).collect();
    assert_eq!(countries, ["FJ", "WS"].iter().map(|s| s.to_string()).collect(), "both sides of the antimeridian");

    // Dates: closed, open and instant.
    let march = Filter { datetime: Some(DateRange::parse("2026-03-01/2026-03-31").unwrap()), ..all() };
    let (m, _) = store.query(&march, 100, 0).await.unwrap();
    assert!(!m.is_empty() && m.iter().all(|e| e.properties["date"].as_str().unwrap().starts_with("2026-03")));
    let after = Filter { datetime: Some(DateRange::parse("2026-05-01/..").unwrap()), ..all() };
    let (a, _) = store.query(&after, 100, 0).await.unwrap();
    assert!(!a.is_empty() && a.iter().all(|e| e.properties["date"].as_str().unwrap() >= "2026-05-01"));

    // Type, country, actor, text, fatalities, precision.
    let fights = Filter { types: vec![dateline::pipeline::events::EventType::Fight], ..all() };
    let (f, _) = store.query(&fights, 100, 0).await.unwrap();
    assert!(f.iter().all(|e| e.properties["type"] == "FIGHT"));
    let sy = Filter { country: Some("SY".into()), ..all() };
    assert_eq!(store.query(&sy, 100, 0).await.unwrap().1 as usize, in_syria.len());
    let q = Filter { q: Some("fuel tax".into()), ..all() };
    let (t, _) = store.query(&q, 100, 0).await.unwrap();
    assert!(!t.is_empty() && t.iter().all(|e| e.properties["sentence"].as_str().unwrap().contains("fuel tax")));
    let hostile = Filter { q: Some("\"unbalanced AND OR NEAR(".into()), ..all() };
    assert!(store.query(&hostile, 10, 0).await.is_ok(), "text search syntax from users cannot break the query");
    let dead = Filter { min_fatalities: Some(1), ..all() };
    let (d, _) = store.query(&dead, 100, 0).await.unwrap();
    assert!(!d.is_empty() && d.iter().all(|e| e.properties["fatalities"].as_u64().unwrap() >= 1));
    let ru = Filter { actor: Some("RU".into()), ..all() };
    let (r, _) = store.query(&ru, 100, 0).await.unwrap();
    assert!(!r.is_empty() && r.iter().all(|e| e.properties["actors"].as_array().unwrap().iter().any(|x| x == "RU")));

    // Timeline counts add up; export streams exactly the matching events.
    let tl = store.timeline(&all(), None).await.unwrap();
    assert_eq!(tl.bins.iter().map(|b| b.count).sum::<u64>() + tl.undated, tl.total);
    assert_eq!(tl.total, n);
    let (tx, mut rx) = tokio::sync::mpsc::channel(2);
    let s2 = store.clone();
    let job = tokio::spawn(async move { s2.export(&all(), tx).await });
    let mut exported = 0;
    while let Some(b) = rx.recv().await {
        exported += b.len();
    }
    job.await.unwrap().unwrap();
    assert_eq!(exported as u64, n);

    // By default only events with a place are returned.
    let (_, located_n) = store.query(&Filter::default(), 1, 0).await.unwrap();
    assert_eq!(located_n, store.stats().await.unwrap().located);
    // Clusters add up to the located events.
    let located = store.stats().await.unwrap().located;
    let cl = store.clusters(&all(), 10.0).await.unwrap();
    assert_eq!(cl.iter().map(|c| c.count).sum::<u64>(), located);

    // Articles.
    let (arts_page, total) = store.articles(10, 0).await.unwrap();
    assert_eq!((arts_page.len(), total), (4, 4));
    assert!(store.article(&arts_page[0].id).await.unwrap().is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_store_suite() {
    let dir = tempfile::tempdir().unwrap();
    let store = dateline::store::open(dir.path().join("t.db").to_str().unwrap()).await.unwrap();
    suite(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_store_reopens_with_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    {
        let store = dateline::store::open(path.to_str().unwrap()).await.unwrap();
        for p in processed(ARTICLES) {
            store.put_article(&p).await.unwrap();
        }
    }
    let store = dateline::store::open(path.to_str().unwrap()).await.unwrap();
    assert_eq!(store.stats().await.unwrap().articles, 4);
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.db");
    std::fs::write(&path, "this is not a database, just some text that is long enough to look like a header").unwrap();
    let err = dateline::store::open(path.to_str().unwrap()).await.err().expect("refused");
    assert!(err.to_string().contains("notes.db") || err.to_string().contains("database"), "{err}");
}

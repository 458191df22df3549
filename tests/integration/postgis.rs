//! The PostGIS backend against a real PostgreSQL server (see `pg.rs`): the store suite that
//! SQLite passes, the API checks, the OGC conformance suite, bulk ingest, migrations, the view
//! for GIS tools, and the same samples giving the same events as in SQLite.

use super::pg::PgCluster;
use dateline::store::{Filter, PutOutcome, StoreError};
use std::collections::BTreeSet;

async fn client(url: &str) -> tokio_postgres::Client {
    let (c, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls).await.unwrap();
    tokio::spawn(conn);
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgis_store_suite() {
    let Some(pg) = PgCluster::start() else { return };
    let store = dateline::store::open(&pg.fresh_db().await).await.unwrap();
    super::store::suite(store).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgis_api_and_conformance() {
    let Some(pg) = PgCluster::start() else { return };
    super::api::all_checks(&super::api::Backend::Postgis(&pg)).await;
    let db = pg.fresh_db().await;
    let work = tempfile::tempdir().unwrap();
    tokio::task::spawn_blocking(move || super::ogc::run_ogctests(&db, work.path())).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgis_migrations_run_once_and_refuse_a_newer_schema() {
    let Some(pg) = PgCluster::start() else { return };
    let url = pg.fresh_db().await;
    // Two processes opening a new database at once: the advisory lock lets one migrate.
    let (a, b) = tokio::join!(dateline::store::open(&url), dateline::store::open(&url));
    let a = a.unwrap();
    b.unwrap();
    for p in super::store::processed(super::store::ARTICLES) {
        a.put_article(&p).await.unwrap();
    }
    drop(a);
    let again = dateline::store::open(&url).await.unwrap();
    assert_eq!(again.stats().await.unwrap().articles, 4, "data survives a reopen");
    let c = client(&url).await;
    let n: i64 = c.query_one("SELECT COUNT(*) FROM dateline_schema", &[]).await.unwrap().get(0);
    assert_eq!(n, 1, "each migration is recorded once");
    // A view GIS tools read: located events with every GeoJSON property as a column.
    let cols: Vec<String> = c
        .query("SELECT column_name FROM information_schema.columns WHERE table_name = 'events_geo'", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let sample = super::store::processed(super::store::ARTICLES);
    let e = &sample[0].events[0];
    let props = dateline::export::event_properties(e, &sample[0].article);
    for key in props.as_object().unwrap().keys() {
        let skip = ["trigger_start", "trigger_end", "place_start", "place_end"].contains(&key.as_str());
        assert!(skip || cols.iter().any(|c| c == key), "the view has a column for {key}: {cols:?}");
    }
    let rows = c
        .query("SELECT type, ST_X(geom), ST_Y(geom), ST_SRID(geom), place_name, article_title FROM events_geo WHERE country = 'SY'", &[])
        .await
        .unwrap();
    assert!(!rows.is_empty());
    for r in &rows {
        let (x, y, srid): (f64, f64, i32) = (r.get(1), r.get(2), r.get(3));
        assert!((x - 37.16).abs() < 0.5 && (y - 36.2).abs() < 0.5 && srid == 4326, "{x} {y} {srid}");
        assert!(r.get::<_, Option<String>>(4).is_some());
    }
    // The planner has the indexes the server's queries need.
    let plan: Vec<String> = c
        .query("EXPLAIN SELECT id FROM events e WHERE e.geom && ST_MakeEnvelope(35, 32, 42, 38, 4326)", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    let idx: Vec<String> = c.query("SELECT indexname FROM pg_indexes WHERE tablename = 'events'", &[]).await.unwrap().iter().map(|r| r.get(0)).collect();
    for want in ["events_geom", "events_day", "events_tsv", "events_actors"] {
        assert!(idx.iter().any(|i| i == want), "{want} in {idx:?} ({plan:?})");
    }
    // A schema newer than this program is refused, not damaged.
    c.execute("INSERT INTO dateline_schema (version) VALUES (99)", &[]).await.unwrap();
    match dateline::store::open(&url).await {
        Err(StoreError::TooNew { found: 99, .. }) => {}
        Err(e) => panic!("wrong error: {e}"),
        Ok(_) => panic!("a newer schema was opened"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgis_batches_give_the_outcomes_of_one_by_one() {
    let Some(pg) = PgCluster::start() else { return };
    let arts = super::store::processed(super::store::ARTICLES);
    let changed = super::store::ARTICLES.lines().next().unwrap().replace("Trois civils", "Quatre civils");
    let changed = super::store::processed(&changed).remove(0);
    // In one batch: four new articles, a repeat of one, and a new version of the first.
    let mut batch = arts.clone();
    batch.push(arts[1].clone());
    batch.push(changed.clone());
    let expected = [
        PutOutcome::Inserted,
        PutOutcome::Inserted,
        PutOutcome::Inserted,
        PutOutcome::Inserted,
        PutOutcome::Skipped,
        PutOutcome::Replaced,
    ];
    let store = dateline::store::open(&pg.fresh_db().await).await.unwrap();
    let got: Vec<PutOutcome> = store.put_articles(&batch).await.into_iter().map(Result::unwrap).collect();
    assert_eq!(got, expected);
    let one_by_one = dateline::store::open(&pg.fresh_db().await).await.unwrap();
    let mut singles = Vec::new();
    for p in &batch {
        singles.push(one_by_one.put_article(p).await.unwrap());
    }
    assert_eq!(singles, expected);
    let (s1, s2) = (store.stats().await.unwrap(), one_by_one.stats().await.unwrap());
    assert_eq!(s1, s2);
    assert_eq!(s1.articles, 4);
    let expected_events: usize = arts[1..].iter().map(|p| p.events.len()).sum::<usize>() + changed.events.len();
    assert_eq!(s1.events as usize, expected_events, "the replaced version's events are gone");
    // The same batch again changes nothing.
    let again: Vec<PutOutcome> = store.put_articles(&batch).await.into_iter().map(Result::unwrap).collect();
    assert!(again.iter().all(|o| *o == PutOutcome::Skipped || *o == PutOutcome::Replaced), "{again:?}");
    assert_eq!(store.stats().await.unwrap(), s1);
}

/// The samples ingested by the command line into SQLite and into PostGIS give the same events.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgis_and_sqlite_hold_the_same_samples() {
    let Some(pg) = PgCluster::start() else { return };
    let url = pg.fresh_db().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.db");
    let samples = super::util::root().join("samples");
    for db in [url.as_str(), file.to_str().unwrap()] {
        let o = super::util::run(&["ingest", samples.to_str().unwrap(), "--db", db]);
        assert!(o.status.success(), "{db}: {}", super::util::stderr(&o));
    }
    let a = dateline::store::open(&url).await.unwrap();
    let b = dateline::store::open(file.to_str().unwrap()).await.unwrap();
    assert_eq!(a.stats().await.unwrap(), b.stats().await.unwrap());
    let all = Filter { include_unlocated: true, ..Filter::default() };
    let ids = |v: Vec<dateline::store::StoredEvent>| v.into_iter().map(|e| e.id).collect::<BTreeSet<_>>();
    let (ea, na) = a.query(&all, 10_000, 0).await.unwrap();
    let (eb, nb) = b.query(&all, 10_000, 0).await.unwrap();
    assert_eq!(na, nb);
    assert_eq!(ids(ea), ids(eb));
    // Filters agree too.
    for f in [
        Filter { bbox: Some(dateline::store::Bbox::parse("-10,35,30,60").unwrap()), ..Filter::default() },
        Filter { datetime: Some(dateline::store::DateRange::parse("2026-02-01/2026-03-31").unwrap()), ..Filter::default() },
        Filter { types: vec![dateline::pipeline::events::EventType::Protest], country: Some("FR".into()), ..all.clone() },
    ] {
        let (x, nx) = a.query(&f, 10_000, 0).await.unwrap();
        let (y, ny) = b.query(&f, 10_000, 0).await.unwrap();
        assert_eq!((nx, ids(x)), (ny, ids(y)), "{f:?}");
    }
    // Text search: PostgreSQL also stems in the article's language, so "manifestation" finds
    // "manifestations" and "manifesté" where SQLite matches the word as typed; it finds
    // everything SQLite does, and more.
    let q = Filter { q: Some("manifestation".into()), ..all.clone() };
    let (x, _) = a.query(&q, 10_000, 0).await.unwrap();
    let (y, _) = b.query(&q, 10_000, 0).await.unwrap();
    let (x, y) = (ids(x), ids(y));
    assert!(!y.is_empty() && y.is_subset(&x), "{y:?} within {x:?}");
    assert!(x.len() > y.len(), "stemming finds more: {x:?}");
    assert_eq!(a.timeline(&all, None).await.unwrap(), b.timeline(&all, None).await.unwrap());
}

#[tokio::test]
async fn an_unreachable_server_is_a_clear_error() {
    // Port 1 on loopback: nothing listens there.
    let err = dateline::store::open("postgres://nobody@127.0.0.1:1/nothing").await.err().expect("refused");
    let msg = err.to_string();
    assert!(msg.contains("PostgreSQL") && (msg.contains("refused") || msg.contains("connect")), "{msg}");
    let err = dateline::store::open("postgres://a@b:notaport/x").await.err().expect("refused");
    assert!(err.to_string().contains("URL"), "{err}");
}

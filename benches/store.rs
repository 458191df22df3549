//! Speed of the SQLite store behind the API, with a million synthetic events: `items`-style
//! queries (a bbox and a one-month datetime, up to 1,000 features), timeline, and a full
//! export. Run with `cargo bench --bench store` (set DATELINE_BENCH_EVENTS to change the size);
//! BENCHMARKS.md records the figures and the method.

mod common;
use common::pct;

use dateline::store::sqlite::SqliteStore;
use dateline::store::{Bbox, DateRange, EventStore, Filter};
use std::time::Instant;

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn f(&mut self) -> f64 {
        (self.next() % 1_000_000) as f64 / 1_000_000.0
    }
}

const TYPES: [&str; 6] = ["FIGHT", "ASSAULT", "PROTEST", "CONSULT", "AID", "DEMAND"];

fn seed(path: &std::path::Path, n: usize) {
    let _store = SqliteStore::open(path).expect("open store");
    let mut c = rusqlite::Connection::open(path).unwrap();
    let mut rng = Rng(0x9e3779b97f4a7c15);
    let tx = c.transaction().unwrap();
    tx.execute("INSERT INTO articles (id, hash, title, body, ingested_at) VALUES ('bench', 'bench', 'Synthetic', '', datetime('now'))", []).unwrap();
    {
        let mut ins = tx.prepare("INSERT INTO events (id, article, type, day, lon, lat, country, precision, fatalities, actors, actor_names, props) VALUES (?1, 1, ?2, ?3, ?4, ?5, 'XX', 'city', ?6, ' XX ', 'bench', ?7)").unwrap();
        let mut rt = tx.prepare("INSERT INTO events_rtree (id, minx, maxx, miny, maxy, mind, maxd) VALUES (?1, ?2, ?2, ?3, ?3, ?4, ?4)").unwrap();
        for i in 0..n {
            // Clustered around 200 "cities", over three years.
            let city = rng.next() % 200;
            let clon = -180.0 + (city as f64 * 137.5) % 360.0;
            let clat = -60.0 + (city as f64 * 59.3) % 130.0;
            let lon = (clon + rng.f() * 2.0 - 1.0).clamp(-180.0, 180.0);
            let lat = (clat + rng.f() * 2.0 - 1.0).clamp(-90.0, 90.0);
            let day = 19_000 + (rng.next() % 1095) as i64;
            let ty = TYPES[(rng.next() % 6) as usize];
            let fat = (rng.next() % 10) as i64;
            let id = format!("bench-{i}");
            let props = format!(r#"{{"id":"{id}","type":"{ty}","date":null,"fatalities":{fat},"sentence":"Synthetic event number {i} for the benchmark.","place_name":"City {city}","country":"XX","actors":["XX"]}}"#);
            ins.execute(rusqlite::params![id, ty, day, lon, lat, fat, props]).unwrap();
            rt.execute(rusqlite::params![tx.last_insert_rowid(), lon, lat, day]).unwrap();
        }
    }
    tx.commit().unwrap();
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let n: usize = std::env::var("DATELINE_BENCH_EVENTS").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let t = Instant::now();
    seed(&path, n);
    println!("seeded {n} events in {:.1} s", t.elapsed().as_secs_f64());
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    rt.block_on(async {
        let store = SqliteStore::open(&path).unwrap();
        let mut rng = Rng(42);
        let mut lat_ms = Vec::new();
        let mut returned = 0u64;
        for _ in 0..500 {
            let lon = -170.0 + rng.f() * 320.0;
            let lat = -60.0 + rng.f() * 120.0;
            let bbox = Bbox { min_lon: lon, min_lat: lat, max_lon: lon + 20.0, max_lat: lat + 15.0 };
            let start = dateline::store::filter::from_day_number(19_000 + (rng.next() % 1060) as i64).unwrap();
            let end = start + chrono::Duration::days(30);
            let f = Filter { bbox: Some(bbox), datetime: Some(DateRange { start: Some(start), end: Some(end) }), ..Default::default() };
            let t = Instant::now();
            let (evs, _) = store.query(&f, 1000, 0).await.unwrap();
            lat_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            returned += evs.len() as u64;
        }
        println!(
            "items bbox 20x15 deg + 30 days, limit 1000: p50 {:.2} ms, p99 {:.2} ms, mean {:.0} features returned",
            pct(&mut lat_ms.clone(), 0.5),
            pct(&mut lat_ms, 0.99),
            returned as f64 / 500.0
        );
        let mut small = Vec::new();
        for i in 0..200 {
            let t = Instant::now();
            let f = Filter { types: vec![dateline::pipeline::events::EventType::Fight], ..Default::default() };
            let _ = store.query(&f, 10, i % 100).await.unwrap();
            small.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        println!("items type=FIGHT limit 10 (no bbox, counts all matches): p50 {:.2} ms, p99 {:.2} ms", pct(&mut small.clone(), 0.5), pct(&mut small, 0.99));
        let t = Instant::now();
        let tl = store.timeline(&Filter::default(), None).await.unwrap();
        println!("timeline over all events ({} bins): {:.0} ms", tl.bins.len(), t.elapsed().as_secs_f64() * 1000.0);
        let (tx, mut rx) = tokio::sync::mpsc::channel(4);
        let t = Instant::now();
        let s = std::sync::Arc::new(store);
        let s2 = s.clone();
        let job = tokio::spawn(async move { s2.export(&Filter::default(), tx).await });
        let mut count = 0usize;
        let mut bytes = 0usize;
        while let Some(b) = rx.recv().await {
            for e in b {
                bytes += serde_json::to_vec(&e.feature_ref()).unwrap().len();
                count += 1;
            }
        }
        job.await.unwrap().unwrap();
        let secs = t.elapsed().as_secs_f64();
        println!("export of {count} features as GeoJSON: {:.1} s, {:.0} features/s, {:.0} MB", secs, count as f64 / secs, bytes as f64 / 1e6);
    });
}
